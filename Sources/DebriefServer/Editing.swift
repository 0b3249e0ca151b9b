import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Hummingbird

/// Every change to post-mortems made through the server goes through here: the editor, uploads,
/// the API, review steps, comments, attachments and the action-items board. Controllers parse
/// what was sent and render what comes back; the rules are kept once, here:
/// - only authors and above write, and only what `Access.canEdit` lets them edit;
/// - a restricted post-mortem must name the person saving it, or they would lose sight of it;
/// - the workflow owns status and approvals: a new post-mortem is a draft with none, an edit
///   keeps the current version's, and only review steps (`Workflow`) change them;
/// - every change is written to the audit log, with who made it.
struct Editing: Sendable {
    let store: any Store
    let policy: Policy

    /// The post-mortem `id` as `member` may see it, or 404 (restricted ones included: their
    /// existence is not revealed).
    func load(_ id: String, _ member: Member) async throws -> StoredPostMortem {
        guard let stored = try await store.postMortem(id: id, for: member) else {
            throw HTTPError(.notFound, message: "no post-mortem '\(id)'")
        }
        return stored
    }

    /// `member` if they may write post-mortems at all, else 403.
    @discardableResult
    static func requireWriter(_ member: Member) throws -> Member {
        guard Access.canCreate(member) else {
            throw HTTPError(.forbidden, message: "viewers cannot write post-mortems")
        }
        return member
    }

    /// The post-mortem `id` if `member` may edit it: 404 when they cannot see it, 403 when they
    /// may only read it.
    func loadForEditing(_ id: String, _ member: Member) async throws -> StoredPostMortem {
        try Self.requireEditable(try await load(id, member), member)
    }

    /// `stored` if `member` may edit it, else 403.
    @discardableResult
    static func requireEditable(_ stored: StoredPostMortem, _ member: Member) throws -> StoredPostMortem {
        guard Access.canEdit(stored.postMortem, member) else {
            throw HTTPError(.forbidden, message: "you cannot edit this post-mortem")
        }
        return stored
    }

    /// Why `member` may not save `pm` as it is, or nil.
    static func visibilityProblem(_ pm: PostMortem, _ member: Member) -> String? {
        Access.canSee(pm, member) ? nil : "Restricted post-mortems must name you (as an author, say)"
    }

    /// Saves `pm` as a new draft by `member` (its authors, when it names none). With
    /// `freeID`, a taken id gets the first free `-2`, `-3`… suffix; without, a taken id is
    /// `StoreError.duplicate`.
    func create(_ pm: PostMortem, by member: Member, note: String, freeID: Bool = false) async throws
        -> StoredPostMortem
    {
        try Self.requireWriter(member)
        var pm = pm
        if pm.authors.isEmpty { pm.authors = [member.name] }
        if let problem = Self.visibilityProblem(pm, member) { throw HTTPError(.badRequest, message: problem) }
        pm.status = .draft
        pm.review.approvals = []
        if freeID {
            let wanted = pm.id
            var suffix = 2
            while try await store.exists(id: pm.id) {
                pm.id = wanted + "-\(suffix)"
                suffix += 1
            }
        }
        let saved = try await store.create(pm, by: member.name, note: note, demo: false)
        try await audit(member, "create", saved.id)
        return saved
    }

    /// Saves `pm` as the next version of `id` on top of `baseVersion`, keeping the current
    /// version's status and approvals. A save since `baseVersion` is `StoreError.staleEdit`.
    func update(_ pm: PostMortem, id: String, baseVersion: Int, by member: Member, note: String) async throws
        -> StoredPostMortem
    {
        try Self.requireWriter(member)
        return try await update(
            pm, over: try await loadForEditing(id, member), baseVersion: baseVersion, by: member, note: note)
    }

    /// The same, over `current` as the caller already read it (its id, status and approvals
    /// are kept): no second read of the post-mortem.
    func update(
        _ pm: PostMortem, over current: StoredPostMortem, baseVersion: Int, by member: Member, note: String
    ) async throws -> StoredPostMortem {
        try Self.requireWriter(member)
        try Self.requireEditable(current, member)
        let id = current.id
        var pm = pm
        pm.id = id
        pm.status = current.postMortem.status
        pm.review = current.postMortem.review
        pm.actionItems = ActionItem.stampingClosures(
            pm.actionItems, previous: current.postMortem.actionItems, today: todayUTC())
        if let problem = Self.visibilityProblem(pm, member) { throw HTTPError(.badRequest, message: problem) }
        let saved = try await store.update(pm, baseVersion: baseVersion, by: member.name, note: note)
        try await audit(member, "update", id, detail: "v\(saved.version)")
        return saved
    }

