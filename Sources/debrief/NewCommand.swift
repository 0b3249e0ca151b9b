import ArgumentParser
import DebriefCore
import DebriefFormat
import Foundation

/// `debrief new`: a skeleton post-mortem for a severity and kind.
struct NewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a skeleton post-mortem with the sections the policy requires for its severity.",
        discussion: "The skeleton is full of TODO prompts; `debrief lint` reports each until it is replaced."
    )

    @Argument(help: "The incident's title.")
    var title: String

    @Option(help: "SEV1 (worst) to SEV5.")
    var severity: String = "SEV3"

    @Option(help: "outage, degradation, security, data-exposure or near-miss.")
    var kind: String = "outage"

    @Option(help: "Incident date (YYYY-MM-DD); default today (UTC).")
    var date: String?

    @Option(
        name: .shortAndLong,
        help: "Output file; default <date>-<title>.md in the current folder. '-' for standard output.")
    var output: String?

    @Flag(help: "Overwrite the output file if it exists.")
    var force = false

    func validate() throws {
        guard Severity(loose: severity) != nil else {
            throw ValidationError("--severity must be SEV1 … SEV5, not '\(severity)'")
        }
        guard IncidentKind(rawValue: kind) != nil else {
            throw ValidationError(
                "--kind must be one of \(IncidentKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let date { _ = try parseDay(date, option: "--date") }
    }

    func run() async throws {
        let day = try date.map { try parseDay($0, option: "--date") } ?? todayUTC()
        let path = output ?? "\(Slug.make(day.description + "-" + title)).md"
        if path != "-", FileManager.default.fileExists(atPath: path), !force {
            printError("\(path) already exists; use --force to overwrite it")
            throw Exit.input
        }
        let policy = try loadPolicy(explicit: nil, near: path == "-" ? "." : path)
        let text = Template.skeleton(
            title: title, severity: Severity(loose: severity)!, kind: IncidentKind(rawValue: kind)!, policy: policy,
            date: day)
        try write(text, to: path)
        if path != "-" { printError("wrote \(path)") }
    }
}
