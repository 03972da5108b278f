import Foundation
import Testing

@testable import RuminateEmbed

@Suite("ModelLocator")
struct ModelLocatorTests {
    @Test("an explicit folder wins, then $RUMINATE_MODEL")
    func precedence() {
        let nowhere = ["XDG_DATA_HOME": "/nonexistent"]
        #expect(
            ModelLocator.find(explicit: "/m", environment: nowhere.merging(["RUMINATE_MODEL": "/env"]) { $1 }) == "/m")
        #expect(
            ModelLocator.find(explicit: nil, environment: nowhere.merging(["RUMINATE_MODEL": "/env"]) { $1 }) == "/env")
        #expect(ModelLocator.find(explicit: "", environment: nowhere.merging(["RUMINATE_MODEL": ""]) { $1 }) == nil)
    }

    @Test("else the XDG data folder's model, once it holds the weights; never a checkout found by walking up")
    func dataFolder() throws {
        let data = try EmbedTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: data) }
        let model = data.appendingPathComponent("ruminate/models/all-MiniLM-L6-v2")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        #expect(ModelLocator.find(explicit: nil, environment: ["XDG_DATA_HOME": data.path]) == nil)
        try Data().write(to: model.appendingPathComponent("model.safetensors"))
        #expect(ModelLocator.find(explicit: nil, environment: ["XDG_DATA_HOME": data.path]) == model.path)
        // Without XDG_DATA_HOME: ~/.local/share.
        let home = data.appendingPathComponent("home")
        #expect(ModelLocator.find(explicit: nil, environment: ["HOME": home.path]) == nil)
    }
}
