/// The mbox family of mailbox files: messages one after another, each introduced by a "From " line
/// (`From sender@example.org Mon Jan  1 00:00:00 2024`). Body lines that began with "From " were written
/// as ">From " (and ">From " as ">>From ", in mboxrd); one ">" is taken off again.
enum Mailbox {
    /// Whether `data` starts with an mbox separator line.
    static func startsWithSeparator(_ data: some Collection<UInt8>) -> Bool {
        data.starts(with: "From ".utf8)
    }

    /// The messages, without their separator lines. A "From " line separates messages when it opens the
    /// file, or follows an empty line and is followed by a header field (so a paragraph of a body that
    /// happens to start with "From " does not cut a message in two).
    static func messages(_ data: [UInt8]) -> [[UInt8]] {
        var messages: [[UInt8]] = []
        var current: [UInt8] = []
        var inMessage = false
        var previousWasEmpty = true
        var lineStart = 0
        while lineStart < data.count {
            let newline = data[...].lineFeedIndex(from: lineStart)
            let next = newline.map { $0 + 1 } ?? data.count
            let line = data[lineStart..<next]
            if line.starts(with: "From ".utf8), previousWasEmpty, lineStart == 0 || nextLineIsField(data, from: next) {
                if inMessage { messages.append(current) }
                current = []
                inMessage = true
            } else if inMessage {
                if line.first == UInt8(ascii: ">"),
                    line.drop(while: { $0 == UInt8(ascii: ">") }).starts(with: "From ".utf8)
                {
                    current.append(contentsOf: line.dropFirst())
                } else {
                    current.append(contentsOf: line)
                }
            }
            previousWasEmpty = line.allSatisfy { $0 == 0x0A || $0 == 0x0D }
            lineStart = next
        }
        if inMessage { messages.append(current) }
        return messages
    }

    /// Fields that only mail starts with (a note may well begin with "Subject:" or "Date:").
    static let mailOnlyFields: Set<String> = [
        "from", "received", "message-id", "mime-version", "return-path", "delivered-to", "dkim-signature",
        "x-mailer", "in-reply-to", "references",
    ]

    /// Whether `head` (the first bytes of a file) starts like mail: an mbox "From " line followed by a
    /// header field, or at least two header fields (continuation lines allowed) up to the first empty
    /// line or the end of the head, one of them a field only mail has (`From:`, `Received:`,
    /// `Message-ID:`, `MIME-Version:` ...).
    static func startsLikeMail(_ head: [UInt8]) -> Bool {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        while start < head.count, lines.count < 200 {
            guard let newline = head[start...].firstIndex(of: 0x0A) else { break }  // a cut line is not judged
            var end = newline
            if end > start, head[end - 1] == 0x0D { end -= 1 }
            lines.append(head[start..<end])
            start = newline + 1
        }
        guard let first = lines.first else { return false }
        if first.starts(with: "From ".utf8) {
            return lines.count > 1 && MailHeaders.fieldNameEnd(lines[1]) != nil
        }
        var fields = 0
        var sawMailField = false
        for line in lines {
            if line.isEmpty { break }
            if line.first == 0x20 || line.first == 0x09 {
                if fields == 0 { return false }
                continue
            }
            guard let colon = MailHeaders.fieldNameEnd(line) else { return false }
            fields += 1
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).trimmed(of: [" ", "\t"])
                .lowercased()
            if mailOnlyFields.contains(name) { sawMailField = true }
        }
        return fields >= 2 && sawMailField
    }

    private static func nextLineIsField(_ data: [UInt8], from start: Int) -> Bool {
        guard start < data.count else { return false }
        let end = data[start...].prefix(300).firstIndex(of: 0x0A) ?? min(data.count, start + 300)
        return MailHeaders.fieldNameEnd(data[start..<end]) != nil
    }
}

extension ArraySlice<UInt8> {
    /// The index of the first line feed at or after `start`. Mail is read line by line, megabytes at a
    /// time, so this is a plain loop over the buffer rather than the generic `firstIndex(of:)`.
    func lineFeedIndex(from start: Int) -> Int? {
        guard start < endIndex else { return nil }
        return withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var pointer = base + (start - startIndex)
            let end = base + buffer.count
            while pointer < end {
                if pointer.pointee == 0x0A { return pointer - base + startIndex }
                pointer += 1
            }
            return nil
        }
    }
}
