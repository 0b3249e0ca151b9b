import DebriefCore
import Testing

@Suite("Review workflow, access, diff")
struct TeamTests {
    let author = Member(name: "alice", role: .author)
    let reviewer = Member(name: "bob", role: .reviewer)
    let viewer = Member(name: "vic", role: .viewer)
    let today = LocalDate(year: 2026, month: 11, day: 2)

    func draft() -> PostMortem { PostMortem(id: "x", title: "X", status: .draft, authors: ["alice"]) }

    @Test("draft goes to review, is approved by a reviewer and then published")
    func happyPath() throws {
        let policy = Policy(requiredApprovals: 1)
        var pm = try Workflow.apply(.submit, to: draft(), by: author, policy: policy, lintErrors: 0, today: today)
        #expect(pm.status == .inReview)
        pm = try Workflow.apply(.approve, to: pm, by: reviewer, policy: policy, lintErrors: 0, today: today)
        #expect(pm.status == .approved)
        #expect(pm.review.approvals == [Approval(reviewer: "bob", date: today, decision: .approved)])
        pm = try Workflow.apply(.publish, to: pm, by: reviewer, policy: policy, lintErrors: 0, today: today)
        #expect(pm.status == .published)
    }

    @Test("two approvals are needed when the policy says two")
    func twoApprovals() throws {
        let policy = Policy(requiredApprovals: 2)
        var pm = draft()
        pm.status = .inReview
        pm = try Workflow.apply(.approve, to: pm, by: reviewer, policy: policy, lintErrors: 0, today: today)
        #expect(pm.status == .inReview)
        pm = try Workflow.apply(
            .approve, to: pm, by: Member(name: "carol", role: .reviewer), policy: policy, lintErrors: 0, today: today)
        #expect(pm.status == .approved)
    }

    @Test("refusals: wrong role, own post-mortem, lint errors, wrong state")
    func refusals() {
        let policy = Policy(requiredApprovals: 1)
        var review = draft()
        review.status = .inReview
        #expect(throws: WorkflowError.self) {
            try Workflow.apply(.submit, to: draft(), by: viewer, policy: policy, lintErrors: 0, today: today)
        }
        let selfReview = Member(name: "alice", role: .reviewer)
        #expect(throws: WorkflowError.self) {
            try Workflow.apply(.approve, to: review, by: selfReview, policy: policy, lintErrors: 0, today: today)
        }
        var approved = review
        approved.status = .approved
        approved.review.approvals = [Approval(reviewer: "bob", date: today, decision: .approved)]
        #expect(throws: WorkflowError.self) {
            try Workflow.apply(.publish, to: approved, by: reviewer, policy: policy, lintErrors: 2, today: today)
        }
        #expect(throws: WorkflowError.self) {
            try Workflow.apply(.publish, to: review, by: reviewer, policy: policy, lintErrors: 0, today: today)
        }
        #expect(Workflow.actions(for: review, by: reviewer) == [.approve, .requestChanges])
        #expect(Workflow.actions(for: review, by: viewer).isEmpty)
    }

    @Test("request changes sends it back to draft and records the decision")
    func requestChanges() throws {
        var pm = draft()
        pm.status = .inReview
        pm = try Workflow.apply(.requestChanges, to: pm, by: reviewer, policy: Policy(), lintErrors: 0, today: today)
        #expect(pm.status == .draft)
        #expect(pm.review.approvals.first?.decision == .changesRequested)
    }

    @Test("restricted post-mortems are seen only by the people they name")
    func access() {
        var pm = draft()
        pm.restricted = true
        pm.commander = "Dana"
        #expect(Access.canSee(pm, Member(name: "dana", role: .viewer)))
        #expect(Access.canSee(pm, author))
        #expect(!Access.canSee(pm, Member(name: "root", role: .admin)))
        #expect(!Access.canEdit(pm, Member(name: "dana", role: .viewer)))
    }

    @Test("line diff keeps common lines and marks removed and added ones")
    func diff() {
        let changes = LineDiff.diff("a\nb\nc\nd", "a\nc\nx\nd")
        #expect(changes == [.same("a"), .removed("b"), .same("c"), .added("x"), .same("d")])
        #expect(LineDiff.diff("", "a") == [.removed(""), .added("a")])
    }

    @Test("trends count incidents per month with empty months in between")
    func trends() {
        func point(_ month: Int, _ severity: Severity, ttr: Double) -> TrendPoint {
            TrendPoint(
                started: LocalDate(year: 2026, month: month, day: 3).startOfDayUTC, severity: severity,
                timeToDetect: 60, timeToResolve: ttr)
        }
        let months = Trends.monthly([point(1, .sev1, ttr: 100), point(3, .sev2, ttr: 300), point(3, .sev2, ttr: 100)])
        #expect(months.map(\.month) == ["2026-01", "2026-02", "2026-03"])
        #expect(months.map(\.total) == [1, 0, 2])
        #expect(months[2].bySeverity[.sev2] == 2)
        #expect(months[2].medianTimeToResolve == 200)
    }

    @Test("the buttons shown are the steps the workflow then accepts, for every role, status and authorship")
    func buttonsMatchRules() {
        let policy = Policy(requiredApprovals: 0)
        for role in Role.allCases {
            for status in Status.allCases {
                for isAuthor in [false, true] {
                    let member = Member(name: "m", role: role)
                    var pm = draft()
                    pm.status = status
                    pm.authors = isAuthor ? ["M"] : ["alice"]
                    let shown = Workflow.actions(status: status, isAuthor: isAuthor, role: role)
                    #expect(Workflow.actions(for: pm, by: member) == shown)
                    for action in ReviewAction.allCases {
                        let accepted =
                            (try? Workflow.apply(
                                action, to: pm, by: member, policy: policy, lintErrors: 0, today: today))
                            != nil
                        #expect(accepted == shown.contains(action), "\(role) \(status) author=\(isAuthor) \(action)")
                    }
                }
            }
        }
    }

    @Test("an open action item is overdue from the day after its due date; a closed or undated one never")
    func overdue() {
        let items = [
            ActionItem(title: "b", due: LocalDate(year: 2026, month: 11, day: 9)),
            ActionItem(title: "done", due: LocalDate(year: 2026, month: 11, day: 3), status: .done),
            ActionItem(title: "undated"),
        ]
        #expect(items[0].isOverdue(on: LocalDate(year: 2026, month: 11, day: 10)))
        #expect(!items[0].isOverdue(on: LocalDate(year: 2026, month: 11, day: 9)))
        #expect(!items[1].isOverdue(on: LocalDate(year: 2026, month: 11, day: 10)))
        #expect(!items[2].isOverdue(on: LocalDate(year: 2026, month: 11, day: 10)))
    }
}

