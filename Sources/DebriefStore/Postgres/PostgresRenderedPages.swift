import DebriefCore
import Foundation
import PostgresNIO

/// The server's kept pages on PostgreSQL (they go when the server keeps its one cache).
extension PostgresStore: RenderedPageStore {
    public func pageStamp(id: String, for viewer: Member) async throws -> PageStamp? {
        let name = viewer.name.lowercased()
        var sql = SQLBuilder()
        sql.sql = """
            SELECT p.key, p.version, extract(epoch FROM p.updated_at)::double precision AS updated_at, p.status,
                (SELECT coalesce(max(c.id), 0) FROM comments c WHERE c.key = p.key) AS last_comment,
                (SELECT count(*) FROM attachments a WHERE a.key = p.key) AS attachments,
                (SELECT value FROM generation WHERE id = 1) AS generation,
                NOT p.restricted
                    AND NOT EXISTS (SELECT 1 FROM pm_people pp WHERE pp.key = p.key AND pp.name = \(sql.bind(name)))
                    AND NOT EXISTS (
                        SELECT 1 FROM pm_people pp JOIN postmortems r ON r.key = pp.key
                        WHERE pp.name = \(sql.bind(name)) AND r.restricted) AS anyone
            FROM postmortems p WHERE p.id = \(sql.bind(id)) AND \(Self.visibility(viewer, &sql))
            """
        guard let row = try await rows(sql.query).first else { return nil }
        return PageStamp(
            key: try row["key"].decode(Int64.self), version: try row["version"].decode(Int.self),
            updatedAt: try row["updated_at"].decode(Double.self),
            lastComment: try row["last_comment"].decode(Int64.self),
            attachments: try row["attachments"].decode(Int.self), generation: try row["generation"].decode(Int64.self),
            status: Status(rawValue: try row["status"].decode(String.self)) ?? .draft,
            readsAsAnyone: try row["anyone"].decode(Bool.self))
    }

    public func pageStamp(id: String, for viewer: Member, rendered wanted: @escaping @Sendable (PageStamp) -> Bool)
        async throws -> (stamp: PageStamp, rendered: (page: RenderedPage?, similar: RenderedSimilar?)?)?
    {
        guard let stamp = try await pageStamp(id: id, for: viewer) else { return nil }
        return (stamp, wanted(stamp) ? try await rendered(key: stamp.key) : nil)
    }

    public func rendered(key: Int64) async throws -> (page: RenderedPage?, similar: RenderedSimilar?) {
        let page = try await rows(
            "SELECT stamp, valid_from, valid_until, mark, text FROM rendered_pages WHERE key = \(key)"
        ).first.flatMap { row -> RenderedPage? in
            guard let from = LocalDate(iso: try row["valid_from"].decode(String.self)) else { return nil }
            return RenderedPage(
                stamp: try row["stamp"].decode(String.self), validFrom: from,
                validUntil: try row["valid_until"].decode(String?.self).flatMap { LocalDate(iso: $0) },
                mark: try row["mark"].decode(String.self), text: try row["text"].decode(String.self))
        }
        let similar = try await rows("SELECT generation, text FROM rendered_similar WHERE key = \(key)").first.map {
            RenderedSimilar(
                generation: try $0["generation"].decode(Int64.self), text: try $0["text"].decode(String.self))
        }
        return (page, similar)
    }

    public func keepRendered(key: Int64, page: RenderedPage?, similar: RenderedSimilar?) async throws {
        // A key no longer stored is ignored (the SELECT finds no row to insert).
        if let page {
            try await client.query(
                """
                INSERT INTO rendered_pages (key, stamp, valid_from, valid_until, mark, text)
                SELECT key, \(page.stamp), \(page.validFrom.description), \(page.validUntil?.description), \(page.mark),
                    \(page.text)
                FROM postmortems WHERE key = \(key)
                ON CONFLICT (key) DO UPDATE SET stamp = excluded.stamp, valid_from = excluded.valid_from,
                    valid_until = excluded.valid_until, mark = excluded.mark, text = excluded.text
                """, logger: logger)
        }
        if let similar {
            try await client.query(
                """
                INSERT INTO rendered_similar (key, generation, text)
                SELECT key, \(similar.generation), \(similar.text) FROM postmortems WHERE key = \(key)
                ON CONFLICT (key) DO UPDATE SET generation = excluded.generation, text = excluded.text
                """, logger: logger)
        }
    }

    public func recentUnrestrictedIDs(limit: Int, savedSince: Double?) async throws -> [String] {
        let since = savedSince.map { Date(timeIntervalSince1970: $0) }
        return try await rows(
            """
            SELECT id FROM (
                SELECT id, updated_at, started, key FROM postmortems WHERE NOT restricted
                ORDER BY started DESC NULLS LAST, key DESC LIMIT \(limit)) recent
            WHERE \(since)::timestamptz IS NULL OR updated_at >= \(since)
            ORDER BY started DESC NULLS LAST, key DESC
            """
        ).map { try $0["id"].decode(String.self) }
    }
}

extension PostgresStore: Store {}
