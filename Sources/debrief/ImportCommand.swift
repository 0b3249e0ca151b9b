import ArgumentParser
import DebriefCore
import DebriefFormat
import Foundation

/// `debrief import`: a hand-written post-mortem to the canonical format.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert a hand-written post-mortem (Google SRE, Atlassian or plain style) to the canonical format.",
        discussion: """
            Heading synonyms, timelines as tables, bullets or plain lines, and many time notations are understood. \
            The timeline is sorted and missing key instants are taken from it (marked inferred). \
            Sections Debrief does not know are kept word for word.
            """
    )

    @Argument(help: "The post-mortem to import (any extension).")
    var file: String

    @Option(name: .shortAndLong, help: "Where to write the canonical Markdown; standard output when omitted.")
    var output: String?

    func run() async throws {
        do {
            let document = try PostMortemFiles.read(file)
            for diagnostic in document.diagnostics {
                printError(
                    "\(file):\(diagnostic.location.line):\(diagnostic.location.column): warning: \(diagnostic.message)")
            }
            try write(MarkdownRenderer.render(Importer.normalize(document.postMortem)), to: output)
        } catch let error as ParseError {
            printError("\(error)")
            throw Exit.input
        }
    }
}
