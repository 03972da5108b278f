import RuminateCore

/// A regular file the walk found.
public struct DiscoveredFile: Sendable, Hashable {
    /// Absolute and standardized, the path as reached (through symlinks, not their real path).
    public var path: String
    /// The absolute root this file was found under. For a root that is itself a file, that file's path.
    public var root: String
    /// The path below `root` ("docs/a.md"); for a root that is itself a file, its name.
    public var relativePath: String
    public var byteSize: Int
    /// Modification time in seconds since 1970.
    public var modified: Double
    /// Device and inode of the real file: the identity used to report a file reached twice only once.
    public var device: UInt64
    public var inode: UInt64
    /// Where the bytes are read from. `path` itself for a file; for a crawled web page, whose `path` is its URL
    /// (the source's identity in the index), the mirrored copy.
    public var contentPath: String
    /// The charset its server declared (HTTP Content-Type) for a crawled page; it wins over what the bytes
    /// declare. Nil for files.
    public var declaredCharset: String?

    public init(
        path: String, root: String, relativePath: String, byteSize: Int, modified: Double, device: UInt64,
        inode: UInt64, contentPath: String? = nil, declaredCharset: String? = nil
    ) {
        self.path = path
        self.root = root
        self.relativePath = relativePath
        self.byteSize = byteSize
        self.modified = modified
        self.device = device
        self.inode = inode
        self.contentPath = contentPath ?? path
        self.declaredCharset = declaredCharset
    }

    /// The file at `contentPath` (symlinks followed) known by another `path`, as a crawled page is known by its
    /// URL; nil when it cannot be read.
    public init?(path: String, root: String, relativePath: String, contentPath: String, declaredCharset: String?) {
        guard case .success(let status) = FileStatus.read(contentPath, followingLinks: true) else { return nil }
        self.init(
            path: path, root: root, relativePath: relativePath, byteSize: status.byteSize, modified: status.modified,
            device: status.identity.device, inode: status.identity.inode, contentPath: contentPath,
            declaredCharset: declaredCharset)
    }
}

/// Something the walk could not use, with the reason. The walk always continues past it.
public struct CrawlProblem: Sendable, Hashable {
    public var path: String
    public var error: RuminateError

    public init(path: String, error: RuminateError) {
        self.path = path
        self.error = error
    }
}

public struct CrawlResult: Sendable {
    /// Sorted by path; each real file (device, inode) at most once, under the first path that reached it.
    public var files: [DiscoveredFile]
    /// Sorted by path.
    public var problems: [CrawlProblem]

    public init(files: [DiscoveredFile], problems: [CrawlProblem]) {
        self.files = files
        self.problems = problems
    }
}
