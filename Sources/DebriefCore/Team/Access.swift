/// What a member of the team may do, from the least to the most.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Reads post-mortems and comments on them.
    case viewer
    /// Also writes post-mortems, edits them and submits them for review.
    case author
    /// Also approves, requests changes and publishes.
    case reviewer
    /// Also manages accounts and the demo workspace.
    case admin

    private var rank: Int { Role.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// The person asking: their account name and role.
public struct Member: Sendable, Equatable, Hashable {
    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }
}

/// Who may see and change a post-mortem. One place, so that pages, search, lists,
/// dashboards and the API cannot disagree.
public enum Access {
    /// Restricted post-mortems are visible only to the people they name (authors, commander,
    /// reviewers, attendees, action owners, timeline actors); admins are not an exception,
    /// because a security post-mortem can concern an admin.
    public static func canSee(_ pm: PostMortem, _ member: Member) -> Bool {
        !pm.restricted || names(pm).contains(member.name.lowercased())
    }

    /// The lower-cased names a restricted post-mortem is visible to.
    public static func names(_ pm: PostMortem) -> Set<String> {
        Set(pm.people.map { $0.lowercased() })
    }

    /// Writing and editing post-mortems.
    public static func canEdit(_ pm: PostMortem, _ member: Member) -> Bool {
        member.role >= .author && canSee(pm, member)
    }

    /// Creating a new post-mortem.
    public static func canCreate(_ member: Member) -> Bool { member.role >= .author }

    /// Comments: everyone who can see the post-mortem.
    public static func canComment(_ pm: PostMortem, _ member: Member) -> Bool { canSee(pm, member) }

    /// Accounts, tokens of others, the demo workspace.
    public static func canAdminister(_ member: Member) -> Bool { member.role == .admin }
}
