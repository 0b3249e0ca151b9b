import Foundation
import Testing

/// Python's `icalendar` (installed by scripts/test) reads a calendar back: the events, their
/// days, summaries, attendees, and the raw lines' folding.
enum ICalendarReader {
    static let script = """
        import json, sys, icalendar
        data = sys.stdin.buffer.read()
        lines = data.split(b"\\r\\n")
        assert all(len(l) <= 75 for l in lines), "a line longer than 75 octets"
        assert data.endswith(b"\\r\\n") and b"\\n" not in data.replace(b"\\r\\n", b""), "lines must end in CRLF"
        calendar = icalendar.Calendar.from_ical(data)
        events = []
        for e in calendar.walk("VEVENT"):
            attendees = e.get("attendee") or []
            if not isinstance(attendees, list):
                attendees = [attendees]
            events.append({"uid": str(e["uid"]), "start": e["dtstart"].dt.isoformat(), "end": e["dtend"].dt.isoformat(),
                           "summary": str(e["summary"]), "description": str(e["description"]),
                           "attendees": [str(a.params.get("CN")) for a in attendees], "url": str(e.get("url", ""))})
        print(json.dumps({"name": str(calendar.get("x-wr-calname")), "events": events}))
        """

    static let available = Python.has("icalendar")

    static func read(_ ics: Data) throws -> (code: Int32, output: String) {
        try Python.run(script, input: ics)
    }
}

