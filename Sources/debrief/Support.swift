import ArgumentParser
import DebriefCore
import DebriefEvidence
import DebriefFormat
import Foundation

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Exit codes shared by every command.
enum Exit {
    static let findings = ExitCode(1)
    static let input = ExitCode(2)
}

/// Today's date in UTC, the one place the CLI reads the clock.
func todayUTC() -> LocalDate {
    LocalDate(utcDayOf: Date())
}

/// Parses a `--today` style date or fails validation.
func parseDay(_ text: String, option: String) throws -> LocalDate {
    guard let date = LocalDate(iso: text) else {
        throw ValidationError("\(option) must be a date like 2026-03-04, not '\(text)'")
    }
    return date
}

/// Writes text to a file or, when no path is given, to standard output.
func write(_ text: String, to path: String?) throws {
    let output = text.hasSuffix("\n") ? text : text + "\n"
    guard let path, path != "-" else {
        FileHandle.standardOutput.write(Data(output.utf8))
        return
    }
    do {
        try Data(output.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw ParseError(file: path, line: 1, message: "cannot write: \(error.localizedDescription)")
    }
}

/// Loads the policy named by `--policy`, else the nearest `.debrief.yml`, else the defaults.
func loadPolicy(explicit: String?, near path: String) throws -> Policy {
    if let explicit { return try PolicyFile.load(URL(fileURLWithPath: explicit)) }
    guard let found = PolicyFile.find(from: path) else { return Policy() }
    return try PolicyFile.load(found)
}

/// Warns about what a log reader had to cut or repair: each cut line (up to 20), a damaged
/// compressed stream, and a count of lines with invalid UTF-8, naming the first.
func reportDamage(truncated: [Int], invalid: [Int], stream: String?, in file: String) {
    for line in truncated.prefix(20) {
        printError("\(file):\(line):1: warning: line longer than 1 MiB, read only its start")
    }
    if truncated.count > 20 {
        printError("\(file): warning: \(truncated.count - 20) more lines longer than 1 MiB")
    }
    if let stream {
        printError("\(file): warning: \(stream)")
    }
    if let first = invalid.first {
        printError("\(file):\(first):1: warning: invalid UTF-8 replaced on \(invalid.count) line(s)")
    }
}

func reportDamage(_ damage: LineReader.Damage, in file: String) {
    reportDamage(truncated: damage.truncatedLines, invalid: damage.invalidUTF8Lines, stream: damage.stream, in: file)
}

/// Log files: named files as they are, folders searched recursively (hidden files skipped),
/// in a stable order.
func logFiles(_ paths: [String]) -> [String] {
    var files: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = FileManager.default.enumerator(atPath: path)
        else {
            files.append(path)  // a file, or a missing path the reader reports
            continue
        }
        var found: [String] = []
        for case let relative as String in enumerator {
            guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            let full = (path as NSString).appendingPathComponent(relative)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                found.append(full)
            }
        }
        files += found.sorted()
    }
    return files
}

/// Runs `body`; on an error prints `message(error)` and exits with the input-error code (2).
func readOrExit<T>(_ message: (Error) -> String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError(message(error))
        throw Exit.input
    }
}

/// `text` with spaces after it up to `width` characters; never cut, so a column of numbers
/// stays true when one is wider than the column.
func padded(_ text: String, to width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// Every post-mortem in `paths` (files and folders); an unreadable one is printed with its
/// file and line, and `unreadable` says the command should exit 2 after doing the rest.
func readPostMortems(_ paths: [String]) throws -> (postMortems: [PostMortem], unreadable: Bool) {
    var postMortems: [PostMortem] = []
    var unreadable = false
    for file in try collectOrExit(paths) {
        do {
            postMortems.append(try PostMortemFiles.read(file).postMortem)
        } catch {
            printError("\(error)")
            unreadable = true
        }
    }
    return (postMortems, unreadable)
}

/// The policy for commands that work on the database, not on files: `--policy`, else the
/// nearest `.debrief.yml` from the current folder up. A bad one is printed with its line, and
/// the command exits 2.
func policyFromHere(_ explicit: String?) throws -> Policy {
    do {
        return try loadPolicy(explicit: explicit, near: FileManager.default.currentDirectoryPath)
    } catch {
        printError("\(error)")
        throw Exit.input
    }
}
