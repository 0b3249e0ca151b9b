/// Finds where the message starts in a log line whose header (timestamp, level, component) is
/// not known in advance: the same rule for syslog, Apache, log4j, BGL and pipe-separated lines.
public enum LogHeader {
    static let levels: Set<String> = [
        "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "SEVERE", "FATAL", "CRIT",
        "CRITICAL", "ALERT", "EMERG", "FAILURE", "FINE", "FINER", "FINEST", "CONFIG",
    ]

    static func hasDigit(_ token: Substring) -> Bool { token.utf8.contains { $0 >= 48 && $0 <= 57 } }

    static func isBracketed(_ token: Substring) -> Bool {
        (token.first == "[" && token.last == "]") || (token.first == "(" && token.last == ")")
            || (token.first == "<" && token.last == ">")
    }

    /// A level word: `INFO`, `WARN`, or any level in brackets in any case (`[notice]`).
    static func isLevel(_ token: Substring) -> Bool {
        if levels.contains(String(token)) { return true }
        guard isBracketed(token) else { return false }
        return levels.contains(token.dropFirst().dropLast().uppercased())
    }

    /// True for tokens a header is made of before the level or component.
    static func isHeaderish(_ token: Substring) -> Bool {
        hasDigit(token) || isBracketed(token) || token == "-" || token.first == "["
            || TemplateMiner.calendarWords.contains(token.lowercased().filter(\.isLetter))
            || token.allSatisfy({ $0.isUppercase || $0 == "_" })
    }

    /// The message part of a line (the whole line when no header is found).
    public static func message(_ line: Substring) -> Substring {
        // Pipe-separated headers: `20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579`.
        if let firstSpace = line.firstIndex(where: { $0 == " " }) ?? Optional(line.endIndex) {
            let head = line[..<firstSpace]
            if head.filter({ $0 == "|" }).count >= 2, hasDigit(head), let lastPipe = head.lastIndex(of: "|") {
                return line[line.index(after: lastPipe)...]
            }
        }
        // Token boundaries, to cut the line at a token's start without re-splitting.
        var tokens: [Substring] = []
        var index = line.startIndex
        while index < line.endIndex, tokens.count < 16 {
            while index < line.endIndex, line[index] == " " || line[index] == "\t" { index = line.index(after: index) }
            guard index < line.endIndex else { break }
            let start = index
            while index < line.endIndex, line[index] != " ", line[index] != "\t" { index = line.index(after: index) }
            tokens.append(line[start..<index])
        }
        guard let first = tokens.first,
            hasDigit(first) || isBracketed(first) || first.first == "["
                || TemplateMiner.calendarWords.contains(first.lowercased().filter(\.isLetter)) || first == "-"
        else { return line }

        func rest(after position: Int) -> Substring {
            guard position + 1 < tokens.count else {
                return position + 1 == tokens.count ? line[tokens[position].endIndex...] : line
            }
            return line[tokens[position + 1].startIndex...]
        }

        // A level, after header tokens that include a timestamp.
        for (i, token) in tokens.prefix(12).enumerated() where isLevel(token) {
            guard tokens[..<i].contains(where: hasDigit), tokens[..<i].allSatisfy(isHeaderish) else { break }
            var end = i
            var componentSeen = false
            while end + 1 < tokens.count {
                let next = tokens[end + 1]
                if next == "-" || next == "|" || isBracketed(next) {
                    end += 1
                } else if next.first == "[", let close = tokens[(end + 1)...].firstIndex(where: { $0.last == "]" }) {
                    // A bracket with spaces inside: `[RMCommunicator Allocator]`.
                    end = close
                } else if !componentSeen, next.last == ":", next.count > 1 {
                    end += 1
                    componentSeen = true
                } else {
                    break
                }
            }
            return rest(after: end)
        }
        // No level: a `component:` token after a timestamp and at most two plain words (a host).
        var plainWords = 0
        for (i, token) in tokens.prefix(10).enumerated() {
            if token.last == ":", token.count > 1, i > 0, tokens[..<i].contains(where: hasDigit) {
                return rest(after: i)
            }
            if !isHeaderish(token) {
                plainWords += 1
                if plainWords > 2 { break }
            }
        }
        return line
    }
}
