import RuminateCore
import Testing

@testable import RuminateParse

/// Mail, on messages made by Python's `email` and `mailbox` packages (`Fixtures/mail/README.md`).
@Suite struct MailParserTests {
    static func parse(_ name: String, limits: ParseLimits = .init()) throws -> ParseResult {
        try ParserRegistry(limits: limits).parse(try Fixture.bytes("mail/\(name)"), format: .mail, sourceName: name)
    }

    static func parse(text: String) throws -> ParseResult {
        try MailParser(limits: .init()).parse(Array(text.utf8), sourceName: "inline.eml")
    }

    @Test func alternativePrefersQuotedPrintablePlainTextOverBase64HTML() throws {
        let result = try Self.parse("alternative-qp-base64.eml")
        let document = try #require(result.documents.first)
        #expect(result.documents.count == 1)
        #expect(document.memberID == nil)
        #expect(document.title == "Réunion du comité : ordre du jour")
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "Réunion du comité : ordre du jour"),
                Outline(.paragraph, "Bonjour à tous,"),
                Outline(
                    .paragraph,
                    "La réunion du comité aura lieu jeudi à 14 h dans la salle Jean-Jaurès. Nous ferons le point sur le budget de l'année, la préparation du séminaire d'été et les candidatures reçues pour le poste de coordinatrice."
                ),
                Outline(.quote, "Pouvez-vous confirmer votre présence ? Merci d'avance."),
                Outline(.paragraph, "Bien cordialement, Zoë"),
            ])
        #expect(
            document.metadata == [
                "subject": "Réunion du comité : ordre du jour", "from": "Zoë Martin <zoe.martin@example.org>",
                "to": "equipe@example.org", "date": "Tue, 14 Jan 2025 09:30:00 +0100",
                "message-id": "<20250114093000.4711@example.org>",
            ])
        #expect(result.warnings.isEmpty)
        expectBlockInvariants(document)
    }

    @Test func gbkMailIsDecodedInHeadersAndBody() throws {
        let result = try Self.parse("gbk-chinese.eml")
        let document = try #require(result.documents.first)
        #expect(document.title == "关于 cat 命令的说明")
        #expect(document.metadata["from"] == "李娜 <li.na@example.cn>")
        #expect(document.metadata["to"] == "张伟 <zhang.wei@example.cn>")
        #expect(document.metadata["charset"] == "GBK")
        #expect(Array(document.blockTexts.prefix(3)) == ["关于 cat 命令的说明", "张伟：", "下面是 cat 命令手册页的开头，请查收。"])
        #expect(document.blockTexts.contains("描述 将文件列表中的文件连接到标准输出。"))
        #expect(document.blockTexts.contains("如果没有指定文件，或者指定文件为“-”，则从标准输入读取。"))
        #expect(!document.text.contains("\u{FFFD}"))
        #expect(result.warnings.isEmpty)
        expectBlockInvariants(document)
    }

    @Test func htmlOnlyMailUsesTheHTMLExtractorAndSkipsAttachments() throws {
        let result = try Self.parse("html-attachments.eml")
        let document = try #require(result.documents.first)
        #expect(document.title == "Rapport trimestriel")
        #expect(
            document.outline == [
                Outline(.heading(level: 1), "Rapport trimestriel"),
                Outline(.heading(level: 2), "Résultats du quatrième trimestre"),
                Outline(.paragraph, "Le chiffre d'affaires progresse de 4 % ; les dépenses restent stables."),
                Outline(.paragraph, "Le détail figure dans le fichier joint."),
            ])
        #expect(document.metadata["from"] == "Comptabilité <compta@example.org>")
        #expect(document.metadata["charset"] == "windows-1252")  // ISO-8859-1, read as browsers do
        #expect(document.metadata["attachments"] == "rapport-T4.pdf, compte-rendu été.txt")
        #expect(!document.text.contains("Notes prises"))
        #expect(
            result.warnings == [
                "html-attachments.eml: 2 attachment(s) skipped, not text: rapport-T4.pdf, compte-rendu été.txt"
            ])
        expectBlockInvariants(document)
    }

    @Test func nestedMultipartsWithPrefixBoundariesKeepThePlainAlternative() throws {
        let result = try Self.parse("nested-related.eml")
        let document = try #require(result.documents.first)
        #expect(
            document.blockTexts == [
                "Plan d'accès au séminaire", "Le séminaire se tient au bâtiment B, deuxième étage. Le plan est joint.",
            ])
        #expect(document.metadata["attachments"] == "plans.zip")
        #expect(result.warnings.count == 1)
    }

    @Test func mboxMessagesBecomeMembers() throws {
        let result = try Self.parse("club.mbox")
        #expect(
            result.documents.map(\.memberID) == [
                "sortie-1@example.org", "kaigi-2@example.jp", "message-3", "message-4",
            ])
        #expect(
            result.documents.map(\.title) == [
                "Sortie du dimanche", "会議の予定", "Fwd: Horaires des trains", "Re: Sortie du dimanche",
            ])
        let first = result.documents[0]
        #expect(
            first.blockTexts == [
                "Sortie du dimanche", "Rendez-vous à 9 h devant la gare.", "From the station we walk to the lake.",
            ])
        let japanese = result.documents[1]
        #expect(japanese.metadata["charset"] == "ISO-2022-JP")
        #expect(japanese.blockTexts == ["会議の予定", "来週の会議は水曜日の午後三時からです。 資料は前日までに送ります。"])
        let forwarded = result.documents[2]
        #expect(
            forwarded.outline == [
                Outline(.heading(level: 1), "Fwd: Horaires des trains"),
                Outline(.paragraph, "Voir le message ci-dessous."),
                Outline(.heading(level: 2), "Horaires des trains"),
                Outline(.paragraph, "Le premier train part à 7 h 12."),
            ])
        #expect(forwarded.metadata["message-id"] == nil)
        #expect(result.documents[3].metadata["from"] == "carol@example.org")
        #expect(result.warnings.isEmpty)
        for document in result.documents { expectBlockInvariants(document) }
    }

    @Test(arguments: [
        "alternative-qp-base64.eml", "gbk-chinese.eml", "html-attachments.eml", "nested-related.eml", "club.mbox",
    ])
    func mailIsDetectedByExtensionAndByContent(name: String) throws {
        let head = Array(try Fixture.bytes("mail/\(name)").prefix(4096))
        #expect(FormatDetector.detect(path: "inbox/\(name)", head: head) == .mail)
        #expect(FormatDetector.detect(path: "inbox/saved-message", head: head) == .mail)
    }

    @Test func notesThatLookLikeHeadersAreNotMail() {
        let note = Array("Subject: groceries\nDate: Monday\n\nmilk, eggs\n".utf8)
        #expect(FormatDetector.detect(path: "notes", head: note) == nil)
        #expect(
            FormatDetector.detect(path: "notes.txt", head: Array("From: me\nMessage-ID: <1@x>\n\nhi\n".utf8)) == .text)
        #expect(FormatDetector.detect(path: "letter", head: Array("From Paris with love,\nyours\n".utf8)) == nil)
    }

    @Test func encodedWordsFollowRFC2047() {
        var warnings: [String] = []
        func decode(_ value: String) -> String {
            EncodedWords.decode(Array(value.utf8), fallbackCharset: nil, warnings: &warnings)
        }
        // "é" (C3 A9) split across two words: the bytes are joined before decoding.
        #expect(
            decode("=?UTF-8?B?Y2Fmw6k=?= =?utf-8?b?IGNyw6g=?=\t=?UTF-8?Q?me_br=C3=BBl=C3=A9e?=") == "café crème brûlée")
        #expect(decode("=?utf-8?B?w6k=?=") == "é")
        #expect(
            decode("Re: =?ISO-8859-1?Q?Andr=E9?= Pirard <pirard@example.be>") == "Re: André Pirard <pirard@example.be>")
        #expect(decode("=?koi8-r?B?8NLJ18XU?= and =?iso-8859-7*el?Q?=C3=E5=E9=DC?=") == "Привет and Γειά")
        #expect(decode("=?utf-8?X?nope?= =?broken") == "=?utf-8?X?nope?= =?broken")
        #expect(warnings.isEmpty)
    }

    @Test func transferEncodingsAreDecodedLeniently() {
        let qp = TransferDecoding.quotedPrintable(
            Array("caf=C3=A9 =\r\nau lait=3d=3D \t\r\nfin =ZZ=\nx".utf8)[...], underscoreIsSpace: false)
        #expect(String(decoding: qp, as: UTF8.self) == "café au lait==\r\nfin =ZZx")
        let base64 = TransferDecoding.base64(Array("Y2Fm\r\nw6kg!!bm9p\nciA=\nignored".utf8)[...])
        #expect(String(decoding: base64, as: UTF8.self) == "café noir ")
        #expect(TransferDecoding.decode(Array("x".utf8)[...], encoding: "x-uuencode") == nil)
    }

    @Test func contentTypeParametersIncludingRFC2231() {
        let type = MIMEHeaderValue(parsing: Array(#"Text/Plain; format=flowed; CHARSET="iso-8859-1"; delsp"#.utf8))
        #expect(type.value == "text/plain")
        #expect(type.parameters == ["format": "flowed", "charset": "iso-8859-1"])
        let continued = MIMEHeaderValue(
            parsing: Array(
                "attachment;\r\n filename*0*=utf-8''%E6%96%87; filename*1*=%E4%BB%B6; filename*2=\".txt\"".utf8))
        #expect(continued.value == "attachment")
        #expect(continued.parameters["filename"] == "文件.txt")
        let quoted = MIMEHeaderValue(parsing: Array(#"multipart/mixed; boundary="a \"b\"; c""#.utf8))
        #expect(quoted.parameters["boundary"] == #"a "b"; c"#)
    }

    @Test func theMIMECharsetWinsOverAMetaInsideAnHTMLPart() throws {
        let message = """
            Subject: =?windows-1251?B?x+js4A==?=
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: 8bit

            <html><head><meta charset="windows-1251"></head><body><p>Зимой рано темнеет.</p></body></html>
            """
        let result = try Self.parse(text: message)
        #expect(result.documents[0].blockTexts == ["Зима", "Зимой рано темнеет."])
        #expect(result.documents[0].metadata["charset"] == nil)
        #expect(result.warnings.isEmpty)
    }

    @Test func foldedHeadersAndRaw8BitHeadersAreRead() throws {
        let message =
            "Subject: a long\r\n\tfolded\r\n  subject\r\nFrom: Zoë <z@example.org>\r\nX-Empty:\r\n\r\nbody line\r\n"
        let document = try Self.parse(text: message).documents[0]
        #expect(document.title == "a long folded subject")
        #expect(document.metadata["from"] == "Zoë <z@example.org>")
        #expect(document.blockTexts == ["a long folded subject", "body line"])
    }

    @Test func hostileNestingPartCountsAndHeadersStayBounded() throws {
        // 2,000 nested multiparts: the first 16 levels are read, the rest reported.
        var nested = ""
        for level in 0..<2000 {
            nested +=
                "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\nContent-Type: text/plain\n\nlevel \(level)\n--b\(level)\n"
        }
        let deep = try Self.parse(text: "Subject: deep\n" + nested)
        #expect(deep.documents[0].blockTexts == ["deep"] + (0..<MIMEWalker.maxDepth).map { "level \($0)" })
        #expect(deep.warnings == ["inline.eml: MIME parts nested deeper than 16 levels were skipped"])

        // 20,000 parts: the first 500 entities (the container and 499 parts) are read.
        let parts = (0..<20_000).map { "--p\nContent-Type: text/plain\n\npart \($0)\n" }.joined()
        let wide = try Self.parse(text: "Content-Type: multipart/mixed; boundary=p\n\n" + parts + "--p--\n")
        #expect(wide.documents[0].blocks.count == MIMEWalker.maxParts - 1)
        #expect(wide.warnings == ["inline.eml: more than 500 MIME parts; the rest were skipped"])

        // Half a million encoded-word openings that never close, in one header.
        let header = "Subject: " + String(repeating: "=?utf-8?q?", count: 500_000) + "\n\nbody\n"
        let opened = try Self.parse(text: header)
        #expect(opened.documents[0].title?.isEmpty == false)
        #expect(opened.documents[0].blockTexts.last == "body")

        // Nested message/rfc822 parts are bounded by the same depth.
        let forwarded = String(repeating: "Content-Type: message/rfc822\n\nSubject: fwd\n", count: 1000) + "\ninner\n"
        let chain = try Self.parse(text: forwarded)
        #expect(chain.documents[0].blocks.count == MIMEWalker.maxDepth)
        #expect(chain.warnings.count == 1)
    }

    @Test func decodedTextIsBoundedByTheBudget() {
        var walker = MIMEWalker(decodedBudget: 10)
        let (headers, body) = MailHeaders.parse(
            Array("Content-Type: text/plain\n\nfar more than ten bytes\n".utf8)[...])
        #expect(walker.content(of: headers, body: body).pieces.isEmpty)
        #expect(walker.warnings == ["text parts past the decoded-size limit were skipped"])
    }

    @Test func aLargeMailboxGivesUniqueMemberIDs() throws {
        let messages = (0..<2000).map { index in
            "From someone@example.org Sat Feb  1 00:00:00 2025\nMessage-ID: <\(index % 700)@example.org>\nSubject: n\(index)\n\nbody \(index)\n\n"
        }
        let result = try MailParser(limits: .init()).parse(Array(messages.joined().utf8), sourceName: "big.mbox")
        #expect(result.documents.count == 2000)
        #expect(Set(result.documents.compactMap(\.memberID)).count == 2000)
        #expect(result.documents[700].memberID == "message-701")
        #expect(result.documents[699].memberID == "699@example.org")
    }

    @Test func aBodyWithoutHeadersOrDelimitersIsStillRead() throws {
        let noHeaders = try Self.parse(text: "just a line of text\nand another\n").documents[0]
        #expect(noHeaders.blockTexts == ["just a line of text and another"])
        let missingDelimiters = try Self.parse(
            text: """
                Content-Type: multipart/mixed; boundary="never-used"

                Text that no delimiter ever opens.
                """
        ).documents[0]
        #expect(missingDelimiters.blockTexts == ["Text that no delimiter ever opens."])
        let unclosed = try Self.parse(
            text: """
                Content-Type: multipart/alternative; boundary=b

                --b
                Content-Type: text/plain

                the last part runs to the end
                """
        ).documents[0]
        #expect(unclosed.blockTexts == ["the last part runs to the end"])
    }
}
