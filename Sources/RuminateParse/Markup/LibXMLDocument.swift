internal import CLibXML2
import RuminateCore

/// A tree libxml2 parsed from UTF-8 bytes, and its owner: the tree is freed with this object, the parser
/// context as soon as the read is done. Each read has its own context (and, for XML, its own error
/// collector), never a global handler, so reads can run on several threads.
///
/// The tree is reached only inside `withRoot`, so no node pointer outlives the document (Swift may end an
/// object's life at its last use, before pointers taken from it are done with).
final class LibXMLDocument {
    private let document: xmlDocPtr
    private let root: xmlNodePtr

    private init(document: xmlDocPtr, root: xmlNodePtr) {
        self.document = document
        self.root = root
    }

    deinit { xmlFreeDoc(document) }

    /// Runs `body` on the root element while the tree is alive.
    func withRoot<Result, Failure: Error>(_ body: (xmlNodePtr) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(root)
    }

    /// Locked-down XML: no network (`NONET`), no entity substitution (so no XXE and no billion-laughs
    /// expansion), no DTD loading, no huge-document mode; `LibXML.ready` also refuses every external entity load.
    static let xmlOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)

    /// Reads well-formed XML (already decoded to UTF-8; any `encoding=` declaration is ignored). A document
    /// libxml2 refuses throws its first error (`.hostileInput` for an entity loop); one without a root element
    /// throws `.malformedInput` with `noRootHint`. Returns the tree and libxml2's warnings.
    static func readXML(
        _ utf8: [UInt8], sourceName: String, noRootHint: String
    ) throws(RuminateError) -> (document: LibXMLDocument, warnings: [String]) {
        _ = LibXML.ready
        guard let context = xmlNewParserCtxt() else {
            throw RuminateError(.storage, "libxml2 could not allocate a parser context for \(sourceName)")
        }
        defer { xmlFreeParserCtxt(context) }
        let errors = LibXMLErrorCollector()
        let document = errors.collecting(on: context) {
            utf8.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    xmlCtxtReadMemory(
                        context, chars.baseAddress, Int32(chars.count), nil, "UTF-8",
                        xmlOptions | Int32(XML_PARSE_IGNORE_ENC.rawValue))
                }
            }
        }
        guard let document, context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            throw errors.xmlError(sourceName: sourceName)
        }
        guard let root = xmlDocGetRootElement(document) else {
            xmlFreeDoc(document)
            throw RuminateError(.malformedInput, "\(sourceName) has no root element", hint: noRootHint)
        }
        return (LibXMLDocument(document: document, root: root), errors.warnings)
    }

    /// Reads HTML with libxml2's forgiving parser under `options` (`htmlCtxtReadMemory`: `htmlReadMemory`
    /// with a context of our own, whose last error tells when libxml2 stopped early). The document is nil
    /// when nothing with a root element came out; `haltMessage` says why libxml2 gave up before the end, if it did.
    static func readHTML(
        _ utf8: [UInt8], options: Int32, sourceName: String
    ) throws(RuminateError) -> (document: LibXMLDocument?, haltMessage: String?) {
        _ = LibXML.ready
        guard let context = htmlNewParserCtxt() else {
            throw RuminateError(.storage, "libxml2 could not allocate a parser context for \(sourceName)")
        }
        defer { htmlFreeParserCtxt(context) }
        let document = utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
            }
        }
        let halt = haltMessage(context)
        guard let document else { return (nil, halt) }
        guard let root = xmlDocGetRootElement(document) else {
            xmlFreeDoc(document)
            return (nil, halt)
        }
        return (LibXMLDocument(document: document, root: root), halt)
    }

    /// libxml2's message when it gave up before the end of the input (e.g. nesting deeper than 256 levels).
    /// The parser halts right after such an error, so it is the context's last one.
    private static func haltMessage(_ context: htmlParserCtxtPtr) -> String? {
        let error = context.pointee.lastError
        let halting = [XML_ERR_INTERNAL_ERROR, XML_ERR_NO_MEMORY].map { Int32($0.rawValue) }
        guard halting.contains(error.code) else { return nil }
        let message = error.message.map { String(cString: $0) }?.trimmed(of: [" ", "\n"]) ?? "error \(error.code)"
        return "line \(error.line): \(message)"
    }
}
