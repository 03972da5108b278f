import ArgumentParser
import RuminateRetrieve

/// Hybrid fusion settings (reciprocal-rank fusion), shared by `search` and `eval`.
struct FusionOptions: ParsableArguments {
    @Option(
        name: .customLong("rrf-k"), help: "Reciprocal-rank fusion constant k (a hit at rank r adds weight/(k + r)).")
    var rrfK: Double = FusionParameters().k

    @Option(name: .customLong("lexical-weight"), help: "Weight of the lexical ranking in hybrid mode.")
    var lexicalWeight: Double = FusionParameters().lexicalWeight

    @Option(name: .customLong("vector-weight"), help: "Weight of the vector ranking in hybrid mode.")
    var vectorWeight: Double = FusionParameters().vectorWeight

    func validate() throws {
        guard rrfK > 0, lexicalWeight >= 0, vectorWeight >= 0 else {
            throw ValidationError("--rrf-k must be positive and the weights not negative")
        }
    }

    var parameters: FusionParameters {
        FusionParameters(k: rrfK, lexicalWeight: lexicalWeight, vectorWeight: vectorWeight)
    }
}
