import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation

// What the templates show, as types: each page's model and the rows it lists. Field names are
// the templates' names. Text is ready to print (escaped by `{{ }}`); fields ending in `HTML`
// hold HTML this server built, escaping user text on the way. Empty text and nil are false in
// sections (see `ModelScope`). Templates see stored properties only, never computed ones.

/// One choice of a `<select>`.
struct Option: Sendable {
    var value: String
    var label: String
    var selected: Bool

    static func all<T: RawRepresentable & CaseIterable & Equatable>(_ cases: T.AllCases, _ selected: T?) -> [Option]
    where T.RawValue == String {
        cases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == selected) }
    }
}

/// A post-mortem in a list: the incident list, search, the dashboard, similar incidents.
struct IncidentRow: Sendable {
    var id: String
    var url: String
    var title: String
    var status: String
    var severity: String
    var severityClass: String
    var kind: String
    var services: String
    var started: String
    var restricted: Bool
    var demo: Bool
    var openActions: Int
    var ttd: String
    var ttr: String
    var version: Int
    /// Search only: the matching text, escaped, matches in `<mark>`.
    var snippetHTML: String?
    /// Similar incidents only: why it is like this one.
    var why: String?
}

/// An action item on the board or the dashboard.
struct ActionLine: Sendable {
    var pm: String
    var pmURL: String
    var pmTitle: String
    var pmVersion: Int
    var index: Int
    var title: String
    var owner: String
    var due: String
    var priority: String
    var status: String
    var overdue: Bool
    var link: String
    /// `postmortem|index|version`: what the bulk form sends back.
    var key: String
}

struct FindingRow: Sendable {
    var rule: String
    var severity: String
    var message: String
    var line: Int
}

struct ApprovalRow: Sendable {
    var reviewer: String
    var date: String
    var decision: String
}

struct DiffLine: Sendable {
    var kind: String
    var sign: String
    var text: String
}

/// Everything the post-mortem page (and the editor's preview) shows of the model.
struct PostMortemBody: Sendable {
    struct InstantRow: Sendable {
        var name: String
        var value: String
        var inferred: Bool
    }
    struct TimelineRow: Sendable {
        var time: String
        var kind: String
        var textHTML: String
        var actor: String
        var evidence: String
    }
    struct LinkRow: Sendable {
        var title: String
        var url: String
    }
    struct WhyRow: Sendable {
        var n: Int
        var question: String
        var answer: String
    }
    struct FactorRow: Sendable {
        var category: String
        var text: String
    }
    struct ActionItemRow: Sendable {
        var index: Int
        var title: String
        var owner: String
        var due: String
        var priority: String
        var type: String
        var status: String
        var overdue: Bool
        var link: String
        /// The day it was closed, "" when open or not recorded; `late` when after its due day.
        var closed = ""
        var late = false
    }
    struct SectionRow: Sendable {
        var heading: String
        var bodyHTML: String
    }

    var id: String
    var title: String
    var status: String
    var severity: String
    var severityClass: String
    var kind: String
    var services: String
    var tags: String
    var authors: String
    var commander: String
    var reviewers: String
    var restricted: Bool
    var instants: [InstantRow]
    var ttd: String
    var ttm: String
    var ttr: String
    var summaryHTML: String
    var impactHTML: String
    var timeline: [TimelineRow]
    var hasTimeline: Bool
    var timelineNotesHTML: String
    var whysNotesHTML: String
    var factorsNotesHTML: String
    var actionNotesHTML: String
    var detectionMethod: String
    var detectionHTML: String
    var hasDetection: Bool
    var responseHTML: String
    var links: [LinkRow]
    var hasLinks: Bool
    var extraMetadata: String
    var triggerHTML: String
    var rootCauseHTML: String
    var whys: [WhyRow]
    var hasWhys: Bool
    var factors: [FactorRow]
    var hasFactors: Bool
    var actions: [ActionItemRow]
    var hasActions: Bool
    var wentWell: [String]
    var wentPoorly: [String]
    var gotLucky: [String]
    var lessonsHTML: String
    var hasWentWell: Bool
    var hasWentPoorly: Bool
    var hasGotLucky: Bool
    var hasLessons: Bool
    var approvals: [ApprovalRow]
    var extraSections: [SectionRow]
    /// The version shown, and its lint findings.
    var version = 0
    var findings: [FindingRow] = []
    var hasFindings = false
}

/// `/incidents/ID`.
struct IncidentPage: Sendable {
    struct CommentRow: Sendable {
        var author: String
        var bodyHTML: String
        var at: String
        var version: Int
    }
    struct AttachmentRow: Sendable {
        var id: String
        var filename: String
        var type: String
        var size: Int
        var isImage: Bool
    }

    var title: String
    var status: String
    var severity: String
    var severityClass: String
    var kind: String
    var restricted: Bool
    var demo: Bool
    var version: Int
    var updatedAt: String
    var updatedBy: String
    var url: String
    var notice: String
    var articleHTML: String
    var approvals: [ApprovalRow]
    var canEdit: Bool
    var reviewActions: [Option]
    var hasReviewActions: Bool
    var similar: [IncidentRow]
    var comments: [CommentRow]
    var attachments: [AttachmentRow]
}

/// `/incidents`: the list, or search results.
struct IncidentsPage: Sendable {
    var q: String
    var service: String
    var tag: String
    var from: String
    var to: String
    var severities: [Option]
    var kinds: [Option]
    var statuses: [Option]
    var items: [IncidentRow]
    var searching: Bool
    var total: Int
    var empty: Bool
    var nextURL: String?
    var previousURL: String?
    var range: String
}

