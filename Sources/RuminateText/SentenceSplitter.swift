import RuminateCore

/// Splits text into sentences with ICU's sentence rules (`UBRK_SENTENCE`, English abbreviation
/// suppressions so "Dr. Smith" stays together).
public enum SentenceSplitter {
    /// The sentences of `text` as spans of Unicode SCALAR offsets (see `SourceSpan`), in order, each
    /// trimmed of surrounding whitespace; whitespace-only segments are dropped.
    public static func sentences(in text: String) -> [SourceSpan] {
        var spans: [SourceSpan] = []
        var text = text
        text.withUTF8 { utf8 in
            var scalarOffset = 0  // scalars before the current segment
            ICUSegments.forEach(.sentences, in: utf8) { start, end, _ in
                let segment = UnsafeBufferPointer(rebasing: utf8[start..<end])
                let scalars = String(decoding: segment, as: UTF8.self).unicodeScalars
                let count = scalars.count
                let leading = scalars.prefix(while: \.properties.isWhitespace).count
                if leading < count {
                    let trailing = scalars.reversed().prefix(while: \.properties.isWhitespace).count
                    spans.append(SourceSpan(start: scalarOffset + leading, end: scalarOffset + count - trailing))
                }
                scalarOffset += count
            }
        }
        return spans
    }
}
