import RuminateCore
import RuminateIndex
import RuminateRetrieve
import RuminateText
import Testing

/// A second storage backend, in memory, holding what the reading protocol serves: documents and passages,
/// one lexicon segment built from the prepared passages, and no vectors. It has no full-text syntax.
struct MemoryIndex: IndexReading {
    var documentsByID: [Int64: DocumentInfo] = [:]
    var texts: [Int64: String] = [:]
    var passagesByID: [Int64: PassageInfo] = [:]
    var postings: [String: [PostingEntry]] = [:]
    var statistics = LexiconStatistics(passageCount: 0, totalLength: [0, 0, 0])

    init(_ documents: [PreparedDocument]) {
        var passageID: Int64 = 0
        for (n, document) in documents.enumerated() {
            let documentID = Int64(n + 1)
            documentsByID[documentID] = DocumentInfo(
                id: documentID, key: document.key, path: document.key, memberID: document.memberID,
                title: document.title,
                format: document.format, contentHash: document.contentHash, byteSize: 1,
                passageCount: document.passages.count, indexedAt: 0)
            texts[documentID] = document.text
            for passage in document.passages {
                passageID += 1
                passagesByID[passageID] = PassageInfo(
                    id: passageID, documentID: documentID, ordinal: passage.draft.ordinal, span: passage.draft.span,
                    headingPath: passage.draft.headingPath, text: passage.draft.text, page: passage.draft.page)
                for item in passage.terms {
                    postings[item.term, default: []].append(
                        PostingEntry(passageID: passageID, termFrequency: item.frequency, fieldLength: passage.lengths))
                }
                statistics.passageCount += 1
                for field in LexicalField.allCases {
                    statistics.totalLength[field.rawValue] += Int64(passage.lengths[field])
                }
            }
        }
        statistics.maximumPassageID = passageID
    }

    // Documents and passages.
    func documents(ids: [Int64]) -> [Int64: DocumentInfo] { documentsByID.filter { ids.contains($0.key) } }
    func findDocument(_ reference: String) -> DocumentInfo? {
        documentsByID.values.sorted { $0.id < $1.id }.first {
            String($0.id) == reference || $0.key == reference || $0.memberID == reference
        }
    }
    func documentText(id: Int64) -> String? { texts[id] }
    func documentMetadata(id: Int64) -> [String: String] { [:] }
    func memberIDs(documentIDs: [Int64]) -> [Int64: String] {
        documentsByID.filter { documentIDs.contains($0.key) }.compactMapValues(\.memberID)
    }
    func passages(ids: [Int64]) -> [Int64: PassageInfo] { passagesByID.filter { ids.contains($0.key) } }
    func passages(ofDocument documentID: Int64) -> [PassageInfo] {
        passagesByID.values.filter { $0.documentID == documentID }.sorted { $0.ordinal < $1.ordinal }
    }
    func passageDocumentMap() -> [Int64: Int64] { passagesByID.mapValues(\.documentID) }

    // The lexicon: one segment, nothing deleted.
    func lexiconStatistics() -> LexiconStatistics { statistics }
    func lexiconSegments() -> [Int64] { [1] }
    func deletedPassages() -> Set<Int64> { [] }
    func postingLists(of term: String, in segments: [Int64], cache: LexiconCache?) -> [PostingList] {
        guard segments.contains(1), let entries = postings[term] else { return [] }
        return [PostingList(entries: entries)]
    }

    // No vectors.
    func embeddingRecord() -> EmbeddingRecord? { nil }
    func vectorCount() -> Int { 0 }
    func vectorSegmentIDs() -> [Int64] { [] }
    func vectorSegment(id: Int64) -> StoredVectorSegment? { nil }
    func vectorSegmentHeader(id: Int64) -> VectorSegmentHeader? { nil }
    func deletedVectorPassages() -> Set<Int64> { [] }
    func passagesHavingVectors(_ ids: [Int64]) -> Set<Int64> { [] }
    func surplusVectorRows() -> Int { 0 }
    func indexIdentity() -> IndexIdentity { IndexIdentity(id: "memory", generation: 0) }
    func passagesWithoutVectors(limit: Int) -> [(id: Int64, text: String)] {
        passagesByID.keys.sorted().prefix(limit).map { ($0, passagesByID[$0]!.text) }
    }
    func countPassagesWithoutVectors() -> Int { passagesByID.count }

    // Sources are the ingest stage's bookkeeping; this store was filled directly.
    func sources() -> [SourceRecord] { [] }
    func storedMemberHashes(path: String) -> [String: String] { [:] }
}

@Suite struct MemoryIndexTests {
    let corpus: [(title: String, paragraphs: [String])] = [
        (
            "Write-ahead logging",
            [
                "The write-ahead log lets readers run while a writer commits.",
                "Checkpoints copy the WAL back into the database file.",
            ]
        ),
        ("Rollback journal", ["The rollback journal keeps the original pages so a crash can be undone."]),
        (
            "Full-text search",
            [
                "FTS5 tokenizers split text into tokens; the porter tokenizer stems English words such as running and runs."
            ]
        ),
        ("Checkpoints", ["A checkpoint moves pages from the log into the database; a crash during one is safe."]),
    ]

    @Test func theRealRankerGivesTheSameRankingOverAnotherStore() throws {
        let memory = MemoryIndex(prepare(corpus))
        let sqlite = try makeIndex(corpus)
        let analyzer = TextAnalyzer()
        for query in ["checkpoint database crash", "write-ahead log", "rollback journal pages", "tokenizers running"] {
            let request = RankingRequest(
                query: query, plan: QueryPlan(query: query, analyzer: analyzer), limit: 10, explain: true)
            let ranker = LexicalRanker()
            let fromMemory = try ranker.rank(request, in: memory)
            let fromSQLite = try sqlite.read { try LexicalRanker().rank(request, in: $0) }
            #expect(!fromMemory.passages.isEmpty, "\(query)")
            #expect(fromMemory.passages == fromSQLite.passages, "\(query)")
            let top = try #require(fromMemory.passages.first)
            #expect(fromMemory.explanation?(top)?.value == top.score)
            // The passages it names are the memory store's own.
            #expect(memory.passages(ids: fromMemory.passages.map(\.passageID)).count == fromMemory.passages.count)
        }
    }

    @Test func fullTextSyntaxIsACapabilityAStoreMayLack() throws {
        let memory = MemoryIndex(prepare(corpus))
        let request = RankingRequest(
            query: "\"rollback journal\"", plan: QueryPlan(query: "\"rollback journal\"", analyzer: TextAnalyzer()),
            limit: 5)
        let error = #expect(throws: RuminateError.self) {
            try FullTextRanker(.querySyntax, weights: BM25Parameters.default.weights).rank(request, in: memory)
        }
        #expect(error?.code == .invalidQuery)
        #expect(error?.message.contains("full-text") == true)
        // The SQLite store has it.
        let sqlite = try makeIndex(corpus)
        #expect(sqlite.capabilities.contains(.fullTextSyntax))
        #expect(
            try sqlite.read {
                try FullTextRanker(.querySyntax, weights: BM25Parameters.default.weights).rank(request, in: $0)
            }.passages.count == 1)
    }
}
