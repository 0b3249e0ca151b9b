import DebriefCore
import Foundation

/// A line of a deploy log: when, what it says, and where it is.
public struct DeployEvent: Sendable, Equatable {
    public var time: Double
    public var text: String
    public var file: String
    public var line: Int

    /// A rollback or revert rather than a new release.
    public var isRollback: Bool {
        let t = text.lowercased()
        return t.contains("rollback") || t.contains("roll back") || t.contains("rolled back") || t.contains("revert")
    }

    /// Every timestamped line of a deploy log (any format LogTimestampParser reads).
    public static func read(path: String) throws -> [DeployEvent] {
        var reader = try LineReader(path: path)
        var events: [DeployEvent] = []
        var number = 0
        while let event = reader.readLine({ bytes -> DeployEvent? in
            number += 1
            guard let stamp = LogTimestampParser.find(in: bytes) else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[stamp.range.upperBound...]), as: UTF8.self)
            return DeployEvent(
                time: stamp.seconds, text: text.trimmingCharacters(in: .whitespaces), file: path, line: number)
        }) {
            if let event { events.append(event) }
        }
        return events
    }
}

/// Why no draft could be made.
public struct DraftError: Error, CustomStringConvertible {
    public var description: String
}

/// Builds a draft post-mortem from evidence. Every timeline entry cites where it came from
/// (log file and line, chat message, commit); key instants are marked inferred; what a person
/// must write (root cause, whys, lessons, actions) is left as TODO prompts, not invented.
public enum DraftBuilder {
    /// What the evidence was read from, to cite it.
    public struct Sources: Sendable {
        public var logFiles: [String]
        public var gitRepository: String?
        public var chatPath: String?

        public init(logFiles: [String], gitRepository: String? = nil, chatPath: String? = nil) {
            self.logFiles = logFiles
            self.gitRepository = gitRepository
            self.chatPath = chatPath
        }
    }

    static func instant(_ seconds: Double) -> Instant {
        Instant(date: Date(timeIntervalSince1970: seconds.rounded(.down)), offset: 0)
    }

    static func clock(_ seconds: Double) -> String {
        let text = instant(seconds).iso8601
        return String(text.dropFirst(11).prefix(5))
    }

    /// What a chat message records, from its words; nil when it is ordinary talk.
    static func kind(of message: ChatMessage) -> TimelineKind? {
        let t = message.text.lowercased()
        func has(_ words: [String]) -> Bool { words.contains { t.contains($0) } }
        if has([
            "rolled back", "rolling back", "roll back", "rollback", "reverted", "revert ", "mitigat", "failover",
            "failed over",
        ]) {
            return .mitigate
        }
        if has(["resolved", "all clear", "fully recovered", "back to normal", "closing the incident"]) {
            return .resolve
        }
        if has(["sev1", "sev2", "sev3", "declar", "incident commander", "escalat", "paging", "paged"]) {
            return .escalate
        }
        if has(["alert", "firing", "fired", "pagerduty", "opsgenie"]) { return .alert }
        if has(["status page", "statuspage", "customers", "announce"]) { return .communication }
        return nil
    }

    /// The first minute, from `undone` on, whose errors are at most halfway between the
    /// window's baseline and its peak: when the remedy's effect shows in the logs.
    static func errorRateFall(after undone: Double, in scan: LogScan, window: IncidentWindow) -> (
        time: Double, errors: Int
    )? {
        let minutes = scan.minutes
        let halfway =
            window.baselineErrorsPerMinute + (Double(window.peakErrorsPerMinute) - window.baselineErrorsPerMinute) / 2
        var minute = Int((undone / 60).rounded(.down))
        let last = Int((window.end / 60).rounded(.up))
        while minute <= last {
            let errors = minutes[minute]?.errors ?? 0
            if Double(errors) <= halfway { return (Double(minute * 60), errors) }
            minute += 1
        }
        return nil
    }

