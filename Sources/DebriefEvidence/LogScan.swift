import CByteMarks
import DebriefCore
import Foundation

/// The level of a log line, ordered by urgency.
public enum LogLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case trace, debug, info, notice, warning, error, critical, unknown

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.order < rhs.order }

    /// The position in `allCases`, without searching it (a scan counts every line's level).
    var order: Int {
        switch self {
        case .trace: 0
        case .debug: 1
        case .info: 2
        case .notice: 3
        case .warning: 4
        case .error: 5
        case .critical: 6
        case .unknown: 7
        }
    }

    /// Errors and worse count towards the error rate.
    public var isError: Bool { self == .error || self == .critical }

    /// From a level word in any case (`WARN`, `warning`, `[error]`, `Err`, `FATAL`, `E`).
    public init(word raw: some StringProtocol) {
        self.init(letters: raw.lowercased().filter(\.isLetter))
    }

    /// From the bytes of a level word: ASCII letters lower-cased on the way, as `init(word:)` does
    /// for ASCII, without Character properties (this runs once a line).
    init(bytes: some Collection<UInt8>) {
        // A number: a pino/bunyan level (10 trace … 60 fatal) or a syslog severity (0–7).
        if let first = bytes.first, first >= 48, first <= 57 {
            var value = 0
            for b in bytes {
                guard b >= 48, b <= 57, value < 1000 else { break }
                value = value * 10 + Int(b - 48)
            }
            let syslog: [LogLevel] = [.critical, .critical, .critical, .error, .warning, .notice, .info, .debug]
            switch value {
            case 0...7: self = syslog[value]
            // An HTTP status given as the level (`"status": 503`).
            case 500...599: self = .error
            case 400...499: self = .warning
            case 100...399: self = .info
            case 10: self = .trace
            case 20: self = .debug
            case 30: self = .info
            case 40: self = .warning
            case 50: self = .error
            case 60: self = .critical
            default: self = .unknown
            }
            return
        }
        // `"error": true`.
        if bytes.elementsEqual("true".utf8) {
            self = .error
            return
        }
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            self.init(word: String(decoding: Array(bytes), as: UTF8.self))
            return
        }
        // The ASCII letters, lower-cased, packed into one integer (the longest word is 13
        // letters; 5 bits each): compared with the words' own packing, no String made.
        var packed: UInt64 = 0
        var count = 0
        for b in bytes where (b | 0x20) >= 97 && (b | 0x20) <= 122 {
            count += 1
            guard count <= 12 else { break }
            packed = packed << 5 | UInt64((b | 0x20) - 96)
        }
        guard count <= 12 else {
            self.init(word: String(decoding: Array(bytes), as: UTF8.self))
            return
        }
        // A plain search of some thirty integers: cheaper than hashing the key for a dictionary.
        self = Self.packedWords.first { $0.packed == packed }?.level ?? .unknown
    }

    static let words: [(String, LogLevel)] = [
        ("trace", .trace), ("trce", .trace), ("finest", .trace), ("finer", .trace),
        ("debug", .debug), ("dbug", .debug), ("fine", .debug), ("config", .debug), ("d", .debug),
        ("info", .info), ("information", .info), ("informational", .info), ("i", .info),
        ("notice", .notice),
        ("warn", .warning), ("warning", .warning), ("w", .warning),
        ("error", .error), ("err", .error), ("severe", .error), ("failure", .error), ("fail", .error), ("e", .error),
        ("fatal", .critical), ("crit", .critical), ("critical", .critical), ("alert", .critical),
        ("emerg", .critical), ("emergency", .critical), ("panic", .critical), ("f", .critical),
    ]

    /// The words of up to 12 letters, packed as `init(bytes:)` packs them.
    static let packedWords: [(packed: UInt64, level: LogLevel)] = {
        words.filter { $0.0.utf8.count <= 12 }.map { word, level in
            (word.utf8.reduce(0) { $0 << 5 | UInt64($1 - 96) }, level)
        }
    }()

    init(letters word: String) {
        self = Self.words.first { $0.0 == word }?.1 ?? .unknown
    }
}

/// One line read from a log: when, how urgent, and which template it follows.
public struct LogRecord: Sendable {
    public var line: Int
    public var time: Double?
    public var level: LogLevel
    public var template: Int
}

/// Reads the parts of a line the scan needs, for plain text and JSON lines alike.
public enum LogLineReader {
    /// (A number is a pino/bunyan level, 10–60, or a syslog severity, 0–7; `"error": true`
    /// says error, looked at only when no other key is there.)
    static let jsonLevelKeys = JSONKeys(
        ["\"level\"", "\"severity\"", "\"lvl\"", "\"loglevel\"", "\"status\"", "\"error\""], strong: 4)
    /// Keys whose value is the record's time, read where they are whatever the key order.
    static let jsonTimeKeys = JSONKeys([
        "\"time\"", "\"timestamp\"", "\"@timestamp\"", "\"ts\"", "\"date\"", "\"datetime\"", "\"eventTime\"",
        "\"__REALTIME_TIMESTAMP\"",
    ])
    /// (`MESSAGE` is the journal's, `textPayload` Google Cloud's, `log` Docker's json-file,
    /// `@message` CloudWatch's; Azure nests `message` under `properties`, found the same.)
    static let jsonMessageKeys = JSONKeys([
        "\"message\"", "\"msg\"", "\"_raw\"", "\"MESSAGE\"", "\"textPayload\"", "\"log\"", "\"@message\"",
        "\"Message\"",
    ])

    /// Quoted JSON keys, with the set of bytes that can follow their opening quote: most
    /// quotes in a line open a value or another key, and are passed over on one bit test.
    struct JSONKeys: Sendable {
        let keys: [[UInt8]]
        /// The first `strong` keys name the field; a later key (`status`, `error`) counts only
        /// when none of them is in the line.
        let strong: Int
        /// Bit `b` of `low` (of `high`) set when a key's second byte is `b` (`64 + b`); the
        /// keys are ASCII.
        let low: UInt64
        let high: UInt64

        init(_ keys: [String], strong: Int? = nil) {
            self.keys = LogLineReader.bytes(keys)
            self.strong = strong ?? keys.count
            var low: UInt64 = 0
            var high: UInt64 = 0
            for key in self.keys {
                precondition(key[1] < 128, "JSON keys to look for are ASCII")
                if key[1] < 64 { low |= 1 << UInt64(key[1]) } else { high |= 1 << UInt64(key[1] - 64) }
            }
            self.low = low
            self.high = high
        }

        @inline(__always) func mayStart(_ byte: UInt8) -> Bool { Self.has(byte, low, high) }

        @inline(__always) static func has(_ byte: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
            // (Branch-free but for the rare byte past ASCII: which byte opens a key is not
            // predictable.)
            byte < 128 && ((byte & 64 == 0 ? low : high) >> UInt64(byte & 63)) & 1 != 0
        }
    }
    static let logfmtLevelKeys = bytes(["level=", "lvl=", "severity=", "loglevel="])
    static let logfmtMessageKeys = bytes(["msg=", "message="])

