import Foundation

/// One post-mortem: what happened, why, and what the team will do about it.
public struct PostMortem: Sendable, Codable, Equatable {
    // MARK: Metadata
    /// A stable slug, e.g. `2026-03-04-checkout-outage`.
    public var id: String
    public var title: String
    public var status: Status
    public var severity: Severity?
    public var kind: IncidentKind?
    public var services: [String]
    public var tags: [String]
    public var authors: [String]
    public var commander: String?
    public var reviewers: [String]
    /// Visible only to named people (security and data-exposure post-mortems).
    public var restricted: Bool

    // MARK: Key instants
    public var started: Instant?
    public var detected: Instant?
    /// When someone outside reported it, where that differs from `detected`.
    public var reported: Instant?
    public var mitigated: Instant?
    public var resolved: Instant?
    /// Fields whose value was inferred (by the evidence drafter), not written by a person.
    public var inferred: [String]

    // MARK: Narrative
    public var summary: String?
    public var impact: Impact
    public var timeline: [TimelineEntry]
    /// Prose of the timeline section that is not an entry (e.g. "All times UTC").
    public var timelineNotes: String?
    public var rootCause: RootCause
    public var detection: Detection
    /// How the team responded and recovered.
    public var response: String?
    public var lessons: Lessons
    public var actionItems: [ActionItem]
    /// Prose of the action-items section that is not an item.
    public var actionNotes: String?
    public var attachments: [Attachment]
    public var links: [Link]
    public var review: Review
    /// Sections Debrief does not know, kept verbatim and written back.
    public var extraSections: [Section]
    /// Front-matter keys Debrief does not know, kept as YAML text and written back.
    public var extraMetadata: String?

    public init(
        id: String = "", title: String = "", status: Status = .draft, severity: Severity? = nil,
        kind: IncidentKind? = nil, services: [String] = [], tags: [String] = [], authors: [String] = [],
        commander: String? = nil, reviewers: [String] = [], restricted: Bool = false, started: Instant? = nil,
        detected: Instant? = nil, reported: Instant? = nil, mitigated: Instant? = nil, resolved: Instant? = nil,
        inferred: [String] = [], summary: String? = nil, impact: Impact = Impact(), timeline: [TimelineEntry] = [],
        timelineNotes: String? = nil, rootCause: RootCause = RootCause(), detection: Detection = Detection(),
        response: String? = nil, lessons: Lessons = Lessons(), actionItems: [ActionItem] = [],
        actionNotes: String? = nil, attachments: [Attachment] = [], links: [Link] = [], review: Review = Review(),
        extraSections: [Section] = [], extraMetadata: String? = nil
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.severity = severity
        self.kind = kind
        self.services = services
        self.tags = tags
        self.authors = authors
        self.commander = commander
        self.reviewers = reviewers
        self.restricted = restricted
        self.started = started
        self.detected = detected
        self.reported = reported
        self.mitigated = mitigated
        self.resolved = resolved
        self.inferred = inferred
        self.summary = summary
        self.impact = impact
        self.timeline = timeline
        self.timelineNotes = timelineNotes
        self.rootCause = rootCause
        self.detection = detection
        self.response = response
        self.lessons = lessons
        self.actionItems = actionItems
        self.actionNotes = actionNotes
        self.attachments = attachments
        self.links = links
        self.review = review
        self.extraSections = extraSections
        self.extraMetadata = extraMetadata
    }

    /// The time of the first (or last) timeline entry of one of these kinds.
    /// The first (or last) time of an entry of one of `kinds`, at or after `notBefore` when given.
    public func timelineTime(of kinds: [TimelineKind], last: Bool = false, notBefore: Instant? = nil) -> Instant? {
        let times = timeline.lazy.filter { kinds.contains($0.kind) }.compactMap(\.time).filter { time in
            notBefore.map { time.date >= $0.date } ?? true
        }
        return last ? times.reversed().first : times.first
    }

    /// Everyone the document names as a person: authors, commander, reviewers, owners, actors.
    public var people: Set<String> {
        var names = Set(authors + reviewers + review.attendees)
        if let commander { names.insert(commander) }
        names.formUnion(actionItems.compactMap(\.owner))
        names.formUnion(timeline.compactMap(\.actor))
        names.formUnion(review.approvals.map(\.reviewer))
        return names
    }
}

/// Who and what was hurt, and how much.
public struct Impact: Sendable, Codable, Equatable {
    public var users: Int?
    public var customers: Int?
    /// What data was affected ("none", "order history of 312 customers").
    public var data: String?
    /// Whether personal data was affected; nil when nobody assessed it.
    public var personalData: Bool?
    public var services: [String]
    /// The duration the author stated (checked against the key instants).
    public var statedDuration: String?
    /// SLO or error budget consumed, as written ("38% of the monthly budget").
    public var sloBudget: String?
    /// Money lost or refunded, as written.
    public var cost: String?
    /// When regulators or customers were notified of a personal-data breach.
    public var notified: Instant?
    /// The prose of the Impact section.
    public var notes: String?

