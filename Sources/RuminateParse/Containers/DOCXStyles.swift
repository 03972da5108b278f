internal import CLibXML2

/// The paragraph styles of a DOCX (`word/styles.xml`), as far as text structure needs them: which styles
/// make headings, and which make list items.
///
/// A paragraph names its style by id (`Heading1`, or `berschrift1` in a German Word); the style's name
/// is the built-in English one (`heading 1`, `Title`) whatever the language, so levels come from names,
/// then from the style's outline level, then from the style it is based on.
struct DOCXStyles {
    struct Style {
        var name: String?
        var basedOn: String?
        /// `w:outlineLvl` (0-based; 9 means body text).
        var outlineLevel: Int?
        /// Whether the style itself numbers its paragraphs (`List Bullet`, `List Number`).
        var numbers: Bool?
    }

    private(set) var styles: [String: Style] = [:]

    init() {}

    init(root: xmlNodePtr) {
        for element in ContainerXML.children(root) where ContainerXML.localName(element) == "style" {
            guard ContainerXML.attribute(element, "type") ?? "paragraph" == "paragraph",
                let id = ContainerXML.attribute(element, "styleId")
            else { continue }
            var style = Style()
            style.name = ContainerXML.child(element, "name").flatMap { ContainerXML.attribute($0, "val") }
            style.basedOn = ContainerXML.child(element, "basedOn").flatMap { ContainerXML.attribute($0, "val") }
            if let properties = ContainerXML.child(element, "pPr") {
                style.outlineLevel = Self.outlineLevel(properties)
                style.numbers = Self.numbering(properties)
            }
            if styles[id] == nil { styles[id] = style }
        }
    }

    /// The heading level a paragraph of style `id` has, or nil for body text. Without a styles part the
    /// id itself is read as a name (`Heading2`, `Title`).
    func headingLevel(styleID id: String) -> Int? {
        var current: String? = id
        var steps = 0
        while let currentID = current, steps < 16 {
            guard let style = styles[currentID] else { return Self.headingLevel(name: currentID) }
            if let level = style.name.flatMap(Self.headingLevel(name:)) { return level }
            if let outline = style.outlineLevel { return outline < 9 ? outline + 1 : nil }
            current = style.basedOn
            steps += 1
        }
        return nil
    }

    /// Whether paragraphs of style `id` are list items through the style's own numbering.
    func numbersParagraphs(styleID id: String) -> Bool {
        var current: String? = id
        var steps = 0
        while let currentID = current, let style = styles[currentID], steps < 16 {
            if let numbers = style.numbers { return numbers }
            current = style.basedOn
            steps += 1
        }
        return false
    }

    /// `heading 3` / `Heading3` → 3, `Title` → 1 (case and spaces ignored).
    static func headingLevel(name: String) -> Int? {
        let compact = name.lowercased().filter { $0 != " " }
        if compact == "title" { return 1 }
        guard compact.hasPrefix("heading"), let level = Int(compact.dropFirst(7)), (1...9).contains(level) else {
            return nil
        }
        return level
    }

    /// `w:outlineLvl w:val` of a `w:pPr`.
    static func outlineLevel(_ properties: xmlNodePtr) -> Int? {
        ContainerXML.child(properties, "outlineLvl").flatMap { ContainerXML.attribute($0, "val") }.flatMap { Int($0) }
            .map { min(max($0, 0), 9) }
    }

    /// Whether a `w:pPr` numbers its paragraph: true for a `w:numPr` with a non-zero `w:numId`, false for
    /// `w:numId w:val="0"` (numbering switched off), nil when it says nothing.
    static func numbering(_ properties: xmlNodePtr) -> Bool? {
        guard let numbering = ContainerXML.child(properties, "numPr") else { return nil }
        // Without `w:numId` the numbering comes from the style.
        guard let id = ContainerXML.child(numbering, "numId").flatMap({ ContainerXML.attribute($0, "val") }) else {
            return nil
        }
        return id.trimmingSpaces != "0"
    }
}
