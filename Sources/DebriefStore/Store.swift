import DebriefCore
import Foundation

/// Where a team's post-mortems live, with every version, and the accounts that use them: the
/// focused stores below, together. SQLite (`SQLiteStore`) is the default; each protocol is what
/// another backend fills in, and `Tests/DebriefStoreTests` holds the contract every
/// implementation passes.
public protocol Store: PostMortemStore, DiscussionStore, AccountStore, AuditLog, PublicationStore, ReminderLog,
    MeetingStore
{}

/// Review meetings. Callers check who may see each post-mortem a meeting lists.
public protocol MeetingStore: Sendable {
    /// Saves a new meeting; the one returned carries its id.
    func createMeeting(_ meeting: ReviewMeeting) async throws -> ReviewMeeting
    func meeting(id: Int64) async throws -> ReviewMeeting?
    /// The latest `limit` meetings by start, newest first.
    func meetings(limit: Int) async throws -> [ReviewMeeting]
    /// Keeps the notes and who came, and marks the meeting held.
    func recordMeeting(id: Int64, notes: String, present: [String]) async throws -> ReviewMeeting
}

/// Which reminders were sent, so nobody gets the same one twice (`Reminders` in DebriefCore
/// makes the keys).
public protocol ReminderLog: Sendable {
    /// Those of `keys` sent before.
    func sentReminders(keys: [String]) async throws -> Set<String>
    /// Records `keys` as sent to `owner` now; keys recorded before stay as they were.
    func recordReminders(_ keys: [String], owner: String, at: Date) async throws
}

/// Post-mortems with every version, their search, and what is read across them.
///
/// Every read that returns post-mortems takes the `Member` asking, and leaves out restricted
/// post-mortems that member may not see, so no caller can forget to.
public protocol PostMortemStore: Sendable {
    /// Saves a new post-mortem as version 1. Throws `StoreError.duplicate` if the id exists.
    func create(_ pm: PostMortem, by author: String, note: String, demo: Bool) async throws -> StoredPostMortem
    /// Saves a new version on top of `baseVersion`; throws `StoreError.staleEdit` with the
    /// current version when someone saved in between. Nothing is overwritten in place.
    func update(_ pm: PostMortem, baseVersion: Int, by author: String, note: String) async throws
        -> StoredPostMortem
    /// The current version, or nil when absent or not visible to `viewer`.
    func postMortem(id: String, for viewer: Member) async throws -> StoredPostMortem?
    /// A number that changes whenever a post-mortem, a comment or an attachment is written or
    /// removed, by any process: a page rendered under the same number is still right.
    func generation() async throws -> Int64
    /// One past version's Markdown, or nil.
    func version(id: String, number: Int, for viewer: Member) async throws -> StoredVersion?
    /// Every version, newest first.
    func history(id: String, for viewer: Member) async throws -> [VersionInfo]
    /// Filtered list, newest incident first, with the total that matched.
    func list(_ filter: IncidentFilter, for viewer: Member) async throws -> (items: [IncidentSummary], total: Int)
    /// Full-text search ranked by BM25 among the `searchRankWindow` most recent matches, with a
    /// highlighted snippet per hit. `total` is at most `searchRankWindow + 1`, which means "more".
    func search(_ filter: IncidentFilter, for viewer: Member) async throws -> (hits: [SearchHit], total: Int)
    /// Incidents like `id`: shared services, factor categories and words.
    func similar(to id: String, for viewer: Member, limit: Int) async throws -> [(IncidentSummary, SimilarIncident)]
    /// What the dashboard's trend charts need, for incidents `viewer` may see.
    func trendPoints(for viewer: Member) async throws -> [TrendPoint]
    /// Action items across post-mortems `viewer` may see, soonest due first.
    func actionItems(_ filter: ActionFilter, for viewer: Member) async throws -> [ActionRow]
    /// How many action items match, without listing them.
    func actionCount(_ filter: ActionFilter, for viewer: Member) async throws -> Int
    /// How many post-mortems there are (all of them, for operators).
    func count() async throws -> Int
    /// Every post-mortem's id and current Markdown, for `debrief export` (no visibility filter:
    /// an operator's tool). Nothing is parsed.
    func exportAll() async throws -> [(id: String, markdown: String)]
    /// Whether a post-mortem with this id exists, visible or not (ids are unique across both).
    func exists(id: String) async throws -> Bool
    /// One current version with no visibility filter, for operators' tools.
    func exportOne(id: String) async throws -> StoredPostMortem?
    /// Removes the demo workspace's post-mortems with their history, comments and attachments.
    func removeDemo() async throws -> Int

}

