import Foundation
import RuminateCore

/// One writer at a time per index: an exclusive `flock(2)` on `IndexFiles.writerLock`, held for a whole indexing
/// run (planning, writing, embedding), so two runs never interleave their transactions: passage ids planned by one
/// taken by the other, the same passages embedded twice. The kernel drops the lock when the process ends, however
/// it ends, so a killed writer never leaves the index locked. Two runs in one process (a server's requests) exclude
/// each other too: each acquisition opens the file anew, and `flock` locks belong to the open file.
///
/// The holder writes who it is into the file (process id, command line, since when) so that a writer that must
/// wait can say for whom. The file is never deleted: removing a lock file while another process waits on it would
/// let a third lock a new file beside it.
public final class IndexWriterLock: @unchecked Sendable {
    /// What a writer does when another holds the lock.
    public enum Contention: Sendable {
        /// Wait for it, after calling `notice` with a sentence saying for whom.
        case wait(notice: @Sendable (String) -> Void)
        /// Throw at once.
        case fail
    }

    private var descriptor: Int32
    private let lock = NSLock()
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Takes the writer lock of the index whose files are `files`.
    public static func acquire(_ files: IndexFiles, contention: Contention) throws(RuminateError) -> IndexWriterLock {
        let path = files.writerLock
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw RuminateError(
                .indexUnavailable, "cannot open the index's writer lock \(path): \(reason)",
                hint: "the folder of the index must be writable to index into it; check its permissions")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw RuminateError(.storage, "cannot lock the index's writer lock \(path): \(reason)")
            }
            let holder = holderDescription(descriptor)
            switch contention {
            case .fail:
                close(descriptor)
                throw RuminateError(
                    .storage, "another writer is indexing into \(files.database): \(holder)",
                    hint: "wait for it to finish and run again, or run without --no-wait to wait for it")
            case .wait(let notice):
                notice("waiting for another writer of \(files.database) to finish: \(holder)")
                while flock(descriptor, LOCK_EX) != 0 {
                    guard errno == EINTR else {
                        let reason = String(cString: strerror(errno))
                        close(descriptor)
                        throw RuminateError(.storage, "cannot lock the index's writer lock \(path): \(reason)")
                    }
                }
            }
        }
        recordHolder(descriptor)
        return IndexWriterLock(descriptor: descriptor, path: path)
    }

    /// Releases the lock (also done when the lock is deinitialised, and by the kernel when the process ends).
    public func release() {
        lock.lock()
        defer { lock.unlock() }
        guard descriptor >= 0 else { return }
        // Emptied first, so that nobody reads a finished writer as the holder.
        _ = ftruncate(descriptor, 0)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// Runs `body` holding the writer lock of `files`.
    public static func holding<T>(_ files: IndexFiles, contention: Contention, _ body: () throws -> T) throws -> T {
        let lock = try acquire(files, contention: contention)
        defer { lock.release() }
        return try body()
    }

    private static func recordHolder(_ descriptor: Int32) {
        let arguments = ProcessInfo.processInfo.arguments
        var command = ([(arguments.first as NSString?)?.lastPathComponent ?? "ruminate"] + arguments.dropFirst())
            .joined(separator: " ")
        if command.count > 200 { command = String(command.prefix(200)) + "…" }
        let since = ISO8601DateFormatter().string(from: Date())
        let line = Array("\(getpid())\t\(since)\t\(command)\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = line.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// "process 1234 (ruminate index docs), since 2026-…": what the holder recorded, or a plain sentence when it
    /// has not written it yet.
    private static func holderDescription(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        let fields = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
            .trimmingCharacters(in: .newlines).split(separator: "\t", maxSplits: 2).map(String.init)
        guard fields.count == 3, Int32(fields[0]) != nil else { return "another ruminate process" }
        return "process \(fields[0]) (\(fields[2])), writing since \(fields[1])"
    }
}
