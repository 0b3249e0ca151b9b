import ArgumentParser
import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation

/// `debrief export`: a post-mortem as JSON, standalone HTML or canonical Markdown, or the
/// whole database back to a folder of Markdown.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a post-mortem as JSON, HTML or Markdown, or every post-mortem in the database to a folder.",
        discussion: """
            With a post-mortem file: the model as JSON (camelCase keys), standalone HTML or canonical Markdown.             With a folder that is not a file (or --db): every post-mortem in the database is written as             canonical Markdown to <folder>/<id>.md, so git and the database stay in step.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, html, md }

    @Argument(help: "The post-mortem to export, or the folder to write the database to.")
    var file: String

    @Option(
        help:
            "The database to export, a SQLite file or a postgres:// URL (default: $DEBRIEF_DB or ./debrief.sqlite); implied by a folder."
    )
    var db: String?

    @Option(help: "json, html or md.")
    var format: Format = .json

    @Option(name: .shortAndLong, help: "Output file; standard output when omitted.")
    var output: String?

    @Option(help: "The day overdue action items are marked against in HTML (YYYY-MM-DD); default today (UTC).")
    var today: String?

    func run() async throws {
        var isDirectory: ObjCBool = false
        let isFile = FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory.boolValue
        if db != nil || !isFile {
            let options = try StoreOptions.parse(db.map { ["--db", $0] } ?? [])
            let written = try await Sync.exportAll(from: options.open(), to: file)
            print("\(options.shown): wrote \(written.count) post-mortem\(written.count == 1 ? "" : "s") to \(file)")
            return
        }
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
