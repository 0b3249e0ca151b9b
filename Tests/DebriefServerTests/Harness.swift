import DebriefCore
import DebriefFormat
import DebriefServer
import DebriefStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A fresh database with one account per role, a public and a restricted post-mortem, and the
/// real application on a live socket at 127.0.0.1.
struct Harness {
    static let password = "correct horse battery staple"
    static let accounts: [(String, Role)] = [
        ("vic", .viewer), ("alice", .author), ("bob", .reviewer), ("root", .admin), ("carol", .viewer),
    ]

    let store: any Store
    let settings: ServerSettings

    static func make(
        loginAttempts: Int = 50, loginBackOff: TimeInterval = 1, store given: (any Store)? = nil,
        policy: Policy = Policy()
    ) async throws -> Harness {
        let store: any Store
        if let given { store = given } else { store = try await Self.freshStore() }
        let settings = ServerSettings(
            host: "127.0.0.1", port: 0, policy: policy, loginAttempts: loginAttempts, loginBackOff: loginBackOff,
            logLevel: .error, passwordCost: 4)
        let accounts = Accounts(store: store, settings: settings)
        for (name, role) in accounts_ {
            _ = try await accounts.addUser(name: name, role: role, password: password)
        }
        _ = try await store.create(try Fixtures.pool(), by: "alice", note: "", demo: false)
        _ = try await store.create(try Fixtures.leak(), by: "carol", note: "", demo: false)
        _ = try await store.addAttachment(
            NewAttachment(
                postMortem: "leak", filename: "log.txt", contentType: "text/plain", data: Data("token=…".utf8),
                uploadedBy: "carol"))
        return Harness(store: store, settings: settings)
    }

    private static var accounts_: [(String, Role)] { accounts }

    /// The backend the server tests run on: SQLite, or with `DEBRIEF_TEST_SERVER_BACKEND=postgres`
    /// (as `scripts/test` runs them a second time) a schema of its own in the test PostgreSQL.
    static func freshStore() async throws -> any Store {
        let environment = ProcessInfo.processInfo.environment
        guard environment["DEBRIEF_TEST_SERVER_BACKEND"] == "postgres" else { return try SQLiteStore() }
        let url = try #require(
            environment["DEBRIEF_TEST_POSTGRES"], "DEBRIEF_TEST_SERVER_BACKEND=postgres needs DEBRIEF_TEST_POSTGRES")
        return try await PostgresStore(try PostgresLocation(url: url), schema: freshSchema("srv"))
    }

    /// A schema no other test uses, in the test PostgreSQL database.
    static func freshSchema(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// Runs `body` against the real server on a live loopback socket.
    func run(_ body: @escaping @Sendable (Browser) async throws -> Void) async throws {
        let app = try await buildApplication(store: store, settings: settings)
        try await app.test(.live) { client in
            try await body(Browser(client: client, store: store, settings: settings))
        }
    }
}

/// A user agent: keeps the session cookie and the CSRF token like a browser would.
struct Browser: Sendable {
    let client: any TestClientProtocol
    let store: any Store
    let settings: ServerSettings
    var cookie: String?
    var csrf: String?
    var bearer: String?

    init(client: any TestClientProtocol, store: any Store, settings: ServerSettings) {
        self.client = client
        self.store = store
        self.settings = settings
    }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var code: Int { status.code }
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, headers extra: HTTPFields = [:], body: ByteBuffer? = nil)
        async throws -> Page
    {
        var headers = extra
        if let cookie, headers[.cookie] == nil { headers[.cookie] = cookie }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        return Page(
            status: response.status, headers: response.headers,
            body: String(buffer: response.body))
    }

    func get(_ uri: String) async throws -> Page { try await send(.get, uri) }

    /// A form post with the CSRF token added, as the pages' forms do.
    func post(_ uri: String, _ fields: [(String, String)], csrf include: Bool = true) async throws -> Page {
        var all = fields
        if include, let csrf { all.append(("csrf", csrf)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(
            .post, uri, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
    }

    /// A JSON request (API), with the bearer token if any and no cookie.
    func json(_ method: HTTPRequest.Method, _ uri: String, _ object: [String: Any]) async throws -> Page {
        var copy = self
        copy.cookie = nil
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await copy.send(
            method, uri, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: data))
    }

    func multipart(_ uri: String, filename: String, type: String, data: Data) async throws -> Page {
        let boundary = "----debrieftest\(UInt32.random(in: 0...UInt32.max))"
        var body = Data()
        func add(_ text: String) { body.append(Data(text.utf8)) }
        add("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf ?? "")\r\n")
        add(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n"
        )
        body.append(data)
        add("\r\n--\(boundary)--\r\n")
        return try await send(
            .post, uri, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
            body: ByteBuffer(bytes: body))
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    static func cookieValue(_ name: String, in headers: HTTPFields) -> String? {
        for field in headers[values: .setCookie] where field.hasPrefix(name + "=") {
            return String(field.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in through the login form; returns nil and the page when refused.
    func login(_ name: String, password: String = Harness.password) async throws -> (Browser?, Page) {
        let form = try await get("/login")
        let loginCookie = Self.cookieValue("debrief_login", in: form.headers) ?? ""
        let token = Self.hidden("login_csrf", in: form.body) ?? ""
        var anonymous = self
        anonymous.cookie = "debrief_login=\(loginCookie)"
        let page = try await anonymous.post(
            "/login", [("login_csrf", token), ("name", name), ("password", password), ("next", "/")], csrf: false)
        guard page.code == 303, let session = Self.cookieValue("debrief_session", in: page.headers) else {
            return (nil, page)
        }
        var signedIn = self
        signedIn.cookie = "debrief_session=\(session)"
        let account = try await signedIn.get("/account")
        signedIn.csrf = Self.hidden("csrf", in: account.body)
        return (signedIn, page)
    }

    /// An API token for `name`, made the way `debrief token create` does.
    func withToken(for name: String) async throws -> Browser {
        var copy = self
        let user = try #require(try await store.user(named: name))
        copy.bearer = try await Accounts(store: store, settings: settings).createToken(for: user, name: "test")
        return copy
    }
}

enum Fixtures {
    static func pool() throws -> PostMortem {
        try PostMortemParser.parse(
            """
            ---
            id: pool
            title: Connection pool exhausted on checkout
            status: draft
            severity: SEV3
            kind: outage
            services: [checkout]
            authors: [alice]
            started: 2026-10-14T14:02:00Z
            detected: 2026-10-14T14:09:00Z
            resolved: 2026-10-14T15:14:00Z
            ---

            # Connection pool exhausted on checkout

            ## Summary

            Checkout failed because the database ran out of connections.

            ## Action items

            | Action | Owner | Due | Priority | Status |
            | --- | --- | --- | --- | --- |
            | Alert on pool saturation | alice | 2026-10-20 | P1 | open |
            """, path: "pool.md"
        ).postMortem
    }

    static func leak() throws -> PostMortem {
        try PostMortemParser.parse(
            """
            ---
            id: leak
            title: Deploy token leaked in a public log
            status: draft
            severity: SEV2
            kind: security
            services: [checkout, ci]
            authors: [carol]
            restricted: true
            started: 2026-09-02T08:17:00Z
            ---

            # Deploy token leaked in a public log

            ## Summary

            A deploy token was printed into a public CI log; the connection pool was not involved.
            """, path: "leak.md"
        ).postMortem
    }
}
