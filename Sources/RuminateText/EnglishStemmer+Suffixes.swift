/// Steps 2 to 5 of the Snowball English stemmer: derivational suffixes.
///
/// Each step finds the LONGEST listed suffix the word ends with; if that suffix fails its region test,
/// the step does nothing (it never falls back to a shorter suffix). The suffixes are grouped by their last
/// letter and tried longest first, which gives exactly Snowball's `among` semantics.
extension SnowballEnglish {
    @inline(__always) func inR1(_ suffixLength: Int) -> Bool { length - suffixLength >= p1 }
    @inline(__always) func inR2(_ suffixLength: Int) -> Bool { length - suffixLength >= p2 }

    /// Replaces the suffix with `replacement` if it starts in R1.
    @inline(__always) mutating func inR1(_ suffix: StaticString, _ replacement: StaticString) {
        if inR1(suffix.utf8CodeUnitCount) { replace(suffix.utf8CodeUnitCount, with: replacement) }
    }

    mutating func step2() {
        guard length >= 2 else { return }
        switch word[length - 1] {
        case ascii("i"):
            if ends("lessli") {
                inR1("lessli", "less")
            } else if ends("biliti") {
                inR1("biliti", "ble")
            } else if ends("fulli") {
                inR1("fulli", "ful")
            } else if ends("ousli") {
                inR1("ousli", "ous")
            } else if ends("entli") {
                inR1("entli", "ent")
            } else if ends("aliti") {
                inR1("aliti", "al")
            } else if ends("iviti") {
                inR1("iviti", "ive")
            } else if ends("anci") {
                inR1("anci", "ance")
            } else if ends("enci") {
                inR1("enci", "ence")
            } else if ends("abli") {
                inR1("abli", "able")
            } else if ends("alli") {
                inR1("alli", "al")
            } else if ends("bli") {
                inR1("bli", "ble")
            } else if ends("ogi") {
                if inR1(3), length >= 4, word[length - 4] == ascii("l") { replace(3, with: "og") }
            } else if ends("li") {
                if inR1(2), length >= 3, isValidLiEnding(word[length - 3]) { length -= 2 }
            }
        case ascii("l"):
            if ends("ational") { inR1("ational", "ate") } else if ends("tional") { inR1("tional", "tion") }
        case ascii("m"):
            if ends("alism") { inR1("alism", "al") }
        case ascii("n"):
            if ends("ization") { inR1("ization", "ize") } else if ends("ation") { inR1("ation", "ate") }
        case ascii("r"):
            if ends("izer") { inR1("izer", "ize") } else if ends("ator") { inR1("ator", "ate") }
        case ascii("s"):
            if ends("iveness") {
                inR1("iveness", "ive")
            } else if ends("fulness") {
                inR1("fulness", "ful")
            } else if ends("ousness") {
                inR1("ousness", "ous")
            }
        case ascii("t"):
            if ends("ogist") { inR1("ogist", "og") }
        default:
            break
        }
    }

    mutating func step3() {
        guard length >= 3 else { return }
        switch word[length - 1] {
        case ascii("l"):
            if ends("ational") {
                inR1("ational", "ate")
            } else if ends("tional") {
                inR1("tional", "tion")
            } else if ends("ical") {
                inR1("ical", "ic")
            } else if ends("ful") {
                inR1("ful", "")
            }
        case ascii("e"):
            if ends("icate") {
                inR1("icate", "ic")
            } else if ends("ative") {
                if inR1(5), inR2(5) { length -= 5 }
            } else if ends("alize") {
                inR1("alize", "al")
            }
        case ascii("i"):
            if ends("iciti") { inR1("iciti", "ic") }
        case ascii("s"):
            if ends("ness") { inR1("ness", "") }
        default:
            break
        }
    }

    mutating func step4() {
        guard length >= 2 else { return }
        var suffixLength = 0
        switch word[length - 1] {
        case ascii("c"):
            if ends("ic") { suffixLength = 2 }
        case ascii("e"):
            if ends("ance") || ends("ence") || ends("able") || ends("ible") {
                suffixLength = 4
            } else if ends("ate") || ends("ive") || ends("ize") {
                suffixLength = 3
            }
        case ascii("i"):
            if ends("iti") { suffixLength = 3 }
        case ascii("l"):
            if ends("al") { suffixLength = 2 }
        case ascii("m"):
            if ends("ism") { suffixLength = 3 }
        case ascii("n"):
            if ends("ion"), inR2(3), length >= 4, word[length - 4] == ascii("s") || word[length - 4] == ascii("t") {
                length -= 3
            }
            return
        case ascii("r"):
            if ends("er") { suffixLength = 2 }
        case ascii("s"):
            if ends("ous") { suffixLength = 3 }
        case ascii("t"):
            if ends("ement") {
                suffixLength = 5
            } else if ends("ment") {
                suffixLength = 4
            } else if ends("ant") || ends("ent") {
                suffixLength = 3
            }
        default:
            break
        }
        if suffixLength > 0, inR2(suffixLength) { length -= suffixLength }
    }

    mutating func step5() {
        guard length >= 1 else { return }
        switch word[length - 1] {
        case ascii("e"):
            if inR2(1) || (inR1(1) && !endsInShortSyllable(length - 1)) { length -= 1 }
        case ascii("l"):
            if inR2(1), length >= 2, word[length - 2] == ascii("l") { length -= 1 }
        default:
            break
        }
    }
}
