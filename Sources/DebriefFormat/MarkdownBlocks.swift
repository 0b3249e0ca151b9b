import DebriefCore
import Foundation

/// A body line with its number in the file.
struct Line {
    let number: Int
    let text: String
    /// The text without leading and trailing white space; readers ask for it many times.
    let trimmed: String

    init(number: Int, text: String) {
        self.number = number
        self.text = text
        trimmed = text.trimmedWhitespace()
    }

    var isBlank: Bool { text.allSatisfy { $0 == " " || $0 == "\t" } }
    /// Leading spaces (a tab counts as four).
    var indent: Int {
        var count = 0
        for c in text {
            if c == " " { count += 1 } else if c == "\t" { count += 4 } else { break }
        }
        return count
    }
}

/// A heading found in the body.
struct Heading {
    var index: Int
    var level: Int
    var text: String
    /// Setext headings span two lines.
    var lineCount: Int
}

/// The Markdown structure Debrief needs: headings and which lines are code, quotes, tables.
struct MarkdownStructure {
    var lines: [Line]
    var roles: [LineRole]
    var headings: [Heading]

    init(_ lines: [Line]) {
        self.lines = lines
        roles = Array(repeating: .prose, count: lines.count)
        headings = []
        var fence = FenceTracker()
        var i = 0
        while i < lines.count {
            let trimmed = lines[i].trimmed
            if fence.isCode(lines[i].text) {
                roles[i] = .code
                i += 1
                continue
            }
            if lines[i].isBlank {
                roles[i] = .blank
                i += 1
                continue
            }
            if lines[i].indent < 4, let (level, text) = MarkdownStructure.atxHeading(trimmed) {
                roles[i] = .heading
                headings.append(Heading(index: i, level: level, text: text, lineCount: 1))
                i += 1
                continue
            }
            // A paragraph of one bold line or one capitalised label ("**What happened?**",
            // "TIMELINE:"), as exported documents and plain-text reports write headings.
            if lines[i].indent < 4, i == 0 || lines[i - 1].isBlank,
                i + 1 == lines.count || lines[i + 1].isBlank
                    || MarkdownStructure.isLabel(trimmed),
                let text = MarkdownStructure.pseudoHeading(trimmed)
            {
                roles[i] = .heading
                headings.append(Heading(index: i, level: 2, text: text, lineCount: 1))
                i += 1
                continue
            }
            if trimmed.hasPrefix(">") {
                roles[i] = .quote
                i += 1
                continue
            }
            if trimmed.hasPrefix("|"), i + 1 < lines.count, MarkdownStructure.isTableSeparator(lines[i + 1].trimmed) {
                roles[i] = .tableHeader
                roles[i + 1] = .tableHeader
                i += 2
                continue
            }
            // Setext: a paragraph line underlined with === or ---.
            if i + 1 < lines.count, lines[i].indent < 4, !MarkdownStructure.isListItem(trimmed),
                !trimmed.hasPrefix("|"), let level = MarkdownStructure.setextLevel(lines[i + 1].trimmed),
                i == 0 || roles[i - 1] == .blank || roles[i - 1] == .heading
            {
                roles[i] = .heading
                roles[i + 1] = .heading
                headings.append(Heading(index: i, level: level, text: trimmed, lineCount: 2))
                i += 2
                continue
            }
            i += 1
        }
    }

    /// The heading a line stands for when it is written as one without `#`: a whole line in
    /// bold that asks a question or names a section Debrief knows ("**What went wrong and
    /// why?**", "**Timeline**"), or a label in capitals with a colon naming one ("TIMELINE:").
    static func pseudoHeading(_ trimmed: String) -> String? {
        guard trimmed.count <= 120 else { return nil }
        for mark in ["**", "__"] where trimmed.hasPrefix(mark) && trimmed.hasSuffix(mark) && trimmed.count > 4 {
            let inner = trimmed.dropFirst(2).dropLast(2).trimmedWhitespace()
            guard !inner.isEmpty, !inner.contains(mark), inner.split(separator: " ").count <= 16 else { return nil }
            let name = inner.trimmingCharacters(in: CharacterSet(charactersIn: ":"))
            if name.hasSuffix("?") || Synonyms.heading(name) != nil { return name }
            return nil
        }
        if isLabel(trimmed) {
            let name = String(trimmed.dropLast()).trimmedWhitespace()
            return Synonyms.heading(name) != nil ? name : nil
        }
        return nil
    }

