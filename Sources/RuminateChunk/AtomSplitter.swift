import RuminateCore

/// The smallest piece of a section the packer places whole.
struct Atom {
    enum Kind {
        /// A body block that fits the budget.
        case block
        /// A sentence of a block too large for the budget.
        case sentence
        /// A piece of a sentence too large for the budget: not a whole sentence, so never overlap.
        case fragment
    }

    let range: Range<Int>
    let tokens: Int
    let kind: Kind
}

/// Cuts body blocks into atoms that fit `maxTokens`: whole blocks when they fit, else sentences,
/// else runs of words, else (one huge "word", such as CJK text without spaces) runs of scalars.
struct AtomSplitter {
    let text: ScalarText
    let maxTokens: Int
    let countTokens: @Sendable (Substring) -> Int
    let splitSentences: @Sendable (String) -> [SourceSpan]

    /// Tokens as budgeted: what the counter says, but at least one, and at least one per 32 scalars so
    /// that a run the counter scores low (a base64 blob, a line of dashes) cannot make a huge passage.
    func tokens(_ range: Range<Int>) -> Int {
        Swift.max(1, countTokens(text.substring(range)), (range.count + 31) / 32)
    }

    func appendAtoms(ofBlock block: Range<Int>, to atoms: inout [Atom]) {
        let blockTokens = tokens(block)
        if blockTokens <= maxTokens {
            atoms.append(Atom(range: block, tokens: blockTokens, kind: .block))
            return
        }
        for sentence in sentences(in: block) {
            let sentenceTokens = tokens(sentence)
            if sentenceTokens <= maxTokens {
                atoms.append(Atom(range: sentence, tokens: sentenceTokens, kind: .sentence))
            } else {
                appendFragments(ofSentence: sentence, to: &atoms)
            }
        }
    }

    /// The sentences of `block` as document ranges that together cover it: each runs from one sentence
    /// start to the next, trimmed. Only the splitter's starts are used, so a splitter that leaves gaps
    /// or returns spans out of order cannot lose text.
    func sentences(in block: Range<Int>) -> [Range<Int>] {
        let length = block.count
        var starts = Set<Int>([0])
        for span in splitSentences(text.string(block)) where span.start > 0 && span.start < length {
            starts.insert(span.start)
        }
        let ordered = starts.sorted()
        var sentences: [Range<Int>] = []
        sentences.reserveCapacity(ordered.count)
        for (position, start) in ordered.enumerated() {
            let end = position + 1 < ordered.count ? ordered[position + 1] : length
            let piece = text.trimmed((block.lowerBound + start)..<(block.lowerBound + end))
            if !piece.isEmpty { sentences.append(piece) }
        }
        return sentences
    }

    /// Runs of whole words, balanced so the last run is not a crumb; a word that alone is over budget
    /// is cut by scalar count.
    private func appendFragments(ofSentence sentence: Range<Int>, to atoms: inout [Atom]) {
        let words = text.words(in: sentence).map { (range: $0, tokens: tokens($0)) }
        let total = words.reduce(0) { $0 + $1.tokens }
        let pieceCount = (total + maxTokens - 1) / maxTokens
        let target = (total + pieceCount - 1) / Swift.max(1, pieceCount)

        var pieceStart: Int?
        var pieceEnd = 0
        var pieceTokens = 0
        func closePiece() {
            if let start = pieceStart {
                atoms.append(Atom(range: start..<pieceEnd, tokens: pieceTokens, kind: .fragment))
            }
            pieceStart = nil
            pieceTokens = 0
        }
        for word in words {
            if word.tokens > maxTokens {
                closePiece()
                appendScalarRuns(of: word.range, tokens: word.tokens, to: &atoms)
                continue
            }
            if pieceStart != nil && (pieceTokens + word.tokens > maxTokens || pieceTokens >= target) {
                closePiece()
            }
            if pieceStart == nil { pieceStart = word.range.lowerBound }
            pieceEnd = word.range.upperBound
            pieceTokens += word.tokens
        }
        closePiece()
    }

    /// Cuts a run without white space into pieces of about equal scalar count, as many as its tokens
    /// need, moving each cut off the middle of a user-perceived character where possible; a piece the
    /// counter still finds too large is cut again.
    private func appendScalarRuns(of run: Range<Int>, tokens runTokens: Int, to atoms: inout [Atom]) {
        let pieceCount = Swift.min(run.count, (runTokens + maxTokens - 1) / maxTokens)
        var cuts: [Int] = [run.lowerBound]
        for piece in 1..<Swift.max(pieceCount, 1) {
            let even = run.lowerBound + run.count * piece / pieceCount
            var cut = even
            while cut < run.upperBound && text.continuesCharacter(at: cut) { cut += 1 }
            if cut >= run.upperBound { cut = even }  // nothing but extending scalars ahead: cut evenly
            if cut > cuts[cuts.count - 1] && cut < run.upperBound { cuts.append(cut) }
        }
        cuts.append(run.upperBound)
        for position in 0..<(cuts.count - 1) {
            let piece = cuts[position]..<cuts[position + 1]
            let pieceTokens = tokens(piece)
            if pieceTokens > maxTokens && piece.count > 1 && piece.count < run.count {
                appendScalarRuns(of: piece, tokens: pieceTokens, to: &atoms)
            } else {
                atoms.append(Atom(range: piece, tokens: pieceTokens, kind: .fragment))
            }
        }
    }
}
