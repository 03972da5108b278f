import Foundation
import RuminateIndex
import RuminateIngest
import RuminateWalk

/// A temporary corpus folder plus an index beside it.
final class Workspace {
    let root: URL
    let corpus: URL
    let index: SQLiteIndex

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-ingest-tests-\(UUID().uuidString)")
        corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        index = try SQLiteIndex(path: root.appendingPathComponent("index.sqlite").path)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ relativePath: String, _ contents: String, modified: Date? = nil) throws {
        let url = corpus.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
        if let modified { try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path) }
    }

    func path(_ relativePath: String) -> String { corpus.appendingPathComponent(relativePath).standardizedFileURL.path }

    @discardableResult
    func run(_ configure: (inout IngestOptions) -> Void = { _ in }) throws -> IngestReport {
        var options = IngestOptions(crawl: CrawlOptions(roots: [corpus.path]))
        configure(&options)
        return try IndexingRun(index: index, options: options, progress: ProgressReporter(enabled: false)).run()
    }

    func documentKeys() throws -> [String] {
        try index.read { session in
            try session.sources().filter { $0.status == .indexed }.flatMap { source in
                try session.storedMemberHashes(path: source.path).keys
            }
        }.sorted()
    }
}
