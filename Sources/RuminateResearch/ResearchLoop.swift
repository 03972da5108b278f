import RuminateCompose
import RuminateCore

/// The passages one aspect gathered, in the order they were found (best of each round first).
public struct AspectEvidence: Sendable {
    public var trace: AspectTrace
    /// Each hit with its score divided by the best score of the query that found it, so hits of different
    /// queries compare on one scale.
    public var hits: [SearchHit]
}

/// Queries each aspect in rounds: its own query, then the same plus the distinctive terms of what the
/// last round newly found; stops when a round brings too few unseen passages or the budget is spent.
public struct ResearchLoop {
    public let retriever: any PassageRetriever
    public let weigher: TermWeigher
    public let options: ResearchOptions
    /// Told each finished round; an error it throws ends the research (a client that went away).
    public let progress: (String) throws -> Void

    public init(
        retriever: any PassageRetriever, weigher: TermWeigher, options: ResearchOptions,
        progress: @escaping (String) throws -> Void = { _ in }
    ) {
        self.retriever = retriever
        self.weigher = weigher
        self.options = options
        self.progress = progress
    }

    /// `seen` holds the passages already found (the plan's), and grows with every round.
    public func investigate(topic: String, aspect: Aspect, planHits: [SearchHit], seen: inout Set<Int64>) throws
        -> AspectEvidence
    {
        var query = aspect.query
        var queryTerms = Set(weigher.analyzer.analyze(query).map(\.term))
        var hits: [SearchHit] = []
        var collected: Set<Int64> = []
        var rounds: [ResearchRound] = []
        var stop: (StopReason, String)?
        var round = 0
        while stop == nil {
            round += 1
            let found = try retriever.retrieve(query, limit: options.roundPassages)
            let fresh = found.filter { !seen.contains($0.passage.id) }
            seen.formUnion(found.map(\.passage.id))
            let best = found.map(\.score).max() ?? 0
            for hit in found where !collected.contains(hit.passage.id) {
                var scaled = hit
                scaled.score = best > 0 ? hit.score / best : 0
                hits.append(scaled)
                collected.insert(hit.passage.id)
            }
            let fraction = found.isEmpty ? 0 : Double(fresh.count) / Double(found.count)
            var added: [String] = []
            if found.isEmpty {
                stop = (.nothingFound, "the query found no passage")
            } else if fraction < options.newEvidenceThreshold {
                stop = (
                    .noNewEvidence,
                    "round \(round) found \(fresh.count) unseen of \(found.count) passages, below the \(Int((options.newEvidenceThreshold * 100).rounded()))% threshold"
                )
            } else if round >= options.maximumRounds {
                stop = (
                    .budget,
                    "the budget of \(options.maximumRounds) round\(options.maximumRounds == 1 ? "" : "s") was spent"
                )
            } else {
                var combined = WeightedTerms()
                for hit in fresh { combined.add(try weigher.weigh(hit.passage.text, excluding: queryTerms)) }
                let chosen = Array(combined.ranked.prefix(options.expansionTerms))
                added = chosen.map { combined.surface(of: $0) }
                queryTerms.formUnion(chosen)
            }
            rounds.append(
                ResearchRound(
                    round: round, query: query, retrieved: found.count, newPassages: fresh.map(\.passage.id),
                    newFraction: (fraction * 10_000).rounded() / 10_000, addedTerms: added))
            try progress("aspect \"\(aspect.label)\" round \(round): \(found.count) passages, \(fresh.count) new")
            if !added.isEmpty { query += " " + added.joined(separator: " ") }
        }
        // The plan's passages of this cluster back the section too, after what its own queries found.
        let planMembers = Set(aspect.passages)
        let planBest = planHits.map(\.score).max() ?? 0
        for hit in planHits where planMembers.contains(hit.passage.id) && !collected.contains(hit.passage.id) {
            var scaled = hit
            scaled.score = planBest > 0 ? hit.score / planBest : 0
            hits.append(scaled)
            collected.insert(hit.passage.id)
        }
        let trace = AspectTrace(aspect: aspect, rounds: rounds, stopReason: stop!.0, stopDetail: stop!.1)
        return AspectEvidence(trace: trace, hits: hits)
    }
}

/// A fixed list of passages served as retrieval results, whatever the query: lets `AnswerComposer` write
/// from the evidence the loop gathered.
public struct EvidenceRetriever: PassageRetriever {
    public let hits: [SearchHit]

    public init(hits: [SearchHit]) {
        self.hits = hits
    }

    public func retrieve(_ query: String, limit: Int) throws -> [SearchHit] {
        hits.prefix(limit).enumerated().map { offset, hit in
            var ranked = hit
            ranked.rank = offset + 1
            return ranked
        }
    }
}
