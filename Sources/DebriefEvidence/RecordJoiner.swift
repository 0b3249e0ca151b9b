/// Tells, line by line, whether a line goes on the record an earlier line opened: the frames of
/// a Java, Python, Go or .NET stack trace, the body of a pretty-printed JSON document. Such a
/// record is one event: its template is mined on its first line, and it is cited there.
///
/// A line continues the record before it when:
/// - it starts with a tab or two spaces (`\tat com.example…`, `  File "/app/x.py", line 3`,
///   JSON's inner lines; one space in a file of timed records), or with a closing `}` or `]`;
/// - it is a lone `{` or `[` opening a JSON body, unless the line before closed one;
/// - it starts with a marker of a trace: `Caused by:`, `... 12 more`, `Traceback (most recent
///   call last):`, `During handling of the above exception`, `--- End of inner exception`,
///   `goroutine 7 [running]:`;
/// - it is blank and follows a line that continued a record (the blank lines of a chained
///   Python traceback);
/// - it does not start with a time, in a file whose records start with a time (the lines of a
///   message logged in one call: a slow query's SQL, a pretty-printed payload; a Go goroutine
///   dump's frames, `main.(*api).handler(…)`), as log shippers' multi-line settings read them;
/// - in a CSV export (`csv`), it comes after a record whose last field's quotes were left open,
///   up to the line that closes them (at most 256 lines): a Windows event's message of several
///   lines is one record;
/// - or it is the exception line of a trace (`java.lang.NullPointerException: …`,
///   `smtplib.SMTPServerDisconnected: …`, `ValueError: …`), not starting with a time, in a file
///   whose records start with a time or right after other lines of a trace. Whether records
///   start with a time is learned from the file's first lines that open records (nine in ten of
///   at least sixteen; until then, all so far), by a test on the first bytes: a digit, `[`, `<`,
///   `{`, or a weekday or month name.
/// Nothing is dropped: a continuation line is counted (`joined`) and stays in the file it cites.
public struct RecordJoiner: Sendable {
    /// Lines that went on an earlier record.
    public private(set) var joined = 0
    /// Whether the file's records start with a time: nil while still learning.
    var timed: Bool?
    var opened = 0
    var openedTimed = 0
    var hasRecord = false
    /// Whether the line before was a continuation.
    var afterContinuation = false
    /// Whether the line before was a lone `}` or `]`.
    var afterClose = false
    /// The file's layout when it is a CSV export: a record whose last field's quotes are left
    /// open goes on over the lines up to the one that closes them.
    public var csv: CSVLayout?
    /// Lines joined so far to a record whose quoted field is still open; nil when none is.
    var quotedLines: Int?
    /// At most this many lines go on one quoted field: a quote that never closes (a cut or
    /// broken export) does not swallow the rest of the file.
    static let quotedSpan = 256

    public init() {}

    static let markers: [[UInt8]] = [
        "Caused by:", "... ", "Traceback (most recent call last)", "During handling of the above exception",
        "The above exception was the direct cause", "--- End of inner exception", "goroutine ", "Suppressed:",
        "Exception in thread ", "panic: ",
    ].map { Array($0.utf8) }

    static let markerFirstBytes: UInt128 = markers.reduce(0) { $0 | (1 << UInt128($1[0])) }

