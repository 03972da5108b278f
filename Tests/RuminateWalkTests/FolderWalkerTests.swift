import Foundation
import RuminateCore
import RuminateTestSupport
import Testing

@testable import RuminateWalk

#if canImport(Glibc)
import Glibc
#endif

@Suite struct FolderWalkerTests {
    /// A small tree used by several tests: nested folders, hidden files and folders, two formats.
    private func makeNotesTree() throws -> TemporaryTree {
        let tree = try TemporaryTree()
        try tree.file("a.md", "# A")
        try tree.file("b.txt", "bee")
        try tree.file("docs/c.md", "see")
        try tree.file("docs/deep/d.md", "dee")
        try tree.file("docs/deep/e.html", "<p>e</p>")
        try tree.file(".hidden.md", "hidden")
        try tree.file(".git/config", "[core]")
        try tree.file("docs/.drafts/f.md", "draft")
        return tree
    }

    private let notesFiles = ["a.md", "b.txt", "docs/c.md", "docs/deep/d.md", "docs/deep/e.html"]

    private func walk(_ tree: TemporaryTree, configure: (inout CrawlOptions) -> Void = { _ in }) -> CrawlResult {
        var options = CrawlOptions(roots: [tree.root])
        configure(&options)
        return FolderWalker(options: options).walk()
    }

    @Test func walksNestedFoldersSortedAndSkipsHiddenNames() throws {
        let tree = try makeNotesTree()
        let result = walk(tree)
        #expect(result.problems.isEmpty)
        #expect(result.files.map(\.relativePath) == notesFiles)
        #expect(result.files.map(\.path) == result.files.map(\.path).sorted())
        let first = try #require(result.files.first)
        #expect(first.path == tree.path("a.md"))
        #expect(first.root == tree.root)
        #expect(first.byteSize == 3)
        #expect(abs(first.modified - Date().timeIntervalSince1970) < 3600)
        #expect(first.inode != 0)
        // Walking again gives exactly the same answer.
        #expect(walk(tree).files == result.files)
    }

    @Test func includeHiddenListsDotFilesAndFolders() throws {
        let tree = try makeNotesTree()
        let result = walk(tree) { $0.includeHidden = true }
        let relative = result.files.map(\.relativePath)
        #expect(relative.contains(".hidden.md"))
        #expect(relative.contains(".git/config"))
        #expect(relative.contains("docs/.drafts/f.md"))
        #expect(relative.count == 8)
    }

    @Test func includeGlobsFilterFiles() throws {
        let tree = try makeNotesTree()
        func kept(_ include: [String]) -> [String] { walk(tree) { $0.include = include }.files.map(\.relativePath) }
        #expect(kept(["**/*.md"]) == ["a.md", "docs/c.md", "docs/deep/d.md"])
        #expect(kept(["*.html"]) == ["docs/deep/e.html"])
        #expect(kept(["docs/**"]) == ["docs/c.md", "docs/deep/d.md", "docs/deep/e.html"])
        #expect(kept(["*.txt", "docs/*.md"]) == ["b.txt", "docs/c.md"])
    }

    @Test func excludedFoldersAreNotDescendedInto() throws {
        let tree = try makeNotesTree()
        // A dangling link inside the excluded folder would be a problem if the walk went in.
        try tree.symlink("docs/deep/broken", to: "nowhere")
        let byName = walk(tree) { $0.exclude = ["deep"] }
        #expect(byName.files.map(\.relativePath) == ["a.md", "b.txt", "docs/c.md"])
        #expect(byName.problems.isEmpty)
        let byGlobstar = walk(tree) { $0.exclude = ["docs/**"] }
        #expect(byGlobstar.files.map(\.relativePath) == ["a.md", "b.txt"])
        #expect(byGlobstar.problems.isEmpty)
        let filesOnly = walk(tree) { $0.exclude = ["*.md"] }
        #expect(filesOnly.files.map(\.relativePath) == ["b.txt", "docs/deep/e.html"])
    }

