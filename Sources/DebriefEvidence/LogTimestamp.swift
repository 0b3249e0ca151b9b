import DebriefCore
import Foundation

/// A timestamp found in a log line.
public struct LogTimestamp: Sendable, Equatable {
    /// Seconds since 1970 in UTC (or as if UTC when the line gave no zone).
    public var seconds: Double
    /// The line gave a year; syslog RFC 3164 does not, and the caller supplies one.
    public var hasYear: Bool
    /// The line gave a zone or was epoch time.
    public var hasZone: Bool
    /// Where the timestamp is in the line (byte offsets).
    public var range: Range<Int>
}

/// Finds and reads the timestamps logs are written with, on bytes, without knowing the format:
/// ISO 8601 (`2015-10-18 18:01:47,978`, `…T…Z`, `+02:00`), syslog (`Jun 14 15:16:01`), Apache
/// (`[Sun Dec 04 04:47:44 2005]`, `[10/Oct/2000:13:55:36 -0700]`), US-style exports (`3/4/2026
/// 9:00:01 AM`, month first unless the first number cannot be a month), compact (`081109 203615`,
/// `20171223-22:15:29:606`), dotted (`2005.06.03`, `2005-06-03-15.42.50.675872`) and epoch
/// seconds or milliseconds.
public enum LogTimestampParser {
    /// The year given to timestamps written without one.
    public static let standInYear = 2000

    static let months: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { Array($0.utf8) }
    /// The same, three lower-case letters packed in an integer (no array made per try).
    static let monthWords: [UInt32] = months.map { UInt32($0[0]) << 16 | UInt32($0[1]) << 8 | UInt32($0[2]) }

    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var i: Int

