import DebriefCore
import Foundation

/// Splits bytes into checked UTF-8 lines: binary files, invalid UTF-8 and huge lines are
/// refused with the line they are on.
enum SourceLines {
    static func split(_ data: Data, path: String, limits: ParseLimits) throws -> [String] {
        guard data.count <= limits.maxFileBytes else {
            throw ParseError(
                file: path, line: 1,
                message: "file is \(data.count) bytes; post-mortems over \(limits.maxFileBytes) bytes are not read")
        }
        return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [String] in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lines: [String] = []
            var start = 0
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
            var lineNumber = 1
            var index = start
            while start <= bytes.count {
                index = start
                while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D {
                    if bytes[index] == 0 {
                        throw ParseError(
                            file: path, line: lineNumber, column: index - start + 1,
                            message: "this is a binary file (NUL byte), not a Markdown post-mortem")
                    }
                    index += 1
                }
                let length = index - start
                if length > limits.maxLineBytes {
                    throw ParseError(
                        file: path, line: lineNumber,
                        message: "line is \(length) bytes long; lines over \(limits.maxLineBytes) bytes are not read")
                }
                guard let line = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                else {
                    let column = firstInvalidUTF8(UnsafeBufferPointer(rebasing: bytes[start..<index])) + 1
                    throw ParseError(
                        file: path, line: lineNumber, column: column,
                        message: "invalid UTF-8; save the file as UTF-8")
                }
                if index == bytes.count {
                    if length > 0 || lines.isEmpty { lines.append(line) }
                    break
                }
                lines.append(line)
                // CRLF counts as one line break; a lone CR too.
                start = index + (bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1)
                lineNumber += 1
                if start == bytes.count { break }
            }
            return lines
        }
    }

    /// The byte offset of the first byte that does not start a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int =
                b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            guard length > 0, i + length <= bytes.count else { return i }
            if length > 1,
                String(validating: UnsafeBufferPointer(rebasing: bytes[i..<i + length]), as: UTF8.self) == nil
            {
                return i
            }
            i += length
        }
        return max(0, bytes.count - 1)
    }
}
