/// Hashable so that values carrying an error (RuminateCrawl's `CrawlProblem`) can be Hashable.
/// Written by hand: Swift synthesizes conformances only in the file that declares the type.
extension RuminateError: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
        hasher.combine(hint)
        hasher.combine(cause)
    }
}
