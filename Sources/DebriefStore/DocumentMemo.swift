import DebriefCore
import Synchronization

/// Parsed versions of post-mortems, by row key and version. A stored version never changes,
/// so an entry is never stale; the oldest quarter is dropped when full.
final class DocumentMemo: Sendable {
    private let capacity: Int
    private let state = Mutex<(map: [Int64: (version: Int, document: SourceDocument)], order: [Int64])>(([:], []))

    init(capacity: Int) { self.capacity = capacity }

    func document(key: Int64, version: Int) -> SourceDocument? {
        state.withLock { state in
            guard let entry = state.map[key], entry.version == version else { return nil }
            return entry.document
        }
    }

    func keep(_ document: SourceDocument, key: Int64, version: Int) {
        state.withLock { state in
            if state.map.updateValue((version, document), forKey: key) == nil { state.order.append(key) }
            if state.order.count > capacity {
                let drop = state.order.prefix(capacity / 4)
                for old in drop { state.map[old] = nil }
                state.order.removeFirst(drop.count)
            }
        }
    }
}
