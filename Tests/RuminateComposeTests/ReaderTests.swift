import RuminateCompose
import RuminateCore
import RuminateText
import Testing

@Suite struct QuestionFormTests {
    @Test func readsTheFormOfEnglishAndChineseQuestions() {
        #expect(QuestionForm.of("What is the maximum number of columns in a table?") == [.quantity])
        #expect(QuestionForm.of("How many tables can one join hold?") == [.quantity])
        #expect(QuestionForm.of("How do I turn on write-ahead logging?") == [.procedure])
        #expect(QuestionForm.of("Why is VACUUM useful?") == [.reason])
        #expect(QuestionForm.of("What kinds of temporary files are there?") == [.enumeration])
        #expect(QuestionForm.of("What is a virtual table?") == [.definition])
        #expect(QuestionForm.of("How can I change the default page size?") == [.quantity, .procedure])
        #expect(QuestionForm.of("如何查看文件的行数?") == [.procedure])
        #expect(QuestionForm.of("为什么要压缩文件?") == [.reason])
    }

    /// A statement to check (a SciFact claim) is a form of its own; questions, requests and fragments are not.
    @Test func aStatementIsAClaimToCheck() {
        #expect(QuestionForm.of("Aspirin reduces the risk of stroke.") == [.claim])
        #expect(QuestionForm.of("Macrolides protect against myocardial infarction") == [.claim])
        #expect(QuestionForm.of("Does aspirin reduce the risk of stroke") == [])
        #expect(QuestionForm.of("Aspirin reduces the risk of stroke?") == [])
        #expect(QuestionForm.of("Explain how the rollback journal works") == [])
        #expect(QuestionForm.of("WAL checkpoint mode") == [])
        #expect(QuestionForm.of("阿司匹林可以降低中风的风险。") == [])
    }
}

@Suite struct QuoteContextTests {
    func quotes(_ text: String) -> [String] {
        let scalars = ScalarText(text)
        return QuoteContext.quotes(for: SentenceSplitter.sentences(in: text), in: scalars).map { scalars.slice($0) }
    }

    @Test func aSentenceEndingWithAColonBringsTheListThatFollows() {
        let text = """
            Each value has one of the following storage classes:

            NULL. The value is a NULL value.

            INTEGER. The value is a signed integer.

            A storage class is more general than a datatype, and this paragraph is long enough to be prose rather \
            than an item of the list above it, so it must end the list before it is taken along with the colon.
            """
        let quoted = quotes(text)
        #expect(
            quoted[0]
                == "Each value has one of the following storage classes:\n\nNULL. The value is a NULL value.\n\nINTEGER. The value is a signed integer."
        )
        #expect(quoted[1] == "NULL.")  // the items stay candidates of their own
    }

    @Test func aSentenceOpeningWithAnAnaphorBringsTheSentenceBefore() {
        let quoted = quotes("VACUUM rebuilds the database file. This reclaims unused space. Other text follows.")
        #expect(quoted[1] == "VACUUM rebuilds the database file. This reclaims unused space.")
        #expect(quoted[2] == "Other text follows.")
        #expect(quoted[0] == "VACUUM rebuilds the database file.")
    }

    @Test func aLongListIsCutAtAnItemBoundary() {
        let items = (1...40).map { "Item number \($0) is here." }.joined(separator: "\n")
        let quoted = quotes("These are the items:\n" + items)
        let words = quoted[0].split(whereSeparator: \.isWhitespace).count
        #expect(words <= QuoteContext.listWords + 4)
        #expect(quoted[0].hasSuffix("is here."))
    }
}

@Suite struct DirectAnswerTests {
    func direct(_ quote: String, _ question: String) -> String? {
        DirectAnswer.clause(in: quote, question: question, form: QuestionForm.of(question)).map {
            ScalarText(quote).slice($0)
        }
    }

