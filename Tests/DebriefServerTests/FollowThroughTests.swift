import Crypto
import DebriefCore
import DebriefServer
import DebriefStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

// Follow-through on the live server: calendar feeds, the report page, review meetings, tracker
// webhooks and the board's tracker buttons.

/// Calendar feeds on the live server: made on the account page, read without a session, and
/// ended by a new link or a password change.
@Suite("Calendar feeds: due days and review meetings by a secret link")
struct CalendarTests {
    /// The path of a link shown on the account page.
    static func link(_ name: String, in html: String) throws -> String {
        let pattern = "/calendar/[A-Za-z0-9_-]+/\(name).ics"
        let range = try #require(html.range(of: pattern, options: .regularExpression))
        return String(html[range])
    }

    @Test("mine and team feeds hold what the account may see; an old link stops working")
    func feeds() async throws {
        let harness = try await Harness.make()
        var pool = try #require(
            try await harness.store.postMortem(id: "pool", for: Member(name: "alice", role: .author))
        )
        .postMortem
        pool.review.meeting = LocalDate(year: 2026, month: 10, day: 21)
        pool.review.attendees = ["alice", "bob"]
        _ = try await harness.store.update(pool, baseVersion: 1, by: "alice", note: "meeting")
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let page = try await alice.post("/account/calendar", [])
            #expect(page.code == 200)
            let mine = try Self.link("mine", in: page.body)
            let team = try Self.link("team", in: page.body)
            let feed = try await anonymous.get(mine)
            #expect(feed.code == 200)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(feed.body.hasPrefix("BEGIN:VCALENDAR\r\n"))
            #expect(feed.body.contains("SUMMARY:Due: Alert on pool saturation"))
            #expect(feed.body.contains("UID:pool.review@debrief"))
            #expect(feed.body.contains("DTSTART;VALUE=DATE:20261020"))
            // The team feed as alice sees it: the restricted leak (which names carol) is not in it.
            let teamFeed = try await anonymous.get(team)
            #expect(teamFeed.code == 200 && teamFeed.body.contains("pool.action-0@debrief"))
            #expect(!teamFeed.body.contains("leak"))
            // A new link ends the old one; a wrong secret is a 404 like any unknown page.
            let again = try await alice.post("/account/calendar", [])
            #expect(try await anonymous.get(mine).code == 404)
            let newMine = try Self.link("mine", in: again.body)
            #expect(try await anonymous.get(newMine).code == 200)
            #expect(try await anonymous.get("/calendar/nope/mine.ics").code == 404)
            // A password change ends it too.
            try await harness.store.setPasswordHash("$2b$04$x", user: "alice")
            #expect(try await anonymous.get(newMine).code == 404)
            let actions = try await harness.store.auditTrail(limit: 20).map(\.action)
            #expect(actions.contains("calendar-link"))
        }
    }
}

@Suite("Reliability report page")
struct ReportPageTests {
    @Test("the report shows what the reader may see, with charts; a bad date is a 400")
    func report() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let page = try await alice.get("/report?from=2026-01-01&to=2026-12-31&min=2")
            #expect(page.code == 200)
            #expect(page.body.contains("1 incidents from 2026-01-01 to 2026-12-31"))
            #expect(page.body.contains("href=\"/incidents/pool\""))
            // The restricted leak names carol, not alice: it is not in alice's report.
            #expect(!page.body.contains("/incidents/leak"))
            let carol = try #require(try await anonymous.login("carol").0)
            let hers = try await carol.get("/report?from=2026-01-01&to=2026-12-31&min=2")
            #expect(hers.body.contains("2 incidents from"))
            #expect(hers.body.contains("<svg"))  // checkout is in both: a systemic service at min=2
            #expect(try await alice.get("/report?from=someday").code == 400)
            #expect(try await alice.get("/report?min=1").code == 400)
        }
    }
}

