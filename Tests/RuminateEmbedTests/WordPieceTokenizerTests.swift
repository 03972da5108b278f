import Foundation
import RuminateCore
import Testing

@testable import RuminateEmbed

@Suite("WordPieceTokenizer")
struct WordPieceTokenizerTests {
    @Test("matches Hugging Face tokenizers on 329 varied strings")
    func parityWithReferenceLibrary() throws {
        let tokenizer = try EmbedTestSupport.tokenizer.get()
        let items = try EmbedTestSupport.loadReference(
            EmbedTestSupport.fixtures.appendingPathComponent("tokenizer_parity.json"))
        #expect(items.count >= 300)
        var mismatches = 0
        for item in items {
            let ours = tokenizer.encode(item.text)
            if ours != item.ids {
                mismatches += 1
                if mismatches <= 10 {
                    Issue.record(
                        "\(item.text.debugDescription.prefix(120)): got \(ours.prefix(40)), expected \(item.ids?.prefix(40) ?? [])"
                    )
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test(
        "matches the input_ids of the team's MiniLM reference embeddings",
        .enabled(if: EmbedTestSupport.hasMiniLMReference, Comment(rawValue: EmbedTestSupport.minilmReferenceMissing)))
    func parityWithMiniLMReference() throws {
        let tokenizer = try EmbedTestSupport.tokenizer.get()
        let items = try EmbedTestSupport.loadReference(EmbedTestSupport.minilmReference)
        #expect(items.count == 20)
        for item in items {
            #expect(tokenizer.encode(item.text) == item.input_ids, "\(item.text.prefix(60))")
        }
    }

    @Test("wraps in [CLS] … [SEP] and truncates to maxTokens")
    func specialTokensAndTruncation() throws {
        let tokenizer = try WordPieceTokenizer(modelDirectory: EmbedTestSupport.modelDirectory, maxTokens: 8)
        #expect(tokenizer.encode("") == [101, 102])
        #expect(tokenizer.encode("hello world") == [101, 7592, 2088, 102])
        let long = tokenizer.encode(String(repeating: "hello ", count: 50))
        #expect(long.count == 8)
        #expect(long.first == 101 && long.last == 102)
        #expect(long.dropFirst().dropLast().allSatisfy { $0 == 7592 })
        // A special token in the text counts against the budget like any other.
        #expect(tokenizer.encode("a [MASK] b") == [101, 1037, 103, 1038, 102])
    }

    @Test("splits unknown words into ## pieces and unknowable ones into one [UNK]")
    func wordPieces() throws {
        let tokenizer = try EmbedTestSupport.tokenizer.get()
        let pieces = tokenizer.encode("unaffordable")
        #expect(pieces.count > 3)  // several pieces, no [UNK]
        #expect(!pieces.contains(100))
        #expect(tokenizer.encode("🫠") == [101, 100, 102])
        #expect(tokenizer.encode(String(repeating: "a", count: 101)) == [101, 100, 102])
    }

    @Test("reads the tokenizer settings: an uncased model lowercases and strips accents")
    func settingsFromModelFolder() throws {
        let tokenizer = try EmbedTestSupport.tokenizer.get()
        #expect(tokenizer.encode("CAFÉ") == tokenizer.encode("cafe"))
        let cased = try WordPieceTokenizer(
            vocabularyFile: EmbedTestSupport.modelDirectory + "/vocab.txt", lowercase: false, stripAccents: nil,
            maxTokens: 16)
        #expect(cased.encode("Hello") != tokenizer.encode("Hello"))
    }

    @Test("reports a missing vocabulary and an impossible budget clearly")
    func errors() throws {
        #expect(throws: RuminateError.self) {
            try WordPieceTokenizer(
                vocabularyFile: "/nonexistent/vocab.txt", lowercase: true, stripAccents: nil, maxTokens: 16)
        }
        #expect(throws: RuminateError.self) {
            try WordPieceTokenizer(
                vocabularyFile: EmbedTestSupport.modelDirectory + "/vocab.txt", lowercase: true, stripAccents: nil,
                maxTokens: 1)
        }
        let folder = try EmbedTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vocabulary = folder.appendingPathComponent("vocab.txt")
        try "[PAD]\nhello\n".write(to: vocabulary, atomically: true, encoding: .utf8)
        do {
            _ = try WordPieceTokenizer(
                vocabularyFile: vocabulary.path, lowercase: true, stripAccents: nil, maxTokens: 16)
            Issue.record("a vocabulary without [CLS] was accepted")
        } catch let error as RuminateError {
            #expect(error.code == .malformedInput)
        }
    }

    @Test("a small vocabulary: greedy longest match, ## continuations, CRLF lines")
    func handMadeVocabulary() throws {
        let folder = try EmbedTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vocabulary = folder.appendingPathComponent("vocab.txt")
        let tokens = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "unaff", "##ord", "##able", "##a", "!", "aff",
            "\u{915}", "##\u{93F}",
        ]
        try tokens.joined(separator: "\r\n").write(to: vocabulary, atomically: true, encoding: .utf8)
        let tokenizer = try WordPieceTokenizer(
            vocabularyFile: vocabulary.path, lowercase: true, stripAccents: nil, maxTokens: 32)
        #expect(tokenizer.vocabularySize == tokens.count)
        // "unaff" beats "un"; then "##ord", "##able"; "!" is split off; "affx" cannot be covered.
        #expect(tokenizer.encode("Unaffordable! affx") == [2, 6, 7, 8, 10, 1, 3])
        // A continuation made of a combining vowel sign ("##ि" is two Characters, not three).
        #expect(tokenizer.encode("\u{915}\u{93F}") == [2, 12, 13, 3])
    }
}
