import DebriefCore
import Foundation
import Testing

@testable import DebriefEvidence

/// The scan reads most lines through shortcuts (what lines of one shape share, the usual
/// timestamp layout at fixed places, one walk over a JSON line's quotes). Each must give what
/// the general path gives, line by line, including on lines made to trip them.
@Suite("Scan shortcuts agree with the general path")
struct ScanFastPathTests {
    static func random(_ range: ClosedRange<Int>, _ generator: inout some RandomNumberGenerator) -> Int {
        Int.random(in: range, using: &generator)
    }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// A timestamp in one of the layouts the fixed reading takes or must refuse, with values
    /// out of range now and then.
    static func stamp(_ g: inout some RandomNumberGenerator) -> String {
        let separator = ["-", "-", ".", "/"][random(0...3, &g)]
        let between = [" ", "T", "T", "-"][random(0...3, &g)]
        let clock = random(0...5, &g) == 0 ? "." : ":"
        let month = random(0...15, &g) == 0 ? random(0...19, &g) : random(1...12, &g)
        let day = random(0...15, &g) == 0 ? random(28...39, &g) : random(1...28, &g)
        let hour = random(0...10, &g) == 0 ? random(20...99, &g) : random(0...23, &g)
        let minute = random(0...10, &g) == 0 ? random(55...99, &g) : random(0...59, &g)
        let second = random(0...10, &g) == 0 ? random(58...99, &g) : random(0...59, &g)
        var text =
            "\(pad(random(1990...2030, &g), 4))\(separator)\(pad(month))\(separator)\(pad(day))\(between)"
            + "\(pad(hour))\(clock)\(pad(minute))\(clock)\(pad(second))"
        switch random(0...6, &g) {
        case 0: text += ".\(pad(random(0...999, &g), 3))"
        case 1: text += ",\(pad(random(0...999_999, &g), 6))"
        case 2: text += ".\(random(0...9, &g))"
        case 3: text += ":\(pad(random(0...999, &g), 3))"  // HealthApp's milliseconds
        case 4: text += ".\(pad(random(0...999_999_999, &g), 9))"
        default: break
        }
        switch random(0...4, &g) {
        case 0: text += "Z"
        case 1: text += "+\(pad(random(0...16, &g))):\(pad(random(0...70, &g)))"
        case 2: text += " UTC"
        default: break
        }
        return text
    }

    /// Text lines of a few shapes (so shapes repeat with other digit values), the timestamp
    /// first, later, after other digits, or missing.
    static func textLine(_ g: inout some RandomNumberGenerator) -> String {
        let level = ["INFO", "ERROR", "WARN", "debug", "[error]"][random(0...4, &g)]
        let stamp = stamp(&g)
        switch random(0...6, &g) {
        case 0: return "host-\(random(1...9, &g)) \(stamp) \(level) job \(random(10...99, &g)) done"
        case 1: return "[\(stamp)] \(level) [api] request \(random(100...999, &g)) served"
        case 2: return "<\(random(10...99, &g))>\(stamp) web sshd[\(random(100...999, &g))]: login"
        case 3: return "\(level) no time in this line \(random(10...99, &g))"
        case 4: return "worker \(random(10...99, &g)):\(random(10...99, &g)) then \(stamp) \(level) x"
        case 5:
            let message = [
                "job \(random(1...999, &g)) done", "user \(["ann", "bo", "cy", "di"][random(0...3, &g)]) left",
            ]
            return "time=\(stamp) level=\(level) msg=\"\(message[random(0...1, &g)])\" took=\(random(1...99, &g))ms"
        default:
            return "\(stamp) \(level) [payments] connection to 10.0.\(random(1...99, &g)).\(random(1...9, &g)) lost"
        }
    }

    /// `count` hex digits, letters and digits mixed (a pod's suffix, a trace id).
    static func hex(_ count: Int, _ g: inout some RandomNumberGenerator) -> String {
        String((0..<count).map { _ in Array("0123456789abcdef")[random(0...15, &g)] })
    }

