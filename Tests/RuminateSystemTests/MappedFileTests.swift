import Foundation
import RuminateSystem
import Testing

@Suite("MappedFile")
struct MappedFileTests {
    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-mapped-\(UUID().uuidString)")
            .path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("maps a file's bytes, which stay readable after the file is removed")
    func mapsTheBytes() throws {
        let bytes: [UInt8] = Array(0..<200).map { UInt8($0) }
        let path = try Self.temporaryFile(bytes)
        let file = try MappedFile(path: path)
        try FileManager.default.removeItem(atPath: path)
        #expect(Array(file.bytes) == bytes)
    }

    @Test("an empty file maps to no bytes")
    func emptyFile() throws {
        let path = try Self.temporaryFile([])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try MappedFile(path: path).bytes.isEmpty)
    }

    @Test("a missing file fails at open with its errno")
    func missingFile() {
        #expect {
            try MappedFile(path: "/nonexistent/ruminate-mapped")
        } throws: { error in
            guard let failure = error as? MappedFile.Failure else { return false }
            return failure.step == .open && failure.number == ENOENT && failure.reason.contains("No such file")
        }
    }
}
