import ArgumentParser
import DebriefStore
import Foundation

/// `debrief audit`: the audit trail of the team database, newest first.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the audit trail: sign-ins, failed sign-ins, accounts, tokens, edits and review steps.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var store: StoreOptions

    @Option(help: "How many events, newest first.")
    var limit: Int = 100

    @Option(help: "text (tab-separated) or json.")
    var format: Format = .text

    func run() async throws {
        let events = try await store.open().auditTrail(limit: limit)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(events), as: UTF8.self))
        case .text:
            let formatter = ISO8601DateFormatter()
            for event in events {
                // Every field is clean: AuditEvent cleans it, rows written before it did included.
                print(
                    [formatter.string(from: event.at), event.actor, event.action, event.target, event.detail].joined(
                        separator: "\t"))
            }
        }
    }
}
