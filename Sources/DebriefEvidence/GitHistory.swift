import Foundation

/// One commit from a repository's history.
public struct Commit: Sendable, Codable, Equatable {
    public var sha: String
    /// Author date, seconds since 1970.
    public var time: Double
    public var author: String
    public var subject: String
    public var files: [String]
    public var isMerge: Bool
    /// The commit this one reverts, when it is a revert (`This reverts commit <sha>.`).
    public var reverts: String?

    public var isRevert: Bool { reverts != nil || subject.hasPrefix("Revert \"") }
}

/// A problem reading a repository.
public struct GitError: Error, CustomStringConvertible {
    public var description: String
}

/// Reads commits with `git log`: author dates, subjects, files touched, merges and reverts.
public enum GitHistory {
    static let recordSeparator = "\u{1E}"
    static let fieldSeparator = "\u{1F}"

    /// Commits of the repository at `path` (all branches), newest first, within the window.
    public static func read(repository path: String, since: Double? = nil, until: Double? = nil) throws -> [Commit] {
        var arguments = [
            "-C", path, "log", "--all", "--no-color", "--name-only", "--date=unix",
            "--format=\(recordSeparator)%H\(fieldSeparator)%at\(fieldSeparator)%an\(fieldSeparator)%P\(fieldSeparator)%s\(fieldSeparator)%b\(fieldSeparator)",
        ]
        if let since { arguments.append("--since=@\(Int(since))") }
        if let until { arguments.append("--until=@\(Int(until))") }
        let output = try run(arguments)
        return parse(output)
    }

    static func parse(_ output: String) -> [Commit] {
        output.components(separatedBy: recordSeparator).compactMap { record -> Commit? in
            let fields = record.components(separatedBy: fieldSeparator)
            guard fields.count >= 7, let time = Double(fields[1]) else { return nil }
            let body = fields[5]
            var reverts: String?
            if let range = body.range(of: "This reverts commit ") {
                let sha = body[range.upperBound...].prefix(while: { $0.isHexDigit })
                if sha.count >= 7 { reverts = String(sha) }
            }
            let files = fields[6].split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
            return Commit(
                sha: fields[0], time: time, author: fields[2], subject: fields[4], files: files,
                isMerge: fields[3].split(separator: " ").count > 1, reverts: reverts)
        }
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw GitError(description: "cannot run git: \(error.localizedDescription)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitError(
                description: String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: data, as: UTF8.self)
    }
}
