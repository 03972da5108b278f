internal import CICU

/// Turns text into index terms by the one normalisation policy below. Documents and queries go
/// through exactly this code, so the same surface text always gives the same terms. Cheap to create and
/// safe to use from many threads at once (ICU break iterators are cached per thread).
///
/// The policy (also in NORMALISATION.md next to this file; change both together and bump `policyVersion`):
/// 1. Segmentation: ICU `UBRK_WORD` run over the UTF-8 text directly (a UTF-8 UText), so break
///    positions are UTF-8 byte offsets. Chinese, Japanese, Thai (and Lao, Khmer, Burmese) use ICU's
///    dictionaries. Only segments with rule status >= 100 are tokens: numbers (100..), letters (200..),
///    kana (300..), ideographs (400..). Spaces, punctuation, symbols and emoji are skipped.
///    A token whose surface text is longer than 100 UTF-8 bytes is dropped as garbage (base64, hashes).
/// 2. Normalisation: Unicode NFKC_Casefold (`ＡＢＣ１２３ ﬁle Straße` -> `abc123 file strasse`).
///    Pure-ASCII tokens take a fast path that lowercases A-Z, which is what NFKC_Casefold does to ASCII.
/// 3. Diacritic folding (option, on by default): after canonical decomposition, nonspacing marks (Mn)
///    are removed when their base letter is Latin, Greek or Cyrillic, then the rest is recomposed (NFC):
///    `café` -> `cafe`, `Ångström` -> `angstrom`. Marks on other scripts stay: Japanese `が` != `か`.
/// 4. Stopwords: a token is flagged (never removed) when its folded, unstemmed form is one of the 33
///    English stopwords of bm25s / Lucene (`EnglishStopwords`).
/// 5. Stemming (option, on by default): Snowball English (Porter2, as in PyStemmer 3.1.0), applied only
///    to terms made entirely of ASCII letters a-z after steps 2-3. Everything else (numbers, CJK,
///    `don't`, `covid19`) is kept as normalised.
/// 6. Numbers are terms like any other word (`2024`, `3.14`, `1,000,000` as ICU segments them).
public struct TextAnalyzer: Sendable {
    /// Bump whenever the terms produced for some input change.
    public static let policyVersion = 1
    /// Tokens whose surface text is longer than this many UTF-8 bytes are dropped.
    public static let maximumTokenBytes = 100

    /// Room for one token's term: NFKC can grow a 100-byte token to ~1.1 KB (U+FDFA expands 11-fold).
    static let scratchBytes = 2048

    public var options: AnalyzerOptions

    public init(options: AnalyzerOptions = .init()) {
        self.options = options
    }

    /// Names the policy, its options and the ICU version; store it with an index and compare on open.
    public var descriptor: String {
        [
            "ruminate-text/\(Self.policyVersion)",
            "icu\(cicu_icu_major_version())-word",
            "nfkc-casefold",
            options.foldDiacritics ? "fold-diacritics" : "keep-diacritics",
            options.stemEnglish ? "snowball-english" : "no-stemming",
            "stopwords-en33",
            "max-token-bytes-\(Self.maximumTokenBytes)",
        ].joined(separator: " ")
    }

    /// All tokens of `text`, in order, with byte offsets into `text.utf8`.
    public func analyze(_ text: String) -> [AnalyzedToken] {
        var tokens: [AnalyzedToken] = []
        var text = text
        text.withUTF8 { utf8 in
            tokens.reserveCapacity(utf8.count / 6)
            analyze(utf8: utf8) { tokens.append($0) }
        }
        return tokens
    }

    /// The terms of `text`, in order (stopwords included).
    public func terms(_ text: String) -> [String] {
        var terms: [String] = []
        var text = text
        text.withUTF8 { utf8 in
            terms.reserveCapacity(utf8.count / 6)
            analyze(utf8: utf8) { terms.append($0.term) }
        }
        return terms
    }

    /// The hot path: calls `body` for each token of the UTF-8 bytes, in order. Ill-formed UTF-8 is read as
    /// U+FFFD (never a word), so any bytes are safe to pass.
    public func analyze(utf8: UnsafeBufferPointer<UInt8>, _ body: (AnalyzedToken) -> Void) {
        let options = options
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.scratchBytes) { scratch in
            ICUSegments.forEach(.words, in: utf8) { start, end, _ in
                guard end - start <= Self.maximumTokenBytes else { return }
                let surface = UnsafeBufferPointer(rebasing: utf8[start..<end])
                guard let (term, isStopword) = TermBuilder.term(for: surface, options: options, scratch: scratch)
                else { return }
                body(AnalyzedToken(term: term, utf8Start: start, utf8End: end, isStopword: isStopword))
            }
        }
    }
}

/// One token of analysed text.
public struct AnalyzedToken: Hashable, Sendable {
    /// The normalised, folded and (for a-z words) stemmed form used as the index term.
    public var term: String
    /// Byte offsets into the UTF-8 input that was analysed: `utf8[utf8Start..<utf8End]` is the surface text.
    public var utf8Start: Int
    public var utf8End: Int
    /// Whether the folded, unstemmed form is an English stopword.
    public var isStopword: Bool

    public init(term: String, utf8Start: Int, utf8End: Int, isStopword: Bool) {
        self.term = term
        self.utf8Start = utf8Start
        self.utf8End = utf8End
        self.isStopword = isStopword
    }
}

/// The switchable parts of the policy. Record them with the index: terms made under different options
/// do not match.
public struct AnalyzerOptions: Hashable, Sendable, Codable {
    public var foldDiacritics: Bool = true
    public var stemEnglish: Bool = true

    public init(foldDiacritics: Bool = true, stemEnglish: Bool = true) {
        self.foldDiacritics = foldDiacritics
        self.stemEnglish = stemEnglish
    }
}
