import Foundation
import GRDB
import RuminateCore
import RuminateRetrieve
import RuminateSystem
import RuminateWalk
import Testing

@testable import RuminateIndex
@testable import RuminateIngest

/// Two indexing runs on one index at once, as two `ruminate index` processes (each with its own connection pool),
/// must serialise: nothing either stored is lost, no passage gets two vectors.
@Suite struct ConcurrentWritersTests {
    enum Folders: String, CaseIterable, Sendable { case same, different }

    @Test(arguments: Folders.allCases)
    func twoRunsAtOnceLoseNothingAndEmbedEveryPassageOnce(_ folders: Folders) throws {
        let w = try Workspace()
        for i in 0..<40 {
            try w.write(
                "a/note\(i).txt", "note \(i) about topic\(i % 7) with some shared words\n\nand a second paragraph \(i)")
            try w.write("b/memo\(i).txt", "memo \(i) on subject\(i % 5) in other words\n\nwith a follow-up \(i)")
        }
        let roots = folders == .same ? ["a", "a"] : ["a", "b"]
        let expected = folders == .same ? 40 : 80
        for round in 0..<2 {
            let path = w.root.appendingPathComponent("round\(round).sqlite").path
            let errors = Locked<[String]>([])
            let start = DispatchSemaphore(value: 0)
            let done = DispatchGroup()
            for root in roots {
                let folder = w.corpus.appendingPathComponent(root).path
                done.enter()
                Thread.detachNewThread {
                    defer { done.leave() }
                    start.wait()
                    do {
                        var options = IngestOptions(crawl: CrawlOptions(roots: [folder]))
                        options.commitPassages = 4
                        _ = try IndexingRun(
                            index: try SQLiteIndex(path: path), options: options, embedder: HashingEmbedder(),
                            progress: ProgressReporter(enabled: false)
                        ).run()
                    } catch {
                        errors.withLock { $0.append("\(error)") }
                    }
                }
            }
            start.signal()
            start.signal()
            done.wait()
            #expect(errors.withLock { $0 } == [])
            let index = try SQLiteIndex(path: path, create: false)
            let status = try index.status()
            #expect(status.documents == expected)
            #expect(status.vectors == status.passages)
            #expect(try index.read { try $0.surplusVectorRows() } == 0)
            #expect(try index.verifyIntegrity() == [])
        }
    }

    @Test func aRunRepairsVectorsAnOlderVersionStoredTwice() throws {
        let w = try Workspace()
        for i in 0..<6 { try w.write("n\(i).txt", "note \(i) about topic\(i % 3) and shared words") }
        let options = IngestOptions(crawl: CrawlOptions(roots: [w.corpus.path]))
        let embedder = HashingEmbedder()
        func run() throws {
            _ = try IndexingRun(
                index: w.index, options: options, embedder: embedder, progress: ProgressReporter(enabled: false)
            ).run()
        }
        try run()
        // What two concurrent runs of an older Ruminate left: the same passages in a second segment.
        try w.index.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO vector_segments(row_count, dimension, passage_ids, vectors, quantized)
                    SELECT row_count, dimension, passage_ids, vectors, quantized FROM vector_segments
                    """)
            try db.execute(sql: "UPDATE passages SET vector_segment = ?", arguments: [db.lastInsertedRowID])
        }
        #expect(try w.index.read { try $0.surplusVectorRows() } == 6)
        #expect(try !w.index.verifyIntegrity().isEmpty)
        let hits = try Searcher(index: w.index, embedder: embedder).search(
            "note topic", options: SearchOptions(mode: .vector)
        ).hits.map(\.passage.id)
        #expect(Set(hits).count == hits.count, "each passage ranked once: \(hits)")
        try run()
        #expect(try w.index.read { try $0.surplusVectorRows() } == 0)
        #expect(try w.index.read { try $0.vectorSegmentIDs() }.count == 1)
        #expect(try w.index.status().vectors == 6)
        #expect(try w.index.verifyIntegrity() == [])
    }
}

/// The vector cache beside an index is derived from it: an older copy of the index put back at the same path and
/// re-indexed must rank exactly as the same database at a path with no cache.
@Suite struct RestoredIndexTests {
    @Test func aRestoredAndReindexedCopyRanksAsAFreshCopyOfItDoes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("restore-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("index.sqlite").path
        let embedder = HashingEmbedder()
        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: corpus.appendingPathComponent(name))
        }
        func index() throws {
            let store = try SQLiteIndex(path: path)
            _ = try IndexingRun(
                index: store, options: IngestOptions(crawl: CrawlOptions(roots: [corpus.path])), embedder: embedder,
                progress: ProgressReporter(enabled: false)
            ).run()
            try store.flush()
        }
        func ranking(_ database: String) throws -> [String] {
            try Searcher(index: try SQLiteIndex(path: database, create: false), embedder: embedder).search(
                "harbour lighthouse keeper", options: SearchOptions(mode: .vector)
            ).hits.map { "\($0.passage.id) \($0.score)" }
        }
        func replace(_ target: String, with source: String) throws {
            for file in IndexFiles(database: target).all.prefix(4) { try? FileManager.default.removeItem(atPath: file) }
            try FileManager.default.copyItem(atPath: source, toPath: target)
        }
        try write("base1.txt", "orchards and apple harvests in autumn")
        try write("base2.txt", "mountain passes closed by snow")
        try index()
        let older = root.appendingPathComponent("older.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: older)
        // The history that will be discarded: a file indexed, embedded and searched (its segment cached).
        try write("new.txt", "railway timetables for the night train")
        try index()
        _ = try ranking(path)
        // The older copy put back, and another file indexed in its place.
        try replace(path, with: older)
        try write("new.txt", "the harbour lighthouse keeper and his lamp")
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(60)],
            ofItemAtPath: corpus.appendingPathComponent("new.txt").path)
        try index()
        let fresh = root.appendingPathComponent("fresh.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: fresh)
        #expect(try ranking(path) == ranking(fresh))
        #expect(try SQLiteIndex(path: path, create: false).vectorCacheProblems() == [])
    }
}
