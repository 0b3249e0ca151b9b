import DebriefCore
import DebriefFormat
import DebriefServer
import DebriefStore
import Foundation
import HTTPTypes
import Testing

@Suite("Web app and API on the live server")
struct ServerTests {
    @Test("a form without the session's CSRF token is refused, and nothing changes")
    func csrf() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let missing = try await alice.post("/incidents/pool/comments", [("body", "forged")], csrf: false)
            #expect(missing.code == 403)
            let wrong = try await alice.post(
                "/incidents/pool/comments", [("body", "forged"), ("csrf", "guess")], csrf: false)
            #expect(wrong.code == 403)
            #expect(try await harness.store.comments(postMortem: "pool").isEmpty)
            let right = try await alice.post("/incidents/pool/comments", [("body", "real")])
            #expect(right.code == 303)
            // A login form posted without its double-submit cookie is refused too.
            let forgedLogin = try await anonymous.post(
                "/login", [("login_csrf", "x"), ("name", "alice"), ("password", Harness.password)], csrf: false)
            #expect(forgedLogin.code == 403)
        }
    }

    @Test("session cookies are HttpOnly and SameSite; pages carry a strict content policy")
    func cookies() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let (_, page) = try await anonymous.login("alice")
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("debrief_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            let login = try await anonymous.get("/login")
            #expect(login.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(login.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test("a session cookie stops working the moment its owner logs out")
    func logoutForgetsSession() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            #expect(try await alice.get("/incidents/pool").code == 200)
            #expect(try await alice.post("/logout", []).code == 303)
            // The same cookie, replayed: the server remembered it a moment ago, and must not now.
            let replayed = try await alice.get("/incidents/pool")
            #expect(replayed.code == 303)
            #expect(replayed.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test("a cached post-mortem page changes as soon as what it shows changes, and carries each reader's token")
    func pageCache() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let bob = try #require(try await anonymous.login("bob").0)
            let first = try await alice.get("/incidents/pool").body
            #expect(try await alice.get("/incidents/pool").body == first)
            // Each reader's own CSRF token and name, never the reader's before.
            let bobs = try await bob.get("/incidents/pool").body
            #expect(Browser.hidden("csrf", in: first) == alice.csrf)
            #expect(Browser.hidden("csrf", in: bobs) == bob.csrf)
            #expect(!bobs.contains(try #require(alice.csrf)))
            // A comment, an attachment and a new version each show on the next view.
            #expect(try await bob.post("/incidents/pool/comments", [("body", "looked at the pool graphs")]).code == 303)
            #expect(try await alice.get("/incidents/pool").body.contains("looked at the pool graphs"))
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 32))
            #expect(
                try await alice.multipart(
                    "/incidents/pool/attachments", filename: "graph.png", type: "image/png", data: png
                ).code == 303)
            #expect(try await alice.get("/incidents/pool").body.contains("graph.png"))
            var pm = try Fixtures.pool()
            pm.title = "Connection pool exhausted on checkout, again"
            let listed = try await alice.get("/incidents").body
            let searched = try await alice.get("/incidents?q=exhausted").body
            #expect(!listed.contains("exhausted on checkout, again"))
            let api = try await anonymous.withToken(for: "vic")
            #expect(try await api.get("/api/v1/postmortems/pool").body.contains("\"version\":1"))
            _ = try await harness.store.update(pm, baseVersion: 1, by: "alice", note: "from another process")
            #expect(try await alice.get("/incidents/pool").body.contains("exhausted on checkout, again"))
            let document = try await api.get("/api/v1/postmortems/pool").body
            #expect(document.contains("\"version\":2") && document.contains("exhausted on checkout, again"))
            // Kept list and search pages follow the write too, and carry each reader's token.
            #expect(try await alice.get("/incidents").body.contains("exhausted on checkout, again"))
            #expect(try await alice.get("/incidents?q=exhausted").body != searched)
            #expect(try await alice.get("/incidents?q=exhausted").body.contains("exhausted on checkout, again"))
            #expect(Browser.hidden("csrf", in: try await bob.get("/incidents").body) == bob.csrf)
        }
    }

    @Test("each reader's page carries their own name, token, buttons and similar incidents, cached or not")
    func readersPages() async throws {
        let harness = try await Harness.make()
        let store = harness.store
        try await harness.run { anonymous in
            let vic = try #require(try await anonymous.login("vic").0)
            let bob = try #require(try await anonymous.login("bob").0)
            let root = try #require(try await anonymous.login("root").0)
            let carol = try #require(try await anonymous.login("carol").0)
            for _ in 0..<2 {  // the first view renders, the second comes from the cache
                let vics = try await vic.get("/incidents/pool").body
                let bobs = try await bob.get("/incidents/pool").body
                let roots = try await root.get("/incidents/pool").body
                #expect(Browser.hidden("csrf", in: vics) == vic.csrf && Browser.hidden("csrf", in: bobs) == bob.csrf)
                #expect(vics.contains(">vic</a>") && !vics.contains(">bob</a>") && bobs.contains(">bob</a>"))
                #expect(!vics.contains("/incidents/pool/edit") && roots.contains("/incidents/pool/edit"))
                #expect(!vics.contains("Submit for review") && bobs.contains("Submit for review"))
                #expect(
                    !vics.contains("/incidents/pool/attachments\"") && bobs.contains("/incidents/pool/attachments\""))
                // carol is named in the restricted post-mortem: it is among her similar incidents only.
                #expect(try await carol.get("/incidents/pool").body.contains("Deploy token leaked"))
                #expect(!vics.contains("Deploy token leaked") && !bobs.contains("Deploy token leaked"))
            }
            // A similar incident saved later, by another process, appears on the next view.
            var other = try Fixtures.pool()
            other.id = "pool-again"
            other.title = "Checkout pool exhausted once more"
            _ = try await store.create(other, by: "alice", note: "", demo: false)
            #expect(try await bob.get("/incidents/pool").body.contains("Checkout pool exhausted once more"))
        }
    }

    @Test("every user string is escaped: title, summary, timeline, comments, search snippets")
    func xss() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try await anonymous.login("alice").0!
            let api = try await anonymous.withToken(for: "alice")
            let markdown = """
                ---
                id: hostile
                title: <script>alert('title')</script> pool
                services: ["<img src=x onerror=alert(1)>"]
                ---

                # x

                ## Summary

                <iframe src="javascript:alert(2)"></iframe> [click](javascript:alert(3)) pool

                ## Timeline

                | Time | Kind | Event |
                | --- | --- | --- |
                | 2026-10-14T14:02:00Z | start | <b onmouseover=alert(4)>pool</b> |
                """
            #expect(try await api.json(.post, "/api/v1/postmortems", ["markdown": markdown]).code == 201)
            _ = try await alice.post("/incidents/hostile/comments", [("body", "<script>alert(5)</script>")])
            for uri in ["/incidents/hostile", "/incidents?q=pool", "/", "/incidents/hostile/history"] {
                let body = try await alice.get(uri).body
                #expect(!body.contains("<script>alert"), "\(uri)")
                #expect(!body.contains("<img src=x"), "\(uri)")
                #expect(!body.contains("<iframe"), "\(uri)")
                #expect(!body.contains("<b onmouseover"), "\(uri)")
                #expect(!body.contains("href=\"javascript:"), "\(uri)")
            }
            let page = try await alice.get("/incidents/hostile").body
            #expect(page.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"))
            // JSON carries the data as written; the snippet is HTML and so is escaped.
            let search = try await api.get("/api/v1/search?q=pool")
            #expect(search.headers[.contentType] == "application/json")
            // (Which fragment a snippet shows is the backend's choice; that it is escaped is not.)
            struct Hits: Decodable {
                struct Hit: Decodable { var snippet: String }
                var items: [Hit]
            }
            let hits = try JSONDecoder().decode(Hits.self, from: Data(search.body.utf8)).items
            #expect(hits.count == 2)
            for hit in hits {
                let unmarked = hit.snippet.replacingOccurrences(of: "<mark>", with: "")
                    .replacingOccurrences(of: "</mark>", with: "")
                #expect(!unmarked.contains("<"), "\(hit.snippet)")
            }
            #expect(hits.contains { $0.snippet.contains("&lt;") })
        }
    }

    @Test("paths and ids cannot leave their place")
    func traversal() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try await anonymous.login("alice").0!
            for uri in [
                "/incidents/..%2F..%2Fetc%2Fpasswd", "/incidents/../../etc/passwd", "/assets/../Package.swift",
                "/assets/..%2F..%2FPackage.swift", "/attachments/..%2F..%2Fdebrief.sqlite",
            ] {
                let page = try await alice.get(uri)
                #expect([404, 400].contains(page.code), "\(uri): \(page.code)")
                #expect(!page.body.contains("root:x:0:0"))
            }
            let api = try await anonymous.withToken(for: "alice")
            let badID = try await api.json(
                .post, "/api/v1/postmortems", ["markdown": "---\nid: ../../evil\ntitle: x\n---\n"])
            #expect(badID.code == 400)
            // An upload named like a path keeps only its last component, and HTML is not accepted as an image.
            let upload = try await alice.multipart(
                "/incidents/pool/attachments", filename: "../../evil.png", type: "image/png", data: png)
            #expect(upload.code == 303)
            let stored = try #require(try await harness.store.attachments(postMortem: "pool").first)
            #expect(stored.filename == "evil.png")
            let html = try await alice.multipart(
                "/incidents/pool/attachments", filename: "x.png", type: "image/png",
                data: Data("<html><script>alert(1)</script></html>".utf8))
            #expect(html.code == 303)
            let served = try await alice.get(
                "/attachments/\(try #require(try await harness.store.attachments(postMortem: "pool").last).id)")
            #expect(served.headers[.contentType] == "text/plain")
            #expect(served.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(served.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
            let binary = try await alice.multipart(
                "/incidents/pool/attachments", filename: "x.exe", type: "application/octet-stream",
                data: Data([0, 1, 2, 0xFF]))
            #expect(binary.code == 415)
        }
    }

    @Test("two edits from one version: the first wins, the second gets 409 with both versions, nothing is lost")
    func conflict() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try await anonymous.withToken(for: "alice")
            let bob = try await anonymous.withToken(for: "bob")
            let start = try #require(try await harness.store.exportOne(id: "pool"))
            var mine = start.postMortem
            mine.summary = "Alice's summary."
            var theirs = start.postMortem
            theirs.summary = "Bob's summary."
            let first = try await bob.json(
                .put, "/api/v1/postmortems/pool",
                ["baseVersion": start.version, "markdown": DebriefFormatBridge.render(theirs)])
            #expect(first.code == 200)
            let second = try await alice.json(
                .put, "/api/v1/postmortems/pool",
                ["baseVersion": start.version, "markdown": DebriefFormatBridge.render(mine)])
            #expect(second.code == 409)
            #expect(second.body.contains("Bob's summary."))
            let history = try await harness.store.history(id: "pool", for: Member(name: "alice", role: .author))
            #expect(history.map(\.version) == [start.version + 1, start.version])

            // The same through the editor: the conflict page shows the diff and keeps the text typed.
            let browser = try await anonymous.login("alice").0!
            let page = try await browser.post(
                "/incidents/pool",
                [
                    ("base", "\(start.version)"), ("title", "Connection pool exhausted on checkout"),
                    ("summary", "Typed in the editor."), ("authors", "alice"), ("do", "save"),
                ])
            #expect(page.code == 409)
            #expect(page.body.contains("Typed in the editor."))
            #expect(page.body.contains("Bob&#39;s summary."))
        }
    }

    @Test("post-mortems sent without an id get one from their date and title, and bad Markdown names its line")
    func idsFromTitles() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let api = try await anonymous.withToken(for: "alice")
            for title in ["Disk full on build agents", "Cache stampede after deploy"] {
                let created = try await api.json(
                    .post, "/api/v1/postmortems",
                    ["markdown": "---\ntitle: \(title)\nstarted: 2026-11-02T10:00:00Z\n---\n"])
                #expect(created.code == 201, "\(created.body)")
                #expect(created.body.contains("\"id\":\"2026-11-02-\(Slug.make(title))\""))
            }
            let broken = try await api.json(.post, "/api/v1/postmortems", ["markdown": "---\ntitle: [unclosed\n---\n"])
            #expect(broken.code == 400)
            #expect(broken.body.contains("request body:3:1: error: front matter is not valid YAML"), "\(broken.body)")
            let browser = try await anonymous.login("alice").0!
            let pasted = try await browser.post(
                "/incidents/upload", [("markdown", "---\ntitle: Queue backlog\nstarted: 2026-11-03T08:00:00Z\n---\n")])
            #expect(pasted.headers[.location] == "/incidents/2026-11-03-queue-backlog")
        }
    }

    @Test("a restricted post-mortem is absent from lists, search, similar, dashboard and the API for others")
    func restricted() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            for (name, sees) in [("bob", false), ("root", false), ("carol", true)] {
                let browser = try await anonymous.login(name).0!
                let api = try await anonymous.withToken(for: name)
                #expect(try await browser.get("/incidents").body.contains("Deploy token leaked") == sees)
                #expect(try await browser.get("/incidents?q=token").body.contains("Deploy token leaked") == sees)
                #expect(try await browser.get("/").body.contains("Deploy token leaked") == sees)
                #expect(try await browser.get("/incidents/pool").body.contains("Deploy token leaked") == sees)
                #expect(try await api.get("/api/v1/postmortems").body.contains("\"leak\"") == sees)
                #expect(try await api.get("/api/v1/search?q=deploy").body.contains("\"leak\"") == sees)
                let metrics = try await api.get("/api/v1/metrics").body
                #expect(metrics.contains("\"incidents\":\(sees ? 2 : 1)"))
            }
        }
    }

    @Test("draft → review → approve → publish, with publishing blocked while lint reports errors")
    func workflow() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try await anonymous.withToken(for: "alice")
            let bob = try await anonymous.withToken(for: "bob")
            #expect(
                try await alice.json(.post, "/api/v1/postmortems/pool/transitions", ["action": "submit"]).code == 200)
            let selfApprove = try await alice.json(.post, "/api/v1/postmortems/pool/transitions", ["action": "approve"])
            #expect(selfApprove.code == 403)
            let approve = try await bob.json(
                .post, "/api/v1/postmortems/pool/transitions", ["action": "approve", "comment": "Clear and blameless."])
            #expect(approve.code == 200)
            #expect(approve.body.contains("\"status\":\"approved\""))
            let blocked = try await bob.json(.post, "/api/v1/postmortems/pool/transitions", ["action": "publish"])
            #expect(blocked.code == 422)
            #expect(blocked.body.contains("lint reports"))
            // Make it complete: whys, root cause, lessons, owners and dates.
            let current = try #require(try await harness.store.exportOne(id: "pool"))
            var pm = current.postMortem
            pm.rootCause.trigger = "A configuration change raised the pool size."
            pm.rootCause.text = "Pool sizes are set per pod against a shared database limit."
            pm.rootCause.whys = (1...3).map { Why(question: "Why \($0)?", answer: "Because of reason \($0).") }
            pm.rootCause.factors = [ContributingFactor(category: .configuration, text: "No cluster-wide budget.")]
            pm.impact.notes = "Checkout failed for some shoppers."
            pm.lessons.wentWell = ["The alert fired."]
            pm.mitigated = pm.resolved
            pm.timeline = [
                TimelineEntry(time: pm.started, kind: .start, text: "Errors begin"),
                TimelineEntry(time: pm.detected, kind: .detect, text: "Alert fires"),
                TimelineEntry(time: pm.resolved, kind: .resolve, text: "Errors stop"),
            ]
            pm.actionItems = [
                ActionItem(
                    title: "Alert on pool saturation", owner: "alice", due: LocalDate(year: 2026, month: 10, day: 20),
                    priority: .p1, type: .detect, status: .done)
            ]
            let fixed = try await alice.json(
                .put, "/api/v1/postmortems/pool",
                ["baseVersion": current.version, "markdown": DebriefFormatBridge.render(pm)])
            #expect(fixed.code == 200)
            let findings = try await alice.get("/api/v1/postmortems/pool/findings").body
            #expect(!findings.contains("\"severity\":\"error\""), "\(findings)")
            let publish = try await bob.json(.post, "/api/v1/postmortems/pool/transitions", ["action": "publish"])
            #expect(publish.code == 200, "\(publish.body)")
            #expect(publish.body.contains("\"status\":\"published\""))
            // The reviewer's comment was kept, and the approval is in the Markdown.
            #expect(
                try await harness.store.comments(postMortem: "pool").first?.body.contains("Clear and blameless.")
                    == true)
            #expect(try await harness.store.exportOne(id: "pool")?.markdown.contains("reviewer: bob") == true)
        }
    }

    @Test("the editor saves a structured form and reports bad input by field, keeping what was typed")
    func editor() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try await anonymous.login("alice").0!
            let bad = try await alice.post(
                "/incidents",
                [
                    ("title", "Cache stampede"), ("started", "yesterday-ish"), ("t_time", "25:99"), ("t_kind", "start"),
                    ("t_text", "cache cleared"), ("a_title", "Add jitter"), ("a_due", "2026-02-30"), ("do", "save"),
                ])
            #expect(bad.code == 422)
            #expect(bad.body.contains("Started: &#39;yesterday-ish&#39; is not a time"))
            #expect(bad.body.contains("Action item 1: due &#39;2026-02-30&#39; is not a date"))
            #expect(bad.body.contains("value=\"cache cleared\""))
            let good = try await alice.post(
                "/incidents",
                [
                    ("title", "Cache stampede"), ("severity", "SEV3"), ("kind", "degradation"),
                    ("services", "cdn, web"),
                    ("started", "2026-11-02T10:00:00Z"), ("detected", "10:07"), ("t_time", "2026-11-02T10:00:00Z"),
                    ("t_kind", "start"), ("t_text", "cache cleared"), ("t_time", ""), ("t_kind", "note"),
                    ("t_text", ""),
                    ("a_title", "Add jitter"), ("a_owner", "alice"), ("a_due", "2026-12-01"), ("a_priority", "P2"),
                    ("a_status", "open"), ("a_link", ""), ("do", "save"),
                ])
            #expect(good.code == 303)
            let id = try #require(good.headers[.location]?.replacingOccurrences(of: "/incidents/", with: ""))
            let stored = try #require(try await harness.store.exportOne(id: id)).postMortem
            #expect(stored.services == ["cdn", "web"])
            #expect(stored.detected?.iso8601 == "2026-11-02T10:07:00Z")
            #expect(stored.timeline.map(\.text) == ["cache cleared"])
            #expect(stored.actionItems.first?.due == LocalDate(year: 2026, month: 12, day: 1))
            #expect(stored.authors == ["alice"])
        }
    }
}
