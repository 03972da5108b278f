import RuminateText
import Testing

@Suite struct WritingScriptTests {
    @Test func charactersHaveTheirISO15924Script() {
        #expect(WritingScript.of("a") == .latin)
        #expect(WritingScript.of("é") == .latin)
        #expect(WritingScript.of("复") == .han)
        #expect(WritingScript.of("ж") == .cyrillic)
        #expect(WritingScript.of("한") == .hangul)
        #expect(WritingScript.of("Ω")?.code == "Grek")
        // Kana is Japanese, as ISO 15924's Jpan has it.
        #expect(WritingScript.of("の") == .japanese)
        #expect(WritingScript.of("カ") == .japanese)
        // Shared characters belong to no script.
        for shared: Unicode.Scalar in ["7", "-", "。", "？", " ", "\u{0301}"] { #expect(WritingScript.of(shared) == nil) }
    }

    @Test func theProfileCountsWordsNotLetters() {
        // One eight-letter English word against four Chinese words: Han dominates.
        let mixed = ScriptProfile("-r, --recursive 递归地复制文件")
        #expect(mixed.words[.latin] == 2)
        #expect(mixed.dominant == .han)
        #expect(ScriptProfile("How do I copy a directory?").dominant == .latin)
        #expect(ScriptProfile("如何用 grep 递归搜索目录?").dominant == .han)
        #expect(ScriptProfile("Как скопировать каталог?").dominant == .cyrillic)
        #expect(ScriptProfile("123 456 !!").dominant == nil)
        #expect(ScriptProfile("").total == 0)
    }

    @Test func japaneseHanCountsAsJapanese() {
        let profile = ScriptProfile("ファイルの行数を数える方法")
        #expect(profile.dominant == .japanese)
        #expect(profile.words[.han] == nil)
        // Without kana, Han stays Han (Chinese).
        #expect(ScriptProfile("文件的行数").words[.japanese] == nil)
    }

    @Test func languagesMapToTheirScripts() {
        #expect(WritingScript.scripts(ofLanguage: "en") == [.latin])
        #expect(WritingScript.scripts(ofLanguage: "DE") == [.latin])
        #expect(WritingScript.scripts(ofLanguage: "zh") == [.han])
        #expect(WritingScript.scripts(ofLanguage: "zh-cn") == [.han])
        #expect(WritingScript.scripts(ofLanguage: "ja") == [.japanese, .han])
        #expect(WritingScript.scripts(ofLanguage: "ru") == [.cyrillic])
        #expect(WritingScript.scripts(ofLanguage: "multilingual") == nil)
        #expect(WritingScript.han.description == "Han")
    }
}
