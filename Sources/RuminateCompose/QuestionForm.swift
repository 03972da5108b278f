import Foundation

/// What kind of answer a question asks for, read from its wording: the reader prefers sentences of the
/// matching shape (a number for "how many", a command for "how do I", a reason for "why", the list for
/// "what kinds"). Several can hold at once ("what is the default size" is a quantity and a setting).
public struct QuestionForm: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// How many / how large / maximum / default / limit: the answer is a number or a setting.
    public static let quantity = QuestionForm(rawValue: 1 << 0)
    /// How do I / how can I / how to: the answer is a command, a PRAGMA, a function, syntax.
    public static let procedure = QuestionForm(rawValue: 1 << 1)
    /// Why / what for: the answer is a reason or a purpose.
    public static let reason = QuestionForm(rawValue: 1 << 2)
    /// What kinds / types / which … are: the answer is a list.
    public static let enumeration = QuestionForm(rawValue: 1 << 3)
    /// What is / what does … do: the answer is a definition.
    public static let definition = QuestionForm(rawValue: 1 << 4)

    /// A statement to check rather than a question ("Macrolides protect against myocardial infarction."): the
    /// answer is the finding that supports or contradicts it.
    public static let claim = QuestionForm(rawValue: 1 << 5)

    /// The forms of `question`, from English and Chinese cue words (folded to lower case).
    public static func of(_ question: String) -> QuestionForm {
        let text = question.lowercased()
        let words = Set(text.split { !$0.isLetter && !$0.isNumber && $0 != "'" }.map(String.init))
        func starts(_ prefixes: [String]) -> Bool {
            prefixes.contains { text.hasPrefix($0) }
        }
        func has(_ cues: [String]) -> Bool { cues.contains { words.contains($0) } }
        func contains(_ cues: [String]) -> Bool { cues.contains { text.contains($0) } }
        var form: QuestionForm = []
        if contains(["how many", "how much", "how large", "how big", "how long", "how far", "how old"])
            || has(["maximum", "minimum", "max", "min", "largest", "smallest", "limit", "limits", "default", "size"])
            || contains(["多少", "几个", "最大", "最小", "默认", "上限"])
        {
            form.insert(.quantity)
        }
        if starts(["how do", "how can", "how should", "how to", "how would", "how does one", "how is one"])
            || contains([
                "how to ", "what command", "which command", "what pragma", "which pragma", "what function",
                "which function", "what syntax",
            ])
            || contains(["如何", "怎么", "怎样", "命令"])
        {
            form.insert(.procedure)
        }
        if has(["why"]) || contains(["what for", "what is the purpose", "what is the point", "reason", "为什么", "为何"]) {
            form.insert(.reason)
        }
        if (starts(["what", "which"])
            && has(["kinds", "kind", "types", "classes", "sorts", "categories", "ways", "options", "modes"]))
            || contains(["list of", "哪些", "哪几种", "种类"])
        {
            form.insert(.enumeration)
        }
        if form.isEmpty, starts(["what is", "what are", "what does", "what do", "who is", "是什么", "什么是"]) {
            form.insert(.definition)
        }
        if form.isEmpty, isStatement(text) { form.insert(.claim) }
        return form
    }

    /// Words that open a question or a request (English, folded to lower case).
    static let interrogatives: Set<String> = [
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "do",
        "does", "did", "can", "could", "should", "would", "will", "may", "might", "must", "has", "have", "had",
        "shall", "am", "tell", "explain", "describe", "list", "show", "give", "name", "compare",
    ]

    /// A sentence stating something: no question mark, not opened by a question word or a request, at least four
    /// words. Only for alphabetic scripts: a Chinese question often ends without a mark.
    static func isStatement(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains("?"), !trimmed.contains("？") else { return false }
        guard trimmed.unicodeScalars.allSatisfy({ $0.value < 0x2E80 }) else { return false }
        let words = trimmed.split { !$0.isLetter && !$0.isNumber && $0 != "'" }
        guard words.count >= 4, let first = words.first else { return false }
        return !interrogatives.contains(first.lowercased())
    }
}
