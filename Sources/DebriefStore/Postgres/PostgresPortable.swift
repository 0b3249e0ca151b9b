import DebriefCore
import DebriefFormat
import Foundation
import PostgresNIO

extension PostgresStore: PortableStore {
    public func portableIDs() async throws -> [String] {
        try await rows("SELECT id FROM postmortems ORDER BY key").map { try $0["id"].decode(String.self) }
    }

    public func portable(id: String) async throws -> PortablePostMortem? {
        guard let row = try await rows("SELECT key, demo FROM postmortems WHERE id = \(id)").first else { return nil }
        let key = try row["key"].decode(Int64.self)
        let versions = try await rows(
            "SELECT version, author, created_at, note, changes, markdown FROM versions WHERE key = \(key) ORDER BY version"
        ).map { PortableVersion(info: try Self.versionInfo($0), markdown: try $0["markdown"].decode(String.self)) }
        let attachments = try await rows(
            """
            SELECT \(unescaped: Self.attachmentColumns), a.data FROM attachments a JOIN postmortems p ON p.key = a.key
            WHERE a.key = \(key) ORDER BY a.created_at, a.id
            """
        ).map { PortableAttachment(info: try Self.attachmentInfo($0), data: try $0["data"].decode(Data.self)) }
        let publicVersions = try await rows(
            "SELECT version, author, created_at, note, markdown FROM public_versions WHERE key = \(key) ORDER BY version"
        ).map { PortableVersion(info: try Self.publicInfo($0), markdown: try $0["markdown"].decode(String.self)) }
        return PortablePostMortem(
            id: id, demo: try row["demo"].decode(Bool.self), versions: versions,
            comments: try await comments(postMortem: id), attachments: attachments, publicVersions: publicVersions,
            publicState: try await rows("SELECT * FROM public_state WHERE key = \(key)").first.map(Self.publicState))
    }

    public func portableAccounts() async throws -> [PortableAccount] {
        var accounts: [PortableAccount] = []
        for user in try await users("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY id") {
            let tokens = try await rows(
                "SELECT id, name, token_hash, created_at FROM api_tokens WHERE user_id = \(user.id) ORDER BY id"
            ).map {
                PortableToken(
                    token: APIToken(
                        id: try $0["id"].decode(Int64.self), userID: user.id, name: try $0["name"].decode(String.self),
                        createdAt: try $0["created_at"].decode(Date.self)),
                    hash: try $0["token_hash"].decode(String.self))
            }
            let calendar = try await rows("SELECT token_hash FROM calendar_feeds WHERE user_id = \(user.id)").first
            accounts.append(
                PortableAccount(
                    user: user, tokens: tokens, calendarTokenHash: try calendar?["token_hash"].decode(String.self)))
        }
        return accounts
    }

    public func portableAudit() async throws -> [AuditEvent] {
        try await rows("SELECT at, actor, action, target, detail FROM audit ORDER BY id").map {
            AuditEvent(
                at: try $0["at"].decode(Date.self), actor: try $0["actor"].decode(String.self),
                action: try $0["action"].decode(String.self), target: try $0["target"].decode(String.self),
                detail: try $0["detail"].decode(String.self))
        }
    }

    public func load(_ pm: PortablePostMortem) async throws {
        guard let last = pm.versions.last else { throw StoreError.invalid("post-mortem '\(pm.id)' has no version") }
        let current = try PostMortemParser.parse(last.markdown, path: "\(pm.id).md").postMortem
        try await transaction { connection in
            let key = try await insertIndexed(
                current, id: pm.id, version: last.info.version, at: last.info.createdAt, by: last.info.author,
                demo: pm.demo, on: connection)
            for version in pm.versions {
                try await insertVersion(
                    key: key, version: version.info.version, markdown: version.markdown, author: version.info.author,
                    at: version.info.createdAt, note: version.info.note, changes: version.info.changes, on: connection)
            }
            for comment in pm.comments {
                try await connection.query(
                    """
                    INSERT INTO comments (key, author, body, version, created_at)
                    VALUES (\(key), \(comment.author), \(comment.body), \(comment.version), \(comment.createdAt))
                    """, logger: logger)
            }
            for attachment in pm.attachments {
                let info = attachment.info
                try await connection.query(
                    """
                    INSERT INTO attachments (id, key, filename, content_type, size, sha256, data, uploaded_by, created_at)
                    VALUES (\(info.id), \(key), \(info.filename), \(info.contentType), \(info.size), \(info.sha256),
                        \(attachment.data), \(info.uploadedBy), \(info.createdAt))
                    """, logger: logger)
            }
            for version in pm.publicVersions {
                let info = version.info
                try await connection.query(
                    """
                    INSERT INTO public_versions (key, version, markdown, author, created_at, note)
                    VALUES (\(key), \(info.version), \(version.markdown), \(info.author), \(info.createdAt), \(info.note))
                    """, logger: logger)
            }
            if let state = pm.publicState { try await write(state, key: key, on: connection) }
        }
    }

    public func load(_ account: PortableAccount) async throws {
        let user = account.user
        try await transaction { connection in
            let inserted = try await rows(
                """
                INSERT INTO users (name, display_name, role, password_hash, disabled, created_at)
                VALUES (\(user.name), \(user.displayName), \(user.role.rawValue), \(user.passwordHash), \(user.disabled),
                    \(user.createdAt))
                ON CONFLICT DO NOTHING RETURNING id
                """, on: connection)
            guard let id = try inserted.first?["id"].decode(Int64.self) else {
                throw StoreError.duplicate("user '\(user.name)'")
            }
            for token in account.tokens {
                try await connection.query(
                    """
                    INSERT INTO api_tokens (user_id, name, token_hash, created_at)
                    VALUES (\(id), \(token.token.name), \(token.hash), \(token.token.createdAt))
                    """, logger: logger)
            }
            if let hash = account.calendarTokenHash {
                try await connection.query(
                    "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (\(id), \(hash), \(Date()))",
                    logger: logger)
            }
        }
    }

    public func load(audit: [AuditEvent]) async throws {
        try await transaction { connection in
            for event in audit {
                try await connection.query(
                    """
                    INSERT INTO audit (at, actor, action, target, detail)
                    VALUES (\(event.at), \(event.actor), \(event.action), \(event.target), \(event.detail))
                    """, logger: logger)
            }
        }
    }
}
