import Foundation
import RuminateCore

/// BERT's tokenizer, identical in output to Hugging Face's `BertTokenizer`/`tokenizers` WordPiece for uncased
/// BERT models: special tokens matched in the raw text, `BertNormalizer`, punctuation/whitespace splitting,
/// greedy longest-match-first WordPiece with `##` continuations, `[CLS] … [SEP]`, truncation to `maxTokens`.
public final class WordPieceTokenizer: Sendable {
    public let maxTokens: Int
    public var vocabularySize: Int { vocabulary.count }

    private let vocabulary: [String: Int32]
    private let normalizer: BertNormalizer
    /// Tokens such as `[CLS]` that are recognised verbatim in the input (Hugging Face's "added tokens").
    private let specialTokens: [(text: [Unicode.Scalar], id: Int32)]
    private let specialTokenStarts: Set<Unicode.Scalar>
    private let clsID: Int32
    private let sepID: Int32
    private let unkID: Int32
    /// Longest vocabulary entry, in scalars: no longer piece can match, which bounds the greedy search.
    private let longestPiece: Int
    private static let maxScalarsPerWord = 100
    private static let continuationPrefix = "##"

    /// - Parameters:
    ///   - stripAccents: `nil` follows `lowercase`, as in Hugging Face.
    ///   - maxTokens: total length including `[CLS]` and `[SEP]` (at least 2).
    public init(
        vocabularyFile: String, lowercase: Bool, stripAccents: Bool?, tokenizeChineseChars: Bool = true,
        specialTokens: [String] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], maxTokens: Int
    ) throws {
        guard maxTokens >= 2 else {
            throw RuminateError(.invalidArgument, "maxTokens must be at least 2 (room for [CLS] and [SEP]), got \(maxTokens)")
        }
        let vocabulary = try WordPieceTokenizer.loadVocabulary(vocabularyFile)
        func id(_ token: String) throws -> Int32 {
            guard let id = vocabulary[token] else {
                throw RuminateError(
                    .malformedInput, "The vocabulary \(vocabularyFile) has no \(token) token",
                    hint: "use the vocab.txt of a BERT-family model")
            }
            return id
        }
        self.clsID = try id("[CLS]")
        self.sepID = try id("[SEP]")
        self.unkID = try id("[UNK]")
        self.vocabulary = vocabulary
        self.maxTokens = maxTokens
        self.normalizer = BertNormalizer(
            cleanText: true, handleChineseChars: tokenizeChineseChars, stripAccents: stripAccents ?? lowercase,
            lowercase: lowercase)
        self.specialTokens = specialTokens.compactMap { token in
            vocabulary[token].map { (Array(token.unicodeScalars), $0) }
        }.sorted { $0.text.count > $1.text.count }  // longest first: leftmost-longest matching
        self.specialTokenStarts = Set(self.specialTokens.compactMap(\.text.first))
        self.longestPiece = vocabulary.keys.reduce(0) { max($0, $1.unicodeScalars.count) }
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
        if ids.count < budget { appendWordPieces(of: scalars[segmentStart..<scalars.endIndex], to: &ids, budget: budget) }
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
        normalizer.forEachWord(in: segment) { word in
            pieces.removeAll(keepingCapacity: true)
            wordPieces(of: word, into: &pieces)
            for piece in pieces {
                guard ids.count < budget else { return false }
                ids.append(piece)
            }
            return ids.count < budget
        }
    }

    /// Greedy longest-match-first; a word that cannot be covered entirely becomes one `[UNK]`.
    private func wordPieces(of word: [UInt32], into pieces: inout [Int32]) {
        if word.count > WordPieceTokenizer.maxScalarsPerWord {
            pieces.append(unkID)
            return
        }
        var start = 0
        while start < word.count {
            var end = min(word.count, start + longestPiece)
            var found: Int32?
            while start < end {
                var candidate = start > 0 ? WordPieceTokenizer.continuationPrefix : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end].lazy.compactMap(Unicode.Scalar.init))
                if let id = vocabulary[candidate] {
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

    private static func loadVocabulary(_ path: String) throws -> [String: Int32] {
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
        // One token per line, id = line number; a later duplicate wins, as in Hugging Face's loader.
        var vocabulary: [String: Int32] = [:]
        var id: Int32 = 0
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines {
            var token = String(Substring(line))
            if token.utf8.last == UInt8(ascii: "\r") { token = String(token.utf8.dropLast())! }
            vocabulary[token] = id
            id += 1
        }
        guard vocabulary.count > 3 else {
            throw RuminateError(.malformedInput, "The vocabulary file \(path) has only \(vocabulary.count) tokens")
        }
        return vocabulary
    }
}
