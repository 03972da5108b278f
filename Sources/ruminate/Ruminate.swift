import ArgumentParser

@main
struct Ruminate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ruminate",
        abstract: "An offline deep-research knowledge engine: index a collection, search it, evaluate the ranking.",
        discussion: """
            Without --index, commands use indexes/default.sqlite when run inside the Ruminate repository
            (indexing corpora/ on first use), otherwise $XDG_DATA_HOME/ruminate/default.sqlite.
            RUMINATE_INDEX overrides the default.
            """,
        version: "0.1.0",
        subcommands: [
            IndexCommand.self, WatchCommand.self, SearchCommand.self, ShowCommand.self, StatusCommand.self, EvalCommand.self,
            AskCommand.self, VerifyCommand.self, EvalAnswersCommand.self, ResearchCommand.self, ServeCommand.self,
            MCPCommand.self,
        ]
    )
}
