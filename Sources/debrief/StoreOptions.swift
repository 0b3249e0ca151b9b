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
}
