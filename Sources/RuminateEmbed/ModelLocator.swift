import Foundation

/// Finds the embedding model folder: an explicit `--model DIR`, else `$RUMINATE_MODEL` (the repository's scripts set
/// it to the checkout's `models/all-MiniLM-L6-v2`, where `scripts/fetch-model` puts it), else
/// `$XDG_DATA_HOME/ruminate/models/all-MiniLM-L6-v2` (`~/.local/share/…`) when it holds the weights.
public enum ModelLocator {
    public static let defaultModelName = "all-MiniLM-L6-v2"
    public static let environmentVariable = "RUMINATE_MODEL"

    public static func find(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        let data =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        let candidate = data + "/ruminate/models/" + defaultModelName
        return FileManager.default.fileExists(atPath: candidate + "/model.safetensors") ? candidate : nil
    }
}
