import RuminateCore
import Testing

@testable import RuminateParse

@Suite struct FormatDetectorTests {
    @Test(arguments: [
        ("notes.txt", DocumentFormat.text), ("a/b/READ.TEXT", .text), ("README.md", .markdown),
        ("doc.Markdown", .markdown), ("page.htm", .html), ("page.HTML", .html), ("page.xhtml", .html),
        ("feed.xml", .xml), ("corpus.jsonl", .jsonl), ("dump.ndjson", .jsonl),
    ])
    func extensionsDecide(path: String, format: DocumentFormat) {
        #expect(FormatDetector.detect(path: path, head: Array("plain words".utf8)) == format)
    }

    @Test func extensionWinsOverContent() {
        #expect(FormatDetector.detect(path: "x.txt", head: Array("<!DOCTYPE html><html>".utf8)) == .text)
    }

    @Test(arguments: [
        ("<!DOCTYPE html>\n<html>", DocumentFormat?.some(.html)),
        ("\u{FEFF}  \n<HTML lang=en>", .html),
        ("<?xml version=\"1.0\"?>\n<rss>", .xml),
        ("<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\">", .html),
        ("{\"_id\": \"1\", \"text\": \"x\"}\n{\"_id\": \"2\"}", .jsonl),
        ("{\"title\": \"x\", \"_id\" : 7, \"text\": \"very long line cut by the he", .jsonl),
        ("{\"id\": \"1\"}", nil),
        ("{\"text\": \"mentions \\\"_id\\\" only as text\"}", nil),
        ("Just some prose.", nil),
    ])
    func unknownExtensionsAreSniffed(head: String, format: DocumentFormat?) {
        #expect(FormatDetector.detect(path: "download", head: Array(head.utf8)) == format)
    }

    @Test func binaryIsNil() {
        #expect(
            FormatDetector.detect(
                path: "photo.txt", head: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]) == nil)
        #expect(FormatDetector.detect(path: "blob", head: [0x3C, 0x68, 0x74, 0x6D, 0x6C, 0xFF, 0xFE, 0x80]) == nil)
    }

    @Test func utf16WithBOMIsNotBinary() {
        let head: [UInt8] = [0xFF, 0xFE] + "hi".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(FormatDetector.detect(path: "wide.txt", head: head) == .text)
        #expect(FormatDetector.detect(path: "wide", head: head) == nil)
    }

    @Test func latin1WithAKnownExtensionIsKept() {
        let head = Array("<html><p>caf".utf8) + [0xE9] + Array(" noir".utf8)
        #expect(FormatDetector.detect(path: "old.html", head: head) == .html)
        #expect(FormatDetector.detect(path: "old", head: head) == nil)
    }

    @Test func aMultibyteCharacterCutAtTheEndOfTheHeadIsStillUTF8() {
        let head = Array("<!doctype html><p>深".utf8).dropLast()
        #expect(FormatDetector.detect(path: "cut", head: Array(head)) == .html)
    }
}