    @Test func theClauseWithTheNumberAnswersAQuantityQuestion() {
        #expect(
            direct(
                "By default, SQLite does a checkpoint when the WAL file reaches 1000 pages. Applications may change it.",
                "When does SQLite checkpoint by default?")  // "default" asks for a setting
                == "SQLite does a checkpoint when the WAL file reaches 1000 pages.")
        #expect(
            direct(
                "The default setting for SQLITE_MAX_COLUMN is 2000. You can change it at compile time.",
                "What is the maximum number of columns?") == "The default setting for SQLITE_MAX_COLUMN is 2000.")
        #expect(
            direct("The largest value is 1,000,000,000 bytes, which is one billion.", "What is the maximum size?")
                == "The largest value is 1,000,000,000 bytes")
    }

    /// A name the question already uses is no answer, whatever punctuation follows it on either side.
    @Test func aNameTheQuestionUsesIsNotTheAnswer() {
        #expect(
            direct(
                "If the lock cannot be obtained, fail immediately and return SQLITE_BUSY. Call sqlite3_busy_timeout() to wait.",
                "How can I make SQLite wait instead of failing immediately with SQLITE_BUSY?")
                == "Call sqlite3_busy_timeout() to wait.")
    }

    @Test func aQuantityIsANumberNotAnIdentifierWithADigit() {
        for quantity in ["2000", "1,000,000,000", "256MB", "64-bit", "0.5%", "32767"] {
            #expect(DirectAnswer.isQuantity(quantity), "\(quantity)")
        }
        for word in ["t1(ipk", "sqlite3_limit(db", "utf8", "x86-64", "v3", "2nd-generation-thing"] {
            #expect(!DirectAnswer.isQuantity(word), "\(word)")
        }
        #expect(
            direct(
                "CREATE TABLE t1(ipk INTEGER PRIMARY KEY, b TEXT) holds the table rows.",
                "How many tables can a join hold?") == nil)
    }

    @Test func theClauseWithANewCodeNameAnswersAHowTo() {
        #expect(
            direct(
                "To activate memory-mapped I/O, use the mmap_size pragma and set it to a large number, usually 256MB.",
                "How do I turn on memory-mapped I/O?") == "use the mmap_size pragma and set it to a large number")
        #expect(direct("WAL is a journal mode that many applications prefer.", "How do I use WAL?") == nil)
    }
}

@Suite struct ReaderFeatureTests {
    @Test func codeShapedWords() {
        for code in ["journal_mode=WAL", "sqlite3_busy_timeout", "json_each(X)", ".import", "--lines", "-l", "a=b"] {
            #expect(ReaderFeatures.isCode(code), "\(code)")
        }
        for word in ["database", "e.g.", "-", "==", "well-known", "(see"] {
            #expect(!ReaderFeatures.isCode(word), "\(word)")
        }
    }

    @Test func theModelRisesWithEachPositiveWeight() {
        let model = ReaderModel.withEmbeddings
        let base = [Double](repeating: 0, count: ReaderFeatures.names.count)
        #expect(model.probability(base) > 0 && model.probability(base) < 1)
        var semantic = base
        semantic[ReaderFeatures.semanticIndex] = 1
        #expect(model.probability(semantic) > model.probability(base))
    }

    /// Where a sentence stands and whether it reports a finding count for a claim only: a claim is checked
    /// against results, which an abstract states after its background.
    @Test func aClaimWeighsFindingsAndLaterSentences() {
        let text = "We found that aspirin significantly reduced the risk of stroke (p < 0.01)."
        var candidate = CandidateSentence(
            hitIndex: 0, documentID: 1, span: SourceSpan(start: 100, end: 100 + text.unicodeScalars.count), text: text,
            termFrequencies: ["found": 1, "aspirin": 1, "reduc": 1, "risk": 1, "stroke": 1], length: 5, wordCount: 12,
            passageOffset: 0.75)
        func features(_ question: String) -> [String: Double] {
            let analyzed = AnalyzedQuestion(
                text: question, terms: [QuestionTerm(term: "aspirin", count: 1, idf: 2)])
            let vector = ReaderFeatures.vectors(
                [candidate], question: analyzed, form: QuestionForm.of(question), passagePriors: [1], match: [1])[0]
            return Dictionary(uniqueKeysWithValues: zip(ReaderFeatures.names, vector))
        }
        let claim = features("Aspirin reduces the risk of stroke.")
        #expect(claim["claim_offset"] == 0.75)
        #expect(claim["claim_finding"] == 1)
        let question = features("What does aspirin do to the risk of stroke?")
        #expect(question["claim_offset"] == 0)
        #expect(question["claim_finding"] == 0)
        candidate.text = "Aspirin is a drug that many people take for stroke."
        #expect(features("Aspirin reduces the risk of stroke.")["claim_finding"] == 0)
    }

