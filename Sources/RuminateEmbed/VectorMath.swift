/// SIMD8 elementwise functions and row operations of the transformer (no libm calls in the hot loops).
enum VectorMath {
    /// e^x to about 1 ulp (Cephes' expf: range reduction by ln 2, degree-5 polynomial, exponent by bit
    /// arithmetic). Inputs below -87.3 give exactly 0, as masked attention scores need.
    @inline(__always)
    static func exp(_ input: SIMD8<Float>) -> SIMD8<Float> {
        let x = clamp(input, -87.3, 88.3)
        // Adding 1.5·2²³ rounds to the nearest integer n and leaves n in the low mantissa bits.
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let t = x * SIMD8(repeating: 1.442_695_04) + magic  // x · log₂e
        let n = t - magic
        var r = x.addingProduct(n, SIMD8(repeating: -0.693_359_375))
        r = r.addingProduct(n, SIMD8(repeating: 2.121_944_4e-4))
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = SIMD8(repeating: 1.398_199_95e-3).addingProduct(p, r)
        p = SIMD8(repeating: 8.333_451_9e-3).addingProduct(p, r)
        p = SIMD8(repeating: 4.166_579_6e-2).addingProduct(p, r)
        p = SIMD8(repeating: 1.666_666_55e-1).addingProduct(p, r)
        p = SIMD8(repeating: 5.000_000_1e-1).addingProduct(p, r)
        let r2 = r * r
        let y = (r + 1).addingProduct(p, r2)
        let bits = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127
        let scale = unsafeBitCast(bits &<< 23, to: SIMD8<Float>.self)
        var result = y * scale
        result.replace(with: 0, where: input .< -87.3)
        return result
    }

    /// erf(x) to a few ulp: the odd/even rational approximation on [-4, 4] used by Eigen and TensorFlow
    /// (erf is ±1 in float precision beyond).
    @inline(__always)
    static func erf(_ input: SIMD8<Float>) -> SIMD8<Float> {
        let x = clamp(input, -4, 4)
        let x2 = x * x
        var p = SIMD8<Float>(repeating: -2.726_142_25e-10)
        p = SIMD8(repeating: 2.770_681_42e-08).addingProduct(p, x2)
        p = SIMD8(repeating: -2.101_024_02e-06).addingProduct(p, x2)
        p = SIMD8(repeating: -5.692_506_39e-05).addingProduct(p, x2)
        p = SIMD8(repeating: -7.349_906_30e-04).addingProduct(p, x2)
        p = SIMD8(repeating: -2.954_599_80e-03).addingProduct(p, x2)
        p = SIMD8(repeating: -1.609_603_33e-02).addingProduct(p, x2)
        p *= x
        var q = SIMD8<Float>(repeating: -1.456_607_18e-05)
        q = SIMD8(repeating: -2.133_740_55e-04).addingProduct(q, x2)
        q = SIMD8(repeating: -1.682_826_97e-03).addingProduct(q, x2)
        q = SIMD8(repeating: -7.373_329_17e-03).addingProduct(q, x2)
        q = SIMD8(repeating: -1.426_473_90e-02).addingProduct(q, x2)
        return p / q
    }

    /// Exact GELU, x·Φ(x) = ½x(1 + erf(x/√2)), as BERT's `hidden_act: "gelu"`.
    @inline(__always)
    static func gelu(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let half = x * 0.5
        return half.addingProduct(half, erf(x * 0.707_106_77))
    }

    /// Clamps lanes to `[low, high]` (the standard library's `clamped`/`pointwiseMin` are not specialised and
    /// compile to calls).
    @inline(__always)
    static func clamp(_ x: SIMD8<Float>, _ low: Float, _ high: Float) -> SIMD8<Float> {
        var y = x
        y.replace(with: low, where: x .< low)
        y.replace(with: high, where: x .> high)
        return y
    }

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
    }

    /// `output = LayerNorm(input + residual) · gamma + beta` over one row of `width` floats (a multiple of 8).
    /// `output` may be `residual` or `input`.
    static func addLayerNorm(
        _ input: UnsafePointer<Float>, residual: UnsafePointer<Float>?, width: Int, gamma: UnsafePointer<Float>,
        beta: UnsafePointer<Float>, epsilon: Float, output: UnsafeMutablePointer<Float>
    ) {
        var sum = SIMD8<Float>()
        var i = 0
        while i < width {
            var v = load(input + i)
            if let residual { v += load(residual + i) }
            store(v, output + i)
            sum += v
            i += 8
        }
        let mean = sum.sum() / Float(width)
        var squares = SIMD8<Float>()
        i = 0
        while i < width {
            let d = load(output + i) - mean
            squares = squares.addingProduct(d, d)
            i += 8
        }
        let inverse = 1 / (squares.sum() / Float(width) + epsilon).squareRoot()
        i = 0
        while i < width {
            let normalized = (load(output + i) - mean) * inverse
            store(load(beta + i).addingProduct(normalized, load(gamma + i)), output + i)
            i += 8
        }
    }

    /// Softmax of `row[0..<count] × scale` in place; `row` has room for `count` rounded up to 8, and the
    /// lanes past `count` are set to 0.
    static func scaledSoftmax(_ row: UnsafeMutablePointer<Float>, count: Int, scale: Float) {
        let padded = (count + 7) & ~7
        for j in count..<padded { row[j] = -.infinity }
        var maximum = SIMD8<Float>(repeating: -.infinity)
        var j = 0
        while j < padded {
            let v = load(row + j)
            maximum.replace(with: v, where: v .> maximum)
            j += 8
        }
        let shift = SIMD8<Float>(repeating: maximum.max() * scale)
        var total = SIMD8<Float>()
        j = 0
        while j < padded {
            let e = exp((load(row + j) * scale) - shift)
            store(e, row + j)
            total += e
            j += 8
        }
        let inverse = SIMD8<Float>(repeating: 1 / total.sum())
        j = 0
        while j < padded {
            store(load(row + j) * inverse, row + j)
            j += 8
        }
    }
}
