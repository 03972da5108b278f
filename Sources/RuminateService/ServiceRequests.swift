import RuminateCompose
import RuminateCore
import RuminateResearch
import RuminateRetrieve

/// The values an integer argument of a request may take, declared once: the service checks it, the CLI's
/// `validate()` calls the same check, the MCP tool schemas are built from it, and a test holds `openapi.json`
/// to it.
public struct ArgumentBound: Sendable, Hashable {
    /// The argument's name on the wire (HTTP parameter or body field, MCP tool argument).
    public var name: String
    public var range: ClosedRange<Int>
    /// What the value counts, when the message should say it ("characters").
    public var unit: String?

    public init(name: String, range: ClosedRange<Int>, unit: String? = nil) {
        self.name = name
        self.range = range
        self.unit = unit
    }

    /// Throws `invalidArgument` when `value` is out of range; the message names the argument as `spelling`
    /// (a front end's own spelling, such as the CLI's `-k`) or else by its wire name.
    public func check(_ value: Int, spelling: String? = nil) throws(RuminateError) {
        guard !range.contains(value) else { return }
        let bounds = "between \(range.lowerBound) and \(range.upperBound)" + (unit.map { " " + $0 } ?? "")
        throw RuminateError(.invalidArgument, "\(spelling ?? name) must be \(bounds) (got \(value))")
    }
}

/// A search as every front end asks for it. `validated()` applies the same bounds everywhere.
public struct SearchRequest: Sendable, Hashable {
    public static let limitBound = ArgumentBound(name: "k", range: 1...10_000)
    /// Whether a search that does not say is reranked: yes, as it pays on SciFact (nDCG@10) and on the SQLite fact
    /// set (gold-page MRR@10) for a few milliseconds a query (`Sources/RuminateRetrieve/RERANK.md`). Answers rerank
    /// questions in the Latin script (`SearcherPassageRetriever.rerankByDefault`); reports keep the fused order.
    public static let rerankByDefault = true

    public var query: String
    public var limit: Int
    public var mode: SearchMode?
    public var explain: Bool
    public var fullTextSyntax: Bool
    /// Rerank the top passages (`RerankingRanker`); nil: `rerankByDefault`.
    public var rerank: Bool?

    public init(
        query: String, limit: Int = 10, mode: SearchMode? = nil, explain: Bool = false, fullTextSyntax: Bool = false,
        rerank: Bool? = nil
    ) {
        self.query = query
        self.rerank = rerank
        self.limit = limit
        self.mode = mode
        self.explain = explain
        self.fullTextSyntax = fullTextSyntax
    }

    /// `spellings` maps wire names to how a front end names the arguments in its messages (the CLI's `-k`).
    public func validated(spellings: [String: String] = [:]) throws(RuminateError) -> SearchRequest {
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RuminateError(.invalidQuery, "the query is empty", hint: "search for some words")
        }
        try QueryLimits.check(query, fullTextSyntax: fullTextSyntax)
        try Self.limitBound.check(limit, spelling: spellings[Self.limitBound.name])
        return self
    }
}

/// A question for a cited answer.
public struct AskRequest: Sendable, Hashable {
    public static let sentencesBound = ArgumentBound(name: "sentences", range: 1...50)
    public static let passagesBound = ArgumentBound(name: "passages", range: 1...1000)

    public var question: String
    public var sentences: Int
    public var passages: Int
    public var mode: SearchMode?

    public init(
        question: String, sentences: Int = ComposeOptions().sentences, passages: Int = ComposeOptions().passages,
        mode: SearchMode? = nil
    ) {
        self.question = question
        self.sentences = sentences
        self.passages = passages
        self.mode = mode
    }

    /// `spellings` maps wire names to how a front end names the arguments in its messages (the CLI's `-n`).
    public func validated(spellings: [String: String] = [:]) throws(RuminateError) -> AskRequest {
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RuminateError(.invalidQuery, "the question is empty", hint: "ask a question in words")
        }
        try QueryLimits.check(question, fullTextSyntax: false)
        try Self.sentencesBound.check(sentences, spelling: spellings[Self.sentencesBound.name])
        try Self.passagesBound.check(passages, spelling: spellings[Self.passagesBound.name])
        return self
    }
}

/// A research topic and its budget.
public struct ResearchRequest: Sendable, Hashable {
    public static let roundsBound = ArgumentBound(name: "rounds", range: 1...20)
    public static let aspectsBound = ArgumentBound(name: "aspects", range: 1...10)

    public var topic: String
    public var maximumRounds: Int
    public var aspects: Int
    public var mode: SearchMode?

    public init(
        topic: String, maximumRounds: Int = ResearchOptions().maximumRounds,
        aspects: Int = ResearchOptions().maximumAspects, mode: SearchMode? = nil
    ) {
        self.topic = topic
        self.maximumRounds = maximumRounds
        self.aspects = aspects
        self.mode = mode
    }

    /// `spellings` maps wire names to how a front end names the arguments in its messages (`--max-rounds`).
    public func validated(spellings: [String: String] = [:]) throws(RuminateError) -> ResearchRequest {
        guard !topic.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RuminateError(.invalidQuery, "the topic is empty", hint: "name a topic in words")
        }
        try QueryLimits.check(topic, fullTextSyntax: false)
        try Self.roundsBound.check(maximumRounds, spelling: spellings[Self.roundsBound.name])
        try Self.aspectsBound.check(aspects, spelling: spellings[Self.aspectsBound.name])
        return self
    }

    var options: ResearchOptions {
        var options = ResearchOptions()
        options.maximumRounds = maximumRounds
        options.maximumAspects = aspects
        return options
    }
}

extension KnowledgeService {
    /// `passage(_:context:highlight:)`: how much of the document to show on each side of the passage.
    public static let contextBound = ArgumentBound(name: "context", range: 0...100_000, unit: "characters")
}
