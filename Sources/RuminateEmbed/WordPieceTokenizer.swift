import Foundation
import RuminateCore

/// BERT's tokenizer, identical in output to Hugging Face's `BertTokenizer`/`tokenizers` WordPiece for uncased
/// BERT models: special tokens matched in the raw text, `BertNormalizer`, punctuation/whitespace splitting,
/// greedy longest-match-first WordPiece with `##` continuations, `[CLS] … [SEP]`, truncation to `maxTokens`.
public final class WordPieceTokenizer: Sendable {
    public let maxTokens: Int
    /// Ids run from 0 to `vocabularySize - 1` (the lines of vocab.txt).
    public let vocabularySize: Int

    /// Every token, for the first piece of a word.
    private let wordStarts: VocabularyTable
    /// Tokens that begin with `##`, without it, for the following pieces.
    private let continuations: VocabularyTable
    private let normalizer: BertNormalizer
    /// Tokens such as `[CLS]` that are recognised verbatim in the input (Hugging Face's "added tokens").
    private let specialTokens: [(text: [Unicode.Scalar], id: Int32)]
    /// First scalars of the special tokens (a handful: a linear scan beats hashing every input scalar).
    private let specialTokenStarts: [Unicode.Scalar]
    private let clsID: Int32
    private let sepID: Int32
    private let unkID: Int32
    private static let maxScalarsPerWord = 100

