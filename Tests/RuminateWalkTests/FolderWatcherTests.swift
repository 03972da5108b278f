#if os(Linux)
import Foundation
import RuminateCore
import RuminateTestSupport
import Testing
@testable import RuminateWalk

#if canImport(Glibc)
import Glibc
#endif

/// Real inotify on real temporary folders. Waiting is bounded only so a broken watcher cannot hang the run:
/// the kernel delivers these events at once, so the limit is never what a passing test meets.
@Suite struct FolderWatcherTests {
    private static let hangLimit: TimeInterval = 120

    /// Reads events until `done` holds for what was read (or the hang limit passes); returns them all.
    private func collect(_ watcher: FolderWatcher, until done: ([FolderEvent]) -> Bool) -> [FolderEvent] {
        var events: [FolderEvent] = []
        let giveUp = Date().addingTimeInterval(Self.hangLimit)
        while !done(events) && Date() < giveUp { events += watcher.events(waitingUpTo: 1) }
        return events
    }

    private func has(_ kind: FolderEvent.Kind, _ path: String) -> ([FolderEvent]) -> Bool {
        { events in events.contains { $0.kind == kind && $0.path == path } }
    }

    private func watcher(_ tree: TemporaryTree, configure: (inout CrawlOptions) -> Void = { _ in }) throws
        -> FolderWatcher
    {
        var options = CrawlOptions(roots: [tree.root])
        configure(&options)
        return try FolderWatcher(options: options)
    }

    @Test func watchesEveryFolderTheWalkerWouldEnter() throws {
        let tree = try TemporaryTree()
        try tree.file("a/b/c.md")
        try tree.file("a/d.md")
        try tree.file(".git/config")
        try tree.file("node_modules/x/y.js")
        let watcher = try watcher(tree) { $0.exclude = ["node_modules"] }
        #expect(watcher.watchCount == 3)  // the root, a, a/b
        #expect(!watcher.limitReached)
        #expect(watcher.unwatchedRoots.isEmpty)
        // and .git, node_modules, node_modules/x
        #expect(try self.watcher(tree) { $0.includeHidden = true }.watchCount == 6)
    }

    @Test func reportsCreatedWrittenRenamedChangedAndDeletedFiles() throws {
        let tree = try TemporaryTree()
        let watcher = try watcher(tree)
        let file = try tree.file("note.md", "one")
        var events = collect(watcher, until: has(.written, file))
        #expect(events.contains { $0.kind == .created && $0.path == file && $0.root == tree.root && !$0.isFolder })

        try FileManager.default.moveItem(atPath: file, toPath: tree.path("renamed.md"))
        events = collect(watcher, until: has(.movedIn, tree.path("renamed.md")))
        #expect(events.contains { $0.kind == .movedOut && $0.path == file })

        chmod(tree.path("renamed.md"), 0o600)
        #expect(
            has(.attributesChanged, tree.path("renamed.md"))(
                collect(watcher, until: has(.attributesChanged, tree.path("renamed.md")))))

