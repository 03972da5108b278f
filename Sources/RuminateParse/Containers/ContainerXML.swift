internal import CLibXML2
import RuminateCore

/// The XML parts of a zip container (an OPF, `word/document.xml`, `content.xml`, ...), read with the same
/// locked-down options as `XMLParser` (`LibXMLDocument.readXML`: no network, no entity substitution, so no
/// XXE and no entity expansion, no DTD loading), and helpers over their trees.
///
/// Names are matched by local name, whatever the prefix (`w:p`, `text:p`, `dc:title`): these formats
/// fix their vocabularies, and real files use varied prefixes.
enum ContainerXML {
    /// `partName` names the entry in messages (`book.epub!/OEBPS/content.opf`).
    static func parse(_ bytes: [UInt8], partName: String) throws(RuminateError) -> LibXMLDocument {
        if ZipSniffer.startsLikeZip(bytes) {
            throw RuminateError(
                .malformedInput, "\(partName) is itself a zip archive; nested archives are not read",
                hint: "the container is malformed or hostile")
        }
        let utf8 = Array(TextDecoding.decode(bytes, markup: .xml).text.utf8)
        return try LibXMLDocument.readXML(utf8, sourceName: partName, noRootHint: "the container is malformed").document
    }

    // MARK: - Tree helpers

    /// The element's name without its namespace prefix, exactly as written (`pStyle`, `outline-level`).
    static func localName(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name)
    }

    /// The element's namespace URI, if it has one.
    static func namespace(_ node: xmlNodePtr) -> String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    /// The element children of `node`, in order.
    static func children(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    static func child(_ node: xmlNodePtr, _ name: String) -> xmlNodePtr? {
        children(node).first { localName($0) == name }
    }

    /// Every element named `name` below `root` (itself included), in document order.
    static func descendants(_ root: xmlNodePtr, _ name: String) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        LibXML.walk(root) { node in
            guard node.pointee.type == XML_ELEMENT_NODE else { return false }
            if localName(node) == name { found.append(node) }
            return true
        } exit: { _ in
        }
        return found
    }

    /// An attribute by local name, whatever its namespace (`w:val`, `text:outline-level`).
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        LibXML.attribute(node, name)
    }

    /// Whether an entity reference below `root` names an entity the document never declared.
    static func hasUndeclaredEntityReference(below root: xmlNodePtr) -> Bool {
        var found = false
        LibXML.walk(root) { node in
            if node.pointee.type == XML_ENTITY_REF_NODE, node.pointee.children == nil { found = true }
            return !found && node.pointee.type == XML_ELEMENT_NODE
        } exit: { _ in
        }
        return found
    }

    /// The element's text, whitespace collapsed; nil when empty.
    static func text(_ node: xmlNodePtr) -> String? {
        let text = LibXML.collapsedText(node)
        return text.isEmpty ? nil : text
    }

    /// Title, creators and language from Dublin Core elements (`dc:title`, `dc:creator`, `dc:language`)
    /// below `root`, the way OPF metadata, DOCX core properties and ODF meta.xml all carry them.
    static func dublinCore(below root: xmlNodePtr) -> (title: String?, metadata: [String: String]) {
        var metadata: [String: String] = [:]
        let creators = descendants(root, "creator").compactMap(text)
        if !creators.isEmpty { metadata["author"] = creators.joined(separator: ", ") }
        if let language = descendants(root, "language").lazy.compactMap(text).first { metadata["lang"] = language }
        if let description = descendants(root, "description").lazy.compactMap(text).first {
            metadata["description"] = description
        }
        return (descendants(root, "title").lazy.compactMap(text).first, metadata)
    }
}

extension ZipArchive {
    /// A part the format cannot do without: missing, damaged or hostile, it refuses the file.
    mutating func requiredXML(_ name: String, format: String) throws(RuminateError) -> LibXMLDocument {
        try ContainerXML.parse(read(name, requiredBy: format), partName: partName(name))
    }

    /// A part the text does not depend on (styles, metadata, notes): nil when absent, skipped with a warning
    /// when damaged; a hostile one (zip bomb, entity bomb) still refuses the whole file.
    mutating func optionalXML(_ name: String) throws(RuminateError) -> LibXMLDocument? {
        do throws(RuminateError) {
            guard let bytes = try readIfPresent(name) else { return nil }
            return try ContainerXML.parse(bytes, partName: partName(name))
        } catch  where error.code == .tooLarge || error.code == .hostileInput || error.code == .storage {
            throw error
        } catch {
            warn("a damaged part was skipped: \(error.message)")
            return nil
        }
    }
}
