import Foundation
import Testing

@testable import RuminateEmbed

@Suite("ModelFingerprint")
struct ModelFingerprintTests {
    @Test("the weights fingerprint is cached beside the file and refreshed when the file is newer")
    func fingerprintCache() throws {
        let folder = try EmbedTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("model.safetensors")
        try Data("abc".utf8).write(to: weights)
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        let first = Array("abc".utf8).withUnsafeBytes { ModelFingerprint.sha256(of: weights.path, contents: $0) }
        #expect(first == abc)
        let cache = try String(contentsOfFile: weights.path + ".sha256", encoding: .utf8)
        #expect(cache == "\(abc)  model.safetensors\n")
        // A fresh cache is used as is: the bytes passed in are not hashed again.
        let cached = Array("zzz".utf8).withUnsafeBytes { ModelFingerprint.sha256(of: weights.path, contents: $0) }
        #expect(cached == abc)
        // A cache older than the weights is not trusted.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 0)],
            ofItemAtPath: weights.path + ".sha256")
        let second = Array("abd".utf8).withUnsafeBytes { ModelFingerprint.sha256(of: weights.path, contents: $0) }
        #expect(second != abc)
    }
}

@Suite("ModelFingerprint of the real model")
struct RealModelFingerprintTests {
    /// The digest scripts/fetch-model pins for all-MiniLM-L6-v2's model.safetensors: hashing the mapped weights
    /// must give it (computed here without the cache file, which fetch-model writes from sha256sum).
    @Test func theMappedWeightsHashToThePinnedDigest() throws {
        let weights = EmbedTestSupport.modelDirectory + "/model.safetensors"
        let file = try SafeTensorsFile(path: weights)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ruminate-fingerprint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: copy.path + ".sha256") }
        // A path with no weights and no cache beside it, so the bytes are hashed.
        #expect(
            ModelFingerprint.sha256(of: copy.path, contents: file.mappedBytes)
                == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")
    }
}
