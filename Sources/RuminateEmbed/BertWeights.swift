import RuminateCore

/// One transformer layer's weights, packed for `MatrixKernel` (query, key and value fused into one product).
struct EncoderLayerWeights: Sendable {
    let queryKeyValue: PackedMatrix
    let queryKeyValueBias: FloatStorage
    let attentionOutput: PackedMatrix
    let attentionOutputBias: FloatStorage
    let attentionNormGamma: FloatStorage
    let attentionNormBeta: FloatStorage
    let intermediate: PackedMatrix
    let intermediateBias: FloatStorage
    let output: PackedMatrix
    let outputBias: FloatStorage
    let outputNormGamma: FloatStorage
    let outputNormBeta: FloatStorage
}

/// All weights of a BERT encoder read from `model.safetensors`: the word embeddings stay in the mapped file,
/// everything else is copied and packed once.
struct BertWeights: Sendable {
    let file: SafeTensorsFile
    let vocabularySize: Int
    /// Byte offset of `embeddings.word_embeddings.weight` rows inside the mapping, via `wordEmbedding(_:)`.
    let wordEmbeddings: SharedRawPointer
    /// Position embedding + token-type-0 embedding, `[maxPositions, hidden]`.
    let positionAndType: FloatStorage
    let embeddingNormGamma: FloatStorage
    let embeddingNormBeta: FloatStorage
    let layers: [EncoderLayerWeights]

    init(file: SafeTensorsFile, config: BertConfiguration) throws {
        self.file = file
        let h = config.hiddenSize
        // Checkpoints saved from BertForMaskedLM and similar prefix every name with "bert.".
        let prefix = file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func vector(_ name: String, _ count: Int) throws -> FloatStorage {
            FloatStorage(try file.floatArray(prefix + name, shape: [count]))
        }
        guard let wordShape = file.tensors[prefix + "embeddings.word_embeddings.weight"]?.shape, wordShape.count == 2
        else {
            throw RuminateError(
                .malformedInput, "\(file.path) has no embeddings.word_embeddings.weight", hint: "is this a BERT model?")
        }
        vocabularySize = wordShape[0]
        guard vocabularySize > 0,
            let wordBase = try file.floats(
                prefix + "embeddings.word_embeddings.weight", shape: [vocabularySize, h]
            ).baseAddress
        else {
            throw RuminateError(.malformedInput, "\(file.path) has an empty word embedding table")
        }
        wordEmbeddings = SharedRawPointer(wordBase)

        let positions = try file.floatArray(
            prefix + "embeddings.position_embeddings.weight", shape: [config.maxPositions, h])
        guard let typeShape = file.tensors[prefix + "embeddings.token_type_embeddings.weight"]?.shape,
            typeShape.count == 2, typeShape[0] >= 1
        else {
            throw RuminateError(.malformedInput, "\(file.path) has no embeddings.token_type_embeddings.weight")
        }
        let types = try file.floatArray(prefix + "embeddings.token_type_embeddings.weight", shape: [typeShape[0], h])
        positionAndType = FloatStorage(positions.enumerated().map { $0.element + types[$0.offset % h] })
        embeddingNormGamma = try vector("embeddings.LayerNorm.weight", h)
        embeddingNormBeta = try vector("embeddings.LayerNorm.bias", h)

        var layers: [EncoderLayerWeights] = []
        for index in 0..<config.layerCount {
            let p = "encoder.layer.\(index)."
            func matrix(_ name: String, out: Int, in depth: Int) throws -> PackedMatrix {
                PackedMatrix(
                    rowMajor: try file.floats(prefix + p + name, shape: [out, depth]), columns: out, depth: depth)
            }
            var stacked: [Float] = []
            var stackedBias: [Float] = []
            for part in ["query", "key", "value"] {
                stacked += try file.floatArray(prefix + p + "attention.self.\(part).weight", shape: [h, h])
                stackedBias += try file.floatArray(prefix + p + "attention.self.\(part).bias", shape: [h])
            }
            let queryKeyValue = stacked.withUnsafeBytes { PackedMatrix(rowMajor: $0, columns: 3 * h, depth: h) }
            layers.append(
                EncoderLayerWeights(
                    queryKeyValue: queryKeyValue,
                    queryKeyValueBias: FloatStorage(stackedBias),
                    attentionOutput: try matrix("attention.output.dense.weight", out: h, in: h),
                    attentionOutputBias: try vector(p + "attention.output.dense.bias", h),
                    attentionNormGamma: try vector(p + "attention.output.LayerNorm.weight", h),
                    attentionNormBeta: try vector(p + "attention.output.LayerNorm.bias", h),
                    intermediate: try matrix("intermediate.dense.weight", out: config.intermediateSize, in: h),
                    intermediateBias: try vector(p + "intermediate.dense.bias", config.intermediateSize),
                    output: try matrix("output.dense.weight", out: h, in: config.intermediateSize),
                    outputBias: try vector(p + "output.dense.bias", h),
                    outputNormGamma: try vector(p + "output.LayerNorm.weight", h),
                    outputNormBeta: try vector(p + "output.LayerNorm.bias", h)))
        }
        self.layers = layers
    }

    /// The embedding row of token `id` inside the mapped file (4-byte aligned at least).
    func wordEmbedding(_ id: Int32, hidden: Int) -> UnsafeRawPointer {
        UnsafeRawPointer(wordEmbeddings.pointer) + Int(id) * hidden * MemoryLayout<Float>.stride
    }
}

/// A pointer into the read-only mapping of `SafeTensorsFile`, kept alive by the file it belongs to.
struct SharedRawPointer: @unchecked Sendable {
    let pointer: UnsafeRawPointer
    init(_ pointer: UnsafeRawPointer) { self.pointer = pointer }
}
