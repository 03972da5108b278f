import Foundation
import RuminateIngest
import Testing

@Suite struct IngestReportTests {
    @Test func theStoredLastRunIsSnakeCaseAndReadsBack() throws {
        let w = try Workspace()
        try w.write("a.txt", "alpha text")
        try w.write("b.txt", "beta text")
        let report = try w.run()
        let stored = try #require(try w.index.status().lastRun)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any])
        #expect(object["files_seen"] as? Int == 2)
        #expect(object["documents_added"] as? Int == 2)
        #expect(object["filesSeen"] == nil)
        let lastRun = try #require(IngestReport.LastRun(json: stored))
        #expect(lastRun.startedAt == report.startedAt)
        #expect(lastRun.added == 2 && lastRun.updated == 0 && lastRun.deleted == 0 && lastRun.failed == 0)
    }

    @Test func aLastRunStoredBeforeTheSnakeCaseChangeStillReads() throws {
        let earlier =
            #"{"filesSeen":1,"added":1,"updated":2,"deleted":3,"failed":4,"startedAt":1700000000.5,"documentsAdded":1}"#
        let lastRun = try #require(IngestReport.LastRun(json: earlier))
        #expect(lastRun.startedAt == 1_700_000_000.5)
        #expect(lastRun.added == 1 && lastRun.updated == 2 && lastRun.deleted == 3 && lastRun.failed == 4)
        #expect(IngestReport.LastRun(json: #"{"added":1}"#) == nil)
        #expect(IngestReport.LastRun(json: "not json") == nil)
    }
}
