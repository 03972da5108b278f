import Foundation
@_exported import RuminateTestSupport

/// A temporary folder with a small corpus to index.
func makeCorpusFolder() throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-cli-tests-\(UUID().uuidString)")
    let corpus = root.appendingPathComponent("corpus")
    try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
    let files = [
        "wal.md":
            "# Write-Ahead Logging\n\n## How WAL works\n\nThe original content is preserved in the database file and changes are appended to a separate WAL file. 🚀 Readers continue reading while a writer commits.\n\n## Checkpoints\n\nA checkpoint moves WAL content back into the database.",
        "journal.html":
            "<html><head><title>Rollback journal</title></head><body><h1>Rollback journal</h1><p>The rollback journal stores original pages so that a crash can be rolled back.</p></body></html>",
        "中文.txt": "深度研究\n\n深度研究需要对中文文本进行分词，然后建立倒排索引。Café résumé naïve.",
    ]
    for (name, text) in files { try Data(text.utf8).write(to: corpus.appendingPathComponent(name)) }
    return root
}

/// A three-document BEIR collection in `root/beir`; query 1 is about document a, query 2 about document c.
func writeBEIRFixture(in root: URL, queries: [String]) throws {
    try FileManager.default.createDirectory(
        at: root.appendingPathComponent("beir/qrels"), withIntermediateDirectories: true)
    try """
    {"_id": "a", "title": "Photosynthesis", "text": "Plants convert light into chemical energy."}
    {"_id": "b", "title": "Mitochondria", "text": "Mitochondria produce ATP by respiration."}
    {"_id": "c", "title": "Ribosomes", "text": "Ribosomes translate messenger RNA into protein."}
    """.write(to: root.appendingPathComponent("beir/corpus.jsonl"), atomically: true, encoding: .utf8)
    try queries.enumerated().map { "{\"_id\": \"\($0.offset + 1)\", \"text\": \"\($0.element)\"}" }.joined(
        separator: "\n"
    )
    .write(to: root.appendingPathComponent("beir/queries.jsonl"), atomically: true, encoding: .utf8)
    try "query-id\tcorpus-id\tscore\n1\ta\t1\n2\tc\t1\n".write(
        to: root.appendingPathComponent("beir/qrels/test.tsv"), atomically: true, encoding: .utf8)
}
