import Dispatch
import Foundation
import RuminateSystem
import RuminateWalk

/// Asks an `IndexWatcher` to stop, from any thread (a signal handler, a test): the loop ends after the run in
/// progress, if any.
public final class WatchStop: Sendable {
    private struct State {
        var requested = false
        var running = false
        var watcher: FolderWatcher?
    }

    private let state = Locked(State())
    private let wakeUp = DispatchSemaphore(value: 0)

    public init() {}

    public var isRequested: Bool { state.withLock { $0.requested } }

    /// Marks the stop as asked, then wakes the loop. `announce` runs in between, told whether a stop was asked
    /// before (or `times` says the request came more than once) and whether a run is in progress, so that a front
    /// end can speak, or give up on the run at once, before the loop moves on.
    public func request(times: Int = 1, announce: (_ again: Bool, _ duringRun: Bool) -> Void = { _, _ in }) {
        let (again, duringRun, watcher) = state.withLock { state in
            defer { state.requested = true }
            return (state.requested || times > 1, state.running, state.watcher)
        }
        announce(again, duringRun)
        watcher?.wake()
        wakeUp.signal()
    }

    /// Whether an indexing run is in progress (set by the loop).
    var running: Bool {
        get { state.withLock { $0.running } }
        set { state.withLock { $0.running = newValue } }
    }

    /// The loop's watcher, woken by a request.
    var watcher: FolderWatcher? {
        get { state.withLock { $0.watcher } }
        set { state.withLock { $0.watcher = newValue } }
    }

    /// Without a watcher, the loop sleeps here; a request ends the sleep.
    func sleep(_ seconds: Double?) -> [FolderEvent] {
        if let seconds { _ = wakeUp.wait(timeout: .now() + seconds) } else { wakeUp.wait() }
        return []
    }
}

/// SIGINT and SIGTERM, taken on a dispatch queue, as stop requests: the first asks the loop to stop (a run in
/// progress is finished first), a second during a run abandons it at once (the process exits with status 0),
/// which the index is built to survive. `say` words what happens (a diagnostic line).
public final class StopSignals: @unchecked Sendable {  // `sources` are only kept alive after init
    public let stop = WatchStop()
    private let sources: [any DispatchSourceSignal]

    public init(say: @escaping @Sendable (String) -> Void) {
        // A queue of its own: the global queues may all be busy with an indexing run's workers.
        let queue = DispatchQueue(label: "ruminate.watch.signals", qos: .userInteractive)
        let stop = stop
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)  // the dispatch source sees it; the default action would end the process
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            // `data` counts the signals since the last call: two at once are a first and a second. (The handler
            // holds its source: both live as long as the process.)
            source.setEventHandler {
                stop.request(times: Int(source.data)) { again, duringRun in
                    if duringRun && again {
                        say("stopping now; the interrupted run is completed by the next one")
                        _exit(0)
                    }
                    if duringRun { say("stopping after this run (signal again to stop at once)") }
                }
            }
            source.resume()
            return source
        }
    }
}
