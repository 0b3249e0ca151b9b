import ArgumentParser
import DebriefCore
import DebriefFormat
import Foundation

/// `debrief export`: a post-mortem as JSON, standalone HTML or canonical Markdown.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a post-mortem as JSON (the model, camelCase keys), standalone HTML or canonical Markdown."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, html, md }

    @Argument(help: "The post-mortem to export.")
    var file: String

    @Option(help: "json, html or md.")
    var format: Format = .json

    @Option(name: .shortAndLong, help: "Output file; standard output when omitted.")
    var output: String?

    @Option(help: "The day overdue action items are marked against in HTML (YYYY-MM-DD); default today (UTC).")
    var today: String?

    func run() async throws {
        do {
            let document = try PostMortemFiles.read(file)
            let pm = document.postMortem
            switch format {
            case .json: try write(JSONFormat.encode(pm), to: output)
            case .md: try write(MarkdownRenderer.render(pm), to: output)
            case .html:
                let day = try today.map { try parseDay($0, option: "--today") } ?? todayUTC()
                let policy = try loadPolicy(explicit: nil, near: file)
                let findings = Linter().lint(document, policy: policy, today: day)
                try write(HTMLRenderer.render(pm, findings: findings, today: day), to: output)
            }
        } catch let error as ParseError {
            printError("\(error)")
            throw Exit.input
        }
    }
}
