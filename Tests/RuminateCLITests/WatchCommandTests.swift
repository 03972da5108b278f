import Foundation
import Testing

/// `ruminate watch` as a user runs it: the real binary in the background, the corpus changed under it, and
/// `ruminate search --json` polled until each change shows. The polls have a limit only so a broken watcher
/// cannot hang the run; nothing here depends on how fast a change is indexed.
@Suite(.serialized) struct WatchCommandTests {
    @Test func keepsTheIndexCurrentAsFilesChangeAndStopsCleanly() throws {
        let root = try makeCorpusFolder()
        let corpus = root.appendingPathComponent("corpus")
        let index = root.appendingPathComponent("i.sqlite").path
        let watch = try WatchProcess(
            ["watch", "corpus", "--index", index, "--debounce-ms", "200", "--no-vectors"], in: root)
        defer { watch.stop() }
        try watch.waitForStderr("watching")
        #expect(watch.stdoutText.contains("Indexed into i.sqlite: 3 files seen, 3 added"), "\(watch.stdoutText)")
        #expect(try paths(for: "rollback journal", index: index, in: root).contains { $0.hasSuffix("journal.html") })

        // A new file.
        try "Zanzibarite is a mineral nobody has heard of.".write(
            to: corpus.appendingPathComponent("new.md"), atomically: false, encoding: .utf8)
        try waitUntil("the new file is found", watch) {
            try paths(for: "zanzibarite", index: index, in: root).contains { $0.hasSuffix("/new.md") }
        }

        // A changed file: the new words are found, the old ones no longer.
        try "# Quokkas\n\nQuokkas smile at tourists on Rottnest Island.".write(
            to: corpus.appendingPathComponent("wal.md"), atomically: true, encoding: .utf8)
        try waitUntil("the changed file's new text is found", watch) {
            try paths(for: "quokkas", index: index, in: root).contains { $0.hasSuffix("/wal.md") }
        }
        #expect(try !paths(for: "checkpoint", index: index, in: root).contains { $0.hasSuffix("/wal.md") })

        // A deleted file.
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("journal.html"))
        try waitUntil("the deleted file is gone", watch) {
            try paths(for: "rollback journal", index: index, in: root).isEmpty
        }

        // A renamed file.
        try FileManager.default.moveItem(
            at: corpus.appendingPathComponent("new.md"), to: corpus.appendingPathComponent("renamed.md"))
        try waitUntil("the renamed file is found under its new name", watch) {
            try paths(for: "zanzibarite", index: index, in: root).map { URL(fileURLWithPath: $0).lastPathComponent }
                == ["renamed.md"]
        }

        // A new subfolder (two levels, made at once) with a file.
        let deeper = corpus.appendingPathComponent("sub/deeper")
        try FileManager.default.createDirectory(at: deeper, withIntermediateDirectories: true)
        try "Ocelots are small wild cats of the Americas.".write(
            to: deeper.appendingPathComponent("cats.txt"), atomically: false, encoding: .utf8)
        try waitUntil("the file in the new subfolder is found", watch) {
            try paths(for: "ocelots", index: index, in: root).contains { $0.hasSuffix("/sub/deeper/cats.txt") }
        }
        // ... and a file written into that subfolder later, through the watch added for it.
        try "Margays climb down trees head first.".write(
            to: deeper.appendingPathComponent("margay.md"), atomically: false, encoding: .utf8)
        try waitUntil("the later file in the new subfolder is found", watch) {
            try paths(for: "margays", index: index, in: root).contains { $0.hasSuffix("/margay.md") }
        }

