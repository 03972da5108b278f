import Foundation
internal import GRDB

/// Lexicon segments never change once written (merges write new ones), so their blocks can be kept in
/// memory, keyed by segment, with no invalidation beyond forgetting segments that no longer exist. A
/// long-lived searcher (evaluation, a server, the research loop) then reads postings without SQL.
public final class LexiconCache: @unchecked Sendable {
    private final class Segment {
        /// First term of every block, in UTF-8 byte order.
        let firstTerms: [[UInt8]]
        var blocks: [Int: [UInt8]] = [:]
        init(firstTerms: [[UInt8]]) { self.firstTerms = firstTerms }
    }

    private let lock = NSLock()
    private var segments: [Int64: Segment] = [:]
    private var cachedBytes = 0
    public let maximumBytes: Int

    public init(maximumBytes: Int = 256 << 20) {
        self.maximumBytes = maximumBytes
    }

    /// Calls `body` with the block of `segmentID` that would hold `term`, loading what is missing.
    func withBlock(segmentID: Int64, term: [UInt8], db: Database, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        let segment = try self.segment(segmentID, db: db)
        // The last block whose first term is <= term.
        var low = 0, high = segment.firstTerms.count
        while low < high {
            let middle = (low + high) / 2
            if !term.lexicographicallyPrecedes(segment.firstTerms[middle]) { low = middle + 1 } else { high = middle }
        }
        let index = low - 1
        guard index >= 0 else { return }
        lock.lock()
        let cached = segment.blocks[index]
        lock.unlock()
        if let cached {
            cached.withUnsafeBytes(body)
            return
        }
        let key = String(decoding: segment.firstTerms[index], as: UTF8.self)
        guard
            let data = try Data.fetchOne(
                db, sql: "SELECT block FROM lexicon_blocks WHERE segment_id = ? AND first_term = ?",
                arguments: [segmentID, key])
        else { return }
        let bytes = [UInt8](data)
        bytes.withUnsafeBytes(body)
        lock.lock()
        if cachedBytes + bytes.count <= maximumBytes, segment.blocks[index] == nil {
            segment.blocks[index] = bytes
            cachedBytes += bytes.count
        }
        lock.unlock()
    }

    private func segment(_ id: Int64, db: Database) throws -> Segment {
        lock.lock()
        if let segment = segments[id] {
            lock.unlock()
            return segment
        }
        lock.unlock()
        let terms = try String.fetchAll(
            db, sql: "SELECT first_term FROM lexicon_blocks WHERE segment_id = ? ORDER BY first_term", arguments: [id])
        let segment = Segment(firstTerms: terms.map { Array($0.utf8) })
        lock.lock()
        defer { lock.unlock() }
        if let raced = segments[id] { return raced }
        segments[id] = segment
        return segment
    }

    /// Drops segments that no longer exist (merged away).
    public func retain(only live: [Int64]) {
        lock.lock()
        defer { lock.unlock() }
        guard segments.count > 0 else { return }
        let keep = Set(live)
        for (id, segment) in segments where !keep.contains(id) {
            cachedBytes -= segment.blocks.values.reduce(0) { $0 + $1.count }
            segments[id] = nil
        }
    }
}
