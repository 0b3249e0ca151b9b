/// A log exported as CSV (an identity provider's system log, an event viewer's export, a SIEM
/// search): a header line of column names, then one record a line. The template is mined on the
/// message column alone, as a JSON line is mined on its message field: the other columns (time,
/// actor, outcome, address) are values, and written without spaces they would glue the first
/// words of the message to them.
public struct CSVLayout: Sendable, Equatable {
    /// How many columns the header names.
    public let columns: Int
    /// The column read as the message: one named like a message, else the last.
    public let message: Int
    /// The column read as the level, when one is named like it (`Level`, `LevelDisplayName`,
    /// `Severity`).
    public let level: Int?

    public init(columns: Int, message: Int, level: Int? = nil) {
        self.columns = columns
        self.message = message
        self.level = level
    }

    /// Names a level column goes by, lowercased, letters only.
    static let levelNames: Set<String> = [
        "level", "leveldisplayname", "severity", "loglevel", "lvl", "levelname", "entrytype", "severitytext",
    ]

    /// Names a message column goes by, lowercased, letters only.
    static let messageNames: Set<String> = [
        "message", "msg", "displaymessage", "description", "text", "details", "detail", "content", "summary",
        "eventmessage", "logmessage", "event",
    ]

    /// The layout a header line describes, or nil when the line is not one: three or more
    /// comma-separated names, each short (at most four words of letters, digits and `._-()/#`),
    /// holding a letter and not starting with a digit.
    public static func header(_ line: UnsafeBufferPointer<UInt8>) -> CSVLayout? {
        guard line.count <= 4_096, let fields = fields(line), fields.count >= 3 else { return nil }
        var names: [String] = []
        for field in fields {
            let bytes = line[field]
            guard (1...48).contains(bytes.count), let first = bytes.first, !LogHeader.isDigit(first),
                bytes.contains(where: LogHeader.isLetter),
                bytes.allSatisfy({ LogHeader.isLetter($0) || LogHeader.isDigit($0) || " ._-()/#".utf8.contains($0) }),
                bytes.filter({ $0 == 32 }).count <= 3
            else { return nil }
            names.append(String(decoding: bytes.filter(LogHeader.isLetter), as: UTF8.self).lowercased())
        }
        let named = names.lastIndex { name in messageNames.contains(name) || name.hasSuffix("message") }
        return CSVLayout(
            columns: fields.count, message: named ?? fields.count - 1,
            level: names.firstIndex { levelNames.contains($0) })
    }

    /// The layout the first line of `path` describes, if it is a CSV header.
    public static func ofFile(_ path: String) throws -> CSVLayout? {
        var reader = try LineReader(path: path, chunkSize: 1 << 16)
        return reader.readLine { header($0) } ?? nil
    }

    /// The message column's bytes in a record of this layout (inside its quotes, if quoted), or
    /// nil when the line does not have the header's columns.
    /// A record whose last field is the message and holds line breaks (a Windows event's
    /// several lines) gives the message's first line.
    public func message(in line: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var open = false
        guard let fields = Self.fields(line, open: &open), fields.count == columns,
            !open || message == columns - 1
        else { return nil }
        let range = fields[message]
        return range.isEmpty ? nil : range
    }

    /// The level column's bytes in a record of this layout, or nil.
    public func level(in line: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let level else { return nil }
        var open = false
        guard let fields = Self.fields(line, open: &open), fields.count == columns, level < columns - 1 || !open
        else { return nil }
        let range = fields[level]
        return range.isEmpty ? nil : range
    }

    /// Whether `line` starts a record of this layout whose last field's quotes are left open
    /// for the lines after it: its line breaks are inside the field (RFC 4180 allows them).
    public func opensQuotedField(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var open = false
        guard let fields = Self.fields(line, open: &open) else { return false }
        return open && fields.count == columns
    }

    /// The fields of one CSV line (RFC 4180: a field in double quotes may hold commas, and `""`
    /// for a quote), each without its quotes; nil when a quote is left open.
    static func fields(_ line: UnsafeBufferPointer<UInt8>) -> [Range<Int>]? {
        var open = false
        let fields = fields(line, open: &open)
        return open ? nil : fields
    }

    /// The same, but a last field whose quote is not closed on the line is given up to the
    /// line's end, and `open` says so.
    static func fields(_ line: UnsafeBufferPointer<UInt8>, open: inout Bool) -> [Range<Int>]? {
        var fields: [Range<Int>] = []
        var i = 0
        var end = line.count
        while end > 0, line[end - 1] == 13 { end -= 1 }
        while true {
            if i < end, line[i] == 34 {
                var j = i + 1
                while true {
                    guard j < end else {
                        fields.append((i + 1)..<end)
                        open = true
                        return fields
                    }
                    if line[j] == 34 {
                        if j + 1 < end, line[j + 1] == 34 {
                            j += 2
                            continue
                        }
                        break
                    }
                    j += 1
                }
                fields.append((i + 1)..<j)
                i = j + 1
                guard i == end || line[i] == 44 else { return nil }
            } else {
                var j = i
                while j < end, line[j] != 44 { j += 1 }
                fields.append(i..<j)
                i = j
            }
            if i >= end { return fields }
            i += 1  // the comma
            if i == end {
                fields.append(end..<end)
                return fields
            }
        }
    }
}
