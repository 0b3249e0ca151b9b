import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation

/// Lint findings and rendered bodies per post-mortem version: a version never changes, so
/// each is computed once (per day, as overdue marks depend on it). Bounded; the oldest go first.
final class DocumentCache: Sendable {
    let policy: Policy
    private let lint = BoundedCache<String, [Finding]>(capacity: 2000)
    private let bodies = BoundedCache<String, String>(capacity: 2000)

    init(policy: Policy) { self.policy = policy }

    func findings(for stored: StoredPostMortem, today: LocalDate) -> [Finding] {
        lint.value(for: "\(stored.id)@\(stored.version)@\(today)") {
            guard
                let document = stored.document
                    ?? (try? PostMortemParser.parse(stored.markdown, path: "\(stored.id).md"))
            else { return [] }
            return Linter().lint(document, policy: policy, today: today)
        }
    }

    /// The rendered body of a version (everything on its page that is the same for every
    /// reader), made by `render` on a miss.
    func body(for stored: StoredPostMortem, today: LocalDate, render: () -> String) -> String {
        bodies.value(for: "\(stored.id)@\(stored.version)@\(today)", orMake: render)
    }

    func errorCount(for stored: StoredPostMortem, today: LocalDate) -> Int {
        findings(for: stored, today: today).filter { $0.severity == .error }.count
    }
}

/// Similar incidents per post-mortem version and viewer, kept for a few minutes: they change
/// only when other post-mortems do, and a page view should not rank the corpus every time.
final class SimilarCache: Sendable {
    typealias Entry = [(IncidentSummary, SimilarIncident)]
    private struct Timed: Sendable {
        var at: Date
        var value: Entry
    }
    private let lifetime: TimeInterval
    private let entries = BoundedCache<String, Timed>(capacity: 4096)

    init(lifetime: TimeInterval = 300) { self.lifetime = lifetime }

    func similar(
        to stored: StoredPostMortem, for member: Member, store: any Store, now: Date = Date()
    ) async throws -> Entry {
        let key = "\(stored.id)@\(stored.version)@\(member.name.lowercased())"
        if let hit = entries.value(for: key), now.timeIntervalSince(hit.at) < lifetime { return hit.value }
        let value = try await store.similar(to: stored.id, for: member, limit: 5)
        entries.keep(Timed(at: now, value: value), for: key)
        return value
    }
}

/// Today's date in UTC (the server's clock is read here and passed down).
func todayUTC(_ now: Date = Date()) -> LocalDate {
    LocalDate(utcDayOf: now)
}
