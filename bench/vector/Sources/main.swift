import Dispatch
import Foundation
import RuminateVector

// Benchmark of ExactVectorSearch on seeded data. Usage:
//   ruminate-bench-vector --dir DIR [--kind random|embedding-like] [--count N] [--dimension D] [--queries Q]
//                         [--seed S] [--k K]
// Writes DIR/<kind>.vectors.f32, DIR/<kind>.queries.f32 (raw little-endian float32, which numpy_bench.py
// reads too), DIR/<kind>.exact.i32 (the exact top-k rows per query) and DIR/<kind>.swift.json (the figures).

struct Options {
    var directory = URL(fileURLWithPath: NSTemporaryDirectory())
    var kind = "random"
    var count = 100_000
    var dimension = 384
    var queries = 1_000
    var seed: UInt64 = 20_240_611
    var k = 10

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { fatalError("\(flag) needs a value") }
            switch flag {
            case "--dir": directory = URL(fileURLWithPath: value)
            case "--kind": kind = value
            case "--count": count = Int(value)!
            case "--dimension": dimension = Int(value)!
            case "--queries": queries = Int(value)!
            case "--seed": seed = UInt64(value)!
            case "--k": k = Int(value)!
            default: fatalError("unknown flag \(flag)")
            }
        }
    }
}

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[Swift.min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
}

func format(_ value: Double) -> String { String(format: "%.3f", value) }

let options = Options(arguments: CommandLine.arguments)
let dimension = options.dimension
let prefix = options.directory.appendingPathComponent(options.kind)
let vectorsURL = URL(fileURLWithPath: prefix.path + ".vectors.f32")
let queriesURL = URL(fileURLWithPath: prefix.path + ".queries.f32")

// 1. Data, written to disk so numpy reads exactly the same floats.
var generator = SplitMix64(seed: options.seed)
var queryValues: [Float] = []
let generationMs = try milliseconds {
    let rows: [Float]
    switch options.kind {
    case "random":
        rows = BenchData.randomUnitVectors(count: options.count, dimension: dimension, generator: &generator)
        queryValues = BenchData.randomUnitVectors(count: options.queries, dimension: dimension, generator: &generator)
    case "embedding-like":
        rows = BenchData.embeddingLikeVectors(count: options.count, dimension: dimension, generator: &generator)
        queryValues = BenchData.queriesNear(
            rows, count: options.queries, dimension: dimension, noise: 0.6, generator: &generator)
    default:
        fatalError("--kind must be random or embedding-like")
    }
    try BenchData.write(rows, to: vectorsURL)
    try BenchData.write(queryValues, to: queriesURL)
}
let queries = (0..<options.queries).map { Array(queryValues[($0 * dimension)..<(($0 + 1) * dimension)]) }
print(
    "[\(options.kind)] \(options.count) × \(dimension) float32, \(options.queries) queries, k = \(options.k), "
        + "seed \(options.seed) (generated and written in \(Int(generationMs)) ms)")

// 2. The matrix reads the mmapped file in place (the external-buffer path); touch every page once first.
let matrix = try VectorMatrix.mapping(fileAt: vectorsURL, dimension: dimension)
_ = try QuantizedVectors.build(from: matrix)

// 3. Building the int8 copy (what opening an index costs without a stored copy), and reloading a stored one.
var quantized = try QuantizedVectors.build(from: matrix)
let buildTimes = try (0..<5).map { _ in try milliseconds { quantized = try QuantizedVectors.build(from: matrix) } }
    .sorted()
let buildSingleThread = try (0..<3).map { _ in
    try milliseconds { _ = try QuantizedVectors.build(from: matrix, threadCount: 1) }
}.sorted()
// A stored copy arrives as a BLOB: `Data` (read in place) or `[UInt8]` (copied once into `Data`).
let storedData = quantized.serialized.withUnsafeBytes { Data($0) }
let storedBytes = [UInt8](storedData)
var search = try ExactVectorSearch(matrix: matrix, quantized: quantized)
let reloadDataMs = try milliseconds {
    search = try ExactVectorSearch(matrix: matrix, quantized: QuantizedVectors(serialized: storedData))
}
let reloadBytesMs = try milliseconds {
    search = try ExactVectorSearch(matrix: matrix, quantized: QuantizedVectors(serialized: storedBytes))
}
print(
    "int8 copy: build \(format(buildTimes[2])) ms median on \(ExactVectorSearch.defaultThreadCount) threads "
        + "(\(format(buildSingleThread[1])) ms on 1), \(storedData.count / 1_000_000) MB stored; "
        + "load stored copy + check fingerprint: \(format(reloadDataMs)) ms from Data, "
        + "\(format(reloadBytesMs)) ms from [UInt8]")

