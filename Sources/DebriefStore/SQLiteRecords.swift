import DebriefCore
import Foundation
import GRDB

// The SQLite tables of accounts and the audit trail as GRDB records with typed columns: the
// queries on them are GRDB's query interface, not SQL text. (Post-mortems and search keep
// their SQL, where FTS5 and the list's narrow rows earn it.) Times are seconds since 1970
// (`REAL`), as every table of this schema keeps them.

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
