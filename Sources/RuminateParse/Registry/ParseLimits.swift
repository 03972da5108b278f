import RuminateCore

/// Bounds that keep hostile or accidental inputs from exhausting memory or time.
public struct ParseLimits: Sendable, Equatable {
    /// Larger inputs are refused with `.tooLarge`.
    public var maxBytes: Int = 64 << 20
    /// A JSONL line longer than this is skipped with a warning.
    public var maxJSONLLineBytes: Int = 8 << 20
    /// XML internal entities are never expanded by libxml2; their plain-text values are copied into the
    /// text by Ruminate, at most this many bytes per document (entity bombs stop here).
    public var maxEntityTextBytes: Int = 1 << 20
    /// A zip container (EPUB, DOCX, ODT) listing more entries is refused with `.hostileInput`; what its
    /// entries inflate to is bounded by `maxBytes` in all.
    public var maxArchiveEntries: Int = 10_000
    /// A PDF's text extractor (`pdftotext`, a separate process) still running after this many seconds is
    /// killed with everything it started, and the file refused with `.hostileInput`.
    public var pdfTimeoutSeconds: Double = 60
    /// A man page's own macros may run at most max(this, 4 × its size) scalars of macro body, and its
    /// strings interpolate at most max(a quarter of this, 4 × its size) scalars; past that their output is
    /// left out with a warning. Of the 21,348 pages in a Debian /usr/share/man the most any used is 61,754
    /// macro scalars (groff(7)) and 8,709 interpolated (top(1)).
    public var maxRoffExpansionScalars: Int = 256 << 10

    public init(
        maxBytes: Int = 64 << 20, maxJSONLLineBytes: Int = 8 << 20, maxEntityTextBytes: Int = 1 << 20,
        maxArchiveEntries: Int = 10_000, pdfTimeoutSeconds: Double = 60, maxRoffExpansionScalars: Int = 256 << 10
    ) {
        self.maxBytes = maxBytes
        self.maxJSONLLineBytes = maxJSONLLineBytes
        self.maxEntityTextBytes = maxEntityTextBytes
        self.maxArchiveEntries = maxArchiveEntries
        self.pdfTimeoutSeconds = pdfTimeoutSeconds
        self.maxRoffExpansionScalars = maxRoffExpansionScalars
    }

    /// Throws `.tooLarge` when `data` exceeds `maxBytes`.
    func checkSize(_ data: [UInt8], sourceName: String) throws(RuminateError) {
        guard data.count > maxBytes else { return }
        throw RuminateError(
            .tooLarge, "\(sourceName) is \(data.count) bytes, over the parse limit of \(maxBytes) bytes",
            hint: "split the file or raise ParseLimits.maxBytes")
    }
}
