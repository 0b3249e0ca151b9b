/// A map from line shapes (64-bit hashes, see `TemplateMiner.shape`) to small values, with
/// room for `capacity` of them and emptied when full. The key is a hash already, so it picks
/// its slot directly: no second hashing (Swift's `Dictionary` runs SipHash on every lookup,
/// and a scan looks up every line).
struct ShapeMap<Value>: Sendable where Value: Sendable {
    /// Each key beside its value, so a lookup touches one cache line.
    private struct Slot: Sendable {
        var key: UInt64
        var value: Value?
    }
    private var slots: [Slot]
    private(set) var count = 0
    let capacity: Int

    var isEmpty: Bool { count == 0 }

    /// Holds up to `capacity` shapes (0: none; `value` then always misses).
    init(capacity: Int) {
        self.capacity = capacity
        // Twice as many slots as shapes, a power of two, so probes stay short.
        var slots = 1
        while slots < capacity * 2 { slots <<= 1 }
        self.slots = Array(repeating: Slot(key: 0, value: nil), count: capacity > 0 ? slots : 0)
    }

    /// 0 marks an empty slot, so the one shape that hashes to 0 is stored as 1.
    @inline(__always) private static func key(_ shape: UInt64) -> UInt64 { shape == 0 ? 1 : shape }

    @inline(__always) func value(_ shape: UInt64) -> Value? {
        guard !slots.isEmpty else { return nil }
        let key = Self.key(shape)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let here = slots[slot].key
            if here == key { return slots[slot].value }
            if here == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    mutating func set(_ value: Value, for shape: UInt64) {
        guard !slots.isEmpty else { return }
        let key = Self.key(shape)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key) & mask
        while slots[slot].key != 0, slots[slot].key != key { slot = (slot + 1) & mask }
        if slots[slot].key == 0 {
            // A new shape: when full, start again empty (the slot found is empty then too).
            if count >= capacity {
                removeAll()
                slot = Int(truncatingIfNeeded: key) & mask
            }
            count += 1
        }
        slots[slot] = Slot(key: key, value: value)
    }

    mutating func removeAll() {
        for i in slots.indices { slots[i] = Slot(key: 0, value: nil) }
        count = 0
    }
}