@Suite("Three-way merge of two edits, field by field")
struct FieldMergeTests {
    static let base = PostMortem(
        id: "m", title: "Base", summary: "base summary",
        timeline: [
            TimelineEntry(time: nil, kind: .start, text: "one"), TimelineEntry(time: nil, kind: .detect, text: "two"),
        ], response: "base response")

    @Test("changes to different fields and different rows both survive")
    func disjoint() {
        var mine = Self.base
        mine.summary = "my summary"
        mine.timeline[0].actor = "me"
        var theirs = Self.base
        theirs.response = "their response"
        theirs.timeline[1].text = "two, corrected"
        let result = FieldMerge.merge(base: Self.base, mine: mine, theirs: theirs)
        #expect(result.clashes.isEmpty)
        #expect(result.mine.summary == "my summary" && result.mine.response == "their response")
        #expect(result.mine.timeline[0].actor == "me" && result.mine.timeline[1].text == "two, corrected")
        #expect(result.mine == result.theirs)
        #expect(result.merged == ["summary", "timeline, row 1"])
    }

    @Test("the same field changed two ways is a clash, resolved either way without touching the rest")
    func clash() {
        var mine = Self.base
        mine.summary = "mine"
        mine.title = "My title"
        var theirs = Self.base
        theirs.summary = "theirs"
        theirs.response = "their response"
        let result = FieldMerge.merge(base: Self.base, mine: mine, theirs: theirs)
        #expect(
            result.clashes == [FieldMerge.Clash(field: "summary", base: "base summary", theirs: "theirs", mine: "mine")]
        )
        #expect(result.mine.summary == "mine" && result.theirs.summary == "theirs")
        for side in [result.mine, result.theirs] {
            #expect(side.title == "My title" && side.response == "their response")
        }
    }

    @Test("the same change on both sides is no clash")
    func same() {
        var mine = Self.base
        mine.summary = "same"
        let result = FieldMerge.merge(base: Self.base, mine: mine, theirs: mine)
        #expect(result.clashes.isEmpty && result.mine == mine)
    }
}
