import DebriefCore
import Foundation

/// What surrounds a hand-written time: the date and zone it inherits when it gives none.
public struct TimeContext: Sendable, Equatable {
    public var date: LocalDate?
    public var offset: Int?
    public var zone: String?
    /// The zone itself, when known, so that each time finds the offset in force at its own
    /// wall-clock time: 01:30 on the morning daylight saving ends is still summer time.
    var spec: ZoneSpec?

    public init(date: LocalDate? = nil, offset: Int? = nil, zone: String? = nil) {
        self.date = date
        self.offset = offset
        self.zone = zone
    }
}

/// A time expression read from the start of a piece of text.
public struct TimeExpression: Sendable, Equatable {
    /// Nil for an unknown time (`--:--`).
    public var start: Instant?
    public var until: Instant?
    /// The expression gave its own calendar date.
    public var hasDate: Bool
    /// The expression gave a clock time (not just a date).
    public var hasTime: Bool
    /// The expression gave its own zone.
    public var hasZone: Bool
    /// Where the rest of the text begins (in unicode scalars).
    public var consumed: Int
}

/// A zone token: its fixed offset or an IANA zone resolved at the date, and the name to keep.
struct ZoneSpec: Equatable {
    var offset: Int?
    var identifier: String?
    var name: String?

    /// The offset in force at the given wall-clock time, in whole minutes as ISO 8601 writes
    /// offsets (before standard time, zones kept local mean time to the second: Berlin +00:53:28).
    func offset(at wall: Int) -> Int? {
        if let offset { return offset }
        guard let identifier, let tz = TimeZone(identifier: identifier) else { return nil }
        let guess = tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wall)))
        let seconds = tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wall - guess)))
        return seconds / 60 * 60
    }
}

