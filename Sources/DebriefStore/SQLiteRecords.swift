import DebriefCore
import Foundation
import GRDB

// The SQLite tables of accounts, the audit trail, versions, comments and attachments as GRDB
// records with typed columns: the queries on them are GRDB's query interface, not SQL text.
// (The post-mortems' own rows, their index tables and search keep their SQL, where FTS5, the
// visibility rule and the list's narrow rows earn it.) Times are seconds since 1970 (`REAL`),
// as every table of this schema keeps them.

/// A row of `users`.
struct UserRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "users"
    var id: Int64?
    var name: String
    var displayName: String
    var role: String
    var passwordHash: String
    var disabled: Bool
    var createdAt: Double

    enum CodingKeys: String, CodingKey {
        case id, name, role, disabled
        case displayName = "display_name"
        case passwordHash = "password_hash"
        case createdAt = "created_at"
    }

    enum Columns {
        /// Compared without regard to case (the column is `COLLATE NOCASE`).
        static let name = Column(CodingKeys.name)
        static let id = Column(CodingKeys.id)
    }

    static let tokens = hasMany(TokenRecord.self, key: "tokens", using: ForeignKey(["user_id"]))

    init(_ user: User) {
        id = nil
        name = user.name
        displayName = user.displayName
        role = user.role.rawValue
        passwordHash = user.passwordHash
        disabled = user.disabled
        createdAt = user.createdAt.timeIntervalSince1970
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var user: User {
        User(
            id: id ?? 0, name: name, displayName: displayName, role: Role(rawValue: role) ?? .viewer,
            disabled: disabled, createdAt: Date(timeIntervalSince1970: createdAt), passwordHash: passwordHash)
    }
}

/// A row of `api_tokens` (the token's hash only).
struct TokenRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "api_tokens"
    var id: Int64?
    var userID: Int64
    var name: String
    var tokenHash: String
    var createdAt: Double

    enum CodingKeys: String, CodingKey {
        case id, name
        case userID = "user_id"
        case tokenHash = "token_hash"
        case createdAt = "created_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let userID = Column(CodingKeys.userID)
        static let tokenHash = Column(CodingKeys.tokenHash)
    }

    static let user = belongsTo(UserRecord.self, key: "user", using: ForeignKey(["user_id"]))

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var token: APIToken {
        APIToken(id: id ?? 0, userID: userID, name: name, createdAt: Date(timeIntervalSince1970: createdAt))
    }
}

/// A row of `sessions`.
struct SessionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "sessions"
    var tokenHash: String
    var userID: Int64
    var csrf: String
    var expiresAt: Double

    enum CodingKeys: String, CodingKey {
        case csrf
        case tokenHash = "token_hash"
        case userID = "user_id"
        case expiresAt = "expires_at"
    }

    enum Columns {
        static let tokenHash = Column(CodingKeys.tokenHash)
        static let userID = Column(CodingKeys.userID)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }

    static let user = belongsTo(UserRecord.self, key: "user", using: ForeignKey(["user_id"]))

    init(_ session: Session) {
        tokenHash = session.tokenHash
        userID = session.userID
        csrf = session.csrfToken
        expiresAt = session.expiresAt.timeIntervalSince1970
    }

    var session: Session {
        Session(
            tokenHash: tokenHash, userID: userID, csrfToken: csrf, expiresAt: Date(timeIntervalSince1970: expiresAt))
    }
}

/// A row of `audit`.
struct AuditRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "audit"
    var id: Int64?
    var at: Double
    var actor: String
    var action: String
    var target: String
    var detail: String

    enum Columns {
        static let id = Column("id")
    }

    init(_ event: AuditEvent) {
        id = nil
        at = event.at.timeIntervalSince1970
        actor = event.actor
        action = event.action
        target = event.target
        detail = event.detail
    }

    var event: AuditEvent {
        AuditEvent(at: Date(timeIntervalSince1970: at), actor: actor, action: action, target: target, detail: detail)
    }
}

/// A row of `versions`: one saved version of a post-mortem, never changed.
struct VersionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "versions"
    var key: Int64
    var version: Int
    var markdown: String
    var author: String
    var createdAt: Double
    var note: String
    /// The changed fields, joined by ", ".
    var changes: String

    enum CodingKeys: String, CodingKey {
        case key, version, markdown, author, note, changes
        case createdAt = "created_at"
    }

    enum Columns {
        static let key = Column(CodingKeys.key)
        static let version = Column(CodingKeys.version)
    }

    init(key: Int64, info: VersionInfo, markdown: String) {
        self.key = key
        version = info.version
        self.markdown = markdown
        author = info.author
        createdAt = info.createdAt.timeIntervalSince1970
        note = info.note
        changes = info.changes.joined(separator: ", ")
    }

    var info: VersionInfo {
        VersionInfo(
            version: version, author: author, createdAt: Date(timeIntervalSince1970: createdAt), note: note,
            changes: changes.components(separatedBy: ", "))
    }
}

/// A row of `comments`.
struct CommentRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "comments"
    var id: Int64?
    var key: Int64
    var author: String
    var body: String
    var version: Int
    var createdAt: Double

    enum CodingKeys: String, CodingKey {
        case id, key, author, body, version
        case createdAt = "created_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let key = Column(CodingKeys.key)
    }

    init(key: Int64, _ comment: Comment) {
        id = nil
        self.key = key
        author = comment.author
        body = comment.body
        version = comment.version
        createdAt = comment.createdAt.timeIntervalSince1970
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func comment(on postMortem: String) -> Comment {
        Comment(
            id: id ?? 0, postMortem: postMortem, author: author, body: body, version: version,
            createdAt: Date(timeIntervalSince1970: createdAt))
    }
}

/// A row of `attachments`; `data`, the file's bytes, is nil when a listing left it out.
struct AttachmentRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "attachments"
    var id: String
    var key: Int64
    var filename: String
    var contentType: String
    var size: Int
    var sha256: String
    var data: Data?
    var uploadedBy: String
    var createdAt: Double

    enum CodingKeys: String, CodingKey {
        case id, key, filename, size, sha256, data
        case contentType = "content_type"
        case uploadedBy = "uploaded_by"
        case createdAt = "created_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let key = Column(CodingKeys.key)
        static let createdAt = Column(CodingKeys.createdAt)
        /// Every column but the bytes, for listing.
        static let described: [Column] = [
            CodingKeys.id, .key, .filename, .contentType, .size, .sha256, .uploadedBy, .createdAt,
        ].map { Column($0) }
    }

    init(key: Int64, _ info: AttachmentInfo, data: Data) {
        id = info.id
        self.key = key
        filename = info.filename
        contentType = info.contentType
        size = info.size
        sha256 = info.sha256
        self.data = data
        uploadedBy = info.uploadedBy
        createdAt = info.createdAt.timeIntervalSince1970
    }

    func info(on postMortem: String) -> AttachmentInfo {
        AttachmentInfo(
            id: id, postMortem: postMortem, filename: filename, contentType: contentType, size: size, sha256: sha256,
            uploadedBy: uploadedBy, createdAt: Date(timeIntervalSince1970: createdAt))
    }
}
