import ArgumentParser
import DebriefStore
import Foundation

/// `debrief db`: the operator's commands for the database itself.
struct DbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Move a team's database between SQLite and PostgreSQL; bring its schema up to date.",
        subcommands: [Copy.self, Migrate.self])

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy every post-mortem (all versions), comment, attachment, account, API token and audit event.",
            discussion: """
                Either side is a SQLite file or a postgres:// URL. The target must be empty unless \
                --into-non-empty is given; then post-mortems and accounts it has already are left as \
                they are and listed. Sign-in sessions are not copied: people sign in again.
                """)

        @Option(help: "The database to copy from: a SQLite file or a postgres:// URL.")
        var from: String

        @Option(help: "The database to copy into (created if a SQLite file is missing).")
        var to: String

        @Flag(help: "Copy into a database that already holds data, keeping what it has.")
        var intoNonEmpty = false

        func run() async throws {
            let source = try StoreOptions.parse(["--db", from])
            let target = try StoreOptions.parse(["--db", to])
            guard source.shown != target.shown else {
                printError("--from and --to name the same database")
                throw Exit.input
            }
            // Opening a SQLite file creates it: a mistyped source would copy an empty database.
            guard PostgresLocation.isURL(source.path) || FileManager.default.fileExists(atPath: source.path) else {
                printError("\(source.path): no such database to copy from")
                throw Exit.input
            }
            let from = try await source.open()
            let report = try await target.refusing { into in
                try await StoreCopy.copy(from: from, to: into, intoNonEmpty: intoNonEmpty)
            }
            print(
                """
                \(source.shown) -> \(target.shown): \(report.postMortems) post-mortems (\(report.versions) versions), \
                \(report.comments) comments, \(report.attachments) attachments, \(report.accounts) accounts \
                (\(report.tokens) API tokens), \(report.auditEvents) audit events, \(report.publicVersions) public versions, \(report.meetings) meetings
                """)
            for skipped in report.skipped { print("skipped, already in the target: \(skipped)") }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring the database's schema up to date and say which migrations ran.",
            discussion: """
                Every command does this when it opens the database; this one only does that. On \
                PostgreSQL the migrations run in one transaction under an advisory lock, so it is \
                safe while servers start.
                """)

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let database = try await store.open()
            let now = database.migrationsAppliedNow
            print(
                "\(store.shown): schema up to date, \(database.schemaMigrations.count) migrations"
                    + (now.isEmpty ? ", none needed now" : "; applied now: " + now.joined(separator: ", ")))
        }
    }
}
