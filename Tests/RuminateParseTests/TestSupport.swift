import Foundation
import RuminateCore
import Testing

@testable import RuminateParse

/// Fixture files copied into the test bundle (`Tests/RuminateParseTests/Fixtures`).
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil), "fixture \(name)")
        return [UInt8](try Data(contentsOf: url))
    }

    static func parse(_ name: String, as format: DocumentFormat, limits: ParseLimits = .init()) throws -> ParseResult {
        try ParserRegistry(limits: limits).parse(try bytes(name), format: format, sourceName: name)
    }
}

extension ExtractedDocument {
    /// Each block's text, in order.
    var blockTexts: [String] { blocks.map { text.slice($0.span) } }

    /// (kind, text) pairs, for exact structural expectations.
    var outline: [Outline] { blocks.map { Outline($0.kind, text.slice($0.span)) } }
}

struct Outline: Equatable, CustomStringConvertible {
    var kind: TextBlock.Kind
    var text: String
    init(_ kind: TextBlock.Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
    var description: String { "\(kind): \(text)" }
}

/// The span invariants every parser promises: spans increase and never overlap, lie inside the text,
/// are non-empty and cover exactly the block text (no surrounding whitespace). When `assembled`, the
/// text is exactly the blocks joined by "\n\n" and non-code blocks hold no newlines or double spaces.
func expectBlockInvariants(
    _ document: ExtractedDocument, assembled: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
) {
    let scalarCount = document.text.unicodeScalars.count
    var previousEnd = 0
    for block in document.blocks {
        #expect(
            block.span.start >= previousEnd, "span \(block.span) overlaps the previous block",
            sourceLocation: sourceLocation)
        #expect(block.span.end <= scalarCount, "span \(block.span) past the text", sourceLocation: sourceLocation)
        #expect(!block.span.isEmpty, "empty block", sourceLocation: sourceLocation)
        let slice = document.text.slice(block.span)
        let edgesAreText =
            slice.unicodeScalars.first.map { !$0.properties.isWhitespace } == true
            && slice.unicodeScalars.last.map { !$0.properties.isWhitespace } == true
        #expect(
            edgesAreText, "block \(block.span) has whitespace at its edges: \(slice.debugDescription)",
            sourceLocation: sourceLocation)
        if assembled, block.kind != .code {
            #expect(
                !slice.contains("\n") && !slice.contains("  "), "uncollapsed block: \(slice.debugDescription)",
                sourceLocation: sourceLocation)
        }
        previousEnd = block.span.end
    }
    if assembled {
        #expect(document.blockTexts.joined(separator: "\n\n") == document.text, sourceLocation: sourceLocation)
    }
}
