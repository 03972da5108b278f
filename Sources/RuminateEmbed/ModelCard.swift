import Foundation

/// What a Hugging Face model card (`README.md`, YAML front matter) declares about the model.
public enum ModelCard {
    /// The `language:` of the card's front matter (`language: en`, or a list of `- en` lines); nil when the
    /// folder has no card or the card names no language.
    public static func languages(modelDirectory: String) -> [String]? {
        guard let text = try? String(contentsOfFile: modelDirectory + "/README.md", encoding: .utf8) else { return nil }
        return languages(frontMatterOf: text)
    }

    static func languages(frontMatterOf card: String) -> [String]? {
        let lines = card.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") else { return nil }
        let front = lines[1..<end]
        guard let key = front.firstIndex(where: { $0.hasPrefix("language:") }) else { return nil }
        let inline = front[key].dropFirst("language:".count).trimmingCharacters(in: .whitespaces)
        var codes: [String] = []
        if !inline.isEmpty {
            codes = inline.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
            }
        } else {
            for line in front[(key + 1)...] {
                guard line.hasPrefix("-") else { break }
                codes.append(line.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: " '\"")))
            }
        }
        codes = codes.filter { !$0.isEmpty }
        return codes.isEmpty ? nil : codes
    }
}
