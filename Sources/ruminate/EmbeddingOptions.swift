import ArgumentParser
import Foundation
import RuminateCore
import RuminateCompose
import RuminateEmbed
import RuminateIndex
import RuminateRetrieve

/// Hybrid fusion settings (reciprocal-rank fusion), shared by `search` and `eval`.
struct FusionOptions: ParsableArguments {
    @Option(name: .customLong("rrf-k"), help: "Reciprocal-rank fusion constant k (a hit at rank r adds weight/(k + r)).")
    var rrfK: Double = FusionParameters().k

    @Option(name: .customLong("lexical-weight"), help: "Weight of the lexical ranking in hybrid mode.")
    var lexicalWeight: Double = FusionParameters().lexicalWeight

    @Option(name: .customLong("vector-weight"), help: "Weight of the vector ranking in hybrid mode.")
    var vectorWeight: Double = FusionParameters().vectorWeight

    func validate() throws {
        guard rrfK > 0, lexicalWeight >= 0, vectorWeight >= 0 else {
            throw ValidationError("--rrf-k must be positive and the weights not negative")
        }
    }

    var parameters: FusionParameters { FusionParameters(k: rrfK, lexicalWeight: lexicalWeight, vectorWeight: vectorWeight) }
}

/// `--model DIR` and `--no-vectors`, shared by the commands that embed.
struct EmbeddingOptions: ParsableArguments {
    @Option(name: .long, help: "The sentence-embedding model folder (default: $RUMINATE_MODEL, else models/all-MiniLM-L6-v2 in the repository).")
    var model: String?

    @Flag(name: .customLong("no-vectors"), help: "Lexical only: do not load the embedding model.")
    var noVectors = false

    /// The model, or nil (with one note on stderr) when it is absent or unreadable.
    func loadEmbedder(quietWhenMissing: Bool = false) -> ModelEmbedder? {
        guard !noVectors else { return nil }
        guard let folder = ModelLocator.find(explicit: model) else {
            if !quietWhenMissing {
                Output.diagnostic("note: no embedding model found (run scripts/fetch-model or pass --model DIR); working lexical-only")
            }
            return nil
        }
        do {
            return ModelEmbedder(model: try SentenceEmbedder(modelDirectory: folder, threads: max(1, ProcessInfo.processInfo.activeProcessorCount)))
        } catch {
            Output.diagnostic("note: the embedding model at \(folder) could not be loaded (\(error)); working lexical-only")
            return nil
        }
    }
}

/// The project's model behind the `TextEmbedder` seam that indexing and retrieval depend on.
struct ModelEmbedder: TextEmbedder {
    let model: SentenceEmbedder
    var modelID: String { model.info.id }
    var dimension: Int { model.info.dimension }
    func embed(_ texts: [String]) -> [[Float]] { model.embed(texts) }
}

extension EmbeddingOptions {
    /// The model for embedding queries, when the mode may use it and the index has vectors to compare with
    /// (loading it costs ~100 ms, so lexical work never does).
    func queryEmbedder(for index: SQLiteIndex, mode: SearchMode?) throws -> ModelEmbedder? {
        guard mode != .lexical, try index.status().vectors > 0 else { return nil }
        return loadEmbedder()
    }
}