    /// A confined walk (the server's `--indexing-root`) follows links that stay inside the allowed folders and
    /// skips, with a problem each, links whose real target lies outside them, however many links the chain has.
    @Test func aConfinedWalkDoesNotFollowSymlinksOutOfItsFolders() throws {
        let tree = try TemporaryTree()
        try tree.file("allowed/a.md", "a")
        try tree.file("allowed/docs/b.md", "b")
        try tree.file("outside/secret.md", "s")
        try tree.file("loose.md", "l")
        try tree.symlink("allowed/inner", to: "docs")
        try tree.symlink("allowed/escape", to: "../outside")
        try tree.symlink("allowed/file.md", to: "../loose.md")
        try tree.symlink("allowed/docs/chain", to: "../inner/../escape")
        func confinedWalk(_ root: String) -> CrawlResult {
            var options = CrawlOptions(roots: [tree.path(root)])
            options.confinement = [tree.path("allowed")]
            return FolderWalker(options: options).walk()
        }
        let confined = confinedWalk("allowed")
        #expect(confined.files.map(\.relativePath) == ["a.md", "docs/b.md"])
        #expect(
            confined.problems.map(\.path)
                == ["allowed/docs/chain", "allowed/escape", "allowed/file.md"].map(tree.path))
        #expect(confined.problems.allSatisfy { $0.error.code == .hostileInput })
        #expect(confined.problems.first?.error.message.contains("leads outside") == true)
        // A root outside the allowed folders is refused whole.
        let outside = confinedWalk("outside")
        #expect(outside.files.isEmpty)
        #expect(outside.problems.map(\.error.code) == [.invalidArgument])
        // Unconfined, the same links are followed as before.
        let free = FolderWalker(options: CrawlOptions(roots: [tree.path("allowed")])).walk()
        #expect(free.files.map(\.relativePath) == ["a.md", "docs/b.md", "docs/chain/secret.md", "file.md"])
    }

    @Test func symlinkToAnAncestorIsALoopReportedOnce() throws {
        let tree = try makeNotesTree()
        try tree.symlink("docs/deep/loop", to: "..")
        let result = walk(tree)
        #expect(result.files.map(\.relativePath) == notesFiles)
        #expect(result.problems.count == 1)
        let problem = try #require(result.problems.first)
        #expect(problem.path == tree.path("docs/deep/loop"))
        #expect(problem.error.message.contains("symlink loop"))
        #expect(problem.error.message.contains("→ .."))
    }

    @Test func linksThatPointAtEachOtherAreALoop() throws {
        let tree = try TemporaryTree()
        try tree.file("real.txt")
        try tree.symlink("ping", to: "pong")
        try tree.symlink("pong", to: "ping")
        let result = walk(tree)
        #expect(result.files.map(\.relativePath) == ["real.txt"])
        #expect(result.problems.map(\.path) == [tree.path("ping"), tree.path("pong")])
        #expect(result.problems.allSatisfy { $0.error.message.contains("symlink loop") })
    }

    @Test func oneRealFileReachedThroughTwoLinksIsListedOnceUnderTheFirstPath() throws {
        let tree = try TemporaryTree()
        try tree.file("store/real.txt", "content")
        try tree.symlink("alias-1.txt", to: "store/real.txt")
        try tree.symlink("alias-2.txt", to: "store/real.txt")
        let result = walk(tree)
        #expect(result.problems.isEmpty)
        let only = try #require(result.files.first)
        #expect(result.files.count == 1)
        // Folders are read in sorted order, so "alias-1.txt" is reached first; the path is as reached.
        #expect(only.path == tree.path("alias-1.txt"))
        #expect(only.byteSize == 7)
        let real = try FileManager.default.attributesOfItem(atPath: tree.path("store/real.txt"))
        #expect(only.inode == (real[.systemFileNumber] as? NSNumber)?.uint64Value)
    }

    @Test func aFolderReachedThroughALinkIsWalkedOnce() throws {
        let tree = try TemporaryTree()
        try tree.file("a-shortcut-target/x.md")
        try tree.file("z/y.md")
        try tree.symlink("b-link", to: "z")
        let result = walk(tree)
        #expect(result.problems.isEmpty)
        #expect(result.files.map(\.relativePath) == ["a-shortcut-target/x.md", "b-link/y.md"])
    }

    @Test func danglingLinkIsAProblemAndTheWalkContinues() throws {
        let tree = try TemporaryTree()
        try tree.file("a.txt")
        try tree.symlink("broken.txt", to: "missing.txt")
        try tree.file("c.txt")
        let result = walk(tree)
        #expect(result.files.map(\.relativePath) == ["a.txt", "c.txt"])
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.error.code == .notFound)
        #expect(problem.error.message.contains("dangling symlink"))
        #expect(problem.error.message.contains("missing.txt"))
    }

    @Test func linksAreSkippedSilentlyWhenNotFollowed() throws {
        let tree = try TemporaryTree()
        try tree.file("real.txt")
        try tree.symlink("alias.txt", to: "real.txt")
        try tree.symlink("broken.txt", to: "missing.txt")
        let result = walk(tree) { $0.followSymlinks = false }
        #expect(result.files.map(\.relativePath) == ["real.txt"])
        #expect(result.problems.isEmpty)
    }

    @Test func unreadableFolderOrFileIsAProblemUnlessRunningAsRoot() throws {
        let tree = try TemporaryTree()
        try tree.file("open/a.txt")
        try tree.file("locked/secret.txt")
        try tree.file("sealed.txt")
        try tree.file("z.txt")
        #expect(chmod(tree.path("locked"), 0) == 0)
        #expect(chmod(tree.path("sealed.txt"), 0) == 0)
        let result = walk(tree)
        if getuid() == 0 {
            // Root ignores permission bits, so the locked folder and file read like any others: check the
            // walk still lists everything and reports nothing.
            #expect(result.files.map(\.relativePath) == ["locked/secret.txt", "open/a.txt", "sealed.txt", "z.txt"])
            #expect(result.problems.isEmpty)
        } else {
            #expect(result.files.map(\.relativePath) == ["open/a.txt", "z.txt"])
            #expect(result.problems.map(\.path) == [tree.path("locked"), tree.path("sealed.txt")])
            #expect(result.problems.allSatisfy { $0.error.message.contains("permission denied") })
            #expect(result.problems.allSatisfy { $0.error.code == .fileUnreadable })
        }
    }

    @Test func fileOverTheSizeLimitIsReportedNotListed() throws {
        let tree = try TemporaryTree()
        try tree.file("small.txt", "tiny")
        try tree.sparseFile("huge.log", size: 300 << 20)
        let result = walk(tree)
        #expect(result.files.map(\.relativePath) == ["small.txt"])
        let problem = try #require(result.problems.first)
        #expect(result.problems.count == 1)
        #expect(problem.error.code == .tooLarge)
        #expect(problem.path == tree.path("huge.log"))
        #expect(problem.error.message.contains("\(300 << 20) bytes"))
        // The limit is an option: a lower one turns the small file away too.
        let strict = walk(tree) { $0.maxFileBytes = 3 }
        #expect(strict.files.isEmpty)
        #expect(strict.problems.map(\.error.code) == [.tooLarge, .tooLarge])
    }

    @Test func missingRootIsNotFoundAndOtherRootsStillWalk() throws {
        let tree = try TemporaryTree()
        try tree.file("kept.txt")
        let missing = tree.path("no-such-folder")
        let result = FolderWalker(options: CrawlOptions(roots: [missing, tree.root])).walk()
        #expect(result.files.map(\.relativePath) == ["kept.txt"])
        let problem = try #require(result.problems.first)
        #expect(problem.error.code == .notFound)
        #expect(problem.path == missing)
        #expect(FolderWalker(options: CrawlOptions(roots: [""])).walk().problems.first?.error.code == .invalidArgument)
    }

    @Test func fileRootIsListedWhateverThePatterns() throws {
        let tree = try TemporaryTree()
        let path = try tree.file("notes/only.txt", "x")
        let result = FolderWalker(options: CrawlOptions(roots: [path], include: ["*.md"])).walk()
        #expect(result.problems.isEmpty)
        let file = try #require(result.files.first)
        #expect(file.path == path)
        #expect(file.relativePath == "only.txt")
    }

    @Test func relativeRootIsResolvedAgainstTheCurrentFolderAndStandardized() throws {
        let tree = try makeNotesTree()
        // Climb from the current folder to "/" and back down, with a "." and a "//" thrown in.
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + "." + tree.root + "//docs/./"
        let result = FolderWalker(options: CrawlOptions(roots: [relative])).walk()
        #expect(result.problems.isEmpty)
        #expect(result.files.map(\.path) == ["docs/c.md", "docs/deep/d.md", "docs/deep/e.html"].map(tree.path))
        #expect(result.files.allSatisfy { $0.root == tree.path("docs") })
    }

    @Test func overlappingRootsListEachFileOnce() throws {
        let tree = try makeNotesTree()
        let result = FolderWalker(options: CrawlOptions(roots: [tree.root, tree.path("docs")])).walk()
        #expect(result.files.count == 5)
        #expect(Set(result.files.map(\.path)).count == 5)
    }

    @Test func fifosAreSkippedSilently() throws {
        let tree = try TemporaryTree()
        try tree.file("a.txt")
        #expect(mkfifo(tree.path("pipe"), 0o644) == 0)
        let result = walk(tree)
        #expect(result.files.map(\.relativePath) == ["a.txt"])
        #expect(result.problems.isEmpty)
    }
}
