import DebriefCore
import DebriefServer
import DebriefStore
import Foundation
import HTTPTypes
import Testing

/// Who asks: anonymous, each role, and carol, a viewer named in the restricted post-mortem.
enum Asker: String, CaseIterable, CustomStringConvertible {
    case anonymous, vic, alice, bob, root, carol
    var description: String { rawValue }
    var isSignedIn: Bool { self != .anonymous }
    var canWrite: Bool { [.alice, .bob, .root].contains(self) }
    var seesLeak: Bool { self == .carol }
}

/// One route and what each asker must get.
struct RouteCase: Sendable, CustomStringConvertible {
    var name: String
    var expected: @Sendable (Asker) -> Int
    var send: @Sendable (Browser) async throws -> Browser.Page
    var description: String { name }
}

let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])

/// Pages: signed-out GETs go to the login page, signed-out POSTs get 401.
func page(_ a: Asker, _ signedIn: Int) -> Int { a.isSignedIn ? signedIn : 303 }
func action(_ a: Asker, _ signedIn: Int) -> Int { a.isSignedIn ? signedIn : 401 }

let routes: [RouteCase] = [
    RouteCase(name: "GET /", expected: { page($0, 200) }, send: { try await $0.get("/") }),
    RouteCase(name: "GET /incidents", expected: { page($0, 200) }, send: { try await $0.get("/incidents") }),
    RouteCase(
        name: "GET /incidents?q=", expected: { page($0, 200) }, send: { try await $0.get("/incidents?q=token+pool") }),
    RouteCase(name: "GET /incidents/pool", expected: { page($0, 200) }, send: { try await $0.get("/incidents/pool") }),
    RouteCase(
        name: "GET /incidents/leak", expected: { page($0, $0.seesLeak ? 200 : 404) },
        send: { try await $0.get("/incidents/leak") }),
    RouteCase(
        name: "GET history", expected: { page($0, 200) }, send: { try await $0.get("/incidents/pool/history") }),
    RouteCase(
        name: "GET restricted history", expected: { page($0, $0.seesLeak ? 200 : 404) },
        send: { try await $0.get("/incidents/leak/history") }),
    RouteCase(
        name: "GET diff", expected: { page($0, 200) }, send: { try await $0.get("/incidents/pool/diff?from=1&to=1") }),
    RouteCase(
        name: "GET download", expected: { page($0, 200) },
        send: { try await $0.get("/incidents/pool/download?format=md") }),
    RouteCase(
        name: "GET restricted download", expected: { page($0, $0.seesLeak ? 200 : 404) },
        send: { try await $0.get("/incidents/leak/download?format=json") }),
    RouteCase(
        name: "GET /incidents/new", expected: { page($0, $0.canWrite ? 200 : 403) },
        send: { try await $0.get("/incidents/new") }),
    RouteCase(
        name: "POST /incidents", expected: { action($0, $0.canWrite ? 303 : 403) },
        send: { try await $0.post("/incidents", [("title", "Queue backlog"), ("severity", "SEV4"), ("do", "save")]) }),
    RouteCase(
        name: "GET edit", expected: { page($0, $0.canWrite ? 200 : 403) },
        send: { try await $0.get("/incidents/pool/edit") }),
    RouteCase(
        // Viewers may edit nothing, so their 403 says nothing about whether the post-mortem exists.
        name: "GET restricted edit", expected: { page($0, $0.canWrite ? 404 : 403) },
        send: { try await $0.get("/incidents/leak/edit") }),
    RouteCase(
        name: "POST save", expected: { action($0, $0.canWrite ? 303 : 403) },
        send: { browser in
            let current = try await browser.store.exportOne(id: "pool")?.version ?? 1
            return try await browser.post(
                "/incidents/pool",
                [("base", "\(current)"), ("title", "Connection pool exhausted"), ("authors", "alice"), ("do", "save")])
        }),
    RouteCase(
        name: "POST comment", expected: { action($0, 303) },
        send: { try await $0.post("/incidents/pool/comments", [("body", "Looks right.")]) }),
    RouteCase(
        name: "POST restricted comment", expected: { action($0, $0.seesLeak ? 303 : 404) },
        send: { try await $0.post("/incidents/leak/comments", [("body", "Seen.")]) }),
    RouteCase(
        name: "POST review submit", expected: { action($0, $0.canWrite ? 303 : 403) },
        send: { try await $0.post("/incidents/pool/review", [("action", "submit")]) }),
    RouteCase(name: "GET /actions", expected: { page($0, 200) }, send: { try await $0.get("/actions") }),
    RouteCase(
        name: "POST /actions", expected: { action($0, $0.canWrite ? 303 : 403) },
        send: { browser in
            let current = try await browser.store.exportOne(id: "pool")?.version ?? 1
            return try await browser.post("/actions", [("status", "done"), ("item", "pool|0|\(current)")])
        }),
    RouteCase(name: "GET /account", expected: { page($0, 200) }, send: { try await $0.get("/account") }),
    RouteCase(
        name: "POST token", expected: { action($0, 200) },
        send: { try await $0.post("/account/tokens", [("name", "ci")]) }),
    RouteCase(
        name: "GET upload", expected: { page($0, $0.canWrite ? 200 : 403) },
        send: { try await $0.get("/incidents/upload") }),
    RouteCase(
        name: "POST attachment", expected: { action($0, $0.canWrite ? 303 : 403) },
        send: {
            try await $0.multipart("/incidents/pool/attachments", filename: "graph.png", type: "image/png", data: png)
        }),
    RouteCase(
        name: "POST upload", expected: { action($0, $0.canWrite ? 303 : 403) },
        send: {
            try await $0.post(
                "/incidents/upload", [("markdown", "---\ntitle: Pasted incident\n---\n\n## Summary\n\nPasted.\n")])
        }),
    RouteCase(
        name: "GET restricted attachment", expected: { page($0, $0.seesLeak ? 200 : 404) },
        send: { browser in
            let id = try #require(try await browser.store.attachments(postMortem: "leak").first?.id)
            return try await browser.get("/attachments/\(id)")
        }),
    RouteCase(
        name: "GET missing attachment", expected: { page($0, 404) },
        send: { try await $0.get("/attachments/nothing-here") }),
    RouteCase(name: "GET /healthz", expected: { _ in 200 }, send: { try await $0.get("/healthz") }),
    RouteCase(name: "GET /ping", expected: { _ in 200 }, send: { try await $0.get("/ping") }),
    RouteCase(name: "GET /assets/app.css", expected: { _ in 200 }, send: { try await $0.get("/assets/app.css") }),
    RouteCase(name: "GET /login", expected: { $0.isSignedIn ? 303 : 200 }, send: { try await $0.get("/login") }),
    // Last: it ends the session.
    RouteCase(name: "POST /logout", expected: { _ in 303 }, send: { try await $0.post("/logout", []) }),
]

