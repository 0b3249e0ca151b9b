import Foundation

/// Reads a file line by line in fixed-size chunks, so memory stays bounded whatever the size.
/// Lines longer than `maxLineBytes` are cut there and counted; invalid UTF-8 is repaired and
/// counted. Nothing stops the read.
public struct LineReader: Sequence, IteratorProtocol {
    /// What the reader had to repair or cut, for the report.
    public final class Damage: @unchecked Sendable {
        // Only the reader that owns it writes, on one thread; reads happen after the loop.
        public internal(set) var truncatedLines: [Int] = []
        public internal(set) var invalidUTF8Lines: [Int] = []
    }

    let handle: FileHandle
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
        self.handle = handle
        self.chunkSize = chunkSize
        self.maxLineBytes = maxLineBytes
    }

    mutating func refill() -> Bool {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        guard !finished else { return false }
        let data = handle.readData(ofLength: chunkSize)
        if data.isEmpty {
            finished = true
            return false
        }
        buffer.append(contentsOf: data)
        return true
    }

    /// The next line without its line break, or nil at the end of the file.
    public mutating func next() -> String? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                if skippingRestOfLine {
                    // The end of a line already returned cut: drop it, it is not a new line.
                    skippingRestOfLine = false
                    position = newline + 1
                    continue
                }
                let line = takeLine(upTo: newline)
                position = newline + 1
                return line
            }
            if skippingRestOfLine {
                position = buffer.count
                if !refill() { return nil }
                continue
            }
            if buffer.count - position > maxLineBytes {
                // A huge line: keep its start, drop the rest up to the next line break.
                let line = takeLine(upTo: position + maxLineBytes)
                damage.truncatedLines.append(lineNumber)
                position = buffer.count
                skippingRestOfLine = true
                return line
            }
            if !refill() {
                guard position < buffer.count else { return nil }
                let line = takeLine(upTo: buffer.count)
                position = buffer.count
                if skippingRestOfLine { return nil }
                return line
            }
        }
    }

    mutating func takeLine(upTo end: Int) -> String {
        lineNumber += 1
        var stop = end
        if stop > position, buffer[stop - 1] == 0x0D { stop -= 1 }
        let bytes = buffer[position..<stop]
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        damage.invalidUTF8Lines.append(lineNumber)
        return String(decoding: bytes, as: UTF8.self)
    }
}
