import GRDB
import RuminateCore
import RuminateText
import Testing

@testable import RuminateIndex

@Suite struct WriteSessionTests {
    @Test func storesDocumentsPassagesAndStatistics() throws {
        let index = try makeTemporaryIndex()
        try store(
            [
                prepared(
                    key: "a", title: "Write-ahead logging",
                    paragraphs: ["The WAL file grows.", "Checkpoints shrink it."])
            ], in: index)
        let status = try index.status()
        #expect(status.documents == 1)
        #expect(status.passages == 2)
        #expect(status.lexiconSegments == 1)
        try index.read { session throws in
            let stats = try session.lexiconStatistics()
            #expect(stats.passageCount == 2)
            var postings: [PostingEntry] = []
            try session.forEachPosting(of: "checkpoint") { postings.append($0) }
            #expect(postings.count == 1)
            #expect(postings.first?.termFrequency.body == 1)
            // "logging" is in the title of both passages.
            var titleHits = 0
            try session.forEachPosting(of: "log") { if $0.termFrequency.title > 0 { titleHits += 1 } }
            #expect(titleHits == 2)
        }
        #expect(try index.verifyIntegrity().isEmpty)
    }

    @Test func fullTextMatchUsesTheSameAnalysis() throws {
        let index = try makeTemporaryIndex()
        try store(
            [
                prepared(key: "zh", title: "研究", paragraphs: ["我们正在进行深度研究，以便理解问题。"]),
                prepared(key: "en", title: "Runner", paragraphs: ["She runs every morning before café opens."]),
            ], in: index)
        try index.read { session throws in
            let weights = FieldWeights(title: 1, headings: 1, body: 1)
            #expect(try session.fullTextMatch("深度研究", weights: weights, limit: 5).count == 1)
            #expect(try session.fullTextMatch("running", weights: weights, limit: 5).count == 1)
            #expect(try session.fullTextMatch("CAFE", weights: weights, limit: 5).count == 1)
            #expect(try session.fullTextMatch("\"before cafe\"", weights: weights, limit: 5).count == 1)
        }
    }

    @Test func invalidFullTextSyntaxIsAQueryError() throws {
        let index = try makeTemporaryIndex()
        try store([prepared(key: "a", title: "t", paragraphs: ["text"])], in: index)
        try index.read { session throws in
            let error = #expect(throws: RuminateError.self) {
                try session.fullTextMatch(
                    "title:foo NEAR(\"x\" OR", weights: FieldWeights(title: 1, headings: 1, body: 1), limit: 5)
            }
            #expect(error?.code == .invalidQuery)
        }
    }

    @Test func deletingADocumentRemovesItEverywhereAndMergePurgesTombstones() throws {
        let index = try makeTemporaryIndex()
        try store([prepared(key: "keep", title: "Keep", paragraphs: ["alpha beta"])], in: index, path: "/c/keep.txt")
        let doomed = try store(
            [prepared(key: "gone", title: "Gone", paragraphs: ["alpha gamma", "gamma delta"])], in: index,
            path: "/c/gone.txt")
        _ = doomed
        try index.write { session in try session.deleteSource(path: "/c/gone.txt") }
        try index.read { session throws in
            #expect(try session.lexiconStatistics().passageCount == 1)
            #expect(try session.deletedPassages().count == 2)
            #expect(
                try session.fullTextMatch("gamma", weights: FieldWeights(title: 1, headings: 1, body: 1), limit: 5)
                    .isEmpty)
        }
        try index.mergeSegments(maxSegments: 1)
        try index.read { session throws in
            #expect(try session.deletedPassages().isEmpty)
            var gamma = 0
            try session.forEachPosting(of: "gamma") { _ in gamma += 1 }
            #expect(gamma == 0)
            var alpha = 0
            try session.forEachPosting(of: "alpha") { _ in alpha += 1 }
            #expect(alpha == 1)
        }
        #expect(try index.status().lexiconSegments == 1)
        #expect(try index.verifyIntegrity().isEmpty)
    }

    /// Below the segment limit, a segment whose passages are mostly deleted is still rewritten: its tombstoned
    /// postings would keep counting in document frequencies. A lightly deleted one is left alone.
    @Test func mostlyDeletedSegmentsAreRewrittenBelowTheSegmentLimit() throws {
        let index = try makeTemporaryIndex()
        try store(
            [prepared(key: "a", title: "A", paragraphs: (1...8).map { "alpha word\($0)" })], in: index,
            path: "/c/a.txt")
        try store([prepared(key: "b", title: "B", paragraphs: ["alpha beta"])], in: index, path: "/c/b.txt")
        try store(
            [prepared(key: "c", title: "C", paragraphs: (1...8).map { "gamma word\($0)" })], in: index,
            path: "/c/c.txt")
        try index.write { session in try session.deleteSource(path: "/c/b.txt") }  // 1 of 1: all of a segment
        #expect(try index.mergeSegments(maxSegments: 8) == 1)
        try index.read { session throws in
            #expect(try session.deletedPassages().isEmpty)
            var alpha = 0
            try session.forEachPosting(of: "alpha") { _ in alpha += 1 }
            #expect(alpha == 8)
        }
        #expect(try index.mergeSegments(maxSegments: 8) == 0)  // nothing left to reclaim
        #expect(try index.verifyIntegrity().isEmpty)
    }

    @Test func passageIdsAreNeverReused() throws {
        let index = try makeTemporaryIndex()
        try store([prepared(key: "a", title: "A", paragraphs: ["one"])], in: index, path: "/c/a.txt")
        let first = try index.read { try $0.passages(ofDocument: 1).map(\.id) }
        try index.write { try $0.deleteSource(path: "/c/a.txt") }
        try store([prepared(key: "b", title: "B", paragraphs: ["two"])], in: index, path: "/c/b.txt")
        let second = try index.read { session in
            try session.findDocument("b").map { try session.passages(ofDocument: $0.id).map(\.id) } ?? []
        }
        #expect(Set(first).isDisjoint(with: second))
    }

    @Test func renameMovesKeysWithoutTouchingPassages() throws {
        let index = try makeTemporaryIndex()
        var document = prepared(key: "/c/old.txt", title: "Old", paragraphs: ["text here"])
        document.key = "/c/old.txt"
        try store([document], in: index, path: "/c/old.txt")
        try index.write { try $0.renameSource(from: "/c/old.txt", to: "/c/new.txt", modified: 5) }
        try index.read { session throws in
            let found = try session.findDocument("/c/new.txt")
            #expect(found?.path == "/c/new.txt")
            #expect(found?.key == "/c/new.txt")
            #expect(try session.findDocument("/c/old.txt") == nil)
        }
    }
}