    /// "TIMELINE:", "Remediations:": a few words and a colon, nothing after it.
    static func isLabel(_ trimmed: String) -> Bool {
        guard trimmed.hasSuffix(":"), trimmed.count >= 3, trimmed.count <= 60 else { return false }
        let name = trimmed.dropLast()
        return name.first?.isLetter == true && name.split(separator: " ").count <= 6
            && name.allSatisfy { $0.isLetter || " -&/'".contains($0) }
    }

    static func atxHeading(_ trimmed: String) -> (Int, String)? {
        let hashes = trimmed.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = trimmed.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmedWhitespace()
        // Closing hashes: "## Title ##"
        if text.hasSuffix("#") {
            let stripped = text.reversed().drop(while: { $0 == "#" })
            if stripped.first == " " || stripped.isEmpty {
                text = String(stripped.reversed()).trimmedWhitespace()
            }
        }
        return (hashes, text)
    }

    static func setextLevel(_ trimmed: String) -> Int? {
        guard !trimmed.isEmpty else { return nil }
        if trimmed.allSatisfy({ $0 == "=" }) { return 1 }
        if trimmed.count >= 2, trimmed.allSatisfy({ $0 == "-" }) { return 2 }
        return nil
    }

    static func isTableSeparator(_ trimmed: String) -> Bool {
        // |, -, :, space and tab only, with a dash, and a pipe unless it starts with : or -.
        var dash = false
        var pipe = false
        for byte in trimmed.utf8 {
            switch byte {
            case 45: dash = true
            case 124: pipe = true
            case 58, 32, 9: continue
            default: return false
            }
        }
        let first = trimmed.utf8.first
        return dash && (pipe || first == 58 || first == 45)
    }

    static func isListItem(_ trimmed: String) -> Bool { listItem(trimmed) != nil }

    /// The text of a list item without its marker (`- `, `* `, `+ `, `1. `, `1) `), or nil.
    static func listItem(_ trimmed: String) -> (marker: String, body: String)? {
        guard let first = trimmed.first else { return nil }
        if "-*+•".contains(first) {
            let rest = trimmed.dropFirst()
            guard rest.first == " " || rest.first == "\t" else { return nil }
            return (String(first), rest.trimmedWhitespace())
        }
        let digits = trimmed.prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = trimmed.dropFirst(digits.count)
        guard let punct = rest.first, punct == "." || punct == ")" else { return nil }
        let body = rest.dropFirst()
        guard body.first == " " || body.first == "\t" else { return nil }
        return (String(digits) + String(punct), body.trimmedWhitespace())
    }

