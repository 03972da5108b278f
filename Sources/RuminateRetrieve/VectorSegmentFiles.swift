import Foundation
import RuminateCore
import RuminateIndex
import RuminateSystem
import RuminateVector

/// A derived, disposable copy of each vector segment next to the index (`IndexFiles.vectorCache`), mapped into
/// memory by searches: reading a segment's BLOBs out of SQLite copies every byte (about 300 ms for 100,000
/// passages), while mapping the files costs nothing until the scan touches the pages. The index stays the
/// source of truth: files are written from it on first use (to a temporary name, then renamed) and named by the
/// segment's `VectorSegmentHeader.cacheName` (the index's random id, the segment's id, a random stamp drawn when the
/// segment was written), so a file left by another index or by a discarded history of this one (an older copy put
/// back and re-indexed) never matches. On every load the files are checked against the index (row count, the
/// stored quantised copy's header) and against each other (the quantised copy's fingerprint of the rows), and
/// rebuilt or ignored when anything is off; deleting the folder is always safe. Beside an index open read-only,
/// valid files are mapped and nothing is written or removed (`writable` false).
struct VectorSegmentFiles {
    let folder: URL
    let writable: Bool

    init(folder: String, writable: Bool = true) {
        self.folder = URL(fileURLWithPath: folder, isDirectory: true)
        self.writable = writable
    }

    private func url(_ name: String, _ suffix: String) -> URL {
        folder.appendingPathComponent("\(name).\(suffix)")
    }

    /// The mapped rows and quantised copy of a segment, when valid files exist.
    func load(_ header: VectorSegmentHeader) -> (VectorMatrix, QuantizedVectors)? {
        guard let name = header.cacheName else { return nil }
        let rowsURL = url(name, "f32"), quantizedURL = url(name, "rvq8")
        guard FileManager.default.fileExists(atPath: rowsURL.path),
            FileManager.default.fileExists(atPath: quantizedURL.path)
        else { return nil }
        do {
            let matrix = try VectorMatrix.mapping(fileAt: rowsURL, dimension: header.dimension)
            guard matrix.count == header.passageIDs.count, let data = Self.map(quantizedURL),
                data.prefix(header.quantizedPrefix.count) == header.quantizedPrefix
            else { return nil }
            let quantized = try QuantizedVectors(serialized: data)
            guard quantized.matches(matrix) else { return nil }
            return (matrix, quantized)
        } catch {
            return nil
        }
    }

    /// Writes a segment's files; failures (read-only folder, full disk) only cost the speed-up.
    func store(_ segment: StoredVectorSegment, name: String?) {
        guard writable, let name else { return }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (data, suffix) in [(segment.vectors, "f32"), (segment.quantized, "rvq8")] {
                let final = url(name, suffix)
                let temporary = folder.appendingPathComponent(".\(UUID().uuidString).tmp")
                try data.write(to: temporary)
                _ = try? FileManager.default.removeItem(at: final)
                try FileManager.default.moveItem(at: temporary, to: final)
            }
        } catch {
            return
        }
    }

    /// Removes files of segments that no longer exist (merged away), of an older index at this path or of a
    /// discarded history of this one.
    func prune(keeping live: [VectorSegmentHeader]) {
        guard writable, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let keep = Set(live.compactMap(\.cacheName).flatMap { ["\($0).f32", "\($0).rvq8"] })
        for name in names where !keep.contains(name) && !name.hasPrefix(".") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// What `status --check` reports: files named for a live segment of the index whose bytes are not that
    /// segment's (searches would ignore and rewrite them, but a cache that disagrees with its index means something
    /// wrote there that should not have).
    func disagreements(with index: any IndexStore) throws -> [String] {
        var problems: [String] = []
        try index.read { session in
            for id in try session.vectorSegmentIDs() {
                guard let header = try session.vectorSegmentHeader(id: id), let name = header.cacheName,
                    FileManager.default.fileExists(atPath: url(name, "f32").path)
                        || FileManager.default.fileExists(atPath: url(name, "rvq8").path),
                    let stored = try session.vectorSegment(id: id)
                else { continue }
                for (data, suffix) in [(stored.vectors, "f32"), (stored.quantized, "rvq8")] {
                    let file = url(name, suffix)
                    guard FileManager.default.fileExists(atPath: file.path) else { continue }
                    if (try? Data(contentsOf: file, options: .alwaysMapped)) != data {
                        problems.append(
                            "the vector cache file \(file.path) disagrees with vector segment \(id) of the index "
                                + "(searches rebuild it; deleting \(folder.path) is always safe)")
                    }
                }
            }
        }
        return problems
    }

    /// Maps a file read-only as `Data` without copying it; unmapped when the data is released.
    private static func map(_ url: URL) -> Data? {
        guard let file = try? MappedFile(path: url.path), let base = file.bytes.baseAddress else { return nil }
        return Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: file.bytes.count,
            deallocator: .custom { _, _ in withExtendedLifetime(file) {} })
    }
}

extension IndexStore {
    /// `status --check`'s look at the vector cache: files named for a live segment whose bytes are not that
    /// segment's. Files of no live segment are leftovers that searches ignore and remove, not problems.
    public func vectorCacheProblems() throws -> [String] {
        try VectorSegmentFiles(folder: files.vectorCache).disagreements(with: self)
    }
}
