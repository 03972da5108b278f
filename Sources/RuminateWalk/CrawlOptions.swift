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
    /// Folders the walk may not leave; empty means no limit. When set, a root or a followed symlink whose real
    /// path (every link resolved) lies outside all of them is skipped and reported, so a link inside an allowed
    /// folder cannot lead the walk out of it (`serve --indexing-root`).
    public var confinement: [String] = []

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
