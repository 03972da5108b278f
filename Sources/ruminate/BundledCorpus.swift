import Foundation
import RuminateCore
import RuminateIndex
import RuminateIngest

/// The first `ruminate search` through the repository's scripts indexes the bundled `corpora/` collection into the
/// repository's default index: the scripts name both (RUMINATE_INDEX and RUMINATE_BOOTSTRAP_CORPUS), so the binary
/// itself never looks for a checkout.
enum BundledCorpus {
    static let environmentVariable = "RUMINATE_BOOTSTRAP_CORPUS"

    /// The collection a missing default index is built from, when the environment names one.
    static var folder: String? {
        ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func bootstrap(indexPath: String, corpus corpora: String, embedder: (any TextEmbedder)?) throws
        -> SQLiteIndex
    {
        FileHandle.standardError.write(
            Data(
                "ruminate: no index yet; indexing the bundled corpus \(corpora) into \(indexPath) (first use only)\n"
                    .utf8))
        let index = try SQLiteIndex(path: indexPath, create: true)
        let options = IngestOptions(
            crawl: .init(roots: [corpora], exclude: ["README.md", "PROVENANCE.md", "COPYING", "zh-manpages/*.txt"]))
        let report = try IndexingRun(index: index, options: options, embedder: embedder).run()
        FileHandle.standardError.write(Data("ruminate: \(report.summary)\n".utf8))
        if let vectors = report.vectors {
            FileHandle.standardError.write(
                Data("ruminate: embedded \(vectors.embedded) passages with \(vectors.model)\n".utf8))
        }
        try index.flush()
        return index
    }
}
