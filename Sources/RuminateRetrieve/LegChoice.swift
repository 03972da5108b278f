import RuminateCore
import RuminateText

/// Which legs a search runs, and why: a hybrid search runs its vector leg only for a query written in a
/// script the embedding model reads. A model trained on English alone (all-MiniLM-L6-v2) embeds a Chinese
/// query into noise, and fusing that noise with BM25F ranks Chinese passages below BM25F alone; so a hybrid
/// search of such a query runs its lexical leg only. A model whose languages are unknown reads every script.
public struct LegChoice: Sendable, Hashable {
    /// The mode that runs: the one resolved, or lexical when the query's script rules the vector leg out.
    public var mode: SearchMode
    /// Why the legs are these, for notes and `--explain`; nil for a lexical search nobody asked otherwise.
    public var reason: String?
    /// False when the model does not read the query's script (the vector leg was dropped, or ran because
    /// vector mode was asked for).
    public var modelReadsQuery: Bool

    public init(mode: SearchMode, reason: String?, modelReadsQuery: Bool = true) {
        self.mode = mode
        self.reason = reason
        self.modelReadsQuery = modelReadsQuery
    }

    /// The legs for `query` when `resolved` was chosen for it and `embedder` embeds queries.
    public static func choose(query: String, resolved: SearchMode, embedder: (any TextEmbedder)?) -> LegChoice {
        guard resolved != .lexical, let embedder else { return LegChoice(mode: resolved, reason: nil) }
        let model = modelName(embedder.modelID)
        guard let readable = readableScripts(of: embedder) else {
            return LegChoice(mode: resolved, reason: "\(model) declares no languages: it is taken to read every script")
        }
        let readsNames = readable.sorted().map(\.description).joined(separator: ", ")
        guard let script = ScriptProfile(query).dominant else {
            return LegChoice(
                mode: resolved, reason: "the query has no words of any script; \(model) reads \(readsNames)")
        }
        if readable.contains(script) {
            return LegChoice(
                mode: resolved, reason: "the query is written in \(script), which \(model) reads (\(readsNames))")
        }
        let unread = "the query is written in \(script), which \(model) does not read (it reads \(readsNames))"
        if resolved == .vector {
            return LegChoice(
                mode: .vector, reason: unread + "; vector mode was asked for, so it ran anyway", modelReadsQuery: false)
        }
        return LegChoice(mode: .lexical, reason: "lexical leg only: " + unread, modelReadsQuery: false)
    }

    /// The scripts of the languages the embedder declares; nil when it declares none this module knows.
    static func readableScripts(of embedder: any TextEmbedder) -> Set<WritingScript>? {
        guard let languages = embedder.languages else { return nil }
        let scripts = languages.compactMap { WritingScript.scripts(ofLanguage: $0) }
        return scripts.isEmpty ? nil : scripts.reduce(into: Set()) { $0.formUnion($1) }
    }

    /// `sentence-transformers/all-MiniLM-L6-v2@sha256:53aa5117` → `all-MiniLM-L6-v2`.
    static func modelName(_ id: String) -> String {
        let name = id.split(separator: "@").first.map(String.init) ?? id
        return name.split(separator: "/").last.map(String.init) ?? name
    }
}
