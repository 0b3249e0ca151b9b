import ArgumentParser
import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation

/// `debrief report`: systemic and isolated weaknesses, follow-through and detection and
/// recovery times across the incidents of a period.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "A reliability report across incidents: what recurs (systemic) and what not, follow-through, MTTD/MTTR.",
        discussion: """
            From post-mortem files and folders, or the database (--db, as --as sees it). The \
            period is --from to --to (default: the twelve months up to today). A contributing-factor \
            category, service, kind of trigger or root-cause term is systemic when --min-incidents \
            (3) or more incidents carrying it started within --window-days (365) of each other.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, csv, json }

    @Argument(help: "Post-mortem files or folders (default: the database).")
    var paths: [String] = []

    @OptionGroup var store: StoreOptions

    @Option(help: "First day of the period (YYYY-MM-DD); default a year before --to.")
    var from: String?

    @Option(help: "Last day of the period (YYYY-MM-DD); default today (UTC).")
    var to: String?

    @Option(help: "Incidents that make a weakness systemic.")
    var minIncidents = 3

    @Option(help: "Days those incidents must fall within.")
    var windowDays = 365

    @Option(name: .customLong("as"), help: "Read the database as this account (what it may see).")
    var reader: String?

    @Option(help: "md, html, csv or json.")
    var format: Format = .md

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if let from { _ = try parseDay(from, option: "--from") }
        if let to { _ = try parseDay(to, option: "--to") }
        guard (2...1000).contains(minIncidents) else { throw ValidationError("--min-incidents is 2 to 1000") }
        guard (1...3650).contains(windowDays) else { throw ValidationError("--window-days is 1 to 3650") }
    }

    func run() async throws {
        let today = todayUTC()
        let last = try to.map { try parseDay($0, option: "--to") } ?? today
        let first = try from.map { try parseDay($0, option: "--from") } ?? last.adding(days: -365)
        var postMortems: [PostMortem]
        var unreadable = false
        if paths.isEmpty {
            let viewer = Member(name: reader ?? "", role: .viewer)
            postMortems = try await store.refusing { database in
                try await database.postMortems(IncidentFilter(from: first, to: last), for: viewer).postMortems
            }
        } else {
            (postMortems, unreadable) = try readPostMortems(paths)
        }
        let report = ReliabilityReport(
            postMortems, from: first, to: last, today: today, minIncidents: minIncidents, windowDays: windowDays)
        let text: String
        switch format {
        case .md: text = ReliabilityOutput.markdown(report)
        case .html: text = ReliabilityOutput.html(report)
        case .csv: text = ReliabilityOutput.csv(report)
        case .json: text = try ReliabilityOutput.json(report)
        }
        try write(text, to: output)
        if unreadable { throw Exit.input }
    }
}