        #expect(watch.stop() == 0, "\(watch.stderrText)")
        #expect(watch.stderrText.contains("stopped watching"))
        let status = try RuminateProcess.run(["status", "--index", index, "--json", "--check"], in: root)
        #expect(status.status == 0, "\(status.stderr)")
        let object = try RuminateProcess.json(status)
        #expect((object["problems"] as? [Any])?.isEmpty == true)
        #expect((object["status"] as? [String: Any])?["documents"] as? Int == 5)  // wal, 中文, renamed, cats, margay
    }

    @Test func withoutEnoughWatchesItSaysSoAndReScans() throws {
        let root = try makeCorpusFolder()
        let index = root.appendingPathComponent("i.sqlite").path
        let watch = try WatchProcess(
            [
                "watch", "corpus", "--index", index, "--no-vectors", "--max-watches", "0", "--rescan-seconds", "0.5",
                "--json",
            ], in: root)
        defer { watch.stop() }
        try watch.waitForStderr("re-scanning every 0.5 s")
        #expect(watch.stderrText.contains("/proc/sys/fs/inotify/max_user_watches"))
        try watch.waitForStderr("watching")
        // --json: one report per line.
        let first = try #require(watch.stdoutText.split(separator: "\n").first)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(report["added"] as? Int == 3)
        try "Axolotls regrow their limbs.".write(
            to: root.appendingPathComponent("corpus/axolotl.md"), atomically: false, encoding: .utf8)
        try waitUntil("a re-scan finds the new file", watch) {
            try paths(for: "axolotls", index: index, in: root).contains { $0.hasSuffix("/axolotl.md") }
        }
        #expect(watch.stop() == 0, "\(watch.stderrText)")
    }

    @Test func refusesWebSitesAndBadOptions() throws {
        let root = try makeCorpusFolder()
        let web = try RuminateProcess.run(
            ["watch", "https://example.invalid/", "--index", root.appendingPathComponent("i.sqlite").path], in: root)
        #expect(web.status != 0)
        #expect(web.stderr.contains("not web sites"))
        let debounce = try RuminateProcess.run(["watch", "corpus", "--debounce-ms", "-1"], in: root)
        #expect(debounce.status != 0)
    }

    /// The paths of the hits `ruminate search --json` returns for `query`.
    private func paths(for query: String, index: String, in root: URL) throws -> [String] {
        let outcome = try RuminateProcess.run(
            ["search", query, "--index", index, "--json", "--mode", "lexical"], in: root)
        guard outcome.status == 0 else { throw WatchTestFailure("search failed: \(outcome.stderr)") }
        let hits = try RuminateProcess.json(outcome)["hits"] as? [[String: Any]] ?? []
        return hits.compactMap { $0["path"] as? String }
    }

    private func waitUntil(_ what: String, _ watch: WatchProcess, _ condition: () throws -> Bool) throws {
        let giveUp = Date().addingTimeInterval(WatchProcess.hangLimit)
        while Date() < giveUp {
            if try condition() { return }
            guard watch.process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record(
            "\(what): not seen (running: \(watch.process.isRunning)); stdout:\n\(watch.stdoutText)\nstderr:\n\(watch.stderrText)"
        )
        throw WatchTestFailure(what)
    }
}

/// A `ruminate watch` child whose output goes to files the test reads while it runs.
final class WatchProcess {
    static let hangLimit: TimeInterval = 300
    let process = Process()
    private let stdoutPath: String
    private let stderrPath: String

    init(_ arguments: [String], in folder: URL) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-watch-\(UUID().uuidString)"
        ).path
        stdoutPath = scratch + ".out"
        stderrPath = scratch + ".err"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = RuminateProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = RuminateProcess.environment()
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try launchWithEmptySignalMask(process)
    }

    var stdoutText: String {
        String(decoding: FileManager.default.contents(atPath: stdoutPath) ?? Data(), as: UTF8.self)
    }
    var stderrText: String {
        String(decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self)
    }

    func waitForStderr(_ text: String) throws {
        let giveUp = Date().addingTimeInterval(Self.hangLimit)
        while !stderrText.contains(text) && process.isRunning && Date() < giveUp { Thread.sleep(forTimeInterval: 0.05) }
        guard stderrText.contains(text) else {
            throw WatchTestFailure(
                "no \"\(text)\" from `ruminate watch` (running: \(process.isRunning)); stderr:\n\(stderrText)")
        }
    }

    /// SIGTERM (then SIGKILL if it does not exit in a long while); the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            let giveUp = Date().addingTimeInterval(Self.hangLimit)
            while process.isRunning && Date() < giveUp { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: stdoutPath)
        try? FileManager.default.removeItem(atPath: stderrPath)
    }
}

struct WatchTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
