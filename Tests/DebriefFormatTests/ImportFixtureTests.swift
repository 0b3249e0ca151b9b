import DebriefCore
import Foundation
import Testing

@testable import DebriefFormat

/// What a hand-written import fixture must become, written by hand beside it in
/// `Fixtures/import-expected/NAME.json`: the fields named there are compared, the others not.
struct ExpectedImport: Decodable {
    struct Action: Decodable {
        var title: String
        var owner: String?
        var due: String?
        var status: String?
        var link: String?
        var priority: String?
    }

    var title: String
    var started: String?
    var detected: String?
    var mitigated: String?
    var resolved: String?
    /// `[time, text]` per entry, in order; the time as ISO 8601 with its zone, or "-" for none.
    var timeline: [[String]]?
    var actions: [Action]?
}

@Suite("Import fixtures in the layouts teams use, each with its expected model")
struct ImportFixtureTests {
    static let fixtures = [
        "pagerduty-template.md", "gitlab-incident-review.md", "security-incident-report.md", "blog-narrative.md",
        "azure-rca.md",
        "terse-ops-report.txt", "google-docs-export.md", "statuspage-updates.md", "etsy-morgue-export.txt",
        "confluence-export.md", "aws-style-summary.md", "incident-io-followups.md",
        "jira-wiki-export.txt", "countermeasures-report.md", "dst-crossing-table.md",
        "sre-handover-log.md", "atlassian-style.md", "google-sre-style.md",
        "date-dash-cst.md", "plain-bullets-crlf.txt", "wiki-export-odd-lines.md", "keybase-style-terse.md",
        "eu-cest-corrective-preventive.md", "ist-next-steps-checkboxes.md", "resolution-recovery-bold-times.md",
        "notion-export-fall-back.md",
    ]

    // Each fixture is also checked to lose no word and to be stable under fmt (`ImportTests`).
    @Test("the model read from the fixture is the one written beside it", arguments: fixtures)
    func expectedModel(_ name: String) throws {
        let (path, data) = try fixture(name)
        let url = try #require(
            Bundle.module.url(forResource: "Fixtures/import-expected/\(name)", withExtension: "json"))
        let expected = try JSONDecoder().decode(ExpectedImport.self, from: Data(contentsOf: url))
        let pm = Importer.normalize(try PostMortemParser.parse(data: data, path: path).postMortem)
        #expect(pm.title == expected.title)
        if let started = expected.started { #expect(pm.started?.iso8601 == started) }
        if let detected = expected.detected { #expect(pm.detected?.iso8601 == detected) }
        if let mitigated = expected.mitigated { #expect(pm.mitigated?.iso8601 == mitigated) }
        if let resolved = expected.resolved { #expect(pm.resolved?.iso8601 == resolved) }
        if let timeline = expected.timeline {
            let got = pm.timeline.map { [$0.time?.iso8601 ?? "-", $0.text] }
            #expect(got == timeline, "timeline of \(name)")
        }
        if let actions = expected.actions {
            #expect(pm.actionItems.map(\.title) == actions.map(\.title), "action items of \(name)")
            for (item, want) in zip(pm.actionItems, actions) {
                if let owner = want.owner { #expect(item.owner == owner, "owner of '\(want.title)'") }
                if let due = want.due { #expect(item.due?.description == due, "due of '\(want.title)'") }
                if let status = want.status { #expect(item.status.rawValue == status, "status of '\(want.title)'") }
                if let link = want.link { #expect(item.link == link, "link of '\(want.title)'") }
                if let priority = want.priority {
                    #expect(item.priority?.rawValue == priority, "priority of '\(want.title)'")
                }
            }
        }
    }
}
