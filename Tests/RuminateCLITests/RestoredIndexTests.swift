import Foundation
import Testing

/// An older copy of an index put back at its path and re-indexed is searched from its own vectors, never from the
/// vector cache its discarded history left in INDEX.vectors/: it ranks exactly as the same database at a fresh path.
@Suite(.serialized) struct RestoredIndexTests {
    @Test func aRestoredAndReindexedCopyRanksAsAFreshCopyOfIt() throws {
        let model = HybridSearchTests.modelFolder
        try #require(
            FileManager.default.fileExists(atPath: model + "/model.safetensors"),
            "run scripts/fetch-model (scripts/test does)")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-restore-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent("i.sqlite").path
        func write(_ name: String, _ text: String, at date: Date = Date()) throws {
            let url = corpus.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
        }
        func indexCorpus() throws {
            let outcome = try RuminateProcess.run(["index", "corpus", "--index", index, "--model", model], in: root)
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        func ranking(_ database: String) throws -> [String] {
            let outcome = try RuminateProcess.run(
                [
                    "search", "the keeper of the harbour light", "--index", database, "--model", model, "--mode",
                    "vector", "--json",
                ],
                in: root)
            return (try RuminateProcess.json(outcome)["hits"] as? [[String: Any]] ?? []).map {
                "\($0["passage"] ?? "") \($0["score"] ?? "")"
            }
        }
        try write("orchard.md", "# Orchards\n\nApple harvests in autumn, pressed into cider.")
        try write("passes.md", "# Passes\n\nMountain passes closed by snow until spring.")
        try indexCorpus()
        let older = root.appendingPathComponent("older.sqlite").path
        try FileManager.default.copyItem(atPath: index, toPath: older)
        // The history that will be discarded: a file indexed, embedded and searched, so its segment is cached.
        try write("new.md", "# Trains\n\nRailway timetables for the night train to the coast.")
        try indexCorpus()
        _ = try ranking(index)
        // The older copy put back, and another text indexed in that file's place.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: index + suffix) }
        try FileManager.default.copyItem(atPath: older, toPath: index)
        try write("new.md", "# Lighthouse\n\nThe harbour lighthouse keeper trims the lamp at dusk.", at: Date() + 60)
        try indexCorpus()
        let fresh = root.appendingPathComponent("fresh.sqlite").path
        try FileManager.default.copyItem(atPath: index, toPath: fresh)
        let expected = try ranking(fresh)
        #expect(expected.count == 3)
        #expect(try ranking(index) == expected)
        let check = try RuminateProcess.run(["status", "--index", index, "--check"], in: root)
        #expect(check.status == 0, "\(check.stdout)")
    }
}
