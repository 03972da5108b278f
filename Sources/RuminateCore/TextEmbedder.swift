/// The seam between the embedding model and the stages that use it (indexing embeds passages, retrieval
/// embeds queries): they depend on this, not on the model's implementation.
public protocol TextEmbedder: Sendable {
    /// Names the model and its exact weights; recorded in the index so vectors are never mixed.
    var modelID: String { get }
    var dimension: Int { get }
    /// One L2-normalised vector of `dimension` floats per text, in order.
    func embed(_ texts: [String]) -> [[Float]]
}
