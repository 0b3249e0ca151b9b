import DebriefCore
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

    /// A schema no other test uses, in the test PostgreSQL database.
    static func freshSchema(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}

extension Backend {
    /// A fresh, empty store of post-mortems and their discussion: a SQLite file of its own, or
    /// a schema of its own in the test PostgreSQL database. Nil (with a note) when the backend
    /// is not there to test.
    func store() async throws -> (any Store, close: @Sendable () -> Void)? {
        guard let (first, _, close) = try await stores(1) else { return nil }
        return (first, close)
    }

    /// Two stores on one database, as two servers (or a server and `debrief import`) have.
    func pair() async throws -> (
        any Store, any Store, close: @Sendable () -> Void
    )? {
        guard let (first, second, close) = try await stores(2) else { return nil }
        return (first, second, close)
    }

    private func stores(_ count: Int) async throws -> (
        any Store, any Store, close: @Sendable () -> Void
    )? {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
            let path = directory.appendingPathComponent("debrief.sqlite").path
            let first = try SQLiteStore(path: path)
            let second = count > 1 ? try SQLiteStore(path: path) : first
            return (first, second, { try? FileManager.default.removeItem(at: directory) })
        case .postgres:
            guard let url = Self.postgresURL else {
                print("note: DEBRIEF_TEST_POSTGRES is not set; the PostgreSQL run of this contract test was skipped")
                return nil
            }
            let schema = Self.freshSchema("t")
            let location = try PostgresLocation(url: url)
            let first = try await PostgresStore(location, schema: schema)
            let second = count > 1 ? try await PostgresStore(location, schema: schema) : first
            return (
                first, second,
                {
                    first.close()
                    second.close()
                }
            )
        }
    }
}

/// The accounts contract: what every implementation of `AccountStore` and `AuditLog` does.
@Suite("Store contract: accounts, sessions, tokens, audit")
struct AccountContractTests {
    @Test(
        "names are unique whatever their case, and users are found by name, id and token", arguments: Backend.allCases)
    func users(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
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
        guard let (store, close) = try await backend.store() else { return }
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
        // One calendar secret per account: a new one replaces it; disabled accounts have none;
        // a new password ends it.
        try await store.setCalendarToken(userID: user.id, tokenHash: "cal-1")
        #expect(try await store.user(calendarTokenHash: "cal-1")?.name == "alice")
        try await store.setCalendarToken(userID: user.id, tokenHash: "cal-2")
        #expect(try await store.user(calendarTokenHash: "cal-1") == nil)
        try await store.setDisabled(true, user: "alice")
        #expect(try await store.user(calendarTokenHash: "cal-2") == nil)
        try await store.setDisabled(false, user: "alice")
        #expect(try await store.user(calendarTokenHash: "cal-2")?.name == "alice")
        _ = try await store.setPasswordHash("h2", user: "alice")
        #expect(try await store.user(calendarTokenHash: "cal-2") == nil)
    }

