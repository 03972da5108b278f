import RuminateCompose
import RuminateCore
import RuminateRetrieve
import Testing

/// Reads English only and places a text by the topics its words name, so the vector leg has meaning to find:
/// "a series of whole numbers" lands where "generate_series" does, although they share no word.
struct TopicEmbedder: TextEmbedder {
    static let topics: [[String]] = [
        ["series", "sequence", "integers", "numbers", "generate_series", "rows", "step"],
        ["journal", "rollback", "crash", "wal", "checkpoint"],
        ["bread", "dough", "oven", "knead"],
    ]
    var modelID = "topic-test-embedder/1"
    var dimension = topics.count + 1
    var languages: [String]? { ["en"] }

    func embed(_ texts: [String]) -> [[Float]] {
        texts.map { text in
            let words = text.lowercased().split { !$0.isLetter && $0 != "_" }.map(String.init)
            var vector = Self.topics.map { topic in Float(words.filter { topic.contains($0) }.count) }
            vector.append(0.5)  // a shared background, so unrelated texts are not orthogonal
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return vector.map { $0 / norm }
        }
    }
}

@Suite struct EvidenceModelTests {
    static let files = [
        "series.md": "# The generate_series table-valued function\n\ngenerate_series(START,END,STEP) returns the "
            + "integers from START to END in steps of STEP, one per row.",
        "journal.md": "# Rollback journal\n\nThe rollback journal keeps original pages so that a crash can be undone.",
        "wal.md": "# WAL\n\nA checkpoint moves the WAL content back into the database file.",
    ]

    func hybridComposer(_ fixture: FixtureIndex, policy: AbstentionPolicy = .calibrated) -> AnswerComposer {
        AnswerComposer(
            index: fixture.index,
            retriever: SearcherPassageRetriever(searcher: Searcher(index: fixture.index, embedder: TopicEmbedder())),
            options: ComposeOptions(abstention: policy))
    }

    @Test func theVectorLegReportsItsBestCosineAndWhetherTheLegsAgree() throws {
        let fixture = try FixtureIndex(files: Self.files, embedder: TopicEmbedder())
        let retriever = SearcherPassageRetriever(searcher: Searcher(index: fixture.index, embedder: TopicEmbedder()))
        let question = "How do I produce a sequence of integers as rows with generate_series?"
        let hits = try retriever.retrieve(question, limit: 5)
        let semantic = try #require(try retriever.semanticEvidence(for: question, hits: hits))
        #expect(semantic.bestCosine > 0.8)
        #expect(semantic.legsAgree)
        #expect(semantic.cosineGap > 0)
        // Lexical evidence, and a question the model does not read, have none.
        let lexical = SearcherPassageRetriever(searcher: Searcher(index: fixture.index), mode: .lexical)
        #expect(try lexical.semanticEvidence(for: question, hits: hits) == nil)
        #expect(try retriever.semanticEvidence(for: "如何生成整数序列?", hits: hits) == nil)
        // A searcher that reranks by default still reports the vector leg's own cosines, not reranker scores.
        let reranking = Searcher(index: fixture.index, embedder: TopicEmbedder())
        reranking.reranking.byDefault = true
        let rerankedRetriever = SearcherPassageRetriever(searcher: reranking)
        let reranked = try rerankedRetriever.retrieve(question, limit: 5)
        #expect(
            try rerankedRetriever.semanticEvidence(for: question, hits: reranked)?.bestCosine == semantic.bestCosine)
    }

    @Test func aQuestionWordedUnlikeItsPageIsCarriedByTheVectorLeg() throws {
        let fixture = try FixtureIndex(files: Self.files, embedder: TopicEmbedder())
        let question = "How can I get a series of whole numbers, one per row, stepping by five?"
        // Lexical coverage alone refuses it; the model, reading the cosine, answers from the generate_series page.
        let lexicalOnly = AbstentionPolicy(measure: .passageCoverage, threshold: 0.9)
        let refused = try hybridComposer(fixture, policy: lexicalOnly).answer(question)
        #expect(refused.abstained)
        #expect(refused.evidence.measure == .passageCoverage)
        var withModel = lexicalOnly
        withModel.model = .calibrated
        let answer = try hybridComposer(fixture, policy: withModel).answer(question)
        #expect(answer.evidence.measure == .evidenceModel)
        #expect(answer.evidence.bestCosine != nil && answer.evidence.legsAgree != nil)
        #expect(!answer.abstained, "\(answer.evidence)")
        #expect(answer.sources.first?.path.hasSuffix("series.md") == true)
    }

    @Test func anOffTopicQuestionIsRefusedByTheModel() throws {
        let fixture = try FixtureIndex(files: Self.files, embedder: TopicEmbedder())
        let answer = try hybridComposer(fixture).answer("How long should I knead bread dough before baking it?")
        #expect(answer.abstained)
        #expect(answer.evidence.measure == .evidenceModel)
    }

    @Test func theModelDecidesOnlyWhenSemanticEvidenceExists() {
        let policy = AbstentionPolicy(
            measure: .passageCoverage, threshold: 0.5,
            model: EvidenceModel(bias: -5, weights: [0, 0, 10, 0, 0], threshold: 0.5))
        let lexical = EvidenceStrength(passageCoverage: 0.4, sentenceCoverage: 0.4)
        #expect(policy.decision(lexical).measure == .passageCoverage)
        #expect(policy.abstains(lexical))
        let semantic = SemanticEvidence(bestCosine: 0.7, cosineGap: 0.2, legsAgree: true)
        let strong = EvidenceStrength(passageCoverage: 0.4, sentenceCoverage: 0.4, semantic: semantic)
        #expect(policy.decision(strong).measure == .evidenceModel)
        #expect(!policy.abstains(strong))
        var weak = strong
        weak.semantic?.bestCosine = 0.3
        #expect(policy.abstains(weak))
        // The JSON evidence rebuilds the same strength, so the evaluation judges it under any policy.
        let evidence = Answer.Evidence(policy: policy, strength: strong)
        #expect(evidence.strength == strong)
        #expect(!AbstentionPolicy.never.abstains(weak))
    }
}
