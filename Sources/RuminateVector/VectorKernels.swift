/// The inner loops. They are written so that the compiler vectorises them. Build flags for this module:
/// `-target-cpu haswell` (AVX2 + FMA; without it they run several times slower) and
/// `-Xllvm -force-vector-width=16` (see `int8Dot`).
enum VectorKernels {
    /// Int8 row × query codes → Int32 dot product. A plain loop that LLVM turns into widening multiply-adds
    /// (vpmaddwd); hand-written SIMD widening measured slower. LLVM's cost model picks 8 lanes, which puts
    /// vpmaddwd on 128-bit registers; `-force-vector-width=16` makes it use 256-bit ones: 1.8× faster from cache,
    /// 1.4× from DRAM (100,000 × 384: 2.0 → 1.45 ms on one core). The query codes are int8 values widened to Int16
    /// once per query, which measured 13% faster than widening them again for every row.
    /// 127 × 127 × d cannot overflow Int32 for d < 133,000.
    @inline(__always)
    static func int8Dot(_ row: UnsafePointer<Int8>, _ query: UnsafePointer<Int16>, count: Int) -> Int32 {
        var sum: Int32 = 0
        for index in 0..<count {
            sum &+= Int32(truncatingIfNeeded: row[index]) &* Int32(truncatingIfNeeded: query[index])
        }
        return sum
    }

