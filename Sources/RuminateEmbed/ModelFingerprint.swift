import Foundation
import RuminateSystem

/// The SHA-256 of `model.safetensors`, cached beside it in `model.safetensors.sha256` (sha256sum's format,
/// also written by scripts/fetch-model) so that loading the model does not hash 90 MB every time. The cache
/// is trusted only when it is at least as new as the weights.
enum ModelFingerprint {
    static func sha256(of weightsPath: String, contents: UnsafeRawBufferPointer) -> String {
        let cachePath = weightsPath + ".sha256"
        if let cached = cachedDigest(cachePath, weightsPath: weightsPath) { return cached }
        let digest = SHA256Hex.of(contents)
        let line = "\(digest)  \((weightsPath as NSString).lastPathComponent)\n"
        try? line.write(toFile: cachePath, atomically: true, encoding: .utf8)  // a read-only folder is fine
        return digest
    }

    private static func cachedDigest(_ cachePath: String, weightsPath: String) -> String? {
        let fileManager = FileManager.default
        guard let cacheDate = (try? fileManager.attributesOfItem(atPath: cachePath))?[.modificationDate] as? Date,
            let weightsDate = (try? fileManager.attributesOfItem(atPath: weightsPath))?[.modificationDate] as? Date,
            cacheDate >= weightsDate,
            let text = try? String(contentsOfFile: cachePath, encoding: .utf8)
        else { return nil }
        let digest = String(text.prefix { !$0.isWhitespace }).lowercased()
        guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else { return nil }
        return digest
    }
}
