/// Token budgets for cutting passages. Tokens are whatever the chunker's `countTokens` counts
/// (the engine counts ICU words).
public struct ChunkingOptions: Sendable, Hashable, Codable {
    /// A passage never exceeds this many tokens unless one unbreakable piece alone does
    /// (a single scalar the counter still calls too large).
    public var maxTokens = 320
    /// A section's last passage with fewer own tokens than this takes whole pieces (blocks, sentences)
    /// from the end of the previous passage of the same section, as far as `maxTokens` allows, so a
    /// section does not end on a crumb. (A plain merge would always break `maxTokens`.)
    public var minTokens = 40
    /// When a section is split for budget, the next passage starts with the last whole sentence(s)
    /// of the previous one, totalling at most this many tokens.
    public var overlapTokens = 40

    public init(maxTokens: Int = 320, minTokens: Int = 40, overlapTokens: Int = 40) {
        self.maxTokens = maxTokens
        self.minTokens = minTokens
        self.overlapTokens = overlapTokens
    }

    /// The values the chunker actually uses: `maxTokens` at least 1, `minTokens` within 0...maxTokens,
    /// `overlapTokens` within 0..<maxTokens. Decoded or hand-set options may hold anything.
    var clamped: ChunkingOptions {
        let maxTokens = Swift.max(1, maxTokens)
        return ChunkingOptions(
            maxTokens: maxTokens,
            minTokens: Swift.min(Swift.max(0, minTokens), maxTokens),
            overlapTokens: Swift.min(Swift.max(0, overlapTokens), maxTokens - 1))
    }
}