    /// Float32 dot product with four 8-lane accumulators. Every exact score, in search and in brute force,
    /// comes from this one function, so equal vectors give bit-identical scores and ties are real ties.
    @inline(__always)
    static func floatDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        let laneBytes = 8 * MemoryLayout<Float>.stride
        var sum0 = SIMD8<Float>(), sum1 = SIMD8<Float>(), sum2 = SIMD8<Float>(), sum3 = SIMD8<Float>()
        var index = 0
        while index + 32 <= count {
            let offset = index * MemoryLayout<Float>.stride
            sum0.addProduct(
                rawA.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self),
                rawB.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self))
            sum1.addProduct(
                rawA.loadUnaligned(fromByteOffset: offset + laneBytes, as: SIMD8<Float>.self),
                rawB.loadUnaligned(fromByteOffset: offset + laneBytes, as: SIMD8<Float>.self))
            sum2.addProduct(
                rawA.loadUnaligned(fromByteOffset: offset + 2 * laneBytes, as: SIMD8<Float>.self),
                rawB.loadUnaligned(fromByteOffset: offset + 2 * laneBytes, as: SIMD8<Float>.self))
            sum3.addProduct(
                rawA.loadUnaligned(fromByteOffset: offset + 3 * laneBytes, as: SIMD8<Float>.self),
                rawB.loadUnaligned(fromByteOffset: offset + 3 * laneBytes, as: SIMD8<Float>.self))
            index += 32
        }
        while index + 8 <= count {
            let offset = index * MemoryLayout<Float>.stride
            sum0.addProduct(
                rawA.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self),
                rawB.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self))
            index += 8
        }
        var total = ((sum0 + sum1) + (sum2 + sum3)).sum()
        while index < count {
            total = total.addingProduct(a[index], b[index])
            index += 1
        }
        return total
    }

    /// 1.5 · 2²³: floats this large have no fractional bits, so adding it rounds to an integer.
    static let roundingShift: Float = 12_582_912

    /// What quantising one vector produced, besides its codes.
    struct QuantizedRow {
        /// code × scale approximates each value.
        var scale: Float
        /// ‖x − scale·codes‖: bounds how far an int8 score can be from the float32 one.
        var residualNorm: Float
        /// ‖scale·codes‖.
        var dequantizedNorm: Float
        /// ‖x‖; not finite when the row holds NaN, ±∞ or values too large to square.
        var norm: Float
    }

    /// Symmetric per-vector int8 quantisation: scale = max|x| / 127, code = round(x / scale).
    /// Two sweeps over one row (which stays in L1), 8 lanes at a time, so the whole matrix is read once.
    /// (SIMD16 here compiled to scalar code 60× slower; SIMD8 maps to one AVX2 register.)
    @inline(__always)
    static func quantize(_ values: UnsafePointer<Float>, count: Int, into codes: UnsafeMutablePointer<Int8>)
        -> QuantizedRow
    {
        typealias Lanes = SIMD8<Float>
        let raw = UnsafeRawPointer(values)
        let laneCount = Lanes.scalarCount
        let vectorEnd = count - count % laneCount
        var highest = Lanes(repeating: 0), lowest = Lanes(repeating: 0), squareSums = Lanes(repeating: 0)
        for start in stride(from: 0, to: vectorEnd, by: laneCount) {
            let lanes = raw.loadUnaligned(fromByteOffset: start * 4, as: Lanes.self)
            highest = highest.replacing(with: lanes, where: lanes .> highest)
            lowest = lowest.replacing(with: lanes, where: lanes .< lowest)
            squareSums.addProduct(lanes, lanes)
        }
        var maxAbs = Swift.max(highest.max(), -lowest.min())
        var squares = squareSums.sum()
        for index in vectorEnd..<count {
            maxAbs = Swift.max(maxAbs, abs(values[index]))
            squares = squares.addingProduct(values[index], values[index])
        }
        // NaN or ±∞ anywhere makes the sum of squares NaN or ∞.
        guard squares.isFinite, maxAbs.isFinite else {
            return QuantizedRow(scale: 0, residualNorm: .nan, dequantizedNorm: .nan, norm: .nan)
        }
        let scale = maxAbs / 127
        let inverse = 127 / maxAbs
        guard maxAbs > 0, inverse.isFinite else {
            // Zero, or so tiny (subnormal) that 127 / max overflows: all-zero codes, and the whole row is error.
            codes.update(repeating: 0, count: count)
            let norm = squares.squareRoot()
            return QuantizedRow(scale: 0, residualNorm: norm, dequantizedNorm: 0, norm: norm)
        }
        let output = UnsafeMutableRawPointer(codes)
        var residualSums = Lanes(repeating: 0), dequantizedSums = Lanes(repeating: 0)
        for start in stride(from: 0, to: vectorEnd, by: laneCount) {
            let lanes = raw.loadUnaligned(fromByteOffset: start * 4, as: Lanes.self)
            // |x · inverse| ≤ 127 · (1 + 2ε) < 127.5, so every code rounds into -127...127 without a clamp
            // (SIMD `clamped` also compiled to slow scalar code).
            let scaled = lanes * inverse
            // Adding 1.5 · 2²³ rounds to the nearest integer (ties to even) and leaves it, in two's complement,
            // in the low mantissa bits: a vectorisable float → int8 conversion (the generic SIMD one is not).
            let shifted = scaled + Lanes(repeating: roundingShift)
            let rounded = shifted - Lanes(repeating: roundingShift)
            output.storeBytes(
                of: SIMD8<Int8>(truncatingIfNeeded: unsafeBitCast(shifted, to: SIMD8<UInt32>.self)),
                toByteOffset: start, as: SIMD8<Int8>.self)
            let dequantized = rounded * scale
            let residual = lanes - dequantized
            residualSums.addProduct(residual, residual)
            dequantizedSums.addProduct(dequantized, dequantized)
        }
        var residualSquares = residualSums.sum()
        var dequantizedSquares = dequantizedSums.sum()
        for index in vectorEnd..<count {
            let rounded = Swift.min(127, Swift.max(-127, (values[index] * inverse).rounded(.toNearestOrEven)))
            codes[index] = Int8(rounded)
            let dequantized = rounded * scale
            let residual = values[index] - dequantized
            residualSquares = residualSquares.addingProduct(residual, residual)
            dequantizedSquares = dequantizedSquares.addingProduct(dequantized, dequantized)
        }
        return QuantizedRow(
            scale: scale, residualNorm: residualSquares.squareRoot(),
            dequantizedNorm: dequantizedSquares.squareRoot(), norm: squares.squareRoot())
    }
}
