import RuminateCore

/// Which ranking a search uses: what a caller asks for (`--mode`, the HTTP `mode` parameter, the MCP tools'
/// `mode` argument). Every front end parses it with `SearchMode(parsing:)` and lists `allCases`.
public enum SearchMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// BM25F over the lexicon.
    case lexical
    /// Cosine similarity of sentence embeddings.
    case vector
    /// Reciprocal-rank fusion of both (the default when the index has vectors and the model is present).
    case hybrid

    /// A mode from user text, spelt exactly as `rawValue` (what the OpenAPI document and the MCP schemas list, and
    /// the CLI's `--mode` accepts); anything else is an error that names the choices.
    public init(parsing text: String) throws(RuminateError) {
        guard let mode = SearchMode(rawValue: text) else {
            throw RuminateError(
                .invalidArgument, "mode must be \(Self.choices) (got \"\(text)\")",
                hint: "modes are spelt in lower case, as the API's schema lists them")
        }
        self = mode
    }

    /// "lexical, vector or hybrid": the modes as a sentence, for messages and help.
    public static var choices: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

/// Which engine ranked a search's hits: the `engine` field of search results.
public enum Engine: String, Sendable, Hashable, Codable, CaseIterable {
    /// BM25F over the lexicon segments.
    case bm25f
    /// Exact nearest neighbours over the vector segments.
    case vector
    /// Reciprocal-rank fusion of the lexical and vector rankings.
    case hybrid
    /// The store's full-text engine: the advanced syntax (`--fts`), or the fallback for a query of stopwords only.
    case fts5

    /// Whether scores are nearly flat across the top hits (cosine, fused ranks), unlike BM25's.
    public var hasFlatScores: Bool { self == .vector || self == .hybrid }
}
