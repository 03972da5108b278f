import Foundation
import RuminateCore
import Testing

@testable import RuminateEmbed

@Suite("SentenceEmbedder")
struct SentenceEmbedderTests {
    /// Checks our embeddings against sentence-transformers' for every reference item.
    static func expectParity(_ items: [EmbedTestSupport.ReferenceItem]) throws {
        let embedder = try EmbedTestSupport.embedder.get()
        let vectors = embedder.embed(items.map(\.text))
        var worst = 1.0
        for (item, vector) in zip(items, vectors) {
            #expect(vector.count == 384)
            let cosine = EmbedTestSupport.cosine(vector, item.embedding ?? [])
            worst = min(worst, cosine)
            #expect(cosine >= 0.9999, "\(item.text.prefix(60)): cosine \(cosine)")
            if let ids = item.input_ids { #expect(embedder.tokenizer.encode(item.text) == ids) }
        }
        #expect(worst >= 0.9999)
    }

    @Test("matches sentence-transformers on the 36 texts of Fixtures/embedding_reference.json, cosine ≥ 0.9999")
    func parityWithSentenceTransformers() throws {
        let items = try EmbedTestSupport.loadReference(
            EmbedTestSupport.fixtures.appendingPathComponent("embedding_reference.json"))
        #expect(items.count == 36)
        try Self.expectParity(items)
    }

    @Test(
        "matches the team's 20-text sentence-transformers reference, cosine ≥ 0.9999",
        .enabled(if: EmbedTestSupport.hasMiniLMReference, Comment(rawValue: EmbedTestSupport.minilmReferenceMissing)))
    func parityWithTeamReference() throws {
        let items = try EmbedTestSupport.loadReference(EmbedTestSupport.minilmReference)
        #expect(items.count == 20)
        try Self.expectParity(items)
    }

    @Test("vectors are unit length and do not depend on batch company, order or threads")
    func batchIndependence() throws {
        let embedder = try EmbedTestSupport.embedder.get()
        let texts = [
            "short query", "", "A somewhat longer sentence about protein folding and enzymes.",
            "我们在Linux上用Swift", String(repeating: "long text ", count: 40),
        ]
        let together = embedder.embed(texts)
        let reversed = embedder.embed(texts.reversed())
        let single = try SentenceEmbedder(modelDirectory: EmbedTestSupport.modelDirectory, threads: 1)
        for (index, text) in texts.enumerated() {
            let norm = together[index].reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
            let alone = embedder.embed(text)
            #expect(EmbedTestSupport.cosine(alone, together[index]) > 0.999_999)
            #expect(EmbedTestSupport.cosine(reversed[texts.count - 1 - index], together[index]) > 0.999_999)
            #expect(EmbedTestSupport.cosine(single.embed(text), alone) > 0.999_999)
        }
        #expect(embedder.embed([String]()).isEmpty)
    }

    @Test("similar texts are closer than unrelated ones")
    func semantics() throws {
        let embedder = try EmbedTestSupport.embedder.get()
        let v = embedder.embed([
            "How do vaccines work?", "Vaccines train the immune system to fight pathogens.",
            "The stock market fell sharply on Monday.",
        ])
        #expect(EmbedTestSupport.cosine(v[0], v[1]) > EmbedTestSupport.cosine(v[0], v[2]) + 0.2)
    }

    @Test("info names the model by its weights")
    func info() throws {
        let embedder = try EmbedTestSupport.embedder.get()
        #expect(
            embedder.info
                == EmbeddingModelInfo(
                    id: "sentence-transformers/all-MiniLM-L6-v2@sha256:53aa5117", dimension: 384, maxTokens: 256))
        let encoded = try JSONEncoder().encode(embedder.info)
        #expect(try JSONDecoder().decode(EmbeddingModelInfo.self, from: encoded) == embedder.info)
    }

    @Test("token ids from elsewhere are clamped, never read out of bounds")
    func hostileTokenIDs() throws {
        let embedder = try EmbedTestSupport.embedder.get()
        let vectors = embedder.embed(tokenized: [[101, -5, 99_999_999, 102], [], Array(repeating: 1037, count: 600)])
        #expect(vectors.count == 3)
        for vector in vectors { #expect(vector.count == 384 && vector.allSatisfy(\.isFinite)) }
    }

    @Test("a missing or incomplete model folder is a clear error")
    func missingModel() throws {
        do {
            _ = try SentenceEmbedder(modelDirectory: "/nonexistent/model")
            Issue.record("a missing folder was accepted")
        } catch let error as RuminateError {
            #expect(error.code == .notFound)
            #expect(error.hint?.contains("fetch-model") == true)
        }
        let folder = try EmbedTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["config.json", "vocab.txt", "tokenizer.json", "tokenizer_config.json"] {
            try FileManager.default.copyItem(
                atPath: EmbedTestSupport.modelDirectory + "/" + name, toPath: folder.appendingPathComponent(name).path)
        }
        do {
            _ = try SentenceEmbedder(modelDirectory: folder.path)
            Issue.record("a folder without weights was accepted")
        } catch let error as RuminateError {
            #expect(error.code == .fileUnreadable)
        }
    }
}
