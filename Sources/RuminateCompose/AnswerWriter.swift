import RuminateCore
import RuminateRetrieve

/// What a writer is given: the question, the retrieved evidence and the sentences cut from it.
public struct AnswerCandidates: Sendable {
    /// The question with its content terms weighed by the index's statistics.
    public var question: AnalyzedQuestion
    /// The evidence passages, best first.
    public var hits: [SearchHit]
    /// Every sentence of the evidence with its exact document offsets (`CandidateSentences`).
    public var sentences: [CandidateSentence]
    /// How many claims the answer may hold at most.
    public var budget: Int

    public init(question: AnalyzedQuestion, hits: [SearchHit], sentences: [CandidateSentence], budget: Int) {
        self.question = question
        self.hits = hits
        self.sentences = sentences
        self.budget = budget
    }
}

/// A claim as a writer drafts it: a quote it attributes to one evidence passage. The composer locates the
/// quote in that passage when the writer gives no span, re-reads it from the stored document, and drops it
/// when it does not match: a writer can propose, never vouch.
public struct DraftClaim: Sendable, Hashable {
    /// The evidence passage it quotes (an index into `AnswerCandidates.hits`).
    public var hitIndex: Int
    /// The quoted words, exactly as the document has them.
    public var quote: String
    /// Where the quote sits in the document (Unicode-scalar offsets), when the writer knows; nil asks the
    /// composer to find it in the passage.
    public var span: SourceSpan?
    /// How well it answers the question (0...1); reports pick their best sentences by it.
    public var score: Double

    public init(hitIndex: Int, quote: String, span: SourceSpan? = nil, score: Double) {
        self.hitIndex = hitIndex
        self.quote = quote
        self.span = span
        self.score = score
    }
}

/// Writes an answer from candidates: chooses (or, for a generative writer, words and supports) its claims.
/// Retrieval, abstention and verification stay with `AnswerComposer`, for every writer.
public protocol AnswerWriter: Sendable {
    /// At most `candidates.budget` claims, best first; none when the evidence does not answer the question.
    func write(_ candidates: AnswerCandidates) throws -> [DraftClaim]
}

/// The extractive writer: scores each candidate sentence with the reader (`SentenceScorer`; with an embedder, the
/// question–sentence similarity joins the features) and picks the answer's sentences by maximal marginal
/// relevance (`SentenceSelector`), verbatim and with their spans.
public struct ExtractiveWriter: AnswerWriter {
    /// Its tuning (novelty, near-duplicates, minimum words, BM25 k1 and b); the number of sentences comes from
    /// the candidates' budget.
    public var options: ComposeOptions
    /// Embeds the question and the best candidates for the reader's semantic feature; nil: lexical features only.
    public var embedder: (any TextEmbedder)?

    public init(options: ComposeOptions = ComposeOptions(), embedder: (any TextEmbedder)? = nil) {
        self.options = options
        self.embedder = embedder
    }

    public func write(_ candidates: AnswerCandidates) -> [DraftClaim] {
        var options = options
        options.sentences = candidates.budget
        let sentences = candidates.sentences
        let scores = score(candidates)
        return SentenceSelector(options: options).select(sentences, scores: scores).map { i in
            let sentence = sentences[i]
            return DraftClaim(
                hitIndex: sentence.hitIndex, quote: sentence.text, span: sentence.span, score: scores.relevance[i])
        }
    }

    /// The sentence as the embedder reads it: its first `embeddedWords` words (the cost grows with its length).
    static func embeddable(_ sentence: String) -> String {
        let words = sentence.split(whereSeparator: \.isWhitespace)
        return words.count <= embeddedWords ? sentence : words.prefix(embeddedWords).joined(separator: " ")
    }

    /// Whether `embedder` reads the question's script: a model trained on English alone embeds a Chinese question
    /// into noise, so such a question is read with the lexical features only (the retriever's rule, `LegChoice`).
    static func readsQuestion(_ embedder: any TextEmbedder, _ question: String) -> Bool {
        LegChoice.choose(query: question, resolved: .hybrid, embedder: embedder).modelReadsQuery
    }

    /// Words of a candidate sentence the embedder reads.
    public static let embeddedWords = 40

    /// The reader's scores (and features) of every candidate.
    public func score(_ candidates: AnswerCandidates) -> SentenceScorer.Scores {
        let sentences = candidates.sentences
        let lexical = SentenceScorer(options: options, model: options.lexicalReader).score(
            sentences, question: candidates.question, hits: candidates.hits)
        guard let embedder, options.embeddedCandidates > 0, !sentences.isEmpty,
            Self.readsQuestion(embedder, candidates.question.text)
        else { return lexical }
        let eligible = sentences.indices.filter {
            SentenceSelector.qualifies($0, sentences, scores: lexical, options: options)
        }
        let embedded = eligible.sorted { lexical.relevance[$0] > lexical.relevance[$1] }.prefix(
            options.embeddedCandidates)
        let texts = embedded.map { Self.embeddable(ReaderFeatures.sentenceText(sentences[$0])) }
        let vectors = embedder.embed([candidates.question.text] + texts)
        // Only the semantic feature changes: set it and read the features again with the embedder's model.
        var scores = lexical
        let cosines = vectors.dropFirst().map { vector in
            Double(zip(vectors[0], vector).reduce(Float(0)) { $0 + $1.0 * $1.1 })
        }
        let byCosine = cosines.indices.sorted { cosines[$0] > cosines[$1] }
        for (rank, j) in byCosine.enumerated() {
            let i = embedded[embedded.startIndex + j]
            scores.features[i][ReaderFeatures.semanticIndex] = cosines[j]
            scores.features[i][ReaderFeatures.semanticRankIndex] = ReaderFeatures.rankWeight(rank)
        }
        scores.relevance = scores.features.map(options.embeddingReader.probability)
        return scores
    }
}
