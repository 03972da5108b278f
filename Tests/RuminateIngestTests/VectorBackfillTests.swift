import Foundation
import RuminateCore
import RuminateIndex
import RuminateRetrieve
import RuminateText
import RuminateWalk
import Testing

@testable import RuminateIngest

/// A small deterministic embedder (the hashing trick over analysed terms) that exercises the storage
/// and search mechanics without the real model; the real model is tested end to end in RuminateCLITests.
struct HashingEmbedder: TextEmbedder {
    var modelID = "hashing-test-embedder/1"
    var dimension = 64

    func embed(_ texts: [String]) -> [[Float]] {
        let analyzer = TextAnalyzer()
        return texts.map { text in
            var vector = [Float](repeating: 0, count: dimension)
            for term in analyzer.terms(text) {
                var hasher = FNV()
                for byte in term.utf8 { hasher.add(byte) }
                vector[Int(hasher.value % UInt64(dimension))] += 1
            }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? vector.map { $0 / norm } : vector.enumerated().map { $0.offset == 0 ? 1 : 0 }
        }
    }

    struct FNV {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
}

@Suite struct VectorBackfillTests {
    @Test func embedsEveryPassageOnceAndOnlyNewOnesLater() throws {
        let w = try Workspace()
        for i in 0..<12 { try w.write("n\(i).txt", "note \(i) about topic\(i % 3) and shared words") }
        try w.run()
        var backfill = VectorBackfill(
            index: w.index, embedder: HashingEmbedder(), progress: ProgressReporter(enabled: false))
        backfill.batchSize = 5
        let first = try backfill.run()
        #expect(first.embedded == 12)
        #expect(first.replacedModel == nil)
        #expect(try w.index.status().vectors == 12)
        #expect(try w.index.read { try $0.vectorSegmentIDs() }.count == 3)  // 5 + 5 + 2, under the merge limit
        #expect(try backfill.run().embedded == 0)
        try w.write("n0.txt", "note zero rewritten entirely", modified: Date().addingTimeInterval(10))
        try w.run()
        #expect(try backfill.run().embedded == 1)
        #expect(try w.index.status().vectors == 12)
    }

    @Test func deletedPassagesNeverComeBackFromVectorSearch() throws {
        let w = try Workspace()
        try w.write("keep.txt", "alpha beta gamma")
        try w.write("gone.txt", "delta epsilon zeta")
        try w.run()
        let embedder = HashingEmbedder()
        _ = try VectorBackfill(index: w.index, embedder: embedder, progress: ProgressReporter(enabled: false)).run()
        try FileManager.default.removeItem(atPath: w.path("gone.txt"))
        try w.run()
        let searcher = Searcher(index: w.index, embedder: embedder)
        let hits = try searcher.search("delta epsilon zeta", options: SearchOptions(limit: 5, mode: .vector)).hits
        #expect(hits.allSatisfy { $0.document.path != w.path("gone.txt") })
        #expect(hits.count == 1)
    }

    @Test func aDifferentModelReplacesEveryVector() throws {
        let w = try Workspace()
        try w.write("a.txt", "one passage")
        try w.write("b.txt", "another passage")
        try w.run()
        _ = try VectorBackfill(index: w.index, embedder: HashingEmbedder(), progress: ProgressReporter(enabled: false))
            .run()
        let other = HashingEmbedder(modelID: "hashing-test-embedder/2", dimension: 32)
        let report = try VectorBackfill(index: w.index, embedder: other, progress: ProgressReporter(enabled: false))
            .run()
        #expect(report.replacedModel == "hashing-test-embedder/1")
        #expect(report.embedded == 2)
        #expect(try w.index.status().embeddingModel == "hashing-test-embedder/2")
        // A searcher with the old model refuses vector mode and says why.
        let stale = Searcher(index: w.index, embedder: HashingEmbedder())
        let error = #expect(throws: RuminateError.self) {
            try stale.search("one", options: SearchOptions(mode: .vector))
        }
        #expect(error?.message.contains("hashing-test-embedder/2") == true)
        #expect(try stale.search("one").notes.first?.contains("lexical only") == true)
    }

    @Test func manySegmentsMergeIntoOneWithoutDeletedRows() throws {
        let w = try Workspace()
        for i in 0..<20 { try w.write("f\(i).txt", "file \(i) text") }
        try w.run()
        var backfill = VectorBackfill(
            index: w.index, embedder: HashingEmbedder(), progress: ProgressReporter(enabled: false))
        backfill.batchSize = 2
        backfill.maxSegments = 4
        #expect(try backfill.run().embedded == 20)
        let ids = try w.index.read { try $0.vectorSegmentIDs() }
        #expect(ids.count == 1)
        let segment = try #require(try w.index.read { try $0.vectorSegment(id: ids[0]) })
        #expect(segment.passageIDs.count == 20)
    }

