import RuminateCore
import RuminateRetrieve
import Testing

/// An embedder that only declares what it was trained on: leg choice reads nothing else.
struct LanguageDeclaringEmbedder: TextEmbedder {
    var modelID = "sentence-transformers/all-MiniLM-L6-v2@sha256:53aa5117"
    var dimension = 4
    var languages: [String]?
    func embed(_ texts: [String]) -> [[Float]] { texts.map { _ in [1, 0, 0, 0] } }
}

@Suite struct LegChoiceTests {
    let english = LanguageDeclaringEmbedder(languages: ["en"])

    @Test func aQueryInAScriptTheModelDoesNotReadRunsTheLexicalLegOnly() {
        let choice = LegChoice.choose(query: "如何查看文件的行数?", resolved: .hybrid, embedder: english)
        #expect(choice.mode == .lexical)
        #expect(!choice.modelReadsQuery)
        #expect(
            choice.reason
                == "lexical leg only: the query is written in Han, which all-MiniLM-L6-v2 does not read (it reads Latin)"
        )
        // Latin keywords inside a Chinese question do not make it English.
        #expect(LegChoice.choose(query: "如何用 grep 递归搜索目录?", resolved: .hybrid, embedder: english).mode == .lexical)
    }

    @Test func aQueryTheModelReadsRunsBothLegs() {
        let choice = LegChoice.choose(
            query: "How do I count the lines of a file?", resolved: .hybrid, embedder: english)
        #expect(choice.mode == .hybrid)
        #expect(choice.modelReadsQuery)
        #expect(choice.reason?.contains("written in Latin, which all-MiniLM-L6-v2 reads") == true)
        // A query of numbers and symbols only is not ruled out.
        #expect(LegChoice.choose(query: "3.14 2024", resolved: .hybrid, embedder: english).mode == .hybrid)
    }

    @Test func vectorModeAskedForRunsButSaysSo() {
        let choice = LegChoice.choose(query: "复制目录", resolved: .vector, embedder: english)
        #expect(choice.mode == .vector)
        #expect(!choice.modelReadsQuery)
        #expect(choice.reason?.contains("ran anyway") == true)
    }

    @Test func aModelThatDeclaresNoLanguageReadsEveryScript() {
        for languages in [nil, ["klingon"]] as [[String]?] {
            let choice = LegChoice.choose(
                query: "复制目录", resolved: .hybrid, embedder: LanguageDeclaringEmbedder(languages: languages))
            #expect(choice.mode == .hybrid)
            #expect(choice.modelReadsQuery)
        }
        let multilingual = LanguageDeclaringEmbedder(languages: ["en", "zh", "de"])
        #expect(LegChoice.choose(query: "复制目录", resolved: .hybrid, embedder: multilingual).mode == .hybrid)
    }

    @Test func lexicalAndModelLessSearchesAreLeftAlone() {
        #expect(
            LegChoice.choose(query: "复制目录", resolved: .lexical, embedder: english)
                == LegChoice(mode: .lexical, reason: nil))
        #expect(LegChoice.choose(query: "复制目录", resolved: .hybrid, embedder: nil).mode == .hybrid)
    }
}
