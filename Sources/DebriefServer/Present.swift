import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation

/// Model values as template data: strings ready to print, flags for sections.
enum Present {
    static func date(_ date: Date?) -> String {
        guard let date else { return "" }
        let instant = Instant(date: date, offset: 0)
        return String(instant.iso8601.replacingOccurrences(of: "T", with: " ").prefix(16)) + " UTC"
    }

    static func day(_ date: Date) -> String { String(Instant(date: date, offset: 0).iso8601.prefix(10)) }

    static func duration(_ seconds: TimeInterval?) -> String { seconds.map(formatDuration) ?? "—" }

    static func url(_ id: String) -> String {
        "/incidents/" + percentEncoded(id, keeping: "-_.")
    }

    /// A value for a URL query: everything but letters and digits percent-encoded.
    static func query(_ value: String) -> String {
        percentEncoded(value, keeping: "")
    }

    /// `value`'s UTF-8 with every byte but ASCII letters, digits and `keeping` written `%XX`.
    static func percentEncoded(_ value: String, keeping: StaticString) -> String {
        let kept = UnsafeBufferPointer(start: keeping.utf8Start, count: keeping.utf8CodeUnitCount)
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.append(byte)
            case _ where kept.contains(byte):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Diff lines for the diff and conflict pages: kind (same, added, removed), sign and text.
    static func diffLines(_ changes: [LineDiff.Change]) -> [DiffLine] {
        changes.map { change in
            switch change {
            case .same(let text): DiffLine(kind: "same", sign: " ", text: text)
            case .added(let text): DiffLine(kind: "added", sign: "+", text: text)
            case .removed(let text): DiffLine(kind: "removed", sign: "−", text: text)
            }
        }
    }

    static func approvals(_ review: Review) -> [ApprovalRow] {
        review.approvals.map {
            ApprovalRow(reviewer: $0.reviewer, date: $0.date?.description ?? "", decision: $0.decision.rawValue)
        }
    }

    static func summary(_ s: IncidentSummary) -> IncidentRow {
        IncidentRow(
            id: s.id, url: url(s.id), title: s.title, status: s.status.rawValue, severity: s.severity?.rawValue ?? "—",
            severityClass: s.severity?.rawValue.lowercased() ?? "none", kind: s.kind?.rawValue ?? "",
            services: s.services.joined(separator: ", "), started: date(s.started), restricted: s.restricted,
            demo: s.demo, openActions: s.openActions, ttd: duration(s.timeToDetect), ttr: duration(s.timeToResolve),
            version: s.version)
    }

    /// An action item as every page shows it (owner and due date "—" when unset).
    static func actionItem(_ item: ActionItem, index: Int, today: LocalDate) -> PostMortemBody.ActionItemRow {
        .init(
            index: index, title: item.title, owner: item.owner ?? "—", due: item.due?.description ?? "—",
            priority: item.priority?.rawValue ?? "", type: item.type?.rawValue ?? "", status: item.status.rawValue,
            overdue: item.isOverdue(on: today), link: safeLink(item.link) ?? "", closed: item.closed?.description ?? "",
            late: item.doneOnTime == false && item.closed != nil)
    }

    /// An action item on the board or the dashboard, with its post-mortem.
    static func action(_ row: ActionRow, today: LocalDate) -> ActionLine {
        let item = actionItem(row.item, index: row.index, today: today)
        return ActionLine(
            pm: row.postMortem, pmURL: url(row.postMortem), pmTitle: row.postMortemTitle,
            pmVersion: row.postMortemVersion, index: item.index, title: item.title, owner: item.owner, due: item.due,
            priority: item.priority, status: item.status, overdue: item.overdue, link: item.link,
            key: "\(row.postMortem)|\(row.index)|\(row.postMortemVersion)")
    }

    /// Only http(s) links are made clickable; anything else (javascript:, data:) is dropped.
    static func safeLink(_ link: String?) -> String? {
        guard let link, let scheme = URL(string: link)?.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return nil }
        return link
    }

    static func finding(_ f: Finding) -> FindingRow {
        FindingRow(rule: f.rule, severity: f.severity.rawValue, message: f.message, line: f.line)
    }

    static func instant(_ instant: Instant?) -> String {
        guard let instant else { return "" }
        return instant.iso8601
    }