    static func bytes(_ keys: [String]) -> [[UInt8]] { keys.map { Array($0.utf8) } }

    @inline(__always) static func matches(_ line: UnsafeBufferPointer<UInt8>, at i: Int, _ key: [UInt8]) -> Bool {
        guard i + key.count <= line.count else { return false }
        for j in 1..<key.count where line[i + j] != key[j] { return false }
        return true
    }

    /// Calls `body` with the index of every `byte` in `line`, found with `memchr`, until it
    /// returns false.
    @inline(__always)
    static func forEach(_ byte: UInt8, in line: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Bool) {
        guard let base = line.baseAddress else { return }
        var from = 0
        while from < line.count, let found = memchr(base + from, Int32(byte), line.count - from) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard body(index) else { return }
            from = index + 1
        }
    }

    /// The text of a quoted value whose opening quote is just before `start` (escapes kept).
    static func quoted(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int> {
        guard line.baseAddress != nil else { return start..<start }
        let count = line.count
        // 64 bytes at a time: the first quote that no backslash escapes ends the value.
        var block = start
        while block < count {
            // Quotes, and backslashes.
            var marks = Self.marks(line, at: block, 34, 92, 92, 92)
            var next = block + 64
            while marks.first != 0 || marks.others != 0 {
                let quote = marks.first.trailingZeroBitCount
                let escape = marks.others.trailingZeroBitCount
                if quote < escape { return start..<(block + quote) }
                // A backslash and the byte it escapes (which may be the next block's first).
                if escape == 63 {
                    next = block + 65
                    break
                }
                let passed = UInt64(4) << UInt64(escape) &- 1
                marks.first &= ~passed
                marks.others &= ~passed
            }
            block = next
        }
        return start..<count
    }

    /// Where `first`, and any of `a`, `b`, `c`, are in the 64 bytes of `line` from `block`
    /// (`debrief_marks`); past the line's end the bytes read as zeros, which none of them may be.
    @inline(__always) static func marks(
        _ line: UnsafeBufferPointer<UInt8>, at block: Int, _ first: UInt8, _ a: UInt8, _ b: UInt8, _ c: UInt8
    ) -> DebriefMarks {
        if block + 64 <= line.count, let base = line.baseAddress { return debrief_marks(base + block, first, a, b, c) }
        var tail = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &tail) { buffer in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(line)[block...]))
            return debrief_marks(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), first, a, b, c)
        }
    }

    /// The value after a JSON key, in the raw bytes (no full JSON parse on the hot path): of
    /// the first key of `keys` in the line that names the field (see `JSONKeys.strong`), else
    /// of the first other one; a string's contents, or with `bare` a number or `true`/`false`.
    /// A key is a quoted word after `{` or `,`. Only the line's quotes are looked at.
    static func jsonString(_ line: UnsafeBufferPointer<UInt8>, keys set: JSONKeys, bare: Bool = false) -> Range<Int>? {
        var strong: Range<Int>?
        var weak: Range<Int>?
        forEach(34, in: line) { q in
            guard q + 1 < line.count, set.mayStart(line[q + 1]), isKeyQuote(line, q),
                let (k, range) = value(line, q, set, bare: bare)
            else { return true }
            if k < set.strong {
                strong = range
                return false
            }
            if weak == nil { weak = range }
            return true
        }
        return strong ?? weak
    }

    /// Whether the fast walk over a line's keys (`jsonFields`) finds the level, message and
    /// time the plain search (`jsonString`) finds: the promise the scan's speed rests on, which
    /// the `evidence` fuzz target checks on arbitrary bytes.
    public static func jsonWalkAgrees(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let fields = jsonFields(line, time: true)
        return fields.level == jsonString(line, keys: jsonLevelKeys, bare: true)
            && fields.message == jsonString(line, keys: jsonMessageKeys)
            && fields.time == jsonString(line, keys: jsonTimeKeys, bare: true)?.lowerBound
    }

    /// Whether the quote at `q` can open a key: `{` or `,` comes before it (spaces aside).
    @inline(__always) static func isKeyQuote(_ line: UnsafeBufferPointer<UInt8>, _ q: Int) -> Bool {
        var before = q - 1
        while before > 0, line[before] == 32 { before -= 1 }
        return before >= 0 && (line[before] == 123 || line[before] == 44)
    }

    /// The key of `set` that opens at the quote `q` (its index) and where its value is.
    @inline(__always) static func value(_ line: UnsafeBufferPointer<UInt8>, _ q: Int, _ set: JSONKeys, bare: Bool)
        -> (Int, Range<Int>)?
    {
        for (k, key) in set.keys.enumerated() where key[1] == line[q + 1] {
            guard matches(line, at: q, key) else { continue }
            return fieldValue(line, after: q + key.count, bare: bare).map { (k, $0) }
        }
        return nil
    }

    /// The value whose key's closing quote is just before `start`: after the colon, a string's
    /// contents, or with `bare` a number or `true`/`false`; nil when no colon follows the key.
    @inline(__always) static func fieldValue(_ line: UnsafeBufferPointer<UInt8>, after start: Int, bare: Bool)
        -> Range<Int>?
    {
        let count = line.count
        var j = start
        while j < count, line[j] == 32 { j += 1 }
        guard j < count, line[j] == 58 else { return nil }
        j += 1
        while j < count, line[j] == 32 { j += 1 }
        guard j < count else { return nil }
        if line[j] == 34 { return quoted(line, from: j + 1) }
        guard bare, LogHeader.isDigit(line[j]) || line[j] == 116 || line[j] == 102 else { return nil }
        var end = j
        while end < count, LogHeader.isDigit(line[end]) || LogHeader.isLetter(line[end]) || line[end] == 46 {
            end += 1
        }
        return j..<end
    }

    /// Every key of the level, message and time sets in one table for the walk: the quoted
    /// text at a key quote is looked up in one probe (a perfect hash of its first eight bytes).
    struct FieldKeys: Sendable {
        enum Field: UInt8, Sendable { case level, message, time }
        /// A key, its bytes (quotes left out, at most 24) as little-endian words.
        struct Entry: Sendable {
            var field: Field
            /// Its index in its set (`JSONKeys.keys`); the length of its text (-1: an empty slot).
            var index: Int
            var length: Int
            var words: (UInt64, UInt64, UInt64)
        }
        /// 64 slots; a key's is `slot(words.0)`.
        let table: [Entry]
        let multiplier: UInt64
        let longest: Int

        init(level: JSONKeys, message: JSONKeys, time: JSONKeys) {
            var keyed: [Entry] = []
            for (field, set) in [(Field.level, level), (.message, message), (.time, time)] {
                for (index, key) in set.keys.enumerated() {
                    let text = Array(key.dropFirst().dropLast())
                    precondition(text.count <= 24, "JSON keys to look for are at most 24 bytes")
                    let words = (Self.word(text, 0), Self.word(text, 8), Self.word(text, 16))
                    keyed.append(Entry(field: field, index: index, length: text.count, words: words))
                }
            }
            // The first multiplier of a fixed sequence of odd numbers that gives every key a slot
            // of its own (a few dozen tries for twenty-odd keys in 64 slots).
            var multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
            while Set(keyed.map { ($0.words.0 &* multiplier) >> 58 }).count < keyed.count {
                multiplier = (multiplier ^ multiplier >> 29) &* 0xBF58_476D_1CE4_E5B9 | 1
            }
            var table = Array(
                repeating: Entry(field: .level, index: 0, length: -1, words: (0, 0, 0)), count: 64)
            for entry in keyed { table[Int((entry.words.0 &* multiplier) >> 58)] = entry }
            self.table = table
            self.multiplier = multiplier
            longest = keyed.map(\.length).max() ?? 0
        }

        static func word(_ bytes: [UInt8], _ from: Int) -> UInt64 {
            var word: UInt64 = 0
            for k in from..<max(from, min(from + 8, bytes.count)) {
                word |= UInt64(bytes[k]) << UInt64(8 * (k - from))
            }
            return word
        }

        /// The bytes `from..<end` of `line` (at most eight) as a little-endian word.
        @inline(__always) static func word(_ line: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> UInt64 {
            let length = min(8, max(0, end - from))
            if from + 8 <= line.count, let base = line.baseAddress {
                let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: from, as: UInt64.self)
                return length == 8 ? word : word & ((1 << UInt64(8 * length)) &- 1)
            }
            var word: UInt64 = 0
            for k in 0..<length { word |= UInt64(line[from + k]) << UInt64(8 * k) }
            return word
        }

        /// Where the quote that closes the key opened at `q` is, looked for over at most the
        /// longest key's length.
        @inline(__always) func closingQuote(_ line: UnsafeBufferPointer<UInt8>, after q: Int) -> Int {
            let limit = min(line.count, q + longest + 2)
            var end = q + 1
            while end < limit, line[end] != 34 { end += 1 }
            return end
        }

        /// The key quoted from `q` to the quote at `end`, if it is one of the sets'.
        @inline(__always) func find(_ line: UnsafeBufferPointer<UInt8>, at q: Int, end: Int) -> Entry? {
            let length = end - q - 1
            guard end < line.count, length <= longest else { return nil }
            let head = Self.word(line, q + 1, end)
            let entry = table[Int((head &* multiplier) >> 58)]
            guard entry.length == length, entry.words.0 == head else { return nil }
            guard length > 8 else { return entry }
            return entry.words.1 == Self.word(line, q + 9, end) && entry.words.2 == Self.word(line, q + 17, end)
                ? entry : nil
        }
    }
    static let fieldKeys = FieldKeys(level: jsonLevelKeys, message: jsonMessageKeys, time: jsonTimeKeys)

    /// The level and the message of a JSON line, in one walk over the quotes that can open a
    /// key, found 64 bytes at a time (a scan reads both fields of every JSON line): the message
    /// by the first of `jsonMessageKeys` in the line, the level by the earliest of
    /// `jsonLevelKeys` in their order (a bare number or `true` too).
    static func jsonFields(_ line: UnsafeBufferPointer<UInt8>) -> (level: Range<Int>?, message: Range<Int>?) {
        let fields = jsonFields(line, time: false)
        return (fields.level, fields.message)
    }

    /// The same, and with `time`, where the value of a time key (`jsonTimeKeys`) starts: a
    /// string's first byte or a number's.
    static func jsonFields(_ line: UnsafeBufferPointer<UInt8>, time wantsTime: Bool)
        -> (level: Range<Int>?, message: Range<Int>?, time: Int?)
    {
        guard line.baseAddress != nil else { return (nil, nil, nil) }
        let count = line.count
        var level: Range<Int>?
        var levelIsStrong = false
        var message: Range<Int>?
        var time: Range<Int>?
        let strong = jsonLevelKeys.strong
        let keys = fieldKeys
        let anyLow = jsonLevelKeys.low | jsonMessageKeys.low | (wantsTime ? jsonTimeKeys.low : 0)
        let anyHigh = jsonLevelKeys.high | jsonMessageKeys.high | (wantsTime ? jsonTimeKeys.high : 0)
        // Bit 0 set when the last byte of the block before may come before a key's quote.
        var carry: UInt64 = 0
        var block = 0
        while block < count {
            // Quotes, and what may come before a key's quote: `{`, `,`, a space.
            let marks = Self.marks(line, at: block, 34, 123, 44, 32)
            // A key's quote follows `{` or `,` (spaces between aside): most quotes (a value's
            // follows `:`, a closing one a letter, an escaped one a backslash) are passed over
            // 64 at a time.
            var quotes = marks.first & (marks.others << 1 | carry)
            carry = marks.others >> 63
            while quotes != 0 {
                let q = block + quotes.trailingZeroBitCount
                quotes &= quotes &- 1
                guard q + 1 < count else { return (level, message, time?.lowerBound) }
                guard JSONKeys.has(line[q + 1], anyLow, anyHigh) else { continue }
                if line[q - 1] == 32, !isKeyQuote(line, q) { continue }
                // The key's closing quote: the next quote of the block, if there is one.
                let later = marks.first & ~(UInt64(2) << UInt64(q - block) &- 1)
                let end = later != 0 ? block + later.trailingZeroBitCount : keys.closingQuote(line, after: q)
                guard let entry = keys.find(line, at: q, end: end) else { continue }
                switch entry.field {
                case .level:
                    guard !levelIsStrong, let range = fieldValue(line, after: end + 1, bare: true) else { continue }
                    if entry.index < strong {
                        level = range
                        levelIsStrong = true
                    } else if level == nil {
                        level = range
                    }
                case .message:
                    guard message == nil else { continue }
                    message = fieldValue(line, after: end + 1, bare: false)
                case .time:
                    guard wantsTime, time == nil else { continue }
                    time = fieldValue(line, after: end + 1, bare: true)
                }
                // Done when each field is found by a key that names it.
                if levelIsStrong, message != nil, !wantsTime || time != nil {
                    return (level, message, time?.lowerBound)
                }
            }
            block += 64
        }
        return (level, message, time?.lowerBound)
    }

    /// The value of a logfmt `key=value` or `key="quoted value"` pair at a word start: the first
    /// occurrence of the earliest of `keys` (each ending in `=`). Only the line's `=` signs are
    /// looked at, so a line with none costs next to nothing.
    static func logfmtValue(_ line: UnsafeBufferPointer<UInt8>, keys: [[UInt8]]) -> Range<Int>? {
        var best: (key: Int, range: Range<Int>)?
        forEach(61, in: line) { equals in
            var start = equals
            while start > 0, line[start - 1] != 32, line[start - 1] != 9 { start -= 1 }
            let length = equals - start + 1
            for (k, key) in keys.enumerated()
            where key.count == length && key[0] == line[start] && (best.map { k < $0.key } ?? true)
                && matches(line, at: start, key)
            {
                let value = equals + 1
                if value < line.count, line[value] == 34 {
                    best = (k, quoted(line, from: value + 1))
                } else {
                    var end = value
                    while end < line.count, line[end] != 32, line[end] != 9 { end += 1 }
                    best = (k, value..<end)
                }
                return k != 0
            }
            return true
        }
        return best?.range
    }

    /// The level: a syslog priority, a JSON or logfmt field, else a level word in the header.
    /// `tokens` are the line's token ranges when `tokenized`; they are found here only if needed.
    /// `byWord` says whether the level came from a word (a field's value or a header word), which
    /// every line of the same shape holds too, rather than from digits (a syslog priority, an HTTP
    /// status).
    static func level(
        _ line: UnsafeBufferPointer<UInt8>, isJSON: Bool, tokens: inout [Range<Int>], tokenized: inout Bool,
        byWord: inout Bool
    ) -> LogLevel {
        level(
            line, isJSON: isJSON, jsonLevel: isJSON ? jsonString(line, keys: jsonLevelKeys, bare: true) : nil,
            tokens: &tokens,
            tokenized: &tokenized, byWord: &byWord)
    }

    /// The same, given the JSON level field (`jsonFields`) of a JSON line.
    static func level(
        _ line: UnsafeBufferPointer<UInt8>, isJSON: Bool, jsonLevel: Range<Int>?, tokens: inout [Range<Int>],
        tokenized: inout Bool, byWord: inout Bool
    ) -> LogLevel {
        if let priority = LogHeader.syslogPriority(line) {
            // The severity is the priority modulo 8 (RFC 5424 section 6.2.1).
            switch priority.value % 8 {
            case 0, 1, 2: return .critical
            case 3: return .error
            case 4: return .warning
            case 5: return .notice
            case 6: return .info
            default: return .debug
            }
        }
        // A field's value is a word unless it has digits (pino's `"level":30`, a syslog
        // severity): another line of the shape may hold other digits there.
        if isJSON, let range = jsonLevel {
            byWord = !LogHeader.hasDigit(line[range])
            return LogLevel(bytes: line[range])
        }
        if !isJSON, let range = logfmtValue(line, keys: logfmtLevelKeys) {
            byWord = !LogHeader.hasDigit(line[range])
            return LogLevel(bytes: line[range])
        }
        byWord = true
        if !tokenized {
            LogHeader.tokenRanges(line, into: &tokens)
            tokenized = true
        }
        if let first = tokens.first, let colon = LogHeader.openingLevelColon(line[first]) {
            return LogLevel(bytes: line[first.lowerBound..<colon])
        }
        for range in tokens.prefix(12) {
            if let word = LogHeader.levelWord(line[range]) { return LogLevel(bytes: word) }
        }
        byWord = false
        return accessLogLevel(line, tokens: tokens) ?? .unknown
    }

    /// Access logs (`"GET / HTTP/1.1" 503 …`): the status after the quoted request is the level:
    /// 5xx an error, 4xx a warning, else info.
    static func accessLogLevel(_ line: UnsafeBufferPointer<UInt8>, tokens: [Range<Int>]) -> LogLevel? {
        for (i, range) in tokens.enumerated() where i + 1 < tokens.count {
            let token = line[range]
            guard token.count >= 6, token.last == 34, token.starts(with: Array("HTTP/".utf8)) else { continue }
            let status = line[tokens[i + 1]]
            guard status.count == 3, status.allSatisfy(LogHeader.isDigit), let first = status.first else { return nil }
            return first == 53 ? .error : first == 52 ? .warning : .info
        }
        return nil
    }
}

