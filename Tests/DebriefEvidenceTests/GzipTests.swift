import CompressNIO
import Foundation
import NIOCore
import Testing

@testable import DebriefEvidence

@Suite("Gzip logs")
struct GzipTests {
    static let text =
        (1...5000).map { "2026-03-05T12:00:00Z INFO request \($0) served in \($0 % 97) ms" }
        .joined(separator: "\n") + "\n"

    static func gzip(_ text: String) throws -> [UInt8] {
        var buffer = ByteBuffer(string: text)
        var compressed = try buffer.compress(with: .gzip())
        return compressed.readBytes(length: compressed.readableBytes)!
    }

    static func write(_ bytes: [UInt8], name: String = "log") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func lines(_ path: String, chunk: Int = 4096) throws -> (lines: [String], damage: LineReader.Damage) {
        var reader = try LineReader(path: path, chunkSize: chunk)
        var lines: [String] = []
        while let line = reader.next() { lines.append(line) }
        return (lines, reader.damage)
    }

    @Test("a gzip file reads like the plain one, whatever it is called")
    func plainEqualsGzip() throws {
        let plain = try Self.lines(try Self.write(Array(Self.text.utf8)))
        let gz = try Self.lines(try Self.write(try Self.gzip(Self.text), name: "no-extension"))
        #expect(gz.lines.count == 5000)
        #expect(gz.lines == plain.lines)
        #expect(gz.damage.stream == nil)
    }

    @Test("concatenated gzip members read as one log")
    func members() throws {
        let first = try Self.gzip("first line\n")
        let second = try Self.gzip("second line\n")
        let read = try Self.lines(try Self.write(first + second))
        #expect(read.lines == ["first line", "second line"])
        #expect(read.damage.stream == nil)
    }

    @Test("a truncated gzip keeps the lines before the cut and says so")
    func truncated() throws {
        let whole = try Self.gzip(Self.text)
        let read = try Self.lines(try Self.write(Array(whole.prefix(whole.count * 2 / 3))))
        #expect(read.lines.count > 1000)
        #expect(read.lines.count < 5000)
        #expect(read.lines.dropLast().allSatisfy { Self.text.contains($0 + "\n") })
        #expect(read.damage.stream?.contains("truncated") == true)
    }

    @Test("corrupt gzip bytes never crash the reader")
    func fuzz() throws {
        var generator = SystemRandomNumberGenerator()
        let whole = try Self.gzip(Self.text)
        for _ in 0..<40 {
            var bytes = whole
            for _ in 0..<Int.random(in: 1...20, using: &generator) {
                bytes[Int.random(in: 2..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            bytes = Array(bytes.prefix(Int.random(in: 2...bytes.count, using: &generator)))
            _ = try Self.lines(try Self.write(bytes), chunk: Int.random(in: 16...5000, using: &generator))
        }
    }
}
