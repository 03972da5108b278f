import Dispatch

/// Runs work on up to `threads` threads with Dispatch's `concurrentPerform`, the one pool of the engine. Two ways
/// to share the work out:
/// - tasks handed out one at a time (`run`, `runRanges`, `map`), so that uneven tasks (attention over long and
///   short texts, parsing files of any size) still keep every thread busy;
/// - one contiguous slice of rows per worker (`mapSlices`), for scans whose rows all cost the same: no hand-out at
///   all. (Cutting the rows into 4 chunks per thread, taken in turn, measured slower with the other core busy: a
///   preempted thread still holds up its last chunk.)
/// A single worker always runs inline on the calling thread.
public struct WorkerPool: Sendable {
    public let threads: Int

    public init(threads: Int) { self.threads = max(1, threads) }

    /// The workers `tasks` tasks get: at most one each.
    public func workers(for tasks: Int) -> Int { max(1, min(threads, tasks)) }

    public func run(tasks: Int, _ body: @Sendable (Int) -> Void) {
        run(tasks: tasks) { _, task in body(task) }
    }

    /// Like `run(tasks:)`, also telling each task which worker (`0..<workers(for: tasks)`) runs it, so that
    /// workers can reuse their own scratch memory.
    public func run(tasks: Int, _ body: @Sendable (_ worker: Int, _ task: Int) -> Void) {
        let workers = workers(for: tasks)
        if workers == 1 {
            for task in 0..<tasks { body(0, task) }
            return
        }
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while true {
                let task = counter.withLock { next in
                    defer { next += 1 }
                    return next
                }
                if task >= tasks { return }
                body(worker, task)
            }
        }
    }

    /// Splits `count` items into about `2 × threads` contiguous ranges of at least `minimum` items and runs them.
    public func runRanges(count: Int, minimum: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let pieces = max(1, min(threads * 2, count / max(1, minimum)))
        let size = (count + pieces - 1) / pieces
        run(tasks: pieces) { piece in
            let lower = piece * size
            let upper = min(count, lower + size)
            if lower < upper { body(lower..<upper) }
        }
    }

    /// `items.map(transform)` on the pool, results in the items' order. `transform` must be thread-safe.
    public func map<Item: Sendable, Mapped>(_ items: [Item], _ transform: @Sendable (Item) -> Mapped) -> [Mapped] {
        if items.count <= 1 || threads == 1 { return items.map(transform) }
        let slots = ResultSlots<Mapped>(count: items.count)
        run(tasks: items.count) { index in slots.set(index, transform(items[index])) }
        return slots.values()
    }

    // MARK: - One slice of rows per worker

    /// How many workers to use for `rowCount` rows: at most `threads`, and at least `minimumRowsPerWorker`
    /// rows each, because waking a thread costs more than scanning a few thousand rows.
    public func workers(forRows rowCount: Int, minimumRowsPerWorker: Int) -> Int {
        max(1, min(threads, rowCount / max(1, minimumRowsPerWorker)))
    }

    /// The `worker`-th of `workers` contiguous, nearly equal slices of `0..<rowCount`.
    public static func slice(_ worker: Int, of workers: Int, rowCount: Int) -> Range<Int> {
        let lower = rowCount * worker / workers
        let upper = rowCount * (worker + 1) / workers
        return lower..<upper
    }

    /// Runs `body(worker, rows)` for each of `workers` slices of `0..<rowCount` and returns the per-worker results
    /// in slice order.
    public static func mapSlices<Result>(
        rowCount: Int, workers: Int, _ body: @Sendable (_ worker: Int, _ rows: Range<Int>) -> Result
    ) -> [Result] {
        if workers <= 1 { return [body(0, 0..<rowCount)] }
        let slots = ResultSlots<Result>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            slots.set(worker, body(worker, slice(worker, of: workers, rowCount: rowCount)))
        }
        return slots.values()
    }
}

/// Lets a value (a raw pointer, a buffer) cross into the pool's `@Sendable` closures. Safe only when each task
/// reads shared immutable memory and writes nothing but its own disjoint region.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}

/// Write-once slots filled from several threads; each index is written by exactly one thread. The slots are
/// one fixed allocation: a Swift array would not do, because `withUnsafeMutableBufferPointer` first makes the
/// array unique, and that check and copy race when two threads write at once (it crashed under load).
private final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) { storage[index] = value }
    func values() -> [Value] { (0..<count).map { storage[$0]! } }
}
