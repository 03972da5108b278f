import Foundation

/// Progress on stderr while indexing: counts, rate and ETA, redrawn in place. Silent unless stderr is a
/// terminal, so piped and scripted runs stay clean.
public final class ProgressReporter: @unchecked Sendable {
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let lock = NSLock()
    private var drewSomething = false

    public init(enabled: Bool = isatty(STDERR_FILENO) == 1) { self.enabled = enabled }

    func update(filesDone: Int, filesTotal: Int, documents: Int, force: Bool = false) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(documents) / elapsed : 0
        var line = "indexing: \(filesDone)/\(filesTotal) files, \(documents) documents"
        if elapsed > 0.5 { line += String(format: ", %.0f docs/s", rate) }
        if filesDone > 0, filesDone < filesTotal, elapsed > 1 {
            let eta = elapsed / Double(filesDone) * Double(filesTotal - filesDone)
            line += String(format: ", ETA %.0fs", eta)
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drewSomething = true
    }

    func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if drewSomething { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