/// A line of a file, to cite.
public struct LinePosition: Sendable, Equatable, Hashable {
    public var file: Int
    public var line: Int
    /// An id to cite instead of the line, for records that are not lines (a CloudTrail eventID).
    public var record: String?

    public init(file: Int, line: Int, record: String? = nil) {
        self.file = file
        self.line = line
        self.record = record
    }
}

/// An error line: where it is, when, and which template it follows.
public struct ErrorLine: Sendable, Equatable {
    public var position: LinePosition
    public var time: Double
    public var template: Int
}

/// A stretch of time where the error rate departs from its baseline.
public struct IncidentWindow: Sendable, Codable, Equatable {
    public var start: Double
    public var end: Double
    /// Errors per minute at the peak, and the baseline it is compared with.
    public var peakErrorsPerMinute: Int
    public var baselineErrorsPerMinute: Double
    /// How far the window stands out: 0 (barely) to 1 (unmistakable).
    public var confidence: Double
}

/// Counts what a scan reports, line by line, in bounded memory (per-minute buckets and
/// per-template counters, not the lines).
public struct LogScan: Sendable {
    public private(set) var miner = TemplateMiner()
    public private(set) var lines = 0
    public private(set) var linesWithoutTime = 0
    /// Lines read as part of the record before them (stack-trace frames, JSON bodies): not
    /// records of their own (`RecordJoiner`), not counted in `lines`.
    public var joinedLines: Int { joiner.joined + mergedJoins }
    var joiner = RecordJoiner()
    var mergedJoins = 0
    /// The file's layout when it is a CSV export: its records are mined on their message column,
    /// and a message of several lines is one record. Read from the header on line 1, or given
    /// to each part of a file split between cores (only the first part holds the header).
    public var csv: CSVLayout? {
        get { miner.csv }
        set {
            miner.csv = newValue
            joiner.csv = newValue
        }
    }
    /// Lines per level (levels with none are left out).
    public var levels: [LogLevel: Int] {
        var levels: [LogLevel: Int] = [:]
        for level in LogLevel.allCases where levelCounts[level.order] > 0 { levels[level] = levelCounts[level.order] }
        return levels
    }
    /// The earliest and latest time of a line, if any line had one.
    public var first: Double? { earliest <= latest ? earliest : nil }
    public var last: Double? { earliest <= latest ? latest : nil }
    /// What `first` and `last` report, kept without optionals (updated every line).
    private var earliest = Double.infinity
    private var latest = -Double.infinity
    /// Minute → (lines, errors).
    public var minutes: [Int: (lines: Int, errors: Int)] {
        var minutes = countedMinutes
        pending.fold(into: &minutes)
        return minutes
    }
    /// Template id → first time seen, errors.
    public private(set) var firstSeen: [Int: Double] = [:]
    public var templateErrors: [Int: Int] {
        var errors = countedErrors
        pending.fold(errorsInto: &errors)
        return errors
    }
    /// Template id → where it was first seen, to cite.
    public private(set) var firstLine: [Int: LinePosition] = [:]
    /// Minute → the first and last error line in it, to cite.
    public var minuteErrors: [Int: (first: ErrorLine, last: ErrorLine)] {
        var errors = countedMinuteErrors
        pending.fold(into: &errors)
        return errors
    }
    /// Template id → minute → lines, for the first `trackedTemplates` templates (bounded memory).
    public var templateMinutes: [Int: [Int: Int]] {
        var perMinute = countedTemplateMinutes
        pending.fold(into: &perMinute)
        return perMinute
    }
    public static let trackedTemplates = 2000
    // What the properties above report, but for the minute being counted (`pending`).
    /// Lines per level, by `LogLevel.order`.
    var levelCounts = LevelCounts()
    var countedMinutes: [Int: (lines: Int, errors: Int)] = [:]
    var countedErrors: [Int: Int] = [:]
    var countedMinuteErrors: [Int: (first: ErrorLine, last: ErrorLine)] = [:]
    var countedTemplateMinutes: [Int: [Int: Int]] = [:]
    /// The minute lines are coming in: counted here, in arrays, and folded into the maps
    /// above when a line of another minute comes (logs are mostly in time order, so that is
    /// once a minute, not once a line).
    var pending = PendingMinute()
    /// The file the lines being added come from (an index into the caller's list).
    public var file = 0
    var tokens: [Range<Int>] = []
    /// Which template ids have a first time in `firstSeen` already.
    var timed: [Bool] = []
    /// What the lines of each shape (`TemplateMiner.shape`) have in common; emptied when
    /// full.
    var facts = ShapeMap<ShapeFacts>(capacity: 1 << 16)
    /// JSON lines whose shape was looked up, and how many were known, in the current round of
    /// `ShapeFacts.round` lines. When nearly every JSON line is of a new shape (ids of hex
    /// letters in every line, so no two lines alike but for digits), looking shapes up only
    /// misses the cache: the next fifteen rounds read them without, and the one after that
    /// looks again.
    var jsonLookups = 0
    var jsonHits = 0
    /// Rounds left to read JSON lines without the shape cache.
    var jsonFactsOff = 0
    /// Where the last JSON line's timestamp was, for the next one's.
    var jsonStamp = StampStart()
    /// Short level values of JSON lines (`"info"`), packed, → their level.
    var levelWords = ShapeMap<LogLevel>(capacity: 64)
    /// The last date a timestamp gave, for the next line's.
    var days = LogTimestampParser.DayMemo()
    /// The year for timestamps written without one (syslog RFC 3164).
    public var assumedYear: Int?
    /// Seconds east of UTC for timestamps written without a zone (nil reads them as UTC).
    public var assumedOffset: Int?
    public private(set) var linesWithoutYear = 0
    public private(set) var linesWithoutZone = 0

