import Foundation
import RuminateCore
import Synchronization

/// Where full-text (`fts=1`) searches run: one thread, one search at a time, at a lower scheduling priority. An
/// FTS5 expression within `QueryLimits` can still cost seconds of processor time (`s* s* …`: each prefix matches
/// most words of a passage, and FTS5's ranking costs phrases times occurrences), so a stream of them must not take
/// the processors from other requests: this thread gets what they leave (Linux weighs nice 10 at a tenth of nice
/// 0), and each search still ends at its deadline, the wait for the lane included.
final class FullTextLane: Sendable {
    static let niceness: Int32 = 10
    /// Jobs in arrival order; nil asks the thread to end.
    private let jobs = Mutex<[(@Sendable () -> Void)?]>([])
    private let waiting = DispatchSemaphore(value: 0)

    init() {
        // The thread holds the lane until `stop()`.
        let thread = Thread { [self] in run() }
        thread.name = "ruminate.fts"
        thread.start()
    }

    private func run() {
        // On Linux a thread has its own nice value: `who` 0 is the calling thread, not the whole process.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
        while true {
            waiting.wait()
            guard let job = jobs.withLock({ $0.removeFirst() }) else { return }
            job()
        }
    }

    func async(_ job: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.append(job) }
        waiting.signal()
    }

    /// Ends the thread once the jobs already queued have run.
    func stop() {
        jobs.withLock { $0.append(nil) }
        waiting.signal()
    }
}
