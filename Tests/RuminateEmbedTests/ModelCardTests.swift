import Foundation
import Testing

@testable import RuminateEmbed

@Suite struct ModelCardTests {
    @Test func languageIsReadFromTheFrontMatter() {
        #expect(ModelCard.languages(frontMatterOf: "---\nlanguage: en\nlicense: apache-2.0\n---\n# Model") == ["en"])
        #expect(
            ModelCard.languages(frontMatterOf: "---\nlicense: mit\nlanguage:\n- en\n- zh\n- 'de'\ntags:\n- x\n---\n")
                == ["en", "zh", "de"])
        #expect(ModelCard.languages(frontMatterOf: "---\nlanguage: [en, fr]\n---\n") == ["en", "fr"])
        // No front matter, or no language in it: unknown.
        #expect(ModelCard.languages(frontMatterOf: "# A model\nlanguage: en\n") == nil)
        #expect(ModelCard.languages(frontMatterOf: "---\nlicense: mit\n---\nlanguage: en\n") == nil)
        #expect(ModelCard.languages(modelDirectory: "/nonexistent") == nil)
    }

    @Test func theProjectModelIsEnglish() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/all-MiniLM-L6-v2").path
        try #require(
            FileManager.default.fileExists(atPath: folder + "/README.md"), "run scripts/fetch-model (scripts/test does)"
        )
        #expect(ModelCard.languages(modelDirectory: folder) == ["en"])
    }
}
