import Foundation
import RuminateCompose
import RuminateCore
import Testing

@Suite struct CitationVerifierTests {
    @Test func acceptsExactQuotesAndNamesEveryKindOfMismatch() throws {
        let fixture = try FixtureIndex(files: ["cafe.md": "# Café\n\nThe café serves coffee. 👍🏽 It opens at dawn.\n"])
        let key = try fixture.index.read { session in
            try #require(try session.findDocument(fixture.root.appendingPathComponent("corpus/cafe.md").path)).key
        }
        let text = try fixture.storedText(key)
        let start = text.unicodeScalars.count - "It opens at dawn.".unicodeScalars.count
        let end = text.unicodeScalars.count
        let spans = [
            CitedSpan(label: "good", document: key, start: start, end: end, text: "It opens at dawn."),
            CitedSpan(label: "shifted", document: key, start: start - 1, end: end - 1, text: "It opens at dawn."),
            CitedSpan(label: "range", document: key, start: start, end: end + 5, text: "It opens at dawn."),
            CitedSpan(label: "missing", document: "/nowhere.md", start: 0, end: 3, text: "abc"),
        ]
        let checks = try CitationVerifier(index: fixture.index).verify(spans)
        #expect(checks.map(\.isMatch) == [true, false, false, false])
        #expect(checks[1].outcome == .textDiffers(stored: " It opens at dawn"))
        #expect(checks[2].outcome == .outOfRange(length: end))
        #expect(checks[3].outcome == .documentMissing)
        #expect(checks[1].summary.hasPrefix("MISMATCH"))
    }

    @Test func canonicallyEquivalentButDifferentScalarsDoNotMatch() throws {
        let fixture = try FixtureIndex(files: ["cafe.txt": "café au lait"])
        let key = fixture.root.appendingPathComponent("corpus/cafe.txt").path
        let composed = CitedSpan(label: "nfc", document: key, start: 0, end: 4, text: "caf\u{E9}")
        let decomposed = CitedSpan(label: "nfd", document: key, start: 0, end: 4, text: "cafe\u{301}")
        #expect("caf\u{E9}" == "cafe\u{301}")  // Swift's == would have let this through
        let checks = try CitationVerifier(index: fixture.index).verify([composed, decomposed])
        #expect(checks.map(\.isMatch) == [true, false])
    }

    @Test func readsEveryQuoteOfASavedAnswerAndCatchesATamperedOne() throws {
        let fixture = try FixtureIndex(files: storageCorpus)
        let answer = try fixture.composer().answer("how do readers and writers share the WAL")
        var data = try JSONEncoder().encode(answer)
        let saved = try SavedCitations.read(data, name: "answer.json")
        #expect(saved.indexPath == fixture.index.path)
        #expect(saved.spans.count == answer.sentences.count)
        #expect(saved.spans.first?.label == "sentences[0]")
        #expect(try CitationVerifier(index: fixture.index).verify(saved.spans).allSatisfy(\.isMatch))

        var tampered = answer
        tampered.sentences[0].text = tampered.sentences[0].text.replacingOccurrences(of: "WAL", with: "journal")
        data = try JSONEncoder().encode(tampered)
        let checks = try CitationVerifier(index: fixture.index).verify(
            try SavedCitations.read(data, name: "answer.json").spans)
        #expect(checks.first?.isMatch == false)
        #expect(checks.dropFirst().allSatisfy { $0.isMatch })
    }

    @Test func aFileThatIsNotJSONIsAClearError() {
        #expect(throws: RuminateError.self) { try SavedCitations.read(Data("not json".utf8), name: "x.json") }
    }
}
