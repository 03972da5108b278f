import Foundation

/// Finds the embedding model folder: an explicit `--model DIR`, else `$RUMINATE_MODEL`, else
/// `models/all-MiniLM-L6-v2` in the enclosing checkout (the nearest folder above the working directory that
/// holds both `Package.swift` and `models/`), where `scripts/fetch-model` puts it.
public enum ModelLocator {
    public static let defaultModelName = "all-MiniLM-L6-v2"
    public static let environmentVariable = "RUMINATE_MODEL"

    public static func find(
        explicit: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        let fileManager = FileManager.default
        var folder = URL(fileURLWithPath: workingDirectory).standardizedFileURL
        while true {
            let models = folder.appendingPathComponent("models")
            var isFolder: ObjCBool = false
            if fileManager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path),
                fileManager.fileExists(atPath: models.path, isDirectory: &isFolder), isFolder.boolValue
            {
                let candidate = models.appendingPathComponent(defaultModelName)
                if fileManager.fileExists(atPath: candidate.appendingPathComponent("model.safetensors").path) {
                    return candidate.path
                }
                return nil
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }
}
