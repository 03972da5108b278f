import Foundation

/// Runs independent tasks on up to `threads` threads (Dispatch's `concurrentPerform`), handing tasks out one
/// at a time so that uneven tasks (attention over long and short texts) still keep every thread busy.
struct WorkerPool: Sendable {
    let threads: Int

    init(threads: Int) { self.threads = max(1, threads) }

    func run(tasks: Int, _ body: @Sendable (Int) -> Void) {
        run(tasks: tasks) { _, task in body(task) }
    }

    /// Like `run(tasks:)`, also telling each task which worker (`0..<workers(for: tasks)`) runs it, so that
    /// workers can reuse their own scratch memory.
    func run(tasks: Int, _ body: @Sendable (_ worker: Int, _ task: Int) -> Void) {
        if workers(for: tasks) == 1 {
            for task in 0..<tasks { body(0, task) }
            return
        }
        let counter = TaskCounter()
        DispatchQueue.concurrentPerform(iterations: workers(for: tasks)) { worker in
            while true {
                let task = counter.next()
                if task >= tasks { return }
                body(worker, task)
            }
        }
    }

    func workers(for tasks: Int) -> Int { max(1, min(threads, tasks)) }

    /// Splits `count` items into about `2 × threads` contiguous ranges of at least `minimum` items and runs them.
    func runRanges(count: Int, minimum: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let pieces = max(1, min(threads * 2, count / max(1, minimum)))
        let size = (count + pieces - 1) / pieces
        run(tasks: pieces) { piece in
            let lower = piece * size
            let upper = min(count, lower + size)
            if lower < upper { body(lower..<upper) }
        }
    }
}

private final class TaskCounter: @unchecked Sendable {  // the lock guards `value`
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

/// A raw pointer that may cross into `WorkerPool` tasks: each task writes only its own disjoint region.
struct SharedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// 64-byte aligned Float storage owned by a class so that it can be shared read-only across threads.
final class FloatStorage: @unchecked Sendable {  // written only before it is shared
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.initializeMemory(as: Float.self, repeating: 0, count: max(1, count))
    }

    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.update(from: base, count: source.count) }
        }
    }

    deinit { pointer.deallocate() }
}