    public static func draft(
        scan: LogScan, sources: Sources, commits: [Commit], chat: [ChatMessage], deploys: [DeployEvent] = [],
        charts: [(path: String, caption: String)] = []
    ) throws -> PostMortem {
        guard let window = scan.incidentWindow, let errors = scan.errorLines(in: window) else {
            throw DraftError(
                description:
                    "no incident window: the error rate never stands out from its baseline; narrow the logs with --from/--to or check their levels"
            )
        }
        func logEvidence(_ position: LinePosition) -> EvidenceReference {
            if let record = position.record { return EvidenceReference(message: record) }
            return EvidenceReference(file: sources.logFiles[position.file], line: position.line)
        }
        func chatEvidence(_ message: ChatMessage) -> EvidenceReference {
            // `file:line` (a transcript's or a Mattermost export's line; `#n` marks a reply on it).
            let id = message.id.split(separator: "#", maxSplits: 1).first.map(String.init) ?? message.id
            if let colon = id.lastIndex(of: ":"), let line = Int(id[id.index(after: colon)...]) {
                return EvidenceReference(file: String(id[..<colon]), line: line)
            }
            return EvidenceReference(message: "\(message.service):#\(message.channel)/\(message.id)")
        }
        // A reply is shown with the thread it is in, so a thread reads together.
        var byID: [String: ChatMessage] = [:]
        for message in chat { byID[message.channel + "/" + message.id] = message }
        func place(_ message: ChatMessage) -> String {
            guard let thread = message.thread, let parent = byID[message.channel + "/" + thread] else {
                return "In #\(message.channel)"
            }
            return "In #\(message.channel), in the thread of \(parent.author)'s “\(parent.text.prefix(60))”"
        }
        func commitEvidence(_ commit: Commit) -> EvidenceReference { EvidenceReference(message: "git:\(commit.sha)") }

        let start = errors.first.time
        let end = window.end
        var timeline: [TimelineEntry] = []
        var pm = PostMortem(title: "", status: .draft)

        // Changes shortly before the start; reverts during the incident.
        let before = commits.filter { $0.time <= start && $0.time >= start - 2 * 3600 && !$0.isRevert }
        let reverts = commits.filter { $0.isRevert && $0.time >= start && $0.time <= end + 1800 }
        let culprit =
            reverts.compactMap { revert in before.first { c in revert.reverts.map { c.sha.hasPrefix($0) } ?? false } }
            .first
            ?? before.max { $0.time < $1.time }
        for commit in before.sorted(by: { $0.time < $1.time }) {
            let files = commit.files.prefix(4).joined(separator: ", ") + (commit.files.count > 4 ? ", …" : "")
            let mark =
                commit.sha == culprit?.sha
                ? " (likely trigger: the last change before the errors"
                    + (reverts.isEmpty ? "" : ", reverted during the incident") + ")" : ""
            timeline.append(
                TimelineEntry(
                    time: instant(commit.time), kind: .change,
                    text: "Commit \(commit.sha.prefix(8)) by \(commit.author): \(commit.subject)"
                        + (files.isEmpty ? "" : " [\(files)]") + mark,
                    actor: commit.author, evidence: [commitEvidence(commit)]))
        }

        // Deploys shortly before the start are changes; rollbacks during the incident mitigate.
        var deployMitigation: (time: Double, evidence: EvidenceReference)?
        for deploy in deploys.sorted(by: { $0.time < $1.time }) {
            let evidence = [EvidenceReference(file: deploy.file, line: deploy.line)]
            if deploy.isRollback, deploy.time >= start, deploy.time <= end + 1800 {
                if deployMitigation == nil { deployMitigation = (deploy.time, evidence[0]) }
                timeline.append(
                    TimelineEntry(
                        time: instant(deploy.time), kind: .mitigate, text: "Deploy: \(deploy.text)", evidence: evidence)
                )
            } else if !deploy.isRollback, deploy.time <= start, deploy.time >= start - 2 * 3600 {
                timeline.append(
                    TimelineEntry(
                        time: instant(deploy.time), kind: .change, text: "Deploy: \(deploy.text)", evidence: evidence))
            }
        }

        // The start: the first error line of the window.
        let startTemplate = scan.miner.template(errors.first.template).text
        timeline.append(
            TimelineEntry(
                time: instant(start), kind: .start,
                text: "Error rate rises above its baseline; first error: \(startTemplate)",
                evidence: [logEvidence(errors.first.position)]))

        // What is new in the window.
        let newTemplates = scan.miner.templates.filter { t in
            scan.firstSeen[t.id].map { $0 >= window.start - 60 && $0 < end } ?? false
        }.sorted { ($1.count, $0.id) < ($0.count, $1.id) }.prefix(5)
        for template in newTemplates {
            guard let seen = scan.firstSeen[template.id], let line = scan.firstLine[template.id] else { continue }
            let errorCount = scan.templateErrors[template.id] ?? 0
            timeline.append(
                TimelineEntry(
                    time: instant(seen), kind: .note,
                    text: "New log message: `\(template.text)` (\(template.count) lines, \(errorCount) errors)",
                    evidence: [logEvidence(line)]))
        }

        // Chat around the incident: the first message after the start, and messages that say something.
        let talk = chat.filter { $0.time >= start - 300 && $0.time <= end + 1800 }
        var detected: Double?
        var mitigated: Double?
        if let first = talk.first(where: { $0.time >= start }) {
            detected = first.time
            timeline.append(
                TimelineEntry(
                    time: instant(first.time), kind: kind(of: first) == .alert ? .alert : .detect,
                    text: "First chat message after the start, in #\(first.channel): “\(first.text.prefix(160))”",
                    actor: first.author, evidence: [chatEvidence(first)]))
        }
        // Follow-up work asked for in chat, during the incident or the day after: candidate
        // action items, each citing its message; such a message is no event of the timeline.
        var requests: [ActionItem] = []
        var requestMessages = Set<String>()
        for message in chat where message.time >= start - 300 && message.time <= end + 86400 {
            let candidates = ChatRequests.candidates(in: message.text)
            if !candidates.isEmpty { requestMessages.insert(message.channel + "/" + message.id) }
            for candidate in candidates {
                requests.append(
                    ActionItem(
                        title: "\(candidate) (asked for in chat by \(message.author): \(chatEvidence(message)))",
                        owner: "TODO"))
            }
        }
        for message in talk where message.time > (detected ?? .infinity) {
            guard !requestMessages.contains(message.channel + "/" + message.id), let kind = kind(of: message) else {
                continue
            }
            if kind == .mitigate, mitigated == nil { mitigated = message.time }
            timeline.append(
                TimelineEntry(
                    time: instant(message.time), kind: kind,
                    text: "\(place(message)): “\(message.text.prefix(160))”",
                    actor: message.author, evidence: [chatEvidence(message)]))
        }
        // A revert or rollback deploy is when the change was undone (chat only says it is under
        // way); the impact stops when its rollout lands and the error rate falls, minutes later.
        let undoes =
            reverts.map { (time: $0.time, evidence: commitEvidence($0)) } + [deployMitigation].compactMap { $0 }
        if let (undone, undoEvidence) = undoes.min(by: { $0.time < $1.time }) {
            mitigated = undone
            if let fall = errorRateFall(after: undone, in: scan, window: window) {
                mitigated = fall.time
                timeline.append(
                    TimelineEntry(
                        time: instant(fall.time), kind: .mitigate,
                        text:
                            "Error rate falls to \(fall.errors) a minute (peak \(window.peakErrorsPerMinute), baseline \(window.baselineErrorsPerMinute)) from \(clock(fall.time)) UTC, \(Int(((fall.time - undone) / 60).rounded())) min after the change was undone at \(clock(undone)) UTC: the impact stops here",
                        evidence: [undoEvidence]))
            }
        }
        for revert in reverts {
            timeline.append(
                TimelineEntry(
                    time: instant(revert.time), kind: .mitigate,
                    text: "Revert \(revert.sha.prefix(8)) by \(revert.author): \(revert.subject)", actor: revert.author,
                    evidence: [commitEvidence(revert)]))
        }

        // The end: errors back at the baseline after the last error of the window.
        timeline.append(
            TimelineEntry(
                time: instant(errors.last.time), kind: .resolve,
                text:
                    "Last error of the incident window; errors back at the baseline of \(window.baselineErrorsPerMinute) per minute after \(clock(end)) UTC",
                evidence: [logEvidence(errors.last.position)]))

        pm.timeline = timeline.sorted { ($0.time?.date ?? .distantPast) < ($1.time?.date ?? .distantPast) }
        pm.started = instant(start)
        pm.detected = detected.map(instant)
        pm.mitigated = mitigated.map(instant)
        pm.resolved = instant(errors.last.time)
        pm.inferred =
            ["started", "resolved"] + (detected == nil ? [] : ["detected"]) + (mitigated == nil ? [] : ["mitigated"])
        let headline = newTemplates.first?.text ?? startTemplate
        pm.title = "Draft: \(headline) from \(clock(start)) UTC"
        pm.id = "draft-" + instant(start).localDate.description
        let errorTotal = (Int(window.start / 60)..<Int(window.end / 60)).reduce(0) {
            $0 + (scan.minutes[$1]?.errors ?? 0)
        }
        pm.summary = """
            TODO: summarise what happened and who was affected.
            The logs show \(errorTotal) errors between \(clock(window.start)) and \(clock(end)) UTC (peak \(window.peakErrorsPerMinute) a minute against a baseline of \(window.baselineErrorsPerMinute); confidence \((window.confidence * 100).rounded() / 100)).
            """
        pm.impact.notes = "TODO: users or customers affected, data affected, services, error budget consumed."
        pm.timelineNotes =
            "Drafted by `debrief draft` from the evidence; every entry cites its source. Times are UTC. Check each entry and add what the evidence cannot show."
        if let culprit {
            pm.rootCause.trigger =
                "TODO: confirm. The last change before the errors was commit \(culprit.sha.prefix(8)) (“\(culprit.subject)”)"
                + (reverts.isEmpty ? "." : ", and it was reverted during the incident.")
        }
        pm.rootCause.text = "TODO: the systemic cause, not a person."
        pm.rootCause.whys = [Why(question: "TODO: why did it fail?", answer: "TODO")]
        pm.actionItems =
            requests.isEmpty
            ? [ActionItem(title: "TODO: an action that prevents or detects a recurrence", owner: "TODO")] : requests
        if !requests.isEmpty { pm.inferred.append("actionItems") }
        pm.lessons = Lessons(wentWell: ["TODO"], wentPoorly: ["TODO"], gotLucky: ["TODO"])
        pm.attachments = charts.map { Attachment(path: $0.path, caption: $0.caption) }
        return pm
    }
}
