/// The seam between the embedding model and the stages that use it (indexing embeds passages, retrieval
/// embeds queries): they depend on this, not on the model's implementation.
public protocol TextEmbedder: Sendable {
    /// Names the model and its exact weights; recorded in the index so vectors are never mixed.
    var modelID: String { get }
    var dimension: Int { get }
    /// One L2-normalised vector of `dimension` floats per text, in order.
    func embed(_ texts: [String]) -> [[Float]]
    /// The languages the model was trained on, as ISO 639-1 codes (`en`), from its model card; nil when
    /// unknown. Search runs the vector leg only for a query in a script one of them is written in.
    var languages: [String]? { get }
}

extension TextEmbedder {
    public var languages: [String]? { nil }
}
