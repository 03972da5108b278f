import Foundation
import RuminateIndex

/// How rare terms are in an index: document frequencies from the lexicon's postings and Lucene's BM25 idf,
/// the one formula that BM25F, question analysis (Compose) and research's term weights share. Holds a
/// postings-block cache: one per thread, like `Searcher`.
public final class DocumentFrequencies {
    private let index: any IndexStore
    private let cache: LexiconCache

    public init(index: any IndexStore, cacheBytes: Int = 32 << 20) {
        self.index = index
        self.cache = LexiconCache(maximumBytes: cacheBytes)
    }

    /// The idf of each term from one consistent view of the index; a term the index lacks gets the largest.
    public func inverseDocumentFrequencies(_ terms: [String]) throws -> [String: Double] {
        try index.read { session in try Self.inverseDocumentFrequencies(terms, in: session, cache: cache) }
    }

    /// The idf of each term in `session`, reading postings through `cache` (which keeps only live segments).
    public static func inverseDocumentFrequencies(_ terms: [String], in session: any IndexReading, cache: LexiconCache?)
        throws -> [String: Double]
    {
        let passages = try session.lexiconStatistics().passageCount
        let segments = try session.lexiconSegments()
        cache?.retain(only: segments)
        var result: [String: Double] = [:]
        for term in terms {
            // Tombstoned passages still count here: a small, temporary overestimate of df.
            let df = try session.postingLists(of: term, in: segments, cache: cache).reduce(0) { $0 + $1.entryCount }
            result[term] = Self.idf(passages: passages, documentFrequency: df)
        }
        return result
    }

    /// Lucene's BM25 idf, `ln(1 + (N - df + 0.5) / (df + 0.5))`, never negative (df is capped at N).
    @inline(__always)
    public static func idf(passages: Int, documentFrequency: Int) -> Double {
        let n = Double(passages), df = Double(min(documentFrequency, passages))
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }
}