    /// The common row, in one pass over its bytes: no escapes or code spans, ASCII at its ends.
    /// Nil sends the row to the general splitter below.
    static func plainCells(_ row: String) -> [String]? {
        var text = row
        return text.withUTF8 { bytes -> [String]? in
            var start = 0
            var end = bytes.count
            while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
            while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
            guard start < end, bytes[start] < 0x80, bytes[end - 1] < 0x80 else { return nil }
            if bytes[start] == 124 { start += 1 }
            if end > start, bytes[end - 1] == 124 { end -= 1 }
            var cells: [String] = []
            var cellStart = start
            func cell(_ from: Int, _ to: Int) -> String {
                var a = from
                var b = to
                while a < b, bytes[a] == 32 || bytes[a] == 9 { a += 1 }
                while b > a, bytes[b - 1] == 32 || bytes[b - 1] == 9 { b -= 1 }
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self)
                // A non-ASCII end may be a Unicode space: let the exact trim decide.
                return a < b && (bytes[a] >= 0x80 || bytes[b - 1] >= 0x80) ? text.trimmedWhitespace() : text
            }
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == 92 || byte == 96 { return nil }
                if byte == 124 {
                    cells.append(cell(cellStart, index))
                    cellStart = index + 1
                }
                index += 1
            }
            cells.append(cell(cellStart, end))
            return cells
        }
    }

    /// Splits a table row into cells, honouring `\|` escapes and code spans.
    static func cells(_ row: String) -> [String] { plainCells(row) ?? generalCells(row) }

    /// Any row: escapes (`\|`), code spans and Unicode spaces. A run of backticks opens a code
    /// span (inside which `|` does not split) only when a run of the same length closes it
    /// later in the row, as CommonMark reads code spans; a lone backtick is a character.
    static func generalCells(_ row: String) -> [String] {
        var text = Substring(row.trimmedWhitespace())
        if text.hasPrefix("|") { text = text.dropFirst() }
        if text.hasSuffix("|"), !text.hasSuffix("\\|") { text = text.dropLast() }
        let characters = Array(text)
        var cells: [String] = []
        var current = ""
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "\\", i + 1 < characters.count {
                if characters[i + 1] != "|" { current.append("\\") }
                current.append(characters[i + 1])
                i += 2
            } else if c == "`" {
                var run = 0
                while i + run < characters.count, characters[i + run] == "`" { run += 1 }
                if let close = closingRun(of: run, in: characters, from: i + run) {
                    // The code span, escapes and pipes as written (a `\|` in code reads as `|`, as GFM tables do).
                    var j = i
                    while j < close + run {
                        if characters[j] == "\\", j + 1 < close, characters[j + 1] == "|" {
                            current.append("|")
                            j += 2
                        } else {
                            current.append(characters[j])
                            j += 1
                        }
                    }
                    i = close + run
                } else {
                    current.append(contentsOf: String(repeating: "`", count: run))
                    i += run
                }
            } else if c == "|" {
                cells.append(current.trimmedWhitespace())
                current = ""
                i += 1
            } else {
                current.append(c)
                i += 1
            }
        }
        cells.append(current.trimmedWhitespace())
        return cells
    }

    /// Where a run of exactly `length` backticks starts at or after `start`, if one does.
    static func closingRun(of length: Int, in characters: [Character], from start: Int) -> Int? {
        var i = start
        while i < characters.count {
            guard characters[i] == "`" else {
                i += 1
                continue
            }
            var run = 0
            while i + run < characters.count, characters[i + run] == "`" { run += 1 }
            if run == length { return i }
            i += run
        }
        return nil
    }
}

/// Fenced code as CommonMark reads it, line by line: ``` or ~~~ (three or more) indented less
/// than four spaces opens a fence; the same character, at least as many times, with nothing
/// after it, closes it. Every reader that must leave code alone asks this one.
struct FenceTracker {
    var open: (character: Character, length: Int)?

    /// True when `line` (its text with the indentation) opens, is inside, or closes a fence.
    mutating func isCode(_ line: some StringProtocol) -> Bool {
        let indent = line.prefix(while: { $0 == " " }).count
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if let fence = open {
            let run = trimmed.prefix(while: { $0 == fence.character }).count
            if indent < 4, run >= fence.length, trimmed.dropFirst(run).allSatisfy(\.isWhitespace) { open = nil }
            return true
        }
        guard indent < 4, let first = trimmed.first, first == "`" || first == "~" else { return false }
        let run = trimmed.prefix(while: { $0 == first }).count
        guard run >= 3, first == "~" || !trimmed.dropFirst(run).contains("`") else { return false }
        open = (first, run)
        return true
    }

    /// The line that closes the fence still open, if any.
    var closer: String? { open.map { String(repeating: $0.character, count: $0.length) } }
}

/// A GitHub-flavoured table in a section: header cells and rows with their lines.
struct Table {
    var header: [String]
    var rows: [(line: Int, cells: [String])]
}

/// Items of a list with their continuation lines joined, plus the prose that is not a list.
struct ListBlock {
    struct Item {
        var line: Int
        var column: Int
        var marker: String
        var text: String
        /// Extra lines of the item (continuations and nested items), as written.
        var continuation: [String]
        var nested: Bool

        /// The item and its continuation lines as one line of text.
        var joined: String {
            ([text] + continuation.map { $0.trimmedWhitespace() }).joined(separator: " ")
        }
    }
}
