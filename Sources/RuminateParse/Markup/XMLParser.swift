internal import CLibXML2
import RuminateCore

/// Generic XML through libxml2, locked down against hostile documents (`LibXMLDocument.readXML`: no network,
/// no entity substitution, no DTD loading; each parse with its own context and error collector).
struct XMLParser: DocumentParser {
    var limits: ParseLimits

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        try limits.checkSize(data, sourceName: sourceName)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            throw RuminateError(.malformedInput, "\(sourceName) is empty: no XML document", hint: "check the file")
        }
        // Decoded here (BOM, `encoding=` declaration, detection) and read by libxml2 as UTF-8.
        let decoded = TextDecoding.decode(data, markup: .xml)
        let (document, libxmlWarnings) = try LibXMLDocument.readXML(
            Array(decoded.text.utf8), sourceName: sourceName, noRootHint: "check the file")

        var assembler = TextAssembler()
        var metadata = decoded.metadata
        let outcome = document.withRoot { root in
            if let lang = xmlNodeGetLang(root) {
                defer { ruminate_xmlFree(lang) }
                metadata["lang"] = String(cString: lang)
            }
            return XMLTextExtractor.extract(from: root, entityBudget: limits.maxEntityTextBytes, into: &assembler)
        }
        var title = outcome.title
        let (text, blocks) = assembler.finish()
        if title == nil, let heading = blocks.first(where: { $0.headingLevel != nil }) {
            title = text.slice(heading.span)
        }
        var warnings = (decoded.warning.map { [$0] } ?? []).map { "\(sourceName): \($0)" }
        warnings += libxmlWarnings.map { "\(sourceName): \($0)" }
        if outcome.entityBudgetExhausted {
            warnings.append(
                "\(sourceName): entity references past \(limits.maxEntityTextBytes) bytes of entity text were left out")
        }
        return ParseResult(
            documents: [ExtractedDocument(title: title, text: text, blocks: blocks, metadata: metadata)],
            warnings: warnings)
    }
}
