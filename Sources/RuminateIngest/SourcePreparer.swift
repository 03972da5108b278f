import Foundation
import RuminateChunk
import RuminateCore
import RuminateCrawl
import RuminateIndex
import RuminateParse
import RuminateText
import RuminateWalk

/// A file after reading and parsing: its members with their hashes, or why it failed.
struct ParsedSource: Sendable {
    var file: DiscoveredFile
    var contentHash: String
    var format: DocumentFormat?
    var members: [(document: ExtractedDocument, hash: String)] = []
    var warnings: [String] = []
    var error: RuminateError?
}

/// A member that needs (re-)indexing, ready for the writer.
struct PreparedSource: Sendable {
    var parsed: ParsedSource
    /// Keys of every member the file holds now, with their hashes (to drop stored members no longer there).
    var currentMembers: [String: String]
    /// Every stored member is replaced, unchanged ones too (the run redoes every file).
    var replacesAllMembers = false
    /// Members that are new or changed, analysed (this slice's share of them).
    var documents: [PreparedDocument]
    /// A big source reaches the writer in several slices: stale members go with the first, the source's
    /// record (its new hash) with the last, so an interrupted source is redone on the next run.
    var isFirstSlice = true
    var isLastSlice = true
    /// New or changed members across all slices of the source.
    var changedMembers = 0
}

/// Reads, parses, chunks and analyses; pure functions of the file, safe to run on several threads.
struct SourcePreparer: Sendable {
    let registry: ParserRegistry
    let chunker: Chunker
    let analyzer: TextAnalyzer
    let maxFileBytes: Int

    init(options: IngestOptions, analyzer: TextAnalyzer) {
        self.registry = ParserRegistry(limits: options.parseLimits)
        self.analyzer = analyzer
        self.maxFileBytes = options.crawl.maxFileBytes
        self.chunker = Chunker(
            options: options.chunking,
            countTokens: { WordCounter.estimate($0) },
            splitSentences: { SentenceSplitter.sentences(in: $0) })
    }

    static func readFile(_ path: String, limit: Int) throws(RuminateError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason =
                FileManager.default.fileExists(atPath: path)
                ? "permission denied or not a regular file" : "it vanished during the run"
            throw RuminateError(
                .fileUnreadable, "cannot read \(path): \(reason)",
                hint: "check the file and re-run; the rest of the index is unaffected")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            if data.count > limit {
                throw RuminateError(
                    .tooLarge, "\(path) is larger than the \(limit >> 20) MB limit",
                    hint: "raise --max-file-mb or exclude it")
            }
            return [UInt8](data)
        } catch let error as RuminateError {
            throw error
        } catch {
            throw RuminateError(
                .fileUnreadable, "reading \(path) failed", hint: "check the file and re-run", cause: error)
        }
    }

    func parse(_ file: DiscoveredFile) -> ParsedSource {
        let bytes: [UInt8]
        do { bytes = try Self.readFile(file.contentPath, limit: maxFileBytes) } catch {
            return ParsedSource(file: file, contentHash: "", format: nil, error: error)
        }
        var parsed = ParsedSource(file: file, contentHash: ContentHash.of(bytes), format: nil)
        // A crawled page's copy is named with the extension of its content type, so detection works on it.
        guard let format = FormatDetector.detect(path: file.contentPath, head: Array(bytes.prefix(4096))) else {
            parsed.error = RuminateError(
                .unsupportedFormat,
                "\(file.relativePath): not a format Ruminate reads (text, Markdown, HTML, XML, JSONL, PDF, man pages, mail, EPUB, DOCX, ODT; gzip of these)",
                hint: "exclude it with --exclude, or convert it")
            return parsed
        }
        parsed.format = format
        do {
            let result = try registry.parse(
                bytes, format: format, sourceName: file.path, declaredCharset: file.declaredCharset)
            parsed.warnings = result.warnings
            parsed.members = result.documents.map { ($0, ContentHash.member(title: $0.title, text: $0.text)) }
        } catch {
            parsed.error = error
        }
        return parsed
    }

    /// The document's key and display title (the member id or file name when it has no title).
    static func identity(of document: ExtractedDocument, in file: DiscoveredFile) -> (key: String, title: String) {
        let key = DocumentKey.make(path: file.path, memberID: document.memberID)
        if let title = document.title?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty {
            return (key, title)
        }
        if let member = document.memberID { return (key, member) }
        if let page = WebURL(file.path) { return (key, page.lastSegment) }  // a crawled page without a title
        let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
        let stem = name.lastIndex(of: ".").map { name[..<$0] }.flatMap { $0.isEmpty ? nil : String($0) } ?? name
        return (key, stem)
    }

    func prepare(_ document: ExtractedDocument, hash: String, file: DiscoveredFile, format: DocumentFormat)
        -> PreparedDocument
    {
        let (key, title) = Self.identity(of: document, in: file)
        return PreparedDocument(
            key: key, memberID: document.memberID, title: title, format: format, contentHash: hash, text: document.text,
            metadata: document.metadata, drafts: chunker.passages(for: document), analyzer: analyzer)
    }
}
