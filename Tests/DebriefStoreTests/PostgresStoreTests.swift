import DebriefCore
import Foundation
import PostgresNIO
import Testing

@testable import DebriefStore

@Suite("PostgreSQL store: its URL and its migrations")
struct PostgresStoreTests {
    @Test("a postgres:// URL gives host, port, user, password, database and TLS; a bad one says what is wrong")
    func url() throws {
        let location = try PostgresLocation(url: "postgres://debrief:s%40cret@db.internal:6432/team?sslmode=require")
        #expect(location.host == "db.internal")
        #expect(location.port == 6432)
        #expect(location.user == "debrief")
        #expect(location.password == "s@cret")
        #expect(location.database == "team")
        #expect(location.tls == .require)
        #expect(!location.description.contains("cret"))
        #expect(try PostgresLocation(url: "postgresql://u@localhost/d").port == 5432)
        #expect(try PostgresLocation(url: "postgresql://u@localhost/d").tls == .prefer)
        #expect(try PostgresLocation(url: "postgresql://u@localhost/d").pool == 4)
        #expect(try PostgresLocation(url: "postgres://u@localhost/d?pool=12").pool == 12)
        #expect(PostgresLocation.isURL("postgres://u@h/d"))
        #expect(!PostgresLocation.isURL("/var/lib/debrief/debrief.sqlite"))
        for (bad, says) in [
            ("postgres://localhost/d", "no user"), ("postgres://u@localhost", "no database"),
            ("postgres://u@localhost/d?sslmode=sometimes", "sslmode"), ("postgres://u@localhost/d?pool=0", "pool"),
            ("postgres://u@localhost/d?connections=9", "not known"),
            ("postgres://u:hunter2@/d", "no host"),
        ] {
            do {
                _ = try PostgresLocation(url: bad)
                Issue.record("\(bad) was accepted")
            } catch {
                #expect("\(error)".contains(says), "\(bad): \(error)")
                #expect(!"\(error)".contains("hunter2"))
            }
        }
    }

    /// The test PostgreSQL database and a schema of the test's own; nil, with a note saying the
    /// test was skipped, when `DEBRIEF_TEST_POSTGRES` is not set.
    static func scratch(_ prefix: String, for test: String) throws -> (PostgresLocation, String)? {
        guard let url = Backend.postgresURL else {
            print("note: DEBRIEF_TEST_POSTGRES is not set; the \(test) test was skipped")
            return nil
        }
        return (try PostgresLocation(url: url), Backend.freshSchema(prefix))
    }

    @Test("servers starting at once apply each migration once, under the advisory lock")
    func concurrentMigrations() async throws {
        guard let (location, schema) = try Self.scratch("m", for: "concurrent-migration") else { return }
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore(location, schema: schema) } }
            return try await group.reduce(into: [PostgresStore]()) { $0.append($1) }
        }
        defer { stores.forEach { $0.close() } }
        // Every store works on the one schema, and a user added through one is seen by all.
        _ = try await stores[0].addUser(name: "alice", displayName: "Alice", role: .admin, passwordHash: "h")
        for store in stores { #expect(try await store.user(named: "alice") != nil) }
        #expect(try await stores[1].appliedMigrations() == stores[1].schemaMigrations)
    }

    @Test("a database made before the search table moves its documents there and is searched as before")
    func searchTableMigration() async throws {
        guard let (location, schema) = try Self.scratch("u", for: "search-table migration") else { return }
        // A database as v10 left it: the documents in the list's own table.
        let old = try PostgresDatabase(location, searchPath: schema)
        _ = try await old.migrate(schema: schema, through: "v10-meetings")
        for (id, title, restricted) in [
            ("2026-01-05-cert", "Partner certificate expired", false), ("2026-01-06-other", "Disk filled up", false),
            ("2026-01-07-secret", "Certificate of the private key leaked", true),
        ] {
            try await old.client.query(
                """
                INSERT INTO postmortems (id, version, title, status, services, tags, restricted, open_actions,
                    updated_at, updated_by, words, factor_categories, search, search_text)
                VALUES (\(id), 1, \(title), 'draft', '', '', \(restricted), 0, now(), 'alice', '', '',
                    setweight(to_tsvector('english', \(title)), 'A'), \(title))
                """, logger: old.logger)
        }
        old.close()
        let store = try await PostgresStore(location, schema: schema)
        defer { store.close() }
        #expect(store.migrationsAppliedNow == ["v11-search-table"])
        let found = try await store.search(
            IncidentFilter(query: "certificate"), for: Member(name: "bob", role: .reviewer))
        #expect(found.hits.map(\.summary.id) == ["2026-01-05-cert"], "the restricted one stays hidden")
        #expect(found.hits.first?.snippet.contains("ertificate") == true)
    }

    @Test("a server that cannot be reached is an error naming it, not a hang")
    func unreachable() async throws {
        // Port 1 on loopback: nothing listens there, and no test server can take it.
        let port = 1
        let started = Date()
        do {
            let store = try await PostgresStore(
                try PostgresLocation(url: "postgres://nobody@127.0.0.1:\(port)/none?sslmode=disable"))
            store.close()
            Issue.record("connected to a closed port")
        } catch {
            // It gives up after 15 s; the bound only tells a hang from a machine busy with the
            // rest of the suite, whose tests share the few threads the time-out runs on.
            #expect(Date().timeIntervalSince(started) < 240)
            #expect("\(error)".contains("127.0.0.1:\(port)"), "\(error)")
        }
    }
}
