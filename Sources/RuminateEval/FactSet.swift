import Foundation
import RuminateCore

/// A question with the fact a correct answer must state, or one the collection does not answer.
public struct FactQuestion: Sendable, Hashable {
    public var id: String
    public var question: String
    /// Basename of the document that answers it; nil when the answer should be an abstention.
    public var goldFile: String?
    /// The fact a correct answer's quoted text matches (case-insensitive; `(?-i:…)` marks case-sensitive parts);
    /// nil when the answer should be an abstention.
    public var fact: NSRegularExpression?

    public init(id: String, question: String, goldFile: String?, fact: NSRegularExpression?) {
        self.id = id
        self.question = question
        self.goldFile = goldFile
        self.fact = fact
    }

    /// True for a question the collection does not answer: the right answer is an abstention.
    public var expectsAbstention: Bool { fact == nil }
}

/// Loads fact sets: TSV with a header naming at least `question` and `fact_regex` (and optionally `id`,
/// `gold_file`; other columns are ignored), or JSONL with the same keys. An empty (or `-`) `fact_regex`
/// marks a question that should be abstained on. The regex syntax is ICU's, which reads the Python-style
/// patterns of `../shared/eval/sqlite-answers/` unchanged (inline `(?-i:…)` included).
public enum FactSet {
    public static func load(_ path: String) throws -> [FactQuestion] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw RuminateError(
                .fileUnreadable, "cannot read the fact set \(path)",
                hint: "pass a .tsv or .jsonl file of questions (columns: id, question, gold_file, fact_regex)",
                cause: error)
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let rows =
            path.lowercased().hasSuffix(".jsonl") ? try jsonRows(lines, path: path) : try tsvRows(lines, path: path)
        guard !rows.isEmpty else {
            throw RuminateError(
                .malformedInput, "the fact set \(path) holds no questions",
                hint: "add one question per line under a header naming question and fact_regex")
        }
        return try rows.enumerated().map { number, row in
            try question(row.fields, line: row.line, number: number, path: path)
        }
    }

    private typealias Row = (fields: [String: String], line: Int)

    private static func tsvRows(_ lines: [Substring], path: String) throws -> [Row] {
        guard
            let header = lines.first.map({
                $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            }),
            header.contains("question"), header.contains("fact_regex")
        else {
            throw RuminateError(
                .malformedInput,
                "\(path): the first line must be a tab-separated header naming question and fact_regex",
                hint: "e.g. id<TAB>question<TAB>gold_file<TAB>fact_regex")
        }
        return try lines.dropFirst().enumerated().compactMap { offset, line -> Row? in
            guard !line.allSatisfy(\.isWhitespace) else { return nil }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= header.count else {
                throw RuminateError(
                    .malformedInput,
                    "\(path) line \(offset + 2) has \(cells.count) columns, the header \(header.count)",
                    hint: "separate the columns by single tabs")
            }
            return (Dictionary(zip(header, cells), uniquingKeysWith: { first, _ in first }), offset + 2)
        }
    }

    private static func jsonRows(_ lines: [Substring], path: String) throws -> [Row] {
        try lines.enumerated().compactMap { offset, line -> Row? in
            guard !line.allSatisfy(\.isWhitespace) else { return nil }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw RuminateError(
                    .malformedInput, "\(path) line \(offset + 1) is not a JSON object",
                    hint: "write one object per line with question and fact_regex")
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                if let string = value as? String {
                    fields[key] = string
                } else if let number = value as? NSNumber {
                    fields[key] = number.stringValue
                }
            }
            return (fields, offset + 1)
        }
    }

    private static func question(_ fields: [String: String], line: Int, number: Int, path: String) throws
        -> FactQuestion
    {
        guard let question = fields["question"]?.trimmingCharacters(in: .whitespaces), !question.isEmpty else {
            throw RuminateError(
                .malformedInput, "\(path) line \(line) has no question", hint: "fill the question column")
        }
        let pattern = fields["fact_regex"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let abstains = pattern.isEmpty || pattern == "-"
        var regex: NSRegularExpression?
        if !abstains {
            do { regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) } catch {
                throw RuminateError(
                    .malformedInput, "\(path) line \(line): fact_regex is not a valid regular expression",
                    hint: "check the pattern's brackets and escapes", cause: error)
            }
        }
        let gold = fields["gold_file"]?.trimmingCharacters(in: .whitespaces)
        return FactQuestion(
            id: fields["id"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(number + 1)", question: question,
            goldFile: abstains || gold == nil || gold!.isEmpty || gold == "-" ? nil : gold, fact: regex)
    }
}
