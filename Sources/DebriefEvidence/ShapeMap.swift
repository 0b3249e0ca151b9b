/// A map from line shapes (64-bit hashes, see `TemplateMiner.shape`) to small values, with
/// room for `capacity` of them and emptied when full. The key is a hash already, so it picks
/// its slot directly: no second hashing (Swift's `Dictionary` runs SipHash on every lookup,
/// and a scan looks up every line).
struct ShapeMap<Value>: Sendable where Value: Sendable {
    private var keys: [UInt64]
    private var values: [Value?]
    private(set) var count = 0
    let capacity: Int

    var isEmpty: Bool { count == 0 }

    /// Holds up to `capacity` shapes (0: none; `value` then always misses).
    init(capacity: Int) {
        self.capacity = capacity
        // Twice as many slots as shapes, a power of two, so probes stay short.
        var slots = 1
        while slots < capacity * 2 { slots <<= 1 }
        keys = Array(repeating: 0, count: capacity > 0 ? slots : 0)
        values = Array(repeating: nil, count: capacity > 0 ? slots : 0)
    }

    /// 0 marks an empty slot, so the one shape that hashes to 0 is stored as 1.
    @inline(__always) private static func key(_ shape: UInt64) -> UInt64 { shape == 0 ? 1 : shape }

    @inline(__always) func value(_ shape: UInt64) -> Value? {
        guard !keys.isEmpty else { return nil }
        let key = Self.key(shape)
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let here = keys[slot]
            if here == key { return values[slot] }
            if here == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    mutating func set(_ value: Value, for shape: UInt64) {
        guard !keys.isEmpty else { return }
        let key = Self.key(shape)
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: key) & mask
        while keys[slot] != 0, keys[slot] != key { slot = (slot + 1) & mask }
        if keys[slot] == 0 {
            // A new shape: when full, start again empty (the slot found is empty then too).
            if count >= capacity {
                removeAll()
                slot = Int(truncatingIfNeeded: key) & mask
            }
            count += 1
        }
        keys[slot] = key
        values[slot] = value
    }

    mutating func removeAll() {
        for i in keys.indices {
            keys[i] = 0
            values[i] = nil
        }
        count = 0
    }
}
