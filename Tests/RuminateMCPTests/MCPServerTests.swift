import Foundation
import MCP
import Testing

/// `ruminate mcp` driven by the MCP Swift SDK's own client over the real binary's stdin/stdout.
@Suite struct MCPServerTests {
    @Test func initializesAndListsFourToolsWithSchemas() async throws {
        let corpus = try IndexedCorpus.get()
        let server = try await MCPServerProcess.start(index: corpus.index, in: corpus.root)
        let initialized = try #require(server.initialized)
        #expect(initialized.serverInfo.name == "ruminate")
        #expect(!initialized.serverInfo.version.isEmpty)
        #expect(initialized.capabilities.tools != nil)
        #expect(initialized.instructions?.contains("Unicode scalars") == true)

        let (tools, _) = try await server.client.listTools()
        #expect(tools.map(\.name).sorted() == ["ask", "open", "research", "search"])
        let expected: [String: (required: [String], properties: [String])] = [
            "search": (["query"], ["k", "mode", "query", "rerank"]),
            "open": ([], ["context", "document", "highlight_end", "highlight_start", "length", "offset", "passage"]),
            "ask": (["question"], ["mode", "passages", "question", "sentences"]),
            "research": (["topic"], ["aspects", "mode", "rounds", "topic"]),
        ]
        for tool in tools {
            let schema = try #require(tool.inputSchema.objectValue, "\(tool.name)")
            #expect(schema["type"] == "object")
            #expect(schema["additionalProperties"] == false)
            let properties = try #require(schema["properties"]?.objectValue)
            #expect(properties.keys.sorted() == expected[tool.name]?.properties, "\(tool.name)")
            #expect(
                schema["required"]?.arrayValue?.compactMap(\.stringValue) == expected[tool.name]?.required,
                "\(tool.name)")
            for (name, property) in properties {
                #expect(
                    property.objectValue?["description"]?.stringValue?.isEmpty == false,
                    "\(tool.name).\(name) has no description")
                #expect(property.objectValue?["type"] != nil, "\(tool.name).\(name) has no type")
            }
            #expect(tool.description?.isEmpty == false)
            #expect(tool.annotations.readOnlyHint == true)
        }
        let modes = try #require(
            tools.first { $0.name == "search" }?.inputSchema.objectValue?["properties"]?.objectValue?["mode"]?
                .objectValue?["enum"])
        #expect(modes == ["lexical", "vector", "hybrid"])
        #expect(try await server.stop() == 0)
    }

    @Test func searchHitsAndOpenedPassagesPointIntoTheStoredText() async throws {
        let corpus = try IndexedCorpus.get()
        let server = try await MCPServerProcess.start(index: corpus.index, in: corpus.root)
        let search = try ToolOutput(
            try await server.call("search", ["query": "readers and writers share the WAL", "k": 3]))
        #expect(!search.isError)
        #expect(search.structuredMatchesText)
        #expect(search.json["query"] as? String == "readers and writers share the WAL")
        let hits = try #require(search.json["hits"] as? [[String: Any]])
        #expect(!hits.isEmpty && hits.count <= 3)
        for hit in hits {
            let document = try #require(hit["document"] as? String)
            let passage = try #require(hit["passage"] as? Int)
            let start = try #require(hit["start"] as? Int), end = try #require(hit["end"] as? Int)
            let opened = try ToolOutput(try await server.call("open", ["passage": .int(passage), "context": 25]))
            #expect(!opened.isError)
            #expect(opened.structuredMatchesText)
            #expect(opened.json["document"] as? String == document)
            #expect(opened.json["start"] as? Int == start && opened.json["end"] as? Int == end)
            // The passage text and its context are exact slices of the stored text (`show --json`).
            let text = try #require(opened.json["text"] as? String)
            #expect(text == (try corpus.slice(document, start, end)))
            let context = try #require(opened.json["context"] as? [String: Any])
            let contextStart = try #require(context["start"] as? Int), contextEnd = try #require(context["end"] as? Int)
            #expect(context["before"] as? String == (try corpus.slice(document, contextStart, start)))
            #expect(context["after"] as? String == (try corpus.slice(document, end, contextEnd)))
            #expect(start - contextStart <= 25 && contextEnd - end <= 25)
            let plainSnippet = (hit["snippet"] as? String ?? "").replacingOccurrences(of: "<mark>", with: "")
                .replacingOccurrences(of: "</mark>", with: "").replacingOccurrences(of: "…", with: "")
                .trimmingCharacters(in: .whitespaces)
            #expect(text.replacingOccurrences(of: "\n", with: " ").contains(plainSnippet))
        }
        #expect(try await server.stop() == 0)
    }

    @Test func askCitesSentencesThatSliceFromTheStoredTextAndOpenHighlightsThem() async throws {
        let corpus = try IndexedCorpus.get()
        let server = try await MCPServerProcess.start(index: corpus.index, in: corpus.root)
        let ask = try ToolOutput(
            try await server.call("ask", ["question": "how do readers and writers share the WAL", "sentences": 3]))
        #expect(!ask.isError)
        #expect(ask.structuredMatchesText)
        #expect(ask.texts.count == 2)
        let readable = try #require(ask.texts.first)
        #expect(readable.contains("[1]") && readable.contains("\n\nSources\n[1] "))
        #expect(ask.json["abstained"] as? Bool == false)
        #expect(ask.json["verified"] as? Bool == true)
        let sentences = try #require(ask.json["sentences"] as? [[String: Any]])
        let sources = try #require(ask.json["sources"] as? [[String: Any]])
        #expect(!sentences.isEmpty && sentences.count <= 3)
        var sawEmojiBefore = false
        for sentence in sentences {
            let document = try #require(sentence["document"] as? String)
            let start = try #require(sentence["start"] as? Int), end = try #require(sentence["end"] as? Int)
            let quoted = try #require(sentence["text"] as? String)
            #expect(quoted == (try corpus.slice(document, start, end)))
            #expect(readable.contains(quoted))
            // Offsets past the emoji (in or before the quote) count it as one scalar, or the slice above differs.
            if try corpus.slice(document, 0, end).contains("🚀") { sawEmojiBefore = true }
            let citation = try #require(sentence["citation"] as? Int)
            #expect(sources.contains { $0["number"] as? Int == citation && $0["document"] as? String == document })

            // Opening the quoted sentence's passage marks exactly that sentence.
            let passage = try #require(sentence["passage"] as? Int)
            let opened = try ToolOutput(
                try await server.call(
                    "open", ["passage": .int(passage), "highlight_start": .int(start), "highlight_end": .int(end)]))
            #expect(!opened.isError)
            let segments = try #require(opened.json["segments"] as? [[String: Any]])
            #expect(segments.compactMap { $0["text"] as? String }.joined() == opened.json["text"] as? String)
            #expect(
                segments.filter { $0["highlighted"] as? Bool == true }.compactMap { $0["text"] as? String } == [quoted])
        }
        #expect(sawEmojiBefore, "the fixture puts an emoji among the WAL sentences")

        let abstained = try ToolOutput(
            try await server.call("ask", ["question": "who won the 1998 football world cup"]))
        #expect(!abstained.isError)
        #expect(abstained.json["abstained"] as? Bool == true)
        #expect(abstained.texts.first?.contains("does not appear to answer") == true)
        #expect(try await server.stop() == 0)
    }

    @Test func openPagesThroughADocumentInWindows() async throws {
        let corpus = try IndexedCorpus.get()
        let server = try await MCPServerProcess.start(index: corpus.index, in: corpus.root)
        let search = try ToolOutput(try await server.call("search", ["query": "rollback journal crash", "k": 1]))
        let document = try #require((search.json["hits"] as? [[String: Any]])?.first?["document"] as? String)
        let stored = try corpus.storedText(of: document)

        let whole = try ToolOutput(try await server.call("open", ["document": .string(document)]))
        #expect(!whole.isError)
        #expect(whole.structuredMatchesText)
        #expect(whole.json["text"] as? String == String(String.UnicodeScalarView(stored)))
        #expect(whole.json["truncated"] as? Bool == false)
        #expect(whole.json["next_offset"] is NSNull)
        #expect(whole.json["text_length"] as? Int == stored.count)
        let allPassages = try #require(whole.json["passages"] as? [[String: Any]])

        // Windows of 30 scalars (the document starts with CJK and an emoji) concatenate to the stored text.
        var offset = 0, pieces: [String] = [], windows = 0
        while true {
            let window = try ToolOutput(
                try await server.call("open", ["document": .string(document), "offset": .int(offset), "length": 30]))
            #expect(!window.isError)
            #expect(window.json["text_start"] as? Int == offset)
            #expect(window.json["truncated"] as? Bool == true)
            #expect((window.json["note"] as? String)?.contains("Unicode scalars") == true)
            let text = try #require(window.json["text"] as? String)
            #expect(text == (try corpus.slice(document, offset, min(stored.count, offset + 30))))
            let passages = try #require(window.json["passages"] as? [[String: Any]])
            #expect(passages.allSatisfy { ($0["start"] as! Int) < offset + 30 && ($0["end"] as! Int) > offset })
            #expect(passages.count <= allPassages.count)
            pieces.append(text)
            windows += 1
            guard let next = window.json["next_offset"] as? Int else { break }
            #expect(next == offset + 30)
            offset = next
        }
        #expect(windows == (stored.count + 29) / 30)
        #expect(pieces.joined() == String(String.UnicodeScalarView(stored)))
        #expect(try await server.stop() == 0)
    }

    @Test func researchSendsProgressAndReportsCitedSentences() async throws {
        let corpus = try IndexedCorpus.get()
        let server = try await MCPServerProcess.start(index: corpus.index, in: corpus.root)
        let token = ProgressToken.unique()
        let steps = ProgressLog()
        await server.client.onNotification(ProgressNotification.self) { message in
            if message.params.progressToken == token {
                await steps.append(message.params.message ?? "", message.params.progress)
            }
        }
        let research = try ToolOutput(
            try await server.call(
                "research", ["topic": "database", "rounds": 1, "aspects": 3], meta: Metadata(progressToken: token)))
        #expect(!research.isError)
        #expect(research.structuredMatchesText)
        let markdown = try #require(research.texts.first)
        #expect(markdown.hasPrefix("# Research: database\n"))
        for heading in ["## Outline", "## Executive summary", "## References"] {
            #expect(markdown.contains(heading), "missing \(heading)")
        }
        #expect(research.json["verified"] as? Bool == true)
        let sections = try #require(research.json["sections"] as? [[String: Any]])
        #expect(!sections.isEmpty)
        let trace = try #require(research.json["trace"] as? [String: Any])
        #expect(((trace["aspects"] as? [[String: Any]]) ?? []).count <= 3)
        let references = try #require(research.json["references"] as? [[String: Any]])
        let quotes =
            sections.flatMap { ($0["sentences"] as? [[String: Any]]) ?? [] }
            + ((research.json["summary"] as? [[String: Any]]) ?? [])
        #expect(!quotes.isEmpty)
        for quote in quotes {
            let document = try #require(quote["document"] as? String)
            let text = try #require(quote["text"] as? String)
            #expect(
                text
                    == (try corpus.slice(
                        document, try #require(quote["start"] as? Int), try #require(quote["end"] as? Int))))
            #expect(
                references.contains {
                    $0["number"] as? Int == quote["citation"] as? Int && $0["document"] as? String == document
                })
        }
        // Progress arrived before the result, in order, starting with the plan.
        let logged = await steps.entries
        #expect(logged.first?.message.hasPrefix("plan:") == true, "\(logged)")
        #expect(logged.map(\.progress) == (1...max(1, logged.count)).map(Double.init))
        #expect(try await server.stop() == 0)
    }

    @Test func badCallsComeBackAsToolErrorsAndTheServerCarriesOn() async throws {
        let corpus = try IndexedCorpus.get()
        let server = try await MCPServerProcess.start(index: corpus.index, in: corpus.root)
        let cases: [(tool: String, arguments: [String: Value], code: String)] = [
            ("open", ["passage": 987_654_321], "notFound"),
            ("open", ["document": "no-such-document.md"], "notFound"),
            ("search", ["query": "   "], "invalidQuery"),
            ("ask", ["question": ""], "invalidQuery"),
            ("research", ["topic": "\n"], "invalidQuery"),
            ("search", ["query": "wal", "k": 0], "invalidArgument"),
            ("search", ["query": "wal", "k": "many"], "invalidArgument"),
            ("search", ["qurey": "wal"], "invalidArgument"),
            ("search", ["query": "wal", "mode": "psychic"], "invalidArgument"),
            ("open", [:], "invalidArgument"),
            ("open", ["passage": 1, "document": "x"], "invalidArgument"),
            ("open", ["passage": 1, "highlight_start": 9, "highlight_end": 3], "invalidArgument"),
            ("open", ["passage": 1, "highlight_start": 9], "invalidArgument"),
            ("open", ["passage": 1, "context": -1], "invalidArgument"),
            ("open", ["passage": 1, "offset": 10], "invalidArgument"),
            ("open", ["document": "1", "offset": 1_000_000], "invalidArgument"),
            ("open", ["document": "1", "length": 0], "invalidArgument"),
            ("ask", ["question": "wal", "sentences": 51], "invalidArgument"),
            ("research", ["topic": "wal", "rounds": 21], "invalidArgument"),
        ]
        for (tool, arguments, code) in cases {
            let output = try ToolOutput(try await server.call(tool, arguments))
            #expect(output.isError, "\(tool) \(arguments)")
            #expect(output.errorCode == code, "\(tool) \(arguments): \(output.json)")
            #expect((output.json["error"] as? [String: Any])?["message"] is String)
            #expect(output.structuredMatchesText)
        }
        // An unknown tool is a protocol error (MCP's tools spec), also without harm to the server.
        await #expect(throws: MCPError.self) { try await server.call("summon", [:]) }
        let after = try ToolOutput(try await server.call("search", ["query": "checkpoint"]))
        #expect(!after.isError)
        #expect((after.json["hits"] as? [Any])?.isEmpty == false)
        #expect(try await server.stop() == 0)
        #expect(!server.stderr.contains("Fatal error"))
    }
}

actor ProgressLog {
    private(set) var entries: [(message: String, progress: Double)] = []
    func append(_ message: String, _ progress: Double) { entries.append((message, progress)) }
}