    public init() {}

    /// Folds in a scan of a later part of the same input (made on another core): counts add
    /// up, first and last keep the earliest and latest, templates are folded with `absorb`, and
    /// the part's line numbers move down by `lineOffset`.
    public mutating func merge(_ other: LogScan, lineOffset: Int) {
        let mapping = miner.absorb(all: other.miner)
        func id(_ old: Int) -> Int { mapping[old - 1] }
        func shift(_ p: LinePosition) -> LinePosition {
            p.record == nil ? LinePosition(file: p.file, line: p.line + lineOffset) : p
        }
        func shift(_ e: ErrorLine) -> ErrorLine {
            ErrorLine(position: shift(e.position), time: e.time, template: id(e.template))
        }
        lines += other.lines
        mergedJoins += other.joinedLines
        linesWithoutTime += other.linesWithoutTime
        linesWithoutYear += other.linesWithoutYear
        linesWithoutZone += other.linesWithoutZone
        flush()
        for order in 0..<LevelCounts.count { levelCounts[order] += other.levelCounts[order] }
        earliest = min(earliest, other.earliest)
        latest = max(latest, other.latest)
        for (minute, counts) in other.minutes {
            countedMinutes[minute, default: (0, 0)].lines += counts.lines
            countedMinutes[minute, default: (0, 0)].errors += counts.errors
        }
        for (minute, pair) in other.minuteErrors {
            Self.note(shift(pair.first), shift(pair.last), minute: minute, in: &countedMinuteErrors)
        }
        for (old, time) in other.firstSeen {
            let new = id(old)
            if firstSeen[new].map({ time < $0 }) ?? true {
                firstSeen[new] = time
                if let position = other.firstLine[old] { firstLine[new] = shift(position) }
            }
        }
        for (old, count) in other.templateErrors { countedErrors[id(old), default: 0] += count }
        for (old, perMinute) in other.templateMinutes where id(old) <= Self.trackedTemplates {
            for (minute, count) in perMinute {
                countedTemplateMinutes[id(old), default: [:]][minute, default: 0] += count
            }
        }
        settle()
    }

