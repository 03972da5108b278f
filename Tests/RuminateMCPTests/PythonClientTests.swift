import Foundation
import RuminateTestSupport
import Testing

/// `ruminate mcp` checked by an independent implementation: the reference Python MCP SDK (PyPI `mcp`,
/// installed into .build/python-mcp by scripts/ensure-mcp-client).
@Suite struct PythonClientTests {
    static var python: URL { RuminateProcess.repository.appendingPathComponent(".build/python-mcp/bin/python") }
    static var script: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(
            "python/mcp_client_check.py")
    }
    static var skipped: Bool { ProcessInfo.processInfo.environment["RUMINATE_SKIP_PYTHON_MCP"] == "1" }

    @Test(.disabled(if: skipped, "RUMINATE_SKIP_PYTHON_MCP=1"))
    func thePythonSDKClientSearchesOpensAndAsks() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python.path) else {
            Issue.record(
                "no Python MCP client at \(Self.python.path): run scripts/ensure-mcp-client (or set RUMINATE_SKIP_PYTHON_MCP=1 to skip this test)"
            )
            return
        }
        let corpus = try IndexedCorpus.get()
        let question = "how do readers and writers share the WAL"
        let outcome = try RuminateProcess.run(
            Self.python,
            [Self.script.path, RuminateProcess.binary.path, corpus.index, "checkpoint starvation readers", question],
            in: corpus.root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome.stdout)")

        #expect(summary["protocol_version"] as? String == "2025-11-25")
        #expect((summary["server"] as? [String: Any])?["name"] as? String == "ruminate")
        let tools = try #require(summary["tools"] as? [String: [String: Any]])
        #expect(tools.keys.sorted() == ["ask", "open", "research", "search"])
        #expect(tools["search"]?["required"] as? [String] == ["query"])
        #expect(tools["ask"]?["required"] as? [String] == ["question"])
        #expect(tools.values.allSatisfy { $0["read_only"] as? Bool == true })

        func part(_ name: String) throws -> (isError: Bool, texts: [String], json: [String: Any]) {
            let object = try #require(summary[name] as? [String: Any], "\(name) missing")
            let json = try #require(object["json"] as? [String: Any], "\(name) has no JSON")
            #expect(
                sameJSON(object["structured"] ?? NSNull(), json), "\(name): structured content differs from the text")
            return (object["is_error"] as? Bool ?? true, object["texts"] as? [String] ?? [], json)
        }

        let search = try part("search")
        #expect(!search.isError)
        let hit = try #require((search.json["hits"] as? [[String: Any]])?.first)
        let document = try #require(hit["document"] as? String)
        let start = try #require(hit["start"] as? Int), end = try #require(hit["end"] as? Int)

        let opened = try part("open_passage")
        #expect(!opened.isError)
        #expect(opened.json["passage"] as? Int == hit["passage"] as? Int)
        #expect(opened.json["text"] as? String == (try corpus.slice(document, start, end)))

        let shown = try part("open_document")
        #expect(!shown.isError)
        #expect(shown.json["text"] as? String == String(String.UnicodeScalarView(try corpus.storedText(of: document))))

        let ask = try part("ask")
        #expect(!ask.isError)
        #expect(ask.json["abstained"] as? Bool == false && ask.json["verified"] as? Bool == true)
        #expect(ask.texts.first?.contains("[1]") == true)
        let sentences = try #require(ask.json["sentences"] as? [[String: Any]])
        #expect(!sentences.isEmpty)
        for sentence in sentences {
            let quoted = try corpus.slice(
                try #require(sentence["document"] as? String), try #require(sentence["start"] as? Int),
                try #require(sentence["end"] as? Int))
            #expect(sentence["text"] as? String == quoted)
        }

        for (name, code) in [("unknown_passage", "notFound"), ("empty_query", "invalidQuery")] {
            let failed = try part(name)
            #expect(failed.isError, "\(name)")
            #expect((failed.json["error"] as? [String: Any])?["code"] as? String == code)
        }
    }
}