@Suite("Review meetings: schedule, agenda, export, record")
struct MeetingTests {
    @Test("a meeting for two post-mortems: agenda, Markdown, the record kept with each, and its calendar event")
    func meeting() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let vic = try #require(try await anonymous.login("vic").0)
            let form: [(String, String)] = [
                ("title", "Weekly review"), ("date", "2026-12-09"), ("time", "14:30"), ("zone", "Europe/Berlin"),
                ("minutes", "45"), ("postmortems", "pool, leak"), ("attendees", "alice bob"),
            ]
            #expect(try await vic.post("/meetings", form).code == 403)
            // leak is restricted and does not name alice: for her it does not exist.
            let hidden = try await alice.post("/meetings", form)
            #expect(hidden.code == 400 && hidden.body.contains("no post-mortem") && hidden.body.contains("leak"))
            let bad = try await alice.post("/meetings", form.map { $0.0 == "zone" ? ("zone", "Mars/Olympus") : $0 })
            #expect(bad.code == 400 && bad.body.contains("zone"))
            let created = try await alice.post(
                "/meetings", form.map { $0.0 == "postmortems" ? ("postmortems", "pool") : $0 })
            #expect(created.code == 303)
            let url = try #require(created.headers[.location])
            let agenda = try await alice.get(url)
            #expect(agenda.body.contains("2026-12-09 14:30 Europe/Berlin"))
            #expect(agenda.body.contains("Alert on pool saturation (alice, 2026-10-20, P1)"))
            #expect(agenda.body.contains("Lint findings"))
            let markdown = try await alice.get(url + "/agenda.md")
            #expect(markdown.body.hasPrefix("# Weekly review\n"))
            #expect(markdown.body.contains("### Proposed actions"))
            // Recorded: the notes are a comment, the day and who came are in the review.
            #expect(
                try await alice.post(
                    url + "/record", [("present", "alice"), ("others", "bob"), ("notes", "Agreed to alert at 80 %.")]
                ).code == 303)
            #expect(try await alice.post(url + "/record", [("notes", "again")]).code == 409)
            let pool = try #require(
                try await harness.store.postMortem(id: "pool", for: Member(name: "alice", role: .author)))
            #expect(pool.postMortem.review.meeting == LocalDate(year: 2026, month: 12, day: 9))
            #expect(pool.postMortem.review.attendees == ["alice", "bob"])
            #expect(
                try await harness.store.comments(postMortem: "pool").last?.body.contains("Agreed to alert at 80 %.")
                    == true)
            #expect(try await alice.get(url).body.contains("present: alice, bob"))
            // bob's calendar holds the meeting at its instant (13:30 UTC).
            let bob = try #require(try await anonymous.login("bob").0)
            let links = try await bob.post("/account/calendar", [])
            let feed = try await anonymous.get(try CalendarTests.link("mine", in: links.body))
            #expect(feed.body.contains("SUMMARY:Weekly review"))
            #expect(feed.body.contains("DTSTART:20261209T133000Z"))
            #expect(feed.body.contains("DTEND:20261209T141500Z"))
        }
    }
}

@Suite("GitHub webhook: an issue closed there marks its action item done here")
struct GitHubHookTests {
    @Test("a signed 'closed' delivery closes the item; a bad signature is refused; other events are ignored")
    func hook() async throws {
        let harness = try await HookFixture.harness(
            .github, repository: "acme/app", link: "https://github.com/acme/app/issues/12", secret: "s3cret-for-tests")
        let payload = Data(
            #"{"action":"closed","issue":{"number":12,"html_url":"https://github.com/acme/app/issues/12","closed_at":"2026-11-20T16:00:00Z"}}"#
                .utf8)
        @Sendable func signature(_ body: Data, _ secret: String) -> String {
            "sha256=" + HookFixture.hmac(body, secret)
        }
        try await harness.run { anonymous in
            func deliver(_ body: Data, event: String, signed: String) async throws -> Browser.Page {
                try await anonymous.send(
                    .post, "/hooks/github",
                    headers: [
                        .init("X-GitHub-Event")!: event, .init("X-Hub-Signature-256")!: signed,
                        .contentType: "application/json",
                    ], body: ByteBuffer(data: body))
            }
            #expect(try await deliver(payload, event: "issues", signed: signature(payload, "wrong")).code == 401)
            #expect(
                try await deliver(payload, event: "push", signed: signature(payload, "s3cret-for-tests")).code == 202)
            let closed = try await deliver(payload, event: "issues", signed: signature(payload, "s3cret-for-tests"))
            #expect(closed.code == 200 && closed.body.contains("pool#1"))
            let item = try #require(try await HookFixture.firstItem(harness))
            #expect(item.status == .done && item.closed == LocalDate(iso: "2026-11-20"))
        }
    }
}

