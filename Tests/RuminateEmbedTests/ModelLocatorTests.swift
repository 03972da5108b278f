import Foundation
import Testing

@testable import RuminateEmbed

@Suite("ModelLocator")
struct ModelLocatorTests {
    @Test("an explicit folder wins, then $RUMINATE_MODEL")
    func precedence() {
        #expect(ModelLocator.find(explicit: "/m", environment: ["RUMINATE_MODEL": "/env"], workingDirectory: "/") == "/m")
        #expect(ModelLocator.find(explicit: nil, environment: ["RUMINATE_MODEL": "/env"], workingDirectory: "/") == "/env")
        #expect(ModelLocator.find(explicit: "", environment: ["RUMINATE_MODEL": ""], workingDirectory: "/") == nil)
    }

    @Test("walks up to the checkout holding Package.swift and models/")
    func walksUp() throws {
        let root = try EmbedTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let deep = root.appendingPathComponent("Sources/Deep/Er")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        try "// package".write(to: root.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let model = root.appendingPathComponent("models/all-MiniLM-L6-v2")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        // models/ without the weights: nothing to find.
        #expect(ModelLocator.find(explicit: nil, environment: [:], workingDirectory: deep.path) == nil)
        try Data().write(to: model.appendingPathComponent("model.safetensors"))
        let found = ModelLocator.find(explicit: nil, environment: [:], workingDirectory: deep.path)
        #expect(found.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
            == model.resolvingSymlinksInPath().path)
    }

    @Test("finds this checkout's model from the test's working directory")
    func thisCheckout() {
        _ = EmbedTestSupport.modelDirectory  // fetches it if needed
        let found = ModelLocator.find(explicit: nil, environment: [:], workingDirectory: EmbedTestSupport.repositoryRoot.path)
        #expect(found.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            == URL(fileURLWithPath: EmbedTestSupport.modelDirectory).standardizedFileURL.path)
    }
}
