import RuminateCompose

/// How far a research run digs and how much it writes.
public struct ResearchOptions: Sendable, Hashable {
    /// Passages retrieved for the topic to plan the aspects from.
    public var planPassages: Int
    /// The most aspects (clusters) a report is split into; fewer when the evidence is small.
    public var maximumAspects: Int
    /// The fewest aspects aimed for when there are enough passages.
    public var minimumAspects: Int
    /// Label terms per aspect.
    public var labelTerms: Int
    /// Rounds of querying per aspect at most (the budget).
    public var maximumRounds: Int
    /// Passages retrieved per round.
    public var roundPassages: Int
    /// A round whose share of passages not seen before is below this adds no new evidence: the aspect stops.
    public var newEvidenceThreshold: Double
    /// Terms from a round's new passages added to the next round's query.
    public var expansionTerms: Int
    /// Sentences quoted per aspect section, and in the executive summary.
    public var sectionSentences: Int
    public var summarySentences: Int
    /// How sentences are scored, selected and abstained on (RuminateCompose's defaults).
    public var compose: ComposeOptions

    public init(
        planPassages: Int = 30, maximumAspects: Int = 4, minimumAspects: Int = 3, labelTerms: Int = 3,
        maximumRounds: Int = 3, roundPassages: Int = 12, newEvidenceThreshold: Double = 0.2, expansionTerms: Int = 2,
        sectionSentences: Int = 4, summarySentences: Int = 3, compose: ComposeOptions = ComposeOptions()
    ) {
        self.planPassages = planPassages
        self.maximumAspects = maximumAspects
        self.minimumAspects = minimumAspects
        self.labelTerms = labelTerms
        self.maximumRounds = maximumRounds
        self.roundPassages = roundPassages
        self.newEvidenceThreshold = newEvidenceThreshold
        self.expansionTerms = expansionTerms
        self.sectionSentences = sectionSentences
        self.summarySentences = summarySentences
        self.compose = compose
    }
}
