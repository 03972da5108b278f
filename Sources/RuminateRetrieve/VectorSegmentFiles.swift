import Foundation
import RuminateCore
import RuminateIndex
import RuminateSystem
import RuminateVector

/// A derived, disposable copy of each vector segment next to the index (`IndexFiles.vectorCache`), mapped into
/// memory by searches: reading a segment's BLOBs out of SQLite copies every byte (about 300 ms for 100,000
/// passages), while mapping the files costs nothing until the scan touches the pages. The index stays the
/// source of truth: files are written from it on first use (to a temporary name, then renamed), checked
/// against it on every load (sizes, and the quantised copy's fingerprint of the rows), and rebuilt or
/// ignored when anything is off; deleting the folder is always safe. Beside an index open read-only, valid files
/// are mapped and nothing is written or removed (`writable` false).
struct VectorSegmentFiles {
    let folder: URL
    let generation: String
    let writable: Bool

    init(folder: String, createdAt: String, writable: Bool) {
        self.folder = URL(fileURLWithPath: folder, isDirectory: true)
        generation = createdAt.replacingOccurrences(of: ".", with: "_")
        self.writable = writable
    }

    private func url(_ segmentID: Int64, _ suffix: String) -> URL {
        folder.appendingPathComponent("\(generation)-\(segmentID).\(suffix)")
    }

    /// The mapped rows and quantised copy of a segment, when valid files exist.
    func load(segmentID: Int64, rows: Int, dimension: Int) -> (VectorMatrix, QuantizedVectors)? {
        let rowsURL = url(segmentID, "f32"), quantizedURL = url(segmentID, "rvq8")
        guard FileManager.default.fileExists(atPath: rowsURL.path),
            FileManager.default.fileExists(atPath: quantizedURL.path)
        else { return nil }
        do {
            let matrix = try VectorMatrix.mapping(fileAt: rowsURL, dimension: dimension)
            guard matrix.count == rows, let data = Self.map(quantizedURL) else { return nil }
            let quantized = try QuantizedVectors(serialized: data)
            guard quantized.matches(matrix) else { return nil }
            return (matrix, quantized)
        } catch {
            return nil
        }
    }

    /// Writes a segment's files; failures (read-only folder, full disk) only cost the speed-up.
    func store(segmentID: Int64, vectors: Data, quantized: Data) {
        guard writable else { return }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (data, suffix) in [(vectors, "f32"), (quantized, "rvq8")] {
                let final = url(segmentID, suffix)
                let temporary = folder.appendingPathComponent(".\(UUID().uuidString).tmp")
                try data.write(to: temporary)
                _ = try? FileManager.default.removeItem(at: final)
                try FileManager.default.moveItem(at: temporary, to: final)
            }
        } catch {
            return
        }
    }

    /// Removes files of segments that no longer exist (merged away) or of an older index at this path.
    func prune(keeping live: [Int64]) {
        guard writable, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let keep = Set(live.flatMap { ["\(generation)-\($0).f32", "\(generation)-\($0).rvq8"] })
        for name in names where !keep.contains(name) && !name.hasPrefix(".") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// Maps a file read-only as `Data` without copying it; unmapped when the data is released.
    private static func map(_ url: URL) -> Data? {
        guard let file = try? MappedFile(path: url.path), let base = file.bytes.baseAddress else { return nil }
        return Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: file.bytes.count,
            deallocator: .custom { _, _ in withExtendedLifetime(file) {} })
    }
}
