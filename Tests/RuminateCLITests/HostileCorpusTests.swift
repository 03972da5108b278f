import Foundation
import Testing

/// One indexing run over a folder of hostile and broken files beside good ones, through the real binary:
/// each bad file gets a clear per-file problem, the run continues, the good files are indexed, nothing
/// already indexed is lost on the next run, and no secret reaches the index through an external entity.
@Suite struct HostileCorpusTests {
    static let fixtures = RuminateProcess.repository.appendingPathComponent("Tests/RuminateParseTests/Fixtures")

    @Test func badFilesAreReportedOneByOneAndGoodFilesSurvive() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-hostile-\(UUID().uuidString)")
        let corpus = root.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let secret = root.appendingPathComponent("secret.txt")
        try Data("TOPSECRETTOKEN".utf8).write(to: secret)

        try Data("# Good notes\n\nThe lighthouse keeper logs every passing ship.\n".utf8).write(
            to: corpus.appendingPathComponent("good.md"))
        try Data(
            "<html><head><title>Harbour</title></head><body><p>Tugboats guide freighters into the harbour.</p></body></html>"
                .utf8
        )
        .write(to: corpus.appendingPathComponent("harbour.html"))
        // A 1 GB file (sparse: instant to make) must be refused by size, never read into memory.
        let big = open(corpus.appendingPathComponent("huge.log").path, O_CREAT | O_WRONLY, 0o644)
        #expect(big >= 0 && ftruncate(big, 1 << 30) == 0)
        close(big)
        // Invalid UTF-8 is decoded with replacement characters and a warning, not dropped.
        try Data([0x48, 0x69, 0x20, 0xFF, 0xFE, 0x20] + Array("ballast water tanks\n".utf8)).write(
            to: corpus.appendingPathComponent("bad-bytes.txt"))
        // External entities are never loaded; an entity bomb is refused.
        try Data(
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file://\(secret.path)\">]><r><p>Dock cranes &x; unload.</p></r>"
                .utf8
        )
        .write(to: corpus.appendingPathComponent("xxe.xml"))
        let laughs =
            "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"lol\">"
            + (1...9).map {
                "<!ENTITY \(Character(UnicodeScalar(97 + $0)!)) \""
                    + String(repeating: "&\(Character(UnicodeScalar(96 + $0)!));", count: 10) + "\">"
            }.joined() + "]><l>&j;</l>"
        try Data(laughs.utf8).write(to: corpus.appendingPathComponent("laughs.xml"))
        // A zip bomb in a DOCX, zip-slip names in an EPUB, a truncated and a malformed PDF.
        for (fixture, name) in [
            ("containers/hostile/bomb.docx", "bomb.docx"), ("containers/hostile/zip-slip.epub", "slip.epub"),
            ("pdf/truncated.pdf", "truncated.pdf"), ("pdf/malformed.pdf", "malformed.pdf"),
        ] {
            try FileManager.default.copyItem(
                at: Self.fixtures.appendingPathComponent(fixture), to: corpus.appendingPathComponent(name))
        }
        // A symlink loop.
        try FileManager.default.createSymbolicLink(
            atPath: corpus.appendingPathComponent("loop").path, withDestinationPath: corpus.path)

        let index = root.appendingPathComponent("i.sqlite").path
        let run = try RuminateProcess.run(["index", "corpus", "--index", index, "--no-vectors", "--json"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try RuminateProcess.json(run)
        let problems = try #require(report["problems"] as? [[String: Any]])
        let byName = Dictionary(
            problems.map {
                (URL(fileURLWithPath: $0["path"] as? String ?? "").lastPathComponent, $0["message"] as? String ?? "")
            },
            uniquingKeysWith: { first, _ in first })
        for name in ["huge.log", "bomb.docx", "truncated.pdf", "malformed.pdf", "laughs.xml", "loop"] {
            #expect(byName[name]?.isEmpty == false, "no problem reported for \(name): \(byName)")
        }
        #expect(byName["huge.log"]?.contains("limit") == true, "\(byName["huge.log"] ?? "")")
        for name in ["good.md", "harbour.html", "bad-bytes.txt", "xxe.xml"] {
            #expect(byName[name] == nil, "\(name): \(byName[name] ?? "")")
        }
        // Each problem is also a line on stderr, naming the file.
        #expect(run.stderr.contains("skipped") && run.stderr.contains("bomb.docx"))

        func hits(_ query: String) throws -> Int {
            let outcome = try RuminateProcess.run(
                ["search", query, "--index", index, "--no-vectors", "--json"], in: root)
            return (try RuminateProcess.json(outcome)["hits"] as? [Any])?.count ?? -1
        }
        #expect(try hits("lighthouse keeper") >= 1)
        #expect(try hits("tugboats freighters") >= 1)
        #expect(try hits("ballast water") >= 1)
        #expect(try hits("dock cranes") >= 1)
        #expect(try hits("TOPSECRETTOKEN") == 0)

        // The next run, strict, fails on the same bad files but loses nothing already indexed.
        let again = try RuminateProcess.run(
            ["index", "corpus", "--index", index, "--no-vectors", "--json", "--strict"], in: root)
        #expect(again.status == 2)
        #expect(try hits("lighthouse keeper") >= 1)
        let check = try RuminateProcess.run(["status", "--index", index, "--check"], in: root)
        #expect(check.status == 0, "\(check.stdout)")
    }
}
