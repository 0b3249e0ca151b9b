import ArgumentParser
import DebriefCore
import DebriefFormat
import Foundation

/// `debrief fmt`: rewrites post-mortems in the canonical format.
struct FmtCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite post-mortems in the canonical format (idempotent).",
        discussion: "With --check, nothing is written; exit 1 lists the files that would change."
    )

    @Argument(help: "Post-mortem files or folders.")
    var paths: [String]

    @Flag(help: "Report files that are not canonical instead of rewriting them.")
    var check = false

    func run() async throws {
        var unreadable = false
        var changed: [String] = []
        for file in try collectOrExit(paths) {
            do {
                let original = try Data(contentsOf: URL(fileURLWithPath: file))
                let document = try PostMortemParser.parse(data: original, path: file)
                let canonical = MarkdownRenderer.render(document.postMortem)
                guard Data(canonical.utf8) != original else { continue }
                changed.append(file)
                if !check { try write(canonical, to: file) }
            } catch {
                printError("\(error)")
                unreadable = true
            }
        }
        for file in changed { print(check ? "\(file): not in canonical format" : "formatted \(file)") }
        if unreadable { throw Exit.input }
        if check && !changed.isEmpty { throw Exit.findings }
    }
}

/// Collects files, turning a missing path into exit code 2.
func collectOrExit(_ paths: [String]) throws -> [String] {
    do {
        return try PostMortemFiles.collect(paths)
    } catch {
        printError("\(error)")
        throw Exit.input
    }
}
