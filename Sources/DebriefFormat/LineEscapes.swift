/// The backslash escapes canonical Markdown puts at the start of a line so that text stays
/// text: a line of a list section's notes that starts like a list item or a table row
/// (`\- 14:02 …`, `1\. …`, `\| … |`), and a `Key\: value` line under the title that was not
/// read as a field. Markdown shows each escaped line as it was typed; the parser takes the
/// backslash off again, so the model reads back exactly. A line that starts with a backslash
/// of its own gets one more, which the parser takes off.
enum LineEscapes {
    /// `text` with `transform` applied to each line outside fenced code.
    static func outsideCode(_ text: String, _ transform: (Substring) -> String) -> String {
        var fence = FenceTracker()
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            fence.isCode(line) ? String(line) : transform(line)
        }.joined(separator: "\n")
    }

    // MARK: Notes of list sections

    /// The line as written in a list section's notes.
    static func escapeNote(_ line: Substring) -> String {
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        let rest = line.dropFirst(indent.count)
        if rest.first == "\\" || rest.first == "|" { return indent + "\\" + rest }
        if let first = rest.first, "-*+".contains(first), rest.dropFirst().first.map(isSpace) ?? true {
            return indent + "\\" + rest
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        let after = rest.dropFirst(digits.count)
        if !digits.isEmpty, digits.count <= 9, let mark = after.first {
            if mark == "." || mark == ")", after.dropFirst().first.map(isSpace) ?? true {
                return indent + digits + "\\" + after
            }
            if mark == "\\" { return indent + digits + "\\" + after }
        }
        return String(line)
    }

    /// The line as the note holds it: the escape `escapeNote` added taken off.
    static func unescapeNote(_ line: Substring) -> String {
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        let rest = line.dropFirst(indent.count)
        if rest.first == "\\", let next = rest.dropFirst().first, "\\|-*+".contains(next) {
            return String(indent + rest.dropFirst())
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        let after = rest.dropFirst(digits.count)
        if !digits.isEmpty, after.first == "\\", let next = after.dropFirst().first, ".)\\".contains(next) {
            return String(indent + digits + after.dropFirst())
        }
        return String(line)
    }

    // MARK: Text under the title

    /// The line as written under the title: the colon of a `Key: value` line escaped.
    static func escapePreamble(_ line: Substring) -> String {
        // A heading kept in the text under the title ("### Background" in a file with no
        // section above its level) would be read as a section of its own next time.
        let indent = line.prefix { $0 == " " }
        if indent.count <= 3,
            line.dropFirst(indent.count).hasPrefix("#") || line.dropFirst(indent.count).hasPrefix("\\#")
        {
            return indent + "\\" + line.dropFirst(indent.count)
        }
        if let backslash = keyEnd(line), line[backslash] == "\\" {
            return line[..<backslash] + "\\" + line[backslash...]
        }
        guard DocumentParser.keyValue(line.trimmedWhitespace()) != nil, let colon = line.firstIndex(of: ":") else {
            return String(line)
        }
        return line[..<colon] + "\\" + line[colon...]
    }

    /// The line as the text holds it: the escape `escapePreamble` added taken off.
    static func unescapePreamble(_ line: Substring) -> String {
        let indent = line.prefix { $0 == " " }
        if indent.count <= 3, line.dropFirst(indent.count).hasPrefix("\\#") {
            return String(indent + line.dropFirst(indent.count + 1))
        }
        guard let backslash = keyEnd(line), line[backslash] == "\\" else { return String(line) }
        return String(line[..<backslash] + line[line.index(after: backslash)...])
    }

    /// Where a key written like a field's (`**Severity`, `Root Causes`) ends, when backslashes
    /// and then a colon follow it: the index of the first backslash.
    static func keyEnd(_ line: Substring) -> Substring.Index? {
        var key = line.drop { $0 == " " }
        if key.hasPrefix("**") { key = key.dropFirst(2) }
        let name = key.prefix { $0.isLetter || $0 == " " || $0 == "-" }
        guard !name.isEmpty, name.first?.isLetter == true else { return nil }
        let rest = key.dropFirst(name.count)
        let slashes = rest.prefix { $0 == "\\" }
        guard !slashes.isEmpty, rest.dropFirst(slashes.count).first == ":" else { return nil }
        return rest.startIndex
    }

    static func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" }
}
