import RuminateCore

#if canImport(Glibc)
import Glibc
#endif

/// Something that changed under a watched root, as the kernel reported it.
public struct FolderEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case created, written, attributesChanged, deleted, movedOut, movedIn
        /// The kernel's event queue overflowed and events were lost: anything under any root may have changed.
        case overflow
    }

    public var kind: Kind
    /// Absolute path of what changed; for `.overflow`, the empty string.
    public var path: String
    /// The root it lies under; nil for `.overflow` (every root).
    public var root: String?
    public var isFolder: Bool

    public init(kind: Kind, path: String, root: String?, isFolder: Bool) {
        self.kind = kind
        self.path = path
        self.root = root
        self.isFolder = isFolder
    }
}

#if os(Linux)
/// Watches the folder trees of a `CrawlOptions` with Linux inotify: the project's only inotify user.
///
/// inotify is not recursive, so every folder the walker would descend into gets its own watch (hidden,
/// excluded and symlinked folders follow the walker's rules); folders that appear later are watched as
/// their creation is read, and watches of folders that go away are dropped. File events are filtered by the
/// same rules (an editor's `.swp` file does not count) and by `ignoring` (the index's own files). When the
/// watch limit is reached (`ENOSPC`, see `/proc/sys/fs/inotify/max_user_watches`) the watcher keeps what it
/// has and sets `limitReached`: the caller must then re-scan periodically. After a queue overflow it
/// re-walks the trees and reports `.overflow`.
///
/// `events(waitingUpTo:)` and `watchRoots()` are for one thread at a time; `wake()` may be called from
/// any thread (a signal handler's queue) to end a wait early. Closing happens in `deinit`: the inotify
/// descriptor's close removes every watch.
public final class FolderWatcher: @unchecked Sendable {
    public let options: CrawlOptions
    /// Paths (and everything below them) whose changes are never reported, such as the index and its WAL.
    public let ignoredPaths: [String]
    /// The number of watches this watcher adds at most; past it, it behaves as when the kernel's limit is hit.
    public let watchLimit: Int
    /// True once a folder could not be watched for lack of watches: changes there go unseen.
    public internal(set) var limitReached = false
    /// Folders that could not be watched for another reason, such as permission (one that vanished meanwhile is not listed).
    public internal(set) var problems: [CrawlProblem] = []

    let inotify: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// The absolute roots, standardized as the walker does.
    let roots: [String]
    let includePatterns: [GlobPattern]
    let excludePatterns: [GlobPattern]
    /// The ignored paths as (folder, name), so they are recognised however the folder was reached.
    let ignoredEntries: Set<FolderEntry>
    var watches: [Int32: WatchedFolder] = [:]
    var watchByIdentity: [FileIdentity: Int32] = [:]

