import Foundation

/// The public version of one post-mortem: its own versions, the words its authors kept from
/// redaction or added to it, a reviewer's approval of one version, and what was published.
public struct PublicState: Sendable, Equatable {
    /// The latest public version (0 when none was made).
    public var version: Int
    public var updatedAt: Date?
    public var updatedBy: String?
    /// Words the redactor took that the authors put back (false positives).
    public var keep: [String]
    /// Words the authors want redacted besides what the redactor finds.
    public var redact: [String]
    /// An admin let this restricted post-mortem have a public version.
    public var allowRestricted: Bool
    public var approvedVersion: Int?
    public var approvedBy: String?
    public var publishedVersion: Int?
    /// The id it is published under (its public id: customers' names taken out).
    public var publishedID: String?
    public var publishedAt: Date?

    public init(
        version: Int = 0, updatedAt: Date? = nil, updatedBy: String? = nil, keep: [String] = [],
        redact: [String] = [], allowRestricted: Bool = false, approvedVersion: Int? = nil, approvedBy: String? = nil,
        publishedVersion: Int? = nil, publishedID: String? = nil, publishedAt: Date? = nil
    ) {
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.keep = keep
        self.redact = redact
        self.allowRestricted = allowRestricted
        self.approvedVersion = approvedVersion
        self.approvedBy = approvedBy
        self.publishedVersion = publishedVersion
        self.publishedID = publishedID
        self.publishedAt = publishedAt
    }

    /// The latest version has a reviewer's approval.
    public var isApproved: Bool { version > 0 && approvedVersion == version }
    public var isPublished: Bool { publishedVersion != nil }
}

/// The rules of public versions, pure: who may do what, and what publishing needs.
public enum Publication {
    /// Whether `member` may make or edit the public version of `pm`: someone who may edit the
    /// post-mortem, and for a restricted one only once an admin allowed it.
    public static func editRefusal(_ pm: PostMortem, _ state: PublicState, by member: Member) -> WorkflowError? {
        guard Access.canEdit(pm, member) else {
            return WorkflowError("only authors, reviewers and admins make public versions", forbidden: true)
        }
        if pm.restricted && !state.allowRestricted {
            return WorkflowError(
                "this post-mortem is restricted: it gets a public version only when an admin allows it")
        }
        return nil
    }

    /// Why `member` may not approve the latest public version, or nil.
    public static func approveRefusal(_ state: PublicState, by member: Member) -> WorkflowError? {
        guard member.role >= .reviewer else {
            return WorkflowError("only reviewers and admins approve a public version", forbidden: true)
        }
        guard state.version > 0 else { return WorkflowError("there is no public version to approve yet") }
        if state.updatedBy?.lowercased() == member.name.lowercased() {
            return WorkflowError("someone other than the last editor of the public version approves it")
        }
        return nil
    }

    /// Why the latest public version may not be published now, or nil. `findings` are what the
    /// secret and personal-data rules still find in it.
    public static func publishRefusal(
        _ pm: PostMortem, _ state: PublicState, findings: Int, by member: Member
    ) -> WorkflowError? {
        guard member.role >= .reviewer else {
            return WorkflowError("only reviewers and admins publish", forbidden: true)
        }
        if pm.restricted && !state.allowRestricted {
            return WorkflowError("this post-mortem is restricted and no admin allowed a public version")
        }
        guard state.isApproved else {
            return WorkflowError("a reviewer must approve this public version (version \(state.version)) first")
        }
        guard findings == 0 else {
            return WorkflowError(
                "the redaction check still finds \(findings) secret or personal-data item\(findings == 1 ? "" : "s")")
        }
        return nil
    }
}
