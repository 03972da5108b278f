import ArgumentParser
import Foundation
import RuminateCompose
import RuminateCore
import RuminateEval
import RuminateIndex
import RuminateIngest
import RuminateRetrieve
import RuminateService

struct EvalAnswersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval-answers",
        abstract:
            "Measure cited answers: on a fact set (fact rate, gold page cited, abstention, length, latency) or on SciFact.",
        discussion: """
            With a fact set (FACTS.tsv or .jsonl: a header naming question and fact_regex, optionally id and gold_file;
            an empty fact_regex marks a question that should be abstained on), asks every question over --index as
            `ask` would and reports how many answers quote the fact (the regex, case-insensitive, over the quoted
            text), cite the gold page, abstain, their words, and warm latency. Words are counted as the index's
            analyser cuts text (ICU word segments holding a letter, digit or ideograph), one definition for every
            language: "如何查看文件的行数" is six words (如何 查看 文件 的 行 数), "PRAGMA journal_mode=WAL" three.
            With a SciFact folder, asks every claim of original/claims_<split>.jsonl that has evidence (the claim is the question) and checks
            the quoted sentences against the gold rationale sentences (a hit = same gold document, spans overlapping by
            at least half of the shorter one). Also asks held-out off-topic questions, which should be abstained on.
            --calibrate instead chooses the abstention threshold on the train claims and the calibration off-topic
            questions, and prints it. Indexes corpus.jsonl first when needed (default index: indexes/beir-<name>.sqlite
            in the repository, else next to the default index, as `ruminate eval`).
            """)

    @OptionGroup var indexOptions: IndexOptions

    @Argument(
        help:
            "A fact set (.tsv or .jsonl), or a SciFact folder: BEIR files (corpus.jsonl, queries.jsonl, qrels/test.tsv) plus original/."
    )
    var collection: String

    @Flag(name: .customLong("per-question"), help: "With a fact set: include each question's result.")
    var perQuestion = false

    @Option(
        name: .customLong("reader-features"),
        help: ArgumentHelp(
            "Instead of evaluating, write the reader's labelled feature rows (JSON lines) to this file for scripts/fit-reader.",
            visibility: .hidden))
    var readerFeatures: String?

    @Option(
        name: .customLong("reader-weights"),
        help: ArgumentHelp(
            "Evaluate with the reader weights `scripts/fit-reader --json` wrote to this file instead of the built-in ones.",
            visibility: .hidden))
    var readerWeights: String?

    @Option(help: "Which claims to ask: dev (reported figures) or train (for tuning).")
    var split = "dev"

    @Flag(help: "Choose the abstention threshold (train claims vs calibration off-topic questions) and print it.")
    var calibrate = false

    @Option(
        name: .customLong("evidence-features"),
        help: ArgumentHelp(
            "Instead of evaluating, write one labelled evidence row per question (JSON lines) to this file for scripts/fit-evidence: train claims and calibration off-topic questions, or a fact set's questions.",
            visibility: .hidden))
    var evidenceFeatures: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(name: .customLong("per-claim"), help: "Include each claim's result.")
    var perClaim = false

    @Option(name: [.customShort("n"), .long], help: "Sentences per answer.")
    var sentences: Int = ComposeOptions().sentences

    @Option(help: "Retrieved passages per question.")
    var passages: Int = ComposeOptions().passages

    @Option(help: "MMR novelty weight (0...1).")
    var novelty: Double = ComposeOptions().novelty

    @Option(name: .customLong("sentence-k1"), help: ArgumentHelp("BM25 k1 for sentences.", visibility: .hidden))
    var sentenceK1: Double = ComposeOptions().k1

    @Option(name: .customLong("sentence-b"), help: ArgumentHelp("BM25 b for sentences.", visibility: .hidden))
    var sentenceB: Double = ComposeOptions().b

    @Option(
        name: .customLong("embedded-candidates"),
        help: ArgumentHelp("Candidates the reader embeds per answer.", visibility: .hidden))
    var embeddedCandidates: Int = ComposeOptions().embeddedCandidates

    @Option(
        name: .customLong("word-budget"), help: ArgumentHelp("Words an answer may quote.", visibility: .hidden))
    var wordBudget: Int = ComposeOptions().wordBudget

    @Option(
        name: .customLong("abstain-below"),
        help:
            "Lexical abstention threshold (passage coverage) to evaluate instead of the calibrated one; questions judged by the evidence model keep its threshold."
    )
    var abstainBelow: Double?

    @Option(help: "Worker threads.")
    var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    @OptionGroup var embedding: EmbeddingOptions

    @Option(
        help:
            "Retrieval for the evidence: lexical, vector or hybrid (default: what `ask` uses, hybrid when the model is present)."
    )
    var mode: SearchMode?

    @Flag(
        inversion: .prefixedNo,
        help:
            "Rerank the evidence passages with the learned reranker (default: as `ask`, on for Latin-script questions)."
    )
    var rerank: Bool?

    /// A file argument is a fact set; a folder is a SciFact collection.
    var isFactSet: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: collection, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    func validate() throws {
        if isFactSet, calibrate || split != "dev" || perClaim {
            throw ValidationError("--calibrate, --split and --per-claim apply to a SciFact folder, not a fact set")
        }
        guard ["dev", "train"].contains(split) else { throw ValidationError("--split must be dev or train") }
        try validating {
            try AskRequest.sentencesBound.check(sentences, spelling: "-n")
            try AskRequest.passagesBound.check(passages, spelling: "--passages")
        }
        guard (0...1).contains(novelty) else {
            throw ValidationError("--novelty must be between 0 and 1")
        }
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            if isFactSet { return try runFactSet() }
            let beir = try BEIRCollection(root: collection, split: "test")
            let original = beir.root + "/original"
            let index = try SQLiteIndex(
                path: indexOptions.evaluationIndexPath(collectionFolder: beir.root), create: true)
            let embedder = mode == .lexical ? nil : embedding.loadEmbedder(quietWhenMissing: mode == nil)
            let mode = self.mode ?? (embedder == nil ? .lexical : .hybrid)
            let report = try RetrievalEvaluation.ensureIndexed(
                beir, index: index, progress: ProgressReporter(), embedder: embedder)
            if report.documentsAdded > 0 {
                try index.flush()
                Output.diagnostic("indexed \(beir.corpusPath): \(report.summary)")
            }
            let evaluation = AnswerEvaluation(
                index: index, options: try composeOptions, workers: workers,
                makeRetriever: Self.retrievers(embedder: embedder, mode: mode, rerank: rerank))
            if let readerFeatures {
                let claims = try SciFactClaims.load(original + "/claims_\(split).jsonl")
                let abstracts = try SciFactClaims.abstracts(
                    original + "/corpus.jsonl", ids: Set(claims.flatMap(\.rationales.keys)))
                return try Self.write(
                    try evaluation.readerRows(claims: claims, abstracts: abstracts), to: readerFeatures)
            }
            if let evidenceFeatures {
                let claims = try SciFactClaims.load(original + "/claims_train.jsonl")
                let rows =
                    try evaluation.evidenceRows(claims.map { ($0.text, true) }, source: "scifact-train")
                    + evaluation.evidenceRows(
                        OffTopicQuestions.calibration.map { ($0, false) }, source: "off-topic-calibration")
                return try Self.writeEvidence(rows, to: evidenceFeatures)
            }
            if calibrate {
                let claims = try SciFactClaims.load(original + "/claims_train.jsonl")
                let points = try evaluation.calibrate(answerable: claims, unanswerable: OffTopicQuestions.calibration)
                try printCalibration(points, claims: claims.count)
                return
            }
            let claims = try SciFactClaims.load(original + "/claims_\(split).jsonl")
            let abstracts = try SciFactClaims.abstracts(
                original + "/corpus.jsonl", ids: Set(claims.flatMap(\.rationales.keys)))
            let summary = try evaluation.run(
                claims: claims, abstracts: abstracts, offTopic: OffTopicQuestions.evaluation, keepPerClaim: perClaim)
            if json {
                try Output.json(summary)
                return
            }
            var out =
                "collection             \(beir.root) (\(split) claims with evidence: \(summary.claims); off-topic questions: \(summary.offTopicQuestions))\n"
            out += String(
                format: "hit rate               %.4f  (never abstaining: %.4f)\n", summary.hitRate,
                summary.hitRateAnsweringAll)
            out += String(
                format: "sentence precision     %.4f  (%d cited sentences)\n", summary.sentencePrecision,
                summary.citedSentences)
            out += String(
                format: "sentence recall        %.4f  (%d gold sentences)\n", summary.sentenceRecall,
                summary.goldSentences)
            out += String(
                format: "integrity              %.4f  (every cited sentence re-read from the index)\n",
                summary.integrity)
            out += String(
                format: "wrong abstention rate  %.4f  (answerable claims abstained on)\n", summary.wrongAbstentionRate)
            out += String(
                format: "correct abstention     %.4f  (off-topic questions abstained on)\n",
                summary.correctAbstentionRate)
            out += String(
                format: "ask latency            p50 %.2f ms, p90 %.2f ms (%d workers)\n", summary.askMillisecondsP50,
                summary.askMillisecondsP90, summary.workers)
            out += String(format: "time                   %.2f s\n", summary.seconds)
            if let results = summary.perClaim {
                out += "\nclaim\thit\tabstained\tcited_hits/cited\tgold_hit/gold\tevidence\ttext\n"
                for r in results {
                    out +=
                        "\(r.id)\t\(r.hit ? 1 : 0)\t\(r.abstained ? 1 : 0)\t\(r.citedHits)/\(r.cited)\t\(r.goldHit)/\(r.gold)\t"
                    out += String(format: "%.3f", r.evidence) + "\t\(r.claim)\n"
                }
            }
            Output.print(out)
        }
    }

    /// Writes reader training rows as JSON lines.
    static func write(_ rows: [ReaderTrainingRow], to path: String) throws {
        let encoder = JSONEncoder()
        // The first line names the features, so the fitting script reads them from the file, not from a copy.
        var data = try encoder.encode(["feature_names": ReaderFeatures.names])
        data.append(0x0A)
        for row in rows {
            data.append(try encoder.encode(row))
            data.append(0x0A)
        }
        try data.write(to: URL(fileURLWithPath: path))
        Output.diagnostic("wrote \(rows.count) reader rows (\(rows.filter { $0.label == 1 }.count) answers) to \(path)")
    }

    /// The composer's options as the flags set them.
    var composeOptions: ComposeOptions {
        get throws {
            var options = ComposeOptions()
            options.sentences = sentences
            options.passages = passages
            options.novelty = novelty
            options.k1 = sentenceK1
            options.b = sentenceB
            options.embeddedCandidates = embeddedCandidates
            options.wordBudget = wordBudget
            if let readerWeights {
                let models = try JSONDecoder().decode(
                    [String: FittedReader].self, from: Data(contentsOf: URL(fileURLWithPath: readerWeights)))
                guard let lexical = models["lexicalOnly"], let embedding = models["withEmbeddings"],
                    [lexical, embedding].allSatisfy({ $0.weights.count == ReaderFeatures.names.count })
                else {
                    throw ValidationError(
                        "\(readerWeights): not the output of `scripts/fit-reader --json` for the reader's \(ReaderFeatures.names.count) features"
                    )
                }
                options.lexicalReader = ReaderModel(bias: lexical.bias, weights: lexical.weights)
                options.embeddingReader = ReaderModel(bias: embedding.bias, weights: embedding.weights)
            }
            if let abstainBelow { options.abstention.threshold = abstainBelow }
            return options
        }
    }

    /// One retriever per worker, in `mode` (lexical without an embedder).
    static func retrievers(embedder: ModelEmbedder?, mode: SearchMode?, rerank: Bool?)
        -> @Sendable (any IndexStore & IndexedCorpus)
        -> any PassageRetriever
    {
        { index in
            let searcher = mode == .lexical ? Searcher(index: index) : Searcher(index: index, embedder: embedder)
            return SearcherPassageRetriever(
                searcher: searcher, mode: mode == .lexical ? .lexical : mode,
                rerank: rerank ?? SearcherPassageRetriever.rerankByDefault)
        }
    }

    private func printCalibration(_ points: [AbstentionCalibration.Point], claims: Int) throws {
        if json {
            struct CalibrationJSON: Encodable {
                var answerable_claims: Int; var off_topic_questions: Int; var chosen: AbstentionCalibration.Point;
                var measures: [AbstentionCalibration.Point]
            }
            try Output.json(
                CalibrationJSON(
                    answerable_claims: claims, off_topic_questions: OffTopicQuestions.calibration.count,
                    chosen: points[0], measures: points))
            return
        }
        var out =
            "calibration: \(claims) train claims with evidence (answerable) vs \(OffTopicQuestions.calibration.count) off-topic questions\n"
        for point in points {
            out += String(
                format:
                    "  %-18@ threshold %.3f  correct abstention %.3f  wrong abstention %.3f  balanced accuracy %.3f\n",
                point.measure.rawValue as NSString, point.threshold, point.correctAbstention, point.wrongAbstention,
                point.balancedAccuracy)
        }
        out += String(
            format: "chosen: %@ < %.3f (AbstentionPolicy.calibrated)\n", points[0].measure.rawValue as NSString,
            points[0].threshold)
        Output.print(out)
    }
}

/// One reader model as `scripts/fit-reader --json` writes it.
struct FittedReader: Decodable {
    var bias: Double
    var weights: [Double]
}
