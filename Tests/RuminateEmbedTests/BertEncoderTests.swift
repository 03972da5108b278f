import Foundation
import RuminateCore
import Testing

@testable import RuminateEmbed

@Suite("BertEncoder")
struct BertEncoderTests {
    /// A copy of Fixtures/tiny-bert (so that the fingerprint cache is written outside the checkout).
    static func tinyModel() throws -> URL {
        let folder = try EmbedTestSupport.temporaryFolder().appendingPathComponent("tiny-bert")
        try FileManager.default.copyItem(at: EmbedTestSupport.fixtures.appendingPathComponent("tiny-bert"), to: folder)
        return folder
    }

    @Test(
        "an unusual BERT shape (hidden 48, heads of 24, intermediate 40, \"bert.\" names) matches transformers",
        arguments: [1, 2])
    func tinyModelParity(threads: Int) throws {
        let folder = try Self.tinyModel()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let embedder = try SentenceEmbedder(modelDirectory: folder.path, threads: threads)
        #expect(embedder.info.dimension == 48)
        #expect(embedder.info.maxTokens == 32)
        #expect(embedder.info.id.hasPrefix("tiny-bert@sha256:"))
        let items = try EmbedTestSupport.loadReference(folder.appendingPathComponent("reference.json"))
        #expect(items.count == 7)
        let vectors = embedder.embed(items.map(\.text))
        for (item, vector) in zip(items, vectors) {
            #expect(embedder.tokenizer.encode(item.text) == item.input_ids)
            let reference = item.embedding ?? []
            #expect(vector.count == reference.count)
            let worst = zip(vector, reference).map { abs($0 - $1) }.max() ?? 1
            #expect(worst < 2e-5, "\(item.text): max difference \(worst)")
            #expect(EmbedTestSupport.cosine(vector, reference) > 0.99999)
        }
    }

    @Test("weights that do not match config.json are refused by name")
    func inconsistentWeights() throws {
        let folder = try Self.tinyModel()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let configURL = folder.appendingPathComponent("config.json")
        let config = try String(contentsOf: configURL, encoding: .utf8)
            .replacingOccurrences(of: "\"intermediate_size\": 40", with: "\"intermediate_size\": 41")
        try config.write(to: configURL, atomically: true, encoding: .utf8)
        do {
            _ = try SentenceEmbedder(modelDirectory: folder.path)
            Issue.record("accepted weights of the wrong shape")
        } catch let error as RuminateError {
            #expect(error.code == .malformedInput)
            #expect(error.message.contains("intermediate.dense"))
        }
    }
}
