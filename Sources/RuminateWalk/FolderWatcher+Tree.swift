#if os(Linux)
#if canImport(Glibc)
import Glibc
#endif
import RuminateCore

/// A watched folder: where it is, and the root(s) it belongs to (two roots may share a folder).
struct WatchedFolder {
    struct Role: Equatable {
        var root: String
        /// The folder's path below its root ("" for the root itself).
        var relativePath: String
        /// For a root that is a file, its folder is watched for that one name.
        var onlyName: String?
    }

    var path: String
    var identity: FileIdentity
    var roles: [Role]
}

/// A name in a folder known by its identity.
struct FolderEntry: Hashable {
    var folder: FileIdentity
    var name: String
}

extension FolderWatcher {
    /// Whether changes at `path` (entry `name` of the folder `folder`) are never reported: it is an ignored path
    /// or lies below one, as written or as reached through links.
    func isIgnored(_ path: String, in folder: FileIdentity, name: String) -> Bool {
        ignoredEntries.contains(FolderEntry(folder: folder, name: name))
            || ignoredPaths.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// Watches every folder under the roots that is not watched yet (all of them at the start; after a
    /// re-scan, folders whose creation was missed and roots that came back).
    public func watchRoots() {
        for root in roots {
            switch FileStatus.read(root, followingLinks: true) {
            case .success(let status) where status.kind == .directory:
                watchTree(root, root: root, relativePath: "")
            case .success(let status) where status.kind == .regular:
                // A file root: watch its folder for that name, so an editor replacing the file is seen too.
                let parent = FileSystem.standardize(root + "/..", against: "/")
                guard case .success(let folder) = FileStatus.read(parent, followingLinks: true) else { continue }
                addWatch(
                    parent, identity: folder.identity,
                    role: .init(root: root, relativePath: "", onlyName: FileSystem.lastComponent(root)))
            default:
                continue  // missing or not a folder: the indexing run reports it; `unwatchedRoots` lists it
            }
        }
    }

    /// The walker's rules for an entry inside a root: hidden names and excluded paths are not descended into.
    func admits(name: String, relativePath: String) -> Bool {
        if !options.includeHidden && name.hasPrefix(".") { return false }
        return !excludePatterns.contains { $0.matches(relativePath) }
    }

    /// Watches `path` and every folder below it that the walker would descend into. Does nothing when
    /// `path` is not a folder (or a link to one, when links are followed).
    func watchTree(_ path: String, root: String, relativePath: String) {
        guard let identity = folderIdentity(path) else { return }
        // Folders already watched are still descended into (a re-scan finds what was missed below them);
        // `visited` keeps links from leading the walk round in circles.
        var visited: Set<FileIdentity> = [identity]
        var stack = [(path: path, relativePath: relativePath, identity: identity)]
        while let (folder, relative, identity) = stack.popLast() {
            let role = WatchedFolder.Role(root: root, relativePath: relative, onlyName: nil)
            guard addWatch(folder, identity: identity, role: role) != .failed else {
                if limitReached { return }
                continue
            }
            guard case .success(let listing) = FileSystem.listFolder(folder) else { continue }
            for name in listing.names.reversed() {
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                guard admits(name: name, relativePath: childRelative) else { continue }
                let child = FileSystem.join(folder, name)
                if isIgnored(child, in: identity, name: name) { continue }
                if let childIdentity = folderIdentity(child), visited.insert(childIdentity).inserted {
                    stack.append((child, childRelative, childIdentity))
                }
            }
        }
    }

    /// The identity of a folder the walker would enter, or nil for files, links not followed and failures.
    private func folderIdentity(_ path: String) -> FileIdentity? {
        guard case .success(var status) = FileStatus.read(path, followingLinks: false) else { return nil }
        if status.kind == .symlink {
            guard options.followSymlinks, case .success(let target) = FileStatus.read(path, followingLinks: true) else {
                return nil
            }
            status = target
        }
        return status.kind == .directory ? status.identity : nil
    }

    enum WatchOutcome { case added, covered, failed }

    /// Adds one watch, or one more role to a folder already watched (reached again through a link or an
    /// overlapping root: the first path that reached it for a root stays its path).
    @discardableResult
    func addWatch(_ path: String, identity: FileIdentity, role: WatchedFolder.Role) -> WatchOutcome {
        if let wd = watchByIdentity[identity], var folder = watches[wd] {
            if !folder.roles.contains(where: { $0.root == role.root && $0.onlyName == role.onlyName }) {
                folder.roles.append(role)
                watches[wd] = folder
            }
            return .covered
        }
        guard watches.count < watchLimit else {
            limitReached = true
            return .failed
        }
        let wd = inotify_add_watch(inotify, path, Self.eventMask)
        guard wd >= 0 else {
            let failure = SystemError.current()
            if failure.number == ENOSPC {
                limitReached = true
            } else if !failure.isMissing, !problems.contains(where: { $0.path == path }) {
                // (A folder that vanished meanwhile is reported by its parent's event.)
                let error = RuminateError(.fileUnreadable, "cannot watch \(path): \(failure.text)", cause: failure)
                problems.append(CrawlProblem(path: path, error: error))
            }
            return .failed
        }
        if let stale = watches[wd] {
            // The same folder under another path (it was replaced between stat and watch): the kernel's wins.
            watchByIdentity[stale.identity] = nil
        }
        watches[wd] = WatchedFolder(path: path, identity: identity, roles: [role])
        watchByIdentity[identity] = wd
        return .added
    }

    /// Stops watching `path` and every folder below it (moved away: their watches would report old paths).
    func unwatch(below path: String) {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        for (wd, folder) in watches where folder.path == path || folder.path.hasPrefix(prefix) {
            inotify_rm_watch(inotify, wd)
            forget(wd)
        }
    }

    /// Drops the bookkeeping of a watch the kernel no longer has (or is about to drop).
    func forget(_ wd: Int32) {
        guard let folder = watches.removeValue(forKey: wd) else { return }
        if watchByIdentity[folder.identity] == wd { watchByIdentity[folder.identity] = nil }
    }

    /// After an overflow: every watch removed and the trees walked again.
    func resetWatches() {
        for wd in watches.keys { inotify_rm_watch(inotify, wd) }
        watches = [:]
        watchByIdentity = [:]
        limitReached = false
        watchRoots()
    }
}
#endif
