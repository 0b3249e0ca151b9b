import ArgumentParser
import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation

/// `debrief import`: a hand-written post-mortem to the canonical format, or a folder of them
/// into the team database.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert a hand-written post-mortem to the canonical format, or load a folder into the database.",
        discussion: """
            With one file and no --db: heading synonyms, timelines as tables, bullets or plain lines, and many time \
            notations are understood; the canonical Markdown goes to standard output or -o. \
            With a folder (or --db): every post-mortem found is loaded into the database. A new id is created, a \
            changed one gets a new version, an identical one is left alone; a bad file is reported and skipped.
            """
    )

    @Argument(help: "A post-mortem file (any extension), or folders and files to load into the database.")
    var paths: [String]

    @Option(
        name: .shortAndLong, help: "Where to write the canonical Markdown of one file; standard output when omitted.")
    var output: String?

    @Option(
        help:
            "The database to load into, a SQLite file or a postgres:// URL (default: $DEBRIEF_DB or ./debrief.sqlite); implied by a folder."
    )
    var db: String?

    @Option(name: .customLong("as"), help: "The author recorded for the versions created.")
    var author: String = "import"

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give a file or a folder") }
    }

    var intoStore: Bool {
        var isDirectory: ObjCBool = false
        let single = paths.count == 1 && FileManager.default.fileExists(atPath: paths[0], isDirectory: &isDirectory)
        return db != nil || paths.count > 1 || (single && isDirectory.boolValue)
    }

    func run() async throws {
        if intoStore { return try await load() }
        let file = paths[0]
        do {
            let document = try PostMortemFiles.read(file)
            for diagnostic in document.diagnostics {
                printError(
                    "\(file):\(diagnostic.location.line):\(diagnostic.location.column): warning: \(diagnostic.message)")
            }
            // Sections Debrief has no field for are kept word for word; say so, so that the
            // author knows which of their headings were not read as one of its sections.
            for section in document.postMortem.extraSections where !section.body.isEmpty && !section.heading.isEmpty {
                let line =
                    document.lines.first { $0.role == .heading && $0.text.contains(section.heading) }?.number ?? 1
                printError(
                    "\(file):\(line):1: warning: section '\(section.heading)' is not one Debrief reads; kept word for word"
                )
            }
            try write(MarkdownRenderer.render(Importer.normalize(document.postMortem)), to: output)
        } catch let error as ParseError {
            printError("\(error)")
            throw Exit.input
        }
    }

    func load() async throws {
        let options = try StoreOptions.parse(db.map { ["--db", $0] } ?? [])
        let store = try await options.open()
        let report = try await Sync.importFiles(paths, into: store, by: author)
        for failure in report.failed { printError(failure) }
        print(
            "\(options.shown): \(report.created.count) created, \(report.updated.count) updated, "
                + "\(report.unchanged.count) unchanged, \(report.failed.count) failed")
        if !report.failed.isEmpty { throw Exit.input }
    }
}
