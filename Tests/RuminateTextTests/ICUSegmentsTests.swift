import Testing

@testable import RuminateText

/// Text over 2 GiB is segmented in windows; small windows exercise the same code on small text.
@Suite struct ICUSegmentsTests {
    func words(_ text: String, windowBytes: Int) -> [String] {
        var words: [String] = []
        var text = text
        text.withUTF8 { utf8 in
            ICUSegments.forEach(.words, in: utf8, windowBytes: windowBytes) { start, end, _ in
                words.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<end]), as: UTF8.self))
            }
        }
        return words
    }

    @Test func windowsCutAfterWhitespaceGiveTheSameWords() {
        let text = (0..<50).map { "word\($0) Ölfeld 我们 3.14" }.joined(separator: " \n")
        let whole = words(text, windowBytes: ICUSegments.windowBytes)
        #expect(whole.count == 200)
        #expect(words(text, windowBytes: 64) == whole)
        #expect(words(text, windowBytes: 17) == whole)
    }

    @Test func cutPointPrefersWhitespaceThenACharacterBoundary() {
        let spaced = Array("aaaa bbbb cccc".utf8)
        spaced.withUnsafeBufferPointer { buffer in
            #expect(ICUSegments.cutPoint(in: buffer, from: 0, windowBytes: 8) == 5)  // after "aaaa "
            #expect(ICUSegments.cutPoint(in: buffer, from: 5, windowBytes: 100) == buffer.count)
        }
        let unspaced = Array("ééééé".utf8)  // two bytes each: a cut at 5 would split a character
        unspaced.withUnsafeBufferPointer { buffer in
            #expect(ICUSegments.cutPoint(in: buffer, from: 0, windowBytes: 5) == 4)
        }
    }
}
