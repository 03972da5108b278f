import Foundation
import RuminateCore

/// Reads a JSON object file of a Hugging Face model folder; `nil` when the file does not exist.
func readJSONObject(_ path: String, required: Bool) throws -> [String: Any]? {
    guard FileManager.default.fileExists(atPath: path) else {
        if required {
            throw RuminateError(
                .notFound, "The model folder has no \((path as NSString).lastPathComponent) (\(path))",
                hint: "point --model at a Hugging Face BERT model folder; scripts/fetch-model fetches all-MiniLM-L6-v2")
        }
        return nil
    }
    do {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RuminateError(.malformedInput, "\(path) is not a JSON object")
        }
        return object
    } catch let error as RuminateError {
        throw error
    } catch {
        throw RuminateError(.malformedInput, "Cannot parse \(path) as JSON", cause: error)
    }
}

/// How the model's tokenizer normalises text, from `tokenizer.json` (preferred) or `tokenizer_config.json`.
struct TokenizerSettings: Sendable {
    var lowercase = true
    var stripAccents: Bool?
    var tokenizeChineseChars = true
    var specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    init(modelDirectory: String) throws {
        if let json = try readJSONObject(modelDirectory + "/tokenizer.json", required: false) {
            if let normalizer = json["normalizer"] as? [String: Any] {
                guard normalizer["type"] as? String == "BertNormalizer" else {
                    throw RuminateError(
                        .unsupportedFormat,
                        "The tokenizer in \(modelDirectory) uses a \(normalizer["type"] ?? "unknown") normalizer",
                        hint: "only BERT WordPiece tokenizers are supported")
                }
                lowercase = normalizer["lowercase"] as? Bool ?? lowercase
                stripAccents = normalizer["strip_accents"] as? Bool
                tokenizeChineseChars = normalizer["handle_chinese_chars"] as? Bool ?? tokenizeChineseChars
            }
            if let model = json["model"] as? [String: Any], let type = model["type"] as? String, type != "WordPiece" {
                throw RuminateError(
                    .unsupportedFormat, "The tokenizer in \(modelDirectory) is \(type), not WordPiece",
                    hint: "only BERT WordPiece tokenizers are supported")
            }
            if let added = json["added_tokens"] as? [[String: Any]] {
                // Tokens matched in the raw text (normalized == false); the others would need the normalised text.
                let raw = added.filter { ($0["normalized"] as? Bool) != true }.compactMap { $0["content"] as? String }
                if !raw.isEmpty { specialTokens = raw }
            }
        } else if let config = try readJSONObject(modelDirectory + "/tokenizer_config.json", required: false) {
            lowercase = config["do_lower_case"] as? Bool ?? lowercase
            stripAccents = config["strip_accents"] as? Bool
            tokenizeChineseChars = config["tokenize_chinese_chars"] as? Bool ?? tokenizeChineseChars
        }
    }
}

/// The transformer's shape, from `config.json`, plus the sentence-level settings of sentence-transformers.
struct BertConfiguration: Sendable {
    var hiddenSize: Int
    var layerCount: Int
    var headCount: Int
    var intermediateSize: Int
    var maxPositions: Int
    var layerNormEpsilon: Float
    /// Tokens per text, `[CLS]` and `[SEP]` included (sentence-transformers' `max_seq_length`).
    var maxTokens: Int

    init(modelDirectory: String) throws {
        let path = modelDirectory + "/config.json"
        guard let config = try readJSONObject(path, required: true) else {
            throw RuminateError(.notFound, "The model folder has no config.json (\(path))")
        }
        func int(_ key: String) throws -> Int {
            guard let value = config[key] as? Int, value > 0 else {
                throw RuminateError(.malformedInput, "\(path) has no positive integer \"\(key)\"")
            }
            return value
        }
        hiddenSize = try int("hidden_size")
        layerCount = try int("num_hidden_layers")
        headCount = try int("num_attention_heads")
        intermediateSize = try int("intermediate_size")
        maxPositions = try int("max_position_embeddings")
        layerNormEpsilon = Float(config["layer_norm_eps"] as? Double ?? 1e-12)
        let activation = config["hidden_act"] as? String ?? "gelu"
        let modelType = config["model_type"] as? String ?? "bert"
        let positions = config["position_embedding_type"] as? String ?? "absolute"
        guard activation == "gelu", modelType == "bert", positions == "absolute" else {
            throw RuminateError(
                .unsupportedFormat,
                "\(path) describes a \(modelType) model with \(activation) activation and \(positions) positions",
                hint: "only BERT models with exact GELU and absolute positions are supported")
        }
        guard hiddenSize % 8 == 0 else {
            throw RuminateError(.unsupportedFormat, "\(path): hidden_size \(hiddenSize) is not a multiple of 8")
        }
        guard hiddenSize % headCount == 0 else {
            throw RuminateError(
                .malformedInput, "\(path): hidden_size \(hiddenSize) is not a multiple of \(headCount) heads")
        }

        var maxTokens = maxPositions
        if let sentence = try readJSONObject(modelDirectory + "/sentence_bert_config.json", required: false),
            let length = sentence["max_seq_length"] as? Int, length >= 2
        {
            maxTokens = min(length, maxPositions)
        }
        self.maxTokens = maxTokens

        if let pooling = try readJSONObject(modelDirectory + "/1_Pooling/config.json", required: false) {
            let mean = pooling["pooling_mode_mean_tokens"] as? Bool ?? true
            let others = ["pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens"]
                .contains { pooling[$0] as? Bool == true }
            guard mean && !others else {
                throw RuminateError(
                    .unsupportedFormat, "\(modelDirectory)/1_Pooling/config.json asks for a pooling other than mean",
                    hint: "only mean pooling is supported")
            }
        }
    }

    var headSize: Int { hiddenSize / headCount }
}
