import Dispatch
import Foundation
import RuminateCore
import Synchronization

/// The engine's calls are synchronous and CPU-bound. Running them on Swift's cooperative pool (one thread
/// per core) would stall every other request, so they run on Dispatch's global queue instead, and the
/// handler waits without holding a thread.
enum BlockingWork {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    /// `run` under a deadline `timeout` from now within `lifetime` (the server's): `body` gets the deadline, at
    /// which the engine stops and frees its thread (an `interrupted` error), and the caller gets that error when
    /// the deadline passes even if `body` is still in a step that cannot be interrupted (embedding a query). A
    /// cancelled calling task (the client went away) ends the deadline too. `lane`: where `body` runs, when not on
    /// Dispatch's global queue.
    static func run<T: Sendable>(
        timeout: Duration, within lifetime: QueryDeadline?, lane: FullTextLane? = nil,
        _ body: @escaping @Sendable (QueryDeadline) throws -> T
    ) async throws -> T {
        let deadline = QueryDeadline(after: timeout, within: lifetime)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let answer = AnswerOnce(continuation)
                let work: @Sendable () -> Void = { answer.resume(Result { try body(deadline) }) }
                if let lane { lane.async(work) } else { DispatchQueue.global(qos: .userInitiated).async(execute: work) }
                let (seconds, attoseconds) = timeout.components
                let nanoseconds = Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                    answer.resume(.failure(deadline.error))
                }
            }
        } onCancel: {
            deadline.cancel("the request was cancelled")
        }
    }
}

/// A continuation resumed by whichever of the work and its deadline comes first; the other is dropped.
private final class AnswerOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ result: Result<T, any Error>) {
        continuation.withLock { $0.take() }?.resume(with: result)
    }
}

/// Counts research runs in progress so that only a few run at once.
final class ConcurrencyGate: @unchecked Sendable {  // the lock guards `running`
    private let lock = NSLock()
    private var running = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func enter() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard running < limit else { return false }
        running += 1
        return true
    }

    func leave() {
        lock.lock()
        running -= 1
        lock.unlock()
    }
}

/// Ends the server's lifetime on SIGTERM or SIGINT, beside the graceful shutdown that the same signals start
/// (which waits for the requests in flight): their queries stop, so the wait is short.
final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    init(ending lifetime: QueryDeadline) {
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)  // the signal is delivered to the sources, not to the default action
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { lifetime.cancel("the server is shutting down") }
            source.resume()
            return source
        }
    }

    func stop() {
        for source in sources { source.cancel() }
    }
}
