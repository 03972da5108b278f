import RuminateChunk
import RuminateCrawl
import RuminateParse
import RuminateWalk

/// Everything an indexing run can be told.
public struct IngestOptions: Sendable {
    public var crawl: CrawlOptions
    public var chunking: ChunkingOptions
    public var parseLimits: ParseLimits
    /// Worker threads for parsing and analysis (the writer is one more).
    public var workers: Int
    /// A transaction is committed once it holds this many passages (or after `commitSeconds`).
    public var commitPassages: Int
    public var commitSeconds: Double
    /// Lexicon segments above which a run ends by merging the smallest.
    public var maxSegments: Int
    /// Web sites to crawl into the index; with no start URL (the default) nothing is ever fetched.
    public var web: SiteCrawlOptions = SiteCrawlOptions()
    /// Where crawled pages are mirrored between runs; nil means `<index path>.site`.
    public var webMirror: String?
    /// When another writer is indexing into the same index: wait for it (saying so on stderr), or fail at once.
    public var waitForOtherWriter = true

    public init(
        crawl: CrawlOptions, chunking: ChunkingOptions = ChunkingOptions(), parseLimits: ParseLimits = ParseLimits(),
        workers: Int = 2, commitPassages: Int = 4000, commitSeconds: Double = 1.0, maxSegments: Int = 8
    ) {
        self.crawl = crawl
        self.chunking = chunking
        self.parseLimits = parseLimits
        self.workers = max(1, workers)
        self.commitPassages = commitPassages
        self.commitSeconds = commitSeconds
        self.maxSegments = maxSegments
    }
}