@Suite("Closing days: what 'done by its due date' is measured against")
struct ClosingDayTests {
    @Test("the board stamps the day an item is done, keeps it on later edits and clears it when reopened")
    func board() async throws {
        let harness = try await Harness.make()
        let store = harness.store
        @Sendable func stored() async throws -> StoredPostMortem {
            try #require(try await store.postMortem(id: "pool", for: Member(name: "alice", role: .author)))
        }
        #expect(try await stored().postMortem.actionItems.first?.closed == nil)
        try await harness.run { anonymous in
            let browser = try #require(try await anonymous.login("alice").0)
            let done = try await browser.post(
                "/actions", [("status", "done"), ("item", "pool|0|\(try await stored().version)")])
            #expect(done.code == 303)
            let today = LocalDate(utcDayOf: Date())
            let afterDone = try await stored()
            #expect(afterDone.postMortem.actionItems[0].status == .done)
            #expect(afterDone.postMortem.actionItems[0].closed == today)
            // Kept in the Markdown, in a "Closed" column.
            #expect(afterDone.markdown.contains("| Closed |") && afterDone.markdown.contains(today.description))
            #expect(try await browser.get("/incidents/pool").body.contains("<span class=\"muted\">on \(today)</span>"))
            let reopened = try await browser.post(
                "/actions", [("status", "open"), ("item", "pool|0|\(afterDone.version)")])
            #expect(reopened.code == 303)
            let afterOpen = try await stored().postMortem.actionItems[0]
            #expect(afterOpen.status == .open && afterOpen.closed == nil)
        }
    }
}

@Suite("Create in tracker from the action-items board")
struct TrackerButtonTests {
    @Test("the board offers the button; an item is sent and its link stored; viewers and a missing token are refused")
    func createInTracker() async throws {
        // A loopback stand-in for GitHub's issues API: an empty list, and creation.
        let router = Router()
        router.get("/repos/acme/app/issues") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "[]")))
        }
        router.post("/repos/acme/app/issues") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer board-token" else {
                return Response(status: .unauthorized)
            }
            let issue =
                #"{"number": 41, "html_url": "https://github.com/acme/app/issues/41", "state": "open", "body": ""}"#
            return Response(
                status: .created, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: issue)))
        }
        let fake = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await fake.test(.live) { github in
            var tracker = TrackerSettings(repository: "acme/app")
            tracker.apiURL = "http://127.0.0.1:\(github.port!)"
            tracker.tokenEnvironment = "DEBRIEF_TEST_BOARD_TOKEN"
            var policy = Policy()
            policy.tracker = tracker
            unsetenv("DEBRIEF_TEST_BOARD_TOKEN")
            let harness = try await Harness.make(policy: policy)
            try await harness.run { anonymous in
                let alice = try #require(try await anonymous.login("alice").0)
                let board = try await alice.get("/actions")
                #expect(
                    board.body.contains("Create in tracker") && board.body.contains("Create the selected in acme/app"))
                let vic = try #require(try await anonymous.login("vic").0)
                #expect(try await vic.post("/actions/sync", [("item", "pool|0|1")]).code == 403)
                #expect(try await alice.post("/actions/sync", [("item", "pool|0|1")]).code == 503)
                setenv("DEBRIEF_TEST_BOARD_TOKEN", "board-token", 1)
                let sent = try await alice.post("/actions/sync", [("item", "pool|0|1")])
                #expect(sent.code == 303)
                #expect(
                    sent.headers[.location]?.contains("1%20sent%20to%20acme%2Fapp") == true,
                    "\(sent.headers[.location] ?? "")")
                let item = try #require(try await HookFixture.firstItem(harness))
                #expect(item.link == "https://github.com/acme/app/issues/41")
                // The restricted leak does not name alice: its items cannot be sent by her.
                #expect(try await alice.post("/actions/sync", [("item", "leak|0|1")]).code == 404)
            }
        }
    }
}

