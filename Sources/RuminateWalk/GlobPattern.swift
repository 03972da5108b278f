/// A shell-style glob matched against "/"-separated relative paths, case-sensitively.
///
/// - `*` any run of characters within one path component, `?` one character,
///   `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]` one character from (or not from) a set, `\*` a literal `*`.
/// - A component that is exactly `**` matches zero or more whole components:
///   `**/*.md` matches `a.md` and `x/y/a.md`; `docs/**` matches `docs` and everything below it.
/// - A pattern without "/" matches the last component (the file or folder name) at any depth:
///   `*.html` matches `a/b/c.html`. A leading "/" anchors a pattern at the root (`/build`),
///   a trailing "/" is ignored (`build/` behaves like `build`), and a leading "./" is dropped.
/// - An unclosed `[` is a literal character. Characters are Unicode scalars.
public struct GlobPattern: Sendable, Hashable {
    public let pattern: String
    private let segments: [Segment]
    private let matchesNameOnly: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        var body = Substring(pattern)
        var anchored = false
        while body.hasPrefix("./") { body = body.dropFirst(2) }
        if body.hasPrefix("/") {
            anchored = true
            body = body.drop(while: { $0 == "/" })
        }
        while body.hasSuffix("/") { body = body.dropLast() }

        var segments: [Segment] = []
        for component in body.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "**" {
                if segments.last != .globstar { segments.append(.globstar) }
            } else {
                segments.append(.component(GlobPattern.compile(component)))
            }
        }
        self.segments = segments
        self.matchesNameOnly = !anchored && segments.count == 1 && segments[0] != .globstar
    }

    public func matches(_ relativePath: String) -> Bool {
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: true)
        if matchesNameOnly {
            guard let name = components.last, case .component(let tokens) = segments[0] else { return false }
            return GlobPattern.match(tokens, Array(name.unicodeScalars))
        }
        return matchSegments(components.map { Array($0.unicodeScalars) })
    }

    /// The classic single-backtrack wildcard walk, one level up: `**` plays `*`, a component plays a character.
    private func matchSegments(_ components: [[Unicode.Scalar]]) -> Bool {
        var segment = 0, component = 0
        var starSegment = -1, starComponent = 0
        while component < components.count {
            if segment < segments.count, segments[segment] == .globstar {
                starSegment = segment
                starComponent = component
                segment += 1
            } else if segment < segments.count, case .component(let tokens) = segments[segment],
                GlobPattern.match(tokens, components[component])
            {
                segment += 1
                component += 1
            } else if starSegment >= 0 {
                segment = starSegment + 1
                starComponent += 1
                component = starComponent
            } else {
                return false
            }
        }
        while segment < segments.count, segments[segment] == .globstar { segment += 1 }
        return segment == segments.count
    }

    /// Matches one component; linear apart from the backtracking to the last `*`.
    private static func match(_ tokens: [Token], _ name: [Unicode.Scalar]) -> Bool {
        var token = 0, scalar = 0
        var starToken = -1, starScalar = 0
        while scalar < name.count {
            if token < tokens.count, tokens[token] == .star {
                starToken = token
                starScalar = scalar
                token += 1
            } else if token < tokens.count, tokens[token].accepts(name[scalar]) {
                token += 1
                scalar += 1
            } else if starToken >= 0 {
                token = starToken + 1
                starScalar += 1
                scalar = starScalar
            } else {
                return false
            }
        }
        while token < tokens.count, tokens[token] == .star { token += 1 }
        return token == tokens.count
    }

    private static func compile(_ component: Substring) -> [Token] {
        let scalars = Array(component.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "*":
                if tokens.last != .star { tokens.append(.star) }
                index += 1
            case "?":
                tokens.append(.any)
                index += 1
            case "\\" where index + 1 < scalars.count:
                tokens.append(.literal(scalars[index + 1]))
                index += 2
            case "[":
                if let (set, next) = parseSet(scalars, openingAt: index) {
                    tokens.append(.set(set))
                    index = next
                } else {
                    tokens.append(.literal(scalar))
                    index += 1
                }
            default:
                tokens.append(.literal(scalar))
                index += 1
            }
        }
        return tokens
    }

    /// Parses `[...]` starting at `open`; nil when there is no closing bracket.
    private static func parseSet(_ scalars: [Unicode.Scalar], openingAt open: Int) -> (ScalarSet, Int)? {
        var index = open + 1
        var negated = false
        if index < scalars.count, scalars[index] == "!" || scalars[index] == "^" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while index < scalars.count {
            let scalar = scalars[index]
            // A "]" right after the opening (or its negation) is a member, as in POSIX.
            if scalar == "]" && !first { return (ScalarSet(negated: negated, ranges: ranges), index + 1) }
            first = false
            if index + 2 < scalars.count, scalars[index + 1] == "-", scalars[index + 2] != "]" {
                let low = scalar.value, high = scalars[index + 2].value
                ranges.append(min(low, high)...max(low, high))
                index += 3
            } else {
                ranges.append(scalar.value...scalar.value)
                index += 1
            }
        }
        return nil
    }
}

private enum Segment: Hashable, Sendable {
    case globstar
    case component([Token])
}

private enum Token: Hashable, Sendable {
    case literal(Unicode.Scalar)
    case any
    case star
    case set(ScalarSet)

    func accepts(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .literal(let expected): return scalar == expected
        case .any: return true
        case .star: return true
        case .set(let set): return set.contains(scalar)
        }
    }
}

private struct ScalarSet: Hashable, Sendable {
    var negated: Bool
    var ranges: [ClosedRange<UInt32>]

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        ranges.contains { $0.contains(scalar.value) } != negated
    }
}
