import RuminateCore

/// What to walk and what to keep.
///
/// Defaults are deliberately plain: no built-in list of VCS or build folders. `.git`, `.svn`, `.venv`
/// and the like are skipped because they are hidden; anything else (`node_modules`, `build`) is the
/// caller's to exclude with a pattern such as `node_modules` or `build/`.
public struct CrawlOptions: Sendable, Hashable {
    /// Files or folders. Relative paths are resolved against the current directory.
    /// A file named here is always considered: include/exclude patterns and the hidden-name rule
    /// apply only to what is found inside folders.
    public var roots: [String]
    /// Glob patterns (see `GlobPattern`); empty means every file. A file is kept when any pattern
    /// matches its path relative to its root (a pattern without "/" matches the file name at any depth).
    public var include: [String] = []
    /// Glob patterns; a matching file is skipped and a matching folder is not descended into.
    public var exclude: [String] = []
    /// Names starting with "." (files and folders) are skipped unless this is true.
    public var includeHidden = false
    /// When false, symlinks inside folders are skipped silently. A root that is a symlink is always followed.
    public var followSymlinks = true
    /// Files larger than this are reported as `.tooLarge` problems instead of being returned.
    public var maxFileBytes: Int = 256 << 20

    public init(
        roots: [String], include: [String] = [], exclude: [String] = [], includeHidden: Bool = false,
        followSymlinks: Bool = true, maxFileBytes: Int = 256 << 20
    ) {
        self.roots = roots
        self.include = include
        self.exclude = exclude
        self.includeHidden = includeHidden
        self.followSymlinks = followSymlinks
        self.maxFileBytes = maxFileBytes
    }
}

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
