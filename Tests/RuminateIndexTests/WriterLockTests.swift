import Foundation
import RuminateCore
import RuminateSystem
import Testing

@testable import RuminateIndex

@Suite struct WriterLockTests {
    @Test func aSecondWriterFailsFastSayingWhoHoldsTheLockThenGetsItOnceReleased() throws {
        let index = try makeTemporaryIndex()
        let first = try IndexWriterLock.acquire(index.files, contention: .fail)
        do {
            _ = try IndexWriterLock.acquire(index.files, contention: .fail)
            Issue.record("a second writer got the lock while the first held it")
        } catch {
            #expect(error.code == .storage)
            #expect(error.message.contains("another writer is indexing into \(index.path)"))
            #expect(error.message.contains("process \(getpid())"), "\(error.message)")
            #expect(error.hint?.contains("--no-wait") == true)
        }
        first.release()
        let second = try IndexWriterLock.acquire(index.files, contention: .fail)
        second.release()
    }

    @Test func aWaitingWriterSaysForWhomItWaitsAndProceedsWhenTheHolderIsDone() throws {
        let index = try makeTemporaryIndex()
        let first = try IndexWriterLock.acquire(index.files, contention: .fail)
        let told = DispatchSemaphore(value: 0)
        let acquired = DispatchSemaphore(value: 0)
        let notices = Locked<[String]>([])
        let holding = Locked(false)
        let files = index.files
        Thread.detachNewThread {
            let lock = try? IndexWriterLock.acquire(
                files,
                contention: .wait { notice in
                    notices.withLock { $0.append(notice) }
                    told.signal()
                })
            holding.withLock { $0 = lock != nil }
            acquired.signal()
            lock?.release()
        }
        told.wait()
        #expect(holding.withLock { $0 } == false)
        first.release()
        acquired.wait()
        #expect(holding.withLock { $0 })
        let notice = try #require(notices.withLock { $0 }.first)
        #expect(notice.contains("waiting for another writer of \(index.path)"))
        #expect(notice.contains("process \(getpid())"))
    }
}
