import Foundation
import Testing

@testable import RuminateEmbed

@Suite("WorkerPool")
struct WorkerPoolTests {
    /// Counts how often each task ran, from any thread.
    final class Tally: @unchecked Sendable {  // guarded by `lock`
        private let lock = NSLock()
        private var counts: [Int: Int] = [:]
        private var workers: Set<Int> = []

        func record(task: Int, worker: Int) {
            lock.lock()
            counts[task, default: 0] += 1
            workers.insert(worker)
            lock.unlock()
        }

        var snapshot: (counts: [Int: Int], workers: Set<Int>) {
            lock.lock()
            defer { lock.unlock() }
            return (counts, workers)
        }
    }

    @Test("runs every task exactly once, on workers 0..<threads", arguments: [1, 2, 3])
    func everyTaskOnce(threads: Int) {
        let pool = WorkerPool(threads: threads)
        for tasks in [0, 1, 5, 97] {
            let tally = Tally()
            pool.run(tasks: tasks) { worker, task in tally.record(task: task, worker: worker) }
            let (counts, workers) = tally.snapshot
            #expect(counts.count == tasks)
            #expect(counts.values.allSatisfy { $0 == 1 })
            #expect(workers.allSatisfy { (0..<pool.workers(for: tasks)).contains($0) })
        }
    }

    @Test("ranges cover 0..<count without overlap")
    func ranges() {
        let tally = Tally()
        WorkerPool(threads: 2).runRanges(count: 1000, minimum: 64) { range in
            for index in range { tally.record(task: index, worker: 0) }
        }
        let counts = tally.snapshot.counts
        #expect(counts.count == 1000 && counts.values.allSatisfy { $0 == 1 })
    }
}
