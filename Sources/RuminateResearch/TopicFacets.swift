import Foundation

/// A topic read for its own structure: the subject it names and the facets it lists after it.
/// "Database corruption in SQLite: causes, prevention, detection and recovery" is the core "Database corruption
/// in SQLite" with four facets; "Limits in SQLite and how to change them" is "Limits in SQLite" with one; "vitamin D
/// and bone fractures" joins two subjects and lists no facet.
/// Each facet is researched as the core plus the facet, so a report covers what the topic asks for.
public struct TopicFacets: Sendable, Hashable {
    /// The subject: the whole topic when it lists no facets.
    public var core: String
    /// The facets listed, in the topic's order (empty when it lists none).
    public var facets: [String]

    public init(_ topic: String) {
        let topic = topic.trimmingCharacters(in: .whitespacesAndNewlines)
        var core = topic
        var rest = ""
        if let colon = topic.firstIndex(where: { $0 == ":" || $0 == "—" || $0 == ";" }) {
            core = String(topic[..<colon])
            rest = String(topic[topic.index(after: colon)...])
        } else if let and = Self.conjunction(in: topic) {
            core = String(topic[..<and.lowerBound])
            rest = String(topic[and.upperBound...])
        }
        let facets = Self.items(rest)
        self.core = facets.isEmpty ? topic : core.trimmingCharacters(in: .whitespaces)
        self.facets = facets.isEmpty || self.core.isEmpty ? [] : facets
        if self.core.isEmpty { self.core = topic }
    }

    /// The queries that research the facets: the core alone, then the core with each facet.
    public var queries: [String] { facets.isEmpty ? [] : [core] + facets.map { core + " " + $0 } }

    /// The first " and " / " or " joining the subject to a question about it ("… and how to change them"); one
    /// that joins two nouns joins two subjects.
    private static func conjunction(in topic: String) -> Range<String.Index>? {
        let joint = [" and ", " or "].compactMap { topic.range(of: $0, options: .caseInsensitive) }
            .min { $0.lowerBound < $1.lowerBound }
        guard let joint,
            let next = topic[joint.upperBound...].split(separator: " ").first?.lowercased(),
            questionWords.contains(next)
        else { return nil }
        return joint
    }

    static let questionWords: Set<String> = ["how", "what", "why", "when", "where", "which", "who", "whether"]

    /// "causes, prevention, detection and recovery" → its four items.
    static func items(_ list: String) -> [String] {
        var items: [String] = []
        for part in list.split(whereSeparator: { $0 == "," }) {
            var rest = " " + part + " "
            while let and = rest.range(of: " and ", options: .caseInsensitive)
                ?? rest.range(of: " or ", options: .caseInsensitive)
            {
                items.append(String(rest[..<and.lowerBound]))
                rest = " " + rest[and.upperBound...]
            }
            items.append(rest)
        }
        return items.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
