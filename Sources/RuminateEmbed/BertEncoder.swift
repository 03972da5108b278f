import RuminateSystem

/// BERT's forward pass over a batch of token sequences, followed by mean pooling and L2 normalisation.
///
/// The batch is packed without padding: every token-wise step (embeddings, dense layers, LayerNorm) runs on
/// the concatenated rows of all sequences, and attention runs per sequence and head over that sequence's
/// own rows. That is the padded computation with its attention mask, minus the work on pad tokens.
struct BertEncoder: Sendable {
    let config: BertConfiguration
    let weights: BertWeights

    /// One L2-normalised embedding per sequence (each sequence non-empty, within `maxPositions`, with ids
    /// below the vocabulary size).
    func embed(_ sequences: [[Int32]], workspace: EncoderWorkspace, pool: WorkerPool) -> [[Float]] {
        let h = config.hiddenSize
        var offsets = [0]
        for sequence in sequences { offsets.append(offsets[offsets.count - 1] + sequence.count) }
        let rows = offsets[offsets.count - 1]
        guard rows > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        precondition(rows <= workspace.rows && sequences.allSatisfy { $0.count <= workspace.maxLength })
        let hidden = workspace.hidden
        let queryKeyValue = workspace.queryKeyValue
        let context = workspace.context
        let projected = workspace.projected
        let intermediate = workspace.intermediate
        let scratch = workspace.attention

        embedTokens(sequences, offsets: offsets, into: hidden, pool: pool)
        for layer in weights.layers {
            MatrixKernel.multiply(
                .init(
                    a: hidden.pointer, lda: h, rows: rows, b: layer.queryKeyValue.pointer,
                    layout: layer.queryKeyValue.layout, c: queryKeyValue.pointer, ldc: 3 * h,
                    bias: layer.queryKeyValueBias.pointer),
                pool: pool)
            attend(queryKeyValue, offsets: offsets, into: context, scratch: scratch, pool: pool)
            MatrixKernel.multiply(
                .init(
                    a: context.pointer, lda: h, rows: rows, b: layer.attentionOutput.pointer,
                    layout: layer.attentionOutput.layout, c: projected.pointer, ldc: h,
                    bias: layer.attentionOutputBias.pointer),
                pool: pool)
            addNormalize(
                projected, into: hidden, rows: rows, gamma: layer.attentionNormGamma,
                beta: layer.attentionNormBeta, pool: pool)
            MatrixKernel.multiply(
                .init(
                    a: hidden.pointer, lda: h, rows: rows, b: layer.intermediate.pointer,
                    layout: layer.intermediate.layout, c: intermediate.pointer, ldc: config.intermediateSize,
                    bias: layer.intermediateBias.pointer, epilogue: .gelu),
                pool: pool)
            MatrixKernel.multiply(
                .init(
                    a: intermediate.pointer, lda: config.intermediateSize, rows: rows, b: layer.output.pointer,
                    layout: layer.output.layout, c: projected.pointer, ldc: h, bias: layer.outputBias.pointer),
                pool: pool)
            addNormalize(
                projected, into: hidden, rows: rows, gamma: layer.outputNormGamma,
                beta: layer.outputNormBeta, pool: pool)
        }
        return (0..<sequences.count).map { meanPooled(hidden, rows: offsets[$0]..<offsets[$0 + 1]) }
    }

    /// Word + position + token type 0 embeddings, then LayerNorm.
    private func embedTokens(_ sequences: [[Int32]], offsets: [Int], into hidden: FloatStorage, pool: WorkerPool) {
        let h = config.hiddenSize
        pool.run(tasks: sequences.count) { index in
            let sequence = sequences[index]
            for (position, id) in sequence.enumerated() {
                let row = hidden.pointer + (offsets[index] + position) * h
                let word = weights.wordEmbedding(id, hidden: h)
                let positional = weights.positionAndType.pointer + position * h
                for i in 0..<h {
                    row[i] =
                        word.loadUnaligned(fromByteOffset: i * MemoryLayout<Float>.stride, as: Float.self)
                        + positional[i]
                }
                VectorMath.addLayerNorm(
                    row, residual: nil, width: h, gamma: weights.embeddingNormGamma.pointer,
                    beta: weights.embeddingNormBeta.pointer, epsilon: config.layerNormEpsilon, output: row)
            }
        }
    }

    /// `hidden = LayerNorm(projected + hidden)`, row by row.
    private func addNormalize(
        _ projected: FloatStorage, into hidden: FloatStorage, rows: Int, gamma: FloatStorage, beta: FloatStorage,
        pool: WorkerPool
    ) {
        let h = config.hiddenSize
        let epsilon = config.layerNormEpsilon
        pool.runRanges(count: rows, minimum: 64) { range in
            for row in range {
                VectorMath.addLayerNorm(
                    projected.pointer + row * h, residual: hidden.pointer + row * h, width: h, gamma: gamma.pointer,
                    beta: beta.pointer, epsilon: epsilon, output: hidden.pointer + row * h)
            }
        }
    }