    /// Moves what was counted under templates the miner has since folded into another onto
    /// the one they joined. Called after a merge; call it after the last `add` too.
    public mutating func settle() {
        flush()
        miner.foldWordRuns()
        let miner = miner
        var seen: [Int: Double] = [:]
        var line: [Int: LinePosition] = [:]
        for (old, time) in firstSeen {
            let new = miner.resolve(old)
            if seen[new].map({ time < $0 }) ?? true {
                seen[new] = time
                line[new] = firstLine[old]
            }
        }
        firstSeen = seen
        firstLine = line
        var errors: [Int: Int] = [:]
        for (old, count) in countedErrors { errors[miner.resolve(old), default: 0] += count }
        countedErrors = errors
        var perMinute: [Int: [Int: Int]] = [:]
        for (old, counts) in countedTemplateMinutes {
            for (minute, count) in counts { perMinute[miner.resolve(old), default: [:]][minute, default: 0] += count }
        }
        countedTemplateMinutes = perMinute
        for (minute, pair) in countedMinuteErrors {
            var pair = pair
            pair.first.template = miner.resolve(pair.first.template)
            pair.last.template = miner.resolve(pair.last.template)
            countedMinuteErrors[minute] = pair
        }
    }

    /// Folds the pending minute into the maps.
    mutating func flush() {
        pending.fold(into: &countedMinutes)
        pending.fold(errorsInto: &countedErrors)
        pending.fold(into: &countedMinuteErrors)
        pending.fold(into: &countedTemplateMinutes)
        pending.reset(to: nil)
    }

    /// Keeps the earlier first and the later last error line of `minute`.
    static func note(
        _ first: ErrorLine, _ last: ErrorLine, minute: Int, in map: inout [Int: (first: ErrorLine, last: ErrorLine)]
    ) {
        if let known = map[minute] {
            map[minute] = (
                first.time < known.first.time ? first : known.first, last.time >= known.last.time ? last : known.last
            )
        } else {
            map[minute] = (first, last)
        }
    }

    /// The minute `time` falls in: `floor(time / 60)`, without a call to the C library's
    /// `floor` (a baseline x86-64 build has no instruction for it), as it runs every line.
    @inline(__always) static func minute(_ time: Double) -> Int {
        let quotient = time / 60
        let truncated = Int(quotient)
        return Double(truncated) > quotient ? truncated - 1 : truncated
    }

    /// The time of a timestamp moved onto the assumed year and zone.
    @inline(__always)
    func place(_ stamp: LogTimestamp) -> Double {
        // Most timestamps give both.
        if stamp.hasYear, stamp.hasZone { return stamp.seconds }
        return Self.place(stamp, year: assumedYear, offset: assumedOffset)
    }

