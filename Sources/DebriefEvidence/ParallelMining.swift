import Foundation

/// Mines a large plain log on several cores: the file is split at line boundaries, each part
/// is mined by its own miner at the same time, and the parts' templates are folded in order
/// into one miner with the same settings. Gzip files and files under `splitAbove` are
/// mined in one pass.
public enum ParallelMining {
    /// Record-level result: the template of every record (a line, or a line and the trace or
    /// JSON body that continues it, see `RecordJoiner`), in file order, the line each record
    /// starts on, and what the reader cut.
    public struct Result: Sendable {
        public var lineTemplates: [Int32]
        /// The 1-based line number each record starts on, beside `lineTemplates`.
        public var recordStarts: [Int32]
        /// Lines that went on the record before them.
        public var joinedLines: Int
        public var truncatedLines: [Int]
        public var invalidUTF8Lines: [Int]
        public var streamDamage: String?
    }

    struct Part: Sendable {
        var miner: TemplateMiner
        var lines: [Int32]
        var starts: [Int32]
        var lineCount: Int
        var joined: Int
        var truncated: [Int]
        var invalid: [Int]
        var stream: String?
    }

    /// Reads every line of `reader`, mining each record's first line.
    static func records(
        _ reader: inout LineReader, into miner: inout TemplateMiner
    ) -> (templates: [Int32], starts: [Int32], lines: Int, joined: Int) {
        var joiner = RecordJoiner()
        joiner.csv = miner.csv
        var templates: [Int32] = []
        var starts: [Int32] = []
        var number: Int32 = 0
        // A category-only first line waits for the line that holds its message (`CategoryRecords`):
        // mined when that line comes, or alone at the next record; `early` is then its template.
        var held = CategoryRecords()
        var early: (template: Int, start: Int)?
        while let template = reader.readLine({ line -> Int in
            if joiner.continues(line) {
                if held.isHolding, let both = held.joined(with: line) {
                    early = (both.withUnsafeBufferPointer { miner.addRecord(bytes: $0) }, held.number)
                }
                return 0
            }
            if let (first, start) = held.release() {
                early = (first.withUnsafeBufferPointer { miner.addRecord(bytes: $0) }, start)
            }
            return held.hold(line, number: Int(number) + 1) ? 0 : miner.addRecord(bytes: line)
        }) {
            number += 1
            if let record = early {
                templates.append(Int32(record.template))
                starts.append(Int32(record.start))
                early = nil
            }
            if template > 0 {
                templates.append(Int32(template))
                starts.append(number)
            }
        }
        if let (first, start) = held.release() {
            templates.append(Int32(first.withUnsafeBufferPointer { miner.addRecord(bytes: $0) }))
            starts.append(Int32(start))
        }
        return (templates, starts, Int(number), joiner.joined)
    }

    static func mine(_ reader: inout LineReader, similarity: Double, wordValues: Int, csv: CSVLayout?) -> Part {
        var miner = TemplateMiner(similarity: similarity, wordValues: wordValues)
        miner.csv = csv
        let read = records(&reader, into: &miner)
        return Part(
            miner: miner, lines: read.templates, starts: read.starts, lineCount: read.lines, joined: read.joined,
            truncated: reader.damage.truncatedLines, invalid: reader.damage.invalidUTF8Lines,
            stream: reader.damage.stream)
    }

    /// The cores this process may run on: its CPU affinity (what `taskset` sets), else the
    /// machine's count; at least 1. A process held to one core reads in one pass rather than
    /// switching between parts.
    public static var usableCores: Int {
        // Linux lists the affinity mask in hex (`Cpus_allowed:\t3`, 32-bit groups split by commas).
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        {
            let count = line.dropFirst("Cpus_allowed:".count).reduce(0) { sum, character in
                sum + (character.hexDigitValue?.nonzeroBitCount ?? 0)
            }
            if count > 0 { return count }
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Byte offsets that split the file into `parts` pieces, each ending after a line break.
    public static func boundaries(path: String, size: UInt64, parts: Int) throws -> [UInt64] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [0, size] }
        defer { try? handle.close() }
        var cuts: [UInt64] = [0]
        for k in 1..<parts {
            var offset = size * UInt64(k) / UInt64(parts)
            try handle.seek(toOffset: offset)
            while true {
                let chunk = handle.readData(ofLength: 1 << 16)
                if chunk.isEmpty {
                    offset = size
                    break
                }
                if let newline = chunk.firstIndex(of: 0x0A) {
                    offset += UInt64(newline - chunk.startIndex + 1)
                    break
                }
                offset += UInt64(chunk.count)
            }
            if offset > cuts.last!, offset < size { cuts.append(offset) }
        }
        cuts.append(size)
        return cuts
    }

    /// The byte ranges to read `path` in on `count` cores, or nil to read it in one pass: gzip
    /// streams cannot be split, and files up to `splitAbove` bytes are not worth it.
    public static func parts(of path: String, count: Int, splitAbove: UInt64 = 32 << 20) throws -> [Range<UInt64>]? {
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
        guard count >= 2, size > splitAbove, !LineReader.isGzip(path: path) else { return nil }
        let cuts = try boundaries(path: path, size: size, parts: count)
        return (0..<(cuts.count - 1)).map { cuts[$0]..<cuts[$0 + 1] }
    }

    /// Mines `path` into `miner` (templates keep the ids `miner` gives them; a line's id may
    /// since have been folded into another, see `TemplateMiner.resolve`).
    public static func mine(
        path: String, into miner: inout TemplateMiner, workers: Int = ParallelMining.usableCores,
        splitAbove: UInt64 = 32 << 20
    ) async throws -> Result {
        // A CSV export's header names the message column, for every part of the file.
        miner.csv = try CSVLayout.ofFile(path)
        guard workers >= 2, let cuts = try parts(of: path, count: workers, splitAbove: splitAbove) else {
            var reader = try LineReader(path: path)
            let read = records(&reader, into: &miner)
            return Result(
                lineTemplates: read.templates, recordStarts: read.starts, joinedLines: read.joined,
                truncatedLines: reader.damage.truncatedLines, invalidUTF8Lines: reader.damage.invalidUTF8Lines,
                streamDamage: reader.damage.stream)
        }
        let similarity = miner.similarity
        let wordValues = miner.wordValues
        let csv = miner.csv
        let parts = try await withThrowingTaskGroup(of: (Int, Part).self) { group in
            for (k, range) in cuts.enumerated() {
                group.addTask {
                    var reader = try LineReader(path: path, range: range)
                    return (k, mine(&reader, similarity: similarity, wordValues: wordValues, csv: csv))
                }
            }
            var collected: [(Int, Part)] = []
            for try await part in group { collected.append(part) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var result = Result(
            lineTemplates: [], recordStarts: [], joinedLines: 0, truncatedLines: [], invalidUTF8Lines: [],
            streamDamage: nil)
        // (A part cut inside a record starts with its rest, read as records of their own.)
        var offset = 0
        for part in parts {
            // Fold this part's templates in, in their order, and renumber its lines.
            let mapping = miner.absorb(all: part.miner)
            result.lineTemplates += part.lines.map { Int32(mapping[Int($0) - 1]) }
            result.recordStarts += part.starts.map { $0 + Int32(offset) }
            result.joinedLines += part.joined
            result.truncatedLines += part.truncated.map { $0 + offset }
            result.invalidUTF8Lines += part.invalid.map { $0 + offset }
            offset += part.lineCount
        }
        return result
    }
}
