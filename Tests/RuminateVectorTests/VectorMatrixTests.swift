import Foundation
import RuminateCore
import RuminateVector
import Testing

@Suite struct VectorMatrixTests {
    private let dimension = 48
    private var rows: [Float] { randomUnitRows(count: 1_200, dimension: dimension, seed: 201) }

    private func queries() -> [[Float]] {
        var generator = SeededGenerator(seed: 202)
        return (0..<6).map { _ in randomUnitVector(dimension: dimension, using: &generator) }
    }

    private func results(_ matrix: VectorMatrix) throws -> [[VectorMatch]] {
        let search = try ExactVectorSearch(matrix: matrix)
        return try queries().map { try search.topK(query: $0, k: 10) }
    }

    /// Owns a manually allocated buffer, standing in for an mmapped region or a C library's memory.
    private final class ForeignBuffer: @unchecked Sendable {
        let pointer: UnsafeMutableBufferPointer<Float>
        init(_ values: [Float]) {
            pointer = .allocate(capacity: values.count)
            _ = pointer.initialize(from: values)
        }
        deinit { pointer.deallocate() }
    }

    @Test func externalBufferGivesIdenticalResults() throws {
        let owned = try VectorMatrix(rows: rows, dimension: dimension)
        let foreign = ForeignBuffer(rows)
        let external = try VectorMatrix(
            unsafeRows: UnsafeBufferPointer(foreign.pointer), dimension: dimension, keepAlive: foreign)
        #expect(external.count == 1_200)
        #expect(try results(external) == results(owned))
        #expect(try external.vector(at: 17) == owned.vector(at: 17))
    }

    @Test func dataBackedMatrixGivesIdenticalResults() throws {
        let owned = try VectorMatrix(rows: rows, dimension: dimension)
        let data = rows.withUnsafeBufferPointer { Data(buffer: $0) }
        #expect(try results(VectorMatrix(data: data, dimension: dimension)) == results(owned))
        // A slice starting at an odd byte (misaligned for Float) is copied, not misread.
        let padded = Data([0xAB]) + data
        let slice = padded[padded.startIndex + 1..<padded.endIndex]
        #expect(try results(VectorMatrix(data: slice, dimension: dimension)) == results(owned))
    }

    @Test func mappedFileWithHeaderGivesIdenticalResults() throws {
        let owned = try VectorMatrix(rows: rows, dimension: dimension)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-vector-\(UUID()).f32")
        defer { try? FileManager.default.removeItem(at: url) }
        let header = Data(repeating: 0x5A, count: 64)
        try (header + rows.withUnsafeBufferPointer { Data(buffer: $0) }).write(to: url)

        let mapped = try VectorMatrix.mapping(fileAt: url, dimension: dimension, byteOffset: 64)
        #expect(mapped.count == 1_200)
        #expect(try results(mapped) == results(owned))
        let prefix = try VectorMatrix.mapping(fileAt: url, dimension: dimension, byteOffset: 64, count: 10)
        #expect(prefix.count == 10)
        #expect(try prefix.vector(at: 9) == owned.vector(at: 9))
    }

    @Test func mappingRejectsBadShapesAndMissingFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ruminate-vector-\(UUID()).f32")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(count: 4 * 10).write(to: url)
        func code(_ body: () throws -> VectorMatrix) -> RuminateError.Code? {
            do { _ = try body() } catch let error as RuminateError { return error.code } catch { return nil }
            return nil
        }
        #expect(code { try VectorMatrix.mapping(fileAt: url, dimension: 3) } == .malformedInput)
        #expect(code { try VectorMatrix.mapping(fileAt: url, dimension: 5, count: 3) } == .malformedInput)
        #expect(code { try VectorMatrix.mapping(fileAt: url, dimension: 5, byteOffset: 2) } == .invalidArgument)
        #expect(code { try VectorMatrix.mapping(fileAt: url, dimension: 0) } == .invalidArgument)
        #expect(try VectorMatrix.mapping(fileAt: url, dimension: 5).count == 2)
        let missing = url.appendingPathExtension("missing")
        #expect(code { try VectorMatrix.mapping(fileAt: missing, dimension: 5) } == .fileUnreadable)
    }

    @Test func badShapesThrowClearErrors() throws {
        #expect { try VectorMatrix(rows: [1, 2, 3], dimension: 2) } throws: { error in
            (error as? RuminateError)?.code == .malformedInput
        }
        #expect { try VectorMatrix(rows: [1, 2], dimension: 0) } throws: { error in
            (error as? RuminateError)?.code == .invalidArgument
        }
        #expect { try VectorMatrix(data: Data([1, 2, 3]), dimension: 1) } throws: { error in
            (error as? RuminateError)?.code == .malformedInput
        }
        let matrix = try VectorMatrix(rows: [1, 2, 3, 4], dimension: 2)
        #expect(try matrix.vector(at: 1) == [3, 4])
        #expect(throws: RuminateError.self) { try matrix.vector(at: 2) }
        #expect(throws: RuminateError.self) { try matrix.vector(at: -1) }
    }
}
