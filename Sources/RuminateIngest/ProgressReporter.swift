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
        draw(force: force) { elapsed in
            var line = "indexing: \(filesDone)/\(filesTotal) files, \(documents) documents"
            if elapsed > 0.5 { line += String(format: ", %.0f docs/s", Double(documents) / elapsed) }
            if filesDone > 0, filesDone < filesTotal, elapsed > 1 {
                line += String(format: ", ETA %.0fs", elapsed / Double(filesDone) * Double(filesTotal - filesDone))
            }
            return line
        }
    }

    /// A generic "label: done/total unit, rate, ETA" line.
    func update(label: String, done: Int, total: Int, unit: String) {
        draw(force: false) { elapsed in
            var line = "\(label): \(done)/\(total) \(unit)"
            if elapsed > 0.5 { line += String(format: ", %.0f ", Double(done) / elapsed) + unit + "/s" }
            if done > 0, done < total, elapsed > 1 {
                line += String(format: ", ETA %.0fs", elapsed / Double(done) * Double(total - done))
            }
            return line
        }
    }

    /// A line on stderr that is not progress (shown even when stderr is not a terminal), e.g. why a run waits.
    func notice(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        let clear = enabled && drewSomething ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data((clear + "ruminate: " + line + "\n").utf8))
    }

    private func draw(force: Bool, _ line: (Double) -> String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line(now.timeIntervalSince(start))).utf8))
        drewSomething = true
    }

    func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if drewSomething { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
