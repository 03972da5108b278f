internal import CLibXML2
import RuminateCore

/// Collects libxml2's errors for one XML parse through the parser context's own structured-error hook
/// (never the global one, which other threads' parses would share). HTML contexts never call that
/// hook (their SAX handler is not SAX2), so the HTML parser reads the context's last error instead.
final class LibXMLErrorCollector {
    struct Entry {
        var code: Int32
        var level: xmlErrorLevel
        var message: String
        var line: Int32
    }

    private(set) var firstFatal: Entry?
    private(set) var firstError: Entry?
    private(set) var warnings: [String] = []

    /// Runs `parse` with errors on `context` routed here.
    func collecting<T>(on context: xmlParserCtxtPtr, _ parse: () -> T) -> T {
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        context.pointee.sax.pointee.serror = { userData, error in
            guard let userData, let error else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let collector = context.pointee._private else { return }
            Unmanaged<LibXMLErrorCollector>.fromOpaque(collector).takeUnretainedValue().record(error.pointee)
        }
        defer { context.pointee._private = nil }
        return withExtendedLifetime(self) { parse() }
    }

    func record(_ error: xmlError) {
        let message =
            error.message.map { String(cString: $0) }?
            .trimmed(of: [" ", "\n"]) ?? "unknown libxml2 error \(error.code)"
        let entry = Entry(code: error.code, level: error.level, message: message, line: error.line)
        switch error.level {
        case XML_ERR_FATAL:
            if firstFatal == nil { firstFatal = entry }
        case XML_ERR_ERROR:
            if firstError == nil { firstError = entry }
        default:
            if warnings.count < 20 { warnings.append("line \(error.line): \(message)") }
        }
    }

    /// The error to throw for a document libxml2 refused.
    func xmlError(sourceName: String) -> RuminateError {
        guard let entry = firstFatal ?? firstError else {
            return RuminateError(.malformedInput, "\(sourceName) is not well-formed XML", hint: "check the file")
        }
        if entry.code == Int32(XML_ERR_ENTITY_LOOP.rawValue) {
            return RuminateError(
                .hostileInput, "\(sourceName): entity expansion refused at line \(entry.line): \(entry.message)",
                hint: "the document defines entities that expand exponentially (billion laughs); it is not indexed")
        }
        return RuminateError(
            .malformedInput, "\(sourceName) is not well-formed XML: line \(entry.line): \(entry.message)",
            hint: "fix the XML at that line, or index the file as text")
    }
}