    /// Takes a review step and saves it as a new version, with `comment` (if any) beside it.
    func transition(_ id: String, _ action: ReviewAction, by member: Member, comment: String?) async throws
        -> StoredPostMortem
    {
        let stored = try await load(id, member)
        let today = todayUTC()
        let errors = findings(stored, today: today).filter { $0.severity == .error }.count
        let next = try Workflow.apply(
            action, to: stored.postMortem, by: member, policy: policy, lintErrors: errors, today: today)
        let saved = try await store.update(next, baseVersion: stored.version, by: member.name, note: action.label)
        if let comment, !comment.isEmpty {
            _ = try await store.addComment(
                postMortem: id, author: member.name, body: "**\(action.label):** \(comment)", version: saved.version)
        }
        try await audit(
            member, "transition", id,
            detail: "\(stored.postMortem.status.rawValue) → \(saved.postMortem.status.rawValue)")
        return saved
    }

    /// Records a review meeting in a post-mortem: its day and who came go into `review`, and the
    /// notes beside it as a comment, as one new version by `member`.
    func recordMeeting(_ meeting: ReviewMeeting, in id: String, by member: Member) async throws -> StoredPostMortem {
        let stored = try await loadForEditing(id, member)
        let next = meeting.recorded(in: stored.postMortem)
        let saved =
            next == stored.postMortem
            ? stored
            : try await store.update(
                next, baseVersion: stored.version, by: member.name, note: "review meeting \(meeting.localDay)")
        if !meeting.notes.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            _ = try await store.addComment(
                postMortem: id, author: member.name,
                body:
                    "**Review meeting \(meeting.localTime)** (\(meeting.present.joined(separator: ", "))):\n\n\(meeting.notes)",
                version: saved.version)
        }
        try await audit(member, "meeting-record", id, detail: "meeting \(meeting.id)")
        return saved
    }

    /// The longest comment taken.
    static let commentLimit = 20_000

    func comment(on id: String, _ body: String, by member: Member) async throws -> Comment {
        let stored = try await load(id, member)
        guard Access.canComment(stored.postMortem, member) else {
            throw HTTPError(.forbidden, message: "you cannot comment on this post-mortem")
        }
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, body.count <= Self.commentLimit else {
            throw HTTPError(.badRequest, message: "write a comment of at most 20,000 characters")
        }
        let comment = try await store.addComment(
            postMortem: id, author: member.name, body: body, version: stored.version)
        try await audit(member, "comment", id, detail: "on v\(stored.version)")
        return comment
    }

    /// Attaches a file whose type the caller has checked to `current`, as the caller read it.
    func attach(_ file: NewAttachment, to current: StoredPostMortem, by member: Member) async throws -> AttachmentInfo {
        try Self.requireEditable(current, member)
        let info = try await store.addAttachment(file)
        try await audit(member, "attach", file.postMortem, detail: "\(info.filename) (\(info.size) bytes)")
        return info
    }

    /// Sets the status of the action items at `indexes` of `id`, as one new version on top of
    /// `baseVersion`.
    func setActionStatus(
        _ status: ActionStatus, of indexes: [Int], in id: String, baseVersion: Int, by member: Member
    ) async throws -> StoredPostMortem {
        let current = try await loadForEditing(id, member)
        var pm = current.postMortem
        for index in indexes where pm.actionItems.indices.contains(index) {
            pm.actionItems[index].status = status
        }
        return try await update(
            pm, over: current, baseVersion: baseVersion, by: member, note: "action items → \(status.rawValue)")
    }

    /// Lint findings of a stored version, as of `today`.
    func findings(_ stored: StoredPostMortem, today: LocalDate) -> [Finding] {
        guard
            let document = stored.document
                ?? (try? PostMortemParser.parse(stored.markdown, path: "\(stored.id).md"))
        else { return [] }
        return lint(document, today: today)
    }

    /// Lint findings of a document, as of `today`, under the server's policy.
    func lint(_ document: SourceDocument, today: LocalDate) -> [Finding] {
        Linter().lint(document, policy: policy, today: today)
    }

    func audit(_ member: Member, _ action: String, _ target: String, detail: String = "") async throws {
        try await store.audit(
            AuditEvent(at: Date(), actor: member.name, action: action, target: target, detail: detail))
    }
}
