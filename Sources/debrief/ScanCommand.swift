import ArgumentParser
import DebriefCore
import DebriefEvidence
import DebriefFormat
import Foundation

/// `debrief evidence scan`: what a set of logs says about an incident.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Summarise logs: time range, lines per level, top templates, and the incident window.",
        discussion: """
            The incident window is where errors per minute rise above max(3 × baseline, baseline + 5), the \
            baseline being the median minute. Templates first seen inside the window are listed apart.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Log files (plain or gzip) or folders to read.")
    var paths: [String]

    @OptionGroup var logs: LogOptions

    @Option(help: "text or json.")
    var format: Format = .text

    @Option(help: "How many templates to list.")
    var top: Int = 10

    func run() async throws {
        let files = logFiles(paths)
        let read = try await logs.read(files)
        let (scan, perFile, assumptions, unreadable) = (read.scan, read.perFile, read.assumptions, read.unreadable)
        var report = ScanReport(scan: scan, files: perFile, top: top)
        report.assumptions = assumptions
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .text:
            print(report.text)
        }
        if unreadable { throw Exit.input }
    }
}

/// What `scan` prints, built from a finished scan.
struct ScanReport: Encodable {
    struct File: Encodable {
        var path: String
        var lines: Int
    }
    struct Template: Encodable {
        var id: Int
        var template: String
        var count: Int
        var errors: Int
        var firstSeen: String?
    }
    struct Window: Encodable {
        var start: String
        var end: String
        var peakErrorsPerMinute: Int
        var baselineErrorsPerMinute: Double
        var confidence: Double
    }

    var files: [File]
    var lines: Int
    /// Lines that went on the record before them (stack traces, JSON bodies, CSV fields of several lines).
    var joinedLines: Int
    var linesWithoutTime: Int
    var first: String?
    var last: String?
    var levels: [String: Int]
    var window: Window?
    var topTemplates: [Template]
    var newInWindow: [Template]
    /// Years and zones the logs did not give, and what was taken instead.
    var assumptions: [String] = []

    static func iso(_ seconds: Double) -> String {
        Instant(date: Date(timeIntervalSince1970: seconds), offset: 0).iso8601
    }

    init(scan: LogScan, files: [(String, Int)], top: Int) {
        self.files = files.map { File(path: $0.0, lines: $0.1) }
        lines = scan.lines
        joinedLines = scan.joinedLines
        linesWithoutTime = scan.linesWithoutTime
        first = scan.first.map(Self.iso)
        last = scan.last.map(Self.iso)
        levels = Dictionary(uniqueKeysWithValues: scan.levels.map { ($0.key.rawValue, $0.value) })
        func summary(_ t: LogTemplate) -> Template {
            Template(
                id: t.id, template: t.text, count: t.count, errors: scan.templateErrors[t.id] ?? 0,
                firstSeen: scan.firstSeen[t.id].map(Self.iso))
        }
        let templates = scan.miner.templates
        topTemplates = templates.sorted { ($1.count, $0.id) < ($0.count, $1.id) }.prefix(top).map(summary)
        if let w = scan.incidentWindow {
            window = Window(
                start: Self.iso(w.start), end: Self.iso(w.end), peakErrorsPerMinute: w.peakErrorsPerMinute,
                baselineErrorsPerMinute: w.baselineErrorsPerMinute, confidence: (w.confidence * 100).rounded() / 100)
            newInWindow = templates.filter { t in scan.firstSeen[t.id].map { $0 >= w.start && $0 < w.end } ?? false }
                .sorted { ($1.count, $0.id) < ($0.count, $1.id) }.prefix(top).map(summary)
        } else {
            window = nil
            newInWindow = []
        }
    }

    var text: String {
        var out: [String] = []
        for f in files { out.append("file: \(f.path) (\(f.lines) lines)") }
        if let first, let last { out.append("time range: \(first) – \(last)") }
        for note in assumptions { out.append("note: \(note)") }
        var counts: [String] = []
        if linesWithoutTime > 0 { counts.append("\(linesWithoutTime) without a timestamp") }
        if joinedLines > 0 {
            counts.append(
                "and \(joinedLines) more lines joined to the record before them: stack traces, JSON bodies, CSV fields of several lines"
            )
        }
        out.append("lines: \(lines)" + (counts.isEmpty ? "" : " (" + counts.joined(separator: "; ") + ")"))
        let order = LogLevel.allCases.reversed().map(\.rawValue)
        out.append("levels: " + order.compactMap { l in levels[l].map { "\(l) \($0)" } }.joined(separator: ", "))
        if let w = window {
            out.append(
                "incident window: \(w.start) – \(w.end) (peak \(w.peakErrorsPerMinute) errors/min against a baseline of \(w.baselineErrorsPerMinute), confidence \(w.confidence))"
            )
        } else {
            out.append("incident window: none (no stretch where errors stand out from the baseline)")
        }
        func table(_ title: String, _ rows: [Template]) {
            guard !rows.isEmpty else { return }
            out.append("")
            out.append(title)
            let countWidth = max(5, rows.map { String($0.count).count }.max() ?? 0)
            let errorWidth = max(6, rows.map { String($0.errors).count }.max() ?? 0)
            out.append(
                "  " + padded("count", to: countWidth) + "  " + padded("errors", to: errorWidth) + "  "
                    + padded("first seen", to: 20) + "  template")
            for r in rows {
                out.append(
                    "  " + padded(String(r.count), to: countWidth) + "  " + padded(String(r.errors), to: errorWidth)
                        + "  " + padded(r.firstSeen ?? "-", to: 20) + "  " + r.template)
            }
        }
        table("new in the window:", newInWindow)
        table("top templates:", topTemplates)
        return out.joined(separator: "\n")
    }
}
