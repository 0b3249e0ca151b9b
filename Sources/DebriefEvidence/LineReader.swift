import Foundation

/// Reads a file line by line in fixed-size chunks, so memory stays bounded whatever the size;
/// gzip files are inflated on the way, whatever their name.
/// Lines longer than `maxLineBytes` are cut there and counted; invalid UTF-8 is repaired and
/// counted. Nothing stops the read.
public struct LineReader: Sequence, IteratorProtocol {
    /// What the reader had to repair or cut, for the report.
    public final class Damage: @unchecked Sendable {
        // Only the reader that owns it writes, on one thread; reads happen after the loop.
        public internal(set) var truncatedLines: [Int] = []
        public internal(set) var invalidUTF8Lines: [Int] = []
        /// A compressed stream that was cut short or corrupt.
        public internal(set) var stream: String?
    }

    var source: any ChunkSource
    let chunkSize: Int
    let maxLineBytes: Int
    /// The bytes read and not yet handed out are `buffer[position..<filled]`; the rest is
    /// room for the next chunk.
    var buffer: [UInt8] = []
    var filled = 0
    var position = 0
    var finished = false
    var skippingRestOfLine = false
    public private(set) var lineNumber = 0
    public let damage = Damage()
    /// False while `forEachLine`'s caller checks each line's UTF-8 itself, in a pass it makes
    /// over the bytes anyway.
    var checksUTF8 = true

    public init(path: String, chunkSize: Int = 1 << 20, maxLineBytes: Int = 1 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        // Gzip by its magic bytes, whatever the file is called.
        let magic = handle.readData(ofLength: 2)
        try handle.seek(toOffset: 0)
        if magic == Self.gzipMagic {
            source = try GzipChunks(handle: handle, size: chunkSize)
        } else {
            source = FileChunks(handle: handle, size: chunkSize)
        }
        self.chunkSize = chunkSize
        self.maxLineBytes = maxLineBytes
    }

    static let gzipMagic = Data([0x1F, 0x8B])

    /// True when the file starts with the gzip magic bytes.
    public static func isGzip(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return handle.readData(ofLength: 2) == gzipMagic
    }

    /// A reader limited to the bytes `range` of a plain (not compressed) file, for splitting a
    /// large file between cores. `range` should start and end at line boundaries.
    public init(path: String, range: Range<UInt64>, chunkSize: Int = 1 << 20, maxLineBytes: Int = 1 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        try handle.seek(toOffset: range.lowerBound)
        source = FileChunks(handle: handle, size: chunkSize, remaining: Int(range.upperBound - range.lowerBound))
        self.chunkSize = chunkSize
        self.maxLineBytes = maxLineBytes
    }

