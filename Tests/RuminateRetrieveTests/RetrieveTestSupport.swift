import Foundation
import RuminateCore
import RuminateIndex
import RuminateText

func makeIndex(_ documents: [(title: String, paragraphs: [String])]) throws -> KnowledgeIndex {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-retrieve-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let index = try KnowledgeIndex(path: folder.appendingPathComponent("index.sqlite").path)
    let analyzer = TextAnalyzer()
    try index.write { session throws in
        for (n, document) in documents.enumerated() {
            let path = "/corpus/doc\(n).txt"
            let source = try session.saveSource(SourceRecord(path: path, format: .text, contentHash: "h\(n)", byteSize: 1, modified: 0, indexedAt: 0, status: .indexed))
            let text = document.paragraphs.joined(separator: "\n\n")
            var drafts: [PassageDraft] = []
            var offset = 0
            for (i, paragraph) in document.paragraphs.enumerated() {
                let length = paragraph.unicodeScalars.count
                drafts.append(PassageDraft(ordinal: i, span: SourceSpan(start: offset, end: offset + length), headingPath: [], text: paragraph))
                offset += length + 2
            }
            try session.insert(PreparedDocument(key: path, memberID: "d\(n)", title: document.title, format: .text, contentHash: "h\(n)",
                                                text: text, metadata: [:], drafts: drafts, analyzer: analyzer),
                               sourceID: source, indexedAt: 0)
        }
    }
    return index
}
