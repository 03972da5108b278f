// ruminate-bench-embed: measures RuminateEmbed on a BEIR collection the way ../shared/peers/st_minilm_beir.py
// measures sentence-transformers (corpus = title + " " + text, 256 tokens; 50 single-query encodes), and checks
// parity against reference embeddings. Prints one JSON object. See bench/embed/README.md.
import Foundation
import RuminateEmbed

struct Options {
    var model: String?
    var corpus: String?
    var threads = 2
    var runs = 3
    var limit: Int?
    var reference: [String] = []
    var ndcg = true
    var tokenizeOnly = false
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    func value(_ flag: String) -> String {
        guard let next = arguments.popFirst() else { fail("\(flag) needs a value") }
        return next
    }
    while let argument = arguments.popFirst() {
        switch argument {
        case "--model": options.model = value(argument)
        case "--corpus": options.corpus = value(argument)
        case "--threads": options.threads = Int(value(argument)) ?? 2
        case "--runs": options.runs = max(1, Int(value(argument)) ?? 3)
        case "--limit": options.limit = Int(value(argument))
        case "--reference": options.reference.append(value(argument))
        case "--no-ndcg": options.ndcg = false
        case "--tokenize-only": options.tokenizeOnly = true
        case "-h", "--help":
            print(
                "usage: ruminate-bench-embed [--model DIR] [--corpus BEIR_DIR] [--threads N] [--runs N] [--limit N]"
                    + " [--reference reference.json]... [--no-ndcg] [--tokenize-only]")
            exit(0)
        default: fail("unknown argument \(argument)")
        }
    }
    return options
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ruminate-bench-embed: \(message)\n".utf8))
    exit(2)
}

func jsonLines(_ path: String) -> [[String: Any]] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
    return text.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func rounded(_ value: Double, _ digits: Double = 2) -> Double {
    let scale = pow(10, digits)
    return (value * scale).rounded() / scale
}

let options = parseOptions()
guard let modelDirectory = ModelLocator.find(explicit: options.model) else {
    fail("no model: run scripts/fetch-model or pass --model DIR")
}
var report: [String: Any] = [:]
let loadStart = DispatchTime.now().uptimeNanoseconds
let embedder: SentenceEmbedder
do {
    embedder = try SentenceEmbedder(modelDirectory: modelDirectory, threads: options.threads)
} catch {
    fail("\(error)")
}
report["system"] = "RuminateEmbed (Swift), \(options.threads) threads"
report["model"] = embedder.info.id
report["load_ms"] = rounded(Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6)

for path in options.reference {
    report["parity " + (path as NSString).lastPathComponent] = ReferenceCheck.run(path, embedder: embedder)
}

if let corpusFolder = options.corpus {
    CorpusBenchmark.run(folder: corpusFolder, options: options, embedder: embedder, report: &report)
}

let output = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
print(String(decoding: output, as: UTF8.self))
