import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Testing

/// A small post-mortem with the parts the store indexes.
func incident(
    _ id: String, title: String, severity: Severity = .sev2, kind: IncidentKind = .outage,
    services: [String] = ["checkout"], day: Int = 1, authors: [String] = ["alice"], restricted: Bool = false,
    rootCause: String = "The pool was sized for last year's traffic.", actions: [ActionItem] = []
) -> PostMortem {
    let start = LocalDate(year: 2026, month: 10, day: day).startOfDayUTC.addingTimeInterval(3600)
    return PostMortem(
        id: id, title: title, severity: severity, kind: kind, services: services, tags: ["db"], authors: authors,
        restricted: restricted, started: Instant(date: start, offset: 0),
        detected: Instant(date: start.addingTimeInterval(300), offset: 0),
        resolved: Instant(date: start.addingTimeInterval(3600), offset: 0), summary: "Checkout failed for some users.",
        rootCause: RootCause(text: rootCause), actionItems: actions)
}

let alice = Member(name: "alice", role: .author)
let bob = Member(name: "bob", role: .reviewer)

@Suite("Store contract: post-mortems, versions, search, actions")
struct StoreTests {
    @Test("every edit is a new version and the history says what changed", arguments: Backend.allCases)
    func versions(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        var pm = incident("pool", title: "Connection pool exhausted")
        let first = try await store.create(pm, by: "alice", note: "first draft", demo: false)
        #expect(first.version == 1)
        pm.timeline.append(TimelineEntry(time: pm.started, kind: .start, text: "errors begin"))
        let second = try await store.update(pm, baseVersion: 1, by: "bob", note: "timeline")
        #expect(second.version == 2)
        let history = try await store.history(id: "pool", for: alice)
        #expect(history.map(\.version) == [2, 1])
        #expect(history[0].changes == ["timeline"])
        #expect(history[0].author == "bob")
        let old = try #require(try await store.version(id: "pool", number: 1, for: alice))
        #expect(!old.markdown.contains("errors begin"))
        #expect(try await store.postMortem(id: "pool", for: alice)?.postMortem == pm)
    }

    @Test("an edit from a stale version is refused and carries the version that won", arguments: Backend.allCases)
    func staleEdit(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        let pm = incident("pool", title: "Connection pool exhausted")
        _ = try await store.create(pm, by: "alice", note: "", demo: false)
        var mine = pm
        mine.summary = "Mine."
        var theirs = pm
        theirs.summary = "Theirs."
        _ = try await store.update(theirs, baseVersion: 1, by: "bob", note: "")
        do {
            _ = try await store.update(mine, baseVersion: 1, by: "alice", note: "")
            Issue.record("stale edit accepted")
        } catch StoreError.staleEdit(let base, let current) {
            #expect(base == 1)
            #expect(current.version == 2)
            #expect(current.postMortem.summary == "Theirs.")
        }
    }

