import Foundation
import RuminateTestSupport
import Testing

/// The stdio contract without any SDK in between: raw JSON-RPC lines in, only JSON-RPC lines out.
@Suite struct StdioProtocolTests {
    @Test func answersEveryRequestEvenWhenStdinEndsRightAfterIt() throws {
        let corpus = try IndexedCorpus.get()
        var lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        ]
        // Slow calls (research) next to quick ones, all written before stdin closes.
        let calls = [
            #"{"name":"research","arguments":{"topic":"database locking","rounds":2}}"#,
            #"{"name":"search","arguments":{"query":"checkpoint starvation"}}"#,
            #"{"name":"ask","arguments":{"question":"what does the busy timeout do"}}"#,
            #"{"name":"open","arguments":{"passage":424242}}"#,
            #"{"name":"research","arguments":{"topic":"rollback journal","rounds":1}}"#,
        ]
        for (offset, call) in calls.enumerated() {
            lines.append(#"{"jsonrpc":"2.0","id":"call-\#(offset)","method":"tools/call","params":\#(call)}"#)
        }
        lines.append(#"{"jsonrpc":"2.0","id":99,"method":"no/such/method"}"#)
        let input = corpus.root.appendingPathComponent("requests-\(UUID().uuidString).jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)

        let outcome = try RuminateProcess.run(["mcp", "--index", corpus.index], in: corpus.root, stdin: input)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // stdout holds nothing but protocol messages, one per line.
        var answered: [String: [String: Any]] = [:]
        for line in outcome.stdout.split(separator: "\n") {
            let message = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            #expect(message["jsonrpc"] as? String == "2.0")
            let id = try #require(message["id"].map { "\($0)" }, "a message without id: \(line)")
            answered[id] = message
        }
        let expected = ["1", "2", "99"] + calls.indices.map { "call-\($0)" }
        #expect(answered.keys.sorted() == expected.sorted(), "\(outcome.stderr)")
        for offset in calls.indices {
            let result = try #require(answered["call-\(offset)"]?["result"] as? [String: Any], "call-\(offset)")
            #expect(result["isError"] as? Bool == (offset == 3), "call-\(offset): \(result)")
        }
        #expect(answered["99"]?["error"] != nil)
        #expect(outcome.stderr.contains("mcp: serving"))
    }

    /// Messages the protocol cannot take get JSON-RPC errors (id null when no id can be read) and lose nothing
    /// for the messages after them: a message past the 1 MiB limit, text that is not JSON, an object as id, an
    /// empty batch, and params of the wrong shape (-32602, not an internal error).
    @Test func malformedAndOversizedMessagesAreAnsweredAndTheNextOnesServed() throws {
        let corpus = try IndexedCorpus.get()
        let padding = String(repeating: "x", count: 1_200_000)
        let lines = [
            #"{"jsonrpc":"2.0","id":8,"method":"initialize","params":{"protocolVersion":5,"capabilities":{}}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"search","arguments":{"query":"\#(padding)"}}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"search","arguments":{"query":"checkpoint"}}}"#,
            "this is not JSON",
            #"{"jsonrpc":"2.0","id":{"nested":1},"method":"tools/list"}"#,
            "[]",
            #"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":5}}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"search","arguments":"checkpoint"}}"#,
            #"{"jsonrpc":"2.0","id":6,"method":"tools/list"}"#,
            #"{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":5}}"#,
        ]
        let input = corpus.root.appendingPathComponent("malformed-\(UUID().uuidString).jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        let outcome = try RuminateProcess.run(["mcp", "--index", corpus.index], in: corpus.root, stdin: input)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        var byID: [String: [String: Any]] = [:]
        var anonymous: [Int] = []
        for line in outcome.stdout.split(separator: "\n") {
            let message = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            let code = (message["error"] as? [String: Any])?["code"] as? Int
            if message["id"] is NSNull {
                anonymous.append(try #require(code, "a null id without an error: \(line)"))
            } else {
                byID[try #require(message["id"].map { "\($0)" }, "no id: \(line)")] = message
            }
        }
        // The oversized call (its id unread), the text, the object id and the empty batch, in any order.
        #expect(anonymous.sorted() == [-32700, -32600, -32600, -32600].sorted(), "\(outcome.stdout.prefix(2000))")
        #expect(byID.keys.sorted() == ["1", "3", "4", "5", "6", "7", "8"], "\(byID.keys.sorted())")
        #expect((byID["3"]?["result"] as? [String: Any])?["isError"] as? Bool == false)
        for id in ["4", "5", "7", "8"] {
            #expect(
                (byID[id]?["error"] as? [String: Any])?["code"] as? Int == -32602, "\(String(describing: byID[id]))")
        }
        #expect(byID["6"]?["result"] != nil)
        #expect(byID["1"]?["result"] != nil)  // a well-formed initialize after a refused one still initializes
    }

    @Test func aMissingIndexFailsWithAHintBeforeSpeaking() throws {
        let corpus = try IndexedCorpus.get()
        let empty = corpus.root.appendingPathComponent("empty-\(UUID().uuidString).jsonl")
        try Data().write(to: empty)
        let outcome = try RuminateProcess.run(
            ["mcp", "--index", corpus.root.appendingPathComponent("none.sqlite").path], in: corpus.root, stdin: empty)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("error:") && outcome.stderr.contains("hint:"))
    }
}
