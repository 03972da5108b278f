import RuminateCore

/// One facet of the topic: a cluster of passages that share distinctive terms, named by them.
public struct Aspect: Sendable, Hashable, Codable {
    /// The label terms as written in the passages ("checkpoint", "readers").
    public var terms: [String]
    /// The stemmed index terms behind `terms`, same order.
    public var indexTerms: [String]
    /// The passages of the plan's evidence in this cluster (passage ids, best rank first).
    public var passages: [Int64]

    public var label: String { terms.joined(separator: ", ") }

    enum CodingKeys: String, CodingKey { case terms, indexTerms = "index_terms", passages }
}

/// Clusters the topic's top passages by their distinctive terms (average-link agglomeration on the cosine of
/// tf-idf vectors) and labels each cluster by the terms that weigh most in it and in no earlier cluster's label.
public enum AspectPlanner {
    /// Mean cosine above which two clusters are merged even when there are few enough clusters already.
    public static let strongLink = 0.5

    /// `vectors[i]` is the weighted terms of `hits[i]` (topic terms excluded); deterministic for equal input.
    public static func plan(hits: [SearchHit], vectors: [WeightedTerms], options: ResearchOptions) -> [Aspect] {
        let usable = hits.indices.filter { !vectors[$0].weights.isEmpty }
        guard !usable.isEmpty else { return [] }
        let target = min(usable.count, max(options.minimumAspects, min(options.maximumAspects, usable.count / 3)))
        var clusters = usable.map { [$0] }
        // Pairwise similarities once; average link is their mean across two clusters.
        var similarity: [[Double]] = Array(repeating: Array(repeating: 0, count: hits.count), count: hits.count)
        for a in usable {
            for b in usable where b > a {
                let s = vectors[a].cosine(vectors[b]); similarity[a][b] = s; similarity[b][a] = s
            }
        }
        func link(_ x: [Int], _ y: [Int]) -> Double {
            var total = 0.0
            for a in x { for b in y { total += similarity[a][b] } }
            return total / Double(x.count * y.count)
        }
        // Down to twice the aspects wanted, then on towards the target only while the closest clusters clearly
        // belong together, so a facet is not left in pieces and a stray passage is not forced into one.
        while clusters.count > max(1, target) {
            var best: (i: Int, j: Int, value: Double)?
            for i in clusters.indices {
                for j in clusters.indices where j > i {
                    let value = link(clusters[i], clusters[j])
                    if best == nil || value > best!.value { best = (i, j, value) }
                }
            }
            guard let merge = best, clusters.count > target * 2 || merge.value >= Self.strongLink else { break }
            clusters[merge.i] = (clusters[merge.i] + clusters[merge.j]).sorted()
            clusters.remove(at: merge.j)
        }
        // Biggest clusters first; among equals, the one holding the better-ranked passage. Only clusters of two or
        // more passages become aspects, when there are any: a lone passage (navigation debris) names no facet.
        clusters.sort { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
        if clusters.contains(where: { $0.count >= 2 }) { clusters.removeAll { $0.count < 2 } }
        clusters = Array(clusters.prefix(options.maximumAspects))

        var used: Set<String> = []
        var aspects: [Aspect] = []
        for members in clusters {
            var combined = WeightedTerms()
            for member in members { combined.add(vectors[member]) }
            // A term spread over the cluster beats one repeated in a single passage.
            var spread: [String: Int] = [:]
            for member in members { for term in vectors[member].weights.keys { spread[term, default: 0] += 1 } }
            for (term, weight) in combined.weights {
                combined.weights[term] = weight * Double(spread[term]!).squareRoot()
            }
            // Prefer terms several of the cluster's passages share: one passage's rare words name no facet.
            let unused = combined.ranked.filter { !used.contains($0) }
            let shared = unused.filter { spread[$0]! >= min(2, members.count) }
            let chosen =
                (shared.count >= options.labelTerms
                ? shared : shared + unused.filter { spread[$0]! < min(2, members.count) })
                .prefix(options.labelTerms)
            guard !chosen.isEmpty else { continue }
            used.formUnion(chosen)
            aspects.append(
                Aspect(
                    terms: chosen.map { combined.surface(of: $0) }, indexTerms: Array(chosen),
                    passages: members.map { hits[$0].passage.id }))
        }
        return aspects
    }
}
