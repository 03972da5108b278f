import Foundation
import RuminateCompose

/// Asks many questions on a few threads, each thread with its own composer (composers hold scratch
/// buffers and are not shared), and times each answer.
struct ParallelAsk {
    struct Asked: Sendable {
        var answer: Answer
        var seconds: Double
    }

    var workers: Int
    var makeComposer: @Sendable () -> AnswerComposer

    func ask(_ questions: [String]) throws -> [Asked] {
        let results = ResultSlots<Asked>(count: questions.count)
        let next = Counter()
        let workers = max(1, min(workers, questions.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let composer = makeComposer()
            while let i = next.take(below: questions.count) {
                let started = DispatchTime.now().uptimeNanoseconds
                do {
                    let answer = try composer.answer(questions[i])
                    results.set(i, .success(Asked(answer: answer, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)))
                } catch {
                    results.set(i, .failure(error))
                }
            }
        }
        return try results.values.map { try $0!.get() }
    }
}

/// Thread-safe slots for results written by index.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<T, any Error>) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Result<T, any Error>?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
