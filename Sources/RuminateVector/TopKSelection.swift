/// A scored row; the search's ranking order is score descending, then row ascending.
struct ScoredRow: Sendable {
    var score: Float
    var row: Int

    /// True when `self` ranks after `other`.
    @inline(__always)
    func ranksBelow(_ other: ScoredRow) -> Bool {
        score < other.score || (score == other.score && row > other.row)
    }

    @inline(__always)
    static func ranking(_ lhs: ScoredRow, _ rhs: ScoredRow) -> Bool { rhs.ranksBelow(lhs) }
}

/// Keeps the best `capacity` rows seen so far: a binary min-heap whose root is the worst kept row,
/// so a new row is compared with one value and most rows are rejected without touching the heap.
struct TopKSelection {
    let capacity: Int
    private(set) var elements: [ScoredRow] = []

    init(capacity: Int) {
        self.capacity = capacity
        elements.reserveCapacity(capacity)
    }

    var isFull: Bool { elements.count >= capacity }

    /// The worst kept row; only meaningful when not empty.
    var worst: ScoredRow { elements[0] }

    /// Offers a row; returns the row that no longer makes the cut (the offered one or an evicted one), if any.
    @inline(__always)
    @discardableResult
    mutating func offer(_ candidate: ScoredRow) -> ScoredRow? {
        guard capacity > 0 else { return candidate }
        if elements.count < capacity {
            elements.append(candidate)
            siftUp(elements.count - 1)
            return nil
        }
        guard elements[0].ranksBelow(candidate) else { return candidate }
        let evicted = elements[0]
        elements[0] = candidate
        siftDown(0)
        return evicted
    }

    /// The kept rows, best first.
    func sorted() -> [ScoredRow] {
        elements.sorted(by: ScoredRow.ranking)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard elements[child].ranksBelow(elements[parent]) else { return }
            elements.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = elements.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            var worse = left
            let right = left + 1
            if right < count, elements[right].ranksBelow(elements[left]) { worse = right }
            guard elements[worse].ranksBelow(elements[parent]) else { return }
            elements.swapAt(worse, parent)
            parent = worse
        }
    }
}
