import ArgumentParser
import Foundation
import RuminateEmbed
import RuminateIndex
import RuminateRetrieve

/// `--model DIR` and `--no-vectors`, shared by the commands that embed.
struct EmbeddingOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The sentence-embedding model folder (default: $RUMINATE_MODEL, else $XDG_DATA_HOME/ruminate/models/all-MiniLM-L6-v2)."
    )
    var model: String?

    @Flag(name: .customLong("no-vectors"), help: "Lexical only: do not load the embedding model.")
    var noVectors = false

    /// The model, or nil (with one note on stderr) when it is absent or unreadable.
    func loadEmbedder(quietWhenMissing: Bool = false) -> ModelEmbedder? {
        guard !noVectors else { return nil }
        guard let folder = ModelLocator.find(explicit: model) else {
            if !quietWhenMissing {
                Output.diagnostic(
                    "note: no embedding model found (run scripts/fetch-model or pass --model DIR); working lexical-only"
                )
            }
            return nil
        }
        do {
            return ModelEmbedder(
                model: try SentenceEmbedder(
                    modelDirectory: folder, threads: max(1, ProcessInfo.processInfo.activeProcessorCount)),
                languages: ModelCard.languages(modelDirectory: folder))
        } catch {
            Output.diagnostic(
                "note: the embedding model at \(folder) could not be loaded (\(error)); working lexical-only")
            return nil
        }
    }
}

extension EmbeddingOptions {
    /// The model for embedding queries, when the mode may use it and the index has vectors to compare with
    /// (loading it costs ~100 ms, so lexical work never does).
    func queryEmbedder(for index: any IndexStore, mode: SearchMode?) throws -> ModelEmbedder? {
        guard mode != .lexical, try index.status().vectors > 0 else { return nil }
        return loadEmbedder()
    }
}
