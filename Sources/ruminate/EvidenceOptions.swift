import ArgumentParser
import RuminateRetrieve
import RuminateService

/// Where `ask` and `research` take their evidence from: the model for the query (`EmbeddingOptions`) and the
/// retrieval mode, and the service over the index they open together.
struct EvidenceOptions: ParsableArguments {
    @OptionGroup var embedding: EmbeddingOptions

    @Option(
        help:
            "Retrieval for the evidence: lexical, vector or hybrid (default: hybrid when the index has vectors and the model is present)."
    )
    var mode: SearchMode?

    /// Opens the index (built from the bundled corpus on first use) and the service that answers over it.
    func service(_ indexOptions: IndexOptions) throws -> KnowledgeService {
        let index = try indexOptions.openExisting(embedding: embedding)
        return KnowledgeService(index: index, embedder: try embedding.queryEmbedder(for: index, mode: mode))
    }
}
