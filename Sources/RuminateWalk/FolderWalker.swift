import RuminateCore

/// Walks the roots of a `CrawlOptions` and lists the regular files to index.
///
/// Never throws and never stops early: whatever cannot be used (a missing root, a dangling link,
/// a folder it may not read, a symlink loop, a file over the size limit) becomes a `CrawlProblem`
/// and the walk goes on. Fifos, sockets and devices are skipped silently. The output is deterministic:
/// folders are read in sorted order, and files and problems are returned sorted by path.
public struct FolderWalker: Sendable {
    public let options: CrawlOptions
    private let includePatterns: [GlobPattern]
    private let excludePatterns: [GlobPattern]

    public init(options: CrawlOptions) {
        self.options = options
        self.includePatterns = options.include.map(GlobPattern.init)
        self.excludePatterns = options.exclude.map(GlobPattern.init)
    }

    public func walk() -> CrawlResult {
        var walk = FolderWalk(
            options: options, includePatterns: includePatterns, excludePatterns: excludePatterns)
        let base = FileSystem.currentDirectory()
        for root in options.roots { walk.walkRoot(root, currentDirectory: base) }
        // Stable sorts, so two problems at one path keep the order they were met in.
        let files = walk.files.enumerated().sorted {
            ($0.element.path, $0.offset) < ($1.element.path, $1.offset)
        }
        let problems = walk.problems.enumerated().sorted {
            ($0.element.path, $0.offset) < ($1.element.path, $1.offset)
        }
        return CrawlResult(files: files.map(\.element), problems: problems.map(\.element))
    }
}