    @Test func hybridSearchFusesBothLegsAndExplainsThem() throws {
        let w = try Workspace()
        try w.write("wal.txt", "write ahead logging keeps readers and writers apart")
        try w.write("journal.txt", "the rollback journal undoes a crash")
        try w.write("other.txt", "completely unrelated text about gardening")
        try w.run()
        let embedder = HashingEmbedder()
        _ = try VectorBackfill(index: w.index, embedder: embedder, progress: ProgressReporter(enabled: false)).run()
        let searcher = Searcher(index: w.index, embedder: embedder)
        let results = try searcher.search("rollback journal crash", options: SearchOptions(limit: 3, explain: true))
        #expect(results.engine == .hybrid)
        let top = try #require(results.hits.first)
        #expect(top.document.path == w.path("journal.txt"))
        let explanation = try #require(top.explanation)
        #expect(abs(explanation.details.map(\.value).reduce(0, +) - top.score) < 1e-12)
        #expect(explanation.rendered().contains("lexical leg"))
        #expect(explanation.rendered().contains("vector leg"))
        #expect(try searcher.search("rollback journal crash", options: SearchOptions(mode: .lexical)).engine == .bm25f)
    }
}

@Suite struct IndexThenEmbedTests {
    @Test func aRunWithAnEmbedderEmbedsWhatItIndexedAndEveryFileItLeavesIsAnIndexFile() throws {
        let w = try Workspace()
        try w.write("wal.txt", "write ahead logging keeps readers and writers apart")
        try w.write("journal.txt", "the rollback journal undoes a crash")
        let embedder = HashingEmbedder()
        let options = IngestOptions(crawl: CrawlOptions(roots: [w.corpus.path]))
        let report = try IndexingRun(
            index: w.index, options: options, embedder: embedder, progress: ProgressReporter(enabled: false)
        ).run()
        #expect(report.vectors?.embedded == 2)
        #expect(try w.index.read { try $0.countPassagesWithoutVectors() } == 0)
        _ = try Searcher(index: w.index, embedder: embedder).search(
            "rollback journal", options: SearchOptions(mode: .vector))
        // What the index, its vector cache and its writers put next to it is what a watcher must ignore.
        let beside = try FileManager.default.contentsOfDirectory(atPath: w.root.path).filter { $0 != "corpus" }
        #expect(beside.contains("index.sqlite.vectors"))
        let known = Set(w.index.files.all.map { URL(fileURLWithPath: $0).lastPathComponent })
        #expect(Set(beside).isSubset(of: known), "\(beside)")
        // Nothing new to embed: a second run with the embedder embeds nothing.
        #expect(
            try IndexingRun(
                index: w.index, options: options, embedder: embedder, progress: ProgressReporter(enabled: false)
            ).run().vectors?.embedded == 0)
    }
}

@Suite struct VectorSegmentFilesTests {
    @Test func searchesMapCacheFilesAndSurviveDamagedOnes() throws {
        let w = try Workspace()
        try w.write("wal.txt", "write ahead logging keeps readers and writers apart")
        try w.write("journal.txt", "the rollback journal undoes a crash")
        try w.run()
        let embedder = HashingEmbedder()
        _ = try VectorBackfill(index: w.index, embedder: embedder, progress: ProgressReporter(enabled: false)).run()
        let folder = w.index.files.vectorCache
        let expected = try Searcher(index: w.index, embedder: embedder).search(
            "rollback journal crash", options: SearchOptions(mode: .vector)
        ).hits.map(\.passage.id)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files.count == 2)
        #expect(files.contains { $0.hasSuffix(".f32") } && files.contains { $0.hasSuffix(".rvq8") })
        // A fresh searcher maps the files and finds the same.
        #expect(
            try Searcher(index: w.index, embedder: embedder).search(
                "rollback journal crash", options: SearchOptions(mode: .vector)
            ).hits.map(\.passage.id) == expected)
        // Damaged files are ignored (and rewritten); the index stays the truth.
        for name in files { try Data([1, 2, 3]).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        #expect(
            try Searcher(index: w.index, embedder: embedder).search(
                "rollback journal crash", options: SearchOptions(mode: .vector)
            ).hits.map(\.passage.id) == expected)
        let rewritten =
            try FileManager.default.attributesOfItem(atPath: folder + "/" + files.first { $0.hasSuffix(".f32") }!)[
                .size] as? NSNumber
        #expect((rewritten?.intValue ?? 0) > 3)
        // Segments replaced by a new model: the old files are pruned.
        _ = try VectorBackfill(
            index: w.index, embedder: HashingEmbedder(modelID: "other", dimension: 16),
            progress: ProgressReporter(enabled: false)
        ).run()
        _ = try Searcher(index: w.index, embedder: HashingEmbedder(modelID: "other", dimension: 16)).search(
            "crash", options: SearchOptions(mode: .vector))
        let after = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(after.count == 2)
        #expect(Set(after).isDisjoint(with: files))
    }
}
