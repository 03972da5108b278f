import Foundation
import RuminateCore
import Testing

@testable import RuminateEmbed

@Suite("ModelFiles")
struct ModelFilesTests {
    @Test("reads the transformer shape and the sentence-level settings of the real model")
    func realModel() throws {
        let config = try BertConfiguration(modelDirectory: EmbedTestSupport.modelDirectory)
        #expect(config.hiddenSize == 384)
        #expect(config.layerCount == 6)
        #expect(config.headCount == 12)
        #expect(config.headSize == 32)
        #expect(config.intermediateSize == 1536)
        #expect(config.maxTokens == 256)  // sentence_bert_config.json, not the 512 positions
        let settings = try TokenizerSettings(modelDirectory: EmbedTestSupport.modelDirectory)
        #expect(settings.lowercase && settings.stripAccents == nil && settings.tokenizeChineseChars)
        #expect(Set(settings.specialTokens) == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    }

    static func folder(config: String, pooling: String? = nil) throws -> URL {
        let folder = try EmbedTestSupport.temporaryFolder()
        try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        if let pooling {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
            try pooling.write(
                to: folder.appendingPathComponent("1_Pooling/config.json"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    static let validConfig =
        #"{"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "#
        + #""intermediate_size": 128, "max_position_embeddings": 128, "hidden_act": "gelu", "model_type": "bert"}"#

    @Test(
        "refuses models it would compute wrongly",
        arguments: [
            (#"{"hidden_size": 64}"#, nil, RuminateError.Code.malformedInput),
            (validConfig.replacingOccurrences(of: #""gelu""#, with: #""relu""#), nil, .unsupportedFormat),
            (validConfig.replacingOccurrences(of: #""bert""#, with: #""roberta""#), nil, .unsupportedFormat),
            (
                validConfig.replacingOccurrences(of: #""num_attention_heads": 4"#, with: #""num_attention_heads": 5"#),
                nil,
                .malformedInput
            ),
            (validConfig, #"{"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}"#, .unsupportedFormat),
            ("not json", nil, .malformedInput),
        ] as [(String, String?, RuminateError.Code)])
    func refusals(config: String, pooling: String?, code: RuminateError.Code) throws {
        let folder = try Self.folder(config: config, pooling: pooling)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try BertConfiguration(modelDirectory: folder.path)
            Issue.record("accepted \(config)")
        } catch let error as RuminateError {
            #expect(error.code == code, "\(error)")
        }
    }

    @Test("accepts a valid small configuration; a missing config.json is notFound")
    func validAndMissing() throws {
        let folder = try Self.folder(config: Self.validConfig, pooling: #"{"pooling_mode_mean_tokens": true}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try BertConfiguration(modelDirectory: folder.path)
        #expect(config.headSize == 16 && config.maxTokens == 128 && config.layerNormEpsilon == 1e-12)
        do {
            _ = try BertConfiguration(modelDirectory: folder.appendingPathComponent("nothing").path)
            Issue.record("accepted a missing folder")
        } catch let error as RuminateError {
            #expect(error.code == .notFound)
        }
    }

    @Test("tokenizer settings fall back to tokenizer_config.json")
    func tokenizerConfigFallback() throws {
        let folder = try EmbedTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"do_lower_case": false, "strip_accents": true, "tokenize_chinese_chars": false}"#.write(
            to: folder.appendingPathComponent("tokenizer_config.json"), atomically: true, encoding: .utf8)
        let settings = try TokenizerSettings(modelDirectory: folder.path)
        #expect(!settings.lowercase && settings.stripAccents == true && !settings.tokenizeChineseChars)
    }
}