    /// What the watcher asks the kernel about every folder.
    static let eventMask =
        UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_FROM) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE)
        | UInt32(IN_DELETE) | UInt32(IN_ATTRIB) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_ONLYDIR)

    /// Opens an inotify instance and watches every folder under the roots.
    public init(options: CrawlOptions, ignoring ignoredPaths: [String] = [], watchLimit: Int = .max) throws {
        self.options = options
        self.watchLimit = max(0, watchLimit)
        includePatterns = options.include.map(GlobPattern.init)
        excludePatterns = options.exclude.map(GlobPattern.init)
        let base = FileSystem.currentDirectory()
        roots = options.roots.filter { !$0.isEmpty }.map { FileSystem.standardize($0, against: base) }
        let ignored = ignoredPaths.map { FileSystem.standardize($0, against: base) }
        self.ignoredPaths = ignored
        ignoredEntries = Set(
            ignored.compactMap { path in
                let parent = FileSystem.standardize(path + "/..", against: "/")  // lexical: the name need not exist yet
                guard case .success(let folder) = FileStatus.read(parent, followingLinks: true) else { return nil }
                return FolderEntry(folder: folder.identity, name: FileSystem.lastComponent(path))
            })

        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else {
            let failure = SystemError.current()
            throw RuminateError(
                .storage, "cannot start watching for changes: inotify_init1 failed: \(failure.text)",
                hint: failure.number == EMFILE
                    ? "too many inotify instances: raise /proc/sys/fs/inotify/max_user_instances" : nil)
        }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            let failure = SystemError.current()
            close(descriptor)
            throw RuminateError(.storage, "cannot start watching for changes: pipe failed: \(failure.text)")
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        inotify = descriptor
        wakeRead = ends[0]
        wakeWrite = ends[1]
        watchRoots()
    }

    deinit {
        close(inotify)
        close(wakeRead)
        close(wakeWrite)
    }

    /// The number of folders watched now.
    public var watchCount: Int { watches.count }

    /// Roots that have no watch now (missing at the start, deleted or moved away since): only a re-scan
    /// (which calls `watchRoots()`) notices them coming back.
    public var unwatchedRoots: [String] {
        roots.filter { root in !watches.values.contains { $0.roles.contains { $0.root == root } } }
    }

    /// Why `limitReached` matters and what to do about it.
    public var limitError: RuminateError {
        let current =
            (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_user_watches", maxBytes: 64))
            .map { " (now \($0.trimmingCharacters))" } ?? ""
        return RuminateError(
            .storage,
            "the inotify watch limit was reached after \(watches.count) folders; changes in the other folders are not seen as they happen",
            hint:
                "raise /proc/sys/fs/inotify/max_user_watches\(current), e.g. `sudo sysctl fs.inotify.max_user_watches=524288`"
        )
    }

    /// Makes a waiting `events(waitingUpTo:)` return now (safe from any thread).
    public func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Waits until the kernel reports changes, `seconds` pass (nil: no limit) or `wake()` is called, then
    /// returns the events read, in order (often empty after a timeout or a wake).
    public func events(waitingUpTo seconds: Double?) -> [FolderEvent] {
        var descriptors = [
            pollfd(fd: inotify, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        let timeout = seconds.map { Int32(clamping: Int(max(0, ($0 * 1000).rounded(.up)))) } ?? -1
        guard poll(&descriptors, 2, timeout) > 0 else { return [] }  // timeout, or EINTR
        if descriptors[1].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            while read(wakeRead, &drain, drain.count) > 0 {}
        }
        return descriptors[0].revents != 0 ? readEvents() : []
    }

    /// Reads every queued event (the descriptor is non-blocking) and keeps the watches in step with them.
    private func readEvents() -> [FolderEvent] {
        var events: [FolderEvent] = []
        var overflowed = false
        // Large enough for many events; aligned for `inotify_event` by allocation.
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(inotify, buffer, capacity)
            guard count > 0 else { break }  // EAGAIN: drained
            var offset = 0
            while offset + 16 <= count {
                let wd = buffer.load(fromByteOffset: offset, as: Int32.self)
                let mask = buffer.load(fromByteOffset: offset + 4, as: UInt32.self)
                let length = Int(buffer.load(fromByteOffset: offset + 12, as: UInt32.self))
                let nameBytes = UnsafeRawBufferPointer(
                    start: buffer + offset + 16, count: min(length, count - offset - 16))
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                offset += 16 + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    overflowed = true
                    continue
                }
                handle(wd: wd, mask: mask, name: name, into: &events)
            }
        }
        if overflowed {
            // Lost events may include new folders (never watched) and moves (stale paths): start over.
            resetWatches()
            events.append(FolderEvent(kind: .overflow, path: "", root: nil, isFolder: false))
        }
        return events
    }

    /// One kernel event: bookkeeping first (new folders watched, gone ones dropped), then what to report.
    private func handle(wd: Int32, mask: UInt32, name: String, into events: inout [FolderEvent]) {
        if mask & UInt32(IN_IGNORED) != 0 {  // the kernel dropped the watch (folder deleted, or we removed it)
            forget(wd)
            return
        }
        guard let folder = watches[wd] else { return }
        let isFolder = mask & UInt32(IN_ISDIR) != 0
        if name.isEmpty {
            // The watched folder itself went away. A root's parent is not watched, and a folder reached through
            // a symlink has no watched parent either, so it is reported here (twice at worst, which is harmless).
            guard mask & (UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)) != 0 else { return }
            let moved = mask & UInt32(IN_MOVE_SELF) != 0
            if moved { unwatch(below: folder.path) }  // a moved folder's watches would report stale paths
            for role in folder.roles where role.onlyName == nil {
                events.append(
                    FolderEvent(kind: moved ? .movedOut : .deleted, path: folder.path, root: role.root, isFolder: true))
            }
            return
        }
        let path = FileSystem.join(folder.path, name)
        guard !isIgnored(path, in: folder.identity, name: name) else { return }
        let kind = Self.kind(of: mask)
        for role in folder.roles {
            let relativePath = role.relativePath.isEmpty ? name : role.relativePath + "/" + name
            if let only = role.onlyName {
                guard name == only else { continue }  // a file root: only that file counts, whatever its name
            } else {
                guard admits(name: name, relativePath: relativePath) else { continue }
                if !isFolder, !includePatterns.isEmpty, !includePatterns.contains(where: { $0.matches(relativePath) }) {
                    continue
                }
            }
            events.append(FolderEvent(kind: kind, path: path, root: role.root, isFolder: isFolder))
        }
        // Keep the watches in step: a folder moved away leaves (its watches would report stale paths), a new
        // or moved-in folder (or link to one) is watched with everything already inside it.
        if isFolder && kind == .movedOut { unwatch(below: path) }
        if kind == .created || kind == .movedIn {
            for role in folder.roles where role.onlyName == nil {
                let relativePath = role.relativePath.isEmpty ? name : role.relativePath + "/" + name
                guard admits(name: name, relativePath: relativePath) else { continue }
                watchTree(path, root: role.root, relativePath: relativePath)
            }
        }
    }
}

