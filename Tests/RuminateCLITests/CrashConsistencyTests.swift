import Foundation
import Testing

/// kill -9 in the middle of an indexing run must leave a consistent index that the next run completes.
@Suite(.serialized) struct CrashConsistencyTests {
    @Test func killedRunLeavesAConsistentIndexThatTheNextRunCompletes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-crash-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let total = 2500
        for i in 0..<total {
            let words = (0..<120).map { "word\(($0 * 7 + i) % 997)" }.joined(separator: " ")
            try Data("# Note \(i)\n\nunique\(i) \(words)\n\n## Part two\n\nmore text for note \(i) \(words)".utf8)
                .write(to: corpus.appendingPathComponent(String(format: "note-%05d.md", i)))
        }
        let index = root.appendingPathComponent("i.sqlite").path
        let process = try RuminateProcess.start(
            ["index", "corpus", "--index", index, "--commit-every", "40", "--jobs", "1", "--no-vectors"], in: root)

        // Wait until some documents are committed, then kill without warning.
        var committed = 0
        for _ in 0..<600 where process.isRunning {
            if FileManager.default.fileExists(atPath: index),
                let outcome = try? RuminateProcess.run(["status", "--index", index, "--json"], in: root),
                let object = try? RuminateProcess.json(outcome),
                let status = object["status"] as? [String: Any], let documents = status["documents"] as? Int,
                documents > 0
            {
                committed = documents
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let killedMidRun = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(committed > 0)
        #expect(killedMidRun, "the run finished before it could be killed; make the corpus larger")

        // Consistent after the kill: integrity checks pass, every stored document is complete.
        let check = try RuminateProcess.run(["status", "--index", index, "--json", "--check"], in: root)
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        let partial = try #require(try RuminateProcess.json(check)["status"] as? [String: Any])
        let partialDocuments = try #require(partial["documents"] as? Int)
        #expect(partialDocuments < total)

        // The next run completes the rest without redoing what was committed.
        // Lexical like the killed run, whatever RUMINATE_MODEL says: embedding 2,500 notes in a debug build would take
        // many minutes, and the search below expects BM25's single exact hit.
        let rerun = try RuminateProcess.run(["index", "corpus", "--index", index, "--json", "--no-vectors"], in: root)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let report = try RuminateProcess.json(rerun)
        #expect((report["documents_added"] as? Int ?? 0) + partialDocuments == total)
        let final = try RuminateProcess.run(["status", "--index", index, "--json", "--check"], in: root)
        #expect(final.status == 0)
        let status = try #require(try RuminateProcess.json(final)["status"] as? [String: Any])
        #expect(status["documents"] as? Int == total)
        #expect((try RuminateProcess.json(final)["problems"] as? [Any])?.isEmpty == true)
        let last = try RuminateProcess.json(
            try RuminateProcess.run(
                ["search", "unique\(total - 1)", "--index", index, "--json", "--mode", "lexical"], in: root))
        #expect((last["hits"] as? [[String: Any]])?.count == 1)
        try? FileManager.default.removeItem(at: root)
    }
}
