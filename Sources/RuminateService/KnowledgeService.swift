import Foundation
import RuminateCompose
import RuminateCore
import RuminateIndex
import RuminateIngest
import RuminateResearch
import RuminateRetrieve
import RuminateWalk

/// The operations every front end offers — search, ask, research, open a document or a passage — over one
/// index, safe to call from many threads at once (the HTTP server's request handlers, the MCP server's
/// tools). Searchers hold per-thread scratch buffers and caches of immutable index segments, so the service
/// keeps a pool of them and lends one to each call: caches stay warm across requests, and an indexing run
/// writing the same file meanwhile is seen at the next call (new segments are read, merged ones dropped).
public final class KnowledgeService: @unchecked Sendable {  // the pool's lock guards `idle`
    public let index: any IndexStore & IndexedCorpus
    public let embedder: (any TextEmbedder)?
    public let fusion: FusionParameters
    /// Chooses the claims of answers and reports (retrieval, abstention and verification stay the composer's).
    /// Chooses the answers' claims; nil: `ExtractiveWriter` with the query embedder of the evidence's mode.
    public let writer: (any AnswerWriter)?
    private let lock = NSLock()
    private var idle: [Searcher] = []
    /// One indexing run at a time (SQLite has one writer; a second run would only wait for the lock).
    private let indexingLock = NSLock()

    public init(
        index: any IndexStore & IndexedCorpus, embedder: (any TextEmbedder)?,
        fusion: FusionParameters = FusionParameters(), writer: (any AnswerWriter)? = nil
    ) {
        self.index = index
        self.embedder = embedder
        self.fusion = fusion
        self.writer = writer
    }

    /// Ranked passages with highlighted snippets (`<mark>` by default). Past `deadline` (if any) the search
    /// stops with an `interrupted` error, as `ask` and `research` do.
    public func search(
        _ request: SearchRequest, highlighter: Highlighter = Highlighter(), deadline: QueryDeadline? = nil
    ) throws -> SearchResults {
        let request = try request.validated()
        return try withSearcher(deadline: deadline) { searcher in
            try searcher.search(
                request.query,
                options: SearchOptions(
                    limit: request.limit, explain: request.explain, fullTextSyntax: request.fullTextSyntax,
                    highlighter: highlighter, mode: request.mode,
                    rerank: request.rerank ?? SearchRequest.rerankByDefault))
        }
    }

    /// A cited answer, or an abstention with the closest passages.
    public func ask(_ request: AskRequest, deadline: QueryDeadline? = nil) throws -> Answer {
        let request = try request.validated()
        var options = ComposeOptions()
        options.sentences = request.sentences
        options.passages = request.passages
        return try withSearcher(deadline: deadline) { searcher in
            let retriever = SearcherPassageRetriever(
                searcher: searcher, mode: request.mode, rerank: SearcherPassageRetriever.rerankByDefault)
            let composer = AnswerComposer(index: index, retriever: retriever, writer: writer, options: options)
            return try composer.answer(request.question)
        }
    }

    /// A research report; `progress` receives one line per step (plan, each round, writing), and an error
    /// it throws stops the research.
    public func research(
        _ request: ResearchRequest, deadline: QueryDeadline? = nil,
        progress: @escaping (String) throws -> Void = { _ in }
    ) throws -> ResearchReport {
        let request = try request.validated()
        return try withSearcher(deadline: deadline) { searcher in
            let retriever = SearcherPassageRetriever(searcher: searcher, mode: request.mode)
            let researcher = Researcher(index: index, retriever: retriever, writer: writer, options: request.options)
            return try researcher.research(request.topic, progress: progress)
        }
    }

    /// A stored document by key, id, path or member id.
    public func document(_ reference: String) throws -> DocumentJSON {
        try index.read { session in
            guard let info = try session.findDocument(reference) else {
                throw RuminateError(
                    .notFound, "no document \"\(reference)\" in \(index.path)",
                    hint: "use a key or id from a search result, or a path that was indexed")
            }
            let passages = try session.passages(ofDocument: info.id)
            return DocumentJSON(
                document: info.key, document_id: info.id, path: info.path, member_id: info.memberID, title: info.title,
                format: info.format.rawValue, content_hash: info.contentHash, indexed_at: info.indexedAt,
                metadata: try session.documentMetadata(id: info.id),
                passages: passages.map {
                    .init(
                        passage: $0.id, ordinal: $0.ordinal, start: $0.span.start, end: $0.span.end,
                        heading_path: $0.headingPath)
                },
                text: try session.documentText(id: info.id) ?? "")
        }
    }