    public init(
        users: Int? = nil, customers: Int? = nil, data: String? = nil, personalData: Bool? = nil,
        services: [String] = [], statedDuration: String? = nil, sloBudget: String? = nil, cost: String? = nil,
        notified: Instant? = nil, notes: String? = nil
    ) {
        self.users = users
        self.customers = customers
        self.data = data
        self.personalData = personalData
        self.services = services
        self.statedDuration = statedDuration
        self.sloBudget = sloBudget
        self.cost = cost
        self.notified = notified
        self.notes = notes
    }
}

/// One line of the timeline.
public struct TimelineEntry: Sendable, Codable, Equatable {
    /// When; nil when the author did not know (`--:--`).
    public var time: Instant?
    /// The end of a range (`14:02–14:10`).
    public var until: Instant?
    public var kind: TimelineKind
    public var text: String
    public var actor: String?
    public var evidence: [EvidenceReference]

    public init(
        time: Instant?, until: Instant? = nil, kind: TimelineKind, text: String, actor: String? = nil,
        evidence: [EvidenceReference] = []
    ) {
        self.time = time
        self.until = until
        self.kind = kind
        self.text = text
        self.actor = actor
        self.evidence = evidence
    }
}

/// Where a fact came from: a file and line, a URL, or a chat message / commit id.
public struct EvidenceReference: Sendable, Codable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var url: String?
    /// A chat message id (`#channel@1700000000.000100`) or a commit sha.
    public var message: String?

    public init(file: String? = nil, line: Int? = nil, url: String? = nil, message: String? = nil) {
        self.file = file
        self.line = line
        self.url = url
        self.message = message
    }

    /// `file:line`, the URL, or `msg:id`.
    public var description: String {
        if let url { return url }
        if let file { return line.map { "\(file):\($0)" } ?? file }
        return "msg:" + (message ?? "")
    }

    /// Reads the `description` form back.
    public init(parsing text: String) {
        let trimmed = text.trimmedWhitespace()
        if trimmed.hasPrefix("msg:") {
            self.init(message: String(trimmed.dropFirst(4)))
        } else if trimmed.containsASCII("://") {
            self.init(url: trimmed)
        } else if let colon = trimmed.lastIndex(of: ":"), let line = Int(trimmed[trimmed.index(after: colon)...]) {
            self.init(file: String(trimmed[..<colon]), line: line)
        } else {
            self.init(file: trimmed)
        }
    }
}

/// The trigger, the root cause, the Five Whys and the contributing factors.
public struct RootCause: Sendable, Codable, Equatable {
    /// What set it off (a deploy, a certificate expiry).
    public var trigger: String?
    /// The systemic cause, in prose.
    public var text: String?
    public var whys: [Why]
    /// Prose of the Five Whys section that is not a why.
    public var whysNotes: String?
    public var factors: [ContributingFactor]
    /// Prose of the factors section that is not a factor.
    public var factorsNotes: String?

    public init(
        trigger: String? = nil, text: String? = nil, whys: [Why] = [], whysNotes: String? = nil,
        factors: [ContributingFactor] = [], factorsNotes: String? = nil
    ) {
        self.trigger = trigger
        self.text = text
        self.whys = whys
        self.whysNotes = whysNotes
        self.factors = factors
        self.factorsNotes = factorsNotes
    }
}

/// One step of the Five Whys chain.
public struct Why: Sendable, Codable, Equatable {
    public var question: String
    public var answer: String

    public init(question: String, answer: String) {
        self.question = question
        self.answer = answer
    }
}

/// Something that made the incident possible or worse, tagged for trend counting.
public struct ContributingFactor: Sendable, Codable, Equatable {
    public var category: FactorCategory?
    public var text: String

    public init(category: FactorCategory?, text: String) {
        self.category = category
        self.text = text
    }
}

/// How the incident was detected.
public struct Detection: Sendable, Codable, Equatable {
    public var method: DetectionMethod?
    public var notes: String?

    public init(method: DetectionMethod? = nil, notes: String? = nil) {
        self.method = method
        self.notes = notes
    }
}

/// What went well, what went poorly, where the team got lucky.
public struct Lessons: Sendable, Codable, Equatable {
    public var wentWell: [String]
    public var wentPoorly: [String]
    public var gotLucky: [String]
    /// Prose of the lessons section outside those three lists.
    public var notes: String?

    public init(wentWell: [String] = [], wentPoorly: [String] = [], gotLucky: [String] = [], notes: String? = nil) {
        self.wentWell = wentWell
        self.wentPoorly = wentPoorly
        self.gotLucky = gotLucky
        self.notes = notes
    }

    public var isEmpty: Bool { wentWell.isEmpty && wentPoorly.isEmpty && gotLucky.isEmpty && (notes ?? "").isEmpty }
}