    /// The text with now and then one digit turned into a hex letter, or a hex letter after it:
    /// a JSON line's shape reads hex letters next to digits as digits, so another line of the
    /// same shape may hold letters where the first one had a time's digits.
    static func lettered(_ text: String, _ g: inout some RandomNumberGenerator) -> String {
        var characters = Array(text)
        switch random(0...7, &g) {
        case 0:
            let digits = characters.indices.filter { characters[$0].isNumber }
            if let i = digits.randomElement(using: &g) { characters[i] = Array("abcdef")[random(0...5, &g)] }
        case 1: characters.append(Array("abcdef")[random(0...5, &g)])
        default: break
        }
        return String(characters)
    }

    /// JSON lines whose time field moves now and then, with levels and messages to find.
    static func jsonLine(_ g: inout some RandomNumberGenerator) -> String {
        let time = "\"time\":\"\(lettered(stamp(&g), &g))\""
        // Words, and pino's numbers (the same shape whatever the level).
        let level =
            random(0...3, &g) == 0
            ? "\"level\":\([30, 40, 50][random(0...2, &g)])"
            : "\"level\":\"\(["info", "error", "warn", "INFO", "Err", "notice"][random(0...5, &g)])\""
        let message = "\"message\":\"job \(random(1...999, &g)) \\\"done\\\"\""
        // Keys of any length before a time, or a time before another: the place the last line's
        // time was at may hold another line's second time.
        let key = String(repeating: "k", count: random(1...24, &g))
        // Hex ids of one length, before and after the time.
        let pod = "\"pod\":\"api-\(hex(6, &g))\""
        let trace = "\"trace\":\"\(hex(random(0...3, &g) == 0 ? 31 : 32, &g))\""
        switch random(0...7, &g) {
        case 6: return "{\(pod),\(time),\(level),\(trace),\(message)}"
        case 7: return "{\(trace),\(level),\"msg\":\"id \(hex(8, &g)) \\u00e\(hex(1, &g)) gone\",\(time)}"
        case 4: return "{\"\(key)\":\"x\",\(time),\(level)}"
        case 5: return "{\"t\":\"\(stamp(&g))\",\"\(key)\":\"\(stamp(&g))\",\(level)}"
        case 0: return "{\(time),\(level),\(message)}"
        case 1: return "{\(level),\(time),\(message)}"
        case 2: return "{\"ts\":\(random(1000...9999, &g)),\(time),\(level)}"
        default: return "{\(time),\"service\":\"api\",\(level),\(message)}"
        }
    }

    @Test("times, levels and templates of mixed lines match a fresh general read of each line")
    func linesAgree() {
        var g = SystemRandomNumberGenerator()
        var scan = LogScan()
        // The same lines read with no shape remembered: every line through the general path.
        var reference = LogScan()
        reference.facts = ShapeMap(capacity: 0)
        for number in 1...40_000 {
            let text = number % 3 == 0 ? Self.jsonLine(&g) : Self.textLine(&g)
            var bytes = text
            bytes.withUTF8 { line in
                let record = scan.add(line, number: number)
                let general = reference.add(line, number: number)
                #expect(record.template == general.template, "\(text)")
                #expect(record.time == general.time && record.level == general.level, "\(text)")
                let isJSON = line.first == 123
                // (Not with a trace id before the time: its digits may read as epoch seconds,
                // which the first time in the line is, while the scan reads the time key.)
                if !text.hasPrefix("{\"trace\"") {
                    let expected = LogTimestampParser.find(in: line, window: isJSON ? line.count : 96)
                    #expect(record.time == expected?.seconds, "\(text)")
                }
                var tokens: [Range<Int>] = []
                var tokenized = false
                var byWord = false
                let level = LogLineReader.level(
                    line, isJSON: isJSON, tokens: &tokens, tokenized: &tokenized, byWord: &byWord)
                #expect(record.level == level, "\(text)")
            }
        }
        #expect(scan.lines == 40_000)
    }

    @Test("lines of one minute after another, read through the minute memo, match a fresh read")
    func minuteMemo() {
        var g = SystemRandomNumberGenerator()
        var scan = LogScan()
        var minute = 0
        var hour = 12
        for number in 1...20_000 {
            // Runs of one minute; now and then the next minute, another hour (some out of
            // range) or another day, and seconds out of range within a run.
            switch Self.random(0...99, &g) {
            case 0..<3: minute = (minute + 1) % 60
            case 3: hour = Self.random(0...26, &g)
            default: break
            }
            let day = number % 5000 == 0 ? "06" : "05"
            let second = Self.random(0...20, &g) == 0 ? Self.random(55...99, &g) : Self.random(0...59, &g)
            let fraction = Self.random(0...2, &g) == 0 ? "" : ".\(Self.pad(Self.random(0...999, &g), 3))"
            let text =
                "2026-03-\(day)T\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second))\(fraction)Z ERROR job done"
            var bytes = text
            bytes.withUTF8 { line in
                let record = scan.add(line, number: number)
                #expect(record.time == LogTimestampParser.find(in: line, window: 96)?.seconds, "\(text)")
            }
        }
    }

