import RuminateCore
import Testing

@testable import RuminateWalk

/// The debouncer is pure arithmetic over the times it is given: no clock is read here.
@Suite struct ChangeDebouncerTests {
    private func event(_ root: String, _ kind: FolderEvent.Kind = .written) -> FolderEvent {
        FolderEvent(kind: kind, path: root + "/a.md", root: root, isFolder: false)
    }

    @Test func isDueOnceChangesHaveSettled() {
        var debouncer = ChangeDebouncer(quietPeriod: 0.5, maximumDelay: 10)
        #expect(!debouncer.isPending)
        #expect(debouncer.dueTime == nil)
        debouncer.note(event("/r"), at: 100)
        debouncer.note(event("/r"), at: 100.25)
        #expect(debouncer.dueTime == 100.75)
        #expect(!debouncer.isDue(at: 100.5))
        #expect(debouncer.isDue(at: 100.75))
        #expect(debouncer.take() == ["/r"])
        #expect(!debouncer.isPending)
    }

    @Test func constantChurnCannotPostponeARunPastTheMaximumDelay() {
        var debouncer = ChangeDebouncer(quietPeriod: 0.5, maximumDelay: 10)
        var time = 50.0
        while time < 70 {
            debouncer.note(event("/r"), at: time)
            time += 0.25
        }
        #expect(debouncer.dueTime == 60)
        #expect(debouncer.isDue(at: 60))
    }

    @Test func collectsTheRootsThatChangedAndAnOverflowMeansEveryRoot() {
        var debouncer = ChangeDebouncer(quietPeriod: 0.2, maximumDelay: 10)
        debouncer.note(event("/a"), at: 1)
        debouncer.note(event("/b", .deleted), at: 1.1)
        #expect(debouncer.take() == ["/a", "/b"])
        debouncer.note(event("/a"), at: 2)
        debouncer.note(FolderEvent(kind: .overflow, path: "", root: nil, isFolder: false), at: 2.1)
        #expect(debouncer.take() == nil)
        debouncer.note(root: "/c", at: 3)
        #expect(debouncer.take() == ["/c"])
    }

    @Test func aZeroQuietPeriodIsDueAtOnceAndTheMaximumIsNeverBelowIt() {
        var debouncer = ChangeDebouncer(quietPeriod: 0, maximumDelay: 10)
        debouncer.note(root: "/r", at: 5)
        #expect(debouncer.isDue(at: 5))
        let odd = ChangeDebouncer(quietPeriod: 3, maximumDelay: 1)
        #expect(odd.maximumDelay == 3)
    }
}
