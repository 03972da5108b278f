internal import CLibXML2
import RuminateCore

/// HTML through libxml2's forgiving parser (`LibXMLDocument.readHTML`, which also tells when libxml2 stopped
/// early). The bytes are decoded by `TextDecoding`
/// first (BOM, `<meta charset>`, detection) and handed to libxml2 as UTF-8, its own charset sniffing off.
///
/// Title: `<title>`, else the first `<h1>`. Metadata: `lang` (from `<html lang>`), `description` and
/// `author` (from `<meta name=...>`), `charset` when the page was not UTF-8.
struct HTMLParser: DocumentParser {
    var limits: ParseLimits

    static let options = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        try limits.checkSize(data, sourceName: sourceName)
        let decoded = TextDecoding.decode(data, markup: .html)
        let read = try LibXMLDocument.readHTML(
            Array(decoded.text.utf8), options: Self.options | Int32(HTML_PARSE_IGNORE_ENC.rawValue),
            sourceName: sourceName)
        var warnings = decoded.warning.map { ["\(sourceName): \($0)"] } ?? []
        if let halt = read.haltMessage {
            warnings.append("\(sourceName): libxml2 stopped early (\(halt)); text after that point is missing")
        }
        guard let document = read.document else {
            return ParseResult(
                documents: [ExtractedDocument(text: "", blocks: [])],
                warnings: warnings + ["\(sourceName): no HTML content"])
        }

        var assembler = TextAssembler()
        var head = document.withRoot { root in
            HTMLTextExtractor.extract(from: root, into: &assembler)
            return Self.headFacts(root)
        }
        let (text, blocks) = assembler.finish()
        head.metadata.merge(decoded.metadata) { own, _ in own }
        var title = head.title
        if title == nil, let heading = blocks.first(where: { $0.headingLevel == 1 }) {
            title = text.slice(heading.span)
        }
        let extracted = ExtractedDocument(title: title, text: text, blocks: blocks, metadata: head.metadata)
        return ParseResult(documents: [extracted], warnings: warnings)
    }

    /// The first `<title>` (outside SVG) and the metadata found in `<html>` and `<meta>` elements.
    static func headFacts(_ root: xmlNodePtr) -> (title: String?, metadata: [String: String]) {
        var title: String?
        var metadata: [String: String] = [:]
        if let lang = LibXML.attribute(root, "lang") ?? LibXML.attribute(root, "xml:lang") {
            let trimmed = String(lang.trimmingSpaces)
            if !trimmed.isEmpty { metadata["lang"] = trimmed }
        }
        LibXML.walk(root) { node in
            guard node.pointee.type == XML_ELEMENT_NODE else { return false }
            switch LibXML.lowercasedName(node) {
            case "title":
                if title == nil {
                    let text = LibXML.collapsedText(node)
                    if !text.isEmpty { title = text }
                }
                return false
            case "meta":
                let name = LibXML.attribute(node, "name")?.lowercased() ?? ""
                if name == "description" || name == "author", metadata[name] == nil,
                    let content = LibXML.attribute(node, "content")
                {
                    let value = Lines.collapsed(Substring(content))
                    if !value.isEmpty { metadata[name] = value }
                }
                return false
            case "svg", "math", "script", "style", "template":
                return false
            default:
                return true
            }
        } exit: { _ in
        }
        return (title, metadata)
    }
}
