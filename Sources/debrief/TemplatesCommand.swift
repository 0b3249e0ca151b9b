import ArgumentParser
import DebriefEvidence
import DebriefFormat
import Foundation

/// `debrief evidence templates`: which message templates the lines of a log follow.
struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Group log lines into templates (`connection to <*> timed out after <*> ms`).",
        discussion: """
            CSV has the columns LineId,TemplateId,Template (LineId is the 1-based line number a record starts \
            on: a stack trace or a JSON body goes on the line that opened it; with several files a File column \
            comes first). Text lists the templates by count; JSON gives templates with \
            counts and each line's template id.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, text }

    @Argument(help: "Log files (plain or gzip) or folders to read.")
    var paths: [String]

    @Option(help: "csv, json or text.")
    var format: Format = .text

    @Option(help: "Share of positions that must agree for a line to join a template (0–1).")
    var similarity: Double = TemplateMiner.defaultSimilarity

    @Option(help: "How many different plain words one position may hold before it becomes a variable (1 or more).")
    var wordValues: Int = TemplateMiner.defaultWordValues

    func validate() throws {
        guard (0...1).contains(similarity) else { throw ValidationError("--similarity must be between 0 and 1") }
        guard wordValues >= 1 else { throw ValidationError("--word-values must be 1 or more") }
    }

    func run() async throws {
        let files = logFiles(paths)
        var miner = TemplateMiner(similarity: similarity, wordValues: wordValues)
        var assignments: [(file: Int, line: Int, template: Int)] = []
        var unreadable = false
        for (fileIndex, file) in files.enumerated() {
            do {
                // Large plain files are split between the cores; the result is in line order.
                let mined = try await ParallelMining.mine(path: file, into: &miner)
                for (template, start) in zip(mined.lineTemplates, mined.recordStarts) {
                    assignments.append((fileIndex, Int(start), Int(template)))
                }
                if mined.joinedLines > 0 {
                    printError(
                        "\(file): \(mined.joinedLines) lines continue the record before them (stack traces, "
                            + "JSON bodies, CSV fields of several lines): mined with it, cited at its first line")
                }
                reportDamage(
                    truncated: mined.truncatedLines, invalid: mined.invalidUTF8Lines, stream: mined.streamDamage,
                    in: file)
            } catch {
                printError("\(file):1:1: error: cannot read: \(error.localizedDescription)")
                unreadable = true
            }
        }
        // A line's template may have been folded into another since it was read.
        miner.foldWordRuns()
        for index in assignments.indices { assignments[index].template = miner.resolve(assignments[index].template) }
        var out = ""
        switch format {
        case .csv:
            out = files.count > 1 ? "File,LineId,TemplateId,Template\n" : "LineId,TemplateId,Template\n"
            for a in assignments {
                let prefix = files.count > 1 ? CSV.field(files[a.file]) + "," : ""
                out += "\(prefix)\(a.line),\(a.template),\(CSV.field(miner.template(a.template).text))\n"
            }
        case .json:
            struct Report: Encodable {
                struct Template: Encodable {
                    var id: Int
                    var template: String
                    var count: Int
                }
                var templates: [Template]
                var lines: [Int]
            }
            let report = Report(
                templates: miner.templates.map { .init(id: $0.id, template: $0.text, count: $0.count) },
                lines: assignments.map(\.template))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            out = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        case .text:
            for template in miner.templates.sorted(by: { ($1.count, $0.id) < ($0.count, $1.id) }) {
                out += padded(String(template.count), to: 7) + " " + template.text + "\n"
            }
            out += "\(assignments.count) lines, \(miner.templates.count) templates\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        if unreadable { throw Exit.input }
    }
}