    /// Static, so that a call from a mutating method does not copy the whole scan.
    static func place(_ stamp: LogTimestamp, year assumedYear: Int?, offset assumedOffset: Int?) -> Double {
        var seconds = stamp.seconds
        if !stamp.hasYear {
            if let year = assumedYear {
                let day = Int((seconds / 86400).rounded(.down))
                let date = LocalDate(dayNumber: day)
                let dayStart =
                    LocalDate.isValid(year: year, month: date.month, day: date.day)
                    ? LocalDate(year: year, month: date.month, day: date.day) : LocalDate(year: year, month: 3, day: 1)
                seconds += Double((dayStart.dayNumber - day) * 86400)
            }
        }
        if !stamp.hasZone {
            seconds -= Double(assumedOffset ?? 0)
        }
        return seconds
    }

    /// Adds one line's bytes.
    @discardableResult
    public mutating func add(_ line: UnsafeBufferPointer<UInt8>, number: Int, record: String? = nil) -> LogRecord {
        // Without bounds every line is counted.
        add(line, number: number, record: record, from: nil, to: nil)!
    }

    /// Adds one line's bytes, unless its time (once placed on the assumed year and zone) is
    /// before `lower` or not before `upper`: nil then.
    @discardableResult
    public mutating func add(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, record: String?, from lower: Double?, to upper: Double?
    ) -> LogRecord? {
        var bytes: UInt64 = 0
        return add(line, number: number, record: record, from: lower, to: upper, or: &bytes)
    }

    /// Reads every line of `reader` into the scan, leaving out lines whose time is before
    /// `lower` or not before `upper`; returns how many lines were read (left out ones too).
    public mutating func read(_ reader: inout LineReader, from lower: Double? = nil, to upper: Double? = nil) -> Int {
        let damage = reader.damage
        // The line's bytes are OR-ed together on the way (in the shape hash for text lines), so
        // the UTF-8 check costs a second look only for lines that are not ASCII.
        // A category-only first line waits for the line that holds its message (`CategoryRecords`).
        var held = CategoryRecords()
        reader.forEachLine(checkingUTF8: false) { line, number in
            var bytes: UInt64 = 0
            if joiner.continues(line) {
                // A frame of a trace or a line of a JSON body: part of the record before it.
                if line.contains(where: { $0 >= 0x80 }), String(validating: line, as: UTF8.self) == nil {
                    damage.invalidUTF8Lines.append(number)
                }
                if held.isHolding, let both = held.joined(with: line) {
                    _ = both.withUnsafeBufferPointer {
                        add($0, number: held.number, record: nil, from: lower, to: upper, or: &bytes)
                    }
                }
                return
            }
            if let (first, start) = held.release() {
                _ = first.withUnsafeBufferPointer {
                    add($0, number: start, record: nil, from: lower, to: upper, or: &bytes)
                }
                bytes = 0
            }
            if held.hold(line, number: number) {
                bytes = TemplateMiner.orOfBytes(line)
            } else {
                _ = add(line, number: number, record: nil, from: lower, to: upper, or: &bytes)
            }
            if bytes & 0x8080_8080_8080_8080 != 0, String(validating: line, as: UTF8.self) == nil {
                damage.invalidUTF8Lines.append(number)
            }
        }
        if let (first, start) = held.release() {
            var bytes: UInt64 = 0
            _ = first.withUnsafeBufferPointer {
                add($0, number: start, record: nil, from: lower, to: upper, or: &bytes)
            }
        }
        return reader.lineNumber
    }

