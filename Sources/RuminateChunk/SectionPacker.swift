/// Packs the body blocks of one section (text between two headings) into passage ranges.
///
/// Atoms are placed greedily while the passage fits `maxTokens`. When a section needs more than one
/// passage, each new passage begins with the last whole sentences of the one before (the overlap),
/// and a trailing passage under `minTokens` is balanced against the one before it.
/// Every step is linear in the section's atoms.
struct SectionPacker {
    let options: ChunkingOptions
    let splitter: AtomSplitter

    /// One passage under construction: atoms `first...last`, plus an overlap that starts earlier.
    private struct Draft {
        var first: Int
        var last: Int
        var ownTokens: Int
        var overlapStart: Int?
        var overlapTokens = 0

        var totalTokens: Int { ownTokens + overlapTokens }
    }

    /// Passage ranges for consecutive body blocks, in order; each runs from its first piece's start
    /// to its last piece's end.
    func pack(_ blocks: [Range<Int>]) -> [Range<Int>] {
        var atoms: [Atom] = []
        for block in blocks { splitter.appendAtoms(ofBlock: block, to: &atoms) }
        guard !atoms.isEmpty else { return [] }

        var drafts: [Draft] = []
        var current = Draft(first: 0, last: 0, ownTokens: atoms[0].tokens)
        for index in 1..<atoms.count {
            let atom = atoms[index]
            if current.totalTokens + atom.tokens <= options.maxTokens {
                current.last = index
                current.ownTokens += atom.tokens
                continue
            }
            drafts.append(current)
            var next = Draft(first: index, last: index, ownTokens: atom.tokens)
            attachOverlap(to: &next, after: current, atoms: atoms)
            current = next
        }
        drafts.append(current)
        balanceTail(&drafts, atoms: atoms)

        return drafts.map { draft in
            (draft.overlapStart ?? atoms[draft.first].range.lowerBound)..<atoms[draft.last].range.upperBound
        }
    }

    /// A trailing passage under `minTokens` takes atoms from the end of the one before until it is big
    /// enough (or the budget, or the other passage's own minimum, stops it); its overlap is then worked
    /// out again. Simply merging the two can never fit: the greedy pass closed the previous passage
    /// precisely because the trailing passage's first atom did not fit in it.
    private func balanceTail(_ drafts: inout [Draft], atoms: [Atom]) {
        guard drafts.count >= 2, var last = drafts.last, last.ownTokens < options.minTokens else { return }
        var previous = drafts[drafts.count - 2]
        while last.ownTokens < options.minTokens && previous.last > previous.first {
            let moving = atoms[previous.last]
            guard last.ownTokens + moving.tokens <= options.maxTokens,
                previous.ownTokens - moving.tokens >= options.minTokens
            else { break }
            previous.last -= 1
            previous.ownTokens -= moving.tokens
            last.first -= 1
            last.ownTokens += moving.tokens
        }
        last.overlapStart = nil
        last.overlapTokens = 0
        attachOverlap(to: &last, after: previous, atoms: atoms)
        drafts[drafts.count - 2] = previous
        drafts[drafts.count - 1] = last
    }

    /// Gives `next` the last whole sentences of `previous` that fit both `overlapTokens` and what the
    /// budget leaves beside `next`'s own atoms. The overlap never reaches back to the start of
    /// `previous`'s own text, so a passage never repeats the whole of the one before.
    private func attachOverlap(to next: inout Draft, after previous: Draft, atoms: [Atom]) {
        let budget = Swift.min(options.overlapTokens, options.maxTokens - next.ownTokens)
        guard budget > 0 else { return }
        let previousStart = atoms[previous.first].range.lowerBound
        var tokens = 0
        var start: Int?
        var index = previous.last
        walk: while index >= previous.first {
            let atom = atoms[index]
            switch atom.kind {
            case .fragment:
                break walk
            case .sentence:
                guard atom.range.lowerBound > previousStart, tokens + atom.tokens <= budget else { break walk }
                tokens += atom.tokens
                start = atom.range.lowerBound
            case .block:
                // A block that fit whole was never cut into sentences: cut it now, only as far as needed.
                for sentence in splitter.sentences(in: atom.range).reversed() {
                    let sentenceTokens = splitter.tokens(sentence)
                    guard sentence.lowerBound > previousStart, tokens + sentenceTokens <= budget else { break walk }
                    tokens += sentenceTokens
                    start = sentence.lowerBound
                }
            }
            index -= 1
        }
        if let start {
            next.overlapStart = start
            next.overlapTokens = tokens
        }
    }
}
