/// A word of prose with where it stands on its line.
public struct Word: Sendable, Equatable {
    /// Lower-cased, with surrounding punctuation removed.
    public var lower: String
    public var original: Substring
    /// 1-based column in characters.
    public var column: Int
}

/// The prose lines of a document split into words, for phrase rules.
public struct ProseText: Sendable {
    public struct ProseLine: Sendable {
        public var line: DocumentLine
        public var words: [Word]
    }

    public var lines: [ProseLine]

    /// Lines a person wrote as narrative: not front matter, code, quotes (quoted evidence) or
    /// table header rows.
    public init(_ document: SourceDocument) {
        lines = document.lines.compactMap { line in
            guard line.role == .prose || line.role == .heading else { return nil }
            return ProseLine(line: line, words: ProseText.words(line.text))
        }
    }

    /// Splits a line into words. Apostrophes, hyphens, `@` and `_` stay inside words.
    public static func words(_ text: String) -> [Word] {
        var words: [Word] = []
        var column = 1
        var start: String.Index?
        var startColumn = 0
        func isWordCharacter(_ c: Character) -> Bool {
            c.isLetter || c.isNumber || c == "'" || c == "’" || c == "-" || c == "_" || c == "@"
        }
        func close(_ end: String.Index) {
            guard let s = start else { return }
            var original = text[s..<end]
            var column = startColumn
            while let first = original.first, first == "'" || first == "’" || first == "-" {
                original = original.dropFirst()
                column += 1
            }
            while let last = original.last, last == "'" || last == "’" || last == "-" { original = original.dropLast() }
            if !original.isEmpty {
                words.append(
                    Word(
                        lower: original.lowercased().replacingOccurrences(of: "’", with: "'"), original: original,
                        column: column))
            }
            start = nil
        }
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if isWordCharacter(c) {
                if start == nil {
                    start = index
                    startColumn = column
                }
            } else {
                close(index)
            }
            column += 1
            index = text.index(after: index)
        }
        close(text.endIndex)
        return words
    }
}

extension Array where Element == Word {
    /// The first phrase of the list that occurs, with where it starts.
    public func firstPhrase(in phrases: [[String]]) -> (index: Int, phrase: [String])? {
        for phrase in phrases {
            if let index = find(phrase) { return (index, phrase) }
        }
        return nil
    }

    /// Index of the first occurrence of the phrase (lower-case words) at or after `from`.
    public func find(_ phrase: [String], from: Int = 0) -> Int? {
        guard !phrase.isEmpty, count >= phrase.count else { return nil }
        var i = from
        while i + phrase.count <= count {
            if self[i].lower == phrase[0] {
                var matched = true
                for j in 1..<phrase.count where self[i + j].lower != phrase[j] {
                    matched = false
                    break
                }
                if matched { return i }
            }
            i += 1
        }
        return nil
    }
}
