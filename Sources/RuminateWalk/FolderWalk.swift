import RuminateCore

/// The mutable state of one walk: what was found, what went wrong, and what was already seen.
struct FolderWalk {
    let options: CrawlOptions
    let includePatterns: [GlobPattern]
    let excludePatterns: [GlobPattern]
    /// The real paths of `options.confinement`.
    let confinement: [String]

    private(set) var files: [DiscoveredFile] = []
    private(set) var problems: [CrawlProblem] = []
    /// Real files already reported, so a file reached through two links (or two roots) is listed once.
    private var seenFiles: Set<FileIdentity> = []
    /// Folders already walked, so a folder reached through several links is walked once.
    private var walkedFolders: Set<FileIdentity> = []
    /// Folders on the current descent path: reaching one of them again is a loop.
    private var descentPath: Set<FileIdentity> = []

    init(options: CrawlOptions, includePatterns: [GlobPattern], excludePatterns: [GlobPattern]) {
        self.options = options
        self.includePatterns = includePatterns
        self.excludePatterns = excludePatterns
        self.confinement = options.confinement.map {
            RealPath.of($0) ?? FileSystem.standardize($0, against: FileSystem.currentDirectory())
        }
    }

    /// Whether the walk is confined and the real path of `path` lies outside every allowed folder.
    private func escapes(_ path: String) -> Bool {
        guard !confinement.isEmpty else { return false }
        guard let real = RealPath.of(path) else { return true }
        return !confinement.contains { RealPath.isInside(real, $0) }
    }

    private var allowedFolders: String { confinement.joined(separator: ", ") }

    /// A folder being read: its sorted entry names and how far the walk got through them.
    private struct Frame {
        let path: String
        let relativePath: String
        let identity: FileIdentity
        let names: [String]
        var next = 0
    }

    mutating func walkRoot(_ rawRoot: String, currentDirectory: String) {
        guard !rawRoot.isEmpty else {
            report(rawRoot, .invalidArgument, "an empty path was given as a root", hint: "name a file or folder")
            return
        }
        let root = FileSystem.standardize(rawRoot, against: currentDirectory)
        // A root that cannot be resolved is reported below (missing, unreadable); one that can must lie inside.
        if escapes(root), RealPath.of(root) != nil {
            report(
                root, .invalidArgument, "\(rawRoot) lies outside the folders this walk may enter (\(allowedFolders))",
                hint: "name a file or folder inside them")
            return
        }
        // A root is followed even when it is a symlink: the user named it.
        switch FileStatus.read(root, followingLinks: true) {
        case .success where escapes(root):
            report(root, .fileUnreadable, "cannot resolve \(rawRoot), skipped")
        case .failure(let failure) where failure.isMissing:
            report(
                root, .notFound, "\(rawRoot) does not exist",
                hint: "check the path; relative paths start at \(currentDirectory)")
        case .failure(let failure):
            report(root, .fileUnreadable, "cannot read \(rawRoot): \(failure.text)", cause: failure)
        case .success(let status):
            switch status.kind {
            case .directory:
                walkFolder(root: root, identity: status.identity)
            case .regular:
                keepFile(
                    path: root, root: root, relativePath: FileSystem.lastComponent(root), status: status)
            case .symlink, .other:
                report(
                    root, .unsupportedFormat, "\(rawRoot) is not a regular file or folder",
                    hint: "fifos, sockets and devices cannot be indexed")
            }
        }
    }