/// Comments on post-mortems and the files attached to them.
public protocol DiscussionStore: Sendable {
    func addComment(postMortem id: String, author: String, body: String, version: Int) async throws -> Comment
    func comments(postMortem id: String) async throws -> [Comment]
    func addAttachment(_ attachment: NewAttachment) async throws -> AttachmentInfo
    func attachments(postMortem id: String) async throws -> [AttachmentInfo]
    /// The file and its bytes, or nil.
    func attachment(id: String) async throws -> (AttachmentInfo, Data)?

}

/// Accounts, their sign-in sessions and API tokens.
public protocol AccountStore: Sendable {
    func addUser(name: String, displayName: String, role: Role, passwordHash: String) async throws -> User
    func user(named name: String) async throws -> User?
    func user(id: Int64) async throws -> User?
    func users() async throws -> [User]
    func setDisabled(_ disabled: Bool, user name: String) async throws
    /// Sets a new password hash and, in the same transaction, ends every session and API
    /// token of the account: whoever knew the old password keeps nothing it gave them.
    /// Returns how many sessions and tokens ended.
    @discardableResult
    func setPasswordHash(_ hash: String, user name: String) async throws -> (sessions: Int, tokens: Int)
    func createSession(_ session: Session) async throws
    /// The live session with this token hash and its enabled user; expired ones are nil.
    func session(tokenHash: String, now: Date) async throws -> (Session, User)?
    func deleteSession(tokenHash: String) async throws
    func createToken(userID: Int64, name: String, tokenHash: String) async throws -> APIToken
    /// The enabled user owning this API token hash.
    func user(tokenHash: String) async throws -> User?
    func tokens(userID: Int64) async throws -> [APIToken]
    /// Deletes one API token of `userID`; false when that user has no token with this id.
    func revokeToken(id: Int64, userID: Int64) async throws -> Bool
    /// Sets (or, with nil, removes) the account's calendar link secret, stored as its hash;
    /// one per account, so a new one replaces the old.
    func setCalendarToken(userID: Int64, tokenHash: String?) async throws
    /// The enabled account whose calendar link secret hashes to `tokenHash`.
    func user(calendarTokenHash: String) async throws -> User?
    /// Counts a failed sign-in under each key (an account, an address): a key quiet for
    /// `window` seconds starts again from one. Kept in the database, so that every server
    /// counts the same failures.
    func recordSignInFailure(keys: [String], at now: Date, window: TimeInterval) async throws
    /// Each key's failures and the time of its last one, for keys that have any.
    func signInFailures(keys: [String]) async throws -> [String: (failures: Int, last: Date)]
    /// Forgets a key's failures (a right password for that account).
    func clearSignInFailures(key: String) async throws

}

/// Public versions: each post-mortem's redacted text, with versions of its own, a reviewer's
/// approval and its publication (docs/open-postmortems.md). Callers check who may see the
/// post-mortem first; `Publication` in DebriefCore holds the rules.
public protocol PublicationStore: Sendable {
    /// The public version's state; nil when none was ever made for `id`.
    func publicState(postMortem id: String) async throws -> PublicState?
    /// Public version `number` (its text and who saved it when).
    func publicVersion(postMortem id: String, number: Int) async throws -> StoredVersion?
    /// Every public version, newest first.
    func publicHistory(postMortem id: String) async throws -> [VersionInfo]
    /// Saves a new public text on top of `baseVersion` (0 for the first); throws
    /// `StoreError.stalePublicEdit` when another was saved since. A new version needs a new
    /// approval.
    func savePublic(postMortem id: String, markdown: String, baseVersion: Int, by author: String, note: String)
        async throws -> PublicState
    /// Changes the state (not the versions) in one transaction: `change` sees the current
    /// state and may throw to change nothing. The versions number and their authors are kept.
    func updatePublic(postMortem id: String, _ change: @Sendable (inout PublicState) throws -> Void) async throws
        -> PublicState
    /// Everything published, newest publication first.
    func published() async throws -> [PublishedVersion]
    /// One published post-mortem by its public id.
    func published(publicID: String) async throws -> PublishedVersion?
}

/// A published public version.
public struct PublishedVersion: Sendable, Equatable {
    /// The id it is published under.
    public var publicID: String
    public var version: Int
    public var markdown: String
    public var publishedAt: Date

    public init(publicID: String, version: Int, markdown: String, publishedAt: Date) {
        self.publicID = publicID
        self.version = version
        self.markdown = markdown
        self.publishedAt = publishedAt
    }
}

/// Who did what, when: every change, sign-in and refusal, kept for evidence.
public protocol AuditLog: Sendable {
    func audit(_ event: AuditEvent) async throws
    func auditTrail(limit: Int) async throws -> [AuditEvent]
}

