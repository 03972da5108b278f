import Foundation
import Testing

@testable import RuminateEmbed

@Suite("VectorMath")
struct VectorMathTests {
    /// Applies a SIMD8 function lane by lane over `inputs` and returns the worst relative error against `exact`.
    static func worstError(
        _ inputs: [Float], _ simd: (SIMD8<Float>) -> SIMD8<Float>, _ exact: (Double) -> Double,
        floor: Double
    ) -> Double {
        var worst = 0.0
        var i = 0
        while i < inputs.count {
            var lanes = SIMD8<Float>()
            for lane in 0..<8 { lanes[lane] = inputs[min(i + lane, inputs.count - 1)] }
            let out = simd(lanes)
            for lane in 0..<8 where i + lane < inputs.count {
                let truth = exact(Double(lanes[lane]))
                worst = max(worst, abs(Double(out[lane]) - truth) / max(abs(truth), floor))
            }
            i += 8
        }
        return worst
    }

    static let grid: [Float] = stride(from: -12.0, through: 12.0, by: 0.0137).map { Float($0) }

    @Test("exp is accurate to a few ulp and exactly 0 far below")
    func exponential() {
        let inputs = stride(from: -87.0, through: 88.0, by: 0.0371).map { Float($0) }
        #expect(Self.worstError(inputs, VectorMath.exp, Foundation.exp, floor: 1e-30) < 5e-7)
        let far = VectorMath.exp(SIMD8(repeating: -1000))
        #expect(far == SIMD8(repeating: 0))
        #expect(VectorMath.exp(SIMD8(repeating: -.infinity)) == SIMD8(repeating: 0))
        #expect(VectorMath.exp(SIMD8(repeating: 0)) == SIMD8(repeating: 1))
    }

    @Test("erf and exact GELU agree with libm")
    func errorFunctionAndGELU() {
        #expect(Self.worstError(Self.grid, VectorMath.erf, Foundation.erf, floor: 1e-3) < 1e-6)
        let gelu = { (x: Double) in 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot())) }
        // Absolute error: for x ≪ 0, 1 + erf(x/√2) cancels in float, in PyTorch's formula too.
        #expect(Self.worstError(Self.grid, VectorMath.gelu, gelu, floor: 1) < 2e-6)
    }

    @Test("scaled softmax sums to 1, zeroes the padding and orders like its input")
    func softmax() {
        var row: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0, 0]
        row.withUnsafeMutableBufferPointer { VectorMath.scaledSoftmax($0.baseAddress!, count: 11, scale: 0.5) }
        let expected = (1...11).map { Foundation.exp(0.5 * Double($0)) }
        let total = expected.reduce(0, +)
        for j in 0..<11 { #expect(abs(Double(row[j]) - expected[j] / total) < 1e-6) }
        for j in 11..<16 { #expect(row[j] == 0) }
    }

    @Test("layer norm of input + residual")
    func layerNorm() {
        var random = SplitMix64(state: 9)
        let width = 24
        let input = random.floats(width), residual = random.floats(width)
        let gamma = random.floats(width), beta = random.floats(width)
        var output = [Float](repeating: 0, count: width)
        output.withUnsafeMutableBufferPointer { out in
            VectorMath.addLayerNorm(
                input, residual: residual, width: width, gamma: gamma, beta: beta,
                epsilon: 1e-12, output: out.baseAddress!)
        }
        let sum = zip(input, residual).map { Double($0) + Double($1) }
        let mean = sum.reduce(0, +) / Double(width)
        let variance = sum.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)
        for i in 0..<width {
            let expected = (sum[i] - mean) / (variance + 1e-12).squareRoot() * Double(gamma[i]) + Double(beta[i])
            #expect(abs(Double(output[i]) - expected) < 1e-5)
        }
    }
}
