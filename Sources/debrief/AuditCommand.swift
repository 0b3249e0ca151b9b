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
                // Rows written before fields were cleaned on the way in are cleaned here too.
                let fields = [event.actor, event.action, event.target, event.detail].map { AuditText.clean($0) }
                print(([formatter.string(from: event.at)] + fields).joined(separator: "\t"))
            }
        }
    }
}
