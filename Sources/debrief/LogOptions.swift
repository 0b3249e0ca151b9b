import ArgumentParser
import DebriefCore
import DebriefEvidence
import DebriefFormat
import Foundation

/// Options shared by the commands that read a set of logs.
struct LogOptions: ParsableArguments {
    @Option(help: "Only lines at or after this instant (ISO 8601).")
    var from: String?

    @Option(help: "Only lines before this instant (ISO 8601).")
    var to: String?

    @Option(help: "Year for timestamps written without one (syslog); default: each file's modification year.")
    var year: Int?

    @Option(help: "Zone for timestamps written without one (UTC, +02:00, PST, Europe/Berlin); default UTC.")
    var tz: String?

    func instant(_ text: String?, _ option: String) throws -> Double? {
        guard let text else { return nil }
        guard let parsed = TimeParser.parse(text), parsed.consumed == text.unicodeScalars.count,
            let start = parsed.start, parsed.hasDate
        else { throw ValidationError("\(option) must be a date and time such as 2026-03-04T14:00:00Z, not '\(text)'") }
        return start.date.timeIntervalSince1970
    }

    func zoneOffset() throws -> Int? {
        guard let tz else { return nil }
        guard let zone = TimeParser.findZone(in: tz) else {
            throw ValidationError("--tz must be a zone such as UTC, +02:00, PST or Europe/Berlin, not '\(tz)'")
        }
        return zone.offset(on: nil)
    }

    func validate() throws {
        _ = try zoneOffset()
        _ = try instant(from, "--from")
        _ = try instant(to, "--to")
    }

    /// What reading a set of logs produced.
    struct Result {
        var scan: LogScan
        var perFile: [(String, Int)]
        /// Years and zones the lines did not give, and what was taken instead.
        var assumptions: [String]
        var unreadable: Bool
    }

    /// Reads every file into one scan, within --from/--to, with --year/--tz for what lines omit.
    func read(_ files: [String]) async throws -> Result {
        let lower = try instant(from, "--from")
        let upper = try instant(to, "--to")
        var scan = LogScan()
        scan.assumedOffset = try zoneOffset()
        var result = Result(scan: scan, perFile: [], assumptions: [], unreadable: false)
        for (index, file) in files.enumerated() {
            do {
                scan.file = index
                let withoutYear = scan.linesWithoutYear
                let modified =
                    (try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date) ?? nil
                scan.assumedYear = year ?? modified.map { Instant(date: $0, offset: 0).localDate.year }
                if CloudTrail.looksLikeCloudTrail(try CloudTrail.peek(path: file)) {
                    let events = try CloudTrail.events(try CloudTrail.document(path: file), file: file)
                    for (number, event) in events.enumerated() {
                        var line = event.line
                        _ = line.withUTF8 { bytes in
                            scan.add(bytes, number: number + 1, record: event.citation, from: lower, to: upper)
                        }
                    }
                    result.perFile.append((file, events.count))
                    continue
                }
                let count = try await scanFile(file, index: index, into: &scan, lower: lower, upper: upper)
                result.perFile.append((file, count))
                if scan.linesWithoutYear > withoutYear {
                    let source = year != nil ? "--year" : "the file's modification time (set --year)"
                    result.assumptions.append(
                        "\(file): \(scan.linesWithoutYear - withoutYear) lines give no year; took \(scan.assumedYear.map(String.init) ?? "?") from \(source)"
                    )
                }
            } catch {
                printError(
                    error is CloudTrailError
                        ? "\(error)" : "\(file):1:1: error: cannot read: \(error.localizedDescription)")
                result.unreadable = true
            }
        }
        if scan.linesWithoutZone > 0 {
            result.assumptions.append(
                "\(scan.linesWithoutZone) lines give no zone; read as \(tz ?? "UTC")" + (tz == nil ? " (set --tz)" : "")
            )
        }
        scan.settle()
        result.scan = scan
        return result
    }

    /// Scans one file into `scan`, splitting a large plain file between the cores (each part its
    /// own LogScan, merged in order). Returns the number of lines read.
    func scanFile(_ file: String, index: Int, into scan: inout LogScan, lower: Double?, upper: Double?) async throws
        -> Int
    {
        let ranges: [Range<UInt64>?] = try ParallelMining.parts(of: file, count: ParallelMining.usableCores) ?? [nil]
        let template = scan
        // A CSV export's header, on its first line, tells every part how to read its records.
        let csv = try CSVLayout.ofFile(file)
        let parts = try await withThrowingTaskGroup(of: (Int, LogScan, Int, LineReader.Damage).self) { group in
            for (k, range) in ranges.enumerated() {
                group.addTask {
                    var part = LogScan()
                    part.csv = csv
                    part.file = index
                    part.assumedYear = template.assumedYear
                    part.assumedOffset = template.assumedOffset
                    var reader = try range.map { try LineReader(path: file, range: $0) } ?? LineReader(path: file)
                    let lineNumber = part.read(&reader, from: lower, to: upper)
                    return (k, part, lineNumber, reader.damage)
                }
            }
            var collected: [(Int, LogScan, Int, LineReader.Damage)] = []
            for try await part in group { collected.append(part) }
            return collected.sorted { $0.0 < $1.0 }
        }
        var offset = 0
        for (_, part, count, damage) in parts {
            scan.merge(part, lineOffset: offset)
            reportDamage(
                truncated: damage.truncatedLines.map { $0 + offset },
                invalid: damage.invalidUTF8Lines.map { $0 + offset },
                stream: damage.stream, in: file)
            offset += count
        }
        return offset
    }
}
