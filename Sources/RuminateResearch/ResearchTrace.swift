/// Why an aspect's querying stopped.
public enum StopReason: String, Sendable, Hashable, Codable {
    /// The last round's share of passages not seen before fell below the threshold.
    case noNewEvidence = "no_new_evidence"
    /// The round budget was spent.
    case budget
    /// A query found no passage at all.
    case nothingFound = "nothing_found"
}

/// One query of the loop and what it brought.
public struct ResearchRound: Sendable, Hashable, Codable {
    public var round: Int
    public var query: String
    /// Passages retrieved.
    public var retrieved: Int
    /// Passage ids not seen in any earlier query of the run.
    public var newPassages: [Int64]
    /// `newPassages.count / retrieved` (0 when nothing was retrieved).
    public var newFraction: Double
    /// Terms from the new passages that the next query adds.
    public var addedTerms: [String]

    enum CodingKeys: String, CodingKey {
        case round, query, retrieved, newPassages = "new_passages", newFraction = "new_fraction", addedTerms =
            "added_terms"
    }
}

/// The querying of one aspect.
public struct AspectTrace: Sendable, Hashable, Codable {
    public var aspect: Aspect
    public var rounds: [ResearchRound]
    public var stopReason: StopReason
    /// One sentence saying why it stopped.
    public var stopDetail: String

    enum CodingKeys: String, CodingKey { case aspect, rounds, stopReason = "stop_reason", stopDetail = "stop_detail" }
}

/// Everything the run asked the index, in order, and what each step added.
public struct ResearchTrace: Sendable, Hashable, Codable {
    public var planQuery: String
    /// Passages the plan clustered.
    public var planPassages: Int
    public var aspects: [AspectTrace]
    /// Every retrieval query issued, in order (the plan's first).
    public var queries: [String]

    enum CodingKeys: String, CodingKey {
        case planQuery = "plan_query", planPassages = "plan_passages", aspects, queries
    }
}
