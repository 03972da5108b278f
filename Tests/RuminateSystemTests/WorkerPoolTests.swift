import RuminateSystem
import Testing

@Suite("WorkerPool")
struct WorkerPoolTests {
    /// How often each task ran and on which workers, from any thread.
    final class Tally: Sendable {
        private let state = Locked((counts: [Int: Int](), workers: Set<Int>()))

        func record(task: Int, worker: Int) {
            state.withLock { state in
                state.counts[task, default: 0] += 1
                state.workers.insert(worker)
            }
        }

        var snapshot: (counts: [Int: Int], workers: Set<Int>) { state.withLock { $0 } }
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

    @Test("map keeps the items' order", arguments: [1, 2, 3])
    func mapKeepsOrder(threads: Int) {
        let items = Array(0..<500)
        #expect(WorkerPool(threads: threads).map(items) { $0 * $0 } == items.map { $0 * $0 })
    }

    @Test("mapSlices covers every row once, in contiguous slices in worker order")
    func slicesCoverEveryRowOnceInOrder() {
        for (rows, workers) in [(0, 1), (1, 2), (10, 3), (100_001, 2), (7, 7)] {
            let slices = (0..<workers).map { WorkerPool.slice($0, of: workers, rowCount: rows) }
            #expect(slices.flatMap { Array($0) } == Array(0..<rows))
        }
        for workers in [1, 2, 3] {
            let covered = WorkerPool.mapSlices(rowCount: 1_001, workers: workers) { worker, rows in
                (worker, Array(rows))
            }
            #expect(covered.map(\.0) == Array(0..<workers))
            #expect(covered.flatMap { $0.1 } == Array(0..<1_001))
        }
        #expect(WorkerPool(threads: 2).workers(forRows: 100_000, minimumRowsPerWorker: 16_384) == 2)
        #expect(WorkerPool(threads: 2).workers(forRows: 20_000, minimumRowsPerWorker: 16_384) == 1)
        #expect(WorkerPool(threads: 4).workers(forRows: 0, minimumRowsPerWorker: 1) == 1)
    }
}
