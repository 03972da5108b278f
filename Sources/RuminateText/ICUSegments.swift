internal import CICU

/// Swift face of the CICU segmenters: walks the ICU segments of a UTF-8 buffer.
///
/// Break positions are UTF-8 byte offsets into the buffer. A segmenter is taken from the calling
/// thread's cache for the duration of one walk, so walks may run on many threads at once and may nest.
enum ICUSegments {
    enum Kind {
        case words
        case sentences

        var cValue: Int32 {
            switch self {
            case .words: Int32(CICU_SEGMENT_WORDS)
            case .sentences: Int32(CICU_SEGMENT_SENTENCES)
            }
        }
    }

    /// ICU break iterators index with Int32; longer buffers are walked in windows of this size,
    /// each cut after a whitespace byte so no word straddles two windows.
    static let windowBytes = 1 << 30

    /// Calls `body(start, end, ruleStatus)` for each segment in order. For `.words`, only segments whose
    /// rule status is at least 100 (numbers, letters, kana, ideographs) are reported.
    /// Does nothing if ICU cannot create a break iterator (it always can when its data is installed).
    /// `windowBytes` exists for tests; callers keep the default.
    static func forEach(
        _ kind: Kind,
        in utf8: UnsafeBufferPointer<UInt8>,
        windowBytes: Int = windowBytes,
        _ body: (_ start: Int, _ end: Int, _ status: Int32) -> Void
    ) {
        if kind == .words {
            forEachWordWithASCIIFastPath(in: utf8, windowBytes: windowBytes, body)
        } else {
            forEachWithICU(kind, in: utf8, windowBytes: windowBytes, body)
        }
    }

    /// Words: whitespace-delimited pieces that are pure ASCII go through `ASCIIWordSegmenter`; runs of
    /// other pieces (with the whitespace byte before them, so ICU sees the same context) go through ICU.
    static func forEachWordWithASCIIFastPath(
        in utf8: UnsafeBufferPointer<UInt8>,
        windowBytes: Int,
        _ body: (_ start: Int, _ end: Int, _ status: Int32) -> Void
    ) {
        let count = utf8.count
        var regionStart = -1  // start of pending non-ASCII region, or -1
        var regionEnd = 0
        var i = 0
        func flushRegion() {
            guard regionStart >= 0 else { return }
            let slice = UnsafeBufferPointer(rebasing: utf8[regionStart..<regionEnd])
            let offset = regionStart
            forEachWithICU(.words, in: slice, windowBytes: windowBytes) { start, end, status in
                body(offset + start, offset + end, status)
            }
            regionStart = -1
        }
        while i < count {
            while i < count, ASCIIWordSegmenter.isWhitespace(utf8[i]) { i += 1 }
            guard i < count else { break }
            let pieceStart = i
            var ascii = true
            while i < count, !ASCIIWordSegmenter.isWhitespace(utf8[i]) {
                if utf8[i] >= 0x80 { ascii = false }
                i += 1
            }
            if ascii {
                flushRegion()
                ASCIIWordSegmenter.segment(utf8, pieceStart..<i) { start, end, status in
                    if status >= 100 { body(start, end, status) }
                }
            } else {
                if regionStart < 0 { regionStart = pieceStart > 0 ? pieceStart - 1 : 0 }
                regionEnd = i
            }
        }
        flushRegion()
    }

    static func forEachWithICU(
        _ kind: Kind,
        in utf8: UnsafeBufferPointer<UInt8>,
        windowBytes: Int,
        _ body: (_ start: Int, _ end: Int, _ status: Int32) -> Void
    ) {
        guard let base = utf8.baseAddress, utf8.count > 0 else { return }
        var error: Int32 = 0
        guard let segmenter = cicu_segmenter_acquire(kind.cValue, &error) else { return }
        defer { cicu_segmenter_release(segmenter) }

        var windowStart = 0
        while windowStart < utf8.count {
            let windowEnd = cutPoint(in: utf8, from: windowStart, windowBytes: windowBytes)
            guard cicu_segmenter_set_text(segmenter, base + windowStart, Int64(windowEnd - windowStart)) == 0
            else { return }
            var start: Int32 = 0, end: Int32 = 0, status: Int32 = 0
            switch kind {
            case .words:
                while cicu_segmenter_next_word(segmenter, &start, &end, &status) != 0 {
                    body(windowStart + Int(start), windowStart + Int(end), status)
                }
            case .sentences:
                while cicu_segmenter_next(segmenter, &start, &end, &status) != 0 {
                    body(windowStart + Int(start), windowStart + Int(end), status)
                }
            }
            windowStart = windowEnd
        }
    }

    /// The end of the window that starts at `start`: the buffer end when it is near, else just after the
    /// last ASCII whitespace before the window limit (or, failing that, on a UTF-8 character boundary).
    static func cutPoint(in utf8: UnsafeBufferPointer<UInt8>, from start: Int, windowBytes: Int) -> Int {
        let limit = start + windowBytes
        if limit >= utf8.count { return utf8.count }
        var cut = limit
        let earliest = max(start + 1, limit - min(1 << 20, windowBytes / 2))
        while cut > earliest {
            let byte = utf8[cut - 1]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { return cut }
            cut -= 1
        }
        cut = limit
        while cut > start + 1, utf8[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }
}
