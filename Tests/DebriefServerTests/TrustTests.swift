import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import DebriefServer

#if canImport(Glibc)
    import Glibc
#endif

/// A post-mortem whose front matter is a "billion laughs": each level ten aliases of the last.
func aliasBomb(levels: Int) -> String {
    var lines = ["---", "id: bomb", "title: Bomb", "a0: &a0 [\"lol\"]"]
    for level in 1...levels {
        lines.append("a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]")
    }
    return (lines + ["extra: *a\(levels)", "---", "", "## Summary", "", "Text."]).joined(separator: "\n") + "\n"
}

/// The probe's reproductions of hostile input and abuse, each against the real server.
@Suite("A record people can trust: hostile input and abuse")
struct TrustTests {
    @Test("a billion-laughs front matter sent to the API is refused at once and nothing is stored")
    func yamlBombThroughAPI() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let api = try await anonymous.withToken(for: "alice")
            let bomb = aliasBomb(levels: 9)
            let start = Date()
            let page = try await api.json(.post, "/api/v1/postmortems", ["markdown": bomb])
            #expect(Date().timeIntervalSince(start) < 5)
            #expect(page.code == 400)
            #expect(page.body.contains("expands to more than"))
            #expect(try await harness.store.exists(id: "bomb") == false)
            #expect(try await api.get("/api/v1/postmortems/pool").code == 200)
        }
    }

    @Test("a huge form sent to /login is refused with 413 before it is read")
    func hugeLoginBody() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let body = ByteBuffer(repeating: UInt8(ascii: "a"), count: 16 << 20)
            let start = Date()
            let page = try await anonymous.send(
                .post, "/login", headers: [.contentType: "application/x-www-form-urlencoded"], body: body)
            #expect(page.code == 413)
            #expect(Date().timeIntervalSince(start) < 5)
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            // Over the editor's limit without a declared length is still 413, not 500.
            let alice = try #require(try await anonymous.login("alice").0)
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            headers[.transferEncoding] = "chunked"
            let big = try await alice.send(
                .post, "/incidents/pool/comments", headers: headers,
                body: ByteBuffer(repeating: UInt8(ascii: "b"), count: 1 << 20))
            #expect(big.code == 413)
        }
    }

    @Test("clients sending their bodies slowly do not stall anyone else")
    func slowClients() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let port = try #require(anonymous.client.port)
            // Ten connections each promise a large form and send a few bytes of it.
            var sockets: [Int32] = []
            defer { sockets.forEach { close($0) } }
            for _ in 0..<10 {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(UInt16(port).bigEndian)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                #expect(connected == 0)
                let head =
                    "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 15000\r\n\r\nname=a"
                _ = head.withCString { send(fd, $0, strlen($0), 0) }
                sockets.append(fd)
            }
            let start = Date()
            #expect(try await anonymous.get("/login").code == 200)
            #expect(try await anonymous.get("/healthz").code == 200)
            // The slow clients never finish, so a stall would last until they hang up; the
            // bound only tells a stall from a busy machine (the suite runs tests side by side).
            #expect(Date().timeIntervalSince(start) < 15)
        }
    }

    @Test(
        "after sign-in only this site's paths are followed",
        arguments: [
            ("/incidents/pool", "/incidents/pool"), ("/\t/evil.example", "/"), ("/\n/evil.example", "/"),
            ("//evil.example", "/"), ("/\\evil.example", "/"), ("https://evil.example", "/"),
            ("/ /evil.example", "/"), ("/\u{202E}/evil.example", "/"), ("/incidents?q=a%20b", "/incidents?q=a%20b"),
        ])
    func nextIsSameSite(next: String, expected: String) async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let form = try await anonymous.get("/login")
            let loginCookie = Browser.cookieValue("debrief_login", in: form.headers) ?? ""
            let token = Browser.hidden("login_csrf", in: form.body) ?? ""
            var browser = anonymous
            browser.cookie = "debrief_login=\(loginCookie)"
            let page = try await browser.post(
                "/login",
                [("login_csrf", token), ("name", "alice"), ("password", Harness.password), ("next", next)],
                csrf: false)
            #expect(page.code == 303)
            #expect(page.headers[.location] == expected)
            let shown = try await anonymous.get("/login?next=" + Browser.encode(next))
            #expect(Browser.hidden("next", in: shown.body) == expected.replacingOccurrences(of: "&", with: "&amp;"))
        }
    }

    @Test("one account's failed sign-ins slow that account, not the others behind the same address")
    func limitsKeptApart() async throws {
        // A long first back-off, so that no wait runs out while the test signs in.
        let harness = try await Harness.make(loginAttempts: 3, loginBackOff: 600)
        try await harness.run { anonymous in
            for _ in 0..<3 { #expect(try await anonymous.login("alice", password: "wrong password").1.code == 401) }
            let limited = try await anonymous.login("alice", password: "wrong password").1
            #expect(limited.code == 429)
            #expect(limited.headers[.retryAfter] != nil)
            // The refused attempt is not checked, so it is not a failure of its own.
            let audit = try await harness.store.auditTrail(limit: 10)
            #expect(audit.filter { $0.action == "login-failed" }.count == 3)
            // The same address, another account: not locked out.
            #expect(try await anonymous.login("bob").0 != nil)
            // And bob's success did not clear alice's count: she is still slowed.
            #expect(try await anonymous.login("alice").1.code == 429)
        }
    }

    @Test("back-off doubles per failure past the free attempts, and a success clears only its own account")
    func backOff() async throws {
        let limiter = LoginLimiter(store: try SQLiteStore(), attempts: 3, window: 900)
        let start = Date(timeIntervalSince1970: 1_000_000)
        let alice = LoginLimiter.Key.account("alice")
        let mallory = LoginLimiter.Key.account("mallory")
        let address = LoginLimiter.Key.address("10.0.0.1")
        var now = start
        for _ in 0..<3 {
            #expect(try await limiter.wait([alice, address], now: now) == nil)
            try await limiter.fail([alice, address], now: now)
        }
        #expect(try await limiter.wait([alice], now: now) == 1)
        now += 1
        try await limiter.fail([alice, address], now: now)
        #expect(try await limiter.wait([alice], now: now) == 2)
        now += 2
        try await limiter.fail([alice, address], now: now)
        #expect(try await limiter.wait([alice], now: now) == 4)
        // Mallory signing in to her own account changes nothing for alice.
        try await limiter.succeed(mallory)
        #expect(try await limiter.wait([alice], now: now) == 4)
        // The address has more free attempts than an account: 5 failures are not yet slowed.
        #expect(try await limiter.wait([address], now: now) == nil)
        // A quiet window forgets the count, and a failure after it counts from one again.
        #expect(try await limiter.wait([alice], now: now + 901) == nil)
        try await limiter.fail([alice], now: now + 901)
        #expect(try await limiter.wait([alice], now: now + 901) == nil)
    }

    @Test("a password change ends the account's sessions and tokens; a token can be revoked on its own")
    func credentialsEnd() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let otherSession = try #require(try await anonymous.login("alice").0)
            let api = try await anonymous.withToken(for: "alice")
            let second = try await anonymous.withToken(for: "alice")
            #expect(try await api.get("/api/v1/me").code == 200)
            // Revoke the first token from the account page; the second keeps working.
            let tokens = try await harness.store.tokens(
                userID: try #require(try await harness.store.user(named: "alice")).id)
            let revoked = try await alice.post("/account/tokens/\(tokens[0].id)/revoke", [])
            #expect(revoked.code == 200)
            #expect(try await api.get("/api/v1/me").code == 401)
            #expect(try await second.get("/api/v1/me").code == 200)
            // Someone else's token id is not found, and not revoked.
            let bob = try #require(try await anonymous.login("bob").0)
            #expect(try await bob.post("/account/tokens/\(tokens[1].id)/revoke", []).code == 404)
            // A wrong current password changes nothing.
            let wrong = try await alice.post(
                "/account/password", [("current", "nope"), ("new", "a brand new password")])
            #expect(wrong.code == 422)
            #expect(try await otherSession.get("/account").code == 200)
            let changed = try await alice.post(
                "/account/password", [("current", Harness.password), ("new", "a brand new password")])
            #expect(changed.code == 303)
            #expect(try await otherSession.get("/account").code == 303)
            #expect(try await second.get("/api/v1/me").code == 401)
            #expect(try await anonymous.login("alice").0 == nil)
            #expect(try await anonymous.login("alice", password: "a brand new password").0 != nil)
        }
    }

    @Test("a reset from the store ends sessions and tokens on the server within seconds")
    func resetFromAnotherProcess() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let api = try await anonymous.withToken(for: "alice")
            let ended = try await harness.store.setPasswordHash(
                Accounts.hash("another password", cost: 4), user: "alice")
            #expect(ended.sessions == 1 && ended.tokens == 1)
            try await Task.sleep(for: .seconds(5.5))
            #expect(try await alice.get("/account").code == 303)
            #expect(try await api.get("/api/v1/me").code == 401)
        }
    }

    @Test("account names at sign-in are bounded and reach the audit trail without control characters")
    func auditNames() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let name = "mallory\n2026-01-01T00:00:00Z\troot\tlogin\t\u{1B}[2J" + String(repeating: "x", count: 10_000)
            #expect(try await anonymous.login(name, password: "whatever").1.code == 401)
            let event = try #require(try await harness.store.auditTrail(limit: 1).first)
            #expect(event.action == "login-failed")
            #expect(event.actor.count <= 64)
            #expect(!event.actor.unicodeScalars.contains { $0.value < 0x20 })
            #expect(event.actor.hasPrefix("mallory\\u{a}2026"))
        }
    }

    @Test("error pages and 404s carry the security headers, and signed-in pages are not cached")
    func headersEverywhere() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            for page in [
                try await anonymous.get("/no-such-page"), try await alice.get("/incidents/no-such"),
                try await alice.get("/incidents/pool"),
                try await anonymous.withToken(for: "vic").get("/api/v1/nothing"),
                try await alice.post("/incidents/pool/comments", [], csrf: false),
            ] {
                #expect(
                    page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(page.code)")
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(page.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test("creating a post-mortem under a taken id answers the same whether it is restricted or not")
    func takenIDs() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let api = try await anonymous.withToken(for: "bob")
            func create(_ id: String) async throws -> Browser.Page {
                try await api.json(
                    .post, "/api/v1/postmortems",
                    ["markdown": "---\nid: \(id)\ntitle: Mine\n---\n\n## Summary\n\nText.\n"])
            }
            let restricted = try await create("leak")
            let open = try await create("pool")
            #expect(restricted.code == open.code)
            #expect(
                restricted.body.replacingOccurrences(of: "leak", with: "ID")
                    == open.body.replacingOccurrences(of: "pool", with: "ID"))
            #expect(try await create("fresh-id").code == 201)
            // Uploading a file whose id is taken: the same answer too.
            let bob = try #require(try await anonymous.login("bob").0)
            func upload(_ id: String) async throws -> Browser.Page {
                try await bob.multipart(
                    "/incidents/upload", filename: "\(id).md", type: "text/markdown",
                    data: Data("---\nid: \(id)\ntitle: Mine\n---\n\n## Summary\n\nText.\n".utf8))
            }
            let uploadRestricted = try await upload("leak")
            let uploadOpen = try await upload("pool")
            #expect(uploadRestricted.code == uploadOpen.code)
            #expect(uploadRestricted.code == 409)
            #expect(
                uploadRestricted.body.replacingOccurrences(of: "leak", with: "ID")
                    == uploadOpen.body.replacingOccurrences(of: "pool", with: "ID"))
        }
    }

    @Test("a multi-megabyte summary typed in the editor is refused naming the field, and every page still opens")
    func hugeSummary() async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let alice = try #require(try await anonymous.login("alice").0)
            let edit = try await alice.get("/incidents/pool/edit")
            let base = try #require(Browser.hidden("base", in: edit.body))
            let huge = String(repeating: "all the words ", count: 200_000)
            let page = try await alice.post(
                "/incidents/pool",
                [("base", base), ("title", "Connection pool exhausted on checkout"), ("summary", huge), ("do", "save")])
            #expect(page.code == 422)
            #expect(page.body.contains("Summary"))
            #expect(try await harness.store.exportOne(id: "pool")?.version == 1)
            #expect(try await alice.get("/incidents/pool").code == 200)
            #expect(try await alice.get("/incidents?q=words").code == 200)
            // Through the API the same limit answers 422 naming the field.
            let api = try await anonymous.withToken(for: "alice")
            var pm = try Fixtures.pool()
            pm.summary = huge
            let json = try JSONSerialization.jsonObject(with: Data(try JSONFormat.encode(pm).utf8))
            let answer = try await api.json(.put, "/api/v1/postmortems/pool", ["postMortem": json, "baseVersion": 1])
            #expect(answer.code == 422)
            #expect(answer.body.contains("summary"))
        }
    }
}
