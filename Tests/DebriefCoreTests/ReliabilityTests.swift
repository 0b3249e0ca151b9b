import DebriefCore
import Foundation
import Testing

/// The reliability report on a set whose recurring and isolated weaknesses were planted.
@Suite("Reliability report: systemic or isolated, follow-through, detection and recovery")
struct ReliabilityTests {
    static func incident(
        _ id: String, _ started: String, factors: [FactorCategory], services: [String], trigger: String,
        cause: String, severity: Severity = .sev2, detectMinutes: Double = 10, resolveMinutes: Double = 60,
        actions: [ActionItem] = []
    ) -> PostMortem {
        let start = Instant(iso8601: started)!
        var pm = PostMortem(id: id, title: id, severity: severity, services: services, started: start)
        pm.detected = Instant(iso8601: iso(start.date.addingTimeInterval(detectMinutes * 60)))
        pm.resolved = Instant(iso8601: iso(start.date.addingTimeInterval(resolveMinutes * 60)))
        pm.rootCause = RootCause(
            trigger: trigger, text: cause, factors: factors.map { ContributingFactor(category: $0, text: "planted") })
        pm.actionItems = actions
        return pm
    }

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    /// Planted: monitoring in four incidents within a year (systemic), and fixed after the
    /// first, so the other three recurred after the fix; checkout, a configuration change and
    /// the connection pool in three (systemic); capacity in three but never three within a
    /// year (isolated); secrets-management, auth and search once each (isolated).
    static let set: [PostMortem] = [
        incident(
            "f-2024-capacity", "2024-06-01T10:00:00Z", factors: [.capacity], services: ["reports"],
            trigger: "A nightly batch job grew", cause: "The reports database filled its disk.",
            detectMinutes: 30, resolveMinutes: 300),
        incident(
            "a-pool", "2026-01-10T10:00:00Z", factors: [.monitoring, .capacity], services: ["checkout"],
            trigger: "A config push raised the pool size.",
            cause: "The connection pool limit is shared by every pod; nothing alerts on saturation.",
            detectMinutes: 20, resolveMinutes: 120,
            actions: [
                ActionItem(
                    title: "Alert on saturation", owner: "ana", due: day("2026-01-20"), type: .detect, status: .done)
            ]),
        incident(
            "b-pool-again", "2026-03-05T10:00:00Z", factors: [.monitoring], services: ["checkout"],
            trigger: "A feature flag changed the retry setting.",
            cause: "Retries held connections, and the connection pool ran dry again.", detectMinutes: 25,
            resolveMinutes: 100,
            actions: [ActionItem(title: "Cap retries", owner: "omar", due: day("2026-02-01"), type: .prevent)]),
        incident(
            "c-token", "2026-05-20T10:00:00Z", factors: [.monitoring, .secretsManagement], services: ["auth"],
            trigger: "A token was leaked in a log.", cause: "Logs printed the environment of the job.",
            severity: .sev1, detectMinutes: 90, resolveMinutes: 200),
        incident(
            "d-pool-third", "2026-08-01T10:00:00Z", factors: [.monitoring], services: ["checkout"],
            trigger: "Configuration of the pool was edited by hand.",
            cause: "The connection pool limit was lowered below the pod count.", detectMinutes: 5,
            resolveMinutes: 40,
            actions: [
                ActionItem(title: "Pool size from one place", owner: "ana", due: day("2026-12-20"), type: .prevent)
            ]),
        incident(
            "e-search-disk", "2026-09-15T10:00:00Z", factors: [.capacity], services: ["search"],
            trigger: "A traffic spike after a newsletter.", cause: "The search index disk filled up.",
            detectMinutes: 8, resolveMinutes: 50),
    ]

    @Test("the planted systemic and isolated weaknesses are found, with their incidents")
    func systemicAndIsolated() {
        let report = ReliabilityReport(
            Self.set, from: Self.day("2024-01-01"), to: Self.day("2026-12-31"), today: Self.day("2026-12-01"))
        #expect(report.incidents == 6)
        func find(_ list: [ReliabilityReport.Signal], _ kind: ReliabilityReport.Signal.Kind, _ value: String)
            -> [String]?
        {
            list.first { $0.kind == kind && $0.value == value }?.incidents
        }
        #expect(find(report.systemic, .factor, "monitoring") == ["a-pool", "b-pool-again", "c-token", "d-pool-third"])
        #expect(find(report.systemic, .service, "checkout") == ["a-pool", "b-pool-again", "d-pool-third"])
        #expect(find(report.systemic, .trigger, "configuration change") == ["a-pool", "b-pool-again", "d-pool-third"])
        #expect(find(report.systemic, .term, "connection pool") == ["a-pool", "b-pool-again", "d-pool-third"])
        // Capacity: three incidents, but never three within a year.
        #expect(find(report.systemic, .factor, "capacity") == nil)
        #expect(find(report.isolated, .factor, "capacity") == ["f-2024-capacity", "a-pool", "e-search-disk"])
        #expect(find(report.isolated, .factor, "secrets-management") == ["c-token"])
        #expect(find(report.isolated, .service, "auth") == ["c-token"])
        // The one-word halves of "connection pool" are not listed again.
        #expect(find(report.systemic, .term, "connection") == nil)
        // Monitoring recurred after the saturation alert was done.
        let monitoring = report.systemic.first { $0.value == "monitoring" }
        #expect(monitoring?.recurredAfterFix == ["b-pool-again", "c-token", "d-pool-third"])
        #expect(monitoring?.trend.first { $0.label == "2026-Q1" }?.count == 2)
        #expect(monitoring?.direction == "rising")
        // A wider window or a higher bar changes the verdict as asked.
        let strict = ReliabilityReport(
            Self.set, from: Self.day("2024-01-01"), to: Self.day("2026-12-31"), today: Self.day("2026-12-01"),
            minIncidents: 4)
        #expect(strict.systemic.map(\.value) == ["monitoring"])
        let wide = ReliabilityReport(
            Self.set, from: Self.day("2024-01-01"), to: Self.day("2026-12-31"), today: Self.day("2026-12-01"),
            windowDays: 1_000)
        #expect(find(wide.systemic, .factor, "capacity") != nil)
    }

