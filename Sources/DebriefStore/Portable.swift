import DebriefCore
import Foundation

/// One post-mortem with everything kept about it, as `debrief db copy` moves it between stores:
/// every version with its author, time, note and changes, its comments and its attachments.
public struct PortablePostMortem: Sendable {
    public var id: String
    public var demo: Bool
    /// Oldest first; the last is the current version.
    public var versions: [PortableVersion]
    public var comments: [Comment]
    public var attachments: [PortableAttachment]
    /// Its public versions, oldest first, and their state (nil when it has none).
    public var publicVersions: [PortableVersion] = []
    public var publicState: PublicState?
}

public struct PortableVersion: Sendable, Equatable {
    public var info: VersionInfo
    public var markdown: String
}

public struct PortableAttachment: Sendable, Equatable {
    public var info: AttachmentInfo
    public var data: Data
}

/// An account with its password hash and its API tokens' hashes (sessions are not moved: people
/// sign in again).
public struct PortableAccount: Sendable, Equatable {
    public var user: User
    public var tokens: [PortableToken]
    /// The hash of the account's calendar link secret, if it made one.
    public var calendarTokenHash: String? = nil
}

public struct PortableToken: Sendable, Equatable {
    public var token: APIToken
    public var hash: String
}

/// A store whose whole content can be read out and written into another, row for row.
public protocol PortableStore: Store {
    /// Ids of every post-mortem, restricted ones too (an operator's tool).
    func portableIDs() async throws -> [String]
    func portable(id: String) async throws -> PortablePostMortem?
    func portableAccounts() async throws -> [PortableAccount]
    /// The whole audit trail, oldest first.
    func portableAudit() async throws -> [AuditEvent]
    /// Writes a post-mortem read from another store, keeping every version's author, time and
    /// note, and its comments' and attachments' own. Throws `StoreError.duplicate` when the id
    /// is taken.
    func load(_ pm: PortablePostMortem) async throws
    /// Writes an account and its tokens; returns the new account's id. Throws
    /// `StoreError.duplicate` when the name is taken.
    func load(_ account: PortableAccount) async throws
    /// Appends audit events, keeping their times.
    func load(audit: [AuditEvent]) async throws
    /// Every review meeting, oldest first.
    func portableMeetings() async throws -> [ReviewMeeting]
}

/// What a copy moved (and, into a store that held data, passed over).
public struct CopyReport: Sendable, Equatable {
    public var postMortems = 0
    public var versions = 0
    public var comments = 0
    public var attachments = 0
    public var accounts = 0
    public var tokens = 0
    public var auditEvents = 0
    public var publicVersions = 0
    public var meetings = 0
    /// Post-mortems and accounts the target had already, left as they were.
    public var skipped: [String] = []

    public init() {}
}

public enum StoreCopy {
    /// Whether `store` holds no post-mortem, account or audit event.
    public static func isEmpty(_ store: any PortableStore) async throws -> Bool {
        guard try await store.count() == 0, try await store.users().isEmpty,
            try await store.meetings(limit: 1).isEmpty
        else { return false }
        return try await store.auditTrail(limit: 1).isEmpty
    }

    /// Copies everything from `source` into `target`: accounts first, then post-mortems one at
    /// a time (so memory holds one post-mortem's attachments at most), then the audit trail.
    /// Refuses a target that holds anything unless `intoNonEmpty`; then what it has already is
    /// left alone and listed in `skipped`.
    public static func copy(from source: any PortableStore, to target: any PortableStore, intoNonEmpty: Bool = false)
        async throws -> CopyReport
    {
        if !intoNonEmpty, try await !isEmpty(target) {
            throw StoreError.invalid(
                "the target already holds post-mortems, accounts or audit events; copy into an empty database, or say that merging is meant"
            )
        }
        var report = CopyReport()
        for account in try await source.portableAccounts() {
            do {
                try await target.load(account)
                report.accounts += 1
                report.tokens += account.tokens.count
            } catch StoreError.duplicate {
                report.skipped.append("account \(account.user.name)")
            }
        }
        for id in try await source.portableIDs() {
            guard let pm = try await source.portable(id: id) else { continue }
            do {
                try await target.load(pm)
                report.postMortems += 1
                report.versions += pm.versions.count
                report.comments += pm.comments.count
                report.attachments += pm.attachments.count
                report.publicVersions += pm.publicVersions.count
            } catch StoreError.duplicate {
                report.skipped.append("post-mortem \(id)")
            }
        }
        let audit = try await source.portableAudit()
        try await target.load(audit: audit)
        report.auditEvents = audit.count
        for meeting in try await source.portableMeetings() {
            _ = try await target.createMeeting(meeting)
            report.meetings += 1
        }
        return report
    }
}

/// A store that brings its schema up to date when opened, and says what it did.
public protocol Migrating: Sendable {
    /// Every migration of the schema, in order.
    var schemaMigrations: [String] { get }
    /// Those this opening applied (empty when the schema was up to date).
    var migrationsAppliedNow: [String] { get }
}

extension SQLiteStore: Migrating {}
extension PostgresStore: Migrating {
    public var schemaMigrations: [String] { PostgresSchema.migrations.map(\.name) }
}
