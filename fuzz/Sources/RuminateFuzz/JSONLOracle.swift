import Foundation
import RuminateCore
import RuminateParse

/// A second opinion on JSONL from Foundation's `JSONSerialization`:
/// - a line that both read as an object with a non-empty string `_id` and a string `text` gives the same
///   id, exactly the same text (scalar by scalar) and the same title. Which lines are accepted is not
///   compared: Foundation takes a trailing comma, Ruminate repairs invalid UTF-8 and lone surrogates.
/// - every document Ruminate read, written back as JSON by Foundation, reads back the same.
enum JSONLOracle {
    static func check(_ bytes: [UInt8], result: ParseResult?, limits: ParseLimits) {
        let parser = ParserRegistry(limits: limits).parser(for: .jsonl)
        for document in result?.documents ?? [] { roundTrip(document, parser: parser) }
        // A UTF-16 file is decoded as a whole first; its lines are not JSON bytes as they stand.
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if let first = lines.first, first.starts(with: [0xEF, 0xBB, 0xBF]) { lines[0] = first.dropFirst(3) }
        for var line in lines {
            if line.last == 0x0D { line = line.dropLast() }
            // Foundation drops a literal U+FEFF that follows an escape (`"\u2028<U+FEFF>b"` reads as
            // "\u{2028}b"): lines holding one are not compared.
            guard !line.isEmpty, line.count <= limits.maxJSONLLineBytes, !containsBOM(line),
                let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let id = object["_id"] as? String, !id.isEmpty, let text = object["text"] as? String,
                let document = try? parser.parse(Array(line), sourceName: "line").documents.first
            else { continue }
            let title = (object["title"] as? String).flatMap {
                $0.unicodeScalars.contains { !Invariants.isSpace($0) } ? $0 : nil
            }
            expectSame(
                document, id: id, text: text, title: title,
                what: "Foundation read \(String(decoding: line, as: UTF8.self).debugDescription)")
        }
    }

    /// The document as one JSON line written by Foundation must read back exactly.
    static func roundTrip(_ document: ExtractedDocument, parser: any DocumentParser) {
        guard let id = document.memberID else { return }
        var object: [String: Any] = ["_id": id, "text": document.text]
        if let title = document.title { object["title"] = title }
        guard let data = try? JSONSerialization.data(withJSONObject: object) else {
            Invariants.fail("jsonl: Foundation cannot write \(object)")
        }
        let line = [UInt8](data)
        let reread: ParseResult
        do {
            reread = try parser.parse(line, sourceName: "written")
        } catch {
            Invariants.fail(
                "jsonl: Foundation wrote \(String(decoding: line, as: UTF8.self).debugDescription), Ruminate refuses it: \(error)"
            )
        }
        guard reread.documents.count == 1 else {
            Invariants.fail("jsonl: \(reread.documents.count) documents from one written line")
        }
        expectSame(
            reread.documents[0], id: id, text: document.text, title: document.title,
            what: "written \(String(decoding: line, as: UTF8.self).debugDescription)")
    }

    static func expectSame(_ document: ExtractedDocument, id: String, text: String, title: String?, what: String) {
        Invariants.require(
            sameScalars(document.memberID, id),
            "jsonl: \(what): id \(String(describing: document.memberID)), expected \(id.debugDescription)")
        Invariants.require(
            sameScalars(document.text, text),
            "jsonl: \(what): text \(document.text.debugDescription), expected \(text.debugDescription)")
        Invariants.require(
            sameScalars(document.title, title),
            "jsonl: \(what): title \(String(describing: document.title)), expected \(String(describing: title))")
    }

    static func containsBOM(_ line: ArraySlice<UInt8>) -> Bool {
        line.indices.contains { line[$0] == 0xEF && line[$0...].starts(with: [0xEF, 0xBB, 0xBF]) }
    }

    /// Exact equality: Swift's `==` on strings treats canonically equivalent ones as equal.
    static func sameScalars(_ left: String?, _ right: String?) -> Bool {
        switch (left, right) {
        case (nil, nil): true
        case (let left?, let right?): left.unicodeScalars.elementsEqual(right.unicodeScalars)
        default: false
        }
    }
}