    @Test(
        "a new password ends every session and token; a token is revoked only by its owner", arguments: Backend.allCases
    )
    func reset(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
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

    @Test(
        "failed sign-ins are counted per key, start again after a quiet window, and clear", arguments: Backend.allCases)
    func signInFailures(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for second in 0..<3 {
            try await store.recordSignInFailure(
                keys: ["account:alice", "address:10.0.0.1"], at: start.addingTimeInterval(Double(second)), window: 60)
        }
        try await store.recordSignInFailure(keys: ["account:bob"], at: start.addingTimeInterval(3), window: 60)
        var counts = try await store.signInFailures(keys: ["account:alice", "address:10.0.0.1", "account:bob", "x"])
        #expect(counts["account:alice"]?.failures == 3)
        #expect(counts["address:10.0.0.1"]?.failures == 3)
        #expect(counts["account:bob"]?.failures == 1)
        #expect(counts["x"] == nil)
        #expect(abs((counts["account:alice"]?.last.timeIntervalSince(start) ?? 0) - 2) < 0.001)
        // Quiet for the window: the next failure counts from one (and stale keys are swept).
        try await store.recordSignInFailure(keys: ["account:alice"], at: start.addingTimeInterval(120), window: 60)
        counts = try await store.signInFailures(keys: ["account:alice", "account:bob"])
        #expect(counts["account:alice"]?.failures == 1)
        #expect(counts["account:bob"] == nil)
        try await store.clearSignInFailures(key: "account:alice")
        #expect(try await store.signInFailures(keys: ["account:alice"]).isEmpty)
    }

    @Test("the audit trail keeps every event, newest first, cleaned", arguments: Backend.allCases)
    func audit(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
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

/// The discussion and operators' contract: comments, attachments, export, demo removal.
@Suite("Store contract: comments, attachments, export, demo")
struct DiscussionContractTests {
    @Test("comments and attachments stay with their post-mortem, byte for byte", arguments: Backend.allCases)
    func discussion(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        _ = try await store.create(incident("pool", title: "Pool"), by: "alice", note: "", demo: false)
        let first = try await store.addComment(postMortem: "pool", author: "bob", body: "Which pool?", version: 1)
        let second = try await store.addComment(postMortem: "pool", author: "alice", body: "The DB one.", version: 1)
        #expect(try await store.comments(postMortem: "pool").map(\.id) == [first.id, second.id])
        #expect(try await store.comments(postMortem: "pool").map(\.body) == ["Which pool?", "The DB one."])
        await #expect(throws: StoreError.self) {
            _ = try await store.addComment(postMortem: "nope", author: "x", body: "y", version: 1)
        }
        // A NUL in text is refused with the store's own error: SQLite's reading would cut the
        // text there, PostgreSQL cannot store it.
        await #expect(throws: StoreError.self) {
            _ = try await store.addComment(postMortem: "pool", author: "x", body: "a\u{0}b", version: 1)
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.addAttachment(
                NewAttachment(
                    postMortem: "pool", filename: "a\u{0}.txt", contentType: "text/plain", data: Data(), uploadedBy: "x"
                ))
        }
        let bytes = Data((0..<256).map { UInt8($0) } + [0, 0, 255])
        let info = try await store.addAttachment(
            NewAttachment(
                postMortem: "pool", filename: "graph.png", contentType: "image/png", data: bytes, uploadedBy: "alice"))
        #expect(info.size == bytes.count)
        #expect(try await store.attachments(postMortem: "pool").map(\.id) == [info.id])
        let (read, data) = try #require(try await store.attachment(id: info.id))
        #expect(data == bytes)
        #expect(read.sha256 == info.sha256 && read.filename == "graph.png" && read.postMortem == "pool")
        #expect(try await store.attachment(id: "missing") == nil)
        await #expect(throws: StoreError.self) {
            _ = try await store.addAttachment(
                NewAttachment(
                    postMortem: "nope", filename: "a", contentType: "text/plain", data: Data(), uploadedBy: "x"))
        }
    }

