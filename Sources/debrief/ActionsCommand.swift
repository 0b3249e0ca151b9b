import ArgumentParser
import DebriefCore
import DebriefFormat
import DebriefNotify
import DebriefStore
import Foundation

/// `debrief actions`: list action items (the default), or sync them with the tracker.
struct ActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "Action items: list them (the default) or sync them with the team's tracker.",
        subcommands: [ActionsListCommand.self, ActionsSyncCommand.self],
        defaultSubcommand: ActionsListCommand.self
    )
}

/// `debrief actions [list]`: the action items of post-mortems, from files or the team database,
/// as a list, CSV, JSON or an iCalendar file with due dates and review meetings.
struct ActionsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List action items (open ones by default) from files or the database; --format ics for a calendar.",
        discussion: """
            With files or folders, every post-mortem in them; without, the database (--db), as the \
            account named by --as sees it (restricted post-mortems only when they name it). \
            --format ics writes an iCalendar file (RFC 5545): each action item on its due day and \
            each review meeting, as all-day events, for a calendar application to import.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, json, ics }

    @Argument(help: "Post-mortem files or folders (default: the database).")
    var paths: [String] = []

    @OptionGroup var store: StoreOptions

    @Option(help: "Only this owner's items (and, for ics, the review meetings they attend).")
    var owner: String?

    @Flag(help: "Closed items too (done and dropped).")
    var all = false

    @Flag(help: "Only items open past their due day.")
    var overdue = false

    @Option(name: .customLong("as"), help: "Read the database as this account (what it may see).")
    var reader: String?

    @Option(help: "text, csv, json or ics.")
    var format: Format = .text

    @Option(help: "The web app's address (https://debrief.example.com), to link each event to its post-mortem.")
    var baseURL: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    struct Row {
        var postMortem: PostMortem
        var index: Int
        var item: ActionItem
    }

    func run() async throws {
        let today = todayUTC()
        var postMortems: [PostMortem] = []
        var unreadable = false
        if paths.isEmpty {
            postMortems = try await fromDatabase(today: today)
        } else {
            (postMortems, unreadable) = try readPostMortems(paths)
        }
        let rows = postMortems.flatMap { pm in
            pm.actionItems.enumerated().map { Row(postMortem: pm, index: $0, item: $1) }
        }.filter(keep(today))
        let text: String
        switch format {
        case .text:
            text = rows.map { row in
                let item = row.item
                let due =
                    item.due.map { $0.description + (item.isOverdue(on: today) ? " OVERDUE" : "") } ?? "no due date"
                return
                    "\(row.postMortem.id)#\(row.index + 1)\t\(item.status.rawValue)\t\(due)\t\(item.owner ?? "-")\t\(item.title)"
            }.joined(separator: "\n")
        case .csv:
            text =
                (["post_mortem,index,title,owner,due,priority,type,status,link"]
                + rows.map { row in
                    let i = row.item
                    return [
                        row.postMortem.id, String(row.index + 1), i.title, i.owner ?? "", i.due?.description ?? "",
                        i.priority?.rawValue ?? "", i.type?.rawValue ?? "", i.status.rawValue, i.link ?? "",
                    ].map(CSV.field).joined(separator: ",")
                }).joined(separator: "\n")
        case .json:
            struct Item: Encodable {
                var postMortem: String
                var index: Int
                var item: ActionItem
                var overdue: Bool
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            text = String(
                decoding: try encoder.encode(
                    rows.map {
                        Item(
                            postMortem: $0.postMortem.id, index: $0.index + 1, item: $0.item,
                            overdue: $0.item.isOverdue(on: today))
                    }), as: UTF8.self)
        case .ics:
            var events = rows.compactMap { row in
                ICalendar.event(
                    actionItem: row.item, index: row.index, postMortemID: row.postMortem.id,
                    postMortemTitle: row.postMortem.title, url: link(row.postMortem.id))
            }
            events += postMortems.filter { pm in
                owner.map { name in pm.review.attendees.contains { $0.lowercased() == name.lowercased() } } ?? true
            }.compactMap { ICalendar.reviewMeeting(of: $0, url: link($0.id)) }
            text = ICalendar.document(
                events, name: owner.map { "Post-mortem follow-up: \($0)" } ?? "Post-mortem follow-up", now: Date())
        }
        if format == .ics, let output {
            // Written as is: CRLF line ends, no extra newline.
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } else if format == .ics {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else if !text.isEmpty {
            try write(text, to: output)
        }
        if unreadable { throw Exit.input }
    }

    /// The filter the options make.
    func keep(_ today: LocalDate) -> (Row) -> Bool {
        { row in
            let item = row.item
            if !all && item.status.isClosed { return false }
            if overdue && !item.isOverdue(on: today) { return false }
            if let owner, item.owner?.lowercased() != owner.lowercased() { return false }
            return true
        }
    }

    /// The post-mortems the database shows the reader: those with action items, and for a
    /// calendar also those with a review meeting.
    func fromDatabase(today: LocalDate) async throws -> [PostMortem] {
        let viewer = Member(name: reader ?? "", role: .viewer)
        return try await store.refusing { database in
            var ids: [String] = []
            var seen = Set<String>()
            let rows = try await database.actionItems(ActionFilter(openOnly: !all, limit: 100_000), for: viewer)
            for row in rows where seen.insert(row.postMortem).inserted { ids.append(row.postMortem) }
            var postMortems: [PostMortem] = []
            for id in ids {
                if let stored = try await database.postMortem(id: id, for: viewer) {
                    postMortems.append(stored.postMortem)
                }
            }
            if format == .ics {
                // Review meetings of the others, from the newest incidents back.
                var offset = 0
                while offset < 100_000 {
                    let page = try await database.list(IncidentFilter(limit: 500, offset: offset), for: viewer)
                    for summary in page.items where seen.insert(summary.id).inserted {
                        if let stored = try await database.postMortem(id: summary.id, for: viewer),
                            stored.postMortem.review.meeting != nil
                        {
                            postMortems.append(stored.postMortem)
                        }
                    }
                    offset += 500
                    if offset >= page.total { break }
                }
            }
            return postMortems
        }
    }

    func link(_ id: String) -> String? {
        baseURL.map { WebAddress.incident(id, base: $0) }
    }
}

/// `debrief actions sync`: open action items into the tracker, closed issues back as done.
struct ActionsSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract:
            "Push open action items to the tracker (one issue each, linked back) and mark done those whose issue closed.",
        discussion: """
            The tracker is the `trackers:` part of .debrief.yml (found from the current folder up, or \
            --policy); its token comes from the environment variable it names (GITHUB_TOKEN by \
            default), never from the file. Safe to run again: an item that has a link is not sent \
            twice, and an issue a cut-off run made is found by the marker in its body. Exit 1 when \
            an item could not be synced (listed), 2 on bad input.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "A policy file to use instead of the nearest .debrief.yml.")
    var policy: String?

    @Flag(help: "Say what would be done; change nothing in the tracker or the database.")
    var dryRun = false

    @Option(help: "The web app's address, for the link back in each issue.")
    var baseURL: String?

    func run() async throws {
        guard let tracker = try policyFromHere(policy).tracker else {
            printError(
                "no tracker is configured: add `trackers: {github: {repository: owner/name}}` to .debrief.yml (docs/follow-through.md)"
            )
            throw Exit.input
        }
        guard let token = ProcessInfo.processInfo.environment[tracker.tokenEnvironment], !token.isEmpty else {
            printError("set \(tracker.tokenEnvironment) to a token that may create issues in \(tracker.repository)")
            throw Exit.input
        }
        let report = try await store.refusing { database in
            try await TrackerSync(
                tracker: tracker.client(token: token), store: database, baseURL: baseURL
            ).run(dryRun: dryRun)
        }
        for line in report.created { print((dryRun ? "would create " : "created ") + line) }
        for line in report.found { print("linked " + line) }
        for line in report.closed { print("done (closed in GitHub) " + line) }
        for line in report.failed { printError("failed " + line) }
        printError(
            "\(report.created.count) created, \(report.found.count) linked, \(report.closed.count) closed, \(report.failed.count) failed"
        )
        if !report.failed.isEmpty { throw ExitCode(1) }
    }
}
