import Testing

@testable import RuminateVector

@Suite struct VectorKernelsTests {
    private func randomFloats(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.roughlyNormal() * scale }
    }

    @Test(arguments: [1, 7, 8, 31, 33, 100, 383, 384])
    func int8DotMatchesIntegerArithmetic(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        let row = (0..<count).map { _ in Int8(truncatingIfNeeded: Int(generator.next() % 255) - 127) }
        let query = (0..<count).map { _ in Int16(Int(generator.next() % 255) - 127) }
        let extreme = [Int8](repeating: -127, count: count)
        #expect(
            Int(VectorKernels.int8Dot(row, query, count: count))
                == zip(row, query).reduce(0) { $0 + Int($1.0) * Int($1.1) })
        #expect(
            Int(VectorKernels.int8Dot(extreme, [Int16](repeating: -127, count: count), count: count)) == 16_129 * count)
    }

    @Test(arguments: [1, 5, 8, 20, 32, 45, 383, 384])
    func floatDotMatchesDoublePrecision(count: Int) {
        let a = randomFloats(count, seed: 1_000 + UInt64(count))
        let b = randomFloats(count, seed: 2_000 + UInt64(count))
        let expected = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let magnitude = zip(a, b).reduce(0.0) { $0 + abs(Double($1.0) * Double($1.1)) }
        let actual = VectorKernels.floatDot(a, b, count: count)
        #expect(abs(Double(actual) - expected) <= magnitude * Double(count) * 1.2e-7)
    }

    @Test(arguments: [1, 7, 16, 19, 64, 383])
    func quantizeKeepsEveryValueWithinHalfAStepAndReportsItsError(count: Int) {
        let values = randomFloats(count, seed: 3_000 + UInt64(count), scale: 0.3)
        var codes = [Int8](repeating: 99, count: count)
        let row = VectorKernels.quantize(values, count: count, into: &codes)
        let maxAbs = values.map { abs($0) }.max()!
        #expect(abs(row.scale - maxAbs / 127) <= maxAbs * 1e-6)
        #expect(codes.contains(127) || codes.contains(-127))
        var residual: Double = 0
        var dequantized: Double = 0
        for (value, code) in zip(values, codes) {
            let restored = Float(code) * row.scale
            #expect(abs(value - restored) <= row.scale / 2 * 1.001)
            residual += Double(value - restored) * Double(value - restored)
            dequantized += Double(restored) * Double(restored)
        }
        #expect(abs(Double(row.residualNorm) - residual.squareRoot()) < 1e-5)
        #expect(abs(Double(row.dequantizedNorm) - dequantized.squareRoot()) < 1e-5)
        #expect(abs(Double(row.norm) - values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()) < 1e-5)
    }

    @Test func quantizeFlagsNonFiniteAndHandlesZeroAndSubnormalRows() {
        var codes = [Int8](repeating: 5, count: 9)
        #expect(!VectorKernels.quantize([1, 2, .nan, 4, 5, 6, 7, 8, 9], count: 9, into: &codes).norm.isFinite)
        #expect(!VectorKernels.quantize([1, 2, 3, 4, 5, 6, 7, 8, -.infinity], count: 9, into: &codes).norm.isFinite)
        #expect(!VectorKernels.quantize([Float](repeating: 1e30, count: 9), count: 9, into: &codes).norm.isFinite)

        let zero = VectorKernels.quantize([Float](repeating: 0, count: 9), count: 9, into: &codes)
        #expect(zero.scale == 0 && zero.norm == 0 && zero.residualNorm == 0)
        #expect(codes.allSatisfy { $0 == 0 })

        codes = [Int8](repeating: 5, count: 9)
        let tiny = VectorKernels.quantize([Float](repeating: 1e-41, count: 9), count: 9, into: &codes)
        #expect(codes.allSatisfy { $0 == 0 })
        #expect(tiny.residualNorm == tiny.norm && tiny.dequantizedNorm == 0)
    }
}