struct HistoryPage: Sendable {
    struct VersionRow: Sendable {
        var version: Int
        var author: String
        var at: String
        var note: String
        var changes: String
        var previous: Int
        var hasPrevious: Bool
    }
    var title: String
    var url: String
    var versions: [VersionRow]
    var latest: Int
}

struct DiffPage: Sendable {
    var title: String
    var url: String
    var from: Int
    var to: Int
    var lines: [DiffLine]
    var added: Int
    var removed: Int
    var fromAuthor: String
    var toAuthor: String
}

/// The answer to a stale save whose edits clash with the version saved first.
struct ConflictPage: Sendable {
    struct Clash: Sendable {
        var field: String
        var base: String
        var theirs: String
        var mine: String
    }
    var title: String
    var url: String
    var base: Int
    var current: Int
    var currentBy: String
    var mineMarkdown: String
    var theirsMarkdown: String
    var clashes: [Clash]
    var oneClash: Bool
    var merged: String
    var hasMerged: Bool
    var lines: [DiffLine]
}

struct DashboardPage: Sendable {
    var recent: [IncidentRow]
    var total: Int
    var openCount: Int
    var overdueCount: Int
    var hasOverdue: Bool
    var overdue: [ActionLine]
    var mine: [ActionLine]
    /// SVG charts this server drew.
    var perMonth: String
    var timeTrend: String
}

struct ActionsPage: Sendable {
    struct Group: Sendable {
        var owner: String
        var countText: String
        var overdueText: String
        var items: [ActionLine]
    }
    var groups: [Group]
    var total: Int
    var owner: String
    var overdueOnly: Bool
    var statuses: [Option]
    var canChange: Bool
    var empty: Bool
    var notice: String
    /// The tracker's repository, when items can be sent there by this reader.
    var tracker: String
}

struct AccountPage: Sendable {
    struct TokenRow: Sendable {
        var id: Int64
        var name: String
        var created: String
    }
    var name: String
    var displayName: String
    var role: String
    var tokens: [TokenRow]
    var newToken: String
    var message: String
    var passwordError: String
    /// The calendar links just made (shown once), as paths.
    var calendarMine: String
    var calendarTeam: String
}

struct LoginPage: Sendable {
    var next: String
    var name: String
    var error: String
    var loginToken: String
}

struct ErrorPage: Sendable {
    var code: Int
    var reason: String
    var message: String
}

/// A page that shows nothing but the layout (the upload form).
struct EmptyPage: Sendable {}

/// The signed-in reader in the page header.
struct MeModel: Sendable {
    var name: String
    var displayName: String
    var role: String
    var isAuthor: Bool
    var isReviewer: Bool
    var isAdmin: Bool

    init(_ user: User) {
        name = user.name
        displayName = user.displayName
        role = user.role.rawValue
        isAuthor = user.role >= .author
        isReviewer = user.role >= .reviewer
        isAdmin = user.role == .admin
    }
}

/// The public version of one post-mortem, for its team.
struct PublicVersionPage: Sendable {
    struct RedactionRow: Sendable {
        var category: String
        var field: String
        var line: String
        var original: String
        var replacement: String
        var canKeep: Bool
    }
    struct VersionRow: Sendable {
        var version: Int
        var author: String
        var at: String
        var note: String
    }
    var title: String
    var url: String
    var notice: String
    var exists: Bool
    var version: Int
    var updatedBy: String
    var updatedAt: String
    var restricted: Bool
    var allowRestricted: Bool
    var isAdmin: Bool
    var canEdit: Bool
    var canApprove: Bool
    var canPublish: Bool
    var approved: Bool
    var approvedBy: String
    var published: Bool
    var publishedURL: String
    var publishedVersion: Int
    var publishedAt: String
    /// What the secret and personal-data rules still find in the public text.
    var findings: [String]
    var clean: Bool
    /// The public text is what redacting the current internal version gives.
    var upToDate: Bool
    var internalHTML: String
    var publicHTML: String
    var redactions: [RedactionRow]
    var counts: String
    var keep: [String]
    var redact: [String]
    var markdown: String
    var history: [VersionRow]
}

/// The reliability report page.
struct ReportPage: Sendable {
    var from: String
    var to: String
    var min: Int
    var window: Int
    var capped: String
    /// Built by `ReliabilityOutput.htmlBody`, which escapes every value it shows.
    var bodyHTML: String
}

/// The list of review meetings and the form to schedule one.
struct MeetingsPage: Sendable {
    struct Row: Sendable {
        var url: String
        var title: String
        var when: String
        var count: Int
        var held: Bool
    }
    var canSchedule: Bool
    var meetings: [Row]
    var zone: String
    var error: String
}

/// One meeting's agenda, and its record once held.
struct MeetingPage: Sendable {
    struct Item: Sendable {
        var id: String
        var url: String
        var title: String
        var status: String
        var severity: String
        var version: Int
        var questions: [String]
        var findings: [String]
        var actions: [String]
        // Stored, for the templates (which see stored properties only).
        var hasQuestions = false
        var hasFindings = false
        var hasActions = false

        init(
            id: String, url: String, title: String, status: String, severity: String, version: Int,
            questions: [String], findings: [String], actions: [String]
        ) {
            self.id = id
            self.url = url
            self.title = title
            self.status = status
            self.severity = severity
            self.version = version
            self.questions = questions
            self.findings = findings
            self.actions = actions
            hasQuestions = !questions.isEmpty
            hasFindings = !findings.isEmpty
            hasActions = !actions.isEmpty
        }
    }
    var id: Int64
    var title: String
    var when: String
    var minutes: Int
    var attendees: String
    var held: Bool
    var notes: String
    var present: String
    var items: [Item]
    var canRecord: Bool
    var invited: [Option]
}
