import ArgumentParser
import DebriefCore
import DebriefFormat
import Foundation

/// `debrief metrics`: time to detect, mitigate and resolve, per incident and in aggregate.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Time to detect / mitigate / resolve per incident, with mean, median and p90."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @Argument(help: "Post-mortem files or folders.")
    var paths: [String]

    @Option(help: "table, json or csv.")
    var format: Format = .table

    func run() async throws {
        let (postMortems, unreadable) = try readPostMortems(paths)
        let report = MetricsReport(postMortems)
        switch format {
        case .table: print(MetricsOutput.table(report))
        case .json: print(try MetricsOutput.json(report))
        case .csv: print(MetricsOutput.csv(report))
        }
        if unreadable { throw Exit.input }
    }
}
