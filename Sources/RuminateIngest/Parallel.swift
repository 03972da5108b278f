import Foundation

/// Maps `items` on `workers` threads, keeping order. The closure must be thread-safe.
func parallelMap<T: Sendable, U: Sendable>(_ items: [T], workers: Int, _ transform: @escaping @Sendable (T) -> U) -> [U] {
    if items.count <= 1 || workers <= 1 { return items.map(transform) }
    let slots = ResultSlots<U>(count: items.count)
    let stride = max(1, workers)
    DispatchQueue.concurrentPerform(iterations: stride) { worker in
        var i = worker
        while i < items.count {
            slots.set(i, transform(items[i]))
            i += stride
        }
    }
    return slots.values()
}

/// Write-once slots filled from several threads; each index is written by exactly one thread. The slots are
/// one fixed allocation: a Swift array would not do, because `withUnsafeMutableBufferPointer` first makes the
/// array unique, and that check and copy race when two threads write at once (it crashed under load).
private final class ResultSlots<U>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<U?>
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

    func set(_ index: Int, _ value: U) { storage[index] = value }
    func values() -> [U] { (0..<count).map { storage[$0]! } }
}

/// A bounded FIFO between the preparing thread and the writer.
final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    private var items: [Element] = []
    private var closed = false
    private let capacity: Int
    private let condition = NSCondition()

    init(capacity: Int) { self.capacity = capacity }

    func push(_ item: Element) {
        condition.lock()
        while items.count >= capacity && !closed { condition.wait() }
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// nil once the queue is closed and drained.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
