import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import NIOCore

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

/// Whole pages per reader, kept while what they show is unchanged: the stamp the page was
/// rendered under (a post-mortem page: the store's `PageStamp`, its version, last comment,
/// attachment count and the generation its similar incidents depend on; a list or search page:
/// the generation) is read on every request and must match, and an entry lives at most
/// `lifetime`. Post-mortem pages come here only for readers who do not read them as anyone
/// (see `SharedPages`). The reader's CSRF token is not in the cached page: it is rendered as
/// a `HoledPage` hole and filled in.
final class PageCache<Stamp: Hashable & Sendable>: Sendable {
    struct Key: Hashable, Sendable {
        /// The path and query asked for.
        var uri: String
        var reader: String
        var displayName: String
        var role: Role
        var today: LocalDate

        init(uri: String, user: User, today: LocalDate) {
            self.uri = uri
            reader = user.name
            displayName = user.displayName
            role = user.role
            self.today = today
        }
    }
    private struct Entry: Sendable {
        var stamp: Stamp
        var at: Date
        var page: HoledPage
    }
    /// Random per process, of characters HTML escaping leaves alone, so no stored text can
    /// know it.
    private let mark = "csrf-mark-" + Secrets.token(bytes: 16) + "-"
    private let lifetime: TimeInterval
    private let entries: BoundedCache<Key, Entry>

    init(lifetime: TimeInterval = 300, capacity: Int = 1024) {
        self.lifetime = lifetime
        entries = BoundedCache(capacity: capacity)
    }

    /// The page for `key` with the reader's `csrf` in place: the kept one if it was rendered
    /// under `stamp` and is young enough, else `render`'s, which is given the token to write
    /// (a `HoledPage` CSRF hole) and is kept.
    func page(
        for key: Key, stamp: Stamp, csrf: String, now: Date = Date(), render: (_ csrf: String) async throws -> String
    ) async rethrows -> ByteBuffer {
        if let entry = entries.value(for: key), entry.stamp == stamp, now.timeIntervalSince(entry.at) < lifetime {
            return entry.page.buffer { _ in csrf }
        }
        let page = HoledPage(try await render(HoledPage.marker(mark, .csrf)), mark: mark)
        entries.keep(Entry(stamp: stamp, at: now, page: page), for: key)
        return page.buffer { _ in csrf }
    }
}

/// A post-mortem's API JSON and the stamp of the version it was encoded from.
struct EncodedDocument: Sendable {
    var stamp: PageStamp
    var json: Data
}

/// Today's date in UTC (the server's clock is read here and passed down).
func todayUTC(_ now: Date = Date()) -> LocalDate {
    LocalDate(utcDayOf: now)
}