    @Test("the first and last error line of each minute are kept, records and all, out of order too")
    func errorMarks() {
        var g = SystemRandomNumberGenerator()
        var scan = LogScan()
        var expected: [Int: (first: (time: Double, line: Int), last: (time: Double, line: Int))] = [:]
        for number in 1...5_000 {
            let second = Self.random(0...179, &g)
            let level = Self.random(0...2, &g) == 0 ? "INFO" : "ERROR"
            let text = "2026-03-05T12:0\(second / 60):\(Self.pad(second % 60)) \(level) job done"
            let record = number % 7 == 0 ? "event-\(number)" : nil
            var bytes = text
            bytes.withUTF8 { _ = scan.add($0, number: number, record: record) }
            guard level == "ERROR" else { continue }
            let time = 1_772_712_000.0 + Double(second)
            let minute = Int(time / 60)
            if var known = expected[minute] {
                if time < known.first.time { known.first = (time, number) }
                if time >= known.last.time { known.last = (time, number) }
                expected[minute] = known
            } else {
                expected[minute] = ((time, number), (time, number))
            }
        }
        let kept = scan.minuteErrors
        #expect(kept.count == expected.count)
        for (minute, pair) in expected {
            let first = kept[minute]?.first
            let last = kept[minute]?.last
            #expect(first?.time == pair.first.time && first?.position.line == pair.first.line)
            #expect(last?.time == pair.last.time && last?.position.line == pair.last.line)
            #expect(first?.position.record == (pair.first.line % 7 == 0 ? "event-\(pair.first.line)" : nil))
            #expect(last?.position.record == (pair.last.line % 7 == 0 ? "event-\(pair.last.line)" : nil))
        }
    }