    @Test("of two concurrent edits from one version exactly one wins", arguments: Backend.allCases)
    func concurrentEdits(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        let pm = incident("pool", title: "Connection pool exhausted")
        _ = try await store.create(pm, by: "alice", note: "", demo: false)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for n in 0..<8 {
                group.addTask {
                    var edit = pm
                    edit.summary = "edit \(n)"
                    return (try? await store.update(edit, baseVersion: 1, by: "user\(n)", note: "")) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await store.history(id: "pool", for: alice).count == 2)
    }

    @Test("a restricted post-mortem is invisible to people it does not name, everywhere", arguments: Backend.allCases)
    func restricted(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        let secret = incident(
            "leak", title: "Token leaked in a public log", kind: .security, authors: ["carol"], restricted: true,
            actions: [ActionItem(title: "Rotate tokens", owner: "carol", due: LocalDate(year: 2020, month: 1, day: 1))])
        _ = try await store.create(secret, by: "carol", note: "", demo: false)
        _ = try await store.create(
            incident("pool", title: "Token cache leaked memory"), by: "alice", note: "", demo: false)
        let carol = Member(name: "Carol", role: .viewer)
        let admin = Member(name: "root", role: .admin)
        for (member, sees) in [(carol, true), (admin, false), (alice, false)] {
            #expect((try await store.postMortem(id: "leak", for: member) != nil) == sees)
            #expect(try await store.list(IncidentFilter(), for: member).items.contains { $0.id == "leak" } == sees)
            let hits = try await store.search(IncidentFilter(query: "token leaked"), for: member).hits
            #expect(hits.contains { $0.summary.id == "leak" } == sees)
            #expect(try await store.similar(to: "pool", for: member, limit: 5).contains { $0.0.id == "leak" } == sees)
            #expect(try await store.trendPoints(for: member).count == (sees ? 2 : 1))
            #expect(try await store.actionItems(ActionFilter(), for: member).isEmpty == !sees)
            #expect(try await store.history(id: "leak", for: member).isEmpty == !sees)
            #expect((try await store.version(id: "leak", number: 1, for: member) != nil) == sees)
        }
    }

    @Test("search ranks title matches first, highlights them, and takes any text as words", arguments: Backend.allCases)
    func search(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        _ = try await store.create(
            incident("cert", title: "Certificate expired on the API gateway"), by: "alice", note: "", demo: false)
        _ = try await store.create(
            incident("dns", title: "DNS outage", rootCause: "A certificate rotation script failed silently."),
            by: "alice", note: "", demo: false)
        _ = try await store.create(incident("pool", title: "Pool exhausted"), by: "alice", note: "", demo: false)
        let result = try await store.search(IncidentFilter(query: "certificate"), for: alice)
        #expect(result.hits.map(\.summary.id) == ["cert", "dns"])
        #expect(result.total == 2)
        #expect(result.hits[0].snippet.contains(SearchHit.markStart + "Certificate" + SearchHit.markEnd))
        for hostile in ["\"unterminated", "AND OR NOT", "NEAR(a b", "*", "title:x", "'; DROP TABLE users; --", "\u{0}"]
        {
            _ = try await store.search(IncidentFilter(query: hostile), for: alice)
        }
        #expect(try await store.search(IncidentFilter(query: "\"api gateway\""), for: alice).total == 1)
    }

    @Test(
        "search and list results follow every write, also one made through another store on the database",
        arguments: Backend.allCases)
    func resultsFollowWrites(_ backend: Backend) async throws {
        // Another connection pool, as `debrief import` in a shell or a second server has.
        guard let (server, shell, close) = try await backend.pair() else { return }
        defer { close() }
        let query = IncidentFilter(query: "certificate")
        _ = try await server.create(incident("cert", title: "Certificate expired"), by: "alice", note: "", demo: false)
        #expect(try await server.search(query, for: alice).hits.map(\.summary.id) == ["cert"])
        #expect(try await server.list(IncidentFilter(), for: alice).total == 1)
        // The same questions again, after writes the server did not make.
        _ = try await shell.create(
            incident("dns", title: "DNS outage", day: 2, rootCause: "A certificate rotation failed."), by: "bob",
            note: "", demo: false)
        #expect(try await server.search(query, for: alice).hits.map(\.summary.id).sorted() == ["cert", "dns"])
        #expect(try await server.list(IncidentFilter(), for: alice).total == 2)
        var renamed = incident("cert", title: "Expired TLS material")
        renamed.rootCause = RootCause(text: "The renewal job was paused.")
        _ = try await shell.update(renamed, baseVersion: 1, by: "bob", note: "")
        #expect(try await server.search(query, for: alice).hits.map(\.summary.id) == ["dns"])
        #expect(try await server.list(IncidentFilter(), for: alice).items.map(\.title).contains("Expired TLS material"))
        // Another reader's cached result is not this reader's: restricted ones stay hidden.
        _ = try await shell.create(
            incident("leak", title: "Certificate key leaked", day: 3, authors: ["bob"], restricted: true), by: "bob",
            note: "", demo: false)
        #expect(try await server.search(query, for: bob).hits.map(\.summary.id).sorted() == ["dns", "leak"])
        #expect(try await server.search(query, for: alice).hits.map(\.summary.id) == ["dns"])
        #expect(try await shell.removeDemo() == 0)
    }

    @Test("filters narrow the list by severity, kind, service, tag and dates", arguments: Backend.allCases)
    func filters(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        _ = try await store.create(
            incident("a", title: "A", severity: .sev1, services: ["checkout"], day: 1), by: "x", note: "", demo: false)
        _ = try await store.create(
            incident("b", title: "B", severity: .sev3, kind: .nearMiss, services: ["search"], day: 10), by: "x",
            note: "",
            demo: false)
        _ = try await store.create(
            incident("c", title: "C", severity: .sev3, services: ["Checkout", "search"], day: 20), by: "x", note: "",
            demo: false)
        func ids(_ filter: IncidentFilter) async throws -> [String] {
            try await store.list(filter, for: alice).items.map(\.id)
        }
        #expect(try await ids(IncidentFilter()) == ["c", "b", "a"])
        #expect(try await ids(IncidentFilter(severity: .sev3)) == ["c", "b"])
        #expect(try await ids(IncidentFilter(kind: .nearMiss)) == ["b"])
        #expect(try await ids(IncidentFilter(service: "checkout")) == ["c", "a"])
        #expect(try await ids(IncidentFilter(tag: "DB")) == ["c", "b", "a"])
        let from = LocalDate(year: 2026, month: 10, day: 10)
        #expect(try await ids(IncidentFilter(from: from, to: from)) == ["b"])
        #expect(try await ids(IncidentFilter(limit: 1, offset: 1)) == ["b"])
    }

    @Test("action items are listed across post-mortems, overdue ones by due date", arguments: Backend.allCases)
    func actions(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        let items = [
            ActionItem(
                title: "Alert on pool saturation", owner: "alice", due: LocalDate(year: 2026, month: 10, day: 5)),
            ActionItem(title: "Load test", owner: "bob", due: LocalDate(year: 2026, month: 12, day: 1)),
            ActionItem(title: "Runbook", owner: "alice", due: LocalDate(year: 2026, month: 9, day: 1), status: .done),
        ]
        _ = try await store.create(incident("pool", title: "Pool", actions: items), by: "x", note: "", demo: false)
        let today = LocalDate(year: 2026, month: 11, day: 1)
        #expect(
            try await store.actionItems(ActionFilter(overdueOn: today), for: alice).map(\.item.title) == [
                items[0].title
            ])
        #expect(try await store.actionItems(ActionFilter(owner: "ALICE"), for: alice).count == 2)
        #expect(try await store.list(IncidentFilter(), for: alice).items.first?.openActions == 2)
    }