    /// Depth-first over an explicit stack, so a very deep tree cannot overflow the thread's stack.
    private mutating func walkFolder(root: String, identity: FileIdentity) {
        guard !walkedFolders.contains(identity), let names = readFolder(root) else { return }
        walkedFolders.insert(identity)
        descentPath.insert(identity)
        var stack = [Frame(path: root, relativePath: "", identity: identity, names: names)]
        while let top = stack.last {
            if top.next == top.names.count {
                descentPath.remove(top.identity)
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let name = top.names[top.next]
            let path = FileSystem.join(top.path, name)
            let relativePath = top.relativePath.isEmpty ? name : top.relativePath + "/" + name
            if let child = visit(path: path, relativePath: relativePath, name: name, root: root) {
                stack.append(child)
            }
        }
    }

    /// Handles one folder entry; returns a frame when it is a folder to descend into.
    private mutating func visit(path: String, relativePath: String, name: String, root: String) -> Frame? {
        if !options.includeHidden && name.hasPrefix(".") { return nil }
        if excludePatterns.contains(where: { $0.matches(relativePath) }) { return nil }

        var status: FileStatus
        switch FileStatus.read(path, followingLinks: false) {
        case .failure(let failure) where failure.isMissing:
            report(path, .fileUnreadable, "\(path) vanished between listing its folder and reading it, skipped")
            return nil
        case .failure(let failure):
            report(path, .fileUnreadable, "cannot read \(path): \(failure.text), skipped", cause: failure)
            return nil
        case .success(let found):
            status = found
        }

        var isLink = false
        if status.kind == .symlink {
            guard options.followSymlinks else { return nil }
            isLink = true
            switch FileStatus.read(path, followingLinks: true) {
            case .failure(let failure) where failure.isMissing:
                report(
                    path, .notFound, "dangling symlink: \(path) → \(FileSystem.linkTarget(path)), skipped",
                    hint: "the link's target does not exist")
                return nil
            case .failure(let failure) where failure.isLinkLoop:
                report(
                    path, .fileUnreadable, "symlink loop: \(path) → \(FileSystem.linkTarget(path)), skipped",
                    hint: "the chain of links never reaches a real file")
                return nil
            case .failure(let failure):
                report(
                    path, .fileUnreadable,
                    "cannot follow symlink \(path) → \(FileSystem.linkTarget(path)): \(failure.text), skipped",
                    cause: failure)
                return nil
            case .success(let target):
                if escapes(path) {
                    report(
                        path, .hostileInput,
                        "symlink \(path) → \(FileSystem.linkTarget(path)) leads outside the folders this walk may enter (\(allowedFolders)), skipped",
                        hint: "only what lies inside them can be indexed; copy or move the files there")
                    return nil
                }
                status = target
            }
        }

        switch status.kind {
        case .directory:
            if descentPath.contains(status.identity) {
                let what =
                    isLink ? "symlink loop: \(path) → \(FileSystem.linkTarget(path))" : "folder loop at \(path)"
                report(path, .fileUnreadable, "\(what), skipped", hint: "it leads back to a folder that contains it")
                return nil
            }
            // Reached before through another link: its files are already listed under that path.
            if walkedFolders.contains(status.identity) { return nil }
            guard let names = readFolder(path) else { return nil }
            walkedFolders.insert(status.identity)
            descentPath.insert(status.identity)
            return Frame(path: path, relativePath: relativePath, identity: status.identity, names: names)
        case .regular:
            if !includePatterns.isEmpty && !includePatterns.contains(where: { $0.matches(relativePath) }) {
                return nil
            }
            keepFile(path: path, root: root, relativePath: relativePath, status: status)
            return nil
        case .symlink, .other:
            return nil
        }
    }

    private mutating func keepFile(path: String, root: String, relativePath: String, status: FileStatus) {
        guard seenFiles.insert(status.identity).inserted else { return }
        if status.byteSize > options.maxFileBytes {
            report(
                path, .tooLarge,
                "\(path) is \(status.byteSize) bytes, over the limit of \(options.maxFileBytes), skipped",
                hint: "raise the size limit to index it")
            return
        }
        guard FileSystem.isReadable(path) else {
            report(path, .fileUnreadable, "cannot read \(path): permission denied, skipped")
            return
        }
        files.append(
            DiscoveredFile(
                path: path, root: root, relativePath: relativePath, byteSize: status.byteSize,
                modified: status.modified, device: status.identity.device, inode: status.identity.inode))
    }

    /// The folder's entries, or nil after reporting why they cannot be read.
    private mutating func readFolder(_ path: String) -> [String]? {
        switch FileSystem.listFolder(path) {
        case .failure(let failure):
            let reason = failure.isPermission ? "permission denied" : failure.text
            report(path, .fileUnreadable, "cannot open folder \(path): \(reason), skipped", cause: failure)
            return nil
        case .success(let listing):
            for name in listing.undecodable where options.includeHidden || !name.hasPrefix(".") {
                let shown = FileSystem.join(path, name)
                report(
                    shown, .malformedInput, "\(shown): the name is not valid UTF-8, skipped",
                    hint: "rename the file to index it")
            }
            return listing.names
        }
    }

    private mutating func report(
        _ path: String, _ code: RuminateError.Code, _ message: String, hint: String? = nil, cause: SystemError? = nil
    ) {
        let error = RuminateError(code, message, hint: hint, cause: cause.map { CauseText($0.text) })
        problems.append(CrawlProblem(path: path, error: error))
    }
}

/// Carries errno's text as a `RuminateError` cause without adding a type name to it.
private struct CauseText: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}
