import DebriefCore
import DebriefFormat
import DebriefServer
import DebriefStore
import Foundation
import Testing

/// Two real servers, each with its own connection pool, on one PostgreSQL database, as a team
/// runs them behind a load balancer. Needs `DEBRIEF_TEST_POSTGRES` (`scripts/test` starts a
/// throwaway PostgreSQL and sets it); without it the test says so and checks nothing.
@Suite("Two servers on one PostgreSQL database")
struct TwoServerTests {
    @Test(
        "what one server saves the other serves; a stale edit is refused across them; sessions and revocations hold on both"
    )
    func twoServers() async throws {
        guard let url = ProcessInfo.processInfo.environment["DEBRIEF_TEST_POSTGRES"] else {
            print("note: DEBRIEF_TEST_POSTGRES is not set; the two-server test was skipped")
            return
        }
        let location = try PostgresLocation(url: url)
        let schema = Harness.freshSchema("two")
        let storeA = try await PostgresStore(location, schema: schema)
        let storeB = try await PostgresStore(location, schema: schema)
        defer {
            storeA.close()
            storeB.close()
        }
        // (A back-off of a minute, not the harness's second: the two refusals at the end must
        // both fall inside it on a loaded machine.)
        let first = try await Harness.make(loginAttempts: 5, loginBackOff: 60, store: storeA)
        let second = Harness(store: storeB, settings: first.settings)
        try await first.run { a in
            try await second.run { b in
                // A session opened on one server is good on the other.
                let aliceA = try #require(try await a.login("alice").0)
                var aliceB = b
                aliceB.cookie = aliceA.cookie
                #expect(try await aliceB.get("/incidents/pool").code == 200)

                // Created through one, read and found through the other at once.
                let writerA = try await a.withToken(for: "alice")
                var writerB = b
                writerB.bearer = writerA.bearer
                var pm = try Fixtures.pool()
                pm.id = "dns-outage"
                pm.title = "Resolver fleet dropped queries under load"
                let created = try await writerA.json(
                    .post, "/api/v1/postmortems", ["markdown": DebriefFormatBridge.render(pm)])
                #expect(created.code == 201)
                let read = try await writerB.get("/api/v1/postmortems/dns-outage")
                #expect(read.code == 200)
                #expect(read.body.contains("Resolver fleet dropped queries"))
                #expect(try await aliceB.get("/incidents/dns-outage").body.contains("Resolver fleet dropped queries"))
                let found = try await writerB.get("/api/v1/search?q=resolver")
                #expect(found.body.contains("dns-outage"))

                // Two edits from one version, one through each server: the second is refused.
                let start = try #require(try await storeA.exportOne(id: "dns-outage"))
                var mine = start.postMortem
                mine.summary = "Edited through A."
                var theirs = start.postMortem
                theirs.summary = "Edited through B."
                let winner = try await writerA.json(
                    .put, "/api/v1/postmortems/dns-outage",
                    ["baseVersion": start.version, "markdown": DebriefFormatBridge.render(mine)])
                #expect(winner.code == 200)
                let loser = try await writerB.json(
                    .put, "/api/v1/postmortems/dns-outage",
                    ["baseVersion": start.version, "markdown": DebriefFormatBridge.render(theirs)])
                #expect(loser.code == 409)
                #expect(loser.body.contains("Edited through A."))
                // The page on B shows A's edit on the next request.
                #expect(try await aliceB.get("/incidents/dns-outage").body.contains("Edited through A."))

                // A disabled account stops working on the other server within seconds.
                let bobA = try await a.withToken(for: "bob")
                var bobB = b
                bobB.bearer = bobA.bearer
                #expect(try await bobB.get("/api/v1/me").code == 200)
                try await storeA.setDisabled(true, user: "bob")
                var refused = false
                for _ in 0..<40 where !refused {
                    refused = try await bobB.get("/api/v1/me").code == 401
                    if !refused { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(refused, "a disabled account still worked on the other server after 10 s")

                // Failed sign-ins count on every server: guesses spread over both are slowed as one.
                for _ in 0..<3 {
                    _ = try await a.login("carol", password: "wrong password 1")
                    _ = try await b.login("carol", password: "wrong password 2")
                }
                #expect(try await b.login("carol").1.code == 429)
                #expect(try await a.login("carol").1.code == 429)
            }
        }
    }
}

extension TwoServerTests {
    @Test("two servers starting at once on a new database make one admin and one demo workspace, and both start")
    func firstStart() async throws {
        guard let url = ProcessInfo.processInfo.environment["DEBRIEF_TEST_POSTGRES"] else {
            print("note: DEBRIEF_TEST_POSTGRES is not set; the first-start test was skipped")
            return
        }
        let location = try PostgresLocation(url: url)
        let schema = Harness.freshSchema("first")
        let stores = [
            try await PostgresStore(location, schema: schema), try await PostgresStore(location, schema: schema),
        ]
        defer { stores.forEach { $0.close() } }
        let settings = ServerSettings(host: "127.0.0.1", port: 0, logLevel: .error, passwordCost: 4)
        let runs = try await withThrowingTaskGroup(of: Workspace.FirstRun.self) { group in
            for store in stores {
                group.addTask { try await Workspace.prepare(store: store, settings: settings, demo: true) }
            }
            return try await group.reduce(into: [Workspace.FirstRun]()) { $0.append($1) }
        }
        #expect(runs.compactMap(\.adminPassword).count == 1)
        #expect(try await stores[0].users().map(\.name) == ["admin"])
        let seeded = runs.map(\.demoSeeded).reduce(0, +)
        #expect(seeded > 0)
        #expect(try await stores[1].count() == seeded)
    }
}
