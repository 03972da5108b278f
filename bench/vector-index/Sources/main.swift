// Measures what loading stored vectors costs a search, at scale: builds an index of N short passages
// (default 100,000), gives each a deterministic pseudo-random 384-d unit vector (the model's cost is
// measured by bench/embed, not here), then times the first vector query of a fresh searcher (which loads
// every vector segment from SQLite) and warm queries, as medians.
import Foundation
import RuminateCore
import RuminateIndex
import RuminateIngest
import RuminateRetrieve

struct SeededEmbedder: TextEmbedder {
    let modelID = "seeded-random-384/1"
    let dimension = 384

    func embed(_ texts: [String]) -> [[Float]] {
        texts.map { text in
            var state = UInt64(truncatingIfNeeded: text.hashValue) | 1
            var vector = (0..<dimension).map { _ -> Float in
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return Float(Int64(bitPattern: z ^ (z >> 31)) % 10_000) / 10_000
            }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in vector.indices { vector[i] /= norm }
            return vector
        }
    }
}

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "ruminate-bench-vector-index-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let corpus = folder.appendingPathComponent("corpus.jsonl")
var lines = ""
for i in 0..<count {
    lines += "{\"_id\": \"d\(i)\", \"title\": \"Doc \(i)\", \"text\": \"passage number \(i) about topic\(i % 97)\"}\n"
}
try lines.write(to: corpus, atomically: true, encoding: .utf8)

let index = try SQLiteIndex(path: folder.appendingPathComponent("index.sqlite").path)
let indexing = try milliseconds {
    _ = try IndexingRun(
        index: index, options: IngestOptions(crawl: .init(roots: [corpus.path])),
        progress: ProgressReporter(enabled: false)
    ).run()
}
var backfill = VectorBackfill(index: index, embedder: SeededEmbedder(), progress: ProgressReporter(enabled: false))
backfill.batchSize = 4096
let embedding = try milliseconds { _ = try backfill.run() }
try index.flush()
let segments = try index.read { try $0.vectorSegmentIDs().count }
let bytes = (try? FileManager.default.attributesOfItem(atPath: index.path)[.size] as? NSNumber)?.intValue ?? 0

var cold: [Double] = []
var warm: [Double] = []
for round in 0..<5 {
    let searcher = Searcher(index: index, embedder: SeededEmbedder())
    cold.append(try milliseconds { _ = try searcher.rankPassages("query \(round)", limit: 10, mode: .vector) })
    for q in 0..<50 {
        warm.append(try milliseconds { _ = try searcher.rankPassages("query \(round)-\(q)", limit: 10, mode: .vector) })
    }
}
print("passages \(count), vector segments \(segments), index file \(bytes / 1_000_000) MB")
print(String(format: "setup: lexical indexing %.1f s, storing vectors %.1f s", indexing / 1000, embedding / 1000))
print(String(format: "first vector query of a fresh searcher (loads every segment): median %.1f ms", median(cold)))
print(
    String(
        format:
            "warm vector query (segments cached; includes embedding the query with the stand-in model): median %.2f ms",
        median(warm)))
