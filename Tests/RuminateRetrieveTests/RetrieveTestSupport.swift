import Foundation
import RuminateCore
import RuminateIndex
import RuminateText

/// The test corpus as the ingest stage would hand it to a store: one prepared document per entry, a passage
/// per paragraph.
func prepare(_ documents: [(title: String, paragraphs: [String])]) -> [PreparedDocument] {
    let analyzer = TextAnalyzer()
    return documents.enumerated().map { n, document in
        let path = "/corpus/doc\(n).txt"
        let text = document.paragraphs.joined(separator: "\n\n")
        var drafts: [PassageDraft] = []
        var offset = 0
        for (i, paragraph) in document.paragraphs.enumerated() {
            let length = paragraph.unicodeScalars.count
            drafts.append(
                PassageDraft(
                    ordinal: i, span: SourceSpan(start: offset, end: offset + length), headingPath: [], text: paragraph)
            )
            offset += length + 2
        }
        return PreparedDocument(
            key: path, memberID: "d\(n)", title: document.title, format: .text, contentHash: "h\(n)",
            text: text, metadata: [:], drafts: drafts, analyzer: analyzer)
    }
}

func makeIndex(_ documents: [(title: String, paragraphs: [String])]) throws -> SQLiteIndex {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "ruminate-retrieve-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let index = try SQLiteIndex(path: folder.appendingPathComponent("index.sqlite").path)
    try index.write { session throws in
        for (n, document) in prepare(documents).enumerated() {
            let source = try session.saveSource(
                SourceRecord(
                    path: document.key, format: .text, contentHash: "h\(n)", byteSize: 1, modified: 0, indexedAt: 0,
                    status: .indexed))
            try session.insert(document, sourceID: source, indexedAt: 0)
        }
    }
    return index
}
