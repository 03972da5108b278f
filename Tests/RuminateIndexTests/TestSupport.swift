import Foundation
import RuminateCore
import RuminateIndex
import RuminateText

/// A fresh index file in its own temporary folder.
func makeTemporaryIndex(_ name: String = #function) throws -> SQLiteIndex {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "ruminate-index-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return try SQLiteIndex(path: folder.appendingPathComponent("index.sqlite").path)
}

/// A one-source document whose passages are the given paragraphs (offsets computed for real).
func prepared(key: String, title: String, paragraphs: [String], headings: [String] = []) -> PreparedDocument {
    let text = paragraphs.joined(separator: "\n\n")
    var drafts: [PassageDraft] = []
    var offset = 0
    for (i, paragraph) in paragraphs.enumerated() {
        let length = paragraph.unicodeScalars.count
        drafts.append(
            PassageDraft(
                ordinal: i, span: SourceSpan(start: offset, end: offset + length), headingPath: headings,
                text: paragraph))
        offset += length + 2
    }
    return PreparedDocument(
        key: key, memberID: nil, title: title, format: .text, contentHash: "hash-\(key)", text: text,
        metadata: [:], drafts: drafts, analyzer: TextAnalyzer())
}

@discardableResult
func store(_ documents: [PreparedDocument], in index: SQLiteIndex, path: String = "/corpus/file.txt") throws -> Int64 {
    try index.write { session throws in
        let source = try session.saveSource(
            SourceRecord(
                path: path, format: .text, contentHash: "h", byteSize: 1, modified: 0, indexedAt: 0, status: .indexed))
        for document in documents { try session.insert(document, sourceID: source, indexedAt: 0) }
        return source
    }
}
