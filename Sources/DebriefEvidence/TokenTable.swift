/// Interns byte strings as small integers: open addressing with FNV-1a, the bytes kept in one
/// arena. A lookup of a known token makes no String and no allocation, which matters because
/// every token of every log line goes through it.
struct TokenTable: Sendable {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var arena: [UInt8] = []
    /// The tokens as text, by id.
    private(set) var texts: [String] = []

    init() { slots = Array(repeating: -1, count: 1024) }

    var count: Int { texts.count }

    @inline(__always) static func hash(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// The id of these bytes, adding them when new.
    mutating func id(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Int32 {
        let h = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            let e = Int(entry)
            if hashes[e] == h, lengths[e] == bytes.count,
                arena.withUnsafeBufferPointer({ a in
                    bytes.elementsEqual(UnsafeBufferPointer(rebasing: a[starts[e]..<(starts[e] + lengths[e])]))
                })
            {
                return entry
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(texts.count)
        slots[slot] = id
        hashes.append(h)
        starts.append(arena.count)
        lengths.append(bytes.count)
        arena.append(contentsOf: bytes)
        texts.append(String(decoding: bytes, as: UTF8.self))
        if texts.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}