    /// Everything the post-mortem page shows about the model, with `findings`.
    static func postMortem(_ pm: PostMortem, today: LocalDate, version: Int = 0, findings: [Finding] = [])
        -> PostMortemBody
    {
        let metrics = IncidentMetrics(pm)
        let inferred = Set(pm.inferred)
        func key(_ name: String, _ value: Instant?) -> PostMortemBody.InstantRow {
            .init(
                name: name, value: value.map { String($0.iso8601) } ?? "—",
                inferred: inferred.contains(name.lowercased()))
        }
        func html(_ markdown: String?) -> String { markdown.map(HTMLRenderer.markdown) ?? "" }
        let cause = pm.rootCause
        let lessons = pm.lessons
        return PostMortemBody(
            id: pm.id, title: pm.title, status: pm.status.rawValue, severity: pm.severity?.rawValue ?? "—",
            severityClass: pm.severity?.rawValue.lowercased() ?? "none", kind: pm.kind?.rawValue ?? "—",
            services: pm.services.joined(separator: ", "), tags: pm.tags.joined(separator: ", "),
            authors: pm.authors.joined(separator: ", "), commander: pm.commander ?? "—",
            reviewers: pm.reviewers.joined(separator: ", "), restricted: pm.restricted,
            instants: [key("Started", pm.started), key("Detected", pm.detected)]
                + (pm.reported.map { [key("Reported", $0)] } ?? [])
                + [key("Mitigated", pm.mitigated), key("Resolved", pm.resolved)],
            ttd: duration(metrics.timeToDetect), ttm: duration(metrics.timeToMitigate),
            ttr: duration(metrics.timeToResolve), summaryHTML: html(pm.summary), impactHTML: impactHTML(pm.impact),
            timeline: pm.timeline.map { entry in
                .init(
                    time: entry.time.map { String($0.iso8601) } ?? "", kind: entry.kind.rawValue,
                    textHTML: HTMLRenderer.markdown(entry.text), actor: entry.actor ?? "",
                    evidence: entry.evidence.map(\.description).joined(separator: "; "))
            },
            hasTimeline: !pm.timeline.isEmpty || pm.timelineNotes != nil, timelineNotesHTML: html(pm.timelineNotes),
            whysNotesHTML: html(cause.whysNotes), factorsNotesHTML: html(cause.factorsNotes),
            actionNotesHTML: html(pm.actionNotes), detectionMethod: pm.detection.method?.rawValue ?? "",
            detectionHTML: html(pm.detection.notes),
            hasDetection: pm.detection.method != nil || pm.detection.notes != nil,
            responseHTML: html(pm.response),
            links: pm.links.map { .init(title: $0.title.isEmpty ? $0.url : $0.title, url: safeLink($0.url) ?? "") },
            hasLinks: !pm.links.isEmpty, extraMetadata: pm.extraMetadata ?? "", triggerHTML: html(cause.trigger),
            rootCauseHTML: html(cause.text),
            whys: cause.whys.enumerated().map { .init(n: $0 + 1, question: $1.question, answer: $1.answer) },
            hasWhys: !cause.whys.isEmpty || cause.whysNotes != nil,
            factors: cause.factors.map { .init(category: $0.category?.rawValue ?? "", text: $0.text) },
            hasFactors: !cause.factors.isEmpty || cause.factorsNotes != nil,
            actions: pm.actionItems.enumerated().map { actionItem($1, index: $0, today: today) },
            hasActions: !pm.actionItems.isEmpty || pm.actionNotes != nil, wentWell: lessons.wentWell,
            wentPoorly: lessons.wentPoorly, gotLucky: lessons.gotLucky, lessonsHTML: html(lessons.notes),
            hasWentWell: !lessons.wentWell.isEmpty, hasWentPoorly: !lessons.wentPoorly.isEmpty,
            hasGotLucky: !lessons.gotLucky.isEmpty, hasLessons: !lessons.isEmpty, approvals: approvals(pm.review),
            extraSections: pm.extraSections.map {
                .init(heading: $0.heading, bodyHTML: HTMLRenderer.markdown($0.body))
            },
            version: version, findings: findings.map(finding), hasFindings: !findings.isEmpty)
    }

    static func impactHTML(_ impact: Impact) -> String {
        var parts: [String] = []
        if let users = impact.users { parts.append("<li>Users affected: \(users)</li>") }
        if let customers = impact.customers { parts.append("<li>Customers affected: \(customers)</li>") }
        if let data = impact.data { parts.append("<li>Data: \(HTMLRenderer.escape(data))</li>") }
        if let personal = impact.personalData { parts.append("<li>Personal data: \(personal ? "yes" : "no")</li>") }
        if !impact.services.isEmpty {
            parts.append("<li>Services: \(HTMLRenderer.escape(impact.services.joined(separator: ", ")))</li>")
        }
        if let budget = impact.sloBudget { parts.append("<li>Error budget: \(HTMLRenderer.escape(budget))</li>") }
        if let duration = impact.statedDuration {
            parts.append("<li>Duration (as stated): \(HTMLRenderer.escape(duration))</li>")
        }
        if let cost = impact.cost { parts.append("<li>Cost: \(HTMLRenderer.escape(cost))</li>") }
        if let notified = impact.notified {
            parts.append("<li>Notified: \(HTMLRenderer.escape(notified.iso8601))</li>")
        }
        var html = parts.isEmpty ? "" : "<ul>" + parts.joined() + "</ul>"
        if let notes = impact.notes { html += HTMLRenderer.markdown(notes) }
        return html
    }

    /// A search snippet: escaped as `HTMLRenderer.escape` does, with the store's match markers
    /// turned into `<mark>`, in one pass.
    static func snippet(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 64)
        for c in text.unicodeScalars {
            if c == markStart {
                out += "<mark>"
            } else if c == markEnd {
                out += "</mark>"
            } else {
                HTMLRenderer.appendEscaped(c, to: &out)
            }
        }
        return out
    }

    private static let markStart = SearchHit.markStart.unicodeScalars.first
    private static let markEnd = SearchHit.markEnd.unicodeScalars.first
}
