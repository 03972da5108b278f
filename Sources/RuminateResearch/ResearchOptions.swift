import RuminateCompose

/// How far a research run digs and how much it writes.
public struct ResearchOptions: Sendable, Hashable {
    /// Passages retrieved for the topic to plan the aspects from.
    public var planPassages: Int
    /// The most aspects (lines of inquiry: facets or headings) the research follows.
    public var maximumAspects: Int
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
    /// Sections at most, and the words the report may hold (its title and research trace, summary and section
    /// quotes with their context, section titles in the outline and as headings, reference lines; not the fixed
    /// headings and citation marks): a report states the most facts it can in this length, then stops.
    public var maximumSections: Int
    public var wordBudget: Int
    /// Words one section may quote (at least one sentence), so no single section crowds out the others.
    public var sectionWords: Int
    /// How sentences are scored, selected and abstained on (RuminateCompose's defaults).
    public var compose: ComposeOptions

    public init(
        planPassages: Int = 30, maximumAspects: Int = 5,
        maximumRounds: Int = 3, roundPassages: Int = 12, newEvidenceThreshold: Double = 0.2, expansionTerms: Int = 2,
        sectionSentences: Int = 4, summarySentences: Int = 3, maximumSections: Int = 16, wordBudget: Int = 1_350,
        sectionWords: Int = 90, compose: ComposeOptions = ComposeOptions()
    ) {
        self.planPassages = planPassages
        self.maximumAspects = maximumAspects
        self.maximumRounds = maximumRounds
        self.roundPassages = roundPassages
        self.newEvidenceThreshold = newEvidenceThreshold
        self.expansionTerms = expansionTerms
        self.sectionSentences = sectionSentences
        self.summarySentences = summarySentences
        self.maximumSections = maximumSections
        self.wordBudget = wordBudget
        self.sectionWords = sectionWords
        self.compose = compose
    }
}
