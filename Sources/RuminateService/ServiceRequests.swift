import RuminateCompose
import RuminateCore
import RuminateResearch
import RuminateRetrieve

/// A search as every front end asks for it. `validated()` applies the same bounds as the CLI.
public struct SearchRequest: Sendable, Hashable {
    public var query: String
    public var limit: Int
    public var mode: SearchMode?
    public var explain: Bool
    public var fullTextSyntax: Bool

    public init(query: String, limit: Int = 10, mode: SearchMode? = nil, explain: Bool = false, fullTextSyntax: Bool = false) {
        self.query = query
        self.limit = limit
        self.mode = mode
        self.explain = explain
        self.fullTextSyntax = fullTextSyntax
    }

    public func validated() throws(RuminateError) -> SearchRequest {
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RuminateError(.invalidQuery, "the query is empty", hint: "search for some words")
        }
        guard (1...10_000).contains(limit) else {
            throw RuminateError(.invalidArgument, "k must be between 1 and 10000 (got \(limit))")
        }
        return self
    }
}

/// A question for a cited answer.
public struct AskRequest: Sendable, Hashable {
    public var question: String
    public var sentences: Int
    public var passages: Int
    public var mode: SearchMode?

    public init(question: String, sentences: Int = ComposeOptions().sentences, passages: Int = ComposeOptions().passages, mode: SearchMode? = nil) {
        self.question = question
        self.sentences = sentences
        self.passages = passages
        self.mode = mode
    }

    public func validated() throws(RuminateError) -> AskRequest {
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RuminateError(.invalidQuery, "the question is empty", hint: "ask a question in words")
        }
        guard (1...50).contains(sentences) else { throw RuminateError(.invalidArgument, "sentences must be between 1 and 50 (got \(sentences))") }
        guard (1...1000).contains(passages) else { throw RuminateError(.invalidArgument, "passages must be between 1 and 1000 (got \(passages))") }
        return self
    }
}

/// A research topic and its budget.
public struct ResearchRequest: Sendable, Hashable {
    public var topic: String
    public var maximumRounds: Int
    public var aspects: Int
    public var mode: SearchMode?

    public init(topic: String, maximumRounds: Int = ResearchOptions().maximumRounds, aspects: Int = ResearchOptions().maximumAspects, mode: SearchMode? = nil) {
        self.topic = topic
        self.maximumRounds = maximumRounds
        self.aspects = aspects
        self.mode = mode
    }

    public func validated() throws(RuminateError) -> ResearchRequest {
        guard !topic.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RuminateError(.invalidQuery, "the topic is empty", hint: "name a topic in words")
        }
        guard (1...20).contains(maximumRounds) else { throw RuminateError(.invalidArgument, "rounds must be between 1 and 20 (got \(maximumRounds))") }
        guard (1...10).contains(aspects) else { throw RuminateError(.invalidArgument, "aspects must be between 1 and 10 (got \(aspects))") }
        return self
    }

    var options: ResearchOptions {
        var options = ResearchOptions()
        options.maximumRounds = maximumRounds
        options.maximumAspects = aspects
        options.minimumAspects = min(options.minimumAspects, aspects)
        return options
    }
}