    @Test("similar incidents share services, factors and words", arguments: Backend.allCases)
    func similar(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        _ = try await store.create(
            incident("pool-1", title: "Checkout connection pool exhausted"), by: "x", note: "", demo: false)
        _ = try await store.create(
            incident("pool-2", title: "Connection pool exhausted again", services: ["payments", "checkout"]), by: "x",
            note: "", demo: false)
        var cdn = incident("cdn", title: "CDN purge deleted assets", services: ["cdn"], rootCause: "A purge wildcard.")
        cdn.summary = "Images were missing from product pages."
        _ = try await store.create(cdn, by: "x", note: "", demo: false)
        let similar = try await store.similar(to: "pool-1", for: alice, limit: 5)
        #expect(similar.map(\.0.id) == ["pool-2"])
        #expect(similar[0].1.reasons.first == "services: checkout")
    }

    @Test("ids that could be paths are refused, duplicates are refused", arguments: Backend.allCases)
    func ids(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        for bad in ["../etc/passwd", "a/b", ".hidden", "", "x\u{0}y", "a..b"] {
            await #expect(throws: StoreError.self) {
                _ = try await store.create(incident(bad, title: "x"), by: "x", note: "", demo: false)
            }
        }
        _ = try await store.create(incident("ok", title: "x"), by: "x", note: "", demo: false)
        await #expect(throws: StoreError.self) {
            _ = try await store.create(incident("ok", title: "y"), by: "x", note: "", demo: false)
        }
    }

    @Test(
        "the demo workspace is removed with its history, comments and nothing else", arguments: Backend.allCases)
    func demo(_ backend: Backend) async throws {
        guard let (store, close) = try await backend.store() else { return }
        defer { close() }
        _ = try await store.create(incident("demo-1", title: "Demo"), by: "x", note: "", demo: true)
        _ = try await store.create(incident("real", title: "Real"), by: "x", note: "", demo: false)
        _ = try await store.addComment(postMortem: "demo-1", author: "x", body: "hi", version: 1)
        let before = try await store.generation()
        #expect(try await store.removeDemo() == 1)
        #expect(try await store.generation() != before)
        #expect(try await store.comments(postMortem: "demo-1").isEmpty)
        #expect(try await store.list(IncidentFilter(), for: alice).items.map(\.id) == ["real"])
        #expect(try await store.search(IncidentFilter(query: "demo"), for: alice).total == 0)
    }
}

@Suite("SQLite store: its file")
struct SQLiteStoreTests {
    @Test("a file database keeps everything across reopening")
    func reopen() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("debrief.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.create(incident("pool", title: "Pool"), by: "x", note: "", demo: false)
            _ = try await store.addAttachment(
                NewAttachment(
                    postMortem: "pool", filename: "graph.png", contentType: "image/png", data: Data([1, 2, 3]),
                    uploadedBy: "x"))
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.count() == 1)
        let info = try #require(try await store.attachments(postMortem: "pool").first)
        #expect(try await store.attachment(id: info.id)?.1 == Data([1, 2, 3]))
    }
}
