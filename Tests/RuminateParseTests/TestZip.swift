/// A minimal zip writer for tests: stored (uncompressed) entries with a real CRC-32, so containers with
/// exact XML, and hostile ones built byte by byte, can be made without any tool. Deflated and
/// bomb-sized archives come from `Fixtures/containers/hostile/make_hostile.py` (Python's zipfile).
struct TestZip {
    struct Member {
        var name: String
        var bytes: [UInt8]
        /// A wrong CRC-32 to record instead of the real one.
        var recordedCRC: UInt32?
        /// The compression method recorded (the bytes are always written as they are).
        var recordedMethod: UInt16 = 0
        /// General-purpose flags (bit 0: encrypted; bit 11: UTF-8 name).
        var flags: UInt16 = 0x800

        init(_ name: String, _ text: String, recordedCRC: UInt32? = nil) {
            self.init(name, bytes: Array(text.utf8), recordedCRC: recordedCRC)
        }

        init(_ name: String, bytes: [UInt8], recordedCRC: UInt32? = nil) {
            self.name = name
            self.bytes = bytes
            self.recordedCRC = recordedCRC
        }
    }

    /// The archive of `members`; each of `aliases` adds a central-directory entry named `alias` that points
    /// at the data of the member named `target` (overlapping entries, the trick of non-recursive zip bombs).
    static func make(_ members: [Member], aliases: [(alias: String, target: String)] = []) -> [UInt8] {
        var archive: [UInt8] = []
        var directory: [UInt8] = []
        var offsets: [String: Int] = [:]
        func record(_ member: Member, name: String, offset: Int) {
            let name = Array(name.utf8)
            let crc = member.recordedCRC ?? crc32(member.bytes)
            directory +=
                le32(0x0201_4B50) + le16(20) + le16(20) + le16(member.flags) + le16(member.recordedMethod) + le16(0)
            directory += le16(0x21) + le32(crc) + le32(UInt32(member.bytes.count)) + le32(UInt32(member.bytes.count))
            directory +=
                le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) + name
        }
        for member in members {
            let name = Array(member.name.utf8)
            let crc = member.recordedCRC ?? crc32(member.bytes)
            offsets[member.name] = archive.count
            record(member, name: member.name, offset: archive.count)
            archive +=
                le32(0x0403_4B50) + le16(20) + le16(member.flags) + le16(member.recordedMethod) + le16(0) + le16(0x21)
            archive += le32(crc) + le32(UInt32(member.bytes.count)) + le32(UInt32(member.bytes.count))
            archive += le16(UInt16(name.count)) + le16(0) + name + member.bytes
        }
        for (alias, target) in aliases {
            guard let member = members.first(where: { $0.name == target }), let offset = offsets[target] else {
                continue
            }
            record(member, name: alias, offset: offset)
        }
        let count = UInt16(members.count + aliases.count)
        let directoryOffset = archive.count
        archive += directory
        archive += le32(0x0605_4B50) + le16(0) + le16(0) + le16(count) + le16(count)
        archive += le32(UInt32(directory.count)) + le32(UInt32(directoryOffset)) + le16(0)
        return archive
    }

    // MARK: - Containers

    static let wordNamespace = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

    /// A DOCX whose body is `body` (WordprocessingML inside `<w:body>`).
    static func docx(
        body: String, styles: String? = nil, core: String? = nil, documentPrologue: String = "",
        extra: [Member] = []
    ) -> [UInt8] {
        var members = [
            Member(
                "[Content_Types].xml",
                """
                <?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Override PartName="/word/document.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
                """),
            Member(
                "word/document.xml",
                "<?xml version=\"1.0\"?>\(documentPrologue)<w:document \(wordNamespace)><w:body>\(body)</w:body></w:document>"
            ),
        ]
        if let styles { members.append(Member("word/styles.xml", "<w:styles \(wordNamespace)>\(styles)</w:styles>")) }
        if let core {
            members.append(
                Member(
                    "docProps/core.xml",
                    """
                    <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
                    xmlns:dc="http://purl.org/dc/elements/1.1/">\(core)</cp:coreProperties>
                    """))
        }
        return make(members + extra)
    }

    /// An ODT whose `office:text` holds `text`.
    static func odt(text: String, automaticStyles: String = "", meta: String? = nil) -> [UInt8] {
        let namespaces = """
            xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
            xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
            xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" \
            xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" \
            xmlns:dc="http://purl.org/dc/elements/1.1/"
            """
        var members = [
            Member("mimetype", "application/vnd.oasis.opendocument.text"),
            Member(
                "content.xml",
                """
                <?xml version="1.0"?><office:document-content \(namespaces)>\
                <office:automatic-styles>\(automaticStyles)</office:automatic-styles>\
                <office:body><office:text>\(text)</office:text></office:body></office:document-content>
                """),
        ]
        if let meta {
            members.append(
                Member(
                    "meta.xml",
                    "<office:document-meta \(namespaces)><office:meta>\(meta)</office:meta></office:document-meta>"))
        }
        return make(members)
    }

    /// An EPUB with its OPF at `OEBPS/content.opf`; `files` are added under their own names.
    static func epub(
        opf: String, prologue: String = "", files: [Member], aliases: [(alias: String, target: String)] = []
    ) -> [UInt8] {
        make(
            [
                Member("mimetype", "application/epub+zip"),
                Member(
                    "META-INF/container.xml",
                    """
                    <?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\
                    <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>
                    """),
                Member(
                    "OEBPS/content.opf",
                    """
                    <?xml version="1.0"?>\(prologue)<package xmlns="http://www.idpf.org/2007/opf" version="3.0" \
                    xmlns:dc="http://purl.org/dc/elements/1.1/">\(opf)</package>
                    """),
            ] + files, aliases: aliases)
    }

    /// An XHTML chapter with `body` inside `<body>`.
    static func xhtml(_ body: String, prologue: String = "") -> String {
        "<?xml version=\"1.0\"?>\(prologue)<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head><body>\(body)</body></html>"
    }

    // MARK: - Bytes

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { le16(UInt16(value & 0xFFFF)) + le16(UInt16(value >> 16)) }
}
