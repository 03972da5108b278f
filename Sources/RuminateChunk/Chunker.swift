import RuminateCore

/// Cuts an extracted document into passages that follow its structure.
///
/// - Heading blocks open sections; a heading of level n closes every open heading of level n or deeper.
///   A passage's `headingPath` is the titles of the open headings, outermost first. Heading text is not
///   passage text, and no passage crosses a heading.
/// - The body blocks of a section are packed into passages while they fit `maxTokens`; a block that
///   does not fit is cut at sentences, a sentence that does not fit at words, and a run without spaces
///   at scalar counts. See `SectionPacker` for overlap and the `minTokens` rule.
/// - A heading with no body becomes a passage of its own (its span is the heading), so a document of
///   headings alone is still findable. A document with text but no blocks is one paragraph.
/// - Every passage's `text` equals `document.text.slice(span)`, is never empty, and never starts or
///   ends with white space. Ordinals count from 0. Linear in the document's length.
/// - A passage's `page` is the page of the block its first character lies in (blocks of paged formats,
///   PDF, know their page), so a passage that begins with overlap from the page before carries that page.
public struct Chunker: Sendable {
    public let options: ChunkingOptions
    private let countTokens: @Sendable (Substring) -> Int
    private let splitSentences: @Sendable (String) -> [SourceSpan]

    /// - Parameters:
    ///   - countTokens: how many tokens a piece of text holds (the engine counts ICU words).
    ///   - splitSentences: the sentences of a string, as spans in Unicode scalar offsets of that string.
    public init(
        options: ChunkingOptions = .init(),
        countTokens: @escaping @Sendable (Substring) -> Int,
        splitSentences: @escaping @Sendable (String) -> [SourceSpan]
    ) {
        self.options = options.clamped
        self.countTokens = countTokens
        self.splitSentences = splitSentences
    }

    public func passages(for document: ExtractedDocument) -> [PassageDraft] {
        let text = ScalarText(document.text)
        guard text.count > 0 else { return [] }
        let packer = SectionPacker(
            options: options,
            splitter: AtomSplitter(
                text: text, maxTokens: options.maxTokens, countTokens: countTokens, splitSentences: splitSentences))

        let blocks = Chunker.usableBlocks(of: document, in: text)
        var output = PassageOutput(
            text: text, pageStarts: blocks.compactMap { block in block.page.map { (block.range.lowerBound, $0) } })
        var openHeadings: [(level: Int, title: String)] = []
        var sectionHeading: Range<Int>?
        var sectionBody: [Range<Int>] = []

        func closeSection() {
            let path = openHeadings.map(\.title)
            // A heading alone is packed like a body block: one passage, unless the "heading" is a wall
            // of text (broken HTML) that the budget must cut.
            let body = sectionBody.isEmpty ? sectionHeading.map { [$0] } ?? [] : sectionBody
            for range in packer.pack(body) { output.append(range, headingPath: path) }
            sectionHeading = nil
            sectionBody.removeAll(keepingCapacity: true)
        }

        for block in blocks {
            guard let level = block.level else {
                sectionBody.append(block.range)
                continue
            }
            closeSection()
            while let top = openHeadings.last, top.level >= level { openHeadings.removeLast() }
            openHeadings.append((level, text.string(block.range)))
            sectionHeading = block.range
        }
        closeSection()
        return output.passages
    }

    /// The document's blocks made safe to pack: clamped to the text, trimmed of white space, with
    /// empty blocks dropped and any overlap with an earlier block cut off (parsers promise ordered,
    /// disjoint blocks; this keeps a broken promise from producing overlapping or backward passages).
    /// A document with text but no blocks yields its trimmed text as one paragraph.
    private static func usableBlocks(of document: ExtractedDocument, in text: ScalarText)
        -> [(range: Range<Int>, level: Int?, page: Int?)]
    {
        if document.blocks.isEmpty {
            let whole = text.trimmed(0..<text.count)
            return whole.isEmpty ? [] : [(whole, nil, nil)]
        }
        var blocks: [(range: Range<Int>, level: Int?, page: Int?)] = []
        blocks.reserveCapacity(document.blocks.count)
        var previousEnd = 0
        for block in document.blocks {
            let start = Swift.min(Swift.max(block.span.start, previousEnd), text.count)
            let end = Swift.min(Swift.max(block.span.end, start), text.count)
            let range = text.trimmed(start..<end)
            guard !range.isEmpty else { continue }
            previousEnd = range.upperBound
            blocks.append((range, block.headingLevel.map { Swift.max(1, $0) }, block.page))
        }
        return blocks
    }
}

/// Numbers passages, cuts their text from the document and finds the page each starts on.
private struct PassageOutput {
    let text: ScalarText
    /// Start offset and page of every block that knows its page, in document order.
    let pageStarts: [(start: Int, page: Int)]
    var passages: [PassageDraft] = []

    mutating func append(_ range: Range<Int>, headingPath: [String]) {
        passages.append(
            PassageDraft(
                ordinal: passages.count, span: SourceSpan(start: range.lowerBound, end: range.upperBound),
                headingPath: headingPath, text: text.string(range), page: page(at: range.lowerBound)))
    }

    /// The page of the last block starting at or before `offset` (binary search; nil without pages).
    private func page(at offset: Int) -> Int? {
        var low = 0, high = pageStarts.count
        while low < high {
            let middle = (low + high) / 2
            if pageStarts[middle].start <= offset { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? pageStarts[low - 1].page : pageStarts.first?.page
    }
}
