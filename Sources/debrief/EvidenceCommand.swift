import ArgumentParser

/// `debrief evidence`: work on raw evidence (logs, chat, git history).
struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Read evidence: summarise logs and find the incident window, group lines into templates.",
        subcommands: [ScanCommand.self, TemplatesCommand.self]
    )
}
