import RuminateCore
import RuminateEmbed

/// The project's model behind the `TextEmbedder` seam that indexing and retrieval depend on.
struct ModelEmbedder: TextEmbedder {
    let model: SentenceEmbedder
    /// What the model card declares (`ModelCard.languages`).
    let languages: [String]?
    var modelID: String { model.info.id }
    var dimension: Int { model.info.dimension }
    func embed(_ texts: [String]) -> [[Float]] { model.embed(texts) }
}