    /// Adds one line's bytes, unless its time is outside `lower..<upper` (nil then), OR-ing the
    /// bytes of text lines into `bytes` (JSON lines: a high bit when not ASCII).
    @inline(__always)
    mutating func add(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, record: String?, from lower: Double?, to upper: Double?,
        or bytes: inout UInt64
    ) -> LogRecord? {
        let isJSON = line.first == 123
        // A CSV export's header names its message column (the parts of a file split between
        // cores are given it: only the first part holds the header).
        if number == 1, csv == nil { csv = CSVLayout.header(line) }
        // A line of a shape seen before (the same bytes but for its digits; JSON lines too) has
        // the level word, the template and the timestamp's place of the first line of that
        // shape: every field and key is found by bytes that are not digits.
        // (Not hashed for a JSON line while the shape cache is off for JSON: only whether the
        // line is ASCII is needed then, and its shape only if it has no message field.)
        var shape: UInt64?
        var known: ShapeFacts?
        if isJSON {
            jsonLookups += 1
            if jsonLookups == ShapeFacts.round {
                if jsonFactsOff > 0 {
                    jsonFactsOff -= 1
                } else if jsonHits * 8 < jsonLookups {
                    jsonFactsOff = 15
                }
                jsonLookups = 0
                jsonHits = 0
            }
            if jsonFactsOff == 0 {
                let hashed = TemplateMiner.shape(line, or: &bytes)
                shape = hashed
                known = facts.value(hashed)
                if known != nil { jsonHits += 1 }
            } else {
                bytes = TemplateMiner.orOfBytes(line)
            }
        } else {
            let hashed = TemplateMiner.shape(line, or: &bytes)
            shape = hashed
            known = facts.value(hashed)
        }
        var stamp: LogTimestamp?
        // A JSON line of a new shape: its fields found in one walk, the time by its key.
        var walked: (level: Range<Int>?, message: Range<Int>?, time: Int?)?
        if let known, known.stampStart >= 0 {
            stamp =
                known.stampLayout.read(line, at: Int(known.stampStart), memo: &days)
                ?? LogTimestampParser.parse(line, at: Int(known.stampStart), memo: &days)
        } else if isJSON, jsonStamp.sharesStart(with: line) {
            stamp = LogTimestampParser.parse(line, at: jsonStamp.start, memo: &days)
        } else if isJSON, known == nil {
            walked = LogLineReader.jsonFields(line, time: true)
            if let start = walked?.time { stamp = LogTimestampParser.parse(line, at: start, memo: &days) }
            if stamp != nil { jsonStamp.learn(stamp, in: line) }
        }
        if stamp == nil {
            stamp = LogTimestampParser.find(in: line, window: isJSON ? line.count : 96, memo: &days)
            if isJSON { jsonStamp.learn(stamp, in: line) }
        }
        // The bounds are instants: compared once the assumed year and zone are applied.
        // (Not `stamp.map { place($0) }`: the closure would copy the whole scan, every line.)
        var placed: Double?
        if let stamp { placed = place(stamp) }
        if let time = placed {
            if let lower, time < lower { return nil }
            if let upper, time >= upper { return nil }
        }
        lines += 1
        if let stamp, !stamp.hasYear || !stamp.hasZone {
            if !stamp.hasYear { linesWithoutYear += 1 }
            if !stamp.hasZone { linesWithoutZone += 1 }
        }
        var tokenized = false
        var byWord = false
        let level: LogLevel
        // A JSON line's fields, unless its shape gave all they would give.
        let fields: (level: Range<Int>?, message: Range<Int>?) =
            walked.map { ($0.level, $0.message) }
            ?? (isJSON && (known?.level == nil || known?.template == 0) ? LogLineReader.jsonFields(line) : (nil, nil))
        if let word = known?.level {
            level = word
        } else if isJSON, let range = fields.level, range.count < 8, let base = line.baseAddress {
            byWord = !LogHeader.hasDigit(line[range])
            // The level field's few bytes (and their count) as the key of the word they read as.
            var key = UInt64(range.count) << 56
            for k in range { key |= UInt64(base[k]) << UInt64(8 * (k - range.lowerBound)) }
            if let word = levelWords.value(key) {
                level = word
            } else {
                level = LogLevel(bytes: line[range])
                levelWords.set(level, for: key)
            }
        } else if !isJSON, let range = miner.csv?.level(in: line) {
            // A CSV export's level column (`LevelDisplayName`, `Severity`).
            byWord = !LogHeader.hasDigit(line[range])
            level = LogLevel(bytes: line[range])
        } else {
            level = LogLineReader.level(
                line, isJSON: isJSON, jsonLevel: fields.level, tokens: &tokens, tokenized: &tokenized, byWord: &byWord)
        }
        let template: Int
        if let id = known?.template, id != 0 {
            template = miner.count(known: Int(id))
        } else if let (message, escaping) =
            (isJSON
                ? fields.message.map({ ($0, TextEscaping.json) }) : TemplateMiner.messageField(line, csv: miner.csv))
        {
            // The message field's place and its bytes but for digits are the shape's, so it is
            // of one message shape, which the miner gives one template.
            template = miner.add(bytes: UnsafeBufferPointer(rebasing: line[message]), escaping: escaping)
        } else {
            template = miner.add(
                bytes: line, shape: shape ?? TemplateMiner.shape(line), tokens: &tokens, tokenized: tokenized)
        }
        // (Not a shape whose template kept a message code's digits: another code may come in it.)
        if known == nil, let shape, !miner.keptDigits {
            facts.set(
                ShapeFacts(
                    // A syslog priority is digits, so its level is read on every line.
                    level: byWord && line.first != 60 ? level : nil,
                    template: Int32(template),
                    stampStart: stamp.map { ShapeFacts.place(of: $0, in: line) } ?? -1,
                    stampLayout: stamp.map { LogTimestampParser.Layout(of: $0, in: line) } ?? .unknown),
                for: shape)
        }
        levelCounts[level.order] += 1
        let isError = level.isError
        if let time = placed {
            earliest = min(earliest, time)
            latest = max(latest, time)
            // Most lines fall in the minute of the line before: two comparisons, no division.
            if !pending.holds(time) {
                let minute = Self.minute(time)
                if minute != pending.minute {
                    flush()
                    pending.reset(to: minute)
                }
            }
            let firstInMinute = pending.count(template: template, isError: isError)
            if isError {
                pending.note(time: time, file: file, line: number, template: template, record: record)
            }
            // Templates seen with a time, by id (ids are dense): no lookup for the common case,
            // and no look at all but for a template's first line in a minute (its first line
            // ever is one).
            if firstInMinute, template >= timed.count {
                timed.append(contentsOf: repeatElement(false, count: template + 1 - timed.count))
            }
            if firstInMinute, !timed[template] {
                timed[template] = true
                if firstSeen[template] == nil {
                    firstSeen[template] = time
                    firstLine[template] = LinePosition(file: file, line: number, record: record)
                }
            }
        } else {
            linesWithoutTime += 1
            if isError { countedErrors[template, default: 0] += 1 }
        }
        return LogRecord(line: number, time: placed, level: level, template: template)
    }

    /// The first and last error lines inside a window.
    public func errorLines(in window: IncidentWindow) -> (first: ErrorLine, last: ErrorLine)? {
        let minuteErrors = minuteErrors
        let inside = minuteErrors.filter { Double($0.key * 60) >= window.start && Double($0.key * 60) < window.end }
        guard let first = inside.min(by: { $0.value.first.time < $1.value.first.time })?.value.first,
            let last = inside.max(by: { $0.value.last.time < $1.value.last.time })?.value.last
        else { return nil }
        return (first, last)
    }

    /// The error-rate window: the longest run of minutes (gaps of up to two quiet minutes
    /// allowed) whose errors exceed max(3 × baseline, baseline + 5), the baseline being the
    /// median errors per minute over the whole time range.
    public var incidentWindow: IncidentWindow? {
        guard let first, let last else { return nil }
        let startMinute = Int((first / 60).rounded(.down))
        let endMinute = Int((last / 60).rounded(.down))
        guard endMinute > startMinute else { return nil }
        // Sparse on purpose: one wild timestamp can make the range centuries long, so only the
        // minutes with errors are looked at; the quiet ones are counted, not listed.
        let span = endMinute - startMinute + 1
        let minutes = minutes
        let nonZero = minutes.values.map(\.errors).filter { $0 > 0 }.sorted()
        let zeros = span - nonZero.count
        let middle = span / 2
        let baseline = Double(middle < zeros ? 0 : nonZero[middle - zeros])
        let threshold = max(3 * baseline, baseline + 5)
        let above = minutes.filter { Double($0.value.errors) > threshold }.keys.sorted()
        var best: (start: Int, end: Int, peak: Int)?
        var current: (start: Int, end: Int, peak: Int)?
        for minute in above {
            let errors = minutes[minute]!.errors
            // Up to two quiet minutes between loud ones keep a run going.
            if var run = current, minute - run.end <= 3 {
                run.end = minute
                run.peak = max(run.peak, errors)
                current = run
            } else {
                if let run = current, best.map({ run.end - run.start > $0.end - $0.start }) ?? true { best = run }
                current = (minute, minute, errors)
            }
        }
        if let run = current, best.map({ run.end - run.start > $0.end - $0.start }) ?? true { best = run }
        guard let window = best else { return nil }
        let ratio = Double(window.peak) / max(baseline, 1)
        return IncidentWindow(
            start: Double(window.start * 60), end: Double((window.end + 1) * 60),
            peakErrorsPerMinute: window.peak, baselineErrorsPerMinute: baseline,
            confidence: min(1, (ratio - 3) / 17 + 0.5))
    }

}

/// What every line of one shape has in common, learnt from the first one read: lines of
/// one shape differ only in their digits' values.
struct ShapeFacts: Sendable {
    /// How many JSON lines one round of the shape-cache check spans (see `LogScan.jsonFactsOff`).
    static let round = 1 << 16

    /// The level, when a word gave it (a number, such as an HTTP status, is read every time).
    var level: LogLevel?
    /// The template the line joined (mined from its message field, or the whole line).
    var template: Int32
    /// Where the timestamp starts; -1 when it is searched for on every line.
    var stampStart: Int16
    /// How it is laid out, when it can be read at fixed places.
    var stampLayout: LogTimestampParser.Layout

