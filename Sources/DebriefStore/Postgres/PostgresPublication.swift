import DebriefCore
import Foundation
import PostgresNIO

/// Public versions on PostgreSQL. Writes lock the post-mortem's row, so of two servers saving
/// on the same public version the second is refused, as with post-mortems.
extension PostgresStore: PublicationStore {
    public func publicState(postMortem id: String) async throws -> PublicState? {
        try await rows(
            "SELECT s.* FROM public_state s JOIN postmortems p ON p.key = s.key WHERE p.id = \(id)"
        ).first.map(Self.publicState)
    }

    public func publicVersion(postMortem id: String, number: Int) async throws -> StoredVersion? {
        try await rows(
            """
            SELECT v.version, v.markdown, v.author, v.created_at, v.note FROM public_versions v
            JOIN postmortems p ON p.key = v.key WHERE p.id = \(id) AND v.version = \(number)
            """
        ).first.map { StoredVersion(info: try Self.publicInfo($0), markdown: try $0["markdown"].decode(String.self)) }
    }

    public func publicHistory(postMortem id: String) async throws -> [VersionInfo] {
        try await rows(
            """
            SELECT v.version, v.author, v.created_at, v.note FROM public_versions v
            JOIN postmortems p ON p.key = v.key WHERE p.id = \(id) ORDER BY v.version DESC
            """
        ).map(Self.publicInfo)
    }

    public func savePublic(postMortem id: String, markdown: String, baseVersion: Int, by author: String, note: String)
        async throws -> PublicState
    {
        try StoredText.refusePublic(markdown, author, note)
        let now = Date()
        return try await transaction { connection in
            let key = try await lockedKey(id, on: connection)
            var state =
                try await rows("SELECT * FROM public_state WHERE key = \(key)", on: connection).first.map(
                    Self.publicState) ?? PublicState()
            guard state.version == baseVersion else {
                throw StoreError.stalePublicEdit(base: baseVersion, current: state.version)
            }
            state.version += 1
            state.updatedAt = now
            state.updatedBy = author
            _ = try await rows(
                """
                INSERT INTO public_versions (key, version, markdown, author, created_at, note)
                VALUES (\(key), \(state.version), \(markdown), \(author), \(now), \(note))
                """, on: connection)
            try await write(state, key: key, on: connection)
            return state
        }
    }

    public func updatePublic(postMortem id: String, _ change: @Sendable (inout PublicState) throws -> Void)
        async throws -> PublicState
    {
        try await transaction { connection in
            let key = try await lockedKey(id, on: connection)
            let before =
                try await rows("SELECT * FROM public_state WHERE key = \(key)", on: connection).first.map(
                    Self.publicState) ?? PublicState()
            let state = try StoredText.changed(before, change)
            if let published = state.publishedID, published != before.publishedID,
                try await !rows(
                    "SELECT 1 AS taken FROM public_state WHERE published_id = \(published) AND key != \(key)",
                    on: connection
                ).isEmpty
            {
                throw StoreError.duplicate("public post-mortem '\(published)'")
            }
            try await write(state, key: key, on: connection)
            return state
        }
    }

    public func published() async throws -> [PublishedVersion] {
        try await rows(
            "\(unescaped: StoredText.publishedSelect) WHERE s.published_id IS NOT NULL ORDER BY s.published_at DESC, s.published_id"
        ).map(Self.publishedVersion)
    }

    public func published(publicID: String) async throws -> PublishedVersion? {
        try await rows("\(unescaped: StoredText.publishedSelect) WHERE s.published_id = \(publicID)").first.map(
            Self.publishedVersion)
    }

    /// The post-mortem's key, its row locked to the end of the transaction.
    func lockedKey(_ id: String, on connection: PostgresConnection) async throws -> Int64 {
        guard
            let key = try await rows("SELECT key FROM postmortems WHERE id = \(id) FOR UPDATE", on: connection)
                .first?["key"].decode(Int64.self)
        else { throw StoreError.notFound("post-mortem '\(id)'") }
        return key
    }

    func write(_ state: PublicState, key: Int64, on connection: PostgresConnection) async throws {
        _ = try await rows(
            """
            INSERT INTO public_state (key, version, updated_at, updated_by, keep, redact, allow_restricted,
                approved_version, approved_by, published_version, published_id, published_at)
            VALUES (\(key), \(state.version), \(state.updatedAt), \(state.updatedBy), \(StoredList.encode(state.keep)),
                \(StoredList.encode(state.redact)), \(state.allowRestricted), \(state.approvedVersion),
                \(state.approvedBy), \(state.publishedVersion), \(state.publishedID), \(state.publishedAt))
            ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
                updated_by = EXCLUDED.updated_by, keep = EXCLUDED.keep, redact = EXCLUDED.redact,
                allow_restricted = EXCLUDED.allow_restricted, approved_version = EXCLUDED.approved_version,
                approved_by = EXCLUDED.approved_by, published_version = EXCLUDED.published_version,
                published_id = EXCLUDED.published_id, published_at = EXCLUDED.published_at
            """, on: connection)
    }

    static func publicState(_ row: PostgresRandomAccessRow) throws -> PublicState {
        PublicState(
            version: try row["version"].decode(Int.self), updatedAt: try row["updated_at"].decode(Date?.self),
            updatedBy: try row["updated_by"].decode(String?.self),
            keep: StoredList.decode(try row["keep"].decode(String.self)),
            redact: StoredList.decode(try row["redact"].decode(String.self)),
            allowRestricted: try row["allow_restricted"].decode(Bool.self),
            approvedVersion: try row["approved_version"].decode(Int?.self),
            approvedBy: try row["approved_by"].decode(String?.self),
            publishedVersion: try row["published_version"].decode(Int?.self),
            publishedID: try row["published_id"].decode(String?.self),
            publishedAt: try row["published_at"].decode(Date?.self))
    }

    static func publicInfo(_ row: PostgresRandomAccessRow) throws -> VersionInfo {
        VersionInfo(
            version: try row["version"].decode(Int.self), author: try row["author"].decode(String.self),
            createdAt: try row["created_at"].decode(Date.self), note: try row["note"].decode(String.self), changes: [])
    }

    static func publishedVersion(_ row: PostgresRandomAccessRow) throws -> PublishedVersion {
        PublishedVersion(
            publicID: try row["published_id"].decode(String.self),
            version: try row["published_version"].decode(Int.self),
            markdown: try row["markdown"].decode(String.self), publishedAt: try row["published_at"].decode(Date.self))
    }
}
