import RuminateCore
import Testing

@testable import RuminateParse

/// The man(7) macros, roff requests and escapes, one behaviour at a time on small pages.
@Suite struct ManPageParserTests {
    func parse(_ source: String, limits: ParseLimits = .init()) throws -> ParseResult {
        try ParserRegistry(limits: limits).parse(Array(source.utf8), format: .man, sourceName: "test.1")
    }

    func document(_ source: String) throws -> ExtractedDocument {
        let document = try parse(source).documents[0]
        expectBlockInvariants(document)
        return document
    }

    @Test func theRegistryHasAManPageParser() {
        #expect(ParserRegistry().parser(for: .man) is ManPageParser)
    }

    @Test func sectionsBecomeHeadingsAndTheTitleComesFromTH() throws {
        let page = try document(
            #"""
            .TH LS 1 "September 2022" "GNU coreutils 9.1" "User Commands"
            .SH NAME
            ls \- list directory contents
            .SH "SEE ALSO"
            .SS Full documentation
            The full documentation
            is maintained as a Texinfo manual.
            .PP
            Second paragraph.
            .SH
            EXIT STATUS
            Zero on success.
            """#)
        #expect(
            page.outline == [
                Outline(.heading(level: 1), "NAME"), Outline(.paragraph, "ls - list directory contents"),
                Outline(.heading(level: 1), "SEE ALSO"), Outline(.heading(level: 2), "Full documentation"),
                Outline(.paragraph, "The full documentation is maintained as a Texinfo manual."),
                Outline(.paragraph, "Second paragraph."),
                Outline(.heading(level: 1), "EXIT STATUS"), Outline(.paragraph, "Zero on success."),
            ])
        // The capitalised .TH name takes the NAME section's spelling.
        #expect(page.title == "ls(1)")
        #expect(
            page.metadata == [
                "section": "1", "date": "September 2022", "source": "GNU coreutils 9.1", "manual": "User Commands",
            ])
    }

    @Test func aTitleKeepsItsCaseWhenTheNameSectionDisagrees() throws {
        #expect(try document(".TH File::Spec 3perl\n.SH NAME\nFile::Spec \\- portably\n").title == "File::Spec(3perl)")
        #expect(try document(".TH FOO 8\n.SH NAME\nbar \\- other\n").title == "FOO(8)")
        #expect(try document("no header at all\n").title == nil)
    }

    @Test func fontMacrosJoinAlternatingArgumentsWithoutSpaces() throws {
        let page = try document(
            #"""
            .PP
            .BR ls (1),
            .IR file .txt
            and
            .B "bold words" more
            then
            .BI \-\-size= N
            .RB [ \-a ]
            .I
            next line
            """#)
        #expect(page.text == "ls(1), file.txt and bold words more then --size=N [-a] next line")
    }

    @Test func fontEscapesVanishAndLeaveWordsWhole() throws {
        let page = try document(
            #"""
            \fBbold\fR and \fIitalic\fP and \f(CWcode\fR and \f[B]bracket\f[] and \f[]x\fP
            \fB\-\-block\-size\fP=\fI\,SIZE\/\fP
            """#)
        #expect(page.text == "bold and italic and code and bracket and x --block-size=SIZE")
    }

    @Test func glyphsAndStringsBecomeCharacters() throws {
        let page = try document(
            #"""
            a\(emb \(en \(aq\(lqq\(rq\(dq \(bu \(co \[rg] \[u00E9] \[u0065_0301] \[char65] \(*a \(:u \(->
            \*(lqquoted\*(rq \*R \*(Tm \*[lq]x\*[rq] \e \\ a\&b c\|d e\^f g\0h i\~j \s-1GNU\s0 \s+2big\s[0] \N'66'
            """#)
        #expect(page.text == "a—b – '“q”\" • © ® é e\u{301} A α ü → “quoted” ® ™ “x” \\ \\ ab cd ef g h i j GNU big B")
    }

    @Test func unknownAndLayoutEscapesAreDroppedNotPrinted() throws {
        let page = try document(
            #"""
            x\h'1m'y\v'-1'z\kmw\X'tty: link'v\Z'abc'u\w'word'tQ\Qs\zo\[nonexistent]\(zzp\*(Nx\nXq
            """#)
        // \Q is unknown (dropped); \nX is an unset register (0, as groff prints it).
        #expect(page.text == "xyzwvutQsop0q")
    }

    @Test func commentsAreRemoved() throws {
        let page = try document(
            ##"""
            .\" a whole-line comment
            '\" another
            text \" trailing comment
            more\# comment that also joins
            words
            \" a comment-only text line
            end
            """##)
        #expect(page.text == "text morewords end")
    }

    @Test func taggedParagraphsBecomeListItems() throws {
        let page = try document(
            #"""
            .SH OPTIONS
            .TP
            \fB\-a\fR, \fB\-\-all\fR
            do not ignore entries starting with .
            .TP 8
            .B \-l
            use a long
            listing format
            .TP
            .B \-v
            .TQ
            .B \-\-verbose
            explain
            .IP \(bu 2
            bulleted item
            .IP "\fB\-x\fP" 4
            tagged item
            .IP
            continued indented paragraph
            .HP
            hanging paragraph
            .PP
            plain again
            """#)
        #expect(
            page.outline == [
                Outline(.heading(level: 1), "OPTIONS"),
                Outline(.listItem, "-a, --all do not ignore entries starting with ."),
                Outline(.listItem, "-l use a long listing format"),
                Outline(.listItem, "-v, --verbose explain"),
                Outline(.listItem, "bulleted item"),
                Outline(.listItem, "-x tagged item"),
                Outline(.listItem, "continued indented paragraph"),
                Outline(.listItem, "hanging paragraph"),
                Outline(.paragraph, "plain again"),
            ])
    }

    @Test func noFillAndExampleBlocksKeepTheirLines() throws {
        let page = try document(
            #"""
            .SH SYNOPSIS
            .nf
            .B tar
              \-c \fIfile\fR

            last line
            .fi
            Filled
            text.
            .EX
            $ ls \-l
            total 0
            .EE
            After.
            """#)
        #expect(
            page.outline == [
                Outline(.heading(level: 1), "SYNOPSIS"),
                Outline(.code, "tar\n  -c file\n\nlast line"),
                Outline(.paragraph, "Filled text."),
                Outline(.code, "$ ls -l\ntotal 0"),
                Outline(.paragraph, "After."),
            ])
    }

    @Test func lineBreaksSpacesAndJoins() throws {
        let page = try document(
            """
            one\\c
            two
            .br
            three
            .sp
            four

            five
             indented
            """)
        #expect(page.blockTexts == ["onetwo three", "four", "five indented"])
    }

    @Test func chineseLinesJoinWithoutASpaceButBreaksKeepOne() throws {
        let page = try document(
            """
            .PP
            能理解两种不同版本的正则表达式语法：\\*(lqbasic\\*(rq 和见运
            算符。然后
            .br
            中文 man 手册页计划：\\fBhttps://example.org\\fR
            English
            文本
            """)
        #expect(page.text == "能理解两种不同版本的正则表达式语法：“basic” 和见运算符。然后 中文 man 手册页计划：https://example.org English 文本")
    }

    @Test func macroDefinitionsAreSkippedAndRunOnlyWhenCalled() throws {
        let page = try document(
            #"""
            .de XX
            This body is not text
            ..
            .de FN
            \fI\|\\$1\|\fP
            ..
            .de Pair end
            \\$2 then \\$1 (\\n(.$ args)
            .end
            before
            .FN /etc/profile
            after
            .Pair first second
            .UNKNOWN words of an undefined macro
            """#)
        #expect(page.text == "before /etc/profile after second then first (2 args)")
    }

    @Test func conditionsFollowATerminalFormatter() throws {
        let page = try document(
            #"""
            .ie n nroff
            .el troff
            .ie t troff again
            .el nroff again
            .if !\n(.g \{\
            not groff
            .\}
            .if \n(.g=1 \{ groff
            and more
            .\}
            .if '\*(lq'“' strings compare
            .nr X 3
            .if (\nX*2)>5 registers work
            .if t \{\
            .  if n nested text is skipped too
            .\}
            .ds Aq '
            .ie \n(.g .ds Aq \(aq
            .el       .ds Aq '
            it\*(Aqs done
            """#)
        #expect(page.text == "nroff nroff again groff and more strings compare registers work it's done")
    }

    @Test func stringDefinitionsAndTranslations() throws {
        let page = try document(
            #"""
            .ds sd \fIsed\fP
            .ds Sd "Sed
            .as Sd " appended
            \*(Sd is \*(sd.
            .tr \(*W-
            a\(*Wb
            """#)
        #expect(page.text == "Sed appended is sed. a-b")
    }

    @Test func soIncludesAreReportedNotFollowed() throws {
        let result = try parse(".so man1/other.1\n")
        #expect(result.documents[0].text.isEmpty)
        #expect(result.warnings == ["test.1: `.so man1/other.1` includes another file, which is not followed"])
    }

    @Test func linksShowTheirTarget() throws {
        let page = try document(
            """
            See
            .UR https://example.org/docs
            the docs
            .UE .
            Mail
            .MT bugs@example.org
            .ME ,
            or
            .MR ls 1 .
            """)
        #expect(page.text == "See the docs <https://example.org/docs>. Mail bugs@example.org, or ls(1).")
    }

    @Test func tablesBecomeRows() throws {
        let page = try document(
            """
            .TS
            allbox tab(:);
            lB lB
            l l.
            Key:Meaning
            _
            a:T{
            a long cell
            .br
            on lines
            T}:after
            b:plain
            .TE
            Done.
            """)
        #expect(
            page.outline == [
                Outline(.tableRow, "Key | Meaning"), Outline(.tableRow, "a | a long cell on lines | after"),
                Outline(.tableRow, "b | plain"), Outline(.paragraph, "Done."),
            ])
    }

    @Test func ignoredRequestsLeaveNoText() throws {
        let page = try document(
            """
            .ad l
            .na
            .hy 0
            .nh
            .PD 0
            .ne 5
            .in +4
            .UC 4
            .ll 70
            .ig
            ignored block
            ..
            .IX Title "X"
            .EQ
            x sup 2
            .EN
            Only this.
            """)
        #expect(page.text == "Only this.")
    }

    @Test func mdocMacrosRenderAsATerminalShowsThem() throws {
        let page = try document(
            """
            .Dd $Mdocdate: December 16 2022 $
            .Dt SCP 1
            .Os
            .Sh NAME
            .Nm scp
            .Nd secure copy
            .Sh SYNOPSIS
            .Nm scp
            .Op Fl 346B
            .Op Fl c Ar cipher
            .Ar source ... target
            .Sh DESCRIPTION
            .Bl -tag -width Ds
            .It Fl l Ar limit
            Limits the used bandwidth, see
            .Xr ssh 1 .
            .El
            .Sm off
            .Oo user @ Oc host
            .Sm on
            ok
            """)
        #expect(page.title == "scp(1)")
        #expect(
            page.outline == [
                Outline(.heading(level: 1), "NAME"), Outline(.paragraph, "scp - secure copy"),
                Outline(.heading(level: 1), "SYNOPSIS"),
                Outline(.paragraph, "scp [-346B] [-c cipher] source ... target"),
                Outline(.heading(level: 1), "DESCRIPTION"),
                Outline(.listItem, "-l limit Limits the used bandwidth, see ssh(1)."),
                Outline(.paragraph, "[user@]host ok"),
            ])
    }

    @Test func latin1PagesThatSayItAreDecoded() throws {
        let bytes = Array(".\\\" -*- coding: latin-1 -*-\n.TH X 1\ncaf".utf8) + [0xE9] + Array(" cr\\(`eme\n".utf8)
        let result = try ParserRegistry().parse(bytes, format: .man, sourceName: "x.1")
        #expect(result.documents[0].text == "café crème")
        #expect(
            result.documents[0].metadata["charset"] == "windows-1252"
                || result.documents[0].metadata["charset"] == "ISO-8859-1")
    }
}
