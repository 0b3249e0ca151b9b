import ArgumentParser
import Foundation

/// The `debrief` command: post-mortems as code.
@main
struct Debrief: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "debrief",
        abstract:
            "Blameless post-mortems as code: write, lint, format, import and export them, and serve them to the team.",
        discussion: """
            Exit codes: 0 success, 1 findings (lint errors, fmt --check differences), 2 usage or unreadable input.
            """,
        version: version,
        subcommands: [
            NewCommand.self, LintCommand.self, FmtCommand.self, ImportCommand.self, ExportCommand.self,
            MetricsCommand.self, EvidenceCommand.self, DraftCommand.self, ServeCommand.self, UserCommand.self,
            TokenCommand.self, DemoCommand.self, AuditCommand.self, DbCommand.self, RedactCommand.self,
            PublishCommand.self, ActionsCommand.self, ReportCommand.self, RemindCommand.self,
        ]
    )

    /// Maps ArgumentParser's usage errors (64) to the documented exit code 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            if code.rawValue == 64 || code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
