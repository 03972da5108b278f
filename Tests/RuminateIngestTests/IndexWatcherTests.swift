import Foundation
import RuminateIndex
import RuminateSystem
import RuminateWalk
import Testing

@testable import RuminateIngest

/// The watch loop on a real folder (inotify) and a real index, without the binary.
@Suite struct IndexWatcherTests {
    /// What the loop said, in order, as the test reads it.
    final class Log: Sendable {
        private let entries = Locked([String]())
        private let reports = Locked([IngestReport]())

        func record(_ event: IndexWatcher.Event) {
            switch event {
            case .indexed(let report):
                reports.withLock { $0.append(report) }
                entries.withLock { $0.append("indexed") }
            case .stopped: entries.withLock { $0.append("stopped") }
            case .watching: entries.withLock { $0.append("watching") }
            default: entries.withLock { $0.append("\(event)") }
            }
        }

        var said: [String] { entries.withLock { $0 } }
        var runs: [IngestReport] { reports.withLock { $0 } }

        func waitUntil(_ what: String, seconds: Double = 60, _ condition: () -> Bool) throws {
            let deadline = Date().addingTimeInterval(seconds)
            while !condition() {
                try #require(Date() < deadline, "timed out waiting for \(what); the loop said \(said)")
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    @Test func indexesTheChangesOfAWatchedFolderIgnoresTheIndexsOwnFilesAndStops() throws {
        let workspace = try Workspace()
        try workspace.write("a.md", "# Alpha\n\nThe first note, about alpine lakes.\n")
        // The whole workspace is watched, the index (and so its neighbours) inside it.
        let root = workspace.root.standardizedFileURL.path
        let index = workspace.index
        let stop = WatchStop()
        let log = Log()
        let finished = DispatchSemaphore(value: 0)
        let failure = Locked<(any Error)?>(nil)
        Thread.detachNewThread {
            var watcher = IndexWatcher(
                index: index, roots: [root], options: IngestOptions(crawl: CrawlOptions(roots: [root])), embedder: nil,
                settings: IndexWatcher.Settings(quietPeriod: 0.1), stop: stop, events: log.record)
            do { try watcher.run() } catch { failure.withLock { $0 = error } }
            finished.signal()
        }

        try log.waitUntil("the initial run") { log.said.contains("watching") }
        #expect(log.runs.count == 1)
        #expect(log.runs.first?.added == 1)

        // What a search writes beside the index (the vector cache) is not a change to index.
        let vectors = URL(fileURLWithPath: index.path + ".vectors")
        try FileManager.default.createDirectory(at: vectors, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: vectors.appendingPathComponent("segment.f32"))
        Thread.sleep(forTimeInterval: 1)
        #expect(log.runs.count == 1, "the index's own files started a run: \(log.said)")

        try workspace.write("b.md", "# Beta\n\nThe second note, about basalt columns.\n")
        try log.waitUntil("the run after a new file") { log.runs.count == 2 }
        #expect(log.runs[1].added == 1)
        #expect(try workspace.documentKeys().count == 2)

        stop.request()
        #expect(finished.wait(timeout: .now() + 60) == .success)
        #expect(failure.withLock { $0 } == nil)
        #expect(log.said.last == "stopped")
    }
}
