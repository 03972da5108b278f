import Foundation
import Testing

/// Two `ruminate index` processes with vectors on one index at once: the second waits for the first, so no
/// document is lost, no passage gets two vectors and no raw SQLite message reaches the user; `--no-wait` fails
/// fast naming the holder.
@Suite(.serialized) struct ConcurrentIndexingTests {
    static let rawSQLite = [
        "SQLite error", "constraint failed", "database is locked", "no such table", "already exists",
    ]

    private func corpus() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-writers-\(UUID().uuidString)")
        for (folder, noun) in [("a", "harbour"), ("b", "orchard")] {
            let url = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for i in 0..<12 {
                try Data(
                    "# The \(noun) \(i)\n\nNotes on \(noun) number \(i), kept for the record.\n\n## Later\n\nMore on item \(i)."
                        .utf8
                ).write(to: url.appendingPathComponent("\(noun)-\(i).md"))
            }
        }
        return root
    }

    @Test(arguments: [["a", "a"], ["a", "b"]])
    func twoIndexersAtOnceLoseNothingAndStoreEachVectorOnce(_ folders: [String]) throws {
        try #require(
            FileManager.default.fileExists(atPath: HybridSearchTests.modelFolder + "/model.safetensors"),
            "run scripts/fetch-model (scripts/test does)")
        let root = try corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("i.sqlite").path
        let outcomes = Array(repeating: RuminateProcess.Outcome?.none, count: 2)
        let results = NSLock()
        nonisolated(unsafe) var collected = outcomes
        DispatchQueue.concurrentPerform(iterations: 2) { n in
            let outcome = try? RuminateProcess.run(
                ["index", folders[n], "--index", index, "--model", HybridSearchTests.modelFolder], in: root)
            results.withLock { collected[n] = outcome }
        }
        for outcome in collected {
            let outcome = try #require(outcome)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            for raw in Self.rawSQLite { #expect(!outcome.stderr.contains(raw), "\(outcome.stderr)") }
        }
        let check = try RuminateProcess.run(["status", "--index", index, "--json", "--check"], in: root)
        #expect(check.status == 0, "\(check.stdout)")
        let object = try RuminateProcess.json(check)
        let status = try #require(object["status"] as? [String: Any])
        #expect(status["documents"] as? Int == Set(folders).count * 12)
        #expect(status["vectors"] as? Int == status["passages"] as? Int)
        #expect((object["problems"] as? [Any])?.isEmpty == true, "\(object["problems"] ?? "")")
        let search = try RuminateProcess.json(
            try RuminateProcess.run(
                [
                    "search", "notes kept for the record", "--index", index, "--model", HybridSearchTests.modelFolder,
                    "--mode", "vector", "--limit", "20", "--json",
                ], in: root))
        let passages = (search["hits"] as? [[String: Any]] ?? []).compactMap { $0["passage"] as? Int }
        #expect(passages.count == 20)
        #expect(Set(passages).count == passages.count, "a passage returned twice: \(passages)")
    }

    @Test func aSecondIndexerWaitsSayingForWhomOrWithNoWaitFailsAtOnce() throws {
        let root = try corpus()
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("i.sqlite").path
        #expect(try RuminateProcess.run(["index", "a", "--index", index, "--no-vectors"], in: root).status == 0)
        // This test process holds the writers' lock, as a running `ruminate index` would.
        let descriptor = open(index + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let holder = Array("\(getpid())\t2026-01-01T00:00:00Z\truminate index a\n".utf8)
        _ = holder.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }

        let refused = try RuminateProcess.run(["index", "b", "--index", index, "--no-vectors", "--no-wait"], in: root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("another writer is indexing into \(index)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("process \(getpid()) (ruminate index a)"))

        let errors = root.appendingPathComponent("waiting.err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let waiting = Process()
        waiting.executableURL = RuminateProcess.binary
        waiting.arguments = ["index", "b", "--index", index, "--no-vectors"]
        waiting.currentDirectoryURL = root
        waiting.environment = RuminateProcess.environment()
        waiting.standardOutput = FileHandle.nullDevice
        waiting.standardError = try FileHandle(forWritingTo: errors)
        try launchWithEmptySignalMask(waiting)
        // Polled, not timed: the message comes before the run blocks on the lock.
        var told = ""
        for _ in 0..<1200 where !told.contains("waiting for another writer") {
            Thread.sleep(forTimeInterval: 0.05)
            told = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        }
        #expect(told.contains("waiting for another writer of \(index) to finish: process \(getpid())"), "\(told)")
        #expect(waiting.isRunning)
        close(descriptor)
        waiting.waitUntilExit()
        #expect(waiting.terminationStatus == 0)
        let status = try RuminateProcess.json(
            try RuminateProcess.run(["status", "--index", index, "--json"], in: root))
        #expect((status["status"] as? [String: Any])?["documents"] as? Int == 24)
    }
}
