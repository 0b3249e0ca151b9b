import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation

/// Carries open action items into the tracker and their status back: an item with no link
/// gets an issue (or the one a cut-off run made, found by its marker) and the link is stored
/// on the item; an item whose issue was closed is marked done. Each post-mortem changed gets
/// one new version, with a note saying why.
public struct TrackerSync: Sendable {
    public var tracker: any IssueTracker
    public var store: any Store
    /// The web app's address, for the link back in each issue.
    public var baseURL: String?

    public init(tracker: any IssueTracker, store: any Store, baseURL: String?) {
        self.tracker = tracker
        self.store = store
        self.baseURL = baseURL
    }

    public struct Report: Sendable, Equatable {
        /// "post-mortem#n → URL" for each issue made (or, in a dry run, to be made).
        public var created: [String] = []
        /// Items linked to an issue an earlier run had made.
        public var found: [String] = []
        /// Items marked done because their issue was closed.
        public var closed: [String] = []
        /// What could not be done, with why.
        public var failed: [String] = []
    }

    /// With `only` ("ID#N", N from 1), just those items.
    public func run(dryRun: Bool, actor: String = "tracker-sync", only: Set<String>? = nil) async throws -> Report {
        var report = Report()
        let existing = try await tracker.issues()
        var byMarker: [String: TrackedIssue] = [:]
        for issue in existing {
            if let range = issue.body.range(of: "debrief-action: ") {
                let marker = "debrief-action: " + issue.body[range.upperBound...].prefix(while: { !$0.isWhitespace })
                if byMarker[marker] == nil { byMarker[marker] = issue }
            }
        }
        let byURL = Dictionary(existing.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        var ids: [String] = []
        for row in try await OpenActionItems.all(in: store)
        where !ids.contains(row.postMortem) && (only?.contains("\(row.postMortem)#\(row.index + 1)") ?? true) {
            ids.append(row.postMortem)
        }
        for id in ids {
            guard let stored = try await store.exportOne(id: id) else { continue }
            var pm = stored.postMortem
            var notes: [String] = []
            for (index, item) in pm.actionItems.enumerated() where !item.status.isClosed {
                let name = "\(id)#\(index + 1)"
                if let only, !only.contains(name) { continue }
                if let link = item.link, let key = tracker.key(of: link) {
                    // Status back: closed in the tracker is done here.
                    do {
                        var issue = byURL[link]
                        if issue == nil { issue = try await tracker.issue(key: key) }
                        if let issue, issue.closed {
                            pm.actionItems[index].status = ActionStatus.done
                            pm.actionItems[index].closed = LocalDate(utcDayOf: issue.closedAt ?? Date())
                            notes.append("#\(index + 1) closed in \(tracker.name)")
                            report.closed.append(name)
                        }
                    } catch {
                        report.failed.append("\(name): \(error)")
                    }
                    continue
                }
                guard item.link == nil || item.link?.isEmpty == true else { continue }  // linked elsewhere
                let marker = TrackerIssue.marker(postMortem: id, index: index)
                if let issue = byMarker[marker] {
                    pm.actionItems[index].link = issue.url
                    notes.append("#\(index + 1) linked to \(issue.url)")
                    report.found.append("\(name) → \(issue.url)")
                    continue
                }
                if dryRun {
                    report.created.append("\(name) → (new issue)")
                    continue
                }
                do {
                    let issue = try await tracker.create(
                        title: TrackerIssue.title(item),
                        body: TrackerIssue.body(
                            item, index: index, postMortem: id, postMortemTitle: pm.title,
                            url: baseURL.map { WebAddress.incident(id, base: $0) }),
                        assignee: item.owner.flatMap { tracker.settings.logins[$0] }, item: item)
                    pm.actionItems[index].link = issue.url
                    notes.append("#\(index + 1) sent to \(issue.url)")
                    report.created.append("\(name) → \(issue.url)")
                } catch {
                    report.failed.append("\(name): \(error)")
                }
            }
            guard !notes.isEmpty, !dryRun else { continue }
            do {
                _ = try await store.update(
                    pm, baseVersion: stored.version, by: actor, note: "tracker sync: " + notes.joined(separator: "; "))
                try await store.audit(
                    AuditEvent(
                        at: Date(), actor: actor, action: "tracker-sync", target: id,
                        detail: notes.joined(separator: "; ")))
            } catch {
                // The issues exist; the next run finds them by their marker and links them.
                report.failed.append("\(id): the links could not be saved (\(error)); the next sync links them")
            }
        }
        return report
    }

    /// Marks done the open items linked to `url` (an issue closed, as a webhook says), closed on
    /// the day of `at` (the tracker's closing time, else now).
    public static func close(
        url: String, at: Date? = nil, in store: any Store, actor: String, tracker: String = "GitHub"
    ) async throws -> [String] {
        var closed: [String] = []
        let ids = Set(try await OpenActionItems.all(in: store).filter { $0.item.link == url }.map(\.postMortem))
        for id in ids.sorted() {
            guard let stored = try await store.exportOne(id: id) else { continue }
            var pm = stored.postMortem
            var changed: [Int] = []
            for (index, item) in pm.actionItems.enumerated() where item.link == url && !item.status.isClosed {
                pm.actionItems[index].status = ActionStatus.done
                pm.actionItems[index].closed = LocalDate(utcDayOf: at ?? Date())
                changed.append(index + 1)
            }
            guard !changed.isEmpty else { continue }
            _ = try await store.update(
                pm, baseVersion: stored.version, by: actor,
                note: "closed in \(tracker): " + changed.map { "#\($0)" }.joined(separator: ", "))
            try await store.audit(
                AuditEvent(at: Date(), actor: actor, action: "tracker-closed", target: id, detail: url))
            closed += changed.map { "\(id)#\($0)" }
        }
        return closed
    }
}
