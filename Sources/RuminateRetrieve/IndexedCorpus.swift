import RuminateCore
import RuminateIndex

/// The stored text of documents: what checking a quote against its offsets re-reads.
public protocol DocumentTextSource: Sendable {
    /// Where the index lives (its file's absolute path), recorded in answers so `ruminate verify` can re-open it.
    var path: String { get }
    /// The stored text of each document named (by id, key, path or member id) that exists.
    func documentTexts(_ references: Set<String>) throws -> [String: String]
}

/// What answer writing and research read from an index besides rankings: documents' stored text and how rare
/// terms are. Narrow on purpose (no sessions, no storage types), so RuminateCompose and RuminateResearch reach
/// the index only through RuminateRetrieve.
public protocol IndexedCorpus: DocumentTextSource {
    /// Term rarity over this index, with a postings cache of `cacheBytes`: one per thread.
    func documentFrequencies(cacheBytes: Int) -> DocumentFrequencies
    /// Every passage of a document, in reading order (research reads a topic's pages whole).
    func passages(ofDocument documentID: Int64) throws -> [PassageInfo]
}

/// Any `IndexStore` is an `IndexedCorpus` by declaring it (`extension MyStore: IndexedCorpus {}`): these are
/// the implementations.
extension IndexedCorpus where Self: IndexStore {
    public func documentTexts(_ references: Set<String>) throws -> [String: String] {
        try read { session in
            var texts: [String: String] = [:]
            for reference in references {
                if let document = try session.findDocument(reference),
                    let text = try session.documentText(id: document.id)
                {
                    texts[reference] = text
                }
            }
            return texts
        }
    }

    public func documentFrequencies(cacheBytes: Int) -> DocumentFrequencies {
        DocumentFrequencies(index: self, cacheBytes: cacheBytes)
    }

    public func passages(ofDocument documentID: Int64) throws -> [PassageInfo] {
        try read { try $0.passages(ofDocument: documentID) }
    }
}

extension SQLiteIndex: IndexedCorpus {}