    @Test(
        "export gives every current version; the demo goes with its comments and attachments",
        arguments: Backend.allCases)
    func exportAndDemo(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        let before = try await store.generation()
        _ = try await store.create(incident("demo-1", title: "Demo"), by: "x", note: "", demo: true)
        #expect(try await store.generation() != before)
        var real = incident("real", title: "Real")
        let created = try await store.create(real, by: "x", note: "", demo: false)
        real.summary = "Second version."
        _ = try await store.update(real, baseVersion: created.version, by: "y", note: "")
        // The server's pages show comments and attachments: they move the generation too.
        let beforeComment = try await store.generation()
        _ = try await store.addComment(postMortem: "demo-1", author: "x", body: "hi", version: 1)
        let beforeAttachment = try await store.generation()
        #expect(beforeAttachment != beforeComment)
        _ = try await store.addAttachment(
            NewAttachment(
                postMortem: "demo-1", filename: "a.txt", contentType: "text/plain", data: Data([1]), uploadedBy: "x"))
        #expect(try await store.generation() != beforeAttachment)
        #expect(try await store.count() == 2)
        #expect(try await store.exists(id: "real"))
        #expect(try await !store.exists(id: "other"))
        let exported = try await store.exportAll()
        #expect(exported.map(\.id) == ["demo-1", "real"])
        #expect(exported[1].markdown.contains("Second version."))
        #expect(try await store.exportOne(id: "real")?.version == 2)
        #expect(try await store.removeDemo() == 1)
        #expect(try await store.count() == 1)
        #expect(try await store.comments(postMortem: "demo-1").isEmpty)
        #expect(try await store.attachments(postMortem: "demo-1").isEmpty)
        #expect(try await store.history(id: "real", for: Member(name: "x", role: .viewer)).count == 2)
    }
}

@Suite("Store copy: everything, between backends")
struct CopyTests {
    static var pairs: [(Backend, Backend)] { Backend.allCases.flatMap { a in Backend.allCases.map { (a, $0) } } }

    @Test("a copy keeps every version, comment, attachment, account, token and audit event", arguments: pairs)
    func copy(_ from: Backend, _ to: Backend) async throws {
        guard let (source, closeSource) = try await from.portable(), let (target, closeTarget) = try await to.portable()
        else { return }
        defer {
            closeSource()
            closeTarget()
        }
        var pm = incident("pool", title: "Pool", restricted: true)
        _ = try await source.create(pm, by: "alice", note: "first", demo: false)
        pm.summary = "Second."
        _ = try await source.update(pm, baseVersion: 1, by: "bob", note: "second")
        _ = try await source.create(incident("demo-1", title: "Demo"), by: "demo", note: "", demo: true)
        _ = try await source.addComment(postMortem: "pool", author: "bob", body: "Looks right.", version: 2)
        _ = try await source.addAttachment(
            NewAttachment(
                postMortem: "pool", filename: "g.bin", contentType: "application/octet-stream",
                data: Data([0, 1, 2, 255]), uploadedBy: "alice"))
        let alice = try await source.addUser(name: "alice", displayName: "Alice", role: .author, passwordHash: "$2b$h")
        _ = try await source.createToken(userID: alice.id, name: "ci", tokenHash: "hash-1")
        try await source.setCalendarToken(userID: alice.id, tokenHash: "calendar-1")
        try await source.setDisabled(true, user: "alice")
        try await source.audit(
            AuditEvent(at: Date(timeIntervalSince1970: 1_790_000_000), actor: "alice", action: "create", target: "pool")
        )
        _ = try await source.createMeeting(
            ReviewMeeting(
                title: "Pool review", startsAt: Date(timeIntervalSince1970: 1_790_000_000), zone: "Europe/Berlin",
                attendees: ["alice"], postMortems: ["pool"], createdBy: "bob"))
        _ = try await source.savePublic(postMortem: "pool", markdown: "# Public\n", baseVersion: 0, by: "bob", note: "")
        _ = try await source.updatePublic(postMortem: "pool") { state in
            state.keep = ["Postgres"]
            state.allowRestricted = true
            state.approvedVersion = 1
            state.publishedVersion = 1
            state.publishedID = "pool-public"
            state.publishedAt = Date(timeIntervalSince1970: 1_790_000_100)
        }

        let report = try await StoreCopy.copy(from: source, to: target)
        #expect(report.publicVersions == 1 && report.meetings == 1)
        #expect(try await target.meetings(limit: 5).map(\.title) == ["Pool review"])
        #expect(try await target.published(publicID: "pool-public")?.markdown == "# Public\n")
        #expect(try await target.publicState(postMortem: "pool")?.keep == ["Postgres"])
        #expect(report.postMortems == 2 && report.versions == 3 && report.comments == 1 && report.attachments == 1)
        #expect(report.accounts == 1 && report.tokens == 1 && report.auditEvents == 1)
        for id in ["pool", "demo-1"] {
            let before = try #require(try await source.portable(id: id))
            let after = try #require(try await target.portable(id: id))
            #expect(after.demo == before.demo)
            #expect(after.versions.map(\.markdown) == before.versions.map(\.markdown))
            #expect(after.versions.map(\.info.author) == before.versions.map(\.info.author))
            #expect(after.versions.map(\.info.note) == before.versions.map(\.info.note))
            #expect(after.versions.map(\.info.changes) == before.versions.map(\.info.changes))
            for (a, b) in zip(after.versions, before.versions) {
                #expect(abs(a.info.createdAt.timeIntervalSince(b.info.createdAt)) < 0.001)
            }
            #expect(after.comments.map(\.body) == before.comments.map(\.body))
            #expect(after.attachments.map(\.data) == before.attachments.map(\.data))
            #expect(after.attachments.map(\.info.id) == before.attachments.map(\.info.id))
        }
        // What the copy is read for: the restricted one stays restricted, search finds it, lists agree.
        let viewer = Member(name: "alice", role: .author)
        #expect(try await target.postMortem(id: "pool", for: Member(name: "eve", role: .viewer)) == nil)
        #expect(try await target.postMortem(id: "pool", for: viewer)?.version == 2)
        let found = try await target.search(IncidentFilter(query: "second"), for: viewer)
        #expect(found.hits.map(\.summary.id) == ["pool"])
        let account = try #require(try await target.portableAccounts().first)
        #expect(account.user.name == "alice" && account.user.passwordHash == "$2b$h" && account.user.disabled)
        #expect(account.tokens.map(\.hash) == ["hash-1"])
        #expect(account.calendarTokenHash == "calendar-1")
        #expect(try await target.portableAudit().map(\.action) == ["create"])
        // Into a store that holds data, only when asked, and nothing is doubled.
        await #expect(throws: StoreError.self) { _ = try await StoreCopy.copy(from: source, to: target) }
        let again = try await StoreCopy.copy(from: source, to: target, intoNonEmpty: true)
        #expect(again.postMortems == 0 && again.skipped.count == 3)
        #expect(try await target.count() == 2)
    }
}