extension FolderWatcher {
    static func kind(of mask: UInt32) -> FolderEvent.Kind {
        if mask & UInt32(IN_CREATE) != 0 { return .created }
        if mask & UInt32(IN_MOVED_TO) != 0 { return .movedIn }
        if mask & UInt32(IN_MOVED_FROM) != 0 { return .movedOut }
        if mask & UInt32(IN_DELETE) != 0 { return .deleted }
        if mask & UInt32(IN_CLOSE_WRITE) != 0 { return .written }
        return .attributesChanged
    }
}

extension String {
    fileprivate init(contentsOfFile path: String, maxBytes: Int) throws {
        guard let file = fopen(path, "r") else { throw SystemError.current() }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        let count = fread(&buffer, 1, maxBytes, file)
        self = String(decoding: buffer[0..<count], as: UTF8.self)
    }

    fileprivate var trimmingCharacters: String {
        String(unicodeScalars.filter { !$0.properties.isWhitespace })
    }
}
#else
/// inotify is Linux's: elsewhere the watcher cannot start, and `ruminate watch` re-scans periodically instead.
public final class FolderWatcher: @unchecked Sendable {
    public init(options: CrawlOptions, ignoring ignoredPaths: [String] = [], watchLimit: Int = .max) throws {
        throw RuminateError(.invalidArgument, "watching folders for changes needs Linux inotify")
    }
    public var watchCount: Int { 0 }
    public var limitReached: Bool { false }
    public var problems: [CrawlProblem] { [] }
    public var unwatchedRoots: [String] { [] }
    public var limitError: RuminateError { RuminateError(.invalidArgument, "no watches on this system") }
    public func wake() {}
    public func events(waitingUpTo seconds: Double?) -> [FolderEvent] { [] }
    public func watchRoots() {}
}
#endif
