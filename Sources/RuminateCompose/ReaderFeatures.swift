import Foundation

/// What the reader knows about a candidate sentence as an answer to a question: how well it matches (terms,
/// meaning, the passage it came from), where it stands, and whether its shape fits the question's form.
/// The reader's weights for these are learned (`ReaderModel`), never set by hand.
public enum ReaderFeatures {
    /// The features in order; `ReaderModel` weights and `scripts/fit-reader` use the same order.
    public static let names = [
        "lexical", "coverage", "passage", "semantic", "first_in_passage", "anaphor", "list_intro", "log_words",
        "quantity_number", "quantity_default", "procedure_code", "reason_cue", "enumeration_list",
        "definition_is", "code", "number", "unterminated", "heading", "coverage_in_section", "claim_offset",
        "claim_finding", "semantic_rank",
    ]

    /// The index of `semantic` in `names`: zero when no embedder is loaded.
    public static let semanticIndex = names.firstIndex(of: "semantic")!
    /// The index of `semantic_rank` in `names`: `1 / log2(2 + rank)` of the semantic feature among the embedded
    /// candidates (0 for the best), zero for a candidate not embedded.
    public static let semanticRankIndex = names.firstIndex(of: "semantic_rank")!
    /// The index of `heading` in `names`: the share of the question the sentence's heading path covers.
    public static let headingIndex = names.firstIndex(of: "heading")!

    /// The shape of one sentence, read from its words.
    public struct Shape: Sendable, Hashable {
        public var hasNumber = false
        public var hasCode = false
        public var hasDefault = false
        public var hasReason = false
        public var isDefinition = false
        /// Reports a result: a reporting verb ("we found", "showed"), a result noun ("conclusions") or a statistic
        /// ("p < 0.05", "95% CI").
        public var reportsFinding = false
        public var introducesList = false
        public var opensWithAnaphor = false
        /// Ends as a sentence does (a full stop, a colon…): a line without one is a heading or a table cell.
        public var isTerminated = false

        public init() {}
    }

    static let reasonCues: Set<String> = [
        "because", "since", "so", "order", "allow", "allows", "allowing", "enable", "enables", "useful", "help",
        "helps", "purpose", "reason", "reasons", "avoid", "avoids", "prevent", "prevents", "benefit", "benefits",
        "advantage", "advantages", "improve", "improves", "reduce", "reduces", "faster", "smaller", "safer",
    ]
    static let findingCues: Set<String> = [
        "found", "find", "finds", "show", "shows", "showed", "shown", "demonstrate", "demonstrates", "demonstrated",
        "reveal", "reveals", "revealed", "indicate", "indicates", "indicated", "suggest", "suggests", "suggested",
        "observed", "conclude", "concluded", "results", "conclusion", "conclusions", "findings", "significant",
        "significantly", "associated", "ci", "odds", "hazard",
    ]
    static let definitionCues = [" is a ", " is an ", " is the ", " are ", " refers to ", " means ", " is used to "]

    /// The shape of `sentence` (the sentence alone) and of `quote` (with its context).
    public static func shape(sentence: String, quote: String) -> Shape {
        var shape = Shape()
        let lower = " " + quote.lowercased() + " "
        var capitalWords = 0
        for word in quote.split(whereSeparator: \.isWhitespace) {
            let token = word.trimmingCharacters(in: CharacterSet(charactersIn: "\"'“”‘’,;:!?)"))
            if token.contains(where: \.isNumber) { shape.hasNumber = true }
            if isCode(token) { shape.hasCode = true }
            if token.count >= 2, token.allSatisfy({ $0.isUppercase || $0 == "_" }) { capitalWords += 1 }
            let folded = token.lowercased().trimmingCharacters(in: .punctuationCharacters)
            if reasonCues.contains(folded) { shape.hasReason = true }
            if findingCues.contains(folded) { shape.reportsFinding = true }
            if folded == "default" || folded == "defaults" { shape.hasDefault = true }
        }
        if capitalWords >= 2 { shape.hasCode = true }
        if lower.contains("p <") || lower.contains("p<") || lower.contains("p =") { shape.reportsFinding = true }
        if quote.contains("因为") || quote.contains("以便") || quote.contains("用于") { shape.hasReason = true }
        if quote.contains("默认") { shape.hasDefault = true }
        shape.isDefinition = definitionCues.contains { lower.contains($0) } || quote.contains("是")
        shape.introducesList = sentence.hasSuffix(":") || sentence.hasSuffix("：")
        shape.opensWithAnaphor = QuoteContext.opensWithAnaphor(sentence)
        shape.isTerminated = isTerminated(sentence)
        return shape
    }