    /// Multi-head self-attention of each sequence over its own tokens; writes each head's output into its
    /// columns of `context`.
    private func attend(
        _ queryKeyValue: FloatStorage, offsets: [Int], into context: FloatStorage, scratch: [AttentionScratch],
        pool: WorkerPool
    ) {
        let h = config.hiddenSize
        let headSize = config.headSize
        let heads = config.headCount
        let scale = 1 / Float(headSize).squareRoot()
        let stride = 3 * h
        pool.run(tasks: (offsets.count - 1) * heads) { worker, task in
            let sequence = task / heads
            let head = task % heads
            let first = offsets[sequence]
            let length = offsets[sequence + 1] - first
            let work = scratch[worker]
            let scoreStride = work.scoreStride(for: length)
            let queries = queryKeyValue.pointer + first * stride + head * headSize
            let keys = queries + h
            let values = queries + 2 * h

            Packing.packRowsAsColumns(keys, stride: stride, count: length, width: headSize, into: work.keys.pointer)
            MatrixKernel.multiply(
                .init(
                    a: queries, lda: stride, rows: length, b: work.keys.pointer,
                    layout: PanelLayout(depth: headSize, columns: length), c: work.scores.pointer,
                    ldc: scoreStride, bias: nil),
                rows: 0..<length, panels: 0..<PanelLayout(depth: headSize, columns: length).panelCount)
            for row in 0..<length {
                VectorMath.scaledSoftmax(work.scores.pointer + row * scoreStride, count: length, scale: scale)
            }
            Packing.packColumns(values, stride: stride, depth: length, width: headSize, into: work.values.pointer)
            let valueLayout = PanelLayout(depth: length, columns: headSize)
            MatrixKernel.multiply(
                .init(
                    a: work.scores.pointer, lda: scoreStride, rows: length, b: work.values.pointer,
                    layout: valueLayout, c: context.pointer + first * h + head * headSize, ldc: h, bias: nil),
                rows: 0..<length, panels: 0..<valueLayout.panelCount)
        }
    }

    private func meanPooled(_ hidden: FloatStorage, rows: Range<Int>) -> [Float] {
        let h = config.hiddenSize
        var sum = [Float](repeating: 0, count: h)
        for row in rows {
            let values = hidden.pointer + row * h
            for i in 0..<h { sum[i] += values[i] }
        }
        let count = Float(max(1, rows.count))
        var norm: Float = 0
        for i in 0..<h {
            sum[i] /= count
            norm += sum[i] * sum[i]
        }
        let inverse = 1 / max(norm.squareRoot(), 1e-12)
        return sum.map { $0 * inverse }
    }
}

/// Activation memory for batches of up to `rows` tokens and sequences of up to `maxLength`, reused from
/// batch to batch (fresh 30 MB buffers per batch cost page faults and zeroing).
struct EncoderWorkspace: Sendable {
    let rows: Int
    let maxLength: Int
    let hidden: FloatStorage
    let queryKeyValue: FloatStorage
    let context: FloatStorage
    let projected: FloatStorage
    let intermediate: FloatStorage
    /// One per worker thread.
    let attention: [AttentionScratch]

    init(config: BertConfiguration, rows: Int, maxLength: Int, threads: Int) {
        self.rows = rows
        self.maxLength = maxLength
        hidden = FloatStorage(count: rows * config.hiddenSize)
        queryKeyValue = FloatStorage(count: rows * 3 * config.hiddenSize)
        context = FloatStorage(count: rows * config.hiddenSize)
        projected = FloatStorage(count: rows * config.hiddenSize)
        intermediate = FloatStorage(count: rows * config.intermediateSize)
        attention = (0..<max(1, threads)).map { _ in AttentionScratch(maxLength: maxLength, headSize: config.headSize) }
    }
}

/// One worker's memory for attention over sequences of up to `maxLength` tokens.
struct AttentionScratch: Sendable {
    let keys: FloatStorage
    let values: FloatStorage
    let scores: FloatStorage

    init(maxLength: Int, headSize: Int) {
        let padded = AttentionScratch.padded(maxLength)
        keys = FloatStorage(count: PanelLayout(depth: headSize, columns: padded).floatCount)
        values = FloatStorage(count: PanelLayout(depth: padded, columns: headSize).floatCount)
        scores = FloatStorage(count: maxLength * padded)
    }

    /// Scores rows are padded to whole panels, so that the kernel stores full vectors and softmax whole SIMD8s.
    func scoreStride(for length: Int) -> Int { AttentionScratch.padded(length) }

    static func padded(_ length: Int) -> Int {
        (length + PanelLayout.width - 1) / PanelLayout.width * PanelLayout.width
    }
}