/// How many of the newest matches a search ranks; older matches beyond it are not returned.
public let searchRankWindow = 1000

extension PostMortemStore {
    /// The post-mortems `filter` lists for `viewer`, whole, newest first, at most `limit` of
    /// them (read 500 at a time), and how many the filter matches.
    public func postMortems(_ filter: IncidentFilter, for viewer: Member, limit: Int = .max) async throws -> (
        postMortems: [PostMortem], total: Int
    ) {
        var page = filter
        page.limit = 500
        page.offset = 0
        var found: [PostMortem] = []
        var total = 0
        while found.count < limit {
            let listed = try await list(page, for: viewer)
            total = listed.total
            for summary in listed.items.prefix(limit - found.count) {
                if let stored = try await postMortem(id: summary.id, for: viewer) { found.append(stored.postMortem) }
            }
            page.offset += 500
            if page.offset >= listed.total || listed.items.isEmpty { break }
        }
        return (found, total)
    }
}

/// Why the store refused.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// Someone saved a newer version since `base`; `current` is theirs.
    case staleEdit(base: Int, current: StoredPostMortem)
    /// Someone saved public version `current` since `base`.
    case stalePublicEdit(base: Int, current: Int)
    case notFound(String)
    case duplicate(String)
    case invalid(String)
    /// A field (or the whole document) over `SizeLimits`: nothing was stored.
    case tooLarge(SizeLimits.Violation)

    public var description: String {
        switch self {
        case .staleEdit(let base, let current):
            "edit started from version \(base), but \(current.updatedBy) saved version \(current.version) since"
        case .stalePublicEdit(let base, let current):
            "public version edited from version \(base), but version \(current) was saved since"
        case .notFound(let what): "\(what) not found"
        case .duplicate(let what): "\(what) already exists"
        case .invalid(let why): why
        case .tooLarge(let violation): violation.description
        }
    }
}

/// A post-mortem's current version as stored.
public struct StoredPostMortem: Sendable {
    public var postMortem: PostMortem
    /// The parsed Markdown with its source map, when the store parsed it (reads do), so that
    /// lint need not parse it again.
    public var document: SourceDocument?
    /// The canonical Markdown of this version: what export writes and history diffs.
    public var markdown: String
    public var version: Int
    public var updatedAt: Date
    public var updatedBy: String
    public var demo: Bool

    public var id: String { postMortem.id }

    public init(
        postMortem: PostMortem, markdown: String, version: Int, updatedAt: Date, updatedBy: String, demo: Bool,
        document: SourceDocument? = nil
    ) {
        self.postMortem = postMortem
        self.document = document
        self.markdown = markdown
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.demo = demo
    }
}

/// One version in a post-mortem's history.
public struct VersionInfo: Sendable, Codable, Equatable {
    public var version: Int
    public var author: String
    public var createdAt: Date
    public var note: String
    /// The parts it touched: "timeline", "action items"…
    public var changes: [String]
}

/// A past version's text.
public struct StoredVersion: Sendable {
    public var info: VersionInfo
    public var markdown: String
}

/// A row of the incident list.
public struct IncidentSummary: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var status: Status
    public var severity: Severity?
    public var kind: IncidentKind?
    public var services: [String]
    public var tags: [String]
    public var started: Date?
    public var restricted: Bool
    public var version: Int
    public var updatedAt: Date
    public var timeToDetect: TimeInterval?
    public var timeToResolve: TimeInterval?
    public var openActions: Int
    public var demo: Bool
}

/// List and search filters; nil means any.
public struct IncidentFilter: Sendable, Hashable {
    public var query: String?
    public var severity: Severity?
    public var kind: IncidentKind?
    public var status: Status?
    public var service: String?
    public var tag: String?
    /// Incidents that started on or after this day (UTC).
    public var from: LocalDate?
    /// Incidents that started on or before this day (UTC).
    public var to: LocalDate?
    /// Only post-mortems that name this person (author, commander, reviewer, attendee, owner,
    /// timeline actor).
    public var person: String?
    public var limit: Int
    public var offset: Int

    public init(
        query: String? = nil, severity: Severity? = nil, kind: IncidentKind? = nil, status: Status? = nil,
        service: String? = nil, tag: String? = nil, from: LocalDate? = nil, to: LocalDate? = nil,
        person: String? = nil, limit: Int = 50, offset: Int = 0
    ) {
        self.person = person
        self.query = query
        self.severity = severity
        self.kind = kind
        self.status = status
        self.service = service
        self.tag = tag
        self.from = from
        self.to = to
        self.limit = limit
        self.offset = offset
    }
}