    /// Where a timestamp found in `line` starts, if every line of the shape may be read there:
    /// no digit comes before it, so no other value of those digits could have made an earlier
    /// timestamp. A line whose digits there do not read as a time is searched in full.
    static func place(of stamp: LogTimestamp, in line: UnsafeBufferPointer<UInt8>) -> Int16 {
        let start = stamp.range.lowerBound
        guard start < Int(Int16.max), !line[..<start].contains(where: LogHeader.isDigit) else { return -1 }
        return Int16(start)
    }
}

/// Where the timestamp of a line was found, and the bytes before it: a line that starts with
/// the same bytes is read there first (JSON lines keep their fields in one order, so their
/// time is at the same place line after line, as long as the keys before it are the same).
struct StampStart: Sendable {
    private(set) var start = -1
    private var before: [UInt8] = []

    /// True when `line` starts with the bytes that came before the timestamp last time. Those
    /// hold no digit, so no timestamp `find` would have found earlier can start in them.
    @inline(__always) func sharesStart(with line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard start >= 0, start < line.count, let base = line.baseAddress else { return false }
        return before.withUnsafeBufferPointer { bytes in
            guard let kept = bytes.baseAddress else { return true }  // nothing before it
            return memcmp(kept, base, start) == 0
        }
    }

    /// Keeps where `stamp` starts in `line`, if no digit comes before it.
    mutating func learn(_ stamp: LogTimestamp?, in line: UnsafeBufferPointer<UInt8>) {
        before.removeAll(keepingCapacity: true)
        start = -1
        guard let stamp, stamp.range.lowerBound <= 64, ShapeFacts.place(of: stamp, in: line) >= 0 else { return }
        start = stamp.range.lowerBound
        before.append(contentsOf: line[..<start])
    }
}

/// One minute's counts while lines of it come in: lines and errors, and per template (by id,
/// in an array) lines and errors, with the ids touched so that folding them costs what the
/// minute held, not what the whole log holds.
struct PendingMinute: Sendable {
    private(set) var minute: Int?
    var lines = 0
    var errors = 0
    var firstError = ErrorMark()
    var lastError = ErrorMark()
    /// Per template id: its lines in the low 32 bits, its errors in the high 32 bits (one
    /// array, so one line costs one store; a minute holds far fewer than 2³² lines).
    var templateCounts: [UInt64] = []
    var touched: [Int] = []

    /// Times from `lower` up to `upper` surely fall in `minute` (`LogScan.minute` gives it):
    /// `upper` stops a hair short of the next minute, where dividing by 60 may round up to it.
    private var lower = Double.infinity
    private var upper = -Double.infinity

    @inline(__always) func holds(_ time: Double) -> Bool { time >= lower && time < upper }

    mutating func reset(to minute: Int?) {
        self.minute = minute
        if let minute {
            lower = Double(minute * 60)
            let next = Double((minute + 1) * 60)
            upper = next - max(abs(next) * 1e-12, 1e-9)
        } else {
            lower = .infinity
            upper = -.infinity
        }
        lines = 0
        errors = 0
        firstError = ErrorMark()
        lastError = ErrorMark()
        for id in touched { templateCounts[id] = 0 }
        touched.removeAll(keepingCapacity: true)
    }

    func lines(of id: Int) -> Int { Int(templateCounts[id] & 0xFFFF_FFFF) }
    func errors(of id: Int) -> Int { Int(templateCounts[id] >> 32) }

    /// One line of `template`; true when it is the template's first line in the minute.
    @inline(__always) mutating func count(template: Int, isError: Bool) -> Bool {
        lines += 1
        if template >= templateCounts.count {
            templateCounts.append(contentsOf: repeatElement(0, count: template + 1 - templateCounts.count))
        }
        let counts = templateCounts[template]
        if counts == 0 { touched.append(template) }
        templateCounts[template] = counts &+ (isError ? 0x1_0000_0001 : 1)
        if isError { errors += 1 }
        return counts == 0
    }

    /// One error line: kept if it is the minute's first or last so far.
    @inline(__always)
    mutating func note(time: Double, file: Int, line: Int, template: Int, record: String?) {
        // Logs are mostly in time order: the first stays, the last moves.
        if !firstError.isSet || time < firstError.time {
            firstError.set(time: time, file: file, line: line, template: template, record: record)
        }
        if !lastError.isSet || time >= lastError.time {
            lastError.set(time: time, file: file, line: line, template: template, record: record)
        }
    }

    func fold(into minutes: inout [Int: (lines: Int, errors: Int)]) {
        guard let minute, lines > 0 else { return }
        minutes[minute, default: (0, 0)].lines += lines
        minutes[minute, default: (0, 0)].errors += errors
    }

    func fold(errorsInto errorsByTemplate: inout [Int: Int]) {
        for id in touched where errors(of: id) > 0 {
            errorsByTemplate[id, default: 0] += errors(of: id)
        }
    }

    func fold(into minuteErrors: inout [Int: (first: ErrorLine, last: ErrorLine)]) {
        guard let minute, let first = firstError.errorLine, let last = lastError.errorLine else { return }
        LogScan.note(first, last, minute: minute, in: &minuteErrors)
    }

    /// Only the first `LogScan.trackedTemplates` templates' lines per minute are kept.
    func fold(into templateMinutes: inout [Int: [Int: Int]]) {
        guard let minute else { return }
        for id in touched where id <= LogScan.trackedTemplates {
            templateMinutes[id, default: [:]][minute, default: 0] += lines(of: id)
        }
    }
}

/// An error line as `PendingMinute` keeps it, its parts apart: the last error line of a minute
/// moves on nearly every error line, and storing the parts touches no String (the record is
/// nearly always nil, and is stored only when it or the one before is not).
struct ErrorMark: Sendable {
    private(set) var isSet = false
    private(set) var time = 0.0
    private var file = 0
    private var line = 0
    private var template = 0
    private var record: String?

    @inline(__always)
    mutating func set(time: Double, file: Int, line: Int, template: Int, record: String?) {
        isSet = true
        self.time = time
        self.file = file
        self.line = line
        self.template = template
        if record != nil || self.record != nil { self.record = record }
    }

    var errorLine: ErrorLine? {
        guard isSet else { return nil }
        return ErrorLine(position: LinePosition(file: file, line: line, record: record), time: time, template: template)
    }
}

/// A count per level, by `LogLevel.order`, stored inline: counted on every line, with no
/// check that an array's storage is shared and no vector spilled to update one lane.
struct LevelCounts: Sendable {
    static let count = 8
    private var counts: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)

    subscript(order: Int) -> Int {
        @inline(__always) get {
            precondition(order >= 0 && order < Self.count)
            return withUnsafeBytes(of: counts) {
                $0.load(fromByteOffset: order * MemoryLayout<Int>.stride, as: Int.self)
            }
        }
        @inline(__always) set {
            precondition(order >= 0 && order < Self.count)
            withUnsafeMutableBytes(of: &counts) {
                $0.storeBytes(of: newValue, toByteOffset: order * MemoryLayout<Int>.stride, as: Int.self)
            }
        }
    }
}
