import RuminateCore
import Testing

@testable import RuminateParse

/// gzip through zlib: real files from Fixtures/man, cut, corrupted, concatenated and inflated past limits.
@Suite struct GzipDecoderTests {
    /// A gzip member holding nothing (what `gzip < /dev/null` writes).
    static let emptyMember: [UInt8] = [
        0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
    ]

    let decoder = GzipDecoder(outputLimit: 64 << 20)

    /// ISIZE, the member's uncompressed length modulo 2^32, from its last four bytes.
    func declaredSize(_ member: [UInt8]) -> Int {
        member.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    @Test func aRealManPageInflatesToItsDeclaredSize() throws {
        let compressed = try Fixture.bytes("man/ls.1.gz")
        let output = try decoder.decompress(compressed, sourceName: "ls.1.gz")
        #expect(output.bytes.count == declaredSize(compressed))
        #expect(output.bytes.starts(with: Array(#".\" DO NOT MODIFY THIS FILE!"#.utf8)))
        #expect(output.warnings.isEmpty)
    }

    @Test func concatenatedMembersAreReadOneAfterAnother() throws {
        let first = try Fixture.bytes("man/ls.1.gz"), second = try Fixture.bytes("man/pod2man.1.gz")
        let separate =
            try decoder.decompress(first, sourceName: "a").bytes + decoder.decompress(second, sourceName: "b").bytes
        let joined = try decoder.decompress(first + Self.emptyMember + second, sourceName: "joined.gz")
        #expect(joined.bytes == separate)
        #expect(joined.warnings.isEmpty)
    }

    @Test func anEmptyMemberGivesNoBytes() throws {
        #expect(try decoder.decompress(Self.emptyMember, sourceName: "empty.gz").bytes.isEmpty)
    }

    @Test func zeroPaddingIsIgnoredAndOtherTrailingBytesAreReported() throws {
        let compressed = try Fixture.bytes("man/ls.1.gz")
        let padded = try decoder.decompress(compressed + [UInt8](repeating: 0, count: 512), sourceName: "padded.gz")
        #expect(padded.bytes.count == declaredSize(compressed))
        #expect(padded.warnings.isEmpty)
        let trailing = try decoder.decompress(compressed + Array("garbage".utf8), sourceName: "trailing.gz")
        #expect(trailing.bytes.count == declaredSize(compressed))
        #expect(trailing.warnings.count == 1)
        #expect(trailing.warnings.first?.contains("trailing.gz: 7 bytes of trailing data") == true)
    }

    @Test(arguments: [2, 8, 100, 1_000, 3_000])
    func truncatedStreamsAreRefusedClearly(keptBytes: Int) throws {
        let compressed = try Fixture.bytes("man/ls.1.gz")
        let error = try #require(throws: RuminateError.self) {
            try decoder.decompress(Array(compressed.prefix(keptBytes)), sourceName: "cut.1.gz")
        }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("cut.1.gz") && error.message.contains("truncated"), "\(error)")
    }

    @Test func aTruncatedSecondMemberIsRefused() throws {
        let compressed = try Fixture.bytes("man/ls.1.gz")
        let error = try #require(throws: RuminateError.self) {
            try decoder.decompress(compressed + compressed.dropLast(5), sourceName: "two.gz")
        }
        #expect(error.message.contains("truncated"))
    }

    @Test func corruptDataIsRefusedWithZlibsReason() throws {
        var compressed = try Fixture.bytes("man/ls.1.gz")
        // The CRC-32 in the trailer no longer matches.
        compressed[compressed.count - 6] ^= 0xFF
        let crc = try #require(throws: RuminateError.self) { try decoder.decompress(compressed, sourceName: "crc.gz") }
        #expect(crc.code == .malformedInput)
        #expect(crc.message.contains("corrupt gzip data") && crc.message.contains("incorrect data check"), "\(crc)")

        var badMethod = try Fixture.bytes("man/ls.1.gz")
        badMethod[2] = 0x07  // compression method other than deflate
        let method = try #require(throws: RuminateError.self) { try decoder.decompress(badMethod, sourceName: "m.gz") }
        #expect(method.code == .malformedInput)
    }

    @Test func bytesWithoutTheMagicAreNotGzip() throws {
        let error = try #require(throws: RuminateError.self) {
            try decoder.decompress(Array("plain text".utf8), sourceName: "plain.gz")
        }
        #expect(error.code == .malformedInput)
        #expect(error.message.contains("not a gzip stream"))
    }

    @Test func aGzipBombIsRefusedAtTheLimit() throws {
        let bomb = try Fixture.bytes("man/zeros-4MiB.gz")
        #expect(bomb.count < 8 << 10)
        let limited = GzipDecoder(outputLimit: 1 << 20)
        let error = try #require(throws: RuminateError.self) { try limited.decompress(bomb, sourceName: "bomb.gz") }
        #expect(error.code == .tooLarge)
        #expect(error.message.contains("bomb.gz") && error.message.contains("\(1 << 20) bytes"), "\(error)")
        // Inflating stops one byte past the limit: the bomb never gets to expand in memory.
        let run = try GzipDecoder.inflate(bomb, outputLimit: 1 << 20)
        #expect(run.ending == .limitReached)
        #expect(run.bytes.count == (1 << 20) + 1)
        // Under a generous limit the same file is fine.
        #expect(try decoder.decompress(bomb, sourceName: "bomb.gz").bytes == [UInt8](repeating: 0, count: 4 << 20))
    }

    @Test func theRegistryAppliesParseLimitsToTheInflatedSize() throws {
        let bomb = try Fixture.bytes("man/zeros-4MiB.gz")
        let registry = ParserRegistry(limits: ParseLimits(maxBytes: 1 << 20))
        for format in DocumentFormat.allCases {
            let error = try #require(throws: RuminateError.self) {
                try registry.parse(bomb, format: format, sourceName: "bomb.gz")
            }
            #expect(error.code == .tooLarge, "\(format)")
        }
    }

    @Test func theHeadOfACutFileStillInflatesForSniffing() throws {
        let compressed = try Fixture.bytes("man/ls.1.gz")
        let whole = try decoder.decompress(compressed, sourceName: "ls.1.gz").bytes
        let head = try #require(GzipDecoder.head(of: Array(compressed.prefix(600)), count: 4096))
        #expect(!head.isEmpty && head.count <= 4096)
        #expect(whole.starts(with: head))
        #expect(GzipDecoder.head(of: Array("not gzip".utf8), count: 100) == nil)
        #expect(
            GzipDecoder.head(of: [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x03, 0xFF, 0xFF], count: 100)
                == nil)
    }

    @Test func garbageAfterTheMagicNeverCrashes() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for length in [2, 3, 10, 18, 19, 20, 64, 4096] {
            let garbage: [UInt8] =
                [0x1F, 0x8B, 0x08]
                + (0..<length).map { _ in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return UInt8(truncatingIfNeeded: state >> 56)
                }
            do throws(RuminateError) {
                _ = try decoder.decompress(garbage, sourceName: "noise.gz")
            } catch {
                #expect(error.code == .malformedInput)
            }
            _ = FormatDetector.detect(path: "noise.gz", head: garbage)
        }
    }
}
