import DebriefStore
import Foundation
import Testing

/// The store implementations every contract test runs on: SQLite always, PostgreSQL when
/// `DEBRIEF_TEST_POSTGRES` names a server (`scripts/test` starts a throwaway one and sets it;
/// without it the PostgreSQL runs say so and pass nothing off as checked).
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["DEBRIEF_TEST_POSTGRES"]

    /// A fresh, empty store: an in-memory SQLite database, or a schema of its own in the test
    /// PostgreSQL database. Nil (with a note) when the backend is not there to test.
    func accounts() async throws -> (any AccountStore & AuditLog, close: @Sendable () -> Void)? {
        switch self {
        case .sqlite:
            return (try SQLiteStore(), {})
        case .postgres:
            guard let url = Self.postgresURL else {
                print("note: DEBRIEF_TEST_POSTGRES is not set; the PostgreSQL run of this contract test was skipped")
                return nil
            }
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let store = try await PostgresStore(try PostgresLocation(url: url), schema: schema)
            return (store, { store.close() })
        }
    }
}

/// The accounts contract: what every implementation of `AccountStore` and `AuditLog` does.
@Suite("Store contract: accounts, sessions, tokens, audit")
struct AccountContractTests {
    @Test(
        "names are unique whatever their case, and users are found by name, id and token", arguments: Backend.allCases)
    func users(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.accounts() else { return }
        defer { close() }
        let alice = try await store.addUser(name: "alice", displayName: "Alice", role: .author, passwordHash: "h1")
        await #expect(throws: StoreError.self) {
            _ = try await store.addUser(name: "ALICE", displayName: "", role: .viewer, passwordHash: "h")
        }
        let bob = try await store.addUser(name: "Bob", displayName: "Bob B", role: .reviewer, passwordHash: "h2")
        #expect(alice.id != bob.id)
        #expect(try await store.user(named: "ALICE")?.id == alice.id)
        #expect(try await store.user(id: bob.id)?.name == "Bob")
        #expect(try await store.user(id: bob.id)?.role == .reviewer)
        #expect(try await store.user(named: "nobody") == nil)
        #expect(try await store.users().map(\.name) == ["alice", "Bob"])
        await #expect(throws: StoreError.self) { try await store.setDisabled(true, user: "nobody") }
    }

    @Test("sessions expire, disabled users lose them, tokens find their user", arguments: Backend.allCases)
    func sessions(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.accounts() else { return }
        defer { close() }
        let user = try await store.addUser(name: "alice", displayName: "Alice", role: .author, passwordHash: "h")
        let now = Date()
        try await store.createSession(
            Session(tokenHash: "s1", userID: user.id, csrfToken: "c1", expiresAt: now.addingTimeInterval(60)))
        let (session, owner) = try #require(try await store.session(tokenHash: "s1", now: now))
        #expect(owner.name == "alice")
        #expect(session.csrfToken == "c1")
        #expect(try await store.session(tokenHash: "s1", now: now.addingTimeInterval(120)) == nil)
        // Creating a session clears the expired ones.
        try await store.createSession(
            Session(tokenHash: "old", userID: user.id, csrfToken: "c", expiresAt: now.addingTimeInterval(-1)))
        try await store.createSession(
            Session(tokenHash: "s2", userID: user.id, csrfToken: "c", expiresAt: now.addingTimeInterval(60)))
        #expect(try await store.session(tokenHash: "old", now: now.addingTimeInterval(-100)) == nil)
        try await store.deleteSession(tokenHash: "s2")
        #expect(try await store.session(tokenHash: "s2", now: now) == nil)
        let token = try await store.createToken(userID: user.id, name: "ci", tokenHash: "t1")
        #expect(try await store.user(tokenHash: "t1")?.name == "alice")
        #expect(try await store.tokens(userID: user.id).map(\.id) == [token.id])
        try await store.setDisabled(true, user: "alice")
        #expect(try await store.session(tokenHash: "s1", now: now) == nil)
        #expect(try await store.user(tokenHash: "t1") == nil)
        #expect(try await store.user(named: "alice")?.disabled == true)
        try await store.setDisabled(false, user: "alice")
        #expect(try await store.user(tokenHash: "t1")?.name == "alice")
    }

    @Test(
        "a new password ends every session and token; a token is revoked only by its owner", arguments: Backend.allCases
    )
    func reset(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.accounts() else { return }
        defer { close() }
        let alice = try await store.addUser(name: "alice", displayName: "Alice", role: .author, passwordHash: "old")
        let bob = try await store.addUser(name: "bob", displayName: "Bob", role: .author, passwordHash: "b")
        let later = Date().addingTimeInterval(3600)
        for hash in ["a1", "a2"] {
            try await store.createSession(Session(tokenHash: hash, userID: alice.id, csrfToken: "c", expiresAt: later))
        }
        try await store.createSession(Session(tokenHash: "b1", userID: bob.id, csrfToken: "c", expiresAt: later))
        let token = try await store.createToken(userID: alice.id, name: "ci", tokenHash: "ta")
        #expect(try await store.revokeToken(id: token.id, userID: bob.id) == false)
        let ended = try await store.setPasswordHash("new", user: "ALICE")
        #expect(ended.sessions == 2 && ended.tokens == 1)
        #expect(try await store.user(named: "alice")?.passwordHash == "new")
        #expect(try await store.session(tokenHash: "b1", now: Date()) != nil)
        await #expect(throws: StoreError.self) { try await store.setPasswordHash("x", user: "nobody") }
        let second = try await store.createToken(userID: alice.id, name: "laptop", tokenHash: "tb")
        #expect(try await store.revokeToken(id: second.id, userID: alice.id))
        #expect(try await store.tokens(userID: alice.id).isEmpty)
    }

    @Test("the audit trail keeps every event, newest first, cleaned", arguments: Backend.allCases)
    func audit(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.accounts() else { return }
        defer { close() }
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for (index, action) in ["login", "create", "update"].enumerated() {
            try await store.audit(
                AuditEvent(
                    at: start.addingTimeInterval(Double(index)), actor: "alice\n[forged]", action: action,
                    target: "pool", detail: "v\(index + 1)"))
        }
        let trail = try await store.auditTrail(limit: 2)
        #expect(trail.map(\.action) == ["update", "create"])
        #expect(trail[0].actor == "alice\\u{a}[forged]")
        #expect(abs(trail[0].at.timeIntervalSince(start.addingTimeInterval(2))) < 0.001)
        #expect(try await store.auditTrail(limit: 10).count == 3)
    }
}
