internal import CLibXML2
import RuminateCore

/// HTML through libxml2's forgiving parser (`htmlCtxtReadMemory`: `htmlReadMemory` with a context of
/// our own, whose last error tells when libxml2 stopped early). The bytes are decoded by `TextDecoding`
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
        _ = LibXML.ready
        guard let context = htmlNewParserCtxt() else {
            throw RuminateError(.storage, "libxml2 could not allocate a parser context for \(sourceName)")
        }
        defer { htmlFreeParserCtxt(context) }
        let decoded = TextDecoding.decode(data, markup: .html)
        let utf8 = Array(decoded.text.utf8)
        let document = utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlCtxtReadMemory(
                    context, chars.baseAddress, Int32(chars.count), nil, "UTF-8",
                    Self.options | Int32(HTML_PARSE_IGNORE_ENC.rawValue))
            }
        }
        var warnings = decoded.warning.map { ["\(sourceName): \($0)"] } ?? []
        if let halt = Self.haltMessage(context) {
            warnings.append("\(sourceName): libxml2 stopped early (\(halt)); text after that point is missing")
        }
        guard let document, let root = xmlDocGetRootElement(document) else {
            if let document { xmlFreeDoc(document) }
            return ParseResult(
                documents: [ExtractedDocument(text: "", blocks: [])], warnings: warnings + ["\(sourceName): no HTML content"])
        }
        defer { xmlFreeDoc(document) }

        var assembler = TextAssembler()
        HTMLTextExtractor.extract(from: root, into: &assembler)
        let (text, blocks) = assembler.finish()
        var head = Self.headFacts(root)
        head.metadata.merge(decoded.metadata) { own, _ in own }
        var title = head.title
        if title == nil, let heading = blocks.first(where: { $0.headingLevel == 1 }) {
            title = text.slice(heading.span)
        }
        let extracted = ExtractedDocument(title: title, text: text, blocks: blocks, metadata: head.metadata)
        return ParseResult(documents: [extracted], warnings: warnings)
    }

    /// libxml2's message when it gave up before the end of the input (e.g. nesting deeper than 256 levels).
    /// The parser halts right after such an error, so it is the context's last one.
    static func haltMessage(_ context: htmlParserCtxtPtr) -> String? {
        let error = context.pointee.lastError
        let halting = [XML_ERR_INTERNAL_ERROR, XML_ERR_NO_MEMORY].map { Int32($0.rawValue) }
        guard halting.contains(error.code) else { return nil }
        let message = error.message.map { String(cString: $0) }?.trimmed(of: [" ", "\n"]) ?? "error \(error.code)"
        return "line \(error.line): \(message)"
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
        } exit: { _ in }
        return (title, metadata)
    }
}
