import ArgumentParser
import DebriefStore
import Foundation

/// `--db`: where the team database lives: a SQLite file, or a PostgreSQL URL.
struct StoreOptions: ParsableArguments {
    /// Flag, then `DEBRIEF_DB`, then `debrief.sqlite` in the current directory.
    @Option(
        help: """
            The database: a SQLite file (created if missing) or postgres://user:password@host:port/database?sslmode=…. \
            Default: $DEBRIEF_DB or ./debrief.sqlite.
            """)
    var db: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["DEBRIEF_DB"] ?? "debrief.sqlite" }

    /// How the database is named in messages: a URL without its password.
    var shown: String {
        PostgresLocation.isURL(path) ? ((try? PostgresLocation(url: path))?.description ?? "the PostgreSQL URL") : path
    }

    func open() async throws -> any PortableStore & Migrating {
        do {
            if PostgresLocation.isURL(path) {
                return try await PostgresStore(try PostgresLocation(url: path))
            }
            return try SQLiteStore(path: path)
        } catch {
            printError("\(shown): cannot open the database: \(error)")
            throw Exit.input
        }
    }

    /// Runs `body` on the opened database; a refusal (an unknown or duplicate account, say) is
    /// printed with the database's name and exits with code 2.
    func refusing<T>(_ body: (any PortableStore & Migrating) async throws -> T) async throws -> T {
        let database = try await open()
        do {
            return try await body(database)
        } catch let error as StoreError {
            printError("\(shown): \(error)")
            throw Exit.input
        }
    }
}
