import DebriefCore
import DebriefEvidence
import DebriefFormat
import Foundation

/// What a fuzz target found: an input that broke a promise the code makes.
public struct FuzzFailure: Error, CustomStringConvertible {
    public var target: String
    public var message: String
    public var description: String { "\(target): \(message)" }
}

/// The fuzz targets: each takes arbitrary bytes and checks what the code promises for every
/// input, not only that it does not crash. libFuzzer drives them through `debrief-fuzz`
/// (`scripts/fuzz`); the test suite replays each target's corpus, crashes found included.
public enum FuzzTargets {
    public static let names = ["markdown", "importer", "timestamps", "line-reader", "evidence"]

    /// Runs target `name` on `data`; throws `FuzzFailure` when a promise is broken.
    public static func run(_ name: String, _ data: Data) throws {
        switch name {
        case "markdown": try markdown(data)
        case "importer": try importer(data)
        case "timestamps": try timestamps(data)
        case "line-reader": try lineReader(data)
        case "evidence": try evidence(data)
        default: throw FuzzFailure(target: name, message: "no such target; known: \(names.joined(separator: ", "))")
        }
    }

    /// Front matter and Markdown: any bytes parse or give a `ParseError` naming a line in the
    /// file; what parses renders to canonical Markdown that parses again to the same model.
    static func markdown(_ data: Data) throws {
        func fail(_ message: String) -> FuzzFailure { FuzzFailure(target: "markdown", message: message) }
        let document: SourceDocument
        do {
            document = try PostMortemParser.parse(data: data, path: "fuzz.md")
        } catch let error as ParseError {
            // Lines as the parser counts them: LF, CRLF and a lone CR each end one.
            var lines = 1
            for (i, byte) in data.enumerated() where byte == 0x0A || byte == 0x0D {
                if byte == 0x0A, i > 0, data[data.startIndex + i - 1] == 0x0D { continue }
                lines += 1
            }
            guard error.line >= 1, error.line <= lines + 1, error.column >= 1 else {
                throw fail("error points outside the file: \(error)")
            }
            return
        }
        // Every rule reads what the parser accepted, the blame and hindsight model included:
        // findings must point inside the file.
        let lineCount = document.lines.count
        for finding in Linter().lint(document, today: LocalDate(year: 2026, month: 1, day: 1))
        where finding.line < 1 || finding.line > max(1, lineCount + 1) || finding.column < 1 {
            throw fail("finding points outside the file: \(finding)")
        }
        try roundTrip(document.postMortem, target: "markdown")
    }

    /// The importer: whatever it makes of a parsed file is a post-mortem that renders and
    /// parses back unchanged.
    static func importer(_ data: Data) throws {
        guard let document = try? PostMortemParser.parse(data: data, path: "fuzz.txt") else { return }
        let normalized = Importer.normalize(document.postMortem)
        guard normalized.timeline.count == document.postMortem.timeline.count else {
            throw FuzzFailure(target: "importer", message: "normalizing changed the number of timeline entries")
        }
        try roundTrip(normalized, target: "importer")
    }

    /// What is stored is the canonical Markdown, read again on every view and save: it must
    /// parse, and reading it again must keep every word of every field's value, as a value or
    /// in the document. The structure may still settle on the second save (a sub-heading
    /// written a level deeper, a heading in a section's notes read as a heading) without a
    /// word being lost.
    static func roundTrip(_ pm: PostMortem, target: String) throws {
        guard SizeLimits.standard.violations(of: pm).isEmpty else {
            throw FuzzFailure(target: target, message: "a file over the size limits was read")
        }
        let canonical = MarkdownRenderer.render(pm)
        let again: PostMortem
        do {
            again = try PostMortemParser.parse(canonical, path: "canonical.md").postMortem
        } catch {
            throw FuzzFailure(target: target, message: "canonical Markdown does not parse: \(error)\n\(canonical)")
        }
        // Kept: in a field of the model read back, or in its Markdown (a heading, a list number).
        let rewritten = MarkdownRenderer.render(again)
        let kept = try words(of: again).union(words(rewritten))
        // A number of one or two digits may be a list's numbering, and a lone letter a task
        // list's `[x]`: structure, not words.
        let lost = try words(of: pm).subtracting(kept).filter {
            $0.count > 2 || ($0.count == 2 && !$0.allSatisfy(\.isNumber))
        }
        guard lost.isEmpty else {
            throw FuzzFailure(
                target: target,
                message:
                    "saving again loses \(lost.sorted()):\n\(canonical)\n--- became ---\n\(rewritten)"
            )
        }
    }

    /// The words of a text, lower-cased: runs of letters, and runs of digits, so that a date
    /// typed in a line's text and read as the entry's time (`10/20/2022` as `2022-10-20T…`)
    /// keeps its numbers, and a `Detection:` line read as that section keeps its word.
    static func words(_ text: String) -> Set<Substring> {
        var found = Set<Substring>()
        let lower = text.lowercased()
        var start: String.Index?
        var digits = false
        for index in lower.indices {
            let c = lower[index]
            let isWord = c.isLetter || c.isNumber
            if let open = start, !isWord || c.isNumber != digits {
                found.insert(lower[open..<index])
                start = nil
            }
            if isWord, start == nil {
                start = index
                digits = c.isNumber
            }
        }
        if let open = start { found.insert(lower[open...]) }
        return found
    }

    /// Fields that hold a code, not the author's words (a kind, a status, where a section goes).
    static let codeFields: Set<String> = [
        "id", "after", "kind", "status", "severity", "priority", "type", "decision", "method", "category", "inferred",
    ]