    /// One passage with up to `context` characters (Unicode scalars) of its document on each side, cut at
    /// `highlight` (document offsets, e.g. a quoted sentence's start and end) when given.
    public func passage(_ id: Int64, context: Int = 300, highlight: SourceSpan? = nil) throws -> PassageJSON {
        try Self.contextBound.check(context)
        return try index.read { session in
            guard let passage = try session.passages(ids: [id])[id],
                let document = try session.documents(ids: [passage.documentID])[passage.documentID]
            else {
                throw RuminateError(
                    .notFound, "no passage \(id) in \(index.path)",
                    hint: "use a passage id from a search result or an answer's sentence")
            }
            let text = try session.documentText(id: document.id) ?? ""
            let scalars = ScalarText(text)
            let length = scalars.count
            let span = passage.span
            let context = SourceSpan(start: max(0, span.start - context), end: min(length, span.end + context))
            var cuts = [span.start, span.end]
            if let highlight {
                cuts.append(min(max(highlight.start, span.start), span.end))
                cuts.append(min(max(highlight.end, span.start), span.end))
            }
            cuts.sort()
            var spans = [
                SourceSpan(start: context.start, end: span.start), SourceSpan(start: span.end, end: context.end),
            ]
            for i in 0..<(cuts.count - 1) { spans.append(SourceSpan(start: cuts[i], end: cuts[i + 1])) }
            let slices = spans.map(scalars.slice)
            var segments: [PassageJSON.Segment] = []
            for i in 0..<(cuts.count - 1) where cuts[i] < cuts[i + 1] {
                let marked = highlight.map { cuts[i] >= $0.start && cuts[i + 1] <= $0.end } ?? false
                segments.append(.init(text: slices[2 + i], highlighted: marked))
            }
            let siblings = try session.passages(ofDocument: document.id)
            let position = siblings.firstIndex { $0.id == id }
            return PassageJSON(
                passage: passage.id, ordinal: passage.ordinal, document: document.key, document_id: document.id,
                path: document.path,
                member_id: document.memberID, title: document.title, heading_path: passage.headingPath,
                page: passage.page,
                start: span.start, end: span.end, text: passage.text,
                context: .init(start: context.start, end: context.end, before: slices[0], after: slices[1]),
                segments: segments,
                previous_passage: position.flatMap { $0 > 0 ? siblings[$0 - 1].id : nil },
                next_passage: position.flatMap { $0 + 1 < siblings.count ? siblings[$0 + 1].id : nil })
        }
    }

    public func status() throws -> IndexStatus { try index.status() }

    /// Indexes (or re-indexes, incrementally) files and folders into this index while searches go on, then
    /// embeds new passages when the service has a model. Only what lies below `paths` can be deleted.
    public func index(paths: [String], options: IngestOptions? = nil) throws -> IngestReport {
        indexingLock.lock()
        defer { indexingLock.unlock() }
        let options = options ?? IngestOptions(crawl: CrawlOptions(roots: paths))
        return try IndexingRun(
            index: index, options: options, embedder: embedder, progress: ProgressReporter(enabled: false)
        ).run()
    }

    /// `index(paths:)` for a client that may only index inside `roots` (`serve --indexing-root`): each path is
    /// resolved (symlinks included) and must lie inside a root, and the walk is confined to the roots, so a
    /// symlink inside one that leads out of them is skipped and reported instead of followed.
    public func index(paths: [String], confinedTo roots: [String]) throws -> IngestReport {
        let realRoots = roots.map { RealPath.of($0) ?? URL(fileURLWithPath: $0).standardizedFileURL.path }
        let resolved = try paths.map { path throws(RuminateError) -> String in
            guard let real = RealPath.of(path) else {
                throw RuminateError(
                    .invalidArgument, "\(path) does not exist or cannot be resolved",
                    hint: "name a file or folder below \(realRoots.joined(separator: ", "))")
            }
            guard realRoots.contains(where: { RealPath.isInside(real, $0) }) else {
                throw RuminateError(
                    .invalidArgument, "\(path) is outside the folders this server may index",
                    hint: "the allowed roots are set with --indexing-root")
            }
            return real
        }
        var crawl = CrawlOptions(roots: resolved)
        crawl.confinement = realRoots
        return try index(paths: resolved, options: IngestOptions(crawl: crawl))
    }

    /// Lends a pooled searcher bound to `deadline` to `body` (a new one when all are busy), and takes it back
    /// afterwards.
    private func withSearcher<T>(deadline: QueryDeadline?, _ body: (Searcher) throws -> T) throws -> T {
        lock.lock()
        let searcher = idle.popLast() ?? Searcher(index: index, embedder: embedder, fusion: fusion)
        lock.unlock()
        searcher.deadline = deadline
        defer {
            searcher.deadline = nil
            lock.lock()
            if idle.count < 16 { idle.append(searcher) }
            lock.unlock()
        }
        return try body(searcher)
    }
}
