import Foundation
import RuminateCompose
import RuminateSystem

/// Asks many questions on the engine's worker pool, each worker with its own composer (composers hold scratch
/// buffers and are not shared), and times each answer.
struct ParallelAsk {
    struct Asked: Sendable {
        var answer: Answer
        var seconds: Double
    }

    var workers: Int
    var makeComposer: @Sendable () -> AnswerComposer

    func ask(_ questions: [String]) throws -> [Asked] {
        let pool = WorkerPool(threads: workers)
        let composers = UncheckedSendable((0..<pool.workers(for: questions.count)).map { _ in makeComposer() })
        let results = Locked([Result<Asked, any Error>?](repeating: nil, count: questions.count))
        pool.run(tasks: questions.count) { worker, i in
            let started = DispatchTime.now().uptimeNanoseconds
            let result = Result {
                let answer = try composers.value[worker].answer(questions[i])
                return Asked(answer: answer, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            }
            results.withLock { $0[i] = result }
        }
        return try results.withLock { $0 }.map { try $0!.get() }
    }
}
