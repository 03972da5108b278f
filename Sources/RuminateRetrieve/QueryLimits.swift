import RuminateCore
import RuminateText

/// How big a query may be, checked before any work is done for it. Set far above what a person types, so only
/// a machine-made or hostile query meets them; the request deadline (`QueryDeadline`) bounds what they let in.
///
/// - 10,000 characters (Unicode scalars) for any query, question or topic: a pasted page of text. Its words are
///   distinct terms at most, each costing one postings read.
/// - 64 words in a full-text (FTS5) expression, operators and column names counted: hand-written boolean queries
///   have a dozen. FTS5's ranking (`bm25()`) costs, per matching passage, its phrases times their occurrences
///   there (SQLite's `fts5CacheInstArray` looks through every phrase for each next occurrence): with 2,000
///   repeated words a query took 42 s; at 64 it takes milliseconds.
/// - 16 levels of parentheses in an FTS5 expression: FTS5 parses and evaluates nested groups recursively.
public enum QueryLimits {
    public static let maximumLength = 10_000
    public static let maximumFullTextWords = 64
    public static let maximumFullTextNesting = 16

    /// Throws `invalidQuery` when `query` is past a limit; a full-text expression is also held to its own
    /// (its words counted by `analyzer`, the index's analysis, by default a new one).
    public static func check(_ query: String, fullTextSyntax: Bool, analyzer: TextAnalyzer? = nil)
        throws(RuminateError)
    {
        var length = 0
        var depth = 0, deepest = 0
        var quoted = false
        for scalar in query.unicodeScalars {
            length += 1
            guard length <= maximumLength else {
                throw RuminateError(
                    .invalidQuery, "the query is longer than \(maximumLength) characters",
                    hint: "search for its key words")
            }
            // FTS5 strings are double-quoted ("" inside one is a quote): parentheses there are plain characters.
            switch scalar {
            case "\"": quoted.toggle()
            case "(" where !quoted:
                depth += 1
                deepest = max(deepest, depth)
            case ")" where !quoted: depth -= 1
            default: break
            }
        }
        guard fullTextSyntax else { return }
        guard deepest <= maximumFullTextNesting else {
            throw RuminateError(
                .invalidQuery,
                "the full-text query nests parentheses \(deepest) deep; at most \(maximumFullTextNesting) are allowed",
                hint: "flatten the expression")
        }
        // Every word the index's analysis sees is an FTS5 token (or an operator or column name): what the cost grows
        // with. The length bound above keeps this analysis cheap.
        let words = (analyzer ?? TextAnalyzer()).analyze(query).count
        guard words <= maximumFullTextWords else {
            throw RuminateError(
                .invalidQuery,
                "the full-text query has \(words) words; at most \(maximumFullTextWords) are allowed (operators and column names count)",
                hint: "split it into several searches, or drop --fts to rank plain words")
        }
    }
}
