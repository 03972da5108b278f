import RuminateCore

/// What parsing one file gives: its documents (one, or one per member of a container such as JSONL)
/// and the problems that did not stop it (replaced bytes, skipped lines).
public struct ParseResult: Sendable {
    public var documents: [ExtractedDocument]
    public var warnings: [String]

    public init(documents: [ExtractedDocument], warnings: [String] = []) {
        self.documents = documents
        self.warnings = warnings
    }
}

/// Turns the bytes of one file into extracted documents. Every error thrown is a `RuminateError`.
public protocol DocumentParser: Sendable {
    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult
}
