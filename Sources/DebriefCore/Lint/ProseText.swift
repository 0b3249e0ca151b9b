import Foundation

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
        text.utf8.allSatisfy { $0 < 0x80 } ? asciiWords(text) : unicodeWords(text)
    }

    /// The common case, on bytes: columns are byte offsets and lower-casing needs no tables.
    static func asciiWords(_ text: String) -> [Word] {
        var words: [Word] = []
        let utf8 = text.utf8
        @inline(__always) func isWordByte(_ b: UInt8) -> Bool {
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 39 || b == 45 || b == 95
                || b == 64
        }
        var index = utf8.startIndex
        var offset = 0
        while index < utf8.endIndex {
            guard isWordByte(utf8[index]) else {
                index = utf8.index(after: index)
                offset += 1
                continue
            }
            var start = index
            var startOffset = offset
            var end = index
            var endOffset = offset
            while end < utf8.endIndex, isWordByte(utf8[end]) {
                end = utf8.index(after: end)
                endOffset += 1
            }
            index = end
            offset = endOffset
            // Apostrophes and hyphens at the edges are punctuation, not part of the word.
            while start < end, utf8[start] == 39 || utf8[start] == 45 {
                start = utf8.index(after: start)
                startOffset += 1
            }
            while end > start, utf8[utf8.index(before: end)] == 39 || utf8[utf8.index(before: end)] == 45 {
                end = utf8.index(before: end)
            }
            guard start < end else { continue }
            let original = text[start..<end]
            let hasUpper = original.utf8.contains { $0 >= 65 && $0 <= 90 }
            let lower =
                hasUpper
                ? String(decoding: original.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
                : String(original)
            words.append(Word(lower: lower, original: original, column: startOffset + 1))
        }
        return words
    }

    /// "don’t" → "don't", without Foundation's replacement when there is nothing to replace.
    public static func straightenApostrophes(_ word: String) -> String {
        word.unicodeScalars.contains("’") ? word.replacingOccurrences(of: "’", with: "'") : word
    }

    static func unicodeWords(_ text: String) -> [Word] {
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
                        lower: ProseText.straightenApostrophes(original.lowercased()), original: original,
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
    public func firstPhrase(in list: PhraseList) -> (index: Int, phrase: [String])? {
        var best: (rank: Int, index: Int)?
        for (i, word) in enumerated() {
            guard list.firstWords.mayContain(word.lower), let candidates = list.byFirstWord[word.lower] else {
                continue
            }
            for rank in candidates where best.map({ rank < $0.rank }) ?? true {
                let phrase = list.phrases[rank]
                guard i + phrase.count <= count else { continue }
                if (1..<phrase.count).allSatisfy({ self[i + $0].lower == phrase[$0] }) { best = (rank, i) }
            }
        }
        return best.map { ($0.index, list.phrases[$0.rank]) }
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

/// Phrases (lower-case words) indexed by their first word, so a line is matched against all of
/// them in one pass instead of one pass per phrase.
public struct PhraseList: Sendable, ExpressibleByArrayLiteral {
    public let phrases: [[String]]
    /// First word to the positions of the phrases that start with it, in list order.
    let byFirstWord: [String: [Int]]
    /// The first words, for a quick no before the dictionary lookup.
    let firstWords: WordSet

    public init(_ phrases: [[String]]) {
        self.phrases = phrases.filter { !$0.isEmpty }
        var index: [String: [Int]] = [:]
        for (rank, phrase) in self.phrases.enumerated() { index[phrase[0], default: []].append(rank) }
        byFirstWord = index
        firstWords = WordSet(index.keys)
    }

    public init(arrayLiteral elements: [String]...) { self.init(elements) }
}

/// A set of lower-case words that says "no" to most words without hashing them: it keeps a mask
/// of the first bytes and lengths of its members and checks those first.
public struct WordSet: Sendable, ExpressibleByArrayLiteral {
    let words: Set<String>
    var firstBytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var lengths: UInt64 = 0

    public init<S: Sequence>(_ members: S) where S.Element == String {
        words = Set(members)
        for word in words {
            guard let first = word.utf8.first else { continue }
            Self.set(&firstBytes, first)
            lengths |= 1 << UInt64(min(word.utf8.count, 63))
        }
    }

    public init(arrayLiteral elements: String...) { self.init(elements) }

    static func set(_ mask: inout (UInt64, UInt64, UInt64, UInt64), _ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: mask.0 |= bit
        case 1: mask.1 |= bit
        case 2: mask.2 |= bit
        default: mask.3 |= bit
        }
    }

    /// False means certainly not a member; true means look it up.
    @inline(__always) func mayContain(_ word: String) -> Bool {
        let utf8 = word.utf8
        guard let first = utf8.first, lengths & (1 << UInt64(min(utf8.count, 63))) != 0 else { return false }
        let bit = UInt64(1) << UInt64(first & 63)
        switch first >> 6 {
        case 0: return firstBytes.0 & bit != 0
        case 1: return firstBytes.1 & bit != 0
        case 2: return firstBytes.2 & bit != 0
        default: return firstBytes.3 & bit != 0
        }
    }

    public func contains(_ word: String) -> Bool { mayContain(word) && words.contains(word) }
}