    /// The words of every text value in the model.
    static func words(of pm: PostMortem) throws -> Set<Substring> {
        var found = Set<Substring>()
        func collect(_ value: Any) {
            switch value {
            case let text as String: found.formUnion(words(text))
            case let list as [Any]: list.forEach(collect)
            case let object as [String: Any]:
                for (key, field) in object where !codeFields.contains(key) { collect(field) }
            default: break
            }
        }
        collect(try JSONSerialization.jsonObject(with: Data(try JSONFormat.encode(pm).utf8)))
        return found
    }

    /// Time expressions and log timestamps: read from anywhere in any text without reading past
    /// it, and an instant's ISO 8601 reads back as the same instant.
    static func timestamps(_ data: Data) throws {
        func fail(_ message: String) -> FuzzFailure { FuzzFailure(target: "timestamps", message: message) }
        let text = String(decoding: data.prefix(4096), as: UTF8.self)
        let count = text.unicodeScalars.count
        for context in [TimeContext(), TimeContext(date: LocalDate(year: 2026, month: 3, day: 4), offset: 3600)] {
            guard let expression = TimeParser.parse(text, context: context) else { continue }
            guard expression.consumed <= count else { throw fail("consumed \(expression.consumed) of \(count)") }
            for instant in [expression.start, expression.until].compactMap({ $0 }) {
                guard let back = Instant(iso8601: instant.iso8601), back == instant else {
                    throw fail("'\(instant.iso8601)' does not read back as itself")
                }
            }
        }
        _ = TimeParser.parseDateLine(text)
        _ = TimeParser.parseDate(text)
        _ = TimeParser.findZone(in: text)
        if let found = LogTimestampParser.find(in: text) {
            guard found.range.lowerBound >= 0, found.range.upperBound <= text.utf8.count else {
                throw fail("log timestamp range \(found.range) outside \(text.utf8.count) bytes")
            }
        }
    }

    /// The line reader: whatever the chunk size, it hands out the same lines a plain split
    /// does (CR before LF dropped, lines cut at the limit), and says which were cut.
    static func lineReader(_ data: Data) throws {
        func fail(_ message: String) -> FuzzFailure { FuzzFailure(target: "line-reader", message: message) }
        let bytes = [UInt8](data)
        let limit = 16
        if bytes.starts(with: [0x1F, 0x8B]) { return try gzipped(data) }
        var expected: [[UInt8]] = []
        var cut: [Int] = []
        for (number, piece) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if number == bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count - 1, piece.isEmpty {
                break
            }
            var line = Array(piece)
            if line.last == 0x0D { line.removeLast() }
            if line.count > limit {
                line = Array(line.prefix(limit))
                cut.append(number + 1)
            }
            expected.append(line)
        }
        let path = try scratchFile(data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for chunk in [1, 3, 7, 16, 17, 64, 4096] {
            var reader = try LineReader(path: path, chunkSize: chunk, maxLineBytes: limit)
            var lines: [[UInt8]] = []
            while let line = reader.readLine({ Array($0) }) { lines.append(line) }
            guard lines == expected else {
                throw fail("chunk size \(chunk): read \(lines.count) lines \(lines), expected \(expected)")
            }
            guard reader.damage.truncatedLines == cut else {
                throw fail("chunk size \(chunk): cut lines \(reader.damage.truncatedLines), expected \(cut)")
            }
        }
    }

    /// Any bytes as a log: the scan and the template miner read every line as a record or as
    /// part of the record before it, none twice or lost; every line's JSON fields as the fast
    /// walk finds them are those the plain search finds.
    static func evidence(_ data: Data) throws {
        func fail(_ message: String) -> FuzzFailure { FuzzFailure(target: "evidence", message: message) }
        let path = try scratchFile(data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try LineReader(path: path, chunkSize: 64, maxLineBytes: 256)
        var scan = LogScan()
        let read = scan.read(&reader)
        scan.settle()
        guard scan.lines + scan.joinedLines == read else {
            throw fail("\(scan.lines) records and \(scan.joinedLines) joined lines, of \(read) lines")
        }
        var miner = TemplateMiner()
        miner.csv = try CSVLayout.ofFile(path)
        var again = try LineReader(path: path, chunkSize: 64, maxLineBytes: 256)
        var joiner = RecordJoiner()
        joiner.csv = miner.csv
        var records = 0
        while let line = again.readLine({ line -> [UInt8] in Array(line) }) {
            try line.withUnsafeBufferPointer { bytes in
                guard LogLineReader.jsonWalkAgrees(bytes) else {
                    throw fail(
                        "the JSON walk and the plain search disagree on \(String(decoding: line, as: UTF8.self))")
                }
                if !joiner.continues(bytes) {
                    records += 1
                    _ = miner.addRecord(bytes: bytes)
                }
            }
        }
        // Folding word tails moves lines between templates, never loses or adds one.
        miner.foldWordRuns()
        let counted = miner.templates.reduce(0) { $0 + $1.count }
        guard records == scan.lines, counted == records else {
            throw fail("\(records) records mined, \(counted) counted in templates, \(scan.lines) in the scan")
        }
    }

    /// A gzip stream, whole or cut: read to where it ends or breaks, with the damage said.
    static func gzipped(_ data: Data) throws {
        let path = try scratchFile(data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try LineReader(path: path, chunkSize: 64, maxLineBytes: 64)
        var count = 0
        while reader.next() != nil, count < 1_000_000 { count += 1 }
    }

    static func scratchFile(_ data: Data) throws -> String {
        let path = NSTemporaryDirectory() + "debrief-fuzz-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw FuzzFailure(target: "line-reader", message: "cannot write \(path)")
        }
        return path
    }
}
