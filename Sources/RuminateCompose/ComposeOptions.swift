/// How an answer is put together. Defaults were tuned on SciFact's *train* claims
/// (`ruminate eval-answers SCIFACT --split train`, SCIFACT being BEIR's scifact folder with SciFact's original
/// release in `original/`), so the dev claims stay a held-out measure.
public struct ComposeOptions: Sendable, Hashable {
    /// How many sentences the answer quotes (fewer when the evidence runs out).
    public var sentences: Int
    /// The answer's length in words: after two quotes, a quote that would pass it is skipped.
    public var wordBudget: Int
    /// How many retrieved passages are cut into candidate sentences.
    public var passages: Int
    /// MMR's weight on novelty: how much a candidate loses for resembling a sentence already chosen (0...1).
    public var novelty: Double
    /// Term-set Jaccard similarity at or above which a candidate counts as a near-duplicate and is never chosen.
    public var nearDuplicate: Double
    /// Sentences with fewer words than this are fragments (list debris, "0.24 versus 1.15 +/-") and never quoted.
    public var minimumWords: Int
    /// When the evidence is too weak to answer.
    public var abstention: AbstentionPolicy
    /// How many candidates (the best by the lexical-only reader) the embedder reads for the reader's semantic
    /// features, so an answer's embedding cost stays bounded whatever the passages hold: 8 gained as much as 12 or
    /// all of them on the development sets, for about a sixth of a second less per answer than all (ANSWERS.md).
    public var embeddedCandidates: Int
    /// The reader for answers read without an embedder, and with one (`ReaderModel`'s fitted constants unless an
    /// evaluation tries other weights).
    public var lexicalReader: ReaderModel = .lexicalOnly
    public var embeddingReader: ReaderModel = .withEmbeddings
    /// BM25 saturation and length normalisation for scoring sentences against the question.
    public var k1: Double
    public var b: Double

    public init(
        sentences: Int = 4, passages: Int = 12, novelty: Double = 0.1,
        nearDuplicate: Double = 0.6, minimumWords: Int = 4, abstention: AbstentionPolicy = .calibrated,
        k1: Double = 1.2, b: Double = 0.2, embeddedCandidates: Int = 8, wordBudget: Int = 100
    ) {
        self.wordBudget = wordBudget
        self.embeddedCandidates = embeddedCandidates
        self.sentences = sentences
        self.passages = passages
        self.novelty = novelty
        self.nearDuplicate = nearDuplicate
        self.minimumWords = minimumWords
        self.abstention = abstention
        self.k1 = k1
        self.b = b
    }
}
