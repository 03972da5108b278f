import Foundation
import RuminateCore
import RuminateIndex
import RuminateVector

/// Exact nearest-neighbour ranking over the index's vector segments: each segment's int8 scan plus
/// float32 rescoring (RuminateVector), the segments' results merged. Segments are immutable, so their
/// searchers are cached for the life of the ranker.
public final class VectorRanker: PassageRanker {
    private struct LoadedSegment {
        var passageIDs: [Int64]
        var search: ExactVectorSearch
    }

    private var segments: [Int64: LoadedSegment] = [:]
    private let files: VectorSegmentFiles
    /// The index the loaded segments came from; another index, or an older copy put back at its path, drops them.
    private var loadedFrom: IndexIdentity?

    /// `cacheFolder`: where the segments' mapped copies go (`IndexFiles.vectorCache`); read only, never written,
    /// unless `writesCache` (false for an index open read-only).
    init(cacheFolder: String, writesCache: Bool) {
        files = VectorSegmentFiles(folder: cacheFolder, writable: writesCache)
    }

    public var needsQueryEmbedding: Bool { true }

    public func rank(_ request: RankingRequest, in session: any IndexReading) throws -> Ranking {
        guard let embedding = request.embedding else { return Ranking(engine: .vector) }
        let passages = try rank(embedding.vector, in: session, limit: request.limit, deadline: request.deadline)
        // Every embedded passage has a similarity: fewer than asked means all of them were ranked.
        var ranking = Ranking(
            engine: .vector, passages: passages, scoredCount: passages.count < request.limit ? passages.count : Int.max)
        if request.explain {
            ranking.explanation = {
                ScoreExplanation(
                    value: $0.score,
                    description: "cosine similarity of the query's and the passage's embeddings (\(embedding.model))")
            }
        }
        return ranking
    }

    func rank(_ query: [Float], in session: any IndexReading, limit: Int, deadline: QueryDeadline? = nil) throws
        -> [RankedPassage]
    {
        let live = try session.vectorSegmentIDs()
        let identity = try session.indexIdentity()
        if loadedFrom.map({ !identity.continues($0) }) ?? true {
            segments = [:]
            files.prune(keeping: try live.compactMap { try session.vectorSegmentHeader(id: $0) })
        }
        loadedFrom = identity
        for id in segments.keys where !live.contains(id) { segments[id] = nil }
        let deleted = try session.deletedVectorPassages()
        var merged: [RankedPassage] = []
        for id in live {
            try deadline?.check()
            let segment = try loaded(id, session: session)
            let ids = segment.passageIDs
            var filter: (@Sendable (Int) -> Bool)?
            if !deleted.isEmpty {
                filter = { @Sendable row in !deleted.contains(ids[row]) }
            }
            for match in try segment.search.topK(query: query, k: limit, filter: filter, deadline: deadline) {
                merged.append(RankedPassage(passageID: ids[match.row], score: Double(match.score)))
            }
        }
        merged.sort { $0.score != $1.score ? $0.score > $1.score : $0.passageID < $1.passageID }
        // A passage is ranked once, even in an index where an older Ruminate stored its vector twice.
        var seen = Set<Int64>()
        var ranked: [RankedPassage] = []
        for passage in merged where ranked.count < limit && seen.insert(passage.passageID).inserted {
            ranked.append(passage)
        }
        return ranked
    }

    /// Whether the fast search returns exactly the float32 brute-force top `k` for `query` in every segment
    /// (the evaluation's exactness check).
    func isExact(_ query: [Float], in session: any IndexReading, k: Int) throws -> Bool {
        for id in try session.vectorSegmentIDs() {
            let search = try loaded(id, session: session).search
            if try search.topK(query: query, k: k).map(\.row) != search.bruteForceTopK(query: query, k: k).map(\.row) {
                return false
            }
        }
        return true
    }

    /// A segment's searcher: mapped from its cache files when they are valid, else read from the index
    /// (and the files written for next time).
    private func loaded(_ id: Int64, session: any IndexReading) throws -> LoadedSegment {
        if let segment = segments[id] { return segment }
        guard let header = try session.vectorSegmentHeader(id: id) else {
            throw RuminateError(.indexFormat, "vector segment \(id) vanished while searching", hint: "search again")
        }
        let search: ExactVectorSearch
        if let (matrix, quantized) = files.load(header) {
            search = try ExactVectorSearch(matrix: matrix, quantized: quantized)
        } else {
            guard let stored = try session.vectorSegment(id: id) else {
                throw RuminateError(.indexFormat, "vector segment \(id) vanished while searching", hint: "search again")
            }
            let matrix = try VectorMatrix(data: stored.vectors, dimension: stored.dimension)
            let quantized = try QuantizedVectors(serialized: stored.quantized)
            search = try ExactVectorSearch(matrix: matrix, quantized: quantized)
            files.store(stored, name: header.cacheName)
        }
        let segment = LoadedSegment(passageIDs: header.passageIDs, search: search)
        segments[id] = segment
        return segment
    }
}
