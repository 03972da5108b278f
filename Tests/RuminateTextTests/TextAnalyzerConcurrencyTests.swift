import Dispatch
import Testing

@testable import RuminateText

/// The indexer tokenises on several threads with one shared analyser; each thread must get exactly the
/// results a serial run gets (break iterators are per thread, never shared).
@Suite struct TextAnalyzerConcurrencyTests {
    static let documents: [String] = (0..<64).map { index in
        let parts = [
            "Document \(index): The researchers were running \(index * 17) experiments generously.",
            "我们在Linux上用Swift调用ICU进行中文分词，第\(index)次。",
            "私は東京大学で日本語を勉強しています。ภาษาไทยเป็นภาษาที่สวยงาม",
            "Café Ångström naïve Straße ＡＢＣ\(index) Ёлка. Mr. Smith left! Did he? Yes.",
        ]
        // Vary the order so documents differ in more than their numbers.
        return (0..<parts.count).map { parts[($0 + index) % parts.count] }.joined(separator: " ")
    }

    @Test func concurrentAnalysisMatchesSerialAnalysis() {
        let analyzer = TextAnalyzer()
        let documents = Self.documents
        let serial = documents.map { analyzer.analyze($0) }
        let serialSentences = documents.map { SentenceSplitter.sentences(in: $0) }
        let serialCounts = documents.map { WordCounter.count($0[...]) }

        let threads = 4
        let results = ResultBox(count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var mismatches = 0
            // Each thread walks all documents several times, starting at a different one.
            for round in 0..<5 {
                for offset in 0..<documents.count {
                    let index = (offset + thread * 16 + round) % documents.count
                    if analyzer.analyze(documents[index]) != serial[index] { mismatches += 1 }
                    if SentenceSplitter.sentences(in: documents[index]) != serialSentences[index] { mismatches += 1 }
                    if WordCounter.count(documents[index][...]) != serialCounts[index] { mismatches += 1 }
                }
            }
            results.set(thread, mismatches)
        }
        #expect(results.values == Array(repeating: 0, count: threads))
    }
}

/// Per-thread result slots written once each from `concurrentPerform`.
final class ResultBox: @unchecked Sendable {
    private var slots: [Int]
    private let lock = DispatchQueue(label: "ResultBox")
    init(count: Int) { slots = Array(repeating: -1, count: count) }
    func set(_ index: Int, _ value: Int) { lock.sync { slots[index] = value } }
    var values: [Int] { lock.sync { slots } }
}
