/// Finds where the message starts in a log line whose header (timestamp, level, component) is
/// not known in advance: the same rule for syslog, Apache, log4j, BGL and pipe-separated lines.
///
/// A header starts with a timestamp-like token (one with a digit, a weekday or month name, a
/// bracket or `-`). It ends at a level (`INFO`, `[notice]`) followed by bracketed parts, `-`
/// separators and one `component:` token; or, with no level, at the first `component:` token
/// after at most two plain words (a host name). Pipe-separated first fields are a header too.
/// Works on bytes: it runs once for every line read.
public enum LogHeader {
    static let levels: [[UInt8]] = [
        "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "SEVERE", "FATAL", "CRIT",
        "CRITICAL", "ALERT", "EMERG", "FAILURE", "FINE", "FINER", "FINEST", "CONFIG",
    ].map { Array($0.utf8) }

    static let calendarWords: [[UInt8]] = [
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
        "sep", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ].map { Array($0.utf8) }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }

    static func hasDigit(_ t: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool { t.contains(where: isDigit) }

    static func isBracketed(_ t: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        guard t.count >= 2, let f = t.first, let l = t.last else { return false }
        return (f == 91 && l == 93) || (f == 40 && l == 41) || (f == 60 && l == 62)
    }

    /// True when the token equals one of the words, ignoring ASCII case.
    static func equalsAny(_ t: UnsafeBufferPointer<UInt8>.SubSequence, _ words: [[UInt8]]) -> Bool {
        words.contains { word in
            word.count == t.count && zip(word, t).allSatisfy { ($0 | 0x20) == ($1 | 0x20) }
        }
    }

    /// Level words written capitalised, as Windows, Azure and Kubernetes events do.
    static let capitalisedLevels: [[UInt8]] = levels + ["INFORMATION", "NORMAL", "VERBOSE"].map { Array($0.utf8) }

    /// `INFO` (upper case), `Warning` (capitalised), or a level in brackets in any case (`[notice]`),
    /// also after a module and a colon, as Apache httpd 2.4 writes it (`[proxy_fcgi:error]`).
    static func isLevel(_ t: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool { levelWord(t) != nil }

    /// The level word of a token `isLevel` accepts, brackets and module left out.
    static func levelWord(_ t: UnsafeBufferPointer<UInt8>.SubSequence) -> UnsafeBufferPointer<UInt8>.SubSequence? {
        if t.allSatisfy(isUpper), equalsAny(t, levels) { return t }
        if let colon = levelColon(t) { return t[..<colon] }
        if let first = t.first, isUpper(first), t.count > 3, t.dropFirst().allSatisfy({ $0 >= 97 && $0 <= 122 }),
            equalsAny(t, capitalisedLevels)
        {
            return t
        }
        guard isBracketed(t) else { return nil }
        let inner = t.dropFirst().dropLast()
        if equalsAny(inner, levels) { return inner }
        if let colon = inner.lastIndex(of: 58), colon > inner.startIndex,
            inner[..<colon].allSatisfy({ isLetter($0) || isDigit($0) || $0 == 95 }),
            equalsAny(inner[(colon + 1)...], levels)
        {
            return inner[(colon + 1)...]
        }
        return nil
    }

    /// Where the colon is in a token that opens with an upper-case level and a colon: `INFO:`
    /// (uvicorn), `ERROR:root:message` (Python logging's default format).
    static func levelColon(_ t: UnsafeBufferPointer<UInt8>.SubSequence) -> Int? {
        guard let colon = t.firstIndex(of: 58), colon > t.startIndex, t[..<colon].allSatisfy(isUpper),
            equalsAny(t[..<colon], levels)
        else { return nil }
        return colon
    }

    /// Lower-case levels that open a line with a colon: winston's and others' `info:`, and the
    /// four-letter ones of .NET's console logger (`trce:`, `dbug:`, `fail:`, `crit:`).
    static let openingLevels: [[UInt8]] = [
        "trce", "dbug", "info", "warn", "fail", "crit", "trace", "debug", "notice", "warning", "error", "fatal",
    ].map { Array($0.utf8) }

    /// Where the colon is in a line's first token when it is a lower-case level and a colon and
    /// nothing else (`info:`); nil otherwise. (Inside a message, `error:` is a word.)
    static func openingLevelColon(_ t: UnsafeBufferPointer<UInt8>.SubSequence) -> Int? {
        guard t.count >= 5, t.last == 58, equalsAny(t.dropLast(), openingLevels) else { return nil }
        return t.endIndex - 1
    }

    /// Up to nine lower-case letters packed five bits each; 0 when there are more, or none.
    static func packedLetters(_ t: some Collection<UInt8>) -> UInt64 {
        var packed: UInt64 = 0
        var count = 0
        for b in t where isLetter(b) {
            count += 1
            if count > 9 { return 0 }  // longer than "wednesday"
            packed = packed << 5 | UInt64((b | 0x20) - 96)
        }
        return count >= 3 ? packed : 0
    }

    /// Packed calendar words; 26 integers are scanned faster than a set is hashed.
    static let packedCalendarWords = calendarWords.map { packedLetters($0) }

    /// A weekday or month name, punctuation around it ignored (`[Sun`, `Dec,`).
    static func isCalendarWord(_ t: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        let packed = packedLetters(t)
        return packed != 0 && packedCalendarWords.contains(packed)
    }

    static func startsHeader(_ t: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        hasDigit(t) || isBracketed(t) || t.first == 91 || (t.count == 1 && t.first == 45) || isCalendarWord(t)
    }

    static func isHeaderish(_ t: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        startsHeader(t) || t.allSatisfy { isUpper($0) || $0 == 95 }
    }

    /// The syslog priority of a line that starts with `<PRI>`, and where it ends.
    public static func syslogPriority(_ line: UnsafeBufferPointer<UInt8>) -> (value: Int, end: Int)? {
        guard line.count >= 3, line[0] == 60 else { return nil }
        var value = 0
        var i = 1
        while i < line.count, i <= 4, isDigit(line[i]) {
            value = value * 10 + Int(line[i] - 48)
            i += 1
        }
        guard i > 1, i < line.count, line[i] == 62, value <= 191 else { return nil }
        return (value, i + 1)
    }

    /// RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`; the offset of MSG.
    static func rfc5424MessageStart(_ line: UnsafeBufferPointer<UInt8>, tokens: [Range<Int>]) -> Int? {
        guard let pri = syslogPriority(line), pri.end < line.count, isDigit(line[pri.end]), tokens.count >= 6 else {
            return nil
        }
        // After the six header fields comes the structured data: `-` or `[id k="v" …]…`.
        var i = tokens[5].upperBound
        while i < line.count, line[i] == 32 { i += 1 }
        if i < line.count, line[i] == 45 {
            i += 1
        } else {
            while i < line.count, line[i] == 91 {
                var inQuotes = false
                i += 1
                while i < line.count {
                    if line[i] == 92 {
                        i += 2
                        continue
                    }
                    if line[i] == 34 { inQuotes.toggle() }
                    if line[i] == 93, !inQuotes { break }
                    i += 1
                }
                i += 1
            }
        }
        while i < line.count, line[i] == 32 { i += 1 }
        // A UTF-8 byte-order mark may start the message.
        if i + 2 < line.count, line[i] == 0xEF, line[i + 1] == 0xBB, line[i + 2] == 0xBF { i += 3 }
        return min(i, line.count)
    }

    /// The byte offset where the message starts, given the line's token ranges.
    static func messageStart(_ line: UnsafeBufferPointer<UInt8>, tokens: [Range<Int>]) -> Int {
        guard let firstRange = tokens.first else { return 0 }
        if let start = rfc5424MessageStart(line, tokens: tokens) { return start }
        let first = line[firstRange]
        // `INFO:     message` (uvicorn), `ERROR:root:message` (Python logging's default format):
        // a level and a colon open the line, and a logger's name and a colon may follow.
        if let colon = levelColon(first) ?? openingLevelColon(first) {
            var end = colon + 1
            if end < first.endIndex, let second = first[end...].firstIndex(of: 58) { end = second + 1 }
            if end < first.endIndex { return end }  // the message begins inside the token
            return tokens.count > 1 ? tokens[1].lowerBound : firstRange.upperBound
        }
        // Pipe-separated headers: `20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579`.
        if first.lazy.filter({ $0 == 124 }).count >= 2, hasDigit(first), let lastPipe = first.lastIndex(of: 124) {
            return lastPipe + 1
        }
        guard startsHeader(first) else { return 0 }
        func start(after position: Int) -> Int {
            position + 1 < tokens.count ? tokens[position + 1].lowerBound : tokens[position].upperBound
        }
        let limit = min(tokens.count, 12)
        // A level, after header tokens that include a timestamp.
        for i in 0..<limit where isLevel(line[tokens[i]]) {
            let before = (0..<i).map { line[tokens[$0]] }
            guard before.contains(where: hasDigit), before.allSatisfy(isHeaderish) else { break }
            var end = i
            var componentSeen = false
            while end + 1 < tokens.count {
                let next = line[tokens[end + 1]]
                if (next.count == 1 && (next.first == 45 || next.first == 124)) || isBracketed(next)
                    || (!componentSeen && (next.allSatisfy { $0 == 45 } || next.allSatisfy(isDigit)))
                {
                    // (`1 --- [main]` in Spring Boot's layout: a process id and a run of dashes.)
                    end += 1
                } else if !componentSeen, end + 2 < tokens.count, line[tokens[end + 2]].count == 1,
                    line[tokens[end + 2]].first == 58,
                    next.allSatisfy({ isLetter($0) || isDigit($0) || $0 == 46 || $0 == 36 || $0 == 95 })
                {
                    // A component with its colon apart: `c.e.orders.OrderController : message`.
                    end += 2
                    componentSeen = true
                } else if next.first == 91,
                    let close = tokens[(end + 1)...].firstIndex(where: { line[$0].last == 93 })
                {
                    end = close  // a bracket with spaces inside: `[RMCommunicator Allocator]`
                } else if !componentSeen, next.last == 58, next.count > 1, !TemplateMiner.isMessageCode(next) {
                    // (A message code, `AH00128:`, opens the message: it names it.)
                    end += 1
                    componentSeen = true
                } else {
                    break
                }
            }
            return start(after: end)
        }
        // No level: header tokens (a timestamp among them) and a lone mark before the message
        // (`78664:M 04 Mar 2026 09:00:01.253 * Background saving started`, `… - message`).
        var headerEnd = 0
        while headerEnd < limit, startsHeader(line[tokens[headerEnd]]) { headerEnd += 1 }
        if headerEnd >= 2, headerEnd < tokens.count, (0..<headerEnd).contains(where: { hasDigit(line[tokens[$0]]) }) {
            let mark = line[tokens[headerEnd]]
            if mark.count == 1, let b = mark.first, [42, 35, 45, 124, 62, 58].contains(b) {
                return start(after: headerEnd)
            }
        }
        // No level: a `component:` token after a timestamp and at most two plain words.
        var plainWords = 0
        var sawDigit = false
        for i in 0..<min(tokens.count, 10) {
            let token = line[tokens[i]]
            if token.last == 58, token.count > 1, i > 0, sawDigit { return start(after: i) }
            if hasDigit(token) { sawDigit = true }
            if !isHeaderish(token) {
                plainWords += 1
                if plainWords > 2 { break }
            }
        }
        return 0
    }

    /// Token ranges split on spaces and tabs.
    static func tokenRanges(_ line: UnsafeBufferPointer<UInt8>, into ranges: inout [Range<Int>]) {
        ranges.removeAll(keepingCapacity: true)
        var i = 0
        let n = line.count
        while i < n {
            while i < n, line[i] == 32 || line[i] == 9 { i += 1 }
            guard i < n else { break }
            let start = i
            while i < n, line[i] != 32, line[i] != 9 { i += 1 }
            ranges.append(start..<i)
        }
    }

    /// The message part of a line (the whole line when no header is found).
    public static func message(_ line: Substring) -> Substring {
        var text = String(line)
        let offset = text.withUTF8 { bytes -> Int in
            var ranges: [Range<Int>] = []
            tokenRanges(bytes, into: &ranges)
            return messageStart(bytes, tokens: ranges)
        }
        let index = line.utf8.index(line.utf8.startIndex, offsetBy: offset)
        return line[index...]
    }
}