@Suite("Review meetings, on every backend")
struct MeetingContract {
    @Test(
        "a meeting keeps its time, zone, people and post-mortems; recording keeps notes and who came",
        arguments: Backend.allCases)
    func meetings(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        let when = Date(timeIntervalSince1970: 1_790_000_000)
        let first = try await store.createMeeting(
            ReviewMeeting(
                title: "Weekly review", startsAt: when, zone: "America/New_York", minutes: 45,
                attendees: ["alice", "bob"], postMortems: ["pool", "leak"], createdBy: "bob"))
        #expect(first.id > 0)
        let later = try await store.createMeeting(
            ReviewMeeting(
                title: "Later", startsAt: when.addingTimeInterval(86_400), zone: "UTC", attendees: [],
                postMortems: ["pool"], createdBy: "bob"))
        #expect(try await store.meetings(limit: 10).map(\.id) == [later.id, first.id])
        let read = try #require(try await store.meeting(id: first.id))
        #expect(read.zone == "America/New_York" && read.minutes == 45 && read.postMortems == ["pool", "leak"])
        #expect(abs(read.startsAt.timeIntervalSince(when)) < 0.001 && !read.held)
        let held = try await store.recordMeeting(
            id: first.id, notes: "Agreed: alert on saturation.", present: ["alice"])
        #expect(held.held && held.present == ["alice"] && held.notes.hasPrefix("Agreed"))
        await #expect(throws: StoreError.self) {
            _ = try await store.recordMeeting(id: 999_999, notes: "", present: [])
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.createMeeting(
                ReviewMeeting(title: "", startsAt: when, zone: "UTC", attendees: [], postMortems: [], createdBy: "x"))
        }
    }
}

