internal import GRDB
import RuminateText

/// FTS5 tokenizer `ruminate`: the project's one text-analysis policy (`TextAnalyzer`), so FTS5's phrase
/// and boolean engine sees exactly the terms the ranking path indexes, for documents and queries alike.
/// Stopwords are kept here (phrases need them); the ranking path drops them.
final class AnalyzerFTS5Tokenizer: FTS5CustomTokenizer {
    static let name = "ruminate"
    private let analyzer: TextAnalyzer

    init(db: Database, arguments: [String]) throws {
        analyzer = TextAnalyzer()
    }

    func tokenize(
        context: UnsafeMutableRawPointer?,
        tokenization: FTS5Tokenization,
        pText: UnsafePointer<CChar>?,
        nText: CInt,
        tokenCallback: @escaping FTS5TokenCallback
    ) -> CInt {
        guard let pText, nText > 0 else { return 0 }  // SQLITE_OK
        let bytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(pText).assumingMemoryBound(to: UInt8.self), count: Int(nText))
        var status: CInt = 0
        func emit(_ token: AnalyzedToken) {
            guard status == 0 else { return }
            var term = token.term
            status = term.withUTF8 { termBytes in
                termBytes.withMemoryRebound(to: CChar.self) { chars in
                    tokenCallback(
                        context, 0, chars.baseAddress, CInt(chars.count), CInt(token.utf8Start), CInt(token.utf8End))
                }
            }
        }
        if tokenization.contains(.document), let tokens = TokenReplay.current.tokens(for: bytes) {
            for token in tokens { emit(token) }
        } else {
            analyzer.analyze(utf8: bytes) { emit($0) }
        }
        return status
    }
}
