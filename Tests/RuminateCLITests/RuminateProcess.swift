import Foundation

/// Runs the real `ruminate` binary that `swift build` put next to the test bundle.
struct RuminateProcess {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ruminate"),
            Bundle.main.bundleURL.appendingPathComponent("ruminate"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("ruminate"),
        ]
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) { return found }
        // Fall back to the package's debug build folder.
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return package.appendingPathComponent(".build/debug/ruminate")
    }

    /// Starts the binary without waiting (for the crash test).
    static func start(_ arguments: [String], in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @discardableResult
    static func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["RUMINATE_INDEX"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // Output goes to files, so a chatty process can never block on a full pipe.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: scratch.path + ".out", contents: nil)
        FileManager.default.createFile(atPath: scratch.path + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: scratch.path + ".out")
            try? FileManager.default.removeItem(atPath: scratch.path + ".err")
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path + ".out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path + ".err"))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let stdoutData = FileManager.default.contents(atPath: scratch.path + ".out") ?? Data()
        let stderrData = FileManager.default.contents(atPath: scratch.path + ".err") ?? Data()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                       stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func json(_ outcome: Outcome) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any] else {
            throw CocoaError(.propertyListReadCorrupt)
        }
        return object
    }
}

/// A temporary folder with a small corpus to index.
func makeCorpusFolder() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-cli-tests-\(UUID().uuidString)")
    let corpus = root.appendingPathComponent("corpus")
    try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
    let files = [
        "wal.md": "# Write-Ahead Logging\n\n## How WAL works\n\nThe original content is preserved in the database file and changes are appended to a separate WAL file. 🚀 Readers continue reading while a writer commits.\n\n## Checkpoints\n\nA checkpoint moves WAL content back into the database.",
        "journal.html": "<html><head><title>Rollback journal</title></head><body><h1>Rollback journal</h1><p>The rollback journal stores original pages so that a crash can be rolled back.</p></body></html>",
        "中文.txt": "深度研究\n\n深度研究需要对中文文本进行分词，然后建立倒排索引。Café résumé naïve.",
    ]
    for (name, text) in files { try Data(text.utf8).write(to: corpus.appendingPathComponent(name)) }
    return root
}

/// A three-document BEIR collection in `root/beir`; query 1 is about document a, query 2 about document c.
func writeBEIRFixture(in root: URL, queries: [String]) throws {
    try FileManager.default.createDirectory(at: root.appendingPathComponent("beir/qrels"), withIntermediateDirectories: true)
    try """
        {"_id": "a", "title": "Photosynthesis", "text": "Plants convert light into chemical energy."}
        {"_id": "b", "title": "Mitochondria", "text": "Mitochondria produce ATP by respiration."}
        {"_id": "c", "title": "Ribosomes", "text": "Ribosomes translate messenger RNA into protein."}
        """.write(to: root.appendingPathComponent("beir/corpus.jsonl"), atomically: true, encoding: .utf8)
    try queries.enumerated().map { "{\"_id\": \"\($0.offset + 1)\", \"text\": \"\($0.element)\"}" }.joined(separator: "\n")
        .write(to: root.appendingPathComponent("beir/queries.jsonl"), atomically: true, encoding: .utf8)
    try "query-id\tcorpus-id\tscore\n1\ta\t1\n2\tc\t1\n".write(to: root.appendingPathComponent("beir/qrels/test.tsv"), atomically: true, encoding: .utf8)
}
