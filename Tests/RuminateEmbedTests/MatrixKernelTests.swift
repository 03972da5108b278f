import Foundation
import RuminateSystem
import Testing

@testable import RuminateEmbed

/// A seeded generator, so that test data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func floats(_ count: Int) -> [Float] { (0..<count).map { _ in Float.random(in: -1...1, using: &self) } }
}

@Suite("MatrixKernel")
struct MatrixKernelTests {
    /// `C = A · Wᵀ + bias` (optionally GELU) in Double, the plain way.
    static func reference(_ a: [Float], rows: Int, depth: Int, _ w: [Float], columns: Int, bias: [Float]?, gelu: Bool)
        -> [Float]
    {
        var c = [Float](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                var sum = Double(bias?[j] ?? 0)
                for k in 0..<depth { sum += Double(a[i * depth + k]) * Double(w[j * depth + k]) }
                c[i * columns + j] = Float(gelu ? 0.5 * sum * (1 + Foundation.erf(sum / 2.0.squareRoot())) : sum)
            }
        }
        return c
    }

    @Test(
        "matches a plain product for ragged shapes, with bias and GELU, on 1 and 2 threads",
        arguments: [
            (1, 7, 5), (5, 16, 16), (6, 32, 17), (13, 40, 33), (97, 24, 48), (200, 3, 70),
            // Few rows, many panels: the columns are split among threads (72 panels do not divide evenly).
            (2, 8, 1152), (15, 4, 1536),
        ])
    func ragged(shape: (rows: Int, depth: Int, columns: Int)) {
        var random = SplitMix64(state: UInt64(shape.rows * 1000 + shape.columns))
        let a = random.floats(shape.rows * shape.depth)
        let w = random.floats(shape.columns * shape.depth)
        let bias = random.floats(shape.columns)
        let packed = w.withUnsafeBytes { PackedMatrix(rowMajor: $0, columns: shape.columns, depth: shape.depth) }
        let aStorage = FloatStorage(a)
        let biasStorage = FloatStorage(bias)
        for (threads, gelu) in [(1, false), (2, true)] {
            // Pad C's rows to check that nothing is written past `columns`.
            let ldc = shape.columns + 3
            let c = FloatStorage([Float](repeating: 7, count: shape.rows * ldc))
            MatrixKernel.multiply(
                .init(
                    a: aStorage.pointer, lda: shape.depth, rows: shape.rows, b: packed.pointer,
                    layout: packed.layout, c: c.pointer, ldc: ldc, bias: biasStorage.pointer,
                    epilogue: gelu ? .gelu : .none),
                pool: WorkerPool(threads: threads))
            let expected = Self.reference(
                a, rows: shape.rows, depth: shape.depth, w, columns: shape.columns,
                bias: bias, gelu: gelu)
            var worst: Float = 0
            for i in 0..<shape.rows {
                for j in 0..<shape.columns {
                    worst = max(worst, abs(c.pointer[i * ldc + j] - expected[i * shape.columns + j]))
                }
                for j in shape.columns..<ldc { #expect(c.pointer[i * ldc + j] == 7) }
            }
            #expect(worst < 1e-4, "rows \(shape.rows) depth \(shape.depth) columns \(shape.columns) gelu \(gelu)")
        }
    }

    @Test("packing for attention: rows as columns and columns as columns")
    func attentionPacking() {
        var random = SplitMix64(state: 42)
        let (count, width, stride) = (19, 32, 40)
        let source = FloatStorage(random.floats(count * stride))
        // Scores = Q · Kᵀ with K packed by rows.
        let keys = FloatStorage(count: PanelLayout(depth: width, columns: count).floatCount)
        Packing.packRowsAsColumns(source.pointer, stride: stride, count: count, width: width, into: keys.pointer)
        let query = FloatStorage(random.floats(width))
        let scores = FloatStorage(count: 32)
        MatrixKernel.multiply(
            .init(
                a: query.pointer, lda: width, rows: 1, b: keys.pointer,
                layout: PanelLayout(depth: width, columns: count), c: scores.pointer, ldc: 32, bias: nil),
            rows: 0..<1, panels: 0..<2)
        for j in 0..<count {
            let dot = (0..<width).reduce(Float(0)) { $0 + query.pointer[$1] * source.pointer[j * stride + $1] }
            #expect(abs(scores.pointer[j] - dot) < 1e-4)
        }
        // Context = P · V with V packed by columns.
        let values = FloatStorage(count: PanelLayout(depth: count, columns: width).floatCount)
        Packing.packColumns(source.pointer, stride: stride, depth: count, width: width, into: values.pointer)
        let weights = FloatStorage(random.floats(count))
        let context = FloatStorage(count: width)
        MatrixKernel.multiply(
            .init(
                a: weights.pointer, lda: count, rows: 1, b: values.pointer,
                layout: PanelLayout(depth: count, columns: width), c: context.pointer, ldc: width, bias: nil),
            rows: 0..<1, panels: 0..<2)
        for d in 0..<width {
            let sum = (0..<count).reduce(Float(0)) { $0 + weights.pointer[$1] * source.pointer[$1 * stride + d] }
            #expect(abs(context.pointer[d] - sum) < 1e-4)
        }
    }
}
