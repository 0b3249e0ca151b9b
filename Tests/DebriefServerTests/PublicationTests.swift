import DebriefCore
import DebriefFormat
import DebriefServer
import DebriefStore
import Foundation
import Testing

/// Public versions on the live server: made, checked, approved and published by the team,
/// read at `/public/` by anyone, and never showing what was redacted.
@Suite("Public versions: redact, review side by side, approve, publish, read signed out")
struct PublicationTests {
    /// The pool post-mortem with a person, an internal host and a customer's e-mail in it.
    static func plant(_ store: any Store) async throws {
        var pm = try #require(try await store.postMortem(id: "pool", for: Member(name: "alice", role: .author)))
            .postMortem
        pm.summary =
            "Checkout failed because the database ran out of connections. Alice restarted db-1.corp.internal after jane.doe@gmail.com wrote in."
        _ = try await store.update(pm, baseVersion: 1, by: "alice", note: "planted")
    }

    @Test("the whole flow, and nothing redacted reaches the public pages")
    func flow() async throws {
        let harness = try await Harness.make()
        try await Self.plant(harness.store)
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let bob = try #require(try await anonymous.login("bob").0)
            let vic = try #require(try await anonymous.login("vic").0)
            #expect(try await alice.get("/incidents/pool/public").body.contains("No public version yet"))
            #expect(try await vic.post("/incidents/pool/public/generate", []).code == 403)
            #expect(try await alice.post("/incidents/pool/public/generate", []).code == 303)
            let page = try await alice.get("/incidents/pool/public")
            #expect(page.code == 200)
            #expect(page.body.contains("<mark class=\"r-person\""))
            #expect(page.body.contains("<mark class=\"r-personal-data\""))
            #expect(page.body.contains("<mark class=\"r-internal-system\""))
            let draft = try #require(try await harness.store.publicVersion(postMortem: "pool", number: 1))
            for gone in ["jane.doe@gmail.com", "db-1.corp.internal", "Alice restarted"] {
                #expect(!draft.markdown.contains(gone), "\(gone) in the public text")
            }
            // Nothing is public before a reviewer approves and publishes.
            #expect(try await anonymous.get("/public/").body.contains("Nothing is published yet"))
            #expect(try await alice.post("/incidents/pool/public/approve", [("version", "1")]).code == 403)
            #expect(try await bob.post("/incidents/pool/public/publish", []).code == 422)
            #expect(try await bob.post("/incidents/pool/public/approve", [("version", "1")]).code == 303)
            #expect(try await bob.post("/incidents/pool/public/publish", []).code == 303)
            let state = try #require(try await harness.store.publicState(postMortem: "pool"))
            let publicID = try #require(state.publishedID)

            let index = try await anonymous.get("/public/")
            #expect(index.code == 200)
            #expect(index.body.contains("Connection pool exhausted on checkout"))
            let published = try await anonymous.get("/public/\(publicID)")
            #expect(published.code == 200)
            #expect(published.headers[.cacheControl] == "public, max-age=60")
            let feed = try await anonymous.get("/public/feed.atom")
            #expect(feed.body.contains("<id>urn:debrief:public:\(publicID)</id>"))
            let json = try await anonymous.get("/public/index.json")
            #expect(json.headers[values: .init("Access-Control-Allow-Origin")!] == ["*"])
            let list = try #require(
                try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: [[String: Any]]])
            #expect(list["postMortems"]?.first?["url"] as? String == "/public/\(publicID)")
            for body in [index.body, published.body, feed.body, json.body] {
                for gone in ["jane.doe@gmail.com", "db-1.corp.internal", "Alice", "/incidents/", "/api/"] {
                    #expect(!body.contains(gone), "\(gone) on a public page")
                }
            }
            // An edit by hand is a new version that needs a new approval; what is published stays.
            let markdown = draft.markdown.replacingOccurrences(of: "ran out of", with: "exhausted its")
            #expect(
                try await alice.post(
                    "/incidents/pool/public/save", [("base_version", "1"), ("markdown", markdown)]
                ).code == 303)
            #expect(
                try await alice.post(
                    "/incidents/pool/public/save", [("base_version", "1"), ("markdown", markdown)]
                ).code == 409)
            #expect(try await bob.post("/incidents/pool/public/publish", []).code == 422)
            #expect(try await anonymous.get("/public/\(publicID)").body.contains("ran out of"))
            // A false positive put back, then a word added.
            #expect(try await alice.post("/incidents/pool/public/keep", [("word", "db-1.corp.internal")]).code == 303)
            let kept = try #require(try await harness.store.publicState(postMortem: "pool"))
            let text = try #require(try await harness.store.publicVersion(postMortem: "pool", number: kept.version))
            #expect(text.markdown.contains("db-1.corp.internal"))
            #expect(try await alice.post("/incidents/pool/public/redact", [("word", "checkout")]).code == 303)
            let redacted = try #require(try await harness.store.publicState(postMortem: "pool"))
            let latest = try #require(
                try await harness.store.publicVersion(postMortem: "pool", number: redacted.version))
            #expect(!latest.markdown.lowercased().contains("checkout failed"))
            // Unpublished, it is gone from the site.
            #expect(try await bob.post("/incidents/pool/public/unpublish", []).code == 303)
            #expect(try await anonymous.get("/public/\(publicID)").code == 404)
            let actions = try await harness.store.auditTrail(limit: 50).map(\.action)
            for action in ["public-generate", "public-approve", "public-publish", "public-edit", "public-keep"] {
                #expect(actions.contains(action))
            }
        }
    }

    @Test(
        "publishing is refused while the redaction check finds personal data, and the editor's own approval does not count"
    )
    func checkBeforePublishing() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let bob = try #require(try await anonymous.login("bob").0)
            #expect(try await alice.post("/incidents/pool/public/generate", []).code == 303)
            let draft = try #require(try await harness.store.publicVersion(postMortem: "pool", number: 1))
            let leaky = draft.markdown.replacingOccurrences(
                of: "## Summary\n\n", with: "## Summary\n\nWrite to jane.doe@gmail.com. ")
            #expect(
                try await bob.post("/incidents/pool/public/save", [("base_version", "1"), ("markdown", leaky)]).code
                    == 303)
            // bob saved version 2: he cannot approve his own edit.
            #expect(try await bob.post("/incidents/pool/public/approve", [("version", "2")]).code == 422)
            let root = try #require(try await anonymous.login("root").0)
            #expect(try await root.post("/incidents/pool/public/approve", [("version", "2")]).code == 303)
            let refused = try await root.post("/incidents/pool/public/publish", [])
            #expect(refused.code == 422)
            #expect(refused.body.contains("redaction check"))
            #expect(try await harness.store.published().isEmpty)
            // A public text is held to a post-mortem's limits: read whole (not 413) and refused
            // naming the field.
            let huge = draft.markdown.replacingOccurrences(
                of: "## Summary\n\n", with: "## Summary\n\n" + String(repeating: "word ", count: 60_000))
            let tooLong = try await alice.post(
                "/incidents/pool/public/save", [("base_version", "2"), ("markdown", huge)])
            #expect(tooLong.code == 422 && tooLong.body.contains("summary"), "\(tooLong.code)")
            // A broken public text is refused naming the line.
            let broken = try await alice.post(
                "/incidents/pool/public/save", [("base_version", "2"), ("markdown", "---\ntitle: [x\n---\n")])
            #expect(broken.code == 422)
        }
    }

    @Test("a restricted post-mortem gets a public version only once an admin allows it")
    func restricted() async throws {
        let harness = try await Harness.make()
        var sec = try Fixtures.leak()
        sec.id = "sec"
        sec.authors = ["alice"]
        sec.commander = "root"
        _ = try await harness.store.create(sec, by: "alice", note: "", demo: false)
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let root = try #require(try await anonymous.login("root").0)
            let bob = try #require(try await anonymous.login("bob").0)
            #expect(try await alice.post("/incidents/sec/public/generate", []).code == 422)
            #expect(try await alice.post("/incidents/sec/public/allow", [("allow", "yes")]).code == 403)
            // bob is not named in it: it does not exist for him.
            #expect(try await bob.get("/incidents/sec/public").code == 404)
            #expect(try await root.post("/incidents/sec/public/allow", [("allow", "yes")]).code == 303)
            #expect(try await alice.post("/incidents/sec/public/generate", []).code == 303)
        }
    }

    /// The redaction fixtures of the CLI tests, with their planted items.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("debriefTests/Fixtures/redaction")

    @Test("no planted item of the redaction fixtures reaches /public/, its page, feed or JSON")
    func plantedItems() async throws {
        let policy = try PolicyFile.load(Self.fixtures.appendingPathComponent(".debrief.yml"))
        let harness = try await Harness.make(policy: policy)
        var ids: [String] = []
        for name in ["2026-04-02-acme-export-leak.md", "2026-05-11-login-outage.md"] {
            var pm = try PostMortemParser.parse(
                try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8), path: name
            ).postMortem
            pm.authors.append("alice")  // so that alice may make its public version
            _ = try await harness.store.create(pm, by: "alice", note: "", demo: false)
            ids.append(pm.id)
        }
        let planted = try String(contentsOf: Self.fixtures.appendingPathComponent("planted.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let made = ids
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let bob = try #require(try await anonymous.login("bob").0)
            for id in made {
                #expect(try await alice.post("/incidents/\(id)/public/generate", []).code == 303)
                #expect(try await bob.post("/incidents/\(id)/public/approve", [("version", "1")]).code == 303)
                let published = try await bob.post("/incidents/\(id)/public/publish", [])
                #expect(published.code == 303, "\(published.body)")
            }
            var bodies = [
                try await anonymous.get("/public/").body, try await anonymous.get("/public/feed.atom").body,
                try await anonymous.get("/public/index.json").body,
            ]
            for entry in try await harness.store.published() {
                let page = try await anonymous.get("/public/\(entry.publicID)")
                #expect(page.code == 200)
                bodies.append(page.body)
            }
            #expect(bodies.count == 5)
            for body in bodies {
                // The text a reader sees: markup taken out (`<li>` is not "Li"), escapes read back.
                let text = body.replacingOccurrences(
                    of: "<style>[^<]*</style>", with: " ", options: .regularExpression
                ).replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
                    .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
                for item in planted {
                    let pattern = "(?<![A-Za-z0-9])" + NSRegularExpression.escapedPattern(for: item) + "(?![A-Za-z0-9])"
                    #expect(
                        text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) == nil,
                        "'\(item)' on a public page")
                }
            }
        }
    }
}
