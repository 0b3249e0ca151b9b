import ArgumentParser
import DebriefCore
import DebriefFormat
import Foundation

/// `debrief redact`: writes the public version of post-mortems.
struct RedactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract:
            "Write the public version of post-mortems: secrets, personal data, people, internal systems and customers taken out.",
        discussion: """
            People become their role ("the incident commander", "on-call engineer A"), the same \
            words every time within one document; data becomes a label ("[e-mail address]", \
            "[REDACTED]"); internal links lose their URL and keep their words; evidence, cost, \
            attachments not listed as public, unknown front matter, sections headed "(internal)" \
            and text between <!-- internal --> and <!-- /internal --> are left out. The policy \
            is the `redaction:` part of the nearest .debrief.yml (or --policy). The public \
            version is checked again with the secret and personal-data rules: anything they \
            still find is printed and the exit status is 1. Exit 2 on unreadable input.
            """
    )

    /// Post-mortem files or folders.
    @Argument(help: "Post-mortem files or folders to redact.")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Write the public version here (one input file only; default standard output).")
    var output: String?

    @Option(help: "Write each public version into this folder, under its file name.")
    var outDir: String?

    @Option(help: "A policy file to use instead of the nearest .debrief.yml.")
    var policy: String?

    @Option(help: "Write a JSON report of every redaction (category, field, line, column, replacement) here.")
    var report: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one post-mortem file or folder") }
        if output != nil && outDir != nil { throw ValidationError("use -o or --out-dir, not both") }
    }

    func run() async throws {
        let files = try collectOrExit(paths)
        if files.count > 1 && outDir == nil {
            throw ValidationError("\(files.count) files to redact: name a folder for them with --out-dir")
        }
        if let outDir {
            try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        }
        var results: [(file: String, output: String, version: PublicVersion)] = []
        var unreadable = 0
        var remaining = 0
        for file in files {
            do {
                let rules = try loadPolicy(explicit: policy, near: file)
                let document = try PostMortemFiles.read(file)
                let version = try PublicVersion(document, policy: rules.redaction)
                // Named by the public id: the file name may name a customer too.
                let target = outDir.map { ($0 as NSString).appendingPathComponent(version.id + ".md") }
                if let target,
                    URL(fileURLWithPath: target).standardizedFileURL == URL(fileURLWithPath: file).standardizedFileURL
                {
                    throw ParseError(file: file, line: 1, message: "the public version would overwrite the original")
                }
                try write(version.markdown, to: target ?? output)
                for finding in version.remaining {
                    printError(
                        "\(target ?? output ?? "public version of " + file):\(finding.line):\(finding.column): \(finding.rule): \(finding.message)"
                    )
                }
                remaining += version.remaining.count
                let counts = Dictionary(grouping: version.redactions, by: \.category.rawValue).mapValues(\.count)
                let summary = counts.keys.sorted().map { "\(counts[$0]!) \($0)" }.joined(separator: ", ")
                printError(
                    "\(file): \(version.redactions.count) redaction\(version.redactions.count == 1 ? "" : "s")\(summary.isEmpty ? "" : " (\(summary))")"
                )
                results.append((file, target ?? output ?? "-", version))
            } catch {
                printError("\(error)")
                unreadable += 1
            }
        }
        if let report { try write(try PublicVersion.reportJSON(results), to: report) }
        if unreadable > 0 { throw ExitCode(2) }
        if remaining > 0 {
            printError(
                "\(remaining) secret or personal-data finding\(remaining == 1 ? "" : "s") left in the public version")
            throw ExitCode(1)
        }
    }
}
