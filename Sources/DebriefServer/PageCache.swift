import DebriefCore
import DebriefStore
import Foundation
import Hummingbird
import Synchronization

/// The server's one cache: the body of a page or API answer as one reader got it, kept while
/// the store's generation is the one it was rendered at. Every write of a post-mortem, a
/// comment or an attachment moves the generation, whichever server or command makes it, and it
/// is read on every request, so a kept page is never older than the last write. The key holds
/// everything else a page depends on: the path and query, the reader (name, display name,
/// role), their session's CSRF token, which forms on the page carry, and the day (action items
/// fall overdue). A hit is therefore what rendering would give now, to this reader only.
///
/// Bounded: past `capacity` entries the oldest quarter (by insertion) goes.
final class PageCache: Sendable {
    struct Key: Hashable, Sendable {
        var uri: String
        var reader: String
        var displayName: String
        var role: Role
        var csrf: String
        var today: LocalDate
    }

    struct Page: Sendable {
        var generation: Int64
        var contentType: String
        var body: ByteBuffer
    }

    let capacity: Int
    private let state = Mutex<(pages: [Key: Page], order: [Key])>(([:], []))

    init(capacity: Int) { self.capacity = max(4, capacity) }

    /// The answer to a GET of `request`: kept, or `render`ed and kept. Errors `render` throws
    /// (a 404, a bad query) are not kept.
    func response(
        _ request: Request, context: AppContext, store: any Store, contentType: String,
        render: () async throws -> ByteBuffer
    ) async throws -> Response {
        let user = try context.requireUser()
        let key = Key(
            uri: request.uri.string, reader: user.name, displayName: user.displayName, role: user.role,
            csrf: context.session?.csrfToken ?? "", today: todayUTC())
        // Read before rendering: a write that lands meanwhile moves the generation past the
        // one this page is kept under, so the next request renders again.
        let generation = try await store.generation()
        let body: ByteBuffer
        if let kept = page(for: key), kept.generation == generation, kept.contentType == contentType {
            body = kept.body
        } else {
            body = try await render()
            keep(Page(generation: generation, contentType: contentType, body: body), for: key)
        }
        return Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: body))
    }

    private func page(for key: Key) -> Page? {
        state.withLock { $0.pages[key] }
    }

    private func keep(_ page: Page, for key: Key) {
        state.withLock { state in
            if state.pages.updateValue(page, forKey: key) == nil { state.order.append(key) }
            if state.order.count > capacity {
                let drop = state.order.prefix(capacity / 4)
                for old in drop { state.pages[old] = nil }
                state.order.removeFirst(drop.count)
            }
        }
    }
}

/// Today's date in UTC (the server's clock is read here and passed down).
func todayUTC(_ now: Date = Date()) -> LocalDate {
    LocalDate(utcDayOf: now)
}