    @Test("the usual timestamp layout reads as the calendar says, and odd values fall back")
    func fixedLayout() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var g = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let (y, mo, d) = (Self.random(1971...2099, &g), Self.random(1...12, &g), Self.random(1...28, &g))
            let (h, mi, s, ms) = (
                Self.random(0...23, &g), Self.random(0...59, &g), Self.random(0...59, &g), Self.random(0...999, &g)
            )
            let text = "\(Self.pad(y, 4))-\(Self.pad(mo))-\(Self.pad(d))T\(Self.pad(h)):\(Self.pad(mi)):\(Self.pad(s))"
            let date = calendar.date(
                from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))!
            let stamp = LogTimestampParser.find(in: "\(text).\(Self.pad(ms, 3))Z rest")
            #expect(stamp?.hasZone == true)
            #expect(abs((stamp?.seconds ?? 0) - date.timeIntervalSince1970 - Double(ms) / 1000) < 1e-6, "\(text)")
        }
        // Out of range clock fields leave the date alone; a day that does not exist, nothing.
        let late = LogTimestampParser.find(in: "2026-03-05T24:10:00Z x")
        #expect(late?.seconds == Double(LocalDate(year: 2026, month: 3, day: 5).dayNumber * 86400))
        #expect(late?.hasZone == false && late?.range == 0..<10)
        #expect(LogTimestampParser.find(in: "2026-02-30T10:00:00Z x") == nil)
        // HealthApp's milliseconds after a colon still read.
        let health = LogTimestampParser.find(in: "2017-12-23 22:15:29:606 x")
        #expect(abs((health?.seconds ?? 0).truncatingRemainder(dividingBy: 60) - 29.606) < 1e-6)
    }

    @Test("the day remembered from one line never leaks into the next")
    func dayMemo() {
        var memo = LogTimestampParser.DayMemo()
        var g = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let text = "\(Self.stamp(&g)) x"
            var bytes = text
            bytes.withUTF8 { line in
                let remembered = LogTimestampParser.find(in: line, window: 96, memo: &memo)
                #expect(remembered == LogTimestampParser.find(in: line, window: 96), "\(text)")
            }
        }
    }

    @Test("a floor of minutes without the C library agrees with floor()")
    func minutes() {
        for time in [-120.0, -60.5, -60, -59.999, -0.001, 0, 0.001, 59.999, 60, 119.5, 1_772_712_000.003] {
            #expect(LogScan.minute(time) == Int((time / 60).rounded(.down)), "\(time)")
        }
        var g = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let time = Double.random(in: -1e10...1e10, using: &g)
            #expect(LogScan.minute(time) == Int((time / 60).rounded(.down)))
        }
    }

    /// JSON-ish lines built from keys, values, escapes and stray quotes.
    static func jsonish(_ g: inout some RandomNumberGenerator) -> [UInt8] {
        let pieces = [
            "{", "}", "\"level\"", "\"lvl\"", "\"severity\"", "\"status\"", "\"message\"", "\"msg\"", "\"_raw\"",
            "\"loglevel\"", ":", " ", "\"info\"", "\"x y\"", "\\\"", "\\\\", ",", "\"", "abc", "12", "\"level", "\"m",
            "\"error\"", "true", "50", "\"ts\"", "\"time\"", "\"MESSAGE\"", "2026-03-04T09:00:01Z",
            // Every other key looked for, near misses, and runs that push keys across the
            // walk's 64-byte blocks.
            "\"timestamp\"", "\"@timestamp\"", "\"date\"", "\"datetime\"", "\"eventTime\"",
            "\"__REALTIME_TIMESTAMP\"", "\"textPayload\"", "\"log\"", "\"@message\"", "\"Message\"",
            "\"timestam\"", "\"levels\"", "\"__REALTIME_TIMESTAMPS\"", String(repeating: "a", count: 37),
            String(repeating: " ", count: 9),
        ]
        var text = ""
        for _ in 0..<random(0...40, &g) { text += pieces[random(0...(pieces.count - 1), &g)] }
        return Array(text.utf8)
    }

    @Test("one walk over a JSON line's quotes finds the fields two searches find")
    func jsonFields() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let bytes = Self.jsonish(&g)
            bytes.withUnsafeBufferPointer { line in
                let fields = LogLineReader.jsonFields(line, time: true)
                #expect(fields.level == LogLineReader.jsonString(line, keys: LogLineReader.jsonLevelKeys, bare: true))
                #expect(fields.message == LogLineReader.jsonString(line, keys: LogLineReader.jsonMessageKeys))
                #expect(
                    fields.time
                        == LogLineReader.jsonString(line, keys: LogLineReader.jsonTimeKeys, bare: true)?.lowerBound)
            }
        }
    }

    @Test("a quoted value's end is found 64 bytes at a time as one at a time")
    func quoted() {
        var g = SystemRandomNumberGenerator()
        // Quotes and backslashes rare enough that values run across blocks.
        let alphabet: [UInt8] = Array("\"\\ab \u{7f}".utf8) + [0x80, 0xFF, 0x00] + Array(repeating: 97, count: 40)
        // And escaped quotes and backslashes on each side of a block's end.
        let edges = (0..<140).flatMap { run in
            ["\\\"", "\\\\\"", "\\"].map {
                Array(repeating: UInt8(97), count: run) + Array($0.utf8) + Array("ab\"".utf8)
            }
        }
        for trial in 0..<(20_000 + edges.count) {
            let bytes =
                trial < edges.count
                ? edges[trial]
                : (0..<Self.random(0...200, &g)).map { _ in alphabet[Self.random(0...(alphabet.count - 1), &g)] }
            let start = trial < edges.count ? 0 : Self.random(0...bytes.count, &g)
            var end = start
            while end < bytes.count, bytes[end] != 34 { end += bytes[end] == 92 ? 2 : 1 }
            bytes.withUnsafeBufferPointer { line in
                #expect(LogLineReader.quoted(line, from: start) == start..<min(end, bytes.count))
            }
        }
    }

    static func file(_ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).log")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("lines found a chunk at a time are the lines found one at a time, damage and all")
    func chunkedLines() throws {
        var g = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            Array("line".utf8), [10], [13, 10], [13], Array(String(repeating: "x", count: 70).utf8),
            // With "line", 50 bytes: the limit exactly.
            Array(String(repeating: "y", count: 46).utf8), [0xFF, 0xFE],
            Array("é".utf8), [0],
        ]
        for round in 0..<200 {
            var bytes: [UInt8] = []
            for _ in 0..<Self.random(0...60, &g) { bytes += pieces[Self.random(0...(pieces.count - 1), &g)] }
            let path = try Self.file(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let chunk = [7, 16, 64, 4096][round % 4]
            var one = try LineReader(path: path, chunkSize: chunk, maxLineBytes: 50)
            var expected: [(Int, [UInt8])] = []
            while let line = one.readLine({ Array($0) }) { expected.append((one.lineNumber, line)) }
            var chunked = try LineReader(path: path, chunkSize: chunk, maxLineBytes: 50)
            var found: [(Int, [UInt8])] = []
            chunked.forEachLine { line, number in found.append((number, Array(line))) }
            // However the chunks fall, a line longer than the limit is cut there and counted
            // (a cut that ends on a CR drops it), against a split of the bytes made here.
            var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { Array($0) }
            if bytes.isEmpty || bytes.last == 10 { lines.removeLast() }
            #expect(found.count == lines.count)
            var cut: [Int] = []
            for (index, whole) in lines.enumerated() where index < found.count {
                let line = whole.last == 13 ? Array(whole.dropLast()) : whole
                guard line.count > 50 else {
                    #expect(found[index].1 == line)
                    continue
                }
                cut.append(index + 1)
                let head = Array(line.prefix(50))
                #expect(found[index].1 == head || (head.last == 13 && found[index].1 == head.dropLast()))
            }
            #expect(chunked.damage.truncatedLines == cut)
            #expect(found.map(\.0) == expected.map(\.0))
            #expect(found.map(\.1) == expected.map(\.1))
            #expect(chunked.damage.truncatedLines == one.damage.truncatedLines)
            #expect(chunked.damage.invalidUTF8Lines == one.damage.invalidUTF8Lines)
            // The scan checks UTF-8 itself, in its pass over each line.
            var scanned = try LineReader(path: path, chunkSize: chunk, maxLineBytes: 50)
            var scan = LogScan()
            #expect(scan.read(&scanned) == expected.count)
            #expect(scanned.damage.invalidUTF8Lines == one.damage.invalidUTF8Lines)
            #expect(scanned.damage.truncatedLines == one.damage.truncatedLines)
        }
    }

    @Test("the bytes of a line OR-ed together a vector at a time are those OR-ed one at a time")
    func orOfBytes() {
        var g = SystemRandomNumberGenerator()
        for length in 0..<100 {
            for _ in 0..<20 {
                var bytes = (0..<length).map { _ in UInt8(Self.random(0...127, &g)) }
                if length > 0, Self.random(0...1, &g) == 0 { bytes[Self.random(0...(length - 1), &g)] |= 0x80 }
                let expected = bytes.reduce(UInt64(0)) { $0 | UInt64($1) }
                let found = bytes.withUnsafeBufferPointer { TemplateMiner.orOfBytes($0) }
                // Each byte of the word holds the OR of some of the bytes; the high bits are
                // what the scan reads, and all of them together are every byte's.
                let folded = (0..<8).reduce(UInt64(0)) { $0 | (found >> UInt64(8 * $1)) & 0xFF }
                #expect(folded == expected, "length \(length)")
            }
        }
    }

    @Test("a JSON line that is not UTF-8 is reported, also once the shape cache is off for JSON")
    func invalidJSONLines() throws {
        // Every line of a shape of its own (letters where the digits would be the same), so
        // that after the first round of lines the scan stops looking shapes up for JSON.
        var g = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        let count = ShapeFacts.round * 2
        let broken: Set<Int> = [17, ShapeFacts.round + 5, count - 3]
        var bytes: [UInt8] = []
        for number in 1...count {
            bytes += Array("{\"time\":\"2026-03-05T12:00:00Z\",\"level\":\"info\",\"msg\":\"pod ".utf8)
            for _ in 0..<6 { bytes.append(letters[Self.random(0...25, &g)]) }
            bytes += broken.contains(number) ? [0xC3, 0x28] : number % 7 == 0 ? Array("é".utf8) : []
            bytes += Array(" ready\"}\n".utf8)
        }
        let path = try Self.file(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reader = try LineReader(path: path)
        var scan = LogScan()
        #expect(scan.read(&reader) == count)
        #expect(scan.jsonFactsOff > 0)
        #expect(reader.damage.invalidUTF8Lines == broken.sorted())
    }
}
