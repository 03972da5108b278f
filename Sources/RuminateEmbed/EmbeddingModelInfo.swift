/// What identifies an embedding model's vector space: vectors from models with different `id`s never mix.
public struct EmbeddingModelInfo: Sendable, Hashable, Codable {
    /// Name and weights fingerprint, e.g. `sentence-transformers/all-MiniLM-L6-v2@sha256:53aa5117`.
    public var id: String
    /// Length of every embedding vector.
    public var dimension: Int
    /// Tokens the model reads per text, `[CLS]` and `[SEP]` included; the rest of a longer text is ignored.
    public var maxTokens: Int

    public init(id: String, dimension: Int, maxTokens: Int) {
        self.id = id
        self.dimension = dimension
        self.maxTokens = maxTokens
    }
}
