import CompressNIO
import Foundation
import NIOCore

/// Where a line reader's bytes come from: a plain file, or a gzip stream inflated on the fly.
protocol ChunkSource {
    /// The next chunk, or nil at the end.
    mutating func next() -> [UInt8]?
    /// Writes the next chunk into `buffer` from index `filled` on, growing the buffer only when
    /// it is too small (its bytes past `filled` are scratch space); returns how many bytes it
    /// wrote, 0 at the end.
    mutating func fill(_ buffer: inout [UInt8], at filled: Int) -> Int
}

extension ChunkSource {
    mutating func fill(_ buffer: inout [UInt8], at filled: Int) -> Int {
        guard let chunk = next(), !chunk.isEmpty else { return 0 }
        if buffer.count < filled + chunk.count {
            buffer.append(contentsOf: repeatElement(0, count: filled + chunk.count - buffer.count))
        }
        buffer.replaceSubrange(filled..<filled + chunk.count, with: chunk)
        return chunk.count
    }
}

/// A plain file, read in fixed-size chunks.
struct FileChunks: ChunkSource {
    let handle: FileHandle
    let size: Int
    /// Bytes left to read when the reader is limited to a part of the file.
    var remaining: Int?

    mutating func next() -> [UInt8]? {
        let length = remaining.map { min(size, $0) } ?? size
        guard length > 0 else { return nil }
        let data = handle.readData(ofLength: length)
        if let left = remaining { remaining = left - data.count }
        return data.isEmpty ? nil : [UInt8](data)
    }

    /// Reads straight into `buffer` (no `Data`, no second copy, and no zeroing once the buffer
    /// has grown: a scan reads every byte of every file through here).
    mutating func fill(_ buffer: inout [UInt8], at filled: Int) -> Int {
        let length = remaining.map { min(size, $0) } ?? size
        guard length > 0 else { return 0 }
        let start = filled
        if buffer.count < start + length {
            buffer.append(contentsOf: repeatElement(0, count: start + length - buffer.count))
        }
        let descriptor = handle.fileDescriptor
        var got = 0
        buffer.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while got < length {
                let n = read(descriptor, base + start + got, length - got)
                if n > 0 {
                    got += n
                } else if n < 0, errno == EINTR {
                    continue
                } else {
                    // The end of the file, or an error: what was read is kept, and the read ends.
                    break
                }
            }
        }
        if let left = remaining { remaining = left - got }
        return got
    }
}

/// A gzip file (one or more members), inflated chunk by chunk in bounded memory. A truncated
/// or corrupt stream ends the read where the damage starts; what came before is kept.
struct GzipChunks: ChunkSource {
    var file: FileChunks
    let decompressor: NIODecompressor
    var input = ByteBuffer()
    var output: ByteBuffer
    var done = false
    var resetWithoutProgress = false
    /// Set when the stream was cut short or corrupt; the reader reports it.
    var damage: String?

    init(handle: FileHandle, size: Int) throws {
        file = FileChunks(handle: handle, size: size)
        decompressor = CompressionAlgorithm.gzip().decompressor
        output = ByteBufferAllocator().buffer(capacity: size)
        try decompressor.startStream()
    }

    mutating func next() -> [UInt8]? {
        guard !done else { return nil }
        while true {
            if input.readableBytes == 0 {
                guard let chunk = file.next() else { return finish() }
                input.writeBytes(chunk)
            }
            output.clear()
            let before = input.readableBytes
            do {
                try input.decompressStream(to: &output, with: decompressor)
            } catch let error as CompressNIOError where error == .bufferOverflow || error == .inputBufferOverflow {
                // The window is full, or more input is needed: carry on.
            } catch {
                damage = "gzip data is corrupt (\(error)); kept what came before it"
                done = true
                return output.readableBytes > 0 ? output.readBytes(length: output.readableBytes) : nil
            }
            if output.readableBytes > 0 {
                resetWithoutProgress = false
                return output.readBytes(length: output.readableBytes)
            }
            if input.readableBytes == before {
                // No progress: the member ended and more bytes follow, the next member of a
                // concatenated file. A second stall right after a reset means junk.
                guard !resetWithoutProgress, (try? decompressor.resetStream()) != nil else {
                    damage = "bytes after the end of the gzip data are not gzip; ignored them"
                    done = true
                    return nil
                }
                resetWithoutProgress = true
            } else {
                resetWithoutProgress = false
            }
        }
    }

    /// At the end of the file: a finished stream refuses a probe byte; a cut one takes it.
    mutating func finish() -> [UInt8]? {
        done = true
        var probe = ByteBuffer(bytes: [0])
        var sink = ByteBufferAllocator().buffer(capacity: 64)
        let refused: Bool
        do {
            try probe.decompressStream(to: &sink, with: decompressor)
            refused = probe.readableBytes == 1
        } catch {
            refused = false
        }
        if !refused { damage = "gzip data ends before its stream does (truncated file); kept what came before it" }
        return nil
    }
}
