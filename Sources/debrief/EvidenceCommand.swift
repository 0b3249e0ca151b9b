import ArgumentParser

/// `debrief evidence`: work on raw evidence (logs, chat, git history).
struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Read evidence: group log lines into templates.",
        subcommands: [TemplatesCommand.self]
    )
}