    @Test("follow-through and times: what is due and done, how late, medians and directions")
    func followThroughAndTimes() throws {
        let report = ReliabilityReport(
            Self.set, from: Self.day("2026-01-01"), to: Self.day("2026-12-31"), today: Self.day("2026-12-01"))
        #expect(report.incidents == 5)
        let f = report.followThrough
        #expect(f.actions == 3 && f.dueByToday == 2 && f.doneOfDue == 1 && f.shareDoneOfDue == 0.5)
        #expect(f.openOverdue == 1 && f.medianDaysOverdue == 303)
        // Detection: 20, 25, 90 (first half) and 5, 8 minutes (second half): better.
        #expect(abs((report.timeToDetect.overall.median ?? 0) - 20 * 60) < 0.01)
        #expect(report.timeToDetect.overall.direction == "better")
        #expect(abs((report.timeToDetect.bySeverity["SEV1"]?.median ?? 0) - 90 * 60) < 0.01)
        #expect(report.timeToResolve.byService["checkout"]?.count == 3)
        // The JSON has the keys a budget meeting's tooling reads.
        let encoder = JSONEncoder()
        let json = try #require(
            try JSONSerialization.jsonObject(with: try encoder.encode(report)) as? [String: Any])
        for key in ["systemic", "isolated", "followThrough", "timeToDetect", "timeToResolve"] {
            #expect(json[key] != nil, "\(key) missing")
        }
        let first = try #require((json["systemic"] as? [[String: Any]])?.first)
        #expect(first["kind"] is String && first["value"] is String && first["incidents"] is [String])
    }

    @Test("done by the due day is measured from the day each item was closed; undated ones are said apart")
    func doneByDueDay() {
        var pm = Self.incident(
            "g-queue", "2026-01-05T10:00:00Z", factors: [.testing], services: ["queue"], trigger: "A deploy",
            cause: "The consumer crashed.")
        pm.actionItems = [
            ActionItem(title: "on time", due: Self.day("2026-01-20"), status: .done, closed: Self.day("2026-01-15")),
            ActionItem(title: "late", due: Self.day("2026-02-01"), status: .done, closed: Self.day("2026-02-11")),
            ActionItem(title: "undated", due: Self.day("2026-03-01"), status: .done),
            ActionItem(title: "overdue", due: Self.day("2026-04-01")),
            ActionItem(title: "later", due: Self.day("2027-01-01")),
        ]
        let f = ReliabilityReport(
            [pm], from: Self.day("2026-01-01"), to: Self.day("2026-12-31"), today: Self.day("2026-12-01")
        ).followThrough
        #expect(f.dueByToday == 4 && f.doneOfDue == 3)
        #expect(f.doneByDue == 1 && f.doneLate == 1 && f.doneUndated == 1)
        // One undated: between one in four and two in four were on time.
        #expect(f.shareDoneByDue == nil && f.shareDoneByDueRange == [0.25, 0.5])
        #expect(f.medianDaysLate == 10)
        #expect(f.openOverdue == 1)
    }

    @Test("a fix counts from the day it was closed: an incident before that is not a recurrence")
    func recurrenceFromClosingDay() {
        let fix = ActionItem(
            title: "Add the missing integration test", due: Self.day("2026-02-01"), type: .prevent, status: .done,
            closed: Self.day("2026-04-01"))
        let set = [
            Self.incident(
                "a", "2026-01-10T10:00:00Z", factors: [.testing], services: ["x"], trigger: "t", cause: "c",
                actions: [fix]),
            Self.incident("b", "2026-03-05T10:00:00Z", factors: [.testing], services: ["y"], trigger: "t", cause: "c"),
            Self.incident("c", "2026-05-01T10:00:00Z", factors: [.testing], services: ["z"], trigger: "t", cause: "c"),
        ]
        let report = ReliabilityReport(
            set, from: Self.day("2026-01-01"), to: Self.day("2026-12-31"), today: Self.day("2026-12-01"))
        #expect(report.systemic.first { $0.value == "testing" }?.recurredAfterFix == ["c"])
    }

    @Test("closing days are stamped when an item closes, kept while it stays closed, cleared when it reopens")
    func stamping() {
        let today = Self.day("2026-12-07")
        let before = [
            ActionItem(title: "a"), ActionItem(title: "b", status: .done, closed: Self.day("2026-11-01")),
            ActionItem(title: "c", status: .done, closed: Self.day("2026-11-02")), ActionItem(title: "d"),
        ]
        var after = before
        after[0].status = .done  // closed now
        after[1].closed = nil  // stays done, the day lost in an edit: kept
        after[2].status = .open  // reopened
        after[3].status = .wontDo
        after[3].closed = Self.day("2026-12-01")  // written by hand: kept
        let stamped = ActionItem.stampingClosures(after.reversed(), previous: before, today: today).reversed()
            .map(\.closed)
        #expect(stamped == [today, Self.day("2026-11-01"), nil, Self.day("2026-12-01")])
    }
}
