internal import MCP
import RuminateCompose
import RuminateResearch
import RuminateRetrieve
import RuminateService

/// The tools and their input schemas (JSON Schema), modelled on a deep-research agent's loop: `search` for
/// passages, `open` one to read it in context, `ask` for a cited answer, `research` for a whole report.
enum ToolCatalog {
    static let tools: [Tool] = [search, open, ask, research]

    /// The arguments each tool accepts (anything else is refused).
    static let arguments: [String: [String]] = [
        "search": ["query", "k", "mode", "rerank"],
        "open": ["passage", "document", "context", "highlight_start", "highlight_end", "offset", "length"],
        "ask": ["question", "sentences", "passages", "mode"],
        "research": ["topic", "rounds", "aspects", "mode"],
    ]

    static let search = Tool(
        name: "search", title: "Search the collection",
        description: """
            Rank passages of the collection for a query (BM25F over title, headings and body; fused with embeddings \
            when the index has vectors). Returns JSON {query, engine, terms, notes, hits: [{rank, document, \
            document_id, path, title, passage, heading_path, page, start, end, score, snippet}]}. Pass a hit's \
            `passage` id to `open` to read it with its context; `start`/`end` are offsets in Unicode scalars into \
            the document's text; `snippet` wraps matched words in <mark>…</mark>.
            """,
        inputSchema: object(
            [
                "query": string(
                    "What to look for, in words (analysed like the documents: case, accents and English word forms are folded)."
                ),
                "k": integer("How many passages to return.", SearchRequest.limitBound, default: 10),
                "mode": modeSchema,
                "rerank": .object([
                    "type": "boolean",
                    "description": "Rerank the top 50 passages with the learned reranker (default: true).",
                ]),
            ], required: ["query"]),
        annotations: readOnly("Search the collection"))

    static let open = Tool(
        name: "open", title: "Open a passage or document",
        description: """
            Read from the collection. With `passage` (an id from search, ask or research): that passage's text \
            with `context` characters of its document on each side, its neighbours' ids (previous_passage, \
            next_passage) and, when highlight_start/highlight_end are given (document offsets, e.g. a quoted \
            sentence's start and end), `segments` marking that span. With `document` (a key, id or path from a \
            result): the document's stored text, the text every citation offset points into, in windows of \
            `length` characters from `offset`; the result's next_offset says where the next window starts. All \
            offsets count Unicode scalars.
            """,
        inputSchema: object(
            [
                "passage": integer("A passage id (give this or `document`).", minimum: 1, default: nil),
                "document": string("A document key, id or path (give this or `passage`)."),
                "context": integer(
                    "With `passage`: characters of the document to include before and after it.",
                    KnowledgeService.contextBound, default: 300),
                "highlight_start": integer(
                    "With `passage`: start of the span to mark (a document offset).", minimum: 0, default: nil),
                "highlight_end": integer(
                    "With `passage`: end of the span to mark (a document offset, exclusive).", minimum: 0, default: nil),
                "offset": integer(
                    "With `document`: where the window of text starts (a document offset).", minimum: 0, default: 0),
                "length": integer(
                    "With `document`: how many characters of text to return at most.", minimum: 1,
                    maximum: DocumentWindow.maximumLength, default: DocumentWindow.defaultLength),
            ], required: []),
        annotations: readOnly("Open a passage or document"))

    static let ask = Tool(
        name: "ask", title: "Ask for a cited answer",
        description: """
            Answer a question with sentences quoted verbatim from the collection, each cited [n] to a numbered \
            source; when the evidence is weak it abstains and lists the closest passages instead of guessing. \
            Returns the answer as readable text, then its JSON {question, abstained, verified, evidence, \
            sentences: [{text, citation, passage, document, document_id, path, start, end, score}], sources: \
            [{number, document, title, path, heading_path, quoted: [{start, end}]}], closest?}. Offsets count \
            Unicode scalars into the document's text.
            """,
        inputSchema: object(
            [
                "question": string("The question, in words."),
                "sentences": integer(
                    "How many sentences to quote at most.", AskRequest.sentencesBound,
                    default: ComposeOptions().sentences),
                "passages": integer(
                    "How many retrieved passages to take sentences from.", AskRequest.passagesBound,
                    default: ComposeOptions().passages),
                "mode": modeSchema,
            ], required: ["question"]),
        annotations: readOnly("Ask for a cited answer"))

    static let research = Tool(
        name: "research", title: "Research a topic",
        description: """
            Research a topic in rounds: plan its aspects (the facets it lists, else the headings of its top \
            passages), query each aspect until a round finds too little new evidence, then write a report of quoted, \
            cited sentences (executive summary, sections titled by the collection's own headings on the topic, what \
            the collection does not cover, references). Slower than `ask`; sends progress \
            notifications when the request carries a progress token. Returns the report in Markdown, then its \
            JSON {topic, verified, outline, summary, sections, gaps, references, trace}, every sentence with its \
            passage id and document offsets.
            """,
        inputSchema: object(
            [
                "topic": string("The topic, in words."),
                "rounds": integer(
                    "Rounds of querying per aspect at most.", ResearchRequest.roundsBound,
                    default: ResearchOptions().maximumRounds),
                "aspects": integer(
                    "Aspects (lines of inquiry) at most.", ResearchRequest.aspectsBound,
                    default: ResearchOptions().maximumAspects),
                "mode": modeSchema,
            ], required: ["topic"]),
        annotations: readOnly("Research a topic"))

    // MARK: - Schema pieces

    private static let modeSchema: Value = .object([
        "type": "string", "enum": .array(SearchMode.allCases.map { .string($0.rawValue) }),
        "description": """
        Retrieval: lexical (BM25F), vector (embeddings) or hybrid (both, fused by reciprocal rank). Default: \
        hybrid when the index has vectors and the model is present, else lexical.
        """,
    ])

    private static func object(_ properties: [String: Value], required: [String]) -> Value {
        .object([
            "type": "object",
            "properties": .object(properties),
            "required": .array(required.map { .string($0) }),
            "additionalProperties": false,
        ])
    }

    private static func string(_ description: String) -> Value {
        .object(["type": "string", "description": .string(description)])
    }

    private static func integer(_ description: String, minimum: Int, maximum: Int? = nil, default value: Int?) -> Value
    {
        var schema: [String: Value] = [
            "type": "integer", "description": .string(description), "minimum": .int(minimum),
        ]
        if let maximum { schema["maximum"] = .int(maximum) }
        if let value { schema["default"] = .int(value) }
        return .object(schema)
    }

    /// An argument with a service bound: the schema states exactly what the service accepts.
    private static func integer(_ description: String, _ bound: ArgumentBound, default value: Int?) -> Value {
        integer(description, minimum: bound.range.lowerBound, maximum: bound.range.upperBound, default: value)
    }

    private static func readOnly(_ title: String) -> Tool.Annotations {
        Tool.Annotations(
            title: title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    }
}
