import Dispatch
import RuminateCore
import Testing

@testable import RuminateParse

/// libxml2 parses run on two threads at once in the indexer: each parse must keep its own state.
@Suite struct ConcurrencyTests {
    final class Results: @unchecked Sendable {
        private let lock = DispatchQueue(label: "results")
        private var storage: [Int: String] = [:]
        func set(_ index: Int, _ value: String) { lock.sync { storage[index] = value } }
        var all: [Int: String] { lock.sync { storage } }
    }

    static func page(_ index: Int) -> [UInt8] {
        Array(
            """
            <html><head><title>Page \(index)</title><script>var x = \(index);</script></head>
            <body><h1>Heading \(index)</h1><p>Paragraph <b>\(index)</b> with
            \(String(repeating: "words ", count: index % 7 + 1))</p>
            <table><tr><td>cell \(index)</td><td>\(index * 3)</td></tr></table><p>unclosed \(index)
            """.utf8)
    }

    static func render(_ result: ParseResult) -> String {
        let document = result.documents[0]
        return (document.title ?? "-") + "|" + document.outline.map(\.description).joined(separator: "|")
    }

    @Test func fiftyHTMLPagesOnTwoThreadsMatchSequentialParsing() throws {
        let registry = ParserRegistry()
        let expected = try (0..<50).map {
            Self.render(try registry.parse(Self.page($0), format: .html, sourceName: "p\($0)"))
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            for index in stride(from: thread, to: 50, by: 2) {
                let result = try? registry.parse(Self.page(index), format: .html, sourceName: "p\(index)")
                results.set(index, result.map(Self.render) ?? "failed")
            }
        }
        let all = results.all
        #expect(all.count == 50)
        for index in 0..<50 { #expect(all[index] == expected[index], "page \(index)") }
    }

    @Test func xmlErrorsStayWithTheirOwnParse() {
        let registry = ParserRegistry()
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            for round in 0..<40 {
                let index = thread * 100 + round
                // Thread 0 parses broken documents whose error line encodes the index; thread 1 good ones.
                let xml =
                    thread == 0
                    ? "<doc>" + String(repeating: "\n", count: index % 9) + "<p>\(index)</doc>"
                    : "<doc><p>ok \(index)</p></doc>"
                do throws(RuminateError) {
                    let result = try registry.parse(Array(xml.utf8), format: .xml, sourceName: "x\(index)")
                    results.set(index, result.documents[0].text)
                } catch {
                    results.set(index, "\(error.code):\(error.message)")
                }
            }
        }
        for (index, value) in results.all {
            if index < 100 {
                #expect(value.hasPrefix("malformedInput:x\(index) "), "\(value)")
                #expect(value.contains("line \(index % 9 + 1):"), "\(value)")
            } else {
                #expect(value == "ok \(index)")
            }
        }
        #expect(results.all.count == 80)
    }
}
