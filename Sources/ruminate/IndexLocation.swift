import ArgumentParser
import Foundation
import RuminateCore
import RuminateIndex
import RuminateIngest

/// `--index FILE`, shared by every subcommand.
struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: "The index file (default: see `ruminate --help`).")
    var index: String?

    /// The file to use, and whether it is the default one (which may bootstrap the bundled corpus).
    func resolve() -> (path: String, isDefault: Bool) {
        if let index { return (absolute(index), false) }
        if let env = ProcessInfo.processInfo.environment["RUMINATE_INDEX"], !env.isEmpty { return (absolute(env), false) }
        if let repo = RepositoryRoot.find() { return (repo + "/indexes/default.sqlite", true) }
        let environment = ProcessInfo.processInfo.environment
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return (data + "/ruminate/default.sqlite", true)
    }

    /// Opens an existing index (for read commands). The default index inside the repository is built from
    /// the bundled corpus on first use (embedded too, when the model is present).
    func openExisting(embedding: EmbeddingOptions? = nil) throws -> SQLiteIndex {
        let (path, isDefault) = resolve()
        if !FileManager.default.fileExists(atPath: path) {
            if isDefault, let repo = RepositoryRoot.find() {
                return try BundledCorpus.bootstrap(indexPath: path, repository: repo, embedder: embedding?.loadEmbedder())
            }
            throw RuminateError(.indexUnavailable, "no index at \(path)", hint: "run `ruminate index PATH...` first, or pass --index FILE")
        }
        return try SQLiteIndex(path: path, create: false)
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

/// The Ruminate repository, when the command runs inside it: a folder holding Package.swift
/// (naming the Ruminate package), `corpora/` and `indexes/`.
enum RepositoryRoot {
    static func find() -> String? {
        var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        for _ in 0..<8 {
            let manifest = folder.appendingPathComponent("Package.swift").path
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("indexes").path),
               FileManager.default.fileExists(atPath: folder.appendingPathComponent("corpora").path),
               let text = try? String(contentsOfFile: manifest, encoding: .utf8), text.contains("name: \"Ruminate\"") {
                return folder.path
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        return nil
    }
}

/// The first `ruminate search` in the repository indexes the bundled `corpora/` collection.
enum BundledCorpus {
    static func bootstrap(indexPath: String, repository: String, embedder: (any TextEmbedder)?) throws -> SQLiteIndex {
        let corpora = repository + "/corpora"
        FileHandle.standardError.write(Data("ruminate: no index yet; indexing the bundled corpus \(corpora) into \(indexPath) (first use only)\n".utf8))
        let index = try SQLiteIndex(path: indexPath, create: true)
        let options = IngestOptions(crawl: .init(roots: [corpora], exclude: ["README.md", "PROVENANCE.md", "COPYING", "zh-manpages/*.txt"]))
        let report = try IndexingRun(index: index, options: options, embedder: embedder).run()
        FileHandle.standardError.write(Data("ruminate: \(report.summary)\n".utf8))
        if let vectors = report.vectors {
            FileHandle.standardError.write(Data("ruminate: embedded \(vectors.embedded) passages with \(vectors.model)\n".utf8))
        }
        try index.flush()
        return index
    }
}
