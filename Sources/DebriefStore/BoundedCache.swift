import Synchronization

/// A map shared across tasks that holds at most `capacity` entries; when it is full, the
/// oldest quarter (by insertion) goes. Meant for values computed from one stored version,
/// which never go stale: parsed documents, lint findings, rendered bodies. Inlinable, so that
/// callers in other modules get code specialized for their key and value types, not generic
/// code that looks up type metadata on every call (a page view makes several lookups).
public final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    @usableFromInline let capacity: Int
    @usableFromInline let state = Mutex<(map: [Key: Value], order: [Key])>(([:], []))

    @inlinable public init(capacity: Int) { self.capacity = max(4, capacity) }

    @inlinable public func value(for key: Key) -> Value? {
        state.withLock { $0.map[key] }
    }

    @inlinable public func keep(_ value: Value, for key: Key) {
        state.withLock { state in
            if state.map.updateValue(value, forKey: key) == nil { state.order.append(key) }
            if state.order.count > capacity {
                let drop = state.order.prefix(capacity / 4)
                for old in drop { state.map[old] = nil }
                state.order.removeFirst(drop.count)
            }
        }
    }

    /// Drops `key` now (its place in the eviction order is left; dropping a missing key is harmless).
    @inlinable public func forget(_ key: Key) {
        state.withLock { _ = $0.map.removeValue(forKey: key) }
    }

    /// Drops every entry (a credential revoked by id, whose hash the caller does not know).
    @inlinable public func forgetAll() {
        state.withLock { $0 = ([:], []) }
    }

    /// The cached value, or `make`'s, kept for next time.
    @inlinable public func value(for key: Key, orMake make: () throws -> Value) rethrows -> Value {
        if let hit = value(for: key) { return hit }
        let made = try make()
        keep(made, for: key)
        return made
    }
}