@Suite("GitLab webhook")
struct GitLabHookTests {
    @Test("a close delivery with the right X-Gitlab-Token closes the item; a wrong token is refused")
    func hook() async throws {
        let harness = try await HookFixture.harness(
            .gitlab, repository: "ops/app", link: "https://gitlab.example.com/ops/app/-/issues/3",
            secret: "gl-hook-secret")
        let body = Data(
            #"{"object_kind":"issue","object_attributes":{"iid":3,"action":"close","url":"https://gitlab.example.com/ops/app/-/issues/3"}}"#
                .utf8)
        try await harness.run { anonymous in
            func deliver(_ token: String) async throws -> Browser.Page {
                try await anonymous.send(
                    .post, "/hooks/gitlab",
                    headers: [
                        .init("X-Gitlab-Event")!: "Issue Hook", .init("X-Gitlab-Token")!: token,
                        .contentType: "application/json",
                    ], body: ByteBuffer(data: body))
            }
            #expect(try await deliver("guess").code == 401)
            #expect(try await deliver("gl-hook-secret").code == 200)
            let item = try #require(try await HookFixture.firstItem(harness))
            #expect(item.status == .done)
            // GitHub's hook is not GitLab's.
            #expect(try await anonymous.send(.post, "/hooks/github").code == 404)
        }
    }
}

@Suite("Jira and Linear webhooks")
struct JiraLinearHookTests {
    @Test("Jira: a signed update to a done status category closes the item")
    func jira() async throws {
        let harness = try await HookFixture.harness(
            .jira, repository: "OPS", link: "https://acme.atlassian.net/browse/OPS-7",
            site: "https://acme.atlassian.net")
        let body = Data(
            #"{"webhookEvent":"jira:issue_updated","issue":{"key":"OPS-7","fields":{"status":{"statusCategory":{"key":"done"}}}}}"#
                .utf8)
        try await harness.run { anonymous in
            func deliver(_ signature: String) async throws -> Browser.Page {
                try await anonymous.send(
                    .post, "/hooks/jira",
                    headers: [.init("X-Hub-Signature")!: signature, .contentType: "application/json"],
                    body: ByteBuffer(data: body))
            }
            #expect(try await deliver("sha256=" + HookFixture.hmac(body, "wrong")).code == 401)
            #expect(try await deliver("sha256=" + HookFixture.hmac(body, "tracker-secret")).code == 200)
            let done = try await HookFixture.itemDone(harness)
            #expect(done)
        }
    }

    @Test("Linear: a signed Issue update whose state is completed closes the item")
    func linear() async throws {
        let harness = try await HookFixture.harness(
            .linear, repository: "OPS", link: "https://linear.app/acme/issue/OPS-9/alert",
            site: "https://api.linear.app/graphql")
        let body = Data(
            #"{"action":"update","type":"Issue","data":{"identifier":"OPS-9","url":"https://linear.app/acme/issue/OPS-9/alert","state":{"type":"completed"}}}"#
                .utf8)
        try await harness.run { anonymous in
            func deliver(_ signature: String) async throws -> Browser.Page {
                try await anonymous.send(
                    .post, "/hooks/linear",
                    headers: [.init("Linear-Signature")!: signature, .contentType: "application/json"],
                    body: ByteBuffer(data: body))
            }
            #expect(try await deliver(HookFixture.hmac(body, "wrong")).code == 401)
            #expect(try await deliver(HookFixture.hmac(body, "tracker-secret")).code == 200)
            let done = try await HookFixture.itemDone(harness)
            #expect(done)
        }
    }
}

/// A server whose policy names a tracker with a webhook secret, and the pool post-mortem's first
/// action item linked to one of its issues.
enum HookFixture {
    static func harness(
        _ kind: TrackerSettings.Kind, repository: String, link: String, site: String? = nil,
        secret: String = "tracker-secret"
    ) async throws -> Harness {
        let variable = "DEBRIEF_TEST_HOOK_SECRET_" + kind.rawValue.uppercased()
        setenv(variable, secret, 1)
        var tracker = TrackerSettings(kind: kind, repository: repository)
        if let site { tracker.apiURL = site }
        tracker.webhookSecretEnvironment = variable
        var policy = Policy()
        policy.tracker = tracker
        let harness = try await Harness.make(policy: policy)
        var pool = try #require(
            try await harness.store.postMortem(id: "pool", for: Member(name: "alice", role: .author))
        ).postMortem
        pool.actionItems[0].link = link
        _ = try await harness.store.update(pool, baseVersion: 1, by: "alice", note: "linked")
        return harness
    }

    static func hmac(_ body: Data, _ secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// The first action item of the "pool" post-mortem, as stored now.
    static func firstItem(_ harness: Harness) async throws -> ActionItem? {
        try await harness.store.postMortem(id: "pool", for: Member(name: "alice", role: .author))?.postMortem
            .actionItems.first
    }

    static func itemDone(_ harness: Harness) async throws -> Bool {
        try await firstItem(harness)?.status == .done
    }
}
