import Foundation
import Testing

@testable import RuminateEmbed

/// Paths and shared, lazily loaded model objects for the tests. The model folder is the checkout's
/// models/all-MiniLM-L6-v2, fetched by scripts/fetch-model when missing (the only time a test needs PyPI).
enum EmbedTestSupport {
    /// This folder, symlinks resolved (a development package may link to the checkout's test folder).
    static let testFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static let repositoryRoot: URL = testFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = testFolder.appendingPathComponent("Fixtures")
    /// The team's parity reference (sentence-transformers' input_ids and embeddings of 20 SciFact texts), read in
    /// place from `../shared/eval/minilm/` beside the checkout: its data may not be copied into the project, so the
    /// tests that need it are skipped, with this reason, on a clone without it.
    static let minilmReference = repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/eval/minilm/reference_embeddings.json")
    static let hasMiniLMReference = FileManager.default.fileExists(atPath: minilmReference.path)
    static let minilmReferenceMissing =
        "needs ../shared/eval/minilm/reference_embeddings.json (the team's reference set, not shipped)"

    static let modelDirectory: String = {
        let folder = repositoryRoot.appendingPathComponent("models/all-MiniLM-L6-v2")
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) {
            let fetch = Process()
            fetch.executableURL = repositoryRoot.appendingPathComponent("scripts/fetch-model")
            try? fetch.run()
            fetch.waitUntilExit()
        }
        return folder.path
    }()

    /// Loaded once for all tests (loading packs 22M weights, which is slow in debug builds).
    static let embedder: Result<SentenceEmbedder, any Error> = Result {
        try SentenceEmbedder(modelDirectory: modelDirectory, threads: 2)
    }

    static let tokenizer: Result<WordPieceTokenizer, any Error> = Result {
        try WordPieceTokenizer(modelDirectory: modelDirectory, maxTokens: 256)
    }

    struct ReferenceItem: Decodable {
        var text: String
        var input_ids: [Int32]?
        var ids: [Int32]?
        var embedding: [Float]?
    }

    struct ReferenceFile: Decodable {
        var items: [ReferenceItem]
    }

    static func loadReference(_ url: URL) throws -> [ReferenceItem] {
        try JSONDecoder().decode(ReferenceFile.self, from: Data(contentsOf: url)).items
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, normA = 0.0, normB = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            normA += Double(x) * Double(x)
            normB += Double(y) * Double(y)
        }
        return dot / max(1e-12, (normA * normB).squareRoot())
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-embed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
