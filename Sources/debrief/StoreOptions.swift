import ArgumentParser
import DebriefStore
import Foundation

/// `--db`: where the team database lives.
struct StoreOptions: ParsableArguments {
    /// Flag, then `DEBRIEF_DB`, then `debrief.sqlite` in the current directory.
    @Option(help: "The SQLite database (created if missing). Default: $DEBRIEF_DB or ./debrief.sqlite.")
    var db: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["DEBRIEF_DB"] ?? "debrief.sqlite" }

    func open() throws -> SQLiteStore {
        do {
            return try SQLiteStore(path: path)
        } catch {
            printError("\(path): cannot open the database: \(error)")
            throw Exit.input
        }
    }

    /// Runs `body` on the opened database; a refusal (an unknown or duplicate account, say) is
    /// printed with the database's path and exits with code 2.
    func refusing<T>(_ body: (SQLiteStore) async throws -> T) async throws -> T {
        let database = try open()
        do {
            return try await body(database)
        } catch let error as StoreError {
            printError("\(path): \(error)")
            throw Exit.input
        }
    }
}
