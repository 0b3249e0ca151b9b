/// A step in the review workflow: draft → in review → approved → published.
public enum ReviewAction: String, Sendable, Codable, CaseIterable {
    /// An author sends a draft to review.
    case submit
    /// A reviewer approves; the post-mortem is approved once the policy's approvals are in.
    case approve
    /// A reviewer sends it back to draft.
    case requestChanges = "request-changes"
    /// A reviewer publishes an approved post-mortem with no lint errors.
    case publish
    /// One of its authors (or an admin) takes a post-mortem under review or approved back to draft.
    case withdraw

    /// The label on the button.
    public var label: String {
        switch self {
        case .submit: "Submit for review"
        case .approve: "Approve"
        case .requestChanges: "Request changes"
        case .publish: "Publish"
        case .withdraw: "Back to draft"
        }
    }
}

/// Why a workflow step was refused, in words for the person who tried it.
public struct WorkflowError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// True when the member lacks the role; false when the post-mortem is not ready.
    public var forbidden: Bool

    public init(_ message: String, forbidden: Bool = false) {
        self.message = message
        self.forbidden = forbidden
    }

    public var description: String { message }
}

/// The rules of the review workflow, pure: callers pass the lint errors and the day.
public enum Workflow {
    /// The steps `member` may take on `pm` now (the buttons to show).
    public static func actions(for pm: PostMortem, by member: Member) -> [ReviewAction] {
        guard Access.canSee(pm, member) else { return [] }
        return actions(status: pm.status, isAuthor: isAuthor(member, of: pm), role: member.role)
    }

    /// The steps a member with `role` may take on a post-mortem they can see, in `status`,
    /// that they did or did not write (ignoring approvals and lint, which only publishing needs).
    public static func actions(status: Status, isAuthor: Bool, role: Role) -> [ReviewAction] {
        ReviewAction.allCases.filter { refusal($0, status: status, isAuthor: isAuthor, role: role) == nil }
    }

    /// Applies `action`, or throws why not. Approvals are recorded in the post-mortem's review,
    /// so the Markdown keeps them.
    public static func apply(
        _ action: ReviewAction, to pm: PostMortem, by member: Member, policy: Policy, lintErrors: Int,
        today: LocalDate
    ) throws(WorkflowError) -> PostMortem {
        try check(action, pm: pm, member: member, policy: policy, lintErrors: lintErrors)
        var next = pm
        switch action {
        case .submit:
            next.status = .inReview
        case .approve, .requestChanges:
            let decision: ReviewDecision = action == .approve ? .approved : .changesRequested
            next.review.approvals.removeAll { $0.reviewer.lowercased() == member.name.lowercased() }
            next.review.approvals.append(Approval(reviewer: member.name, date: today, decision: decision))
            if !next.reviewers.contains(where: { $0.lowercased() == member.name.lowercased() }) {
                next.reviewers.append(member.name)
            }
            if action == .requestChanges {
                next.status = .draft
            } else if approvals(next) >= policy.requiredApprovals {
                next.status = .approved
            }
        case .publish:
            next.status = .published
        case .withdraw:
            next.status = .draft
        }
        return next
    }

    /// The approvals that count: decision approved, by someone who did not write it.
    public static func approvals(_ pm: PostMortem) -> Int {
        let authors = Set(pm.authors.map { $0.lowercased() })
        return pm.review.approvals.filter { $0.decision == .approved && !authors.contains($0.reviewer.lowercased()) }
            .count
    }

    private static func isAuthor(_ member: Member, of pm: PostMortem) -> Bool {
        pm.authors.contains { $0.lowercased() == member.name.lowercased() }
    }

    private static func check(
        _ action: ReviewAction, pm: PostMortem, member: Member, policy: Policy, lintErrors: Int
    ) throws(WorkflowError) {
        guard Access.canSee(pm, member) else { throw WorkflowError("not found", forbidden: true) }
        if let refused = refusal(action, status: pm.status, isAuthor: isAuthor(member, of: pm), role: member.role) {
            throw refused
        }
        if action == .publish {
            let count = approvals(pm)
            guard count >= policy.requiredApprovals else {
                throw WorkflowError("it has \(count) of \(policy.requiredApprovals) required approvals")
            }
            guard lintErrors == 0 else {
                throw WorkflowError("lint reports \(lintErrors) error\(lintErrors == 1 ? "" : "s"); fix them first")
            }
        }
    }

    /// Why the role and status rule `action` out, or nil.
    private static func refusal(_ action: ReviewAction, status: Status, isAuthor: Bool, role: Role) -> WorkflowError? {
        switch action {
        case .submit:
            guard role >= .author else { return WorkflowError("only authors submit for review", forbidden: true) }
            guard status == .draft else {
                return WorkflowError("only a draft can be submitted; this one is \(status.rawValue)")
            }
        case .approve, .requestChanges:
            guard role >= .reviewer else { return WorkflowError("only reviewers review", forbidden: true) }
            guard !isAuthor else {
                return WorkflowError("authors cannot review their own post-mortem", forbidden: true)
            }
            guard status == .inReview else {
                return WorkflowError("only a post-mortem in review can be reviewed; this one is \(status.rawValue)")
            }
        case .publish:
            guard role >= .reviewer else { return WorkflowError("only reviewers publish", forbidden: true) }
            guard status == .approved else {
                return WorkflowError("only an approved post-mortem can be published; this one is \(status.rawValue)")
            }
        case .withdraw:
            guard role >= .author, isAuthor || role == .admin else {
                return WorkflowError("only its authors take a post-mortem back to draft", forbidden: true)
            }
            guard status == .inReview || status == .approved else {
                return WorkflowError("only a post-mortem in review or approved goes back to draft")
            }
        }
        return nil
    }
}
