import Foundation
import RuminateCore
import RuminateIndex
import RuminateText
import RuminateWalk
import Testing

@testable import RuminateIngest

/// A file the walk listed but that is gone (or unreadable) when its turn comes to be read.
@Suite struct VanishingFileTests {
    @Test func aFileThatVanishedAfterTheWalkIsAClearProblem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-vanish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("gone.md").path
        try Data("# Soon gone\n\nThis file disappears.".utf8).write(to: URL(fileURLWithPath: path))
        let listed = try #require(FolderWalker(options: CrawlOptions(roots: [folder.path])).walk().files.first)
        try FileManager.default.removeItem(atPath: path)

        let parsed = SourcePreparer(
            options: IngestOptions(crawl: CrawlOptions(roots: [folder.path])), analyzer: TextAnalyzer()
        ).parse(listed)
        let error = try #require(parsed.error)
        #expect(error.code == .fileUnreadable)
        #expect(error.message.contains("vanished"))
    }

    @Test func theRunReportsItAndKeepsWhatWasIndexed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-vanish-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("docs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("# Kept\n\nThe harbour master keeps the tide tables.".utf8).write(
            to: folder.appendingPathComponent("docs/kept.md"))
        let index = try SQLiteIndex(path: folder.appendingPathComponent("i.sqlite").path)
        let options = IngestOptions(crawl: CrawlOptions(roots: [folder.appendingPathComponent("docs").path]))
        _ = try IndexingRun(index: index, options: options, progress: ProgressReporter(enabled: false)).run()
        // A broken file replacing a readable one between runs: the run goes on, the other document stays.
        try Data([0x25, 0x50, 0x44, 0x46, 0x2D]).write(to: folder.appendingPathComponent("docs/broken.pdf"))
        let report = try IndexingRun(index: index, options: options, progress: ProgressReporter(enabled: false)).run()
        #expect(report.failed == 1)
        #expect(report.problems.first?.path.hasSuffix("broken.pdf") == true)
        #expect(try index.status().documents == 1)
    }
}