@Suite("Public versions: their own versions, approval and publication, on every backend")
struct PublicationContract {
    @Test("versions number from one, a stale save is refused, state changes are atomic", arguments: Backend.allCases)
    func publicVersions(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        _ = try await store.create(incident("pool", title: "Pool"), by: "alice", note: "", demo: false)
        #expect(try await store.publicState(postMortem: "pool") == nil)
        let first = try await store.savePublic(
            postMortem: "pool", markdown: "# One\n", baseVersion: 0, by: "alice", note: "made")
        #expect(first.version == 1 && first.updatedBy == "alice")
        let second = try await store.savePublic(
            postMortem: "pool", markdown: "# Two\n", baseVersion: 1, by: "bob", note: "edited")
        #expect(second.version == 2)
        await #expect(throws: StoreError.self) {
            _ = try await store.savePublic(
                postMortem: "pool", markdown: "# Late\n", baseVersion: 1, by: "carol", note: "")
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.savePublic(postMortem: "nope", markdown: "# x\n", baseVersion: 0, by: "carol", note: "")
        }
        await #expect(throws: StoreError.self) {
            _ = try await store.savePublic(
                postMortem: "pool", markdown: "a\u{0}b", baseVersion: 2, by: "carol", note: "")
        }
        #expect(try await store.publicHistory(postMortem: "pool").map(\.version) == [2, 1])
        #expect(try await store.publicVersion(postMortem: "pool", number: 1)?.markdown == "# One\n")
        // A change that throws changes nothing; one that passes cannot touch the versions.
        struct No: Error {}
        await #expect(throws: No.self) {
            _ = try await store.updatePublic(postMortem: "pool") { state in
                state.approvedVersion = 2
                throw No()
            }
        }
        #expect(try await store.publicState(postMortem: "pool")?.approvedVersion == nil)
        let generation = try await store.generation()
        let approved = try await store.updatePublic(postMortem: "pool") { state in
            state.approvedVersion = state.version
            state.approvedBy = "dave"
            state.version = 99
        }
        #expect(approved.version == 2 && approved.isApproved && approved.updatedBy == "bob")
        #expect(try await store.generation() != generation)
        #expect(try await store.published().isEmpty)
        let when = Date(timeIntervalSince1970: 1_790_000_000)
        _ = try await store.updatePublic(postMortem: "pool") { state in
            state.publishedVersion = state.version
            state.publishedID = "pool-outage"
            state.publishedAt = when
        }
        let published = try #require(try await store.published(publicID: "pool-outage"))
        #expect(published.markdown == "# Two\n" && published.version == 2)
        #expect(abs(published.publishedAt.timeIntervalSince(when)) < 0.001)
        #expect(try await store.published().map(\.publicID) == ["pool-outage"])
        // A later draft does not change what is published.
        _ = try await store.savePublic(postMortem: "pool", markdown: "# Three\n", baseVersion: 2, by: "bob", note: "")
        #expect(try await store.published(publicID: "pool-outage")?.markdown == "# Two\n")
        // Two post-mortems cannot be published under one id.
        _ = try await store.create(incident("other", title: "Other"), by: "alice", note: "", demo: false)
        _ = try await store.savePublic(postMortem: "other", markdown: "# O\n", baseVersion: 0, by: "bob", note: "")
        await #expect(throws: StoreError.self) {
            _ = try await store.updatePublic(postMortem: "other") { state in
                state.publishedVersion = 1
                state.publishedID = "pool-outage"
                state.publishedAt = when
            }
        }
    }
}

extension Backend {
    /// A fresh store that can be copied from and into.
    func portable() async throws -> (any PortableStore, close: @Sendable () -> Void)? {
        guard let (store, close) = try await store() else { return nil }
        guard let portable = store as? any PortableStore else { return nil }
        return (portable, close)
    }
}
