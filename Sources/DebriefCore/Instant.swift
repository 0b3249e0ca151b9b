import Foundation

/// A moment in time as the author wrote it: the UTC instant plus the offset (and zone name,
/// when one was written) needed to print it back the same way.
///
/// When `offset` is nil the author gave no zone anywhere; `date` then holds the wall-clock
/// reading as if it were UTC, and the linter reports it.
public struct Instant: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// The instant, in UTC (whole seconds).
    public var date: Date
    /// Seconds east of UTC as written, or nil when no zone was given.
    public var offset: Int?
    /// A zone name as written (`PST`, `Europe/Berlin`), if the author used one.
    public var zone: String?
    /// Written as approximate (`~19:30`, `about 19:30`).
    public var approximate: Bool

    public init(date: Date, offset: Int?, zone: String? = nil, approximate: Bool = false) {
        self.date = Date(timeIntervalSince1970: (date.timeIntervalSince1970).rounded(.down))
        self.offset = offset
        self.zone = zone
        self.approximate = approximate
    }

    /// True when the author gave a zone or offset for this instant.
    public var hasZone: Bool { offset != nil }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.date < rhs.date }

    /// The wall-clock reading in the author's offset (UTC when floating), by day arithmetic:
    /// Calendar and DateComponents cost thousands of instructions per call on the parse path.
    var localFields: (date: LocalDate, hour: Int, minute: Int, second: Int) {
        let local = Int(date.timeIntervalSince1970) + (offset ?? 0)
        let day = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secondOfDay = local - day * 86400
        return (LocalDate(dayNumber: day), secondOfDay / 3600, (secondOfDay % 3600) / 60, secondOfDay % 60)
    }

    /// The calendar day in the author's offset.
    public var localDate: LocalDate { localFields.date }

    /// ISO 8601 in the author's offset: `2026-03-04T14:02:00-08:00`, with `[zone]` appended
    /// when a zone name was written, `~` in front when approximate, and no offset when floating.
    public var iso8601: String {
        let f = localFields
        var text = f.date.description + "T" + pad2(f.hour) + ":" + pad2(f.minute) + ":" + pad2(f.second)
        if let offset {
            text += Instant.offsetText(offset)
        }
        if let zone { text += "[\(zone)]" }
        return approximate ? "~" + text : text
    }

    public var description: String { iso8601 }

    /// `Z` for zero, else `+hh:mm` / `-hh:mm`.
    public static func offsetText(_ seconds: Int) -> String {
        if seconds == 0 { return "Z" }
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return sign + pad2(magnitude / 3600) + ":" + pad2((magnitude % 3600) / 60)
    }
}

/// A calendar date with no time or zone: due dates, review meetings.
public struct LocalDate: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    @inlinable
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, checking the day exists.
    public init?(iso text: some StringProtocol) {
        // Exactly YYYY-MM-DD, read from the bytes (stored pages are checked by it on every view).
        var (y, m, d) = (0, 0, 0)
        var count = 0
        for byte in text.utf8 {
            count += 1
            if count == 5 || count == 8 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard count <= 10, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch count {
            case ...4: y = y * 10 + digit
            case ...7: m = m * 10 + digit
            default: d = d * 10 + digit
            }
        }
        guard count == 10 else { return nil }
        guard LocalDate.isValid(year: y, month: m, day: d) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// True when the day exists in the Gregorian calendar. (Inlinable, as `dayNumber`: log
    /// scans call both for every timestamp.)
    @inlinable
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let length = month == 2 ? (leap ? 29 : 28) : (month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31)
        return day <= length
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    @inlinable
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `days` later (or earlier, when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// The UTC calendar date `date` falls on.
    public init(utcDayOf date: Date) {
        self.init(dayNumber: Int((date.timeIntervalSince1970 / 86400).rounded(.down)))
    }

    /// The UTC midnight that starts this date.
    public var startOfDayUTC: Date { Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86400) }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + pad2(month) + "-" + pad2(day)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Instant {
    /// Parses the canonical form printed by `iso8601`: `[~]YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±hh:mm][[zone]]`.
    /// Returns nil for anything else; tolerant parsing of hand-written times lives in DebriefFormat.
    public init?(iso8601 raw: some StringProtocol) {
        var text = Substring(raw)
        var approximate = false
        if text.first == "~" {
            approximate = true
            text = text.dropFirst()
        }
        var zone: String?
        if text.last == "]", let open = text.lastIndex(of: "[") {
            zone = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            text = text[..<open]
        }
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for i in range {
                let b = bytes[i]
                guard b >= 48, b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard bytes.count >= 16, let year = number(0..<4), bytes[4] == 45, let month = number(5..<7), bytes[7] == 45,
            let day = number(8..<10), bytes[10] == 84 || bytes[10] == 32, let hour = number(11..<13), bytes[13] == 58,
            let minute = number(14..<16)
        else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == 58 {
            guard let s = number(index + 1..<index + 3) else { return nil }
            second = s
            index += 3
            if index < bytes.count, bytes[index] == 46 {
                index += 1
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            }
        }
        var offset: Int?
        if index < bytes.count {
            if bytes[index] == 90, index + 1 == bytes.count {
                offset = 0
            } else if bytes[index] == 43 || bytes[index] == 45, bytes.count == index + 6, bytes[index + 3] == 58,
                let h = number(index + 1..<index + 3), let m = number(index + 4..<index + 6), h < 24, m < 60
            {
                offset = (h * 3600 + m * 60) * (bytes[index] == 45 ? -1 : 1)
            } else {
                return nil
            }
        }
        guard LocalDate.isValid(year: year, month: month, day: day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        let local = LocalDate(year: year, month: month, day: day)
        let seconds = local.dayNumber * 86400 + hour * 3600 + minute * 60 + second - (offset ?? 0)
        self.init(
            date: Date(timeIntervalSince1970: TimeInterval(seconds)), offset: offset, zone: zone,
            approximate: approximate)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let instant = Instant(iso8601: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 instant: \(text)"))
        }
        self = instant
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}

/// Two digits, zero-padded (0–99).
@inline(__always) func pad2(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }
