/// The right-hand operand of `C = A · Bᵀ` laid out for `MatrixKernel`: B's rows (the output columns of C)
/// are grouped in panels of 16; a panel stores, for each step along the shared dimension, its 16 values
/// contiguously, so the kernel reads two SIMD8 vectors per step. Rows past `columns` are zero.
struct PanelLayout {
    static let width = 16
    /// The shared (inner) dimension.
    let depth: Int
    /// Columns of the product (rows of B).
    let columns: Int
    var panelCount: Int { (columns + PanelLayout.width - 1) / PanelLayout.width }
    var floatCount: Int { panelCount * depth * PanelLayout.width }
}

/// A weight matrix packed once at load time (a Linear layer's `[out, in]` weights, possibly several stacked).
struct PackedMatrix: Sendable {
    let layout: PanelLayout
    let storage: FloatStorage

    /// Packs a row-major `[columns, depth]` matrix (PyTorch's `[out, in]`) read from possibly unaligned bytes.
    init(rowMajor source: UnsafeRawBufferPointer, columns: Int, depth: Int) {
        layout = PanelLayout(depth: depth, columns: columns)
        storage = FloatStorage(count: layout.floatCount)
        let destination = storage.pointer
        for column in 0..<columns {
            let panel = column / PanelLayout.width
            let lane = column % PanelLayout.width
            let panelBase = destination + panel * depth * PanelLayout.width + lane
            for k in 0..<depth {
                panelBase[k * PanelLayout.width] = source.loadUnaligned(
                    fromByteOffset: (column * depth + k) * MemoryLayout<Float>.stride, as: Float.self)
            }
        }
    }

    var pointer: UnsafePointer<Float> { UnsafePointer(storage.pointer) }
}

enum Packing {
    /// Packs `count` rows of `width` floats (row stride `stride`) as the B operand of `A · Bᵀ`: the rows become
    /// output columns (attention scores against keys). `destination` holds `PanelLayout(depth: width,
    /// columns: count).floatCount` floats.
    static func packRowsAsColumns(
        _ source: UnsafePointer<Float>, stride: Int, count: Int, width: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        let layout = PanelLayout(depth: width, columns: count)
        for panel in 0..<layout.panelCount {
            let panelBase = destination + panel * width * PanelLayout.width
            for lane in 0..<PanelLayout.width {
                let row = panel * PanelLayout.width + lane
                if row < count {
                    let rowBase = source + row * stride
                    for k in 0..<width { panelBase[k * PanelLayout.width + lane] = rowBase[k] }
                } else {
                    for k in 0..<width { panelBase[k * PanelLayout.width + lane] = 0 }
                }
            }
        }
    }

    /// Packs a row-major `[depth, width]` block (row stride `stride`) as the B operand of `A · B`: its columns
    /// become output columns (attention-weighted values). `destination` holds `PanelLayout(depth: depth,
    /// columns: width).floatCount` floats.
    static func packColumns(
        _ source: UnsafePointer<Float>, stride: Int, depth: Int, width: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        let layout = PanelLayout(depth: depth, columns: width)
        for panel in 0..<layout.panelCount {
            let first = panel * PanelLayout.width
            let lanes = min(PanelLayout.width, width - first)
            let panelBase = destination + panel * depth * PanelLayout.width
            for k in 0..<depth {
                let out = panelBase + k * PanelLayout.width
                let row = source + k * stride + first
                for lane in 0..<lanes { out[lane] = row[lane] }
                for lane in lanes..<PanelLayout.width { out[lane] = 0 }
            }
        }
    }
}