        try FileManager.default.removeItem(atPath: tree.path("renamed.md"))
        #expect(has(.deleted, tree.path("renamed.md"))(collect(watcher, until: has(.deleted, tree.path("renamed.md")))))
    }

    @Test func watchesNewFoldersAndWhatIsWrittenInThem() throws {
        let tree = try TemporaryTree()
        let watcher = try watcher(tree)
        try tree.folder("new/deeper")
        let created = collect(watcher, until: has(.created, tree.path("new")))
        #expect(created.contains { $0.isFolder && $0.path == tree.path("new") })
        #expect(watcher.watchCount == 3)  // the new folder and the one already inside it when it was read
        let file = try tree.file("new/deeper/x.md")
        #expect(has(.written, file)(collect(watcher, until: has(.written, file))))
        // A folder created after its parent was watched is watched through its creation event.
        try tree.folder("new/later")
        _ = collect(watcher, until: has(.created, tree.path("new/later")))
        let late = try tree.file("new/later/y.md")
        #expect(has(.written, late)(collect(watcher, until: has(.written, late))))
    }

    @Test func hiddenExcludedIgnoredAndNotIncludedFilesAreNotReported() throws {
        let tree = try TemporaryTree()
        try tree.folder("build")
        let watcher = try watcher(tree) {
            $0.include = ["*.md"]
            $0.exclude = ["build"]
        }
        let ignoredWatcher = try FolderWatcher(
            options: CrawlOptions(roots: [tree.root]), ignoring: [tree.path("i.sqlite"), tree.path("i.sqlite-wal")])
        try tree.file(".note.md.swp")
        try tree.file("notes.txt")
        try tree.file("i.sqlite-wal")
        try tree.file("i.sqlite-notes.txt")
        try tree.file("build/out.md")
        let sentinel = try tree.file("sentinel.md")
        // Events arrive in order, so any event for the files written first would be read before the sentinel's.
        let events = collect(watcher, until: has(.written, sentinel))
        #expect(Set(events.map(\.path)) == [sentinel])
        let unignored = collect(ignoredWatcher, until: has(.written, sentinel))
        #expect(!unignored.contains { $0.path == tree.path("i.sqlite-wal") })
        #expect(unignored.contains { $0.path == tree.path("i.sqlite-notes.txt") })  // only the paths named are ignored
        #expect(unignored.contains { $0.path == tree.path("notes.txt") })
    }

    @Test func ignoredPathsAreRecognisedThroughLinks() throws {
        let tree = try TemporaryTree()
        try tree.folder("data/i.sqlite.site")
        try tree.symlink("view", to: tree.path("data"))
        let watcher = try FolderWatcher(
            options: CrawlOptions(roots: [tree.path("view")]),
            ignoring: [tree.path("data/i.sqlite-wal"), tree.path("data/i.sqlite.site")])
        #expect(watcher.watchCount == 1)  // the mirror folder is not watched
        try tree.file("data/i.sqlite-wal")
        try tree.file("data/i.sqlite.site/page.html")
        let sentinel = tree.path("view/sentinel.md")
        try tree.file("data/sentinel.md")
        #expect(Set(collect(watcher, until: has(.written, sentinel)).map(\.path)) == [sentinel])
    }

    @Test func dropsTheWatchesOfDeletedAndMovedAwayFolders() throws {
        let tree = try TemporaryTree()
        try tree.file("gone/inner/a.md")
        try tree.file("moving/b.md")
        let outside = try TemporaryTree()
        let watcher = try watcher(tree)
        #expect(watcher.watchCount == 4)
        try FileManager.default.removeItem(atPath: tree.path("gone"))
        let deleted = collect(watcher, until: { _ in watcher.watchCount == 2 })
        #expect(deleted.contains { $0.kind == .deleted && $0.path == tree.path("gone") && $0.isFolder })

        try FileManager.default.moveItem(atPath: tree.path("moving"), toPath: outside.path("moved"))
        _ = collect(watcher, until: has(.movedOut, tree.path("moving")))
        #expect(watcher.watchCount == 1)
        try outside.file("moved/c.md")
        let sentinel = try tree.file("sentinel.md")
        let events = collect(watcher, until: has(.written, sentinel))
        #expect(!events.contains { $0.path.contains("c.md") })
    }

    @Test func aFolderMovedWithinTheTreeReportsItsNewPath() throws {
        let tree = try TemporaryTree()
        try tree.file("before/sub/a.md")
        let watcher = try watcher(tree)
        try FileManager.default.moveItem(atPath: tree.path("before"), toPath: tree.path("after"))
        _ = collect(watcher, until: has(.movedIn, tree.path("after")))
        #expect(watcher.watchCount == 3)
        let file = try tree.file("after/sub/b.md")
        let events = collect(watcher, until: has(.written, file))
        #expect(!events.contains { $0.path.contains("/before/") })
    }

    @Test func followsLinkedFoldersAsTheWalkerDoes() throws {
        let tree = try TemporaryTree()
        let outside = try TemporaryTree()
        try outside.folder("shared")
        try tree.symlink("link", to: outside.path("shared"))
        try tree.symlink("loop", to: tree.root)
        let watcher = try watcher(tree)
        #expect(watcher.watchCount == 2)  // the root (reached twice) and the linked folder
        try outside.file("shared/x.md")
        let path = tree.path("link/x.md")
        #expect(has(.written, path)(collect(watcher, until: has(.written, path))))
        let unlinked = try self.watcher(tree) { $0.followSymlinks = false }
        #expect(unlinked.watchCount == 1)
    }

    @Test func aFileRootIsWatchedThroughItsFolderEvenWhenReplaced() throws {
        let tree = try TemporaryTree()
        let file = try tree.file("only.md", "one")
        try tree.file("other.md")
        let watcher = try FolderWatcher(options: CrawlOptions(roots: [file]))
        try tree.file("other.md", "changed")
        try tree.file("replacement.tmp", "two")
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.moveItem(atPath: tree.path("replacement.tmp"), toPath: file)
        let events = collect(watcher, until: has(.movedIn, file))
        #expect(events.allSatisfy { $0.path == file && $0.root == file })
        #expect(events.contains { $0.kind == .deleted })
    }

    @Test func theWatchLimitIsReportedAndWhatFitsStaysWatched() throws {
        let tree = try TemporaryTree()
        try tree.file("a/x.md")
        try tree.file("b/y.md")
        try tree.file("c/z.md")
        let watcher = try FolderWatcher(options: CrawlOptions(roots: [tree.root]), watchLimit: 2)
        #expect(watcher.limitReached)
        #expect(watcher.watchCount == 2)
        #expect(watcher.limitError.hint?.contains("/proc/sys/fs/inotify/max_user_watches") == true)
        let file = try tree.file("root.md")
        #expect(has(.written, file)(collect(watcher, until: has(.written, file))))
    }

    @Test func aMissingRootIsListedAndWatchedOnceItAppears() throws {
        let tree = try TemporaryTree()
        let missing = tree.path("later")
        let watcher = try FolderWatcher(options: CrawlOptions(roots: [missing]))
        #expect(watcher.unwatchedRoots == [missing])
        try tree.folder("later")
        watcher.watchRoots()  // what a re-scan does
        #expect(watcher.unwatchedRoots.isEmpty)
        let file = try tree.file("later/a.md")
        #expect(has(.written, file)(collect(watcher, until: has(.written, file))))
        try FileManager.default.removeItem(atPath: missing)
        let events = collect(watcher, until: { _ in watcher.unwatchedRoots == [missing] })
        #expect(events.contains { $0.kind == .deleted && $0.path == missing && $0.root == missing })
    }

    @Test func aQueueOverflowIsReportedAndTheWatchesAreRebuilt() throws {
        let limit =
            (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 16384
        let tree = try TemporaryTree()
        try tree.folder("sub")
        let watcher = try watcher(tree)
        // Each new file queues at least one event; none is read until all are made, so the queue overflows.
        for number in 0...limit {
            let descriptor = open(tree.path("sub/f\(number)"), O_CREAT | O_WRONLY, 0o644)
            try #require(descriptor >= 0)
            close(descriptor)
        }
        try tree.folder("made-during-overflow")
        let events = collect(watcher, until: { $0.contains { $0.kind == .overflow } })
        #expect(events.contains { $0.kind == .overflow && $0.root == nil })
        #expect(watcher.watchCount == 3)  // rebuilt, including the folder whose creation was lost
        let file = try tree.file("made-during-overflow/a.md")
        #expect(has(.written, file)(collect(watcher, until: has(.written, file))))
    }

    @Test func wakeEndsAWaitWithoutEvents() throws {
        let tree = try TemporaryTree()
        let watcher = try watcher(tree)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { watcher.wake() }
        #expect(watcher.events(waitingUpTo: Self.hangLimit).isEmpty)
        #expect(watcher.events(waitingUpTo: 0).isEmpty)  // the wake was consumed
    }
}
#endif