    /// - Parameters:
    ///   - stripAccents: `nil` follows `lowercase`, as in Hugging Face.
    ///   - maxTokens: total length including `[CLS]` and `[SEP]` (at least 2).
    public init(
        vocabularyFile: String, lowercase: Bool, stripAccents: Bool?, tokenizeChineseChars: Bool = true,
        specialTokens: [String] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], maxTokens: Int
    ) throws {
        guard maxTokens >= 2 else {
            throw RuminateError(
                .invalidArgument, "maxTokens must be at least 2 (room for [CLS] and [SEP]), got \(maxTokens)")
        }
        let lines = try WordPieceTokenizer.loadVocabulary(vocabularyFile)
        var ids: [Substring: Int32] = [:]
        for (index, line) in lines.enumerated() { ids[line] = Int32(index) }
        func id(_ token: String) throws -> Int32 {
            guard let id = ids[Substring(token)] else {
                throw RuminateError(
                    .malformedInput, "The vocabulary \(vocabularyFile) has no \(token) token",
                    hint: "use the vocab.txt of a BERT-family model")
            }
            return id
        }
        self.clsID = try id("[CLS]")
        self.sepID = try id("[SEP]")
        self.unkID = try id("[UNK]")
        self.vocabularySize = lines.count
        self.wordStarts = VocabularyTable(lines.enumerated().map { ($0.element.utf8, Int32($0.offset)) })
        // Bytes, not Characters: in "##ि" the mark joins the second "#" into one Character.
        let hash = UInt8(ascii: "#")
        self.continuations = VocabularyTable(
            lines.enumerated().compactMap { index, line in
                let bytes = line.utf8
                return bytes.count > 2 && bytes.first == hash && bytes.dropFirst().first == hash
                    ? (bytes.dropFirst(2), Int32(index)) : nil
            })
        self.maxTokens = maxTokens
        self.normalizer = BertNormalizer(
            cleanText: true, handleChineseChars: tokenizeChineseChars, stripAccents: stripAccents ?? lowercase,
            lowercase: lowercase)
        self.specialTokens = specialTokens.compactMap { token in
            ids[Substring(token)].map { (Array(token.unicodeScalars), $0) }
        }.sorted { $0.text.count > $1.text.count }  // longest first: leftmost-longest matching
        self.specialTokenStarts = Array(Set(self.specialTokens.compactMap(\.text.first)))
    }

    /// Reads the tokenizer settings of a Hugging Face model folder (`tokenizer_config.json`, `tokenizer.json`).
    public convenience init(modelDirectory: String, maxTokens: Int) throws {
        let settings = try TokenizerSettings(modelDirectory: modelDirectory)
        try self.init(
            vocabularyFile: modelDirectory + "/vocab.txt", lowercase: settings.lowercase,
            stripAccents: settings.stripAccents, tokenizeChineseChars: settings.tokenizeChineseChars,
            specialTokens: settings.specialTokens, maxTokens: maxTokens)
    }

    /// Token ids with `[CLS]` first and `[SEP]` last, truncated to `maxTokens`.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [clsID]
        ids.reserveCapacity(min(maxTokens, text.utf8.count / 3 + 8))
        let budget = maxTokens - 1
        let scalars = text.unicodeScalars
        var segmentStart = scalars.startIndex
        var index = scalars.startIndex
        // Special tokens are cut out of the raw text first; the pieces between them are normalised.
        while index < scalars.endIndex && ids.count < budget {
            if specialTokenStarts.contains(scalars[index]), let (token, end) = specialToken(at: index, in: scalars) {
                appendWordPieces(of: scalars[segmentStart..<index], to: &ids, budget: budget)
                if ids.count < budget { ids.append(token) }
                index = end
                segmentStart = end
            } else {
                index = scalars.index(after: index)
            }
        }
        if ids.count < budget {
            appendWordPieces(of: scalars[segmentStart..<scalars.endIndex], to: &ids, budget: budget)
        }
        ids.append(sepID)
        return ids
    }

    private func specialToken(
        at index: String.UnicodeScalarView.Index, in scalars: String.UnicodeScalarView
    ) -> (Int32, String.UnicodeScalarView.Index)? {
        for (text, id) in specialTokens {
            var cursor = index
            var matched = true
            for scalar in text {
                guard cursor < scalars.endIndex, scalars[cursor] == scalar else { matched = false; break }
                cursor = scalars.index(after: cursor)
            }
            if matched { return (id, cursor) }
        }
        return nil
    }

    private func appendWordPieces(of segment: Substring.UnicodeScalarView, to ids: inout [Int32], budget: Int) {
        guard !segment.isEmpty else { return }
        var pieces: [Int32] = []
        var utf8: [UInt8] = []
        var boundaries: [Int] = []
        normalizer.forEachWord(in: segment) { word in
            pieces.removeAll(keepingCapacity: true)
            wordPieces(of: word, into: &pieces, utf8: &utf8, boundaries: &boundaries)
            for piece in pieces {
                guard ids.count < budget else { return false }
                ids.append(piece)
            }
            return ids.count < budget
        }
    }

    /// Greedy longest-match-first; a word that cannot be covered entirely becomes one `[UNK]`.
    private func wordPieces(of word: [UInt32], into pieces: inout [Int32], utf8: inout [UInt8], boundaries: inout [Int])
    {
        if word.count > WordPieceTokenizer.maxScalarsPerWord {
            pieces.append(unkID)
            return
        }
        utf8.removeAll(keepingCapacity: true)
        boundaries.removeAll(keepingCapacity: true)
        for value in word {
            boundaries.append(utf8.count)
            WordPieceTokenizer.appendUTF8(value, to: &utf8)
        }
        boundaries.append(utf8.count)
        utf8.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < word.count {
                let table = start == 0 ? wordStarts : continuations
                var end = min(word.count, start + table.longestKey)
                var found: Int32?
                while start < end {
                    if let id = table.id(of: UnsafeBufferPointer(rebasing: bytes[boundaries[start]..<boundaries[end]]))
                    {
                        found = id
                        break
                    }
                    end -= 1
                }
                guard let id = found else {
                    pieces.removeAll(keepingCapacity: true)
                    pieces.append(unkID)
                    return
                }
                pieces.append(id)
                start = end
            }
        }
    }

    @inline(__always)
    private static func appendUTF8(_ value: UInt32, to bytes: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// The lines of vocab.txt (token id = line number), without line ends.
    private static func loadVocabulary(_ path: String) throws -> [Substring] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RuminateError(
                .fileUnreadable, "Cannot read the vocabulary file \(path)",
                hint: "point --model at a folder with vocab.txt (scripts/fetch-model fetches all-MiniLM-L6-v2)",
                cause: error)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuminateError(.malformedInput, "The vocabulary file \(path) is not UTF-8")
        }
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            Substring(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.count > 3 else {
            throw RuminateError(.malformedInput, "The vocabulary file \(path) has only \(lines.count) tokens")
        }
        return lines
    }
}