/// A search result.
public struct SearchHit: Sendable {
    public var summary: IncidentSummary
    /// Text around the matches; matched words are wrapped in `SearchHit.markStart`/`markEnd`,
    /// characters that never occur in input, so a page escapes the text first and then marks.
    public var snippet: String
    /// BM25 rank (lower is better).
    public var rank: Double

    public static let markStart = "\u{E000}"
    public static let markEnd = "\u{E001}"
}

/// Which action items to list.
public struct ActionFilter: Sendable, Equatable {
    public var owner: String?
    public var status: ActionStatus?
    /// Only open items due before this day.
    public var overdueOn: LocalDate?
    public var postMortem: String?
    /// Only items not done or dropped.
    public var openOnly: Bool
    public var limit: Int

    public init(
        owner: String? = nil, status: ActionStatus? = nil, overdueOn: LocalDate? = nil, postMortem: String? = nil,
        openOnly: Bool = false, limit: Int = 2000
    ) {
        self.owner = owner
        self.status = status
        self.overdueOn = overdueOn
        self.postMortem = postMortem
        self.openOnly = openOnly
        self.limit = limit
    }
}

/// An action item with the post-mortem it belongs to.
public struct ActionRow: Sendable, Codable, Equatable {
    public var postMortem: String
    public var postMortemTitle: String
    public var postMortemVersion: Int
    /// Position in the post-mortem's action list (0-based).
    public var index: Int
    public var item: ActionItem
}

/// An account.
public struct User: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var displayName: String
    public var role: Role
    public var disabled: Bool
    public var createdAt: Date
    /// bcrypt hash; never shown.
    public var passwordHash: String

    public var member: Member { Member(name: name, role: role) }
}

/// A signed-in browser.
public struct Session: Sendable, Equatable {
    /// SHA-256 of the cookie value: a leaked database does not hand out sessions.
    public var tokenHash: String
    public var userID: Int64
    /// The token every form of this session must carry.
    public var csrfToken: String
    public var expiresAt: Date

    public init(tokenHash: String, userID: Int64, csrfToken: String, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// A bearer token for the API (its hash only is stored).
public struct APIToken: Sendable, Codable, Equatable {
    public var id: Int64
    public var userID: Int64
    public var name: String
    public var createdAt: Date
}

/// A comment on a post-mortem.
public struct Comment: Sendable, Codable, Equatable {
    public var id: Int64
    public var postMortem: String
    public var author: String
    public var body: String
    /// The version the author was looking at.
    public var version: Int
    public var createdAt: Date
}

/// A file to attach.
public struct NewAttachment: Sendable {
    public var postMortem: String
    public var filename: String
    public var contentType: String
    public var data: Data
    public var uploadedBy: String

    public init(postMortem: String, filename: String, contentType: String, data: Data, uploadedBy: String) {
        self.postMortem = postMortem
        self.filename = filename
        self.contentType = contentType
        self.data = data
        self.uploadedBy = uploadedBy
    }
}

/// A stored attachment's description.
public struct AttachmentInfo: Sendable, Codable, Equatable {
    public var id: String
    public var postMortem: String
    public var filename: String
    public var contentType: String
    public var size: Int
    public var sha256: String
    public var uploadedBy: String
    public var createdAt: Date
}

/// One line of the audit trail: who did what to what, when.
public struct AuditEvent: Sendable, Codable, Equatable {
    public var at: Date
    public var actor: String
    /// "login", "login-failed", "create", "update", "transition", "user-add"…
    public var action: String
    public var target: String
    public var detail: String

    /// Every field is cleaned on the way in (`AuditText.clean`): what an account name or a
    /// title holds can neither forge a line of the trail nor send a terminal escape.
    public init(at: Date, actor: String, action: String, target: String, detail: String = "") {
        self.at = at
        self.actor = AuditText.clean(actor)
        self.action = AuditText.clean(action)
        self.target = AuditText.clean(target)
        self.detail = AuditText.clean(detail)
    }
}

/// Text bound for the audit trail: control characters (newlines, tabs, escape sequences,
/// bidirectional overrides) shown as `\u{…}` escapes, and at most `limit` characters kept.
/// Cleaning twice gives what cleaning once gave, so rows are cleaned again when read.
public enum AuditText {
    public static let defaultLimit = 256

    public static func clean(_ text: String, limit: Int = defaultLimit) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
            if out.count > limit { break }
        }
        guard out.count > limit else { return String(out) }
        return String(String.UnicodeScalarView(out.prefix(limit - 1))) + "…"
    }

    /// C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || scalar.properties.generalCategory == .format
            || v == 0x2028 || v == 0x2029
    }
}
