import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real folder tree under the system temporary folder, removed when the value goes away (shared by the
/// walk, crawl and ingest tests).
public final class TemporaryTree {
    public let root: String

    public init() throws {
        root =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("ruminate-crawl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit {
        // Give permission back first, or a chmod 000 folder could not be removed by a non-root user.
        if let enumerator = FileManager.default.enumerator(atPath: root) {
            for case let relative as String in enumerator { chmod(path(relative), 0o755) }
        }
        try? FileManager.default.removeItem(atPath: root)
    }

    public func path(_ relative: String) -> String { root + "/" + relative }

    /// Writes a file, creating its folders.
    @discardableResult
    public func file(_ relative: String, _ contents: String = "text") throws -> String {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: false, encoding: .utf8)
        return full
    }

    public func folder(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    }

    /// `ln -s destination relative`: the destination is stored as written (it may be relative).
    public func symlink(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: destination)
    }

    /// A sparse file of `size` bytes: instant to make whatever its size.
    public func sparseFile(_ relative: String, size: Int) throws {
        let descriptor = open(path(relative), O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        defer { close(descriptor) }
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw POSIXError(.EIO) }
    }
}
