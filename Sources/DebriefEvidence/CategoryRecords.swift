/// A record whose first line, its header aside, is only a category and its event id, its
/// message on the next line, indented (ASP.NET Core's console logger):
///
///     info: Microsoft.Hosting.Lifetime[14]
///           Now listening on: http://[::]:8080
///
/// Mined on its first line alone, every message of a category would be one template. The
/// reader holds such a line back (`hold`) until the next is read: when that one continues the
/// record and is not a trace's frame, the two are mined as one line (`joined`), cited at the
/// first; else the held line is mined alone.
public struct CategoryRecords: Sendable {
    /// The held first line's bytes and number; empty when nothing is held.
    public private(set) var held: [UInt8] = []
    public private(set) var number = 0
    public var isHolding: Bool { !held.isEmpty }

    public init() {}

    /// Holds `line` when it is a category-only first line; returns whether it did.
    public mutating func hold(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> Bool {
        guard Self.namesOnly(line) else { return false }
        held = Array(line)
        self.number = number
        return true
    }

    /// The held line with the continuation line's text after one space, and lets go of it; nil
    /// (still holding) when the continuation is a trace's frame (`   at …`) or blank.
    public mutating func joined(with next: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var start = 0
        while start < next.count, next[start] == 32 || next[start] == 9 { start += 1 }
        let text = next[start...]
        guard !text.isEmpty, !(text.count > 3 && text.starts(with: [97, 116, 32])) else { return nil }
        var line = held
        line.append(32)
        line.append(contentsOf: text)
        held = []
        return line
    }

    /// Lets go of the held line, returning it (with its number) to be mined alone.
    public mutating func release() -> (line: [UInt8], number: Int)? {
        guard isHolding else { return nil }
        defer { held = [] }
        return (held, number)
    }

    /// Whether the line, its header aside, is one token shaped as a category and its event id:
    /// dotted words (letters, digits, `_`, `-`, `$`) and `[EventId]`. The last byte is tested
    /// first, so that most lines cost one look at their end.
    static func namesOnly(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.count <= 256, line.count >= 5 else { return false }
        var end = line.count
        while end > 0, line[end - 1] == 32 || line[end - 1] == 9 || line[end - 1] == 13 { end -= 1 }
        // The console logger always writes the event id: `Category[14]`. (One byte tells most
        // lines apart from it, which keeps the check off the scan's path.)
        guard end > 0, line[end - 1] == 93 else { return false }
        var start = end
        while start > 0, line[start - 1] != 32, line[start - 1] != 9 { start -= 1 }
        guard start > 0, isCategory(line[start..<end]) else { return false }
        var tokens: [Range<Int>] = []
        LogHeader.tokenRanges(line, into: &tokens)
        return LogHeader.messageStart(line, tokens: tokens) == start
    }

    static func isCategory(_ token: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        guard token.last == 93, let open = token.lastIndex(of: 91), open + 1 < token.endIndex - 1,
            token[(open + 1)..<(token.endIndex - 1)].allSatisfy(LogHeader.isDigit)
        else { return false }
        let name = token[..<open]
        guard let first = name.first, LogHeader.isLetter(first), name.last.map(LogHeader.isLetter) == true,
            name.contains(46)
        else { return false }
        var previous: UInt8 = 0
        for b in name {
            guard LogHeader.isLetter(b) || LogHeader.isDigit(b) || b == 46 || b == 95 || b == 45 || b == 36,
                !(b == 46 && previous == 46)
            else { return false }
            previous = b
        }
        return true
    }
}