    /// Whether `line` continues the record before it; counts it when it does.
    public mutating func continues(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        if let lines = quotedLines {
            // An odd number of quotes closes the field (`""` inside it counts twice).
            let closes = line.reduce(0) { $0 + ($1 == 34 ? 1 : 0) } % 2 == 1
            quotedLines = closes || lines + 1 >= Self.quotedSpan ? nil : lines + 1
            joined += 1
            afterContinuation = true
            return true
        }
        // A blank line inside a trace (Python prints one around "The above exception was the
        // direct cause of the following exception:") goes on with it.
        if hasRecord, afterContinuation, line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) {
            joined += 1
            return true
        }
        let closedBefore = afterClose
        afterClose = line.count == 1 && (line[0] == 125 || line[0] == 93)
        // A lone `{` opens a JSON body that goes on the line before it, unless that line
        // closed a document of its own (a stream of pretty-printed documents).
        let opensBody = line.count == 1 && (line[0] == 123 || line[0] == 91) && !closedBefore
        if hasRecord, opensBody || isContinuation(line) {
            joined += 1
            afterContinuation = true
            return true
        }
        afterContinuation = false
        hasRecord = true
        if let csv, csv.opensQuotedField(line) { quotedLines = 0 }
        if timed == nil {
            opened += 1
            if Self.startsWithTime(line) { openedTimed += 1 }
            if opened >= 16 { timed = openedTimed * 10 >= opened * 9 }
        }
        return false
    }

    func isContinuation(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        // While learning, the records so far decide: all of them started with a time.
        let timed = self.timed ?? (opened > 0 && openedTimed == opened)
        // An indented line: a tab or two spaces, or one space in a file of timed records (a
        // message column may start with one space of its own).
        if first == 9 || (first == 32 && (timed || (line.count > 1 && line[1] == 32))) { return true }
        if first == 125 || first == 93 { return true }
        // In a file of timed records, a line with no time goes on the record before it: the
        // lines of a message logged in one call, a Go goroutine dump's frames
        // (`main.(*api).handler(…)`, each followed by its indented file line).
        if timed, !Self.startsWithTime(line) { return true }
        // (Most lines start with a byte no marker starts with: one bit test passes them.)
        if first < 128, Self.markerFirstBytes & (1 << UInt128(first)) != 0 {
            for marker in Self.markers where line.count >= marker.count {
                if zip(marker, line).allSatisfy({ $0 == $1 }) { return true }
            }
        }
        // A trace's exception line (`java.lang.NullPointerException: …`, `ValueError: …`), in a
        // file whose records start with a time or right after other lines of a trace.
        return (timed || afterContinuation) && !Self.startsWithTime(line) && Self.isExceptionLine(line)
    }

    /// Whether the line opens with an exception's name: a first word ending in `:` that is a
    /// dotted name (`smtplib.SMTPServerDisconnected:`) or ends in `Error:` or `Exception:`, or a
    /// lone dotted name ending in `Error` or `Exception`.
    static func isExceptionLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = 0
        while end < line.count, line[end] != 32, line[end] != 9 { end += 1 }
        let word = line[0..<end]
        guard word.count >= 4, let first = word.first, LogHeader.isLetter(first),
            word.allSatisfy({ LogHeader.isLetter($0) || LogHeader.isDigit($0) || [46, 95, 36, 58].contains($0) })
        else { return false }
        let name = word.last == 58 ? word.dropLast() : word
        let text = String(decoding: name, as: UTF8.self)
        let named = text.hasSuffix("Error") || text.hasSuffix("Exception") || text.hasSuffix("Exit")
        let dotted = text.contains(".") && !text.hasSuffix(".") && !text.hasPrefix(".")
        return word.last == 58 ? (dotted || named) : (named && (dotted || end == line.count))
    }

    /// A cheap test of a line's first bytes for a time, as records of timed logs start: digits
    /// in a time's shape, `[`, `<` (a syslog priority), `{` (a JSON record), or a weekday or
    /// month name. Digits open a time when they run into `-`, `/` or `:`
    /// (`2026-03-04`, `3/4/2026`, `09:00:01`, `20171223-22:15:29`), or are six or more before a
    /// space (HDFS's `081109 203615`) or nine or more before a `.` (`1709542801.123`); not an
    /// address (`10.1.2.3`), a count or a duration (`404 `, `5m`).
    static func startsWithTime(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        if first == 91 || first == 60 || first == 123 { return true }
        if LogHeader.isDigit(first) {
            var digits = 1
            while digits < line.count, digits < 20, LogHeader.isDigit(line[digits]) { digits += 1 }
            guard digits < line.count else { return digits >= 6 }
            switch line[digits] {
            case 45, 47, 58: return true
            case 32, 9, 84: return digits >= 6
            case 46: return digits >= 9
            default: return false
            }
        }
        var end = 0
        while end < line.count, end < 10, LogHeader.isLetter(line[end]) { end += 1 }
        return end >= 3 && LogHeader.isCalendarWord(line[0..<end])
    }
}