    /// The section a sentence stands in counts: its heading's words cover the question with the sentence's own.
    @Test func theHeadingPathCoversTheQuestionWithTheSentence() {
        let question = AnalyzedQuestion(
            text: "What kinds of temporary files are there?",
            terms: [
                QuestionTerm(term: "kind", count: 1, idf: 2), QuestionTerm(term: "temporari", count: 1, idf: 1),
                QuestionTerm(term: "file", count: 1, idf: 1),
            ])
        let text = "SQLite uses nine distinct types of temporary files:"
        let candidate = CandidateSentence(
            hitIndex: 0, documentID: 1, span: SourceSpan(start: 0, end: text.unicodeScalars.count), text: text,
            termFrequencies: ["sqlite": 1, "use": 1, "nine": 1, "distinct": 1, "type": 1, "temporari": 1, "file": 1],
            length: 7, wordCount: 8, headingTerms: ["nine", "kind", "temporari", "file"])
        let features = ReaderFeatures.vectors(
            [candidate], question: question, form: QuestionForm.of(question.text), passagePriors: [1], match: [1])[0]
        func value(_ name: String) -> Double { features[ReaderFeatures.names.firstIndex(of: name)!] }
        #expect(abs(value("coverage") - 0.5) < 1e-9)
        #expect(abs(value("heading") - 1) < 1e-9)
        #expect(abs(value("coverage_in_section") - 1) < 1e-9)
    }
}

@Suite struct SemanticReadingTests {
    static func candidate(_ text: String, at start: Int, terms: [String]) -> CandidateSentence {
        CandidateSentence(
            hitIndex: 0, documentID: 1, span: SourceSpan(start: start, end: start + text.unicodeScalars.count),
            text: text, termFrequencies: Dictionary(terms.map { ($0, 1) }, uniquingKeysWith: +), length: terms.count,
            wordCount: text.split(separator: " ").count)
    }

    static let sentences = [
        candidate(
            "The rollback journal rows survive a crash before the checkpoint.", at: 0, terms: ["row", "journal"]),
        candidate("Bread dough rows rise in the oven after you knead them.", at: 70, terms: ["row", "bread"]),
        candidate("generate_series returns the integers from start to end, one per row.", at: 140, terms: ["row"]),
    ]

    func scores(_ question: String, embedded: Int) -> [[String: Double]] {
        let analyzed = AnalyzedQuestion(text: question, terms: [QuestionTerm(term: "row", count: 1, idf: 1)])
        let writer = ExtractiveWriter(
            options: ComposeOptions(embeddedCandidates: embedded), embedder: TopicEmbedder())
        let scores = writer.score(AnswerCandidates(question: analyzed, hits: [], sentences: Self.sentences, budget: 3))
        return scores.features.map { Dictionary(uniqueKeysWithValues: zip(ReaderFeatures.names, $0)) }
    }

    /// The embedder reads the best candidates only; among them the closest in meaning ranks first.
    @Test func theClosestOfTheEmbeddedCandidatesRanksFirst() throws {
        let all = scores("How do I get a sequence of integers as rows?", embedded: 3)
        let closest = try #require(all.indices.max { all[$0]["semantic"]! < all[$1]["semantic"]! })
        #expect(closest == 2)
        #expect(all[closest]["semantic_rank"] == 1)
        #expect(Set(all.map { $0["semantic_rank"]! }) == Set((0..<3).map(ReaderFeatures.rankWeight)))
        let two = scores("How do I get a sequence of integers as rows?", embedded: 2)
        #expect(two.filter { $0["semantic"] == 0 && $0["semantic_rank"] == 0 }.count == 1)
    }

    /// A model trained on English alone is not asked to read a Chinese question: noise would rank the sentences.
    @Test func aQuestionInAScriptTheModelDoesNotReadIsReadLexically() {
        let all = scores("怎样把整数序列变成 rows?", embedded: 3)
        #expect(all.allSatisfy { $0["semantic"] == 0 && $0["semantic_rank"] == 0 })
    }
}
