import RuminateText

/// A charset as Ruminate reads it: the name recorded in metadata and the ICU converter that decodes it.
struct Charset: Equatable, Sendable {
    /// The Encoding Standard's name ("windows-1252", "GBK", "Shift_JIS"), else ICU's MIME/IANA name.
    var name: String
    var converter: String
    /// Whether ASCII bytes mean ASCII in it, so pure-ASCII input reads the same as UTF-8.
    var asciiCompatible: Bool

    static let utf8 = Charset(name: "UTF-8", converter: "UTF-8", asciiCompatible: true)
    static let utf16LE = Charset(name: "UTF-16LE", converter: "UTF-16LE", asciiCompatible: false)
    static let utf16BE = Charset(name: "UTF-16BE", converter: "UTF-16BE", asciiCompatible: false)
}

/// Charset labels, resolved the way browsers do (WHATWG Encoding Standard): "iso-8859-1" and "us-ascii"
/// mean windows-1252, "gb2312" means GBK (read with ICU's GB18030, its superset), "euc-kr" means
/// windows-949. Labels outside the table go to ICU as they are.
enum CharsetLabels {
    /// (name, ICU converter, labels).
    private static let table: [(String, String, [String])] = [
        (
            "UTF-8", "UTF-8",
            ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]
        ),
        ("IBM866", "ibm-866", ["866", "cp866", "csibm866", "ibm866"]),
        (
            "ISO-8859-2", "ISO-8859-2",
            ["csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2", "l2", "latin2"]
        ),
        (
            "ISO-8859-3", "ISO-8859-3",
            ["csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "l3", "latin3"]
        ),
        (
            "ISO-8859-4", "ISO-8859-4",
            ["csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "l4", "latin4"]
        ),
        (
            "ISO-8859-5", "ISO-8859-5",
            ["csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5"]
        ),
        (
            "ISO-8859-6", "ISO-8859-6",
            [
                "arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6",
                "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6",
            ]
        ),
        (
            "ISO-8859-7", "ISO-8859-7",
            [
                "csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126", "iso8859-7",
                "iso88597", "iso_8859-7", "sun_eu_greek",
            ]
        ),
        (
            "ISO-8859-8", "ISO-8859-8",
            [
                "csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138", "iso8859-8",
                "iso88598", "iso_8859-8", "visual", "iso-8859-8-i", "csiso88598i", "logical",
            ]
        ),
        (
            "ISO-8859-10", "ISO-8859-10",
            ["csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"]
        ),
        ("ISO-8859-13", "ISO-8859-13", ["iso-8859-13", "iso8859-13", "iso885913"]),
        ("ISO-8859-14", "ISO-8859-14", ["iso-8859-14", "iso8859-14", "iso885914"]),
        (
            "ISO-8859-15", "ISO-8859-15",
            ["csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9", "latin9"]
        ),
        ("ISO-8859-16", "ISO-8859-16", ["iso-8859-16"]),
        ("KOI8-R", "KOI8-R", ["cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"]),
        ("KOI8-U", "KOI8-U", ["koi8-ru", "koi8-u"]),
        ("macintosh", "macintosh", ["csmacintosh", "mac", "macintosh", "x-mac-roman"]),
        (
            "windows-874", "windows-874",
            ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"]
        ),
        ("windows-1250", "windows-1250", ["cp1250", "windows-1250", "x-cp1250"]),
        ("windows-1251", "windows-1251", ["cp1251", "windows-1251", "x-cp1251"]),
        (
            "windows-1252", "windows-1252",
            [
                "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
                "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
                "x-cp1252",
            ]
        ),
        ("windows-1253", "windows-1253", ["cp1253", "windows-1253", "x-cp1253"]),
        (
            "windows-1254", "windows-1254",
            [
                "cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "l5",
                "latin5", "windows-1254", "x-cp1254",
            ]
        ),
        ("windows-1255", "windows-1255", ["cp1255", "windows-1255", "x-cp1255"]),
        ("windows-1256", "windows-1256", ["cp1256", "windows-1256", "x-cp1256"]),
        ("windows-1257", "windows-1257", ["cp1257", "windows-1257", "x-cp1257"]),
        ("windows-1258", "windows-1258", ["cp1258", "windows-1258", "x-cp1258"]),
        (
            "GBK", "GB18030",
            [
                "chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58",
                "x-gbk", "cp936", "ms936", "windows-936",
            ]
        ),
        ("GB18030", "GB18030", ["gb18030"]),
        ("Big5", "Big5-HKSCS", ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950"]),
        ("EUC-JP", "EUC-JP", ["cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"]),
        (
            "Shift_JIS", "windows-31j",
            ["csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis", "cp932"]
        ),
        (
            "EUC-KR", "windows-949",
            [
                "cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989",
                "ksc5601", "ksc_5601", "windows-949", "cp949", "uhc",
            ]
        ),
    ]

    /// Labels of 7-bit or wide charsets: ASCII bytes do not simply mean ASCII in them.
    private static let notASCIICompatible: [String: String] = [
        "utf-16be": "UTF-16BE", "unicodefffe": "UTF-16BE",
        "utf-16le": "UTF-16LE", "utf-16": "UTF-16LE", "unicode": "UTF-16LE", "unicodefeff": "UTF-16LE",
        "ucs-2": "UTF-16LE", "csunicode": "UTF-16LE", "iso-10646-ucs-2": "UTF-16LE",
        "iso-2022-jp": "ISO-2022-JP", "csiso2022jp": "ISO-2022-JP", "iso-2022-kr": "ISO-2022-KR",
        "iso-2022-cn": "ISO-2022-CN", "utf-7": "UTF-7", "hz-gb-2312": "HZ",
    ]

    private static let byLabel: [String: Charset] = {
        var index: [String: Charset] = [:]
        for (name, converter, labels) in table {
            for label in labels { index[label] = Charset(name: name, converter: converter, asciiCompatible: true) }
        }
        for (label, name) in notASCIICompatible {
            index[label] = Charset(name: name, converter: name, asciiCompatible: false)
        }
        return index
    }()

    /// The charset `label` names (surrounding spaces and quotes ignored, any case), or nil when neither
    /// the table nor ICU knows it. Inside a document (`declaredInDocument`), a UTF-16 label means UTF-8:
    /// a declaration readable as ASCII cannot be UTF-16 (the Encoding Standard's rule).
    static func resolve(_ label: String, declaredInDocument: Bool = false) -> Charset? {
        let key = String(label.trimmingSpaces).trimmed(of: ["\"", "'", " "]).lowercased()
        guard !key.isEmpty, key.utf8.count <= 64 else { return nil }
        if let known = byLabel[key] {
            if declaredInDocument, known.name.hasPrefix("UTF-16") { return .utf8 }
            return known
        }
        guard let standard = ICUCharsets.standardName(key) else { return nil }
        let upper = standard.uppercased()
        if upper.hasPrefix("UTF-16") || upper.hasPrefix("UTF-32") {
            return declaredInDocument ? .utf8 : Charset(name: standard, converter: key, asciiCompatible: false)
        }
        if let known = byLabel[standard.lowercased()] { return known }
        // ICU names EBCDIC and stateful charsets too; only treat as ASCII-compatible what the table lists.
        return Charset(name: standard, converter: key, asciiCompatible: false)
    }
}