/// A follow-up the team commits to.
public struct ActionItem: Sendable, Codable, Equatable {
    public var title: String
    public var owner: String?
    public var due: LocalDate?
    public var priority: Priority?
    public var type: ActionType?
    public var status: ActionStatus
    /// A tracker link (Jira, GitHub issue…).
    public var link: String?
    /// The day it was closed (done or dropped). The server and tracker sync stamp it when the
    /// status changes; in Markdown it is a "Closed" column. What "done by its due date" and
    /// "recurred after the fix" are measured against.
    public var closed: LocalDate?

    public init(
        title: String, owner: String? = nil, due: LocalDate? = nil, priority: Priority? = nil, type: ActionType? = nil,
        status: ActionStatus = .open, link: String? = nil, closed: LocalDate? = nil
    ) {
        self.title = title
        self.owner = owner
        self.due = due
        self.priority = priority
        self.type = type
        self.status = status
        self.link = link
        self.closed = closed
    }

    /// Done by its due date: closed as done on or before the day it was due. Nil when that
    /// cannot be told (no due date, or done with no closing day recorded).
    public var doneOnTime: Bool? {
        guard let due else { return nil }
        guard status == .done else { return false }
        return closed.map { $0 <= due }
    }

    /// `items` as saved over `previous` on `today`: an item that has just been closed gets
    /// `today` as its closing day (unless one was written), one that stays closed keeps the day
    /// it had, and one reopened loses it. Items are matched by title, then by position.
    public static func stampingClosures(_ items: [ActionItem], previous: [ActionItem], today: LocalDate)
        -> [ActionItem]
    {
        var byTitle: [String: ActionItem] = [:]
        for item in previous where byTitle[item.title] == nil { byTitle[item.title] = item }
        return items.enumerated().map { index, item in
            var item = item
            let before = byTitle[item.title] ?? (previous.indices.contains(index) ? previous[index] : nil)
            let wasClosed = before?.status.isClosed ?? false
            if item.status.isClosed {
                if item.closed == nil { item.closed = wasClosed ? (before?.closed ?? nil) : today }
            } else if wasClosed {
                item.closed = nil
            }
            return item
        }
    }

    /// Open past its due date on `today`.
    public func isOverdue(on today: LocalDate) -> Bool {
        guard let due, !status.isClosed else { return false }
        return due < today
    }
}

/// A file that belongs to the post-mortem (a graph, a screenshot).
public struct Attachment: Sendable, Codable, Equatable {
    public var path: String
    public var caption: String

    public init(path: String, caption: String) {
        self.path = path
        self.caption = caption
    }
}

/// A related page: a ticket, a dashboard, a status-page post.
public struct Link: Sendable, Codable, Equatable {
    public var title: String
    public var url: String

    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}

/// The review meeting and the approvals.
public struct Review: Sendable, Codable, Equatable {
    public var meeting: LocalDate?
    public var attendees: [String]
    public var approvals: [Approval]

    public init(meeting: LocalDate? = nil, attendees: [String] = [], approvals: [Approval] = []) {
        self.meeting = meeting
        self.attendees = attendees
        self.approvals = approvals
    }

    public var isEmpty: Bool { meeting == nil && attendees.isEmpty && approvals.isEmpty }
}

/// One reviewer's decision.
public struct Approval: Sendable, Codable, Equatable {
    public var reviewer: String
    public var date: LocalDate?
    public var decision: ReviewDecision

    public init(reviewer: String, date: LocalDate?, decision: ReviewDecision) {
        self.reviewer = reviewer
        self.date = date
        self.decision = decision
    }
}

/// A section Debrief does not model, kept word for word.
public struct Section: Sendable, Codable, Equatable {
    public var heading: String
    public var body: String
    /// The known section it followed in the source (its canonical key), or nil for the top.
    public var after: SectionKey?

    public init(heading: String, body: String, after: SectionKey? = nil) {
        self.heading = heading
        self.body = body
        self.after = after
    }
}

/// The standard sections, in canonical order.
public enum SectionKey: String, Sendable, Codable, CaseIterable {
    case summary, impact, timeline, trigger
    case rootCause = "root-cause"
    case fiveWhys = "five-whys"
    case contributingFactors = "contributing-factors"
    case detection, response
    case actionItems = "action-items"
    case lessons, attachments, links

    /// The canonical heading.
    public var heading: String {
        switch self {
        case .summary: "Summary"
        case .impact: "Impact"
        case .timeline: "Timeline"
        case .trigger: "Trigger"
        case .rootCause: "Root cause"
        case .fiveWhys: "Five whys"
        case .contributingFactors: "Contributing factors"
        case .detection: "Detection"
        case .response: "Response"
        case .actionItems: "Action items"
        case .lessons: "Lessons learned"
        case .attachments: "Attachments"
        case .links: "Links"
        }
    }
}
