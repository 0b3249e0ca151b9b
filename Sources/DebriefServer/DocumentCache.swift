import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Synchronization

/// Lint findings and rendered bodies per post-mortem version: a version never changes, so
/// each is computed once (per day, as overdue marks depend on it). Bounded; the oldest go first.
final class DocumentCache: Sendable {
    let policy: Policy
    private let entries = Mutex<(map: [String: [Finding]], order: [String])>(([:], []))
    private let bodies = Mutex<(map: [String: String], order: [String])>(([:], []))
    private let capacity = 2000

    init(policy: Policy) { self.policy = policy }

    func findings(for stored: StoredPostMortem, today: LocalDate) -> [Finding] {
        let key = "\(stored.id)@\(stored.version)@\(today)"
        if let hit = entries.withLock({ $0.map[key] }) { return hit }
        let findings: [Finding]
        if let document = stored.document ?? (try? PostMortemParser.parse(stored.markdown, path: "\(stored.id).md")) {
            findings = Linter().lint(document, policy: policy, today: today)
        } else {
            findings = []
        }
        entries.withLock { state in
            if state.map[key] == nil {
                state.map[key] = findings
                state.order.append(key)
                if state.order.count > capacity {
                    let drop = state.order.prefix(capacity / 4)
                    for old in drop { state.map[old] = nil }
                    state.order.removeFirst(drop.count)
                }
            }
        }
        return findings
    }

    /// The rendered body of a version (everything on its page that is the same for every
    /// reader), made by `render` on a miss.
    func body(for stored: StoredPostMortem, today: LocalDate, render: () -> String) -> String {
        let key = "\(stored.id)@\(stored.version)@\(today)"
        if let hit = bodies.withLock({ $0.map[key] }) { return hit }
        let html = render()
        bodies.withLock { state in
            if state.map.updateValue(html, forKey: key) == nil { state.order.append(key) }
            if state.order.count > capacity {
                let drop = state.order.prefix(capacity / 4)
                for old in drop { state.map[old] = nil }
                state.order.removeFirst(drop.count)
            }
        }
        return html
    }

    func errorCount(for stored: StoredPostMortem, today: LocalDate) -> Int {
        findings(for: stored, today: today).filter { $0.severity == .error }.count
    }
}

/// Similar incidents per post-mortem version and viewer, kept for a few minutes: they change
/// only when other post-mortems do, and a page view should not rank the corpus every time.
final class SimilarCache: Sendable {
    typealias Entry = [(IncidentSummary, SimilarIncident)]
    private let lifetime: TimeInterval
    private let capacity = 4096
    private let entries = Mutex<[String: (at: Date, value: Entry)]>([:])

    init(lifetime: TimeInterval = 300) { self.lifetime = lifetime }

    func similar(
        to stored: StoredPostMortem, for member: Member, store: any Store, now: Date = Date()
    ) async throws -> Entry {
        let key = "\(stored.id)@\(stored.version)@\(member.name.lowercased())"
        if let hit = entries.withLock({ $0[key] }), now.timeIntervalSince(hit.at) < lifetime { return hit.value }
        let value = try await store.similar(to: stored.id, for: member, limit: 5)
        entries.withLock { table in
            if table.count >= capacity { table = table.filter { now.timeIntervalSince($0.value.at) < lifetime } }
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[key] = (now, value)
        }
        return value
    }
}

/// Today's date in UTC (the server's clock is read here and passed down).
func todayUTC(_ now: Date = Date()) -> LocalDate {
    LocalDate(dayNumber: Int((now.timeIntervalSince1970 / 86400).rounded(.down)))
}
