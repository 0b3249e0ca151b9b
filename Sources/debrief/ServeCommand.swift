import ArgumentParser
import DebriefCore
import DebriefFormat
import DebriefNotify
import DebriefServer
import DebriefStore
import Foundation
import Hummingbird
import Logging

/// `debrief serve`: the team web app and JSON API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web app and the JSON API on the team database.",
        discussion: """
            On first start it creates the database, an `admin` account whose generated password is printed once, \
            and a demo workspace of a dozen post-mortems (`debrief demo remove` takes it out again). \
            The review policy is read from --policy, or `.debrief.yml` beside the database.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to bind. Default: $DEBRIEF_HOST or 127.0.0.1.")
    var host: String?

    @Option(help: "Port to listen on. Default: $DEBRIEF_PORT or 8080.")
    var port: Int?

    @Option(help: "A .debrief.yml policy file (required approvals, sections, whys depth).")
    var policy: String?

    @Flag(help: "Do not seed the demo workspace into a new database.")
    var noDemo = false

    @Flag(help: "Mark session cookies Secure (when a TLS proxy fronts the server).")
    var secureCookies = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    @Option(
        help: ArgumentHelp(
            "How many rendered pages and API answers to keep in memory.",
            discussion: "Each is kept for one reader until the next change to any post-mortem."))
    var cachedPages: Int = 2_000

    @Option(
        help: ArgumentHelp(
            "Send reminders every this many hours, as `debrief remind` does (off by default).",
            discussion: "Where they go is the policy's `reminders:`; run it on one server of several."))
    var remindEvery: Double?

    @Option(
        help: ArgumentHelp(
            "Sync action items with the tracker every this many hours, as `debrief actions sync` does (off by default).",
            discussion: "The tracker is the policy's `trackers:`; its token comes from the environment."))
    var syncEvery: Double?

    func validate() throws {
        if let remindEvery, !(0.01...168).contains(remindEvery) {
            throw ValidationError("--remind-every is 0.01 to 168 hours")
        }
        if let syncEvery, !(0.01...168).contains(syncEvery) {
            throw ValidationError("--sync-every is 0.01 to 168 hours")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let database = try await store.open()
        // A policy file beside the SQLite file, or in the working directory for a PostgreSQL URL.
        let loaded = try loadPolicy(
            explicit: policy, near: PostgresLocation.isURL(store.path) ? "debrief.sqlite" : store.path)
        let settings = ServerSettings(
            host: host ?? environment["DEBRIEF_HOST"] ?? "127.0.0.1",
            port: port ?? environment["DEBRIEF_PORT"].flatMap(Int.init) ?? 8080, policy: loaded,
            secureCookies: secureCookies, logLevel: Logger.Level(rawValue: logLevel) ?? .info,
            cachedPages: max(0, cachedPages))
        let first = try await Workspace.prepare(store: database, settings: settings, demo: !noDemo)
        if let password = first.adminPassword {
            print("Created the admin account. Sign in as 'admin' with password: \(password)")
            print("(shown once; `debrief user add` makes more accounts)")
        }
        if first.demoSeeded > 0 {
            print(
                "Seeded \(first.demoSeeded) demo post-mortems; `debrief demo remove --db \(store.shown)` removes them.")
        }
        let app = try await buildApplication(store: database, settings: settings)
        print("Debrief is serving \(store.shown) at http://\(settings.host):\(settings.port)/")
        if let remindEvery {
            guard loaded.reminders.hasChannel else {
                printError(
                    "--remind-every needs a reminder channel in the policy's `reminders:` (docs/follow-through.md)")
                throw Exit.input
            }
            print("Sending reminders every \(remindEvery) hours.")
            let reminding = Reminding(settings: loaded.reminders, store: database)
            Task.detached {
                while !Task.isCancelled {
                    do {
                        for outcome in try await reminding.run(today: todayUTC(), dryRun: false) {
                            let channels =
                                outcome.delivered.isEmpty ? "not delivered" : outcome.delivered.joined(separator: ", ")
                            print(
                                "reminded \(outcome.digest.owner) of \(outcome.digest.reminders.count) item(s): \(channels)"
                            )
                            for failure in outcome.failed {
                                printError("reminder for \(outcome.digest.owner): \(failure)")
                            }
                        }
                    } catch {
                        printError("reminders: \(error)")
                    }
                    fflush(nil)
                    try? await Task.sleep(for: .seconds(remindEvery * 3600))
                }
            }
        }
        if let syncEvery {
            guard let tracker = loaded.tracker,
                let token = ProcessInfo.processInfo.environment[tracker.tokenEnvironment], !token.isEmpty
            else {
                printError(
                    "--sync-every needs the policy's `trackers:` and its token in the environment (docs/follow-through.md)"
                )
                throw Exit.input
            }
            print("Syncing action items with \(tracker.kind.rawValue) every \(syncEvery) hours.")
            let sync = TrackerSync(tracker: tracker.client(token: token), store: database, baseURL: nil)
            Task.detached {
                while !Task.isCancelled {
                    do {
                        let report = try await sync.run(dryRun: false)
                        print(
                            "tracker sync: \(report.created.count) created, \(report.found.count) linked, \(report.closed.count) closed"
                        )
                        for failure in report.failed { printError("tracker sync: \(failure)") }
                    } catch {
                        printError("tracker sync: \(error)")
                    }
                    fflush(nil)
                    try? await Task.sleep(for: .seconds(syncEvery * 3600))
                }
            }
        }
        // Flushed now, so the one-time password and the URL show even when output goes to a file.
        fflush(nil)
        try await app.runService()
    }
}
