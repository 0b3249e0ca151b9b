import ArgumentParser
import DebriefCore
import DebriefNotify
import DebriefStore
import Foundation

/// `debrief remind`: due-soon and overdue action items to their owners, once each.
struct RemindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "Remind owners of due-soon and overdue action items: one digest each, by e-mail and webhooks.",
        discussion: """
            For cron (e.g. `0 8 * * 1-5 debrief remind --db …`). Where reminders go is the \
            `reminders:` part of .debrief.yml (found from the current folder up, or --policy): \
            an SMTP relay (STARTTLS when offered), Slack, Microsoft Teams or any incoming webhook. \
            What was sent is recorded in the database, so a second run the same day sends nothing \
            again. --dry-run prints what would be sent and records nothing. Exit 1 when a digest \
            could not be delivered anywhere (it is tried again next run).
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "A policy file to use instead of the nearest .debrief.yml.")
    var policy: String?

    @Flag(help: "Print the digests that are due; send and record nothing.")
    var dryRun = false

    @Option(help: "The day to remind as of (YYYY-MM-DD); default today (UTC).")
    var today: String?

    func run() async throws {
        let day = try today.map { try parseDay($0, option: "--today") } ?? todayUTC()
        let settings = try policyFromHere(policy).reminders
        if !dryRun && !settings.hasChannel {
            printError(
                "no reminder channel is configured: add `reminders:` with smtp, slack, teams or webhook to .debrief.yml (see docs/follow-through.md)"
            )
            throw Exit.input
        }
        let outcomes = try await store.refusing { database in
            try await Reminding(settings: settings, store: database).run(today: day, dryRun: dryRun)
        }
        var undelivered = 0
        for outcome in outcomes {
            let items = outcome.digest.reminders.map { "\($0.postMortem)#\($0.index + 1) \($0.kind.rawValue)" }
            if dryRun {
                let (subject, _) = Reminders.message(outcome.digest, today: day, baseURL: settings.baseURL)
                print("\(outcome.digest.owner): \(subject) [\(items.joined(separator: ", "))]")
                continue
            }
            print(
                "\(outcome.digest.owner): \(items.count) item\(items.count == 1 ? "" : "s") → \(outcome.delivered.isEmpty ? "not delivered" : outcome.delivered.joined(separator: ", "))"
            )
            for failure in outcome.failed { printError("  \(outcome.digest.owner): \(failure)") }
            if outcome.delivered.isEmpty { undelivered += 1 }
        }
        if outcomes.isEmpty { printError("nothing to remind of") }
        if undelivered > 0 { throw ExitCode(1) }
    }
}
