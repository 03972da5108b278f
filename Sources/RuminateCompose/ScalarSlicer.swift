import RuminateCore

/// Cuts many spans out of one text in a single walk over its Unicode scalars, so slicing k sentences of
/// an n-scalar passage costs O(n + k) rather than O(n·k) (`String.slice` walks from the start each time).
public enum ScalarSlicer {
    /// The text of each span, in the order given. Spans may come in any order and may overlap; spans
    /// reaching past the end are clamped like `String.slice`.
    public static func slices(of text: String, spans: [SourceSpan]) -> [String] {
        guard !spans.isEmpty else { return [] }
        // Visit span boundaries in ascending order, remembering the String.Index of each.
        var boundaries: [Int] = []
        boundaries.reserveCapacity(spans.count * 2)
        for span in spans {
            boundaries.append(max(0, span.start))
            boundaries.append(max(span.start, span.end))
        }
        let order = boundaries.indices.sorted { boundaries[$0] < boundaries[$1] }
        let scalars = text.unicodeScalars
        var resolved = [String.UnicodeScalarView.Index](repeating: scalars.endIndex, count: boundaries.count)
        var position = scalars.startIndex
        var offset = 0
        for slot in order {
            let target = boundaries[slot]
            while offset < target, position < scalars.endIndex {
                scalars.formIndex(after: &position)
                offset += 1
            }
            resolved[slot] = position
        }
        return spans.indices.map { i in String(scalars[resolved[2 * i]..<resolved[2 * i + 1]]) }
    }

    /// The number of Unicode scalars in `text` (the unit of every offset).
    public static func length(of text: String) -> Int {
        text.unicodeScalars.count
    }
}
