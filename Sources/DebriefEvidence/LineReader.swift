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
    var buffer: [UInt8] = []
    var position = 0
    var finished = false
    var skippingRestOfLine = false
    public private(set) var lineNumber = 0
    public let damage = Damage()

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
            buffer.removeFirst(position)
            position = 0
        }
        guard !finished else { return false }
        guard source.append(to: &buffer) else {
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

    /// Where the next line is in the buffer; valid until the next call.
    mutating func nextRange() -> Range<Int>? {
        while true {
            let newline = buffer.withUnsafeBufferPointer { bytes -> Int? in
                guard position < bytes.count, let base = bytes.baseAddress,
                    let hit = memchr(base + position, 0x0A, bytes.count - position)
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
                position = buffer.count
                if !refill() { return nil }
                continue
            }
            if buffer.count - position > maxLineBytes {
                // A huge line: keep its start, drop the rest up to the next line break.
                let range = lineRange(upTo: position + maxLineBytes)
                damage.truncatedLines.append(lineNumber)
                position = buffer.count
                skippingRestOfLine = true
                return range
            }
            if !refill() {
                guard position < buffer.count else { return nil }
                let range = lineRange(upTo: buffer.count)
                position = buffer.count
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

    /// Counts the line, drops a trailing CR and notes invalid UTF-8.
    mutating func lineRange(upTo end: Int) -> Range<Int> {
        lineNumber += 1
        var stop = end
        if stop > position, buffer[stop - 1] == 0x0D { stop -= 1 }
        let range = position..<stop
        let valid = buffer.withUnsafeBufferPointer { bytes -> Bool in
            let line = UnsafeBufferPointer(rebasing: bytes[range])
            return Self.isASCII(line) || String(validating: line, as: UTF8.self) != nil
        }
        if !valid { damage.invalidUTF8Lines.append(lineNumber) }
        return range
    }
}
