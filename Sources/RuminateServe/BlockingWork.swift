import Dispatch
import Foundation
import RuminateCore

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

    /// `run`, but the caller gets a `.interrupted` error after `seconds` (the work itself finishes in the
    /// background: the engine has no cancellation points, and its results are simply dropped).
    static func run<T: Sendable>(timeout seconds: Int, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await run(body) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds) * 1_000_000_000)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw RuminateError(
                    .interrupted, "the request took longer than \(seconds) s",
                    hint: "ask for fewer results, or raise --request-timeout")
            }
            return value
        }
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
