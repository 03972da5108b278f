import ArgumentParser

@main
struct Ruminate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ruminate",
        abstract: "An offline deep-research knowledge engine: index a collection, search it, evaluate the ranking.",
        discussion: """
            Without --index, commands use $RUMINATE_INDEX, else $XDG_DATA_HOME/ruminate/default.sqlite. When that
            default index is missing and $RUMINATE_BOOTSTRAP_CORPUS names a folder, it is built from that folder
            first (the repository's scripts/ruminate sets both: indexes/default.sqlite from corpora/).
            """,
        version: "0.1.0",
        subcommands: [
            IndexCommand.self, WatchCommand.self, SearchCommand.self, ShowCommand.self, StatusCommand.self,
            EvalCommand.self,
            AskCommand.self, VerifyCommand.self, EvalAnswersCommand.self, ResearchCommand.self, ServeCommand.self,
            MCPCommand.self,
        ]
    )
}
