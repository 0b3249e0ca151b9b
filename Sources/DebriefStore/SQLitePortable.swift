import DebriefCore
import DebriefFormat
import Foundation
import GRDB

extension SQLiteStore: PortableStore {
    public func portableIDs() async throws -> [String] {
        try await db.read { db in try String.fetchAll(db, sql: "SELECT id FROM postmortems ORDER BY key") }
    }

    public func portable(id: String) async throws -> PortablePostMortem? {
        let comments = try await comments(postMortem: id)
        return try await db.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT key, demo FROM postmortems WHERE id = ?", arguments: [id])
            else { return nil }
            let key: Int64 = row["key"]
            let versions = try Row.fetchAll(
                db, sql: "SELECT * FROM versions WHERE key = ? ORDER BY version", arguments: [key]
            ).map { PortableVersion(info: Self.versionInfo($0), markdown: $0["markdown"]) }
            let attachments = try Row.fetchAll(
                db,
                sql:
                    "SELECT a.*, p.id AS pm FROM attachments a JOIN postmortems p ON p.key = a.key WHERE a.key = ? ORDER BY a.created_at, a.id",
                arguments: [key]
            ).map { PortableAttachment(info: Self.attachmentInfo($0), data: $0["data"]) }
            return PortablePostMortem(
                id: id, demo: row["demo"], versions: versions, comments: comments, attachments: attachments)
        }
    }

    public func portableAccounts() async throws -> [PortableAccount] {
        try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY id").map(Self.user).map { user in
                let tokens = try Row.fetchAll(
                    db, sql: "SELECT * FROM api_tokens WHERE user_id = ? ORDER BY id", arguments: [user.id]
                ).map {
                    PortableToken(
                        token: APIToken(
                            id: $0["id"], userID: user.id, name: $0["name"],
                            createdAt: Date(timeIntervalSince1970: $0["created_at"])), hash: $0["token_hash"])
                }
                return PortableAccount(user: user, tokens: tokens)
            }
        }
    }

    public func portableAudit() async throws -> [AuditEvent] {
        try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id").map {
                AuditEvent(
                    at: Date(timeIntervalSince1970: $0["at"]), actor: $0["actor"], action: $0["action"],
                    target: $0["target"], detail: $0["detail"])
            }
        }
    }

    public func load(_ pm: PortablePostMortem) async throws {
        guard let last = pm.versions.last else { throw StoreError.invalid("post-mortem '\(pm.id)' has no version") }
        let current = try PostMortemParser.parse(last.markdown, path: "\(pm.id).md").postMortem
        try await db.write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM postmortems WHERE id = ?", arguments: [pm.id]) != nil {
                throw StoreError.duplicate("post-mortem '\(pm.id)'")
            }
            try db.execute(
                sql: """
                    INSERT INTO postmortems (id, version, title, status, services, tags, restricted, open_actions,
                        updated_at, updated_by, demo)
                    VALUES (?, ?, '', '', '', '', 0, 0, ?, ?, ?)
                    """,
                arguments: [
                    pm.id, last.info.version, last.info.createdAt.timeIntervalSince1970, last.info.author, pm.demo,
                ])
            let key = db.lastInsertedRowID
            try Self.index(
                current, key: key, version: last.info.version, at: last.info.createdAt, by: last.info.author, db: db,
                replacing: false)
            for version in pm.versions {
                try Self.insertVersion(
                    key: key, version: version.info.version, markdown: version.markdown, author: version.info.author,
                    at: version.info.createdAt, note: version.info.note, changes: version.info.changes, db: db)
            }
            for comment in pm.comments {
                try db.execute(
                    sql: "INSERT INTO comments (key, author, body, version, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [
                        key, comment.author, comment.body, comment.version, comment.createdAt.timeIntervalSince1970,
                    ])
            }
            for attachment in pm.attachments {
                try Self.insertAttachment(attachment.info, data: attachment.data, key: key, db: db)
            }
        }
    }

    public func load(_ account: PortableAccount) async throws {
        let user = account.user
        try await db.write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM users WHERE name = ?", arguments: [user.name]) != nil {
                throw StoreError.duplicate("user '\(user.name)'")
            }
            try db.execute(
                sql: """
                    INSERT INTO users (name, display_name, role, password_hash, disabled, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    user.name, user.displayName, user.role.rawValue, user.passwordHash, user.disabled,
                    user.createdAt.timeIntervalSince1970,
                ])
            let id = db.lastInsertedRowID
            for token in account.tokens {
                try db.execute(
                    sql: "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [id, token.token.name, token.hash, token.token.createdAt.timeIntervalSince1970])
            }
        }
    }

    public func load(audit: [AuditEvent]) async throws {
        try await db.write { db in
            for event in audit {
                try db.execute(
                    sql: "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                    arguments: [event.at.timeIntervalSince1970, event.actor, event.action, event.target, event.detail])
            }
        }
    }
}