        @inline(__always)
        var atEnd: Bool { i >= bytes.count }
        @inline(__always)
        func peek(_ offset: Int = 0) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }
        @inline(__always)
        func isDigit(_ offset: Int = 0) -> Bool { peek(offset).map { $0 >= 48 && $0 <= 57 } ?? false }

        /// Exactly `count` digits.
        @inline(__always)
        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for k in 0..<count {
                guard isDigit(k) else { return nil }
                value = value * 10 + Int(bytes[i + k] - 48)
            }
            i += count
            return value
        }

        /// One to `max` digits.
        @inline(__always)
        mutating func number(max: Int) -> Int? {
            var value = 0
            var k = 0
            while k < max, isDigit(k) {
                value = value * 10 + Int(bytes[i + k] - 48)
                k += 1
            }
            guard k > 0 else { return nil }
            i += k
            return value
        }

        /// The next byte when it is `a`, `b` or `c` (repeated to allow fewer); no variadic
        /// array is made, as this runs several times a line.
        @inline(__always) mutating func byte(_ a: UInt8, _ b: UInt8? = nil, _ c: UInt8? = nil) -> UInt8? {
            guard i < bytes.count else { return nil }
            let next = bytes[i]
            guard next == a || next == b || next == c else { return nil }
            i += 1
            return next
        }

        /// A month name (first three letters checked, any case, longer names allowed).
        mutating func month() -> Int? {
            guard i + 3 <= bytes.count else { return nil }
            let word = UInt32(bytes[i] | 0x20) << 16 | UInt32(bytes[i + 1] | 0x20) << 8 | UInt32(bytes[i + 2] | 0x20)
            guard let index = LogTimestampParser.monthWords.firstIndex(of: word) else { return nil }
            i += 3
            while let b = peek(), (b | 0x20) >= 97, (b | 0x20) <= 122 { i += 1 }
            return index + 1
        }

        /// A fraction after `.` or `,` (digits only), as seconds.
        @inline(__always)
        mutating func fraction() -> Double {
            guard let sep = peek(), sep == 46 || sep == 44, isDigit(1) else { return 0 }
            i += 1
            // Digits as an integer and one division at the end; past 15 digits they are read
            // but add nothing a Double could hold.
            var value = 0
            var scale = 1
            while isDigit() {
                if scale < 1_000_000_000_000_000 {
                    value = value * 10 + Int(bytes[i] - 48)
                    scale *= 10
                }
                i += 1
            }
            return LogTimestampParser.fraction(value, scale: scale)
        }

        /// `Z`, `+hh:mm`, `+hhmm`, ` UTC`; nil when there is none.
        @inline(__always)
        mutating func zone() -> Int? {
            let save = i
            if peek() == 90 {  // Z
                i += 1
                return 0
            }
            if peek() == 32, i + 3 < bytes.count, (bytes[i + 1] | 0x20) == 117, (bytes[i + 2] | 0x20) == 116,
                (bytes[i + 3] | 0x20) == 99
            {
                i += 4
                return 0
            }
            var space = false
            if peek() == 32 {
                space = true
                i += 1
            }
            guard let sign = byte(43, 45), let h = digits(2) else {
                i = save
                return nil
            }
            _ = byte(58)
            guard let m = digits(2), h <= 14, m < 60 else {
                i = save
                return nil
            }
            _ = space
            return (h * 3600 + m * 60) * (sign == 45 ? -1 : 1)
        }

        /// ` AM` or ` PM` (any case, the space optional), not followed by a letter: true for PM.
        mutating func meridiem() -> Bool? {
            let save = i
            if peek() == 32 { i += 1 }
            if let b = peek(), (b | 0x20) == 97 || (b | 0x20) == 112, let m = peek(1), (m | 0x20) == 109,
                !(peek(2).map { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 } ?? false)
            {
                i += 2
                return (b | 0x20) == 112
            }
            i = save
            return nil
        }

        /// `HH:MM[:SS[.fff]]`, also with `.` separators and unpadded fields.
        @inline(__always)
        mutating func clock() -> Double? {
            let save = i
            // One or two digits a field: HealthApp writes `23:1:5:778`.
            guard let h = number(max: 2), h < 24, byte(58, 46) != nil, let m = number(max: 2), m < 60 else {
                i = save
                return nil
            }
            var seconds = 0
            let beforeSeconds = i
            if byte(58, 46) != nil, let s = number(max: 2), s < 61 {
                seconds = s
            } else {
                i = beforeSeconds
            }
            var fraction = fraction()
            // HealthApp: `22:15:29:606` (milliseconds after a colon).
            if fraction == 0, peek() == 58, isDigit(1), isDigit(2), isDigit(3), !isDigit(4) {
                i += 1
                fraction = Double(digits(3)!) / 1000
            }
            return Double(h * 3600 + m * 60 + seconds) + fraction
        }
    }

    @inline(__always)
    static func epoch(year: Int, month: Int, day: Int, seconds: Double, offset: Int?) -> Double? {
        guard LocalDate.isValid(year: year, month: month, day: day) else { return nil }
        return epoch(
            dayNumber: LocalDate(year: year, month: month, day: day).dayNumber, seconds: seconds, offset: offset)
    }

    @inline(__always)
    static func epoch(dayNumber: Int, seconds: Double, offset: Int?) -> Double {
        Double(dayNumber * 86400) + seconds - Double(offset ?? 0)
    }

    /// The last date read and its day number: most lines of a log fall on the day of the line
    /// before, so the calendar arithmetic is done once a day, not once a line.
    public struct DayMemo: Sendable {
        var year = -1
        var month = 0
        var day = 0
        var number = 0

        /// The first sixteen bytes of the last timestamp `Layout.read` read, `YYYY-MM-DD?HH:MM`
        /// (zeros: none; a timestamp's bytes are never zeros), its day number and the second
        /// of the day its minute starts at.
        private(set) var minuteBytes: (date: UInt64, clock: UInt64) = (0, 0)
        private(set) var minuteDay = 0
        /// `Double(minuteDay * 86400)`, the first term of `epoch(dayNumber:seconds:offset:)`.
        private(set) var minuteDayStart = 0.0
        private(set) var minuteOfDay = 0

        public init() {}

        /// Reads the date and the hour and minute of the timestamp at `p`, whose first sixteen
        /// bytes are `date` and `clock`, into the minute memo; false when a value is out of
        /// range (the memo then holds no minute). Runs once a minute of log, not once a line.
        @inline(never)
        mutating func learnMinute(_ date: UInt64, _ clock: UInt64, _ p: UnsafePointer<UInt8>) -> Bool {
            minuteBytes = (0, 0)
            let hour = Int(p[11] & 0x0F) * 10 + Int(p[12] & 0x0F)
            let minute = Int(p[14] & 0x0F) * 10 + Int(p[15] & 0x0F)
            let century = twoDigits(p, 0)
            let rest = twoDigits(p, 2)
            guard hour < 24, minute < 60, century >= 0, rest >= 0,
                let day = dayNumber(year: century * 100 + rest, month: twoDigits(p, 5), day: twoDigits(p, 8))
            else { return false }
            minuteBytes = (date, clock)
            minuteDay = day
            minuteDayStart = Double(day * 86400)
            minuteOfDay = hour * 3600 + minute * 60
            return true
        }

        /// The day number, or nil for a day that does not exist.
        @inline(__always) mutating func dayNumber(year: Int, month: Int, day: Int) -> Int? {
            if year == self.year, month == self.month, day == self.day { return number }
            guard LocalDate.isValid(year: year, month: month, day: day) else { return nil }
            (self.year, self.month, self.day) = (year, month, day)
            number = LocalDate(year: year, month: month, day: day).dayNumber
            return number
        }
    }

    /// `value / scale`, by a multiplication for the usual lengths (a division would hold up
    /// every line).
    @inline(__always) static func fraction(_ value: Int, scale: Int) -> Double {
        switch scale {
        case 1000: return Double(value) * 1e-3
        case 1_000_000: return Double(value) * 1e-6
        case 1_000_000_000: return Double(value) * 1e-9
        default: return Double(value) / Double(scale)
        }
    }

    /// How a timestamp in the usual layout (`fixedISO`) ended, in a line whose bytes other than
    /// digits every line of its shape shares: how many fraction digits, and whether a `Z` or
    /// nothing a zone could start with followed. Lines of that shape then read it at fixed
    /// places with no search (`read`); 0 (`unknown`) when the timestamp was another kind.
    struct Layout: Sendable, Equatable {
        private(set) var raw: UInt8
        static let unknown = Layout(raw: 0)

        private init(raw: UInt8) { self.raw = raw }

        /// The layout of `stamp`, found in `line`, if every line of its shape must end its
        /// timestamp the same way whatever its digits.
        init(of stamp: LogTimestamp, in line: UnsafeBufferPointer<UInt8>) {
            self = .unknown
            let start = stamp.range.lowerBound
            guard stamp.hasYear, start + 19 <= line.count, [45, 46, 47].contains(line[start + 4]),
                line[start..<start + 4].allSatisfy(LogHeader.isDigit),
                LogTimestampParser.fixedISO(line, at: start, separator: line[start + 4]) != nil
            else { return }
            var end = start + 19
            var digits = 0
            if end + 1 < line.count, line[end] == 46 || line[end] == 44, LogHeader.isDigit(line[end + 1]) {
                end += 1
                while end < line.count, LogHeader.isDigit(line[end]) {
                    digits += 1
                    end += 1
                }
            }
            guard digits <= 9 else { return }
            if stamp.hasZone {
                // Only `Z`: a numeric offset is read (and may be refused) by its digits' values.
                guard end < line.count, line[end] == 90, stamp.range.upperBound == end + 1 else { return }
                self = Layout(raw: 1 | UInt8(digits) << 1 | 0x80)
            } else {
                // Nothing that could open a zone (`Z`, ` UTC`, ` +hh`, `-hh`) may follow.
                guard stamp.range.upperBound == end, end == line.count || ![90, 32, 43, 45].contains(line[end])
                else { return }
                self = Layout(raw: 1 | UInt8(digits) << 1)
            }
        }

        /// The timestamp of a line of the shape this layout was learnt from, at `start`; nil
        /// when a field's value is out of range (the general path then reads the line).
        @inline(__always)
        func read(_ line: UnsafeBufferPointer<UInt8>, at start: Int, memo: inout DayMemo) -> LogTimestamp? {
            let digits = Int(raw >> 1 & 0x0F)
            let zulu = raw & 0x80 != 0
            // Where the fraction ends. The length is the shape's too; checked all the same, as
            // shapes are hashes.
            let end = start + 19 + (digits > 0 ? 1 + digits : 0)
            guard raw != 0, end + (zulu ? 1 : 0) <= line.count, let base = line.baseAddress else { return nil }
            let p = base + start
            let raw = UnsafeRawPointer(p)
            // Most lines fall in the minute of the line before: `YYYY-MM-DD?HH:MM`, the first
            // sixteen bytes, as two words are the memo's key. The digits' values are taken
            // from their low bits (the shape has digits there).
            let date = raw.loadUnaligned(as: UInt64.self)
            let clock = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if date != memo.minuteBytes.date || clock != memo.minuteBytes.clock {
                guard memo.learnMinute(date, clock, p) else { return nil }
            }
            let second: Int
            var fraction = 0.0
            if digits == 3 {
                // Milliseconds, the most common fraction: `M:SS.mmm`, the stamp's bytes 15 to 22,
                // as one word.
                let word = raw.loadUnaligned(fromByteOffset: 15, as: UInt64.self)
                second = Int(word >> 16 & 0x0F) &* 10 &+ Int(word >> 24 & 0x0F)
                let value =
                    Int(word >> 40 & 0x0F) &* 100 &+ Int(word >> 48 & 0x0F) &* 10 &+ Int(word >> 56 & 0x0F)
                fraction = LogTimestampParser.fraction(value, scale: 1000)
            } else {
                second = Int(p[17] & 0x0F) &* 10 &+ Int(p[18] & 0x0F)
                if digits > 0 {
                    var value = 0
                    var scale = 1
                    for k in 0..<digits {
                        value = value &* 10 &+ Int(p[20 + k] &- 48)
                        scale &*= 10
                    }
                    fraction = LogTimestampParser.fraction(value, scale: scale)
                }
            }
            guard second < 61 else { return nil }
            // As `epoch(dayNumber:seconds:offset:)` adds them, with the day's start kept.
            let t = Double(memo.minuteOfDay &+ second) + fraction
            return LogTimestamp(
                seconds: memo.minuteDayStart + t, hasYear: true, hasZone: zulu,
                range: start..<(zulu ? end + 1 : end))
        }
    }

    /// `YYYY-MM-DD[ T-]HH:MM:SS` with every field two digits, the layout most logs write,
    /// read at fixed offsets: the date, the second of the day, and where it ends. Nil, for the
    /// general path to read it, when the layout differs, a clock field is out of range (the
    /// general path then falls back to the date alone, or other readings) or a colon follows
    /// (HealthApp's milliseconds). The caller has checked the four year digits and `separator`
    /// at offset 4.
    @inline(__always)
    static func fixedISO(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, separator: UInt8)
        -> (year: Int, month: Int, day: Int, second: Int, end: Int)?
    {
        guard start + 19 <= bytes.count, let base = bytes.baseAddress else { return nil }
        let p = base + start
        guard p[7] == separator, p[10] == 32 || p[10] == 84 || p[10] == 45, p[13] == 58 || p[13] == 46,
            p[16] == 58 || p[16] == 46, start + 19 == bytes.count || p[19] != 58
        else { return nil }
        let month = twoDigits(p, 5)
        let day = twoDigits(p, 8)
        let hour = twoDigits(p, 11)
        let minute = twoDigits(p, 14)
        let second = twoDigits(p, 17)
        guard month >= 0, day >= 0, hour >= 0, hour < 24, minute >= 0, minute < 60, second >= 0, second < 61 else {
            return nil
        }
        return (twoDigits(p, 0) * 100 + twoDigits(p, 2), month, day, hour * 3600 + minute * 60 + second, start + 19)
    }

    /// Two ASCII digits at `p + k` as a number, or -1.
    @inline(__always) static func twoDigits(_ p: UnsafePointer<UInt8>, _ k: Int) -> Int {
        let a = Int(p[k]) &- 48
        let b = Int(p[k + 1]) &- 48
        return UInt(bitPattern: a) < 10 && UInt(bitPattern: b) < 10 ? a * 10 + b : -1
    }

    /// A timestamp starting exactly at `start`, or nil.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> LogTimestamp? {
        var memo = DayMemo()
        return parse(bytes, at: start, memo: &memo)
    }

    /// The same, with the day of the usual layout looked up in `memo` first.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, memo: inout DayMemo) -> LogTimestamp? {
        var c = Cursor(bytes: bytes, i: start)
        func result(_ seconds: Double?, year: Bool = true, zone: Bool) -> LogTimestamp? {
            seconds.map { LogTimestamp(seconds: $0, hasYear: year, hasZone: zone, range: start..<c.i) }
        }
        if c.isDigit() {
            // 2015-10-18[ T]18:01:47,978[Z|+02:00], 2005-06-03-15.42.50.675872, 2005.06.03, 2015/10/18
            if c.isDigit(1), c.isDigit(2), c.isDigit(3), let sep = c.peek(4), sep == 45 || sep == 46 || sep == 47 {
                if let fixed = fixedISO(bytes, at: start, separator: sep) {
                    // The usual layout, read at fixed places; the rest as `clock` and below do.
                    c.i = fixed.end
                    let t = Double(fixed.second) + c.fraction()
                    let offset = c.zone()
                    return result(
                        memo.dayNumber(year: fixed.year, month: fixed.month, day: fixed.day).map {
                            epoch(dayNumber: $0, seconds: t, offset: offset)
                        }, zone: offset != nil)
                }
                let y = c.digits(4)!
                c.i += 1
                guard let mo = c.digits(2), c.byte(sep) != nil, let d = c.digits(2) else { return nil }
                let afterDate = c.i
                if c.byte(32, 84, 45) != nil, let t = c.clock() {
                    let offset = c.zone()
                    return result(epoch(year: y, month: mo, day: d, seconds: t, offset: offset), zone: offset != nil)
                }
                c.i = afterDate
                return result(epoch(year: y, month: mo, day: d, seconds: 0, offset: nil), zone: false)
            }
            // 20171223-22:15:29:606 and 081109 203615 (yyMMdd HHmmss)
            if let compact = c.digits(8), c.byte(45) != nil, let t = c.clock() {
                return result(
                    epoch(
                        year: compact / 10000, month: compact / 100 % 100, day: compact % 100, seconds: t, offset: nil),
                    zone: false)
            }
            c.i = start
            if let ymd = c.digits(6), c.byte(32) != nil, let hms = c.digits(6), !c.isDigit() {
                let t = Double(hms / 10000 * 3600 + hms / 100 % 100 * 60 + hms % 100)
                guard hms / 10000 < 24 else { return nil }
                return result(
                    epoch(year: 2000 + ymd / 10000, month: ymd / 100 % 100, day: ymd % 100, seconds: t, offset: nil),
                    zone: false)
            }
            c.i = start
            // 3/4/2026 9:00:01 AM (Windows and spreadsheet exports in US English): month first,
            // unless the first number cannot be a month (25/12/2026 18:00 is day first).
            if let a = c.number(max: 2), c.byte(47) != nil, let b = c.number(max: 2), c.byte(47) != nil,
                let y = c.digits(4), !c.isDigit()
            {
                let (mo, d) = a > 12 ? (b, a) : (a, b)
                let afterDate = c.i
                if c.byte(32, 84) != nil, var t = c.clock() {
                    if let pm = c.meridiem() {
                        // 12 AM is midnight, 12 PM noon.
                        let hour = Int(t / 3600)
                        guard (1...12).contains(hour) else { return nil }
                        t += Double(((hour % 12) + (pm ? 12 : 0) - hour) * 3600)
                    }
                    let offset = c.zone()
                    return result(epoch(year: y, month: mo, day: d, seconds: t, offset: offset), zone: offset != nil)
                }
                c.i = afterDate
                return result(epoch(year: y, month: mo, day: d, seconds: 0, offset: nil), zone: false)
            }
            c.i = start
            // 10/Oct/2000:13:55:36 -0700 (access logs)
            if let d = c.number(max: 2), c.byte(47) != nil, let mo = c.month(), c.byte(47) != nil, let y = c.digits(4),
                c.byte(58) != nil, let t = c.clock()
            {
                let offset = c.zone()
                return result(epoch(year: y, month: mo, day: d, seconds: t, offset: offset), zone: offset != nil)
            }
            c.i = start
            // Epoch seconds (10 digits) or milliseconds (13), 2001–2286.
            if let first = c.number(max: 13), !c.isDigit() {
                let length = c.i - start
                if length == 10, first >= 978_307_200 { return result(Double(first) + c.fraction(), zone: true) }
                if length == 13, first >= 978_307_200_000 { return result(Double(first) / 1000, zone: true) }
            }
            return nil
        }
        // Sun Dec 04 04:47:44 2005 / Dec 04 04:47:44 / Jun 14 15:16:01
        if let b = c.peek(), (b | 0x20) >= 97, (b | 0x20) <= 122 {
            var month = c.month()
            if month == nil {
                // A weekday first: skip it, an optional comma and a space.
                while let b = c.peek(), (b | 0x20) >= 97, (b | 0x20) <= 122 { c.i += 1 }
                _ = c.byte(44)
                guard c.byte(32) != nil else { return nil }
                month = c.month()
            }
            guard let mo = month else { return nil }
            while c.peek() == 32 { c.i += 1 }
            guard let d = c.number(max: 2), c.byte(32) != nil, let t = c.clock() else { return nil }
            let afterClock = c.i
            if c.byte(32) != nil, let y = c.digits(4), !c.isDigit() {
                return result(epoch(year: y, month: mo, day: d, seconds: t, offset: nil), zone: false)
            }
            c.i = afterClock
            // No year (syslog RFC 3164): the leap year 2000 stands in, so Feb 29 reads; the caller
            // moves it to the right year (LogScan.assumedYear).
            return result(
                epoch(year: standInYear, month: mo, day: d, seconds: t, offset: nil), year: false, zone: false)
        }
        return nil
    }

    /// A byte after which a timestamp may start: space, tab, `[`, `(`, `|`, `"`, `=`, `>`.
    @inline(__always) static func opensToken(_ byte: UInt8) -> Bool {
        switch byte {
        case 32, 9, 91, 40, 124, 34, 61, 62: true
        default: false
        }
    }

    /// The first timestamp in the first `window` bytes, trying each token start (after `[` too).
    public static func find(in bytes: UnsafeBufferPointer<UInt8>, window: Int = 96) -> LogTimestamp? {
        var memo = DayMemo()
        return find(in: bytes, window: window, memo: &memo)
    }

    /// The same, with the day of the usual layout looked up in `memo` first.
    public static func find(in bytes: UnsafeBufferPointer<UInt8>, window: Int = 96, memo: inout DayMemo)
        -> LogTimestamp?
    {
        let limit = min(bytes.count, window)
        var i = 0
        while i < limit {
            let atTokenStart = i == 0 || opensToken(bytes[i - 1])
            if atTokenStart, let stamp = parse(bytes, at: i, memo: &memo) { return stamp }
            i += 1
        }
        return nil
    }

    /// Convenience for text.
    public static func find(in line: String) -> LogTimestamp? {
        var text = line
        return text.withUTF8 { find(in: $0) }
    }
}