/// The API, with a bearer token for signed-in askers and nothing for anonymous.
func api(_ a: Asker, _ signedIn: Int) -> Int { a.isSignedIn ? signedIn : 401 }

let apiRoutes: [RouteCase] = [
    RouteCase(name: "API me", expected: { api($0, 200) }, send: { try await $0.get("/api/v1/me") }),
    RouteCase(name: "API list", expected: { api($0, 200) }, send: { try await $0.get("/api/v1/postmortems") }),
    RouteCase(name: "API get", expected: { api($0, 200) }, send: { try await $0.get("/api/v1/postmortems/pool") }),
    RouteCase(
        name: "API get restricted", expected: { api($0, $0.seesLeak ? 200 : 404) },
        send: { try await $0.get("/api/v1/postmortems/leak") }),
    RouteCase(
        name: "API versions", expected: { api($0, 200) },
        send: { try await $0.get("/api/v1/postmortems/pool/versions") }),
    RouteCase(
        name: "API restricted versions", expected: { api($0, $0.seesLeak ? 200 : 404) },
        send: { try await $0.get("/api/v1/postmortems/leak/versions") }),
    RouteCase(
        name: "API restricted findings", expected: { api($0, $0.seesLeak ? 200 : 404) },
        send: { try await $0.get("/api/v1/postmortems/leak/findings") }),
    RouteCase(
        // Carol sees it but, as a viewer, may not edit it; for everyone else it does not exist.
        name: "API restricted update", expected: { api($0, $0.seesLeak ? 403 : 404) },
        send: {
            try await $0.json(.put, "/api/v1/postmortems/leak", ["baseVersion": 1, "markdown": "---\ntitle: x\n---\n"])
        }),
    RouteCase(
        name: "API findings", expected: { api($0, 200) },
        send: { try await $0.get("/api/v1/postmortems/pool/findings") }),
    RouteCase(
        name: "API create", expected: { api($0, $0.canWrite ? 201 : 403) },
        send: {
            try await $0.json(
                .post, "/api/v1/postmortems", ["markdown": "---\ntitle: Disk full on build agents\n---\n"])
        }),
    RouteCase(
        name: "API update", expected: { api($0, $0.canWrite ? 200 : 403) },
        send: { browser in
            let current = try await browser.store.exportOne(id: "pool")
            var pm = try #require(current?.postMortem)
            pm.summary = "Edited through the API."
            return try await browser.json(
                .put, "/api/v1/postmortems/pool",
                ["baseVersion": current?.version ?? 1, "markdown": DebriefFormatBridge.render(pm)])
        }),
    RouteCase(
        name: "API transition", expected: { api($0, $0.canWrite ? 200 : 403) },
        send: { try await $0.json(.post, "/api/v1/postmortems/pool/transitions", ["action": "submit"]) }),
    RouteCase(
        name: "API restricted transition", expected: { api($0, $0.seesLeak ? 403 : 404) },
        send: { try await $0.json(.post, "/api/v1/postmortems/leak/transitions", ["action": "submit"]) }),
    RouteCase(name: "API search", expected: { api($0, 200) }, send: { try await $0.get("/api/v1/search?q=token") }),
    RouteCase(name: "API actions", expected: { api($0, 200) }, send: { try await $0.get("/api/v1/actions") }),
    RouteCase(name: "API metrics", expected: { api($0, 200) }, send: { try await $0.get("/api/v1/metrics") }),
]

@Suite("Authorization matrix: every route against every role, on the live server")
struct AuthorizationTests {
    @Test("pages", arguments: Asker.allCases)
    func pages(asker: Asker) async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            var browser = anonymous
            if asker.isSignedIn {
                browser = try #require(try await anonymous.login(asker.rawValue).0)
            }
            for route in routes {
                let page = try await route.send(browser)
                #expect(
                    page.code == route.expected(asker),
                    "\(route.name) as \(asker): \(page.code) \(page.body.prefix(200))")
            }
        }
    }

    @Test("API", arguments: Asker.allCases)
    func apiRoutes(asker: Asker) async throws {
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let browser = asker.isSignedIn ? try await anonymous.withToken(for: asker.rawValue) : anonymous
            for route in DebriefServerTests.apiRoutes {
                let page = try await route.send(browser)
                #expect(
                    page.code == route.expected(asker),
                    "\(route.name) as \(asker): \(page.code) \(page.body.prefix(200))")
            }
        }
    }
}
