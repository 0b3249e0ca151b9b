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
/// Requests for a page that is being rendered wait for that rendering instead of starting their
/// own, so a burst of readers opening a new search costs the database one query, not one each.
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

    /// A page kept, or being rendered, for one generation.
    private struct Entry: Sendable {
        var generation: Int64
        var contentType: String
        var body: Task<ByteBuffer, any Error>
    }

    let capacity: Int
    private let state = Mutex<(entries: [Key: Entry], order: [Key])>(([:], []))

    init(capacity: Int) { self.capacity = max(4, capacity) }

    /// The answer to a GET of `request`: kept, being rendered, or `render`ed now and kept.
    /// Errors `render` throws (a 404, a bad query) reach every request waiting on it and are
    /// not kept.
    func response(
        _ request: Request, context: AppContext, store: any Store, contentType: String,
        render: @escaping @Sendable () async throws -> ByteBuffer
    ) async throws -> Response {
        let user = try context.requireUser()
        let key = Key(
            uri: request.uri.string, reader: user.name, displayName: user.displayName, role: user.role,
            csrf: context.session?.csrfToken ?? "", today: todayUTC())
        // Read before rendering: a write that lands meanwhile moves the generation past the
        // one this page is kept under, so the next request renders again.
        let generation = try await store.generation()
        let body = try await body(for: key, generation: generation, contentType: contentType, render: render)
        return Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: body))
    }

    /// The body kept or being rendered for `key` at `generation`, else `render`'s.
    func body(
        for key: Key, generation: Int64, contentType: String, render: @escaping @Sendable () async throws -> ByteBuffer
    ) async throws -> ByteBuffer {
        let body = entry(for: key, generation: generation, contentType: contentType, render: render)
        do {
            return try await body.value
        } catch {
            forget(key, body)
            throw error
        }
    }

    /// The entry for `key` at `generation`: the one kept or being rendered, or a new rendering.
    private func entry(
        for key: Key, generation: Int64, contentType: String, render: @escaping @Sendable () async throws -> ByteBuffer
    ) -> Task<ByteBuffer, any Error> {
        state.withLock { state in
            if let entry = state.entries[key], entry.generation == generation, entry.contentType == contentType {
                return entry.body
            }
            let body = Task { try await render() }
            if state.entries.updateValue(
                Entry(generation: generation, contentType: contentType, body: body), forKey: key) == nil
            {
                state.order.append(key)
            }
            if state.order.count > capacity {
                let drop = state.order.prefix(capacity / 4)
                for old in drop { state.entries[old] = nil }
                state.order.removeFirst(drop.count)
            }
            return body
        }
    }

    /// Drops `key`'s entry if it is still `body` (a rendering that failed).
    private func forget(_ key: Key, _ body: Task<ByteBuffer, any Error>) {
        state.withLock { state in
            if state.entries[key]?.body == body { state.entries[key] = nil }
        }
    }
}

/// Today's date in UTC (the server's clock is read here and passed down).
func todayUTC(_ now: Date = Date()) -> LocalDate {
    LocalDate(utcDayOf: now)
}