    mutating func refill() -> Bool {
        if position > 0 {
            // The unfinished line moves to the front; the buffer keeps its size.
            let kept = filled - position
            if kept > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    memmove(base, base + position, kept)
                }
            }
            filled = kept
            position = 0
        }
        guard !finished else { return false }
        let added = source.fill(&buffer, at: filled)
        filled += added
        guard added > 0 else {
            finished = true
            if let gzip = source as? GzipChunks { damage.stream = gzip.damage }
            return false
        }
        return true
    }

    /// The next line without its line break, or nil at the end of the file. Invalid UTF-8 is
    /// replaced (and counted).
    public mutating func next() -> String? {
        guard let range = nextRange() else { return nil }
        return String(decoding: buffer[range], as: UTF8.self)
    }

    /// Hands the next line's bytes (no line break) to `body`, without making a String; nil at
    /// the end of the file. The bytes are valid only inside `body`.
    public mutating func readLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard let range = nextRange() else { return nil }
        return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Calls `body` with each line's bytes (no line break) and its number, to the end of the
    /// file: the lines of a chunk are found in one pass over it, with one access to the buffer
    /// (a scan calls this for every line of every log). With `checkingUTF8` false, `body`
    /// checks the bytes and notes invalid lines in `damage` itself.
    mutating func forEachLine(
        checkingUTF8: Bool = true, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) rethrows {
        checksUTF8 = checkingUTF8
        defer { checksUTF8 = true }
        while true {
            // The lines whose break is in the buffer, unless a cut line's rest is being dropped.
            if !skippingRestOfLine {
                let filled = filled
                var position = position
                var lineNumber = lineNumber
                try buffer.withUnsafeBufferPointer { bytes in
                    guard let base = bytes.baseAddress else { return }
                    while position < filled, let hit = memchr(base + position, 0x0A, filled - position) {
                        let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                        lineNumber += 1
                        let (stop, cut) = Self.lineEnd(bytes, from: position, to: newline, limit: maxLineBytes)
                        if cut { damage.truncatedLines.append(lineNumber) }
                        let line = UnsafeBufferPointer(start: base + position, count: stop - position)
                        position = newline + 1
                        if checkingUTF8, !Self.isValidUTF8(line) { damage.invalidUTF8Lines.append(lineNumber) }
                        try body(line, lineNumber)
                    }
                }
                self.position = position
                self.lineNumber = lineNumber
            }
            // A line across the chunk's end, a huge line, or the last line without a break.
            guard let range = nextRange() else { return }
            try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range]), lineNumber) }
        }
    }

    /// Where the next line is in the buffer; valid until the next call.
    mutating func nextRange() -> Range<Int>? {
        while true {
            let newline = buffer.withUnsafeBufferPointer { bytes -> Int? in
                guard position < filled, let base = bytes.baseAddress,
                    let hit = memchr(base + position, 0x0A, filled - position)
                else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let newline {
                if skippingRestOfLine {
                    // The end of a line already returned cut: drop it, it is not a new line.
                    skippingRestOfLine = false
                    position = newline + 1
                    continue
                }
                let range = lineRange(upTo: newline)
                position = newline + 1
                return range
            }
            if skippingRestOfLine {
                position = filled
                if !refill() { return nil }
                continue
            }
            if filled - position > maxLineBytes + 1 {
                // A huge line: keep its start, drop the rest up to the next line break. (One
                // byte more is waited for: a line of the limit's length may end in a CR.)
                // Its break is further on, so a CR at the cut is the line's own byte, kept as the
                // whole line in the buffer would keep it.
                let range = lineRange(upTo: position + maxLineBytes, cutHere: true)
                damage.truncatedLines.append(lineNumber)
                position = filled
                skippingRestOfLine = true
                return range
            }
            if !refill() {
                guard position < filled else { return nil }
                let range = lineRange(upTo: filled)
                position = filled
                return range
            }
        }
    }

    /// True when no byte has its high bit set, read eight bytes at a time (every line of every
    /// log is checked, and nearly all are ASCII).
    @inline(__always) static func isASCII(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var seen: UInt64 = 0
        var i = 0
        while i + 8 <= line.count {
            seen |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < line.count {
            seen |= UInt64(line[i])
            i += 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    /// Counts the line, drops a trailing CR and notes invalid UTF-8 (unless the caller checks).
    /// With `cutHere`, `end` is where a longer line is cut, not its break: nothing is dropped.
    mutating func lineRange(upTo end: Int, cutHere: Bool = false) -> Range<Int> {
        lineNumber += 1
        let (stop, cut) =
            cutHere
            ? (end, false)
            : buffer.withUnsafeBufferPointer { Self.lineEnd($0, from: position, to: end, limit: maxLineBytes) }
        if cut { damage.truncatedLines.append(lineNumber) }
        let range = position..<stop
        guard checksUTF8 else { return range }
        if !buffer.withUnsafeBufferPointer({ Self.isValidUTF8(UnsafeBufferPointer(rebasing: $0[range])) }) {
            damage.invalidUTF8Lines.append(lineNumber)
        }
        return range
    }

    /// Where the line from `start` to `end` (its break, or where it is cut off) ends once a
    /// trailing CR is dropped, cut at `limit` bytes if longer (`cut` then), so the cut does not
    /// depend on where the chunks fall.
    @inline(__always)
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, limit: Int) -> (
        end: Int, cut: Bool
    ) {
        var stop = end
        if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
        return stop - start > limit ? (start + limit, true) : (stop, false)
    }

    /// True for valid UTF-8; ASCII, nearly every log line, is told apart first.
    @inline(__always) static func isValidUTF8(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        isASCII(line) || String(validating: line, as: UTF8.self) != nil
    }
}
