import RuminateSystem

/// `C = A · Bᵀ (+ bias) (→ GELU)` with B in `PanelLayout`, computed 6 rows × 16 columns at a time in twelve
/// SIMD8 accumulators (fused multiply-add; needs `-target-cpu haswell` or newer to be fast).
enum MatrixKernel {
    static let rowsPerTile = 6
    /// Rows of A kept hot in cache while every panel of a task passes over them.
    static let rowsPerChunk = 96

    enum Epilogue {
        case none
        case gelu
    }

    struct Operands {
        var a: UnsafePointer<Float>
        var lda: Int
        var rows: Int
        var b: UnsafePointer<Float>
        var layout: PanelLayout
        var c: UnsafeMutablePointer<Float>
        var ldc: Int
        var bias: UnsafePointer<Float>?
        var epilogue: Epilogue = .none
    }

    /// Computes the whole product on `pool`, split into row chunks × groups of panels.
    static func multiply(_ operands: Operands, pool: WorkerPool) {
        let rowChunks = (operands.rows + rowsPerChunk - 1) / rowsPerChunk
        let panels = operands.layout.panelCount
        // Enough tasks that threads finish together; with few rows (a single query) that means splitting the
        // columns too. A group keeps at least two panels so that each tile's rows are reused.
        let wantedTasks = pool.threads == 1 ? 1 : pool.threads * 8
        let wantedGroups =
            rowChunks >= wantedTasks
            ? 1 : max(1, min(panels / 2, (wantedTasks + rowChunks - 1) / rowChunks))
        let panelsPerGroup = max(1, (panels + wantedGroups - 1) / wantedGroups)
        let panelGroups = (panels + panelsPerGroup - 1) / panelsPerGroup  // no empty trailing group
        let shared = SharedOperands(operands)
        let rowCount = operands.rows
        pool.run(tasks: rowChunks * panelGroups) { task in
            let chunk = task / panelGroups
            let group = task % panelGroups
            let rowStart = chunk * rowsPerChunk
            let panelStart = group * panelsPerGroup
            multiply(
                shared.operands, rows: rowStart..<min(rowCount, rowStart + rowsPerChunk),
                panels: panelStart..<min(panels, panelStart + panelsPerGroup))
        }
    }

    /// Computes one block of C on the calling thread.
    static func multiply(_ o: Operands, rows: Range<Int>, panels: Range<Int>) {
        let width = PanelLayout.width
        let depth = o.layout.depth
        for panel in panels {
            let panelBase = o.b + panel * depth * width
            let firstColumn = panel * width
            let columns = min(width, o.layout.columns - firstColumn)
            var row = rows.lowerBound
            while row < rows.upperBound {
                let count = min(rowsPerTile, rows.upperBound - row)
                tile(
                    depth: depth, a: o.a + row * o.lda, lda: o.lda, rowCount: count, panel: panelBase,
                    c: o.c + row * o.ldc + firstColumn, ldc: o.ldc, columnCount: columns,
                    bias: o.bias.map { $0 + firstColumn }, epilogue: o.epilogue)
                row += count
            }
        }
    }

    /// One 6 × 16 tile over the whole depth. Rows past `rowCount` repeat the last row and are not stored.
    @inline(__always)
    private static func tile(
        depth: Int, a: UnsafePointer<Float>, lda: Int, rowCount: Int, panel: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, columnCount: Int, bias: UnsafePointer<Float>?, epilogue: Epilogue
    ) {
        let a0 = a
        let a1 = a + lda * min(1, rowCount - 1)
        let a2 = a + lda * min(2, rowCount - 1)
        let a3 = a + lda * min(3, rowCount - 1)
        let a4 = a + lda * min(4, rowCount - 1)
        let a5 = a + lda * min(5, rowCount - 1)
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>()
        var c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>()
        var c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var b = UnsafeRawPointer(panel)
        for k in 0..<depth {
            let b0 = b.loadUnaligned(as: SIMD8<Float>.self)
            let b1 = b.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            b += 64
            var x = SIMD8<Float>(repeating: a0[k])
            c00 = c00.addingProduct(x, b0)
            c01 = c01.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a1[k])
            c10 = c10.addingProduct(x, b0)
            c11 = c11.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a2[k])
            c20 = c20.addingProduct(x, b0)
            c21 = c21.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a3[k])
            c30 = c30.addingProduct(x, b0)
            c31 = c31.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a4[k])
            c40 = c40.addingProduct(x, b0)
            c41 = c41.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: a5[k])
            c50 = c50.addingProduct(x, b0)
            c51 = c51.addingProduct(x, b1)
        }
        var bias0 = SIMD8<Float>(), bias1 = SIMD8<Float>()
        if let bias {
            if columnCount == PanelLayout.width {
                bias0 = UnsafeRawPointer(bias).loadUnaligned(as: SIMD8<Float>.self)
                bias1 = UnsafeRawPointer(bias).loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            } else {
                for lane in 0..<columnCount {
                    if lane < 8 { bias0[lane] = bias[lane] } else { bias1[lane - 8] = bias[lane] }
                }
            }
        }
        store(c00, c01, bias0, bias1, to: c, columnCount: columnCount, epilogue: epilogue)
        if rowCount > 1 { store(c10, c11, bias0, bias1, to: c + ldc, columnCount: columnCount, epilogue: epilogue) }
        if rowCount > 2 { store(c20, c21, bias0, bias1, to: c + 2 * ldc, columnCount: columnCount, epilogue: epilogue) }
        if rowCount > 3 { store(c30, c31, bias0, bias1, to: c + 3 * ldc, columnCount: columnCount, epilogue: epilogue) }
        if rowCount > 4 { store(c40, c41, bias0, bias1, to: c + 4 * ldc, columnCount: columnCount, epilogue: epilogue) }
        if rowCount > 5 { store(c50, c51, bias0, bias1, to: c + 5 * ldc, columnCount: columnCount, epilogue: epilogue) }
    }

    @inline(__always)
    private static func store(
        _ low: SIMD8<Float>, _ high: SIMD8<Float>, _ bias0: SIMD8<Float>, _ bias1: SIMD8<Float>,
        to c: UnsafeMutablePointer<Float>, columnCount: Int, epilogue: Epilogue
    ) {
        var low = low + bias0
        var high = high + bias1
        if case .gelu = epilogue {
            low = VectorMath.gelu(low)
            high = VectorMath.gelu(high)
        }
        if columnCount == PanelLayout.width {
            UnsafeMutableRawPointer(c).storeBytes(of: low, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(c).storeBytes(of: high, toByteOffset: 32, as: SIMD8<Float>.self)
        } else {
            for lane in 0..<columnCount { c[lane] = lane < 8 ? low[lane] : high[lane - 8] }
        }
    }
}

/// `MatrixKernel.Operands` holds raw pointers; each task writes a disjoint block of C.
private struct SharedOperands: @unchecked Sendable {
    let operands: MatrixKernel.Operands
    init(_ operands: MatrixKernel.Operands) { self.operands = operands }
}
