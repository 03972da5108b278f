/// Decides when a burst of changes is over, so one indexing run covers it: due once no change has come for
/// `quietPeriod` seconds, or `maximumDelay` seconds after the first change even if changes keep coming
/// (constant churn must not postpone indexing for ever). Times are seconds on any monotonic clock.
public struct ChangeDebouncer: Sendable {
    public var quietPeriod: Double
    public var maximumDelay: Double
    public private(set) var firstChange: Double?
    public private(set) var lastChange: Double?
    /// The roots something changed under.
    public private(set) var roots: Set<String> = []
    /// True when anything may have changed (an overflow, a re-scan): the run must cover every root.
    public private(set) var everything = false

    public init(quietPeriod: Double, maximumDelay: Double) {
        self.quietPeriod = max(0, quietPeriod)
        self.maximumDelay = max(self.quietPeriod, maximumDelay)
    }

    public var isPending: Bool { firstChange != nil }

    /// Records a change under `root` (nil: anywhere).
    public mutating func note(root: String?, at time: Double) {
        if firstChange == nil { firstChange = time }
        lastChange = max(lastChange ?? time, time)
        if let root { roots.insert(root) } else { everything = true }
    }

    public mutating func note(_ event: FolderEvent, at time: Double) {
        note(root: event.kind == .overflow ? nil : event.root, at: time)
    }

    /// When the pending changes should be indexed; nil when nothing is pending.
    public var dueTime: Double? {
        guard let firstChange, let lastChange else { return nil }
        return min(lastChange + quietPeriod, firstChange + maximumDelay)
    }

    public func isDue(at time: Double) -> Bool { dueTime.map { time >= $0 } ?? false }

    /// Hands over what is pending and starts afresh: the roots to index, or nil for every root.
    public mutating func take() -> Set<String>? {
        defer { self = ChangeDebouncer(quietPeriod: quietPeriod, maximumDelay: maximumDelay) }
        return everything ? nil : roots
    }
}
