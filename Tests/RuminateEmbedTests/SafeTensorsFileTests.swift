import Foundation
import RuminateCore
import Testing

@testable import RuminateEmbed

@Suite("SafeTensorsFile")
struct SafeTensorsFileTests {
    /// A safetensors file: 8-byte little-endian header length, JSON header, raw bytes.
    static func write(header: String, payload: [UInt8], to url: URL) throws {
        var data = Data()
        let length = UInt64(header.utf8.count)
        for i in 0..<8 { data.append(UInt8(truncatingIfNeeded: length >> (8 * UInt64(i)))) }
        data.append(Data(header.utf8))
        data.append(contentsOf: payload)
        try data.write(to: url)
    }

    static func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    @Test("reads F32 tensors by name and shape from the mapped file")
    func readsTensors() throws {
        let folder = try EmbedTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("t.safetensors")
        let header =
            #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"#
            + #""b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}"#
        try Self.write(header: header, payload: Self.floatBytes([1, 2, 3, 4, 5, 6, -1.5, 0.25]), to: url)
        let file = try SafeTensorsFile(path: url.path)
        #expect(file.tensors.count == 2)
        #expect(try file.floatArray("a", shape: [2, 3]) == [1, 2, 3, 4, 5, 6])
        #expect(try file.floatArray("b", shape: [2]) == [-1.5, 0.25])
        #expect(throws: RuminateError.self) { try file.floats("a", shape: [3, 2]) }
        #expect(throws: RuminateError.self) { try file.floats("missing", shape: [1]) }
    }

    @Test(
        "rejects truncated, inconsistent and non-F32 files with clear errors",
        arguments: [
            ("short", ""),
            ("header length past the end", "HUGE"),
            ("not JSON", "not json at all"),
            ("offsets past the data", #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,400]}}"#),
            ("shape and size disagree", #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#),
        ])
    func malformed(_ name: String, _ header: String) throws {
        let folder = try EmbedTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bad.safetensors")
        switch header {
        case "": try Data([1, 2, 3]).write(to: url)
        case "HUGE": try Data([0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0x7B]).write(to: url)
        default: try Self.write(header: header, payload: Self.floatBytes([1, 2]), to: url)
        }
        do {
            _ = try SafeTensorsFile(path: url.path)
            Issue.record("\(name): accepted")
        } catch let error as RuminateError {
            #expect(error.code == .malformedInput, "\(name)")
        }
    }

    @Test("a half-precision tensor is refused by name")
    func unsupportedType() throws {
        let folder = try EmbedTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("f16.safetensors")
        try Self.write(
            header: #"{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, payload: [0, 60, 0, 60], to: url)
        let file = try SafeTensorsFile(path: url.path)
        do {
            _ = try file.floats("h", shape: [2])
            Issue.record("F16 accepted")
        } catch let error as RuminateError {
            #expect(error.code == .unsupportedFormat)
        }
    }

    @Test("a missing file is fileUnreadable")
    func missing() {
        do {
            _ = try SafeTensorsFile(path: "/nonexistent/model.safetensors")
            Issue.record("accepted")
        } catch let error as RuminateError {
            #expect(error.code == .fileUnreadable)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
