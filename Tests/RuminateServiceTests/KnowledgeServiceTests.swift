import Foundation
import RuminateCompose
import RuminateCore
import RuminateIndex
import RuminateIngest
import RuminateService
import RuminateWalk
import Testing

/// A temporary folder of real Markdown files indexed by the real ingest pipeline.
final class ServiceFixture {
    let root: URL
    let index: SQLiteIndex
    let service: KnowledgeService

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-service-tests-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let files = [
            "wal.md": """
            # Write-Ahead Logging

            Emoji 👍🏽 and ideographs 中文 come first here.

            ## How WAL works

            The original content is preserved in the database file and changes are appended to a separate WAL file. \
            Readers continue reading the original database while a writer appends to the WAL. \
            A checkpoint moves WAL content back into the database file.
            """,
            "btree.md": """
            # B-tree pages

            Every table and index is a B-tree of fixed-size pages. \
            Interior pages hold keys and child pointers; leaf pages hold the rows.
            """,
        ]
        for (name, text) in files { try Data(text.utf8).write(to: corpus.appendingPathComponent(name)) }
        index = try SQLiteIndex(path: root.appendingPathComponent("index.sqlite").path)
        _ = try IndexingRun(
            index: index, options: IngestOptions(crawl: CrawlOptions(roots: [corpus.path])),
            progress: ProgressReporter(enabled: false)
        ).run()
        service = KnowledgeService(index: index, embedder: nil)
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

@Suite struct KnowledgeServiceTests {
    @Test func searchFindsThePassageAndEncodesTheDocumentedShape() throws {
        let fixture = try ServiceFixture()
        let results = SearchResultsJSON(try fixture.service.search(SearchRequest(query: "checkpoint WAL", limit: 5)))
        #expect(results.engine == "bm25f")
        let first = try #require(results.hits.first)
        #expect(first.path.hasSuffix("wal.md"))
        #expect(first.snippet.contains("<mark>"))
        let json = try #require(try JSONSerialization.jsonObject(with: WireEncoding.data(results)) as? [String: Any])
        let hit = try #require((json["hits"] as? [[String: Any]])?.first)
        for key in [
            "rank", "document", "document_id", "path", "title", "passage", "heading_path", "page", "start", "end",
            "score", "snippet", "snippet_segments",
        ] {
            #expect(hit.keys.contains(key), "hit lacks \(key)")
        }
        #expect(hit["page"] is NSNull)
        // The segments are the snippet without its markers, matches highlighted.
        #expect(first.snippet_segments.contains { $0.highlighted })
        let rebuilt = first.snippet_segments.map { $0.highlighted ? "<mark>\($0.text)</mark>" : $0.text }.joined()
        #expect(rebuilt == first.snippet)
    }

    /// Quotes only the last candidate sentence, by its words: a writer the service did not build.
    struct LastSentenceWriter: AnswerWriter {
        func write(_ candidates: AnswerCandidates) -> [DraftClaim] {
            candidates.sentences.last.map { [DraftClaim(hitIndex: $0.hitIndex, quote: $0.text, score: 1)] } ?? []
        }
    }

    @Test func anInjectedWriterWritesAnswersAndReports() throws {
        let fixture = try ServiceFixture()
        let service = KnowledgeService(index: fixture.index, embedder: nil, writer: LastSentenceWriter())
        let question = AskRequest(question: "how do readers and a writer share the WAL database file")
        #expect(try fixture.service.ask(question).sentences.count > 1)
        let answer = try service.ask(question)
        #expect(!answer.abstained && answer.verified)
        #expect(answer.sentences.count == 1)
        let report = try service.research(ResearchRequest(topic: "WAL database file"))
        #expect(report.verified)
        #expect(report.summary.count <= 1 && report.sections.allSatisfy { $0.sentences.count == 1 })
    }

    @Test func requestsOutOfBoundsAreInvalidArguments() throws {
        let fixture = try ServiceFixture()
        #expect(throws: RuminateError.self) { try fixture.service.search(SearchRequest(query: "   ")) }
        do {
            _ = try fixture.service.search(SearchRequest(query: "wal", limit: 0))
            Issue.record("k = 0 was accepted")
        } catch let error as RuminateError {
            #expect(error.code == .invalidArgument)
        }
        #expect(throws: RuminateError.self) { try fixture.service.ask(AskRequest(question: "what?", sentences: 0)) }
        #expect(throws: RuminateError.self) {
            try fixture.service.research(ResearchRequest(topic: "wal", maximumRounds: 99))
        }
    }

    @Test func passageSegmentsCutAtTheQuotedSentenceAndReassembleExactly() throws {
        let fixture = try ServiceFixture()
        let answer = try fixture.service.ask(
            AskRequest(question: "What does a checkpoint move back into the database file?"))
        #expect(!answer.abstained)
        let sentence = try #require(answer.sentences.first { $0.text.contains("checkpoint") })
        let passage = try fixture.service.passage(
            sentence.passage, context: 20, highlight: SourceSpan(start: sentence.start, end: sentence.end))
        #expect(passage.segments.map(\.text).joined() == passage.text)
        #expect(passage.segments.filter(\.highlighted).map(\.text) == [sentence.text])
        // The excerpt is a verbatim slice of the stored document around the passage.
        let document = try fixture.service.document(passage.document)
        let scalars = Array(document.text.unicodeScalars)
        let excerpt = String(String.UnicodeScalarView(scalars[passage.context.start..<passage.context.end]))
        #expect(excerpt == passage.context.before + passage.text + passage.context.after)
        #expect(passage.start - passage.context.start <= 20 && passage.context.end - passage.end <= 20)
    }

    @Test func neighbouringPassagesLinkUp() throws {
        let fixture = try ServiceFixture()
        let document = try fixture.service.document(fixture.root.appendingPathComponent("corpus/wal.md").path)
        #expect(document.passages.count >= 2)
        let first = try fixture.service.passage(document.passages[0].passage)
        #expect(first.previous_passage == nil)
        #expect(first.next_passage == document.passages[1].passage)
        let highlightOutside = try fixture.service.passage(
            document.passages[0].passage, highlight: SourceSpan(start: 100_000, end: 100_010))
        #expect(highlightOutside.segments.allSatisfy { !$0.highlighted })
    }

    @Test func missingDocumentsAndPassagesAreNotFound() throws {
        let fixture = try ServiceFixture()
        for call in [{ _ = try fixture.service.document("nope.md") }, { _ = try fixture.service.passage(987_654) }] {
            do {
                try call()
                Issue.record("no error")
            } catch let error as RuminateError {
                #expect(error.code == .notFound)
            }
        }
    }

    @Test func concurrentCallsShareThePoolSafely() throws {
        let fixture = try ServiceFixture()
        let service = fixture.service
        let expected = try service.search(SearchRequest(query: "B-tree pages")).hits.map(\.passage.id)
        let mismatches = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let ids = (try? service.search(SearchRequest(query: "B-tree pages")).hits.map(\.passage.id)) ?? []
            if ids != expected { mismatches.add() }
            if i % 8 == 0 { _ = try? service.ask(AskRequest(question: "What do leaf pages hold?")) }
        }
        #expect(mismatches.value == 0)
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
