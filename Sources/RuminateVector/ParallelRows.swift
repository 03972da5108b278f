import Dispatch

/// Lets a raw pointer cross into `concurrentPerform`, whose closures must be `@Sendable`. Safe here because
/// each worker reads shared immutable memory and writes only its own slot or row range.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

enum ParallelRows {
    /// How many workers to use for `rowCount` rows: at most `threadCount`, and at least `minimumRowsPerThread`
    /// rows each, because waking a thread costs more than scanning a few thousand rows.
    static func workerCount(rowCount: Int, threadCount: Int, minimumRowsPerThread: Int) -> Int {
        let byWork = rowCount / Swift.max(1, minimumRowsPerThread)
        return Swift.max(1, Swift.min(threadCount, byWork))
    }

    /// The `worker`-th of `workers` contiguous, nearly equal slices of `0..<rowCount`.
    static func slice(_ worker: Int, of workers: Int, rowCount: Int) -> Range<Int> {
        let lower = rowCount * worker / workers
        let upper = rowCount * (worker + 1) / workers
        return lower..<upper
    }

    /// Runs `body(worker, rows)` for each slice and returns the per-worker results in slice order.
    /// One worker runs inline on the calling thread. (Cutting the rows into 4 chunks per thread, taken in turn,
    /// measured slower with the other core busy: a preempted thread still holds up its last chunk.)
    static func map<Result>(
        rowCount: Int, workers: Int, _ body: @Sendable (Int, Range<Int>) -> Result
    ) -> [Result] {
        if workers <= 1 {
            return [body(0, 0..<rowCount)]
        }
        let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: workers)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        let shared = UncheckedSendable(slots)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            shared.value[worker] = body(worker, slice(worker, of: workers, rowCount: rowCount))
        }
        return slots.map { $0! }
    }
}
