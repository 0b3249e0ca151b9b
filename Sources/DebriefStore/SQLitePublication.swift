import DebriefCore
import Foundation
import GRDB

/// Public versions in SQLite: `public_versions` rows and one `public_state` row per post-mortem.
extension SQLiteStore {
    public func publicState(postMortem id: String) async throws -> PublicState? {
        try await db.read { db in
            guard let key = try Self.key(id: id, db: db) else { return nil }
            return try Self.publicState(key: key, db: db)
        }
    }

    public func publicVersion(postMortem id: String, number: Int) async throws -> StoredVersion? {
        try await db.read { db in
            guard let key = try Self.key(id: id, db: db),
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT version, markdown, author, created_at, note FROM public_versions WHERE key = ? AND version = ?",
                    arguments: [key, number])
            else { return nil }
            return StoredVersion(info: Self.publicInfo(row), markdown: row["markdown"])
        }
    }

    public func publicHistory(postMortem id: String) async throws -> [VersionInfo] {
        try await db.read { db in
            guard let key = try Self.key(id: id, db: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql:
                    "SELECT version, author, created_at, note FROM public_versions WHERE key = ? ORDER BY version DESC",
                arguments: [key]
            ).map(Self.publicInfo)
        }
    }

    public func savePublic(postMortem id: String, markdown: String, baseVersion: Int, by author: String, note: String)
        async throws -> PublicState
    {
        try StoredText.refusePublic(markdown, author, note)
        let now = Date()
        return try await db.write { db in
            guard let key = try Self.key(id: id, db: db) else { throw StoreError.notFound("post-mortem '\(id)'") }
            var state = try Self.publicState(key: key, db: db) ?? PublicState()
            guard state.version == baseVersion else {
                throw StoreError.stalePublicEdit(base: baseVersion, current: state.version)
            }
            state.version += 1
            state.updatedAt = now
            state.updatedBy = author
            try db.execute(
                sql:
                    "INSERT INTO public_versions (key, version, markdown, author, created_at, note) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [key, state.version, markdown, author, now.timeIntervalSince1970, note])
            try Self.write(state, key: key, db: db)
            return state
        }
    }

    public func updatePublic(postMortem id: String, _ change: @Sendable (inout PublicState) throws -> Void)
        async throws -> PublicState
    {
        try await db.write { db in
            guard let key = try Self.key(id: id, db: db) else { throw StoreError.notFound("post-mortem '\(id)'") }
            let before = try Self.publicState(key: key, db: db) ?? PublicState()
            let state = try StoredText.changed(before, change)
            if let published = state.publishedID, published != before.publishedID,
                try Int.fetchOne(
                    db, sql: "SELECT 1 FROM public_state WHERE published_id = ? AND key != ?",
                    arguments: [published, key])
                    != nil
            {
                throw StoreError.duplicate("public post-mortem '\(published)'")
            }
            try Self.write(state, key: key, db: db)
            return state
        }
    }

    public func published() async throws -> [PublishedVersion] {
        try await db.read { db in
            try Row.fetchAll(
                db,
                sql: StoredText.publishedSelect
                    + " WHERE s.published_id IS NOT NULL ORDER BY s.published_at DESC, s.published_id"
            ).map(Self.publishedVersion)
        }
    }

    public func published(publicID: String) async throws -> PublishedVersion? {
        try await db.read { db in
            try Row.fetchOne(
                db,
                sql: StoredText.publishedSelect + " WHERE s.published_id = ?", arguments: [publicID]
            ).map(Self.publishedVersion)
        }
    }

    static func publicState(key: Int64, db: Database) throws -> PublicState? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM public_state WHERE key = ?", arguments: [key]) else {
            return nil
        }
        return PublicState(
            version: row["version"], updatedAt: (row["updated_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            updatedBy: row["updated_by"], keep: StoredList.decode(row["keep"]),
            redact: StoredList.decode(row["redact"]),
            allowRestricted: row["allow_restricted"], approvedVersion: row["approved_version"],
            approvedBy: row["approved_by"], publishedVersion: row["published_version"],
            publishedID: row["published_id"],
            publishedAt: (row["published_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    static func write(_ state: PublicState, key: Int64, db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO public_state (key, version, updated_at, updated_by, keep, redact, allow_restricted,
                    approved_version, approved_by, published_version, published_id, published_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                key, state.version, state.updatedAt?.timeIntervalSince1970, state.updatedBy,
                StoredList.encode(state.keep), StoredList.encode(state.redact), state.allowRestricted,
                state.approvedVersion, state.approvedBy, state.publishedVersion, state.publishedID,
                state.publishedAt?.timeIntervalSince1970,
            ])
    }

    static func publicInfo(_ row: Row) -> VersionInfo {
        VersionInfo(
            version: row["version"], author: row["author"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), note: row["note"], changes: [])
    }

    static func publishedVersion(_ row: Row) -> PublishedVersion {
        PublishedVersion(
            publicID: row["published_id"], version: row["published_version"], markdown: row["markdown"],
            publishedAt: Date(timeIntervalSince1970: row["published_at"]))
    }
}

/// A list of strings kept as a JSON array in one column (words, names, ids).
enum StoredList {
    static func encode(_ words: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(words), as: UTF8.self)) ?? "[]"
    }

    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
