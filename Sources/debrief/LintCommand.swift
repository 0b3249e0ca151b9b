import ArgumentParser
import DebriefCore
import DebriefFormat
import Foundation

/// `debrief lint`: checks post-mortems for completeness and blameless language.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check post-mortems: required sections, timeline, whys, action items, blame, hindsight, secrets.",
        discussion: """
            Folders are searched for .md files. The policy is the nearest .debrief.yml above each file \
            (or --policy). Exit 0 when no finding is an error, 1 when one is, 2 on unreadable input.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }

    /// Post-mortem files or folders.
    @Argument(help: "Post-mortem files or folders to check.")
    var paths: [String] = []

    @Option(help: "Output format: text, json or sarif.")
    var format: Format = .text

    @Option(help: "The day overdue action items are measured against (YYYY-MM-DD); default today (UTC).")
    var today: String?

    @Option(help: "A policy file to use instead of the nearest .debrief.yml.")
    var policy: String?

    @Flag(help: "List every rule with its severity and an example, then exit.")
    var listRules = false

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if !listRules && paths.isEmpty { throw ValidationError("name at least one file or folder to lint") }
        if let today { _ = try parseDay(today, option: "--today") }
    }

    func run() async throws {
        if listRules {
            try write(RuleCatalog.text(Linter.allRules.map(\.description), format: format), to: output)
            return
        }
        let day = try today.map { try parseDay($0, option: "--today") } ?? todayUTC()
        var findings: [Finding] = []
        var unreadable = 0
        let linter = Linter()
        let files = try collectOrExit(paths)
        var policies: [String: Policy] = [:]
        for file in files {
            do {
                let folder = (file as NSString).deletingLastPathComponent
                let rules = try policies[folder] ?? loadPolicy(explicit: policy, near: file)
                policies[folder] = rules
                let document = try PostMortemFiles.read(file)
                findings += linter.lint(document, policy: rules, today: day)
            } catch {
                printError("\(error)")
                unreadable += 1
            }
        }
        switch format {
        case .text:
            let text = FindingsOutput.text(findings)
            let errors = findings.filter { $0.severity == .error }.count
            let checked = files.count - unreadable
            var summary =
                "\(checked) file\(checked == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(findings.count - errors) other finding\(findings.count - errors == 1 ? "" : "s")"
            if unreadable > 0 { summary += "; \(unreadable) unreadable" }
            if !text.isEmpty { try write(text, to: output) }
            printError(summary)
        case .json: try write(FindingsOutput.json(findings), to: output)
        case .sarif:
            try write(
                FindingsOutput.sarif(findings, rules: Linter.allRules.map(\.description), version: Debrief.version),
                to: output)
        }
        if unreadable > 0 { throw Exit.input }
        if findings.contains(where: { $0.severity == .error }) { throw Exit.findings }
    }
}

/// The rule list for `--list-rules`.
enum RuleCatalog {
    static func text(_ rules: [RuleDescription], format: LintCommand.Format) throws -> String {
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(["rules": rules]), as: UTF8.self)
        }
        return rules.map { rule in
            let indent = { (text: String) in
                text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(
                    separator: "\n")
            }
            return
                "\(rule.id) (\(rule.severity.rawValue))\n    \(rule.summary)\n    bad:\n\(indent(rule.bad))\n    good:\n\(indent(rule.good))"
        }.joined(separator: "\n\n")
    }
}