/// Reads times as people write them in post-mortems: ISO 8601, `2015-10-21 14:02`, `14:02 PST`,
/// `Oct 21, 2015 2:02 PM`, `14:02:33`, `~19:30`, `14:02–14:10`, `--:--`.
public enum TimeParser {
    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]
    static let weekdays: Set<String> = [
        "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri",
        "friday", "sat", "saturday", "sun", "sunday",
    ]
    /// Abbreviations with a fixed offset (hours east of UTC ×60 minutes).
    static let abbreviations: [String: Int] = [
        "PST": -480, "PDT": -420, "MST": -420, "MDT": -360, "CST": -360, "CDT": -300, "EST": -300, "EDT": -240,
        "AKST": -540, "AKDT": -480, "HST": -600, "BST": 60, "IST": 330, "CET": 60, "CEST": 120, "EET": 120,
        "EEST": 180, "WET": 0, "WEST": 60, "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660, "ACST": 570,
        "AWST": 480, "NZST": 720, "NZDT": 780, "SGT": 480, "HKT": 480, "MSK": 180, "BRT": -180,
    ]
    /// Generic zones whose offset depends on daylight saving.
    static let generic: [String: String] = [
        "PT": "America/Los_Angeles", "MT": "America/Denver", "CT": "America/Chicago", "ET": "America/New_York",
    ]

    /// Reads a time expression at the start of `text`; nil when the text does not start with one.
    public static func parse(_ text: some StringProtocol, context: TimeContext = TimeContext()) -> TimeExpression? {
        var scanner = Scanner(Array(text.unicodeScalars))
        return scanner.expression(context: context)
    }

    /// Reads a text that is a date and nothing else (a date line or column), with an optional
    /// zone such as `2015-10-21 (all times UTC)` or `**Wednesday, Oct 21, 2015**`.
    public static func parseDateLine(_ text: some StringProtocol) -> (date: LocalDate, zone: ZoneToken?)? {
        var scanner = Scanner(Array(abbreviatingZoneNames(text).unicodeScalars))
        scanner.skip { $0 == "*" || $0 == "_" || $0 == "#" || $0 == " " }
        guard let date = scanner.date(defaultYear: nil) else { return nil }
        scanner.skip { $0 == "*" || $0 == "_" || $0 == " " || $0 == ":" || $0 == "," }
        let rest = String(String.UnicodeScalarView(scanner.scalars[scanner.index...]))
        // What follows the date may only name its zone ("Oct 20, 2022 (all times CST)"): a
        // line with more after the date is an entry or prose, never swallowed as a date line.
        let dateLineWords: Set<String> = ["all", "times", "time", "are", "in", "zone", "timezone", "tz"]
        var zone: ZoneToken?
        for word in rest.split(whereSeparator: { !($0.isLetter || $0.isNumber || "+-:/_".contains($0)) }) {
            var wordScanner = Scanner(Array(word.unicodeScalars))
            if let spec = wordScanner.zone(), wordScanner.atEnd {
                if zone == nil { zone = ZoneToken(spec: spec) }
            } else if !dateLineWords.contains(word.lowercased()), word.contains(where: { $0.isLetter || $0.isNumber }) {
                return nil
            }
        }
        guard let year = date.year else { return nil }
        guard LocalDate.isValid(year: year, month: date.month, day: date.day) else { return nil }
        return (LocalDate(year: year, month: date.month, day: date.day), zone)
    }

    /// A calendar date alone: `2026-12-15`, `Dec 15, 2026`, `15 Dec 2026`, `2026/12/15`, `12/15/2026`.
    /// With a `defaultYear`, also a date written without one: `Nov 20`, `20 November`.
    public static func parseDate(_ text: some StringProtocol, defaultYear: Int? = nil) -> LocalDate? {
        var scanner = Scanner(Array(text.trimmedWhitespace().unicodeScalars))
        guard let date = scanner.date(defaultYear: defaultYear), let year = date.year, scanner.atEnd,
            LocalDate.isValid(year: year, month: date.month, day: date.day)
        else { return nil }
        return LocalDate(year: year, month: date.month, day: date.day)
    }

    /// Zone names written out, longest first, and the abbreviation they stand for.
    static let zoneNames: [(String, String)] = [
        ("central european summer time", "CEST"), ("central european time", "CET"),
        ("eastern european summer time", "EEST"), ("eastern european time", "EET"),
        ("pacific standard time", "PST"), ("pacific daylight time", "PDT"), ("eastern standard time", "EST"),
        ("eastern daylight time", "EDT"), ("central standard time", "CST"), ("central daylight time", "CDT"),
        ("mountain standard time", "MST"), ("mountain daylight time", "MDT"), ("british summer time", "BST"),
        ("india standard time", "IST"), ("japan standard time", "JST"), ("greenwich mean time", "GMT"),
        ("coordinated universal time", "UTC"), ("pacific time", "PT"), ("eastern time", "ET"),
        ("central time", "CT"), ("mountain time", "MT"),
    ]

    /// The text with zone names written out ("all times Pacific Time") replaced by their
    /// abbreviations, which the zone reader knows (and resolves with the date's daylight saving).
    static func abbreviatingZoneNames(_ text: some StringProtocol) -> String {
        let string = String(text)
        guard string.range(of: " time", options: .caseInsensitive) != nil else { return string }
        var result = string
        for (name, abbreviation) in zoneNames {
            while let range = result.range(of: name, options: .caseInsensitive) {
                result.replaceSubrange(range, with: abbreviation)
            }
        }
        return result
    }

    /// The first calendar date with a year written in free text: "On Tuesday, 10 March 2026, our
    /// API …" gives 2026-03-10. Tries runs of one to four words from each word on.
    /// With a `defaultYear`, a date written without one ("On Monday, November 2nd") takes it.
    public static func findDate(in text: some StringProtocol, defaultYear: Int? = nil) -> LocalDate? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: ",.;:()[]*_\"'"))
        }
        for start in words.indices where words[start].first.map({ $0.isNumber || $0.isLetter }) ?? false {
            for length in stride(from: min(4, words.count - start), through: 1, by: -1) {
                if let date = parseDate(words[start..<start + length].joined(separator: " "), defaultYear: defaultYear)
                {
                    return date
                }
            }
        }
        return nil
    }

    /// Words that open a line about the report itself ("Posted November 3, 2026 by …",
    /// "Last updated: …"): the date on such a line is when it was written, not the incident's day.
    static let publicationWords: Set<String> = [
        "posted", "published", "updated", "last", "written", "edited", "revised", "drafted", "authored", "reviewed",
        "created",
    ]

    /// The incident's day from the prose under a title: the first date on a line that is not
    /// about the report itself; a date written without a year takes the year of another date
    /// in the same lines. A publication date is used only when nothing else is found.
    public static func findIncidentDate(in lines: [String]) -> LocalDate? {
        func isPublication(_ line: String) -> Bool {
            let first = line.split(whereSeparator: { !$0.isLetter }).first.map { $0.lowercased() } ?? ""
            return publicationWords.contains(first)
        }
        let dated = lines.compactMap { line in findDate(in: line).map { (line, $0) } }
        let year = dated.first?.1.year
        for line in lines where !isPublication(line) {
            if let date = findDate(in: line, defaultYear: year) { return date }
        }
        return dated.first?.1
    }

    /// A zone named in free text, e.g. a heading "Timeline (all times PST)": the first zone token.
    /// With `regions`, for text known to speak of times ("All times Eastern."), a US region
    /// name alone stands for its zone.
    public static func findZone(in text: some StringProtocol, regions: Bool = false) -> ZoneToken? {
        let words = abbreviatingZoneNames(text).split(whereSeparator: {
            !($0.isLetter || $0.isNumber || "+-:/_".contains($0))
        })
        for word in words {
            var scanner = Scanner(Array(word.unicodeScalars))
            if let zone = scanner.zone(), scanner.atEnd { return ZoneToken(spec: zone) }
        }
        guard regions else { return nil }
        for word in words {
            if let abbreviation = regionZones[word.lowercased()] { return findZone(in: abbreviation) }
        }
        return nil
    }

    static let regionZones = ["pacific": "PT", "eastern": "ET", "central": "CT", "mountain": "MT"]

    struct ScannedDate {
        var year: Int?
        var month: Int
        var day: Int
        var hasYear: Bool { year != nil }
    }

    struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }
        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func skip(_ predicate: (Unicode.Scalar) -> Bool) {
            while let c = current, predicate(c) { index += 1 }
        }

        mutating func skipSpaces() { skip { $0 == " " || $0 == "\t" } }

        func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { $0.value >= 48 && $0.value <= 57 } ?? false }
        func isLetter(_ c: Unicode.Scalar?) -> Bool {
            c.map { ($0.value >= 65 && $0.value <= 90) || ($0.value >= 97 && $0.value <= 122) } ?? false
        }

        /// Reads up to `max` digits; nil (and no move) when there are fewer than `min`.
        mutating func number(min: Int = 1, max: Int) -> Int? {
            var value = 0
            var count = 0
            var i = index
            while i < scalars.count, count < max, isDigit(scalars[i]) {
                value = value * 10 + Int(scalars[i].value - 48)
                i += 1
                count += 1
            }
            guard count >= min, !(i < scalars.count && isDigit(scalars[i])) else { return nil }
            index = i
            return value
        }

        /// ASCII letters folded to lower case; other scalars as they are (the literals are ASCII).
        static func fold(_ c: Unicode.Scalar) -> Unicode.Scalar {
            c.value >= 65 && c.value <= 90 ? Unicode.Scalar(c.value | 0x20)! : c
        }

        mutating func word() -> String? {
            var i = index
            var text = ""
            while i < scalars.count, isLetter(scalars[i]) {
                text.unicodeScalars.append(scalars[i])
                i += 1
            }
            guard !text.isEmpty else { return nil }
            index = i
            return text
        }

        func peekWord() -> String? {
            var copy = self
            return copy.word()
        }

        mutating func literal(_ text: String, caseInsensitive: Bool = true) -> Bool {
            var position = index
            for t in text.unicodeScalars {
                guard position < scalars.count else { return false }
                let c = scalars[position]
                let same = caseInsensitive ? Scanner.fold(c) == Scanner.fold(t) : c == t
                if !same { return false }
                position += 1
            }
            index = position
            return true
        }

        /// A date at the current position, or nil with no move.
        mutating func date(defaultYear: Int?) -> ScannedDate? {
            let start = index
            // Optional weekday: "Wed, " / "Wednesday "
            if let w = peekWord(), TimeParser.weekdays.contains(w.lowercased()) {
                _ = word()
                skip { $0 == "," || $0 == " " || $0 == "." }
            }
            if isDigit(current) {
                let save = index
                if let y = number(min: 4, max: 4), current == "-" || current == "/" {
                    let sep = current!
                    index += 1
                    if let m = number(max: 2), current == sep {
                        index += 1
                        if let d = number(max: 2) { return ScannedDate(year: y, month: m, day: d) }
                    }
                }
                index = save
                if let a = number(max: 2), current == "/" {
                    index += 1
                    if let b = number(max: 2), current == "/" {
                        index += 1
                        if let y = number(min: 4, max: 4) {
                            // US order unless the first part cannot be a month.
                            return a > 12
                                ? ScannedDate(year: y, month: b, day: a) : ScannedDate(year: y, month: a, day: b)
                        }
                    }
                }
                index = save
                // "29.03.2026": day, month, year, as most of Europe writes dates.
                if let d = number(max: 2), current == "." {
                    index += 1
                    if let m = number(max: 2), current == "." {
                        index += 1
                        if let y = number(min: 4, max: 4) { return ScannedDate(year: y, month: m, day: d) }
                    }
                }
                index = save
                // "21 Oct 2015" / "21 October" / "2nd November"
                if let d = number(max: 2) {
                    if literal("st") || literal("nd") || literal("rd") || literal("th") {}
                    skipSpaces()
                    if let w = word(), let m = TimeParser.months[w.lowercased()] {
                        skip { $0 == "." || $0 == "," || $0 == " " }
                        let y = number(min: 4, max: 4)
                        return ScannedDate(year: y ?? defaultYear, month: m, day: d)
                    }
                }
                index = start
                return nil
            }
            if let w = peekWord(), let m = TimeParser.months[w.lowercased()] {
                _ = word()
                skip { $0 == "." || $0 == " " }
                if let d = number(max: 2) {
                    if literal("st") || literal("nd") || literal("rd") || literal("th") {}
                    let afterDay = index
                    skip { $0 == "," || $0 == " " }
                    if let y = number(min: 4, max: 4) {
                        return ScannedDate(year: y, month: m, day: d)
                    }
                    index = afterDay
                    return ScannedDate(year: defaultYear, month: m, day: d)
                }
            }
            index = start
            return nil
        }

        /// A clock time: `14:02`, `14:02:33.5`, `2:02 PM`, `2pm`. Returns seconds since midnight.
        mutating func clock() -> Int? {
            let start = index
            guard let h = number(max: 2) else { return nil }
            var minute = 0
            var second = 0
            var hadMinutes = false
            if current == ":" {
                index += 1
                guard let m = number(min: 2, max: 2) else {
                    index = start
                    return nil
                }
                minute = m
                hadMinutes = true
                if current == ":" {
                    index += 1
                    if let s = number(min: 2, max: 2) {
                        second = s
                        if current == "." || current == "," {
                            let save = index
                            index += 1
                            if number(max: 9) == nil { index = save }
                        }
                    } else {
                        index -= 1
                    }
                }
            }
            var hour = h
            let beforeMeridiem = index
            skipSpaces()
            if let meridiem = meridiem() {
                guard (1...12).contains(hour) else {
                    index = start
                    return nil
                }
                hour = hour % 12 + (meridiem ? 12 : 0)
            } else {
                index = beforeMeridiem
                guard hadMinutes else {
                    index = start
                    return nil
                }
            }
            guard hour < 24, minute < 60, second < 61 else {
                index = start
                return nil
            }
            return hour * 3600 + minute * 60 + second
        }

        /// `am`/`pm`/`a.m.`/`p.m.`: true for pm.
        mutating func meridiem() -> Bool? {
            let save = index
            for (text, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] where literal(text) {
                if isLetter(current) {
                    index = save
                    continue
                }
                return pm
            }
            index = save
            return nil
        }

        /// A zone: `Z`, `UTC`, `UTC+2`, `GMT-07:00`, `+02:00`, `-0800`, `PST`, `PT`, `Europe/Berlin`, `(UTC)`.
        mutating func zone() -> ZoneSpec? {
            let start = index
            let bracketed = current == "(" || current == "["
            if bracketed { index += 1 }
            defer { if bracketed, current == ")" || current == "]" { index += 1 } }
            if current == "+" || current == "-" || current == "−" {
                if let offset = numericOffset() { return ZoneSpec(offset: offset) }
                index = start
                return nil
            }
            if current == "Z", !isLetter(index + 1 < scalars.count ? scalars[index + 1] : nil) {
                index += 1
                return ZoneSpec(offset: 0)
            }
            guard let w = peekWord() else {
                index = start
                return nil
            }
            let upper = w.uppercased()
            if upper == "UTC" || upper == "GMT" {
                _ = word()
                if current == "+" || current == "-" || current == "−" {
                    let save = index
                    if let offset = numericOffset() { return ZoneSpec(offset: offset) }
                    index = save
                }
                return ZoneSpec(offset: 0)
            }
            if w == upper, let minutes = TimeParser.abbreviations[upper] {
                _ = word()
                return ZoneSpec(offset: minutes * 60, name: upper)
            }
            if w == upper, let identifier = TimeParser.generic[upper] {
                _ = word()
                return ZoneSpec(identifier: identifier, name: upper)
            }
            // An IANA name: Area/Location[/Sub]
            var i = index
            var name = ""
            while i < scalars.count, isLetter(scalars[i]) || scalars[i] == "/" || scalars[i] == "_" || scalars[i] == "-"
            {
                name.unicodeScalars.append(scalars[i])
                i += 1
            }
            if name.contains("/"), TimeZone(identifier: name) != nil {
                index = i
                return ZoneSpec(identifier: name, name: name)
            }
            index = start
            return nil
        }

        mutating func numericOffset() -> Int? {
            let start = index
            let negative = current == "-" || current == "−"
            index += 1
            guard let h = number(max: 2) else {
                index = start
                return nil
            }
            var m = 0
            if current == ":" {
                index += 1
                guard let mm = number(min: 2, max: 2) else {
                    index = start
                    return nil
                }
                m = mm
            } else if let mm = number(min: 2, max: 2) {
                m = mm
            }
            guard h <= 14, m < 60 else {
                index = start
                return nil
            }
            return (h * 3600 + m * 60) * (negative ? -1 : 1)
        }

        mutating func approximateMarker() -> Bool {
            if current == "~" || current == "≈" {
                index += 1
                skipSpaces()
                return true
            }
            // The word markers start with a or c.
            guard let first = current, first == "a" || first == "A" || first == "c" || first == "C" else {
                return false
            }
            let save = index
            for marker in ["approximately", "approx.", "approx", "about", "around", "circa", "ca.", "c."] {
                if literal(marker), current == " " {
                    skipSpaces()
                    return true
                }
                index = save
            }
            return false
        }

        mutating func unknownMarker() -> Bool {
            // Every marker starts with one of these; times never do.
            guard let first = current, "-?xXuUnN".unicodeScalars.contains(first) else { return false }
            let save = index
            for marker in ["--:--", "??:??", "?:??", "xx:xx", "XX:XX", "unknown", "n/a", "?"] {
                if literal(marker) {
                    if isLetter(current) || isDigit(current) {
                        index = save
                        continue
                    }
                    return true
                }
            }
            return false
        }

        /// One point in time: optional date, clock time, zone.
        mutating func point(context: TimeContext, approximate: Bool)
            -> (instant: Instant, hasDate: Bool, hasTime: Bool, hasZone: Bool)?
        {
            let start = index
            let date = self.date(defaultYear: context.date?.year)
            if date != nil {
                if current == "T" {
                    index += 1
                } else {
                    skip { $0 == " " || $0 == "," }
                    // `10/20/2022 - 15:38`, `Oct 20 @ 15:38`, `Oct 20 at 15:38`: a dash, at-sign or
                    // "at" may stand between the date and its time.
                    if literal("at ") || literal("@ ") || literal("- ") || literal("– ") || literal("— ") {
                        skipSpaces()
                    }
                }
            }
            let clockStart = index
            guard let seconds = clock() else {
                index = start
                return nil
            }
            // Date-first ISO forms with no separator would have been read as date; guard "2015" as clock.
            if date == nil, clockStart != start { return nil }
            let beforeZone = index
            skipSpaces()
            var zone = self.zone()
            if zone == nil { index = beforeZone }
            // A zone name kept after the offset: 2026-03-04T06:02:00-08:00[PST]
            if current == "[", let close = scalars[index...].firstIndex(of: "]") {
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                // A zone name as IANA and abbreviations write it: nothing that could not be
                // printed back inside the brackets the same way.
                let isZoneName =
                    !name.isEmpty
                    && name.unicodeScalars.allSatisfy {
                        ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil))
                            || "/_+-".unicodeScalars.contains($0)
                    }
                if zone != nil, isZoneName {
                    zone?.name = name
                    index = close + 1
                } else if zone == nil {
                    var inner = Scanner(Array(name.unicodeScalars))
                    if let named = inner.zone(), inner.atEnd {
                        zone = named
                        index = close + 1
                    }
                }
            }
            guard
                let day = date.flatMap({ d in d.year.map { LocalDate(year: $0, month: d.month, day: d.day) } })
                    ?? context.date
                    ?? (date == nil ? LocalDate(year: 1970, month: 1, day: 1) : nil),
                LocalDate.isValid(year: day.year, month: day.month, day: day.day)
            else {
                index = start
                return nil
            }
            let wall = day.dayNumber * 86400 + seconds
            var offset: Int?
            var name: String?
            if let z = zone {
                offset = z.offset(at: wall)
                name = z.name
                if offset == nil { zone = nil }
            }
            if zone == nil {
                offset = context.spec?.offset(at: wall) ?? context.offset
                name = context.zone
            }
            let instant = Instant(
                date: Date(timeIntervalSince1970: TimeInterval(wall - (offset ?? 0))), offset: offset, zone: name,
                approximate: approximate)
            return (instant, date != nil, true, zone != nil)
        }

        mutating func expression(context: TimeContext) -> TimeExpression? {
            skip { $0 == " " || $0 == "\t" || $0 == "*" || $0 == "`" }
            if unknownMarker() {
                return TimeExpression(
                    start: nil, until: nil, hasDate: false, hasTime: false, hasZone: false, consumed: index)
            }
            let approximate = approximateMarker()
            guard let first = point(context: context, approximate: approximate) else { return nil }
            var until: Instant?
            let afterFirst = index
            skipSpaces()
            var rangeContext = context
            rangeContext.date = first.instant.localDate
            if first.hasZone {
                rangeContext.offset = first.instant.offset
                rangeContext.zone = first.instant.zone
            }
            if literal("–") || literal("—") || literal("-") || literal("..") || literal("to ") || literal("until ")
                || literal("/")
            {
                skipSpaces()
                let approximateEnd = approximateMarker()
                if let second = point(context: rangeContext, approximate: approximateEnd) {
                    var end = second.instant
                    if !second.hasDate, end < first.instant { end.date += 86400 }
                    until = end
                    // A zone written only after the range end applies to both ends.
                    if second.hasZone, !first.hasZone {
                        var adjusted = first.instant
                        adjusted.date -= TimeInterval((end.offset ?? 0) - (adjusted.offset ?? 0))
                        adjusted.offset = end.offset
                        adjusted.zone = end.zone
                        return TimeExpression(
                            start: adjusted, until: end, hasDate: first.hasDate, hasTime: true, hasZone: true,
                            consumed: index)
                    }
                } else {
                    index = afterFirst
                }
            } else {
                index = afterFirst
            }
            return TimeExpression(
                start: first.instant, until: until, hasDate: first.hasDate, hasTime: first.hasTime,
                hasZone: first.hasZone, consumed: index)
        }
    }
}

/// A zone found in text, usable as context for the times around it.
public struct ZoneToken: Sendable, Equatable {
    let spec: ZoneSpec

    /// The offset in force on the given date (noon), for zones with daylight saving.
    public func offset(on date: LocalDate?) -> Int? {
        spec.offset(at: (date ?? LocalDate(year: 2000, month: 1, day: 1)).dayNumber * 86400 + 43200)
    }

    /// The name to keep with instants (`PST`, `Europe/Berlin`), nil for UTC and numeric offsets.
    public var name: String? { spec.name }

    /// A context for times under this zone on the given date.
    public func context(on date: LocalDate?) -> TimeContext {
        TimeContext(date: date, offset: offset(on: date), zone: name)
    }
}
