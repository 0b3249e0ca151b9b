import ArgumentParser
import DebriefCore
import DebriefEvidence
import DebriefFormat
import Foundation

/// `debrief draft`: a first post-mortem from the evidence, every entry citing its source.
struct DraftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Draft a post-mortem from logs, chat and git history; every timeline entry cites its evidence.",
        discussion: """
            The incident window comes from the logs' error rate; changes from --git and --deploys in the two \
            hours before it, and reverts or rollbacks during it; detection and actions from --chat. Key instants are marked inferred. Root \
            cause, whys, lessons and actions are left as TODO prompts for people to write. An SVG chart of \
            errors per minute is written beside the draft.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, json }

    @Option(name: .customLong("logs"), parsing: .upToNextOption, help: "Log files or folders.")
    var logPaths: [String]

    @Option(
        help:
            "A Slack export (folder or zip), a Microsoft Teams message list (Graph JSON), a Mattermost bulk export (JSON lines), or a plain transcript file."
    )
    var chat: String?

    @Option(help: "A git repository whose history may hold the triggering change.")
    var git: String?

    @Option(help: "A deploy log: one timestamped line per deploy or rollback.")
    var deploys: String?

    @OptionGroup var logs: LogOptions

    @Option(name: .shortAndLong, help: "Where to write the draft; standard output when omitted.")
    var output: String?

    @Option(help: "md (canonical Markdown) or json.")
    var format: Format = .md

    func validate() throws {
        if logPaths.isEmpty { throw ValidationError("give at least one log with --logs") }
    }

    func run() async throws {
        let files = logFiles(logPaths)
        let read = try await logs.read(files)
        for note in read.assumptions { printError("note: \(note)") }
        let commits =
            try git.map { path in
                try readOrExit({ "\(path):1:1: error: cannot read git history: \($0)" }) {
                    try GitHistory.read(repository: path)
                }
            } ?? []
        var messages: [ChatMessage] = []
        if let chat {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: chat, isDirectory: &isDirectory) else {
                printError("\(chat):1:1: error: no such file or folder")
                throw Exit.input
            }
            messages = try readOrExit({ "\($0)" }) {
                if isDirectory.boolValue || ChatExport.isZip(chat) {
                    let (found, problems) =
                        isDirectory.boolValue
                        ? try ChatExport.readSlack(folder: chat) : try ChatExport.readSlackArchive(zip: chat)
                    for problem in problems { printError("\(problem) (skipped)") }
                    return found
                }
                // One look at the file's first bytes says which kind of chat file it is.
                switch ChatExport.kind(of: chat) {
                case .teams:
                    return try ChatExport.readTeams(path: chat)
                case .mattermost:
                    let (found, problems) = try ChatExport.readMattermost(path: chat)
                    for problem in problems { printError("\(problem) (skipped)") }
                    return found
                case .transcript:
                    // A transcript's times are on the day the logs' incident started.
                    let day = read.scan.first.map {
                        Instant(date: Date(timeIntervalSince1970: $0), offset: 0).localDate
                    }
                    return try ChatExport.readTranscript(
                        path: chat, date: DateComponents(year: day?.year, month: day?.month, day: day?.day),
                        offset: try logs.zoneOffset() ?? 0)
                }
            }
        }
        let deployEvents =
            try deploys.map { path in
                try readOrExit({ "\(path):1:1: error: cannot read the deploy log: \($0.localizedDescription)" }) {
                    try DeployEvent.read(path: path)
                }
            } ?? []
        var charts: [(path: String, caption: String)] = []
        if let output {
            let base = URL(fileURLWithPath: output).deletingPathExtension()
            let window = read.scan.incidentWindow
            for (suffix, caption, svg) in [
                (
                    "errors.svg", "Errors per minute, incident window shaded",
                    IncidentChart.svg(scan: read.scan, window: window)
                ),
                (
                    "templates.svg", "Top log messages per minute, incident window shaded",
                    IncidentChart.templatesSVG(scan: read.scan, window: window)
                ),
            ] {
                guard let svg else { continue }
                let url = base.appendingPathExtension(suffix)
                try Data(svg.utf8).write(to: url, options: .atomic)
                charts.append((url.lastPathComponent, caption))
            }
        }
        let draft: PostMortem
        do {
            draft = try DraftBuilder.draft(
                scan: read.scan, sources: .init(logFiles: files, gitRepository: git, chatPath: chat), commits: commits,
                chat: messages, deploys: deployEvents, charts: charts)
        } catch {
            printError("error: \(error)")
            throw Exit.findings
        }
        switch format {
        case .md: try write(MarkdownRenderer.render(draft), to: output)
        case .json: try write(JSONFormat.encode(draft), to: output)
        }
        if let output { printError("wrote \(output)" + charts.map { " and \($0.path)" }.joined()) }
        if read.unreadable { throw Exit.input }
    }
}
