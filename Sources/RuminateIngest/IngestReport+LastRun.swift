import Foundation

extension IngestReport {
    /// The fields of the last run's report (stored in the index as JSON) that `ruminate status` shows. Reads the
    /// snake_case keys and, for indexes written before the wire format was snake_case, the camelCase ones.
    public struct LastRun: Decodable, Sendable, Hashable {
        public var startedAt: Double
        public var added: Int
        public var updated: Int
        public var deleted: Int
        public var failed: Int

        enum CodingKeys: String, CodingKey { case startedAt = "started_at", added, updated, deleted, failed }
        enum EarlierKeys: String, CodingKey { case startedAt }

        /// nil when `json` is not a run report.
        public init?(json: String) {
            guard let report = try? JSONDecoder().decode(LastRun.self, from: Data(json.utf8)) else { return nil }
            self = report
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let startedAt = try container.decodeIfPresent(Double.self, forKey: .startedAt) {
                self.startedAt = startedAt
            } else {
                startedAt = try decoder.container(keyedBy: EarlierKeys.self).decode(Double.self, forKey: .startedAt)
            }
            added = try container.decode(Int.self, forKey: .added)
            updated = try container.decode(Int.self, forKey: .updated)
            deleted = try container.decode(Int.self, forKey: .deleted)
            failed = try container.decode(Int.self, forKey: .failed)
        }
    }
}
