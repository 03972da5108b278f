internal import CLibXML2
import RuminateCore

/// EPUB books (2 and 3), read from the zip in memory: one document per book.
///
/// The spine's XHTML files are read in order (each file once) and turned into blocks by
/// `HTMLTextExtractor`, as HTML pages are. Each chapter opens with a level-1 heading: its own first
/// block when that is a heading, else its table-of-contents label (nav or NCX) when it has one; the
/// chapter's other headings are shifted so that its shallowest is level 2. Title, authors (`author`)
/// and language (`lang`) come from the package metadata; without a title, the first heading is the title.
/// Spine items that are not XHTML (images, SVG, nested archives) are skipped with a warning.
struct EPUBParser: DocumentParser {
    var limits: ParseLimits

    static let xhtmlMediaTypes: Set<String> = ["application/xhtml+xml", "text/html"]
    static let xhtmlExtensions: Set<String> = ["xhtml", "html", "htm"]

    func parse(_ data: [UInt8], sourceName: String) throws(RuminateError) -> ParseResult {
        guard var archive = try ZipArchive.open(data, sourceName: sourceName, limits: limits) else {
            return ZipArchive.emptyResult(sourceName)
        }
        let package = try EPUBPackage.read(from: &archive)
        var book = TextAssembler()
        var chapterWarnings: [String] = []
        var seen: Set<String> = []
        for item in package.spine where seen.insert(item.path).inserted {
            guard Self.isXHTML(item) else {
                archive.warn("spine item \(item.path) (\(item.mediaType ?? "no media type")) is not XHTML; skipped")
                continue
            }
            if package.encryptedPaths.contains(item.path) {
                throw RuminateError(
                    .unsupportedFormat, "\(sourceName) is DRM-protected: its chapter \(item.path) is encrypted",
                    hint: "only EPUBs without DRM can be read")
            }
            guard let chapter = try readChapter(item.path, from: &archive) else { continue }
            chapterWarnings += chapter.warnings
            Self.append(
                chapter: chapter.text, blocks: chapter.blocks, tocTitle: package.tocTitles[item.path], to: &book)
        }
        let (text, blocks) = book.finish()
        let title = package.title ?? blocks.first { $0.headingLevel != nil }.map { text.slice($0.span) }
        let document = ExtractedDocument(title: title, text: text, blocks: blocks, metadata: package.metadata)
        return ParseResult(documents: [document], warnings: archive.warnings + chapterWarnings)
    }

    static func isXHTML(_ item: EPUBPackage.SpineItem) -> Bool {
        if let mediaType = item.mediaType { return xhtmlMediaTypes.contains(mediaType.lowercased()) }
        return FormatDetector.fileExtension(item.path).map(xhtmlExtensions.contains) ?? false
    }

    /// One chapter's text and blocks; nil (with a warning) when it is missing, damaged or a nested archive.
    /// XHTML is XML, so the XML parser (locked down, `ContainerXML`) reads it; a chapter that is not
    /// well-formed (tag soup) or uses HTML's named entities goes through `HTMLParser` instead.
    func readChapter(_ path: String, from archive: inout ZipArchive) throws(RuminateError) -> (
        text: String, blocks: [TextBlock], warnings: [String]
    )? {
        let partName = archive.partName(path)
        let bytes: [UInt8]
        do throws(RuminateError) {
            guard let read = try archive.readIfPresent(path) else {
                archive.warn("spine item \(path) is not in the archive; skipped")
                return nil
            }
            bytes = read
        } catch  where Self.isFatal(error) {
            throw error
        } catch {
            archive.warn("spine item skipped: \(error.message)")
            return nil
        }
        if ZipSniffer.startsLikeZip(bytes) {
            archive.warn("spine item \(path) is itself a zip archive; nested archives are not read")
            return nil
        }
        do throws(RuminateError) {
            let xml = try ContainerXML.parse(bytes, partName: partName)
            // HTML's named entities (`&nbsp;`, `&eacute;`) are undeclared in XML when the XHTML DTD is not
            // loaded; the HTML parser knows them.
            let chapter: (text: String, blocks: [TextBlock])? = xml.withRoot { root in
                guard !ContainerXML.hasUndeclaredEntityReference(below: root) else { return nil }
                var assembler = TextAssembler()
                HTMLTextExtractor.extract(from: root, into: &assembler)
                return assembler.finish()
            }
            if let chapter { return (chapter.text, chapter.blocks, []) }
        } catch  where Self.isFatal(error) {
            throw error
        } catch {
            // Not well-formed: read as HTML below.
        }
        let result = try HTMLParser(limits: limits).parse(bytes, sourceName: partName)
        let chapter = result.documents.first ?? ExtractedDocument(text: "", blocks: [])
        return (chapter.text, chapter.blocks, result.warnings)
    }

    /// Errors that refuse the whole book rather than one chapter: hostile or oversized input.
    static func isFatal(_ error: RuminateError) -> Bool {
        [.tooLarge, .hostileInput, .storage].contains(error.code)
    }

    /// Adds one chapter to the book: a level-1 heading first (its own first heading, else `tocTitle`),
    /// its other headings shifted below it, every other block as it is.
    static func append(chapter text: String, blocks: [TextBlock], tocTitle: String?, to book: inout TextAssembler) {
        guard !blocks.isEmpty else { return }
        var rest = Array(zip(blocks, blockTexts(text, blocks)))[...]
        if rest.first?.0.headingLevel != nil {
            book.addBlock(.heading(level: 1), rest.removeFirst().1)
        } else if let tocTitle {
            book.addBlock(.heading(level: 1), tocTitle)
        }
        let shallowest = rest.compactMap(\.0.headingLevel).min() ?? 2
        for (block, blockText) in rest {
            let kind = block.headingLevel.map { TextBlock.Kind.heading(level: $0 - shallowest + 2) } ?? block.kind
            book.addBlock(kind, blockText, preformatted: block.kind == .code)
        }
    }

    /// Each block's text, in one pass over the scalars (`String.slice` counts from the start every time).
    static func blockTexts(_ text: String, _ blocks: [TextBlock]) -> [String] {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var offset = 0
        return blocks.map { block in
            index = scalars.index(index, offsetBy: block.span.start - offset)
            let end = scalars.index(index, offsetBy: block.span.end - block.span.start)
            defer { (index, offset) = (end, block.span.end) }
            return String(scalars[index..<end])
        }
    }
}
