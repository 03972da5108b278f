internal import CLibXML2
import RuminateCore

/// Generic XML through libxml2, locked down against hostile documents: no network (`NONET`), no
/// entity substitution (so no XXE and no billion-laughs expansion), no DTD loading, no huge-document
/// mode; `LibXML.ready` also refuses every external entity load. Each parse has its own parser
/// context and error collector: no global error handler, so parses can run on several threads.
struct XMLParser: DocumentParser {
    var limits: ParseLimits

    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        try limits.checkSize(data, sourceName: sourceName)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw RuminateError(.malformedInput, "\(sourceName) is empty: no XML document", hint: "check the file")
        }
        _ = LibXML.ready
        guard let context = xmlNewParserCtxt() else {
            throw RuminateError(.storage, "libxml2 could not allocate a parser context for \(sourceName)")
        }
        defer { xmlFreeParserCtxt(context) }
        let errors = LibXMLErrorCollector()
        // Decoded here (BOM, `encoding=` declaration, detection) and read by libxml2 as UTF-8.
        let decoded = TextDecoding.decode(data, markup: .xml)
        let utf8 = Array(decoded.text.utf8)
        let document = errors.collecting(on: context) {
            utf8.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    xmlCtxtReadMemory(
                        context, chars.baseAddress, Int32(chars.count), nil, "UTF-8",
                        Self.options | Int32(XML_PARSE_IGNORE_ENC.rawValue))
                }
            }
        }
        guard let document, context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            throw errors.xmlError(sourceName: sourceName)
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            throw RuminateError(.malformedInput, "\(sourceName) has no root element", hint: "check the file")
        }

        var assembler = TextAssembler()
        let outcome = XMLTextExtractor.extract(from: root, entityBudget: limits.maxEntityTextBytes, into: &assembler)
        var title = outcome.title
        let (text, blocks) = assembler.finish()
        if title == nil, let heading = blocks.first(where: { $0.headingLevel != nil }) {
            title = text.slice(heading.span)
        }
        var metadata = decoded.metadata
        if let lang = xmlNodeGetLang(root) {
            defer { ruminate_xmlFree(lang) }
            metadata["lang"] = String(cString: lang)
        }
        var warnings = (decoded.warning.map { [$0] } ?? []).map { "\(sourceName): \($0)" }
        warnings += errors.warnings.map { "\(sourceName): \($0)" }
        if outcome.entityBudgetExhausted {
            warnings.append(
                "\(sourceName): entity references past \(limits.maxEntityTextBytes) bytes of entity text were left out")
        }
        return ParseResult(
            documents: [ExtractedDocument(title: title, text: text, blocks: blocks, metadata: metadata)],
            warnings: warnings)
    }
}