@Suite("debrief actions: action items as a list, CSV, JSON and a calendar")
struct ActionsCLITests {
    @Test("open items of the examples, filtered by owner; closed ones with --all")
    func list() throws {
        let examples = CLI.repository.appendingPathComponent("examples").path
        let open = try CLI.run(["actions", examples])
        #expect(open.code == 0, "\(open.stderr)")
        #expect(!open.stdout.isEmpty)
        #expect(!open.stdout.contains("\tdone\t"))
        let all = try CLI.run(["actions", examples, "--all", "--format", "csv"])
        #expect(all.stdout.hasPrefix("post_mortem,index,title,owner,due,priority,type,status,link"))
        #expect(all.stdout.contains(",done,"))
        let mine = try CLI.run(["actions", examples, "--all", "--owner", "priya.nair", "--format", "json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(mine.stdout.utf8)) as? [[String: Any]])
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { (($0["item"] as? [String: Any])?["owner"] as? String) == "priya.nair" })
    }

    @Test("--format ics is a calendar a real parser reads: due days, review meetings, attendees, folding, escaping")
    func calendar() throws {
        guard ICalendarReader.available else {
            print("skipped: python3 has no icalendar module (scripts/test installs it)")
            return
        }
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("pm.md")
        try """
        ---
        id: 2026-11-02-queue
        title: "Queue stalled; consumers, producers and a very long title that needs folding across lines"
        status: draft
        severity: SEV2
        authors: [ana.silva]
        started: 2026-11-02T09:00:00Z
        review:
          meeting: 2026-11-06
          attendees: [ana.silva, "omar haddad"]
        ---

        # Queue stalled

        ## Summary

        Consumers stopped.

        ## Action items

        | Action | Owner | Due | Priority | Status |
        | --- | --- | --- | --- | --- |
        | Alert on lag; page the owner, not the channel | ana.silva | 2026-11-20 | P1 | open |
        | Write the runbook ✓ | omar | 2026-11-10 | P2 | done |
        | Find an owner | | | P3 | open |
        """.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("follow-up.ics")
        let result = try CLI.run([
            "actions", file.path, "--format", "ics", "-o", out.path, "--base-url", "https://debrief.example.com/",
        ])
        #expect(result.code == 0, "\(result.stderr)")
        let (code, output) = try ICalendarReader.read(try Data(contentsOf: out))
        #expect(code == 0, "\(output)")
        let calendar = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let events = try #require(calendar["events"] as? [[String: Any]])
        // The open item with a due day, and the review meeting; not the done one, not the undated one.
        #expect(events.count == 2)
        let action = try #require(events.first { ($0["uid"] as? String) == "2026-11-02-queue.action-0@debrief" })
        #expect(action["start"] as? String == "2026-11-20" && action["end"] as? String == "2026-11-21")
        #expect(action["summary"] as? String == "Due: Alert on lag; page the owner, not the channel")
        #expect((action["description"] as? String)?.contains("Queue stalled; consumers, producers") == true)
        #expect(action["url"] as? String == "https://debrief.example.com/incidents/2026-11-02-queue")
        #expect(action["attendees"] as? [String] == ["ana.silva"])
        let review = try #require(events.first { ($0["uid"] as? String) == "2026-11-02-queue.review@debrief" })
        #expect(review["start"] as? String == "2026-11-06")
        #expect(review["attendees"] as? [String] == ["ana.silva", "omar haddad"])
        // --all brings the done item, marked as done.
        let all = try CLI.run(["actions", file.path, "--format", "ics", "--all"])
        let (_, allOutput) = try ICalendarReader.read(Data(all.stdout.utf8))
        #expect(allOutput.contains("Done: Write the runbook"))
    }
}

@Suite("debrief report: the reliability report from files")
struct ReportCLITests {
    @Test("every format from the examples; bad options are refused before any work")
    func formats() throws {
        let examples = CLI.repository.appendingPathComponent("examples").path
        let json = try CLI.run([
            "report", examples, "--from", "2025-01-01", "--to", "2026-12-31", "--format", "json", "--min-incidents",
            "2",
        ])
        #expect(json.code == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["incidents"] as? Int == 3)
        #expect(report["followThrough"] is [String: Any] && report["timeToResolve"] is [String: Any])
        let csv = try CLI.run(["report", examples, "--from", "2025-01-01", "--to", "2026-12-31", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("kind,value,class,incidents,direction,recurred_after_fix,ids"))
        let html = try CLI.run([
            "report", examples, "--from", "2025-01-01", "--to", "2026-12-31", "--format", "html", "--min-incidents",
            "2",
        ])
        #expect(html.stdout.contains("<svg") && html.stdout.contains("Systemic weaknesses"))
        let md = try CLI.run(["report", examples, "--from", "2025-01-01", "--to", "2026-12-31"])
        #expect(md.stdout.hasPrefix("# Reliability report, 2025-01-01 to 2026-12-31"))
        #expect(try CLI.run(["report", examples, "--from", "someday"]).code == 2)
        #expect(try CLI.run(["report", examples, "--min-incidents", "1"]).code == 2)
    }
}

@Suite("debrief remind from the command line")
struct RemindCLITests {
    @Test("--dry-run lists the digests and records nothing; without a channel a real run refuses")
    func dryRun() async throws {
        let folder = try CLI.temporaryFolder()
        let db = folder.appendingPathComponent("team.sqlite").path
        let examples = CLI.repository.appendingPathComponent("examples").path
        #expect(try CLI.run(["import", examples, "--db", db]).code == 0)
        // The examples' open items fall due in 2026 and 2027: as of 2027-01-08 some are due soon.
        let dry = try CLI.run(["remind", "--db", db, "--dry-run", "--today", "2027-01-08"], in: folder)
        #expect(dry.code == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("hannah.kim: Post-mortem action items:"), "\(dry.stdout)")
        #expect(dry.stdout.contains("due-soon") || dry.stdout.contains("overdue"))
        let again = try CLI.run(["remind", "--db", db, "--dry-run", "--today", "2027-01-08"], in: folder)
        #expect(again.stdout == dry.stdout)
        let real = try CLI.run(["remind", "--db", db, "--today", "2027-01-08"], in: folder)
        #expect(real.code == 2 && real.stderr.contains("no reminder channel is configured"))
        // A policy with a password in it is refused, naming the line.
        try "reminders:\n  smtp:\n    host: mail.example.com\n    password: hunter2\n".write(
            to: folder.appendingPathComponent(".debrief.yml"), atomically: true, encoding: .utf8)
        let refused = try CLI.run(["remind", "--db", db, "--dry-run"], in: folder)
        #expect(refused.code == 2 && refused.stderr.contains(".debrief.yml:4"), "\(refused.stderr)")
        // An unknown tracker is refused, naming its line and every tracker that is known.
        try "trackers:\n  bugzilla:\n    repository: ops\n".write(
            to: folder.appendingPathComponent(".debrief.yml"), atomically: true, encoding: .utf8)
        let unknown = try CLI.run(["actions", "sync", "--db", db, "--dry-run"], in: folder)
        #expect(unknown.code == 2 && unknown.stderr.contains(".debrief.yml:2"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("known: github, gitlab, jira, linear"), "\(unknown.stderr)")
    }
}