    /// Whether `sentence` ends as a sentence does (a full stop, a colon…): a line without one is a heading or a
    /// table cell.
    public static func isTerminated(_ sentence: String) -> Bool {
        sentence.last.map { ".!?:;。！？：；)\"”'".contains($0) } ?? false
    }

    /// A word that reads as code: an identifier with an underscore, a call `name(`, a dot-command `.import`,
    /// a command-line option `-l`/`--lines`, an assignment `a=b`.
    public static func isCode(_ token: String) -> Bool {
        let scalars = Array(token.unicodeScalars)
        guard scalars.count >= 2 else { return false }
        let letters = CharacterSet.letters
        if token.contains("_"), token.contains(where: \.isLetter) { return true }
        if let open = token.firstIndex(of: "("), open > token.startIndex,
            token[token.index(before: open)].isLetter
        {
            return true
        }
        if scalars[0] == ".", letters.contains(scalars[1]) { return true }
        if scalars[0] == "-", letters.contains(scalars[1]) || (scalars[1] == "-" && scalars.count > 2) { return true }
        if let equals = token.firstIndex(of: "="), equals > token.startIndex,
            token.index(after: equals) < token.endIndex
        {
            return true
        }
        return false
    }

    /// One feature vector (in `names` order) per candidate.
    /// - Parameters:
    ///   - match: each candidate's BM25 match with the question (`SentenceScorer`).
    public static func vectors(
        _ candidates: [CandidateSentence], question: AnalyzedQuestion, form: QuestionForm, passagePriors: [Double],
        match: [Double]
    ) -> [[Double]] {
        let bestMatch = match.max() ?? 0
        func prior(_ candidate: CandidateSentence) -> Double {
            passagePriors.indices.contains(candidate.hitIndex) ? passagePriors[candidate.hitIndex] : 0
        }
        return candidates.indices.map { i in
            let candidate = candidates[i]
            let sentence = sentenceText(candidate)
            let shape = shape(sentence: sentence, quote: candidate.text)
            func flag(_ value: Bool) -> Double { value ? 1 : 0 }
            return [
                bestMatch > 0 ? match[i] / bestMatch : 0,
                question.coverage { question.frequency(of: $0, in: candidate.termFrequencies) != nil },
                prior(candidate),
                0,  // semantic: set by `ExtractiveWriter` for the candidates its embedder reads
                flag(candidate.position == 0),
                flag(shape.opensWithAnaphor),
                flag(shape.introducesList),
                log(1 + Double(candidate.wordCount)) / log(100),
                flag(form.contains(.quantity) && shape.hasNumber),
                flag(form.contains(.quantity) && shape.hasDefault),
                flag(form.contains(.procedure) && shape.hasCode),
                flag(form.contains(.reason) && shape.hasReason),
                flag(form.contains(.enumeration) && shape.introducesList),
                flag(form.contains(.definition) && shape.isDefinition),
                flag(shape.hasCode),
                flag(shape.hasNumber),
                flag(!shape.isTerminated),
                question.coverage { question.appears($0, in: candidate.headingTerms) },
                question.coverage {
                    question.frequency(of: $0, in: candidate.termFrequencies) != nil
                        || question.appears($0, in: candidate.headingTerms)
                },
                form.contains(.claim) ? candidate.passageOffset : 0,
                flag(form.contains(.claim) && shape.reportsFinding),
                0,  // semantic_rank: set with semantic
            ]
        }
    }

    /// `1 / log2(2 + rank)`: 1 for the first (rank 0), falling slowly, as nDCG discounts a rank.
    public static func rankWeight(_ rank: Int) -> Double { 1 / log2(2 + Double(rank)) }

    /// The sentence alone, cut from the candidate's quote.
    static func sentenceText(_ candidate: CandidateSentence) -> String {
        let offset = candidate.sentence.start - candidate.span.start
        let scalars = candidate.text.unicodeScalars
        guard offset >= 0, candidate.sentence.end <= candidate.span.end,
            scalars.count == candidate.span.end - candidate.span.start
        else { return candidate.text }
        let start = scalars.index(scalars.startIndex, offsetBy: offset)
        let end = scalars.index(start, offsetBy: candidate.sentence.end - candidate.sentence.start)
        return String(scalars[start..<end])
    }
}
