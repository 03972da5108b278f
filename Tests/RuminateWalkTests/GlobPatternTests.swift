import Testing

@testable import RuminateWalk

@Suite struct GlobPatternTests {
    @Test func patternWithoutSlashMatchesTheNameAtAnyDepth() {
        let html = GlobPattern("*.html")
        #expect(html.matches("index.html"))
        #expect(html.matches("site/a/b/page.html"))
        #expect(!html.matches("site/page.htm"))
        #expect(!html.matches("page.html.bak"))
        // The name, not a folder on the way, must match.
        #expect(!html.matches("x.html/readme.txt"))
    }

    @Test func globstarCrossesZeroOrMoreFolders() {
        let markdown = GlobPattern("**/*.md")
        #expect(markdown.matches("a.md"))
        #expect(markdown.matches("docs/a.md"))
        #expect(markdown.matches("docs/x/y/a.md"))
        #expect(!markdown.matches("docs/a.txt"))

        let docs = GlobPattern("docs/**")
        #expect(docs.matches("docs"))
        #expect(docs.matches("docs/a.md"))
        #expect(docs.matches("docs/x/y/z.md"))
        #expect(!docs.matches("other/docs/a.md"))
        #expect(!docs.matches("docsx/a.md"))

        let middle = GlobPattern("a/**/b.txt")
        #expect(middle.matches("a/b.txt"))
        #expect(middle.matches("a/x/y/b.txt"))
        #expect(!middle.matches("a/x/y/c.txt"))
        #expect(!middle.matches("z/a/b.txt"))
    }

    @Test func singleStarStaysWithinOneFolder() {
        let pattern = GlobPattern("src/*.swift")
        #expect(pattern.matches("src/main.swift"))
        #expect(!pattern.matches("src/sub/main.swift"))
        #expect(!pattern.matches("main.swift"))
        #expect(GlobPattern("a*b*c").matches("aXXbYYbZZc"))
        #expect(!GlobPattern("a*b*c").matches("aXXbYYbZZ"))
    }

    @Test func questionMarkAndBracketSets() {
        #expect(GlobPattern("file?.txt").matches("file1.txt"))
        #expect(!GlobPattern("file?.txt").matches("file12.txt"))
        #expect(GlobPattern("[abc].md").matches("b.md"))
        #expect(!GlobPattern("[abc].md").matches("d.md"))
        #expect(GlobPattern("v[0-9].txt").matches("v7.txt"))
        #expect(!GlobPattern("v[0-9].txt").matches("vx.txt"))
        #expect(GlobPattern("[!a]*").matches("beta"))
        #expect(!GlobPattern("[!a]*").matches("alpha"))
        #expect(GlobPattern("[^a]*").matches("beta"))
        // An unclosed bracket is a literal character.
        #expect(GlobPattern("[draft").matches("[draft"))
        #expect(GlobPattern(#"\*.txt"#).matches("*.txt"))
        #expect(!GlobPattern(#"\*.txt"#).matches("a.txt"))
    }

    @Test func anchoringAndTrailingSlash() {
        let anchored = GlobPattern("/build")
        #expect(anchored.matches("build"))
        #expect(!anchored.matches("sub/build"))
        let folder = GlobPattern("node_modules/")
        #expect(folder.matches("node_modules"))
        #expect(folder.matches("web/node_modules"))
        #expect(GlobPattern("./docs/*.md").matches("docs/a.md"))
    }

    @Test func unicodeNamesMatchByScalar() {
        #expect(GlobPattern("研究?.md").matches("notes/研究1.md"))
        #expect(GlobPattern("café*").matches("café-au-lait.txt"))
        #expect(!GlobPattern("Readme.md").matches("README.md"))
    }
}
