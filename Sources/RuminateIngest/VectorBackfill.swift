import Foundation
import RuminateCore
import RuminateIndex
import RuminateVector

/// Embeds every passage that has no vector yet, in batches, each stored in its own transaction: a new
/// index, new passages after an incremental run, an index built before the model was available, and a run
/// interrupted half-way are all the same case. A different model than the one recorded means every vector
/// is dropped and made again (never mixed).
public struct VectorBackfill {
    public struct Report: Sendable, Codable, Hashable {
        public var model: String
        public var embedded = 0
        public var replacedModel: String?
        public var seconds = 0.0
        public var passagesPerSecond: Double { seconds > 0 ? Double(embedded) / seconds : 0 }

        enum CodingKeys: String, CodingKey { case model, embedded, replacedModel = "replaced_model", seconds }
    }

    public let index: any IndexStore
    public let embedder: any TextEmbedder
    public var batchSize = 256
    public var maxSegments = 8
    let progress: ProgressReporter

    public init(index: any IndexStore, embedder: any TextEmbedder, progress: ProgressReporter = ProgressReporter()) {
        self.index = index
        self.embedder = embedder
        self.progress = progress
    }

    public func run() throws -> Report {
        let started = Date()
        let record = EmbeddingRecord(model: embedder.modelID, dimension: embedder.dimension)
        var report = Report(model: record.model)
        report.replacedModel = try index.write { try $0.adoptEmbeddingModel(record) }?.model
        let total = try index.read { try $0.countPassagesWithoutVectors() }
        while true {
            let pending = try index.read { try $0.passagesWithoutVectors(limit: batchSize) }
            if pending.isEmpty { break }
            let vectors = embedder.embed(pending.map(\.text))
            report.embedded += try index.write { session in
                // Passages embedded meanwhile (by a writer that does not take the lock) keep their one vector.
                let embedded = try session.reader.passagesHavingVectors(pending.map(\.id))
                let kept = pending.indices.filter { !embedded.contains(pending[$0].id) }
                guard !kept.isEmpty else { return 0 }
                try session.storeVectors(
                    try Self.batch(
                        ids: kept.map { pending[$0].id }, vectors: kept.map { vectors[$0] }, dimension: record.dimension
                    ))
                return kept.count
            }
            progress.update(label: "embedding", done: report.embedded, total: total, unit: "passages")
        }
        try mergeSegments(dimension: record.dimension)
        progress.finish()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    static func batch(ids: [Int64], vectors: [[Float]], dimension: Int) throws -> VectorBatch {
        var rows: [Float] = []
        rows.reserveCapacity(ids.count * dimension)
        for vector in vectors { rows.append(contentsOf: vector) }
        let matrix = try VectorMatrix(rows: rows, dimension: dimension)
        let quantized = try QuantizedVectors.build(from: matrix)
        return VectorBatch(passageIDs: ids, dimension: dimension, vectors: rows, quantized: quantized.serialized)
    }

    /// Folds the segments into one when there are too many, dropping deleted passages and any second vector of a
    /// passage (left by older versions when two runs embedded at once): the newest segment's row is the one the
    /// passage points to.
    func mergeSegments(dimension: Int) throws {
        try index.write { session in
            let ids = try session.reader.vectorSegmentIDs()
            let deleted = try session.reader.deletedVectorPassages()
            let surplus = try session.reader.surplusVectorRows()
            guard ids.count > maxSegments || (ids.count > 1 && !deleted.isEmpty) || surplus > 0 else { return }
            let segments = try ids.compactMap { try session.reader.vectorSegment(id: $0) }
            var newest: [Int64: Int64] = [:]
            for segment in segments { for passage in segment.passageIDs { newest[passage] = segment.id } }
            var keptIDs: [Int64] = []
            var rows: [Float] = []
            for segment in segments {
                segment.vectors.withUnsafeBytes { raw in
                    let floats = raw.bindMemory(to: Float.self)
                    for (row, passage) in segment.passageIDs.enumerated()
                    where !deleted.contains(passage) && newest[passage] == segment.id {
                        keptIDs.append(passage)
                        rows.append(contentsOf: floats[(row * dimension)..<((row + 1) * dimension)])
                    }
                }
            }
            let matrix = try VectorMatrix(rows: rows, dimension: dimension)
            let quantized = try QuantizedVectors.build(from: matrix)
            try session.replaceVectorSegments(
                ids,
                with: VectorBatch(
                    passageIDs: keptIDs, dimension: dimension, vectors: rows, quantized: quantized.serialized))
        }
    }
}
