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
            let versions = try VersionRecord.filter(VersionRecord.Columns.key == key)
                .order(VersionRecord.Columns.version).fetchAll(db)
                .map { PortableVersion(info: $0.info, markdown: $0.markdown) }
            let attachments = try AttachmentRecord.filter(AttachmentRecord.Columns.key == key)
                .order(AttachmentRecord.Columns.createdAt, AttachmentRecord.Columns.id).fetchAll(db)
                .map { PortableAttachment(info: $0.info(on: id), data: $0.data ?? Data()) }
            let publicVersions = try Row.fetchAll(
                db, sql: "SELECT * FROM public_versions WHERE key = ? ORDER BY version", arguments: [key]
            ).map { PortableVersion(info: Self.publicInfo($0), markdown: $0["markdown"]) }
            return PortablePostMortem(
                id: id, demo: row["demo"], versions: versions, comments: comments, attachments: attachments,
                publicVersions: publicVersions, publicState: try Self.publicState(key: key, db: db))
        }
    }

    public func portableAccounts() async throws -> [PortableAccount] {
        try await db.read { db in
            try UserRecord.order(UserRecord.Columns.id).fetchAll(db).map { record in
                let tokens = try TokenRecord.filter(TokenRecord.Columns.userID == record.id).order(
                    TokenRecord.Columns.id
                )
                .fetchAll(db)
                return PortableAccount(
                    user: record.user, tokens: tokens.map { PortableToken(token: $0.token, hash: $0.tokenHash) },
                    calendarTokenHash: try String.fetchOne(
                        db, sql: "SELECT token_hash FROM calendar_feeds WHERE user_id = ?", arguments: [record.id]))
            }
        }
    }

    public func portableAudit() async throws -> [AuditEvent] {
        try await db.read { db in try AuditRecord.order(AuditRecord.Columns.id).fetchAll(db).map(\.event) }
    }

    public func load(_ pm: PortablePostMortem) async throws {
        guard let last = pm.versions.last else { throw StoreError.invalid("post-mortem '\(pm.id)' has no version") }
        let current = try PostMortemParser.parse(last.markdown, path: "\(pm.id).md").postMortem
        try await db.write { db in
            let key = try Self.insertIndexed(
                current, id: pm.id, version: last.info.version, at: last.info.createdAt, by: last.info.author,
                demo: pm.demo, db: db)
            for version in pm.versions {
                try VersionRecord(key: key, info: version.info, markdown: version.markdown).insert(db)
            }
            for comment in pm.comments {
                var record = CommentRecord(key: key, comment)
                try record.insert(db)
            }
            for attachment in pm.attachments {
                try AttachmentRecord(key: key, attachment.info, data: attachment.data).insert(db)
            }
            for version in pm.publicVersions {
                try db.execute(
                    sql:
                        "INSERT INTO public_versions (key, version, markdown, author, created_at, note) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        key, version.info.version, version.markdown, version.info.author,
                        version.info.createdAt.timeIntervalSince1970, version.info.note,
                    ])
            }
            if let state = pm.publicState { try Self.write(state, key: key, db: db) }
        }
    }

    public func load(_ account: PortableAccount) async throws {
        try await db.write { db in
            if try UserRecord.filter(UserRecord.Columns.name == account.user.name).fetchCount(db) > 0 {
                throw StoreError.duplicate("user '\(account.user.name)'")
            }
            var user = UserRecord(account.user)
            try user.insert(db)
            for token in account.tokens {
                var record = TokenRecord(
                    id: nil, userID: user.id ?? 0, name: token.token.name, tokenHash: token.hash,
                    createdAt: token.token.createdAt.timeIntervalSince1970)
                try record.insert(db)
            }
            if let hash = account.calendarTokenHash {
                try db.execute(
                    sql: "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)",
                    arguments: [user.id ?? 0, hash, Date().timeIntervalSince1970])
            }
        }
    }

    public func load(audit: [AuditEvent]) async throws {
        try await db.write { db in
            for event in audit {
                var record = AuditRecord(event)
                try record.insert(db)
            }
        }
    }
}
