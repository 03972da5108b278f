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
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)],
                                              ofItemAtPath: weights.path + ".sha256")
        let second = Array("abd".utf8).withUnsafeBytes { ModelFingerprint.sha256(of: weights.path, contents: $0) }
        #expect(second != abc)
    }
}
