import Foundation

/// Byte-level search for the ASCII needles the text rules look for. Foundation's `range(of:)`
/// goes through NSString and was most of the lint time; rules also lowercased every line to
/// search it, which this does without a copy.
extension String {
    /// The first occurrence of an ASCII `needle`, ignoring ASCII case when asked.
    public func asciiRange(of needle: String, ignoringCase: Bool = false, from start: String.Index? = nil)
        -> Range<String.Index>?
    {
        var haystack = self
        var needle = needle
        let startOffset = start.map { utf8.distance(from: utf8.startIndex, to: $0) } ?? 0
        let found: Int? = haystack.withUTF8 { h in
            needle.withUTF8 { n in String.search(h, n, from: startOffset, ignoringCase: ignoringCase) }
        }
        guard let offset = found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// True when the ASCII `needle` occurs.
    public func containsASCII(_ needle: String, ignoringCase: Bool = false) -> Bool {
        asciiRange(of: needle, ignoringCase: ignoringCase) != nil
    }

    /// The 1-based column, in characters, of an index into this string.
    public func column(of index: String.Index) -> Int { distance(from: startIndex, to: index) + 1 }

    private static func search(
        _ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>, from start: Int,
        ignoringCase: Bool
    ) -> Int? {
        guard !needle.isEmpty, let base = haystack.baseAddress, let needleBase = needle.baseAddress,
            haystack.count - start >= needle.count
        else { return nil }
        if !ignoringCase {
            var i = start
            let last = haystack.count - needle.count
            while i <= last {
                guard let hit = memchr(base + i, Int32(needle[0]), last - i + 1) else { return nil }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + i, needleBase, needle.count) == 0 { return i }
                i += 1
            }
            return nil
        }
        @inline(__always) func fold(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
        let first = fold(needle[0])
        let firstUpper = first >= 97 && first <= 122 ? first - 32 : first
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            // Jump to the next place the first byte occurs in either case.
            let span = last - i + 1
            let lower = memchr(base + i, Int32(first), span).map {
                base.distance(to: $0.assumingMemoryBound(to: UInt8.self))
            }
            let upper =
                firstUpper == first
                ? nil
                : memchr(base + i, Int32(firstUpper), span).map {
                    base.distance(to: $0.assumingMemoryBound(to: UInt8.self))
                }
            guard let position = lower.map({ l in upper.map { Swift.min(l, $0) } ?? l }) ?? upper else { return nil }
            var j = 1
            while j < needle.count, fold(haystack[position + j]) == fold(needle[j]) { j += 1 }
            if j == needle.count { return position }
            i = position + 1
        }
        return nil
    }

    /// True when the text has `length` or more ASCII digits in a row, single spaces or dashes
    /// allowed between them (the shape of a card number).
    public func hasDigitRun(_ length: Int) -> Bool {
        var run = 0
        var previousWasDigit = false
        for byte in utf8 {
            if byte >= 48 && byte <= 57 {
                run += 1
                if run >= length { return true }
                previousWasDigit = true
            } else if (byte == 32 || byte == 45) && previousWasDigit {
                previousWasDigit = false
            } else {
                run = 0
                previousWasDigit = false
            }
        }
        return false
    }
}

extension Character {
    /// The characters of `CharacterSet.whitespaces`: space, tab and the Unicode space separators.
    @inlinable public var isInlineWhitespace: Bool {
        if self == " " || self == "\t" { return true }
        guard let scalar = unicodeScalars.first, !scalar.isASCII, unicodeScalars.count == 1 else { return false }
        return scalar.properties.generalCategory == .spaceSeparator
    }
}

extension String {
    /// `trimmedWhitespace()` that hands back the string itself, without a copy, when there is
    /// nothing to trim (most lines and table cells).
    public func trimmedWhitespace() -> String {
        if let first = utf8.first, let last = utf8.last, first != 32, first != 9, first < 0x80, last != 32, last != 9,
            last < 0x80
        {
            return self
        }
        return Substring(self).trimmedWhitespace()
    }
}

/// These are inlinable so that callers in other modules get specialised copies: unspecialised
/// generic code reads each byte through protocol witnesses, which made table parsing slow.
extension StringProtocol {
    /// The text without leading and trailing spaces and tabs; the same result as
    /// `trimmingCharacters(in: .whitespaces)` without Foundation's NSString round trip.
    @inlinable public func trimmedWhitespace() -> String {
        // Fast path on bytes: when the first and last bytes that are not space or tab are ASCII,
        // no other (Unicode) space can be at the ends.
        let bytes = utf8
        var start = bytes.startIndex
        while start < bytes.endIndex, bytes[start] == 32 || bytes[start] == 9 { start = bytes.index(after: start) }
        guard start < bytes.endIndex else { return "" }
        var end = bytes.endIndex
        var lastByte: UInt8 = 0
        while end > start {
            let before = bytes.index(start, offsetBy: bytes.distance(from: start, to: end) - 1)
            lastByte = bytes[before]
            if lastByte != 32 && lastByte != 9 { break }
            end = before
        }
        if bytes[start] < 0x80, lastByte < 0x80 {
            return String(Substring(self)[start..<end])
        }
        return trimmed(where: \.isInlineWhitespace)
    }

    /// The text without leading and trailing characters that match.
    @inlinable public func trimmed(where predicate: (Character) -> Bool) -> String {
        // Most text has no padding at all: two characters answer that.
        if let first, let last, !predicate(first), !predicate(last) {
            return String(self)
        }
        guard let first = firstIndex(where: { !predicate($0) }) else { return "" }
        let last = lastIndex(where: { !predicate($0) })!
        return String(self[first...last])
    }

    /// The text without leading and trailing characters from `characters`.
    @inlinable public func trimmed(_ characters: String) -> String {
        // The sets in use are ASCII: when both end bytes are other ASCII bytes, nothing is trimmed.
        let set = characters.utf8
        if let first = utf8.first, first < 0x80, !set.contains(first), let last = String(self).utf8.last, last < 0x80,
            !set.contains(last)
        {
            return String(self)
        }
        return trimmed(where: { characters.contains($0) })
    }
}
