import ArgumentParser
import Foundation
import RuminateCore
import RuminateIndex

/// `--index FILE` and `--read-only`, shared by every subcommand.
struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: "The index file (default: see `ruminate --help`).")
    var index: String?

    @Flag(
        name: .long,
        help:
            "Open the index read-only: neither it nor its vector cache is written (an index that cannot be written is opened so anyway; index and watch refuse it)."
    )
    var readOnly = false

    /// The file to use, and whether it is the default one (not named by --index), which may be built from the
    /// bundled corpus on first use (see `BundledCorpus`).
    func resolve() -> (path: String, isDefault: Bool) {
        if let index { return (absolute(index), false) }
        let environment = ProcessInfo.processInfo.environment
        if let env = environment["RUMINATE_INDEX"], !env.isEmpty { return (absolute(env), true) }
        let data =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return (data + "/ruminate/default.sqlite", true)
    }

    /// Opens an existing index (for read commands). A missing default index is built from the bundled corpus
    /// when the environment names one (embedded too, when the model is present).
    func openExisting(embedding: EmbeddingOptions? = nil) throws -> SQLiteIndex {
        let (path, isDefault) = resolve()
        if !FileManager.default.fileExists(atPath: path) {
            if isDefault, !readOnly, let corpus = BundledCorpus.folder {
                return try BundledCorpus.bootstrap(indexPath: path, corpus: corpus, embedder: embedding?.loadEmbedder())
            }
            throw RuminateError(
                .indexUnavailable, "no index at \(path)",
                hint: "run `ruminate index PATH...` first, or pass --index FILE")
        }
        return try SQLiteIndex(path: path, create: false, readOnly: readOnly)
    }

    /// Where an evaluation indexes the BEIR collection in `collectionFolder`: the --index file when one is named,
    /// else `beir-<name>.sqlite` next to the default index.
    func evaluationIndexPath(collectionFolder: String) -> String {
        if index != nil { return resolve().path }
        let name = (collectionFolder as NSString).lastPathComponent
        let folder = (resolve().path as NSString).deletingLastPathComponent
        return folder + "/beir-\(name).sqlite"
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
