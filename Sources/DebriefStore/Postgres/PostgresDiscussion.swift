import DebriefCore
import Foundation
import PostgresNIO

/// Comments and attachments on PostgreSQL.
extension PostgresStore: DiscussionStore {
    public func addComment(postMortem id: String, author: String, body: String, version: Int) async throws -> Comment {
        try StoredText.refuseNUL(body, author, field: "comment")
        let now = Date()
        let inserted = try await rows(
            """
            INSERT INTO comments (key, author, body, version, created_at)
            SELECT key, \(author), \(body), \(version), \(now) FROM postmortems WHERE id = \(id) RETURNING id
            """)
        guard let commentID = try inserted.first?["id"].decode(Int64.self) else {
            throw StoreError.notFound("post-mortem '\(id)'")
        }
        return Comment(id: commentID, postMortem: id, author: author, body: body, version: version, createdAt: now)
    }

    public func comments(postMortem id: String) async throws -> [Comment] {
        try await rows(
            """
            SELECT c.id, c.author, c.body, c.version, c.created_at FROM comments c JOIN postmortems p ON p.key = c.key
            WHERE p.id = \(id) ORDER BY c.id
            """
        ).map { row in
            Comment(
                id: try row["id"].decode(Int64.self), postMortem: id, author: try row["author"].decode(String.self),
                body: try row["body"].decode(String.self), version: try row["version"].decode(Int.self),
                createdAt: try row["created_at"].decode(Date.self))
        }
    }

    public func addAttachment(_ attachment: NewAttachment) async throws -> AttachmentInfo {
        let info = try StoredText.describe(attachment)
        let inserted = try await rows(
            """
            INSERT INTO attachments (id, key, filename, content_type, size, sha256, data, uploaded_by, created_at)
            SELECT \(info.id), key, \(info.filename), \(info.contentType), \(info.size), \(info.sha256),
                \(attachment.data), \(info.uploadedBy), \(info.createdAt)
            FROM postmortems WHERE id = \(attachment.postMortem) RETURNING 1 AS done
            """)
        guard !inserted.isEmpty else { throw StoreError.notFound("post-mortem '\(attachment.postMortem)'") }
        return info
    }

    static func attachmentInfo(_ row: PostgresRandomAccessRow) throws -> AttachmentInfo {
        AttachmentInfo(
            id: try row["id"].decode(String.self), postMortem: try row["pm"].decode(String.self),
            filename: try row["filename"].decode(String.self), contentType: try row["content_type"].decode(String.self),
            size: try row["size"].decode(Int.self), sha256: try row["sha256"].decode(String.self),
            uploadedBy: try row["uploaded_by"].decode(String.self), createdAt: try row["created_at"].decode(Date.self))
    }

    static let attachmentColumns =
        "a.id, a.filename, a.content_type, a.size, a.sha256, a.uploaded_by, a.created_at, p.id AS pm"

    public func attachments(postMortem id: String) async throws -> [AttachmentInfo] {
        try await rows(
            """
            SELECT \(unescaped: Self.attachmentColumns) FROM attachments a JOIN postmortems p ON p.key = a.key
            WHERE p.id = \(id) ORDER BY a.created_at, a.id
            """
        ).map(Self.attachmentInfo)
    }

    public func attachment(id: String) async throws -> (AttachmentInfo, Data)? {
        guard
            let row = try await rows(
                """
                SELECT \(unescaped: Self.attachmentColumns), a.data FROM attachments a
                JOIN postmortems p ON p.key = a.key WHERE a.id = \(id)
                """
            ).first
        else { return nil }
        return (try Self.attachmentInfo(row), try row["data"].decode(Data.self))
    }
}