// 4. Timed searches, each query on its own so the figures are per-query latencies.
func timeQueries(_ search: ExactVectorSearch) throws -> (
    times: [Double], results: [[VectorMatch]], secondPasses: Int, rescored: Int
) {
    for query in queries.prefix(20) { _ = try search.topK(query: query, k: options.k) }
    var times: [Double] = []
    var results: [[VectorMatch]] = []
    var secondPasses = 0
    var rescored = 0
    for query in queries {
        var outcome: VectorSearchOutcome?
        times.append(try milliseconds { outcome = try search.search(query: query, k: options.k) })
        results.append(outcome!.matches)
        secondPasses += outcome!.usedSecondPass ? 1 : 0
        rescored += outcome!.rescoredRows
    }
    return (times.sorted(), results, secondPasses, rescored)
}

let twoThreads = try timeQueries(search)
var oneThreadSearch = search
oneThreadSearch.threadCount = 1
let oneThread = try timeQueries(oneThreadSearch)

// 5. The reference: float32 brute force over every row.
var exact: [[VectorMatch]] = []
var bruteTimes: [Double] = []
for query in queries {
    var matches: [VectorMatch] = []
    bruteTimes.append(try milliseconds { matches = try search.bruteForceTopK(query: query, k: options.k) })
    exact.append(matches)
}
bruteTimes.sort()
var recallHits = 0
var identical = 0
for (ours, reference) in zip(twoThreads.results, exact) {
    recallHits += Set(ours.map(\.row)).intersection(reference.map(\.row)).count
    identical += ours == reference ? 1 : 0
}
let mismatchesOneThread = zip(oneThread.results, exact).filter { $0.0 != $0.1 }.count
let recall = Double(recallHits) / Double(exact.map(\.count).reduce(0, +))

func latencies(_ times: [Double]) -> String {
    "median \(format(percentile(times, 0.5))) ms, p90 \(format(percentile(times, 0.9))) ms, "
        + "p10 \(format(percentile(times, 0.1))) ms"
}
print(
    "ours, 2 threads: \(latencies(twoThreads.times)); second pass in \(twoThreads.secondPasses) of "
        + "\(queries.count) queries, \(twoThreads.rescored / queries.count) rows rescored per query on average")
print("ours, 1 thread:  \(latencies(oneThread.times))")
print("float32 brute force (same kernel, 2 threads): median \(format(percentile(bruteTimes, 0.5))) ms")
print(
    "recall@\(options.k) vs exact float32: \(String(format: "%.4f", recall)); identical rows+scores+order: "
        + "\(identical)/\(queries.count) (1 thread: \(queries.count - mismatchesOneThread)/\(queries.count))")

// 6. Hand-off to numpy_bench.py.
var exactRows = exact.flatMap { $0.map { Int32($0.row) } }
try exactRows.withUnsafeMutableBufferPointer {
    try Data(buffer: $0).write(to: URL(fileURLWithPath: prefix.path + ".exact.i32"))
}
let summary: [String: Any] = [
    "kind": options.kind, "count": options.count, "dimension": dimension, "queries": options.queries,
    "k": options.k, "vectors": vectorsURL.path, "query_file": queriesURL.path,
    "exact_rows": prefix.path + ".exact.i32",
    "median_ms": percentile(twoThreads.times, 0.5), "p90_ms": percentile(twoThreads.times, 0.9),
    "median_ms_1_thread": percentile(oneThread.times, 0.5), "p10_ms": percentile(twoThreads.times, 0.1),
    "build_ms": buildTimes[2], "recall": recall,
]
try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
    .write(to: URL(fileURLWithPath: prefix.path + ".swift.json"))
