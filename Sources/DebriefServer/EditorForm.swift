import DebriefCore
import DebriefFormat
import Foundation

/// The structured editor: a post-mortem to form fields and form fields back onto it. Parts
/// the form does not show (extra sections, links, attachments, review) are kept as they were.
enum EditorForm {
    static let blankTimelineRows = 3
    static let blankActionRows = 2

    /// Template data for the form.
    static func values(_ pm: PostMortem) -> [String: Any] {
        func rows<T>(_ items: [T], blank: Int, _ make: (T?) -> [String: Any]) -> [[String: Any]] {
            let filled: [[String: Any]] = items.map { item in make(item) }
            let empty: [[String: Any]] = (0..<blank).map { _ in make(nil) }
            return filled + empty
        }
        func options<T: RawRepresentable & CaseIterable & Equatable>(_ all: T.AllCases, _ selected: T?)
            -> [[String: Any]] where T.RawValue == String
        {
            all.map { option -> [String: Any] in ["value": option.rawValue, "selected": selected == option] }
        }
        return [
            "id": pm.id, "title": pm.title, "severities": options(Severity.allCases, pm.severity),
            "kinds": options(IncidentKind.allCases, pm.kind), "services": pm.services.joined(separator: ", "),
            "tags": pm.tags.joined(separator: ", "), "authors": pm.authors.joined(separator: ", "),
            "commander": pm.commander ?? "", "reviewers": pm.reviewers.joined(separator: ", "),
            "restricted": pm.restricted, "started": Present.instant(pm.started),
            "detected": Present.instant(pm.detected),
            "mitigated": Present.instant(pm.mitigated), "resolved": Present.instant(pm.resolved),
            "summary": pm.summary ?? "", "impact": pm.impact.notes ?? "", "trigger": pm.rootCause.trigger ?? "",
            "rootCause": pm.rootCause.text ?? "",
            "timeline": rows(pm.timeline, blank: blankTimelineRows) { entry in
                [
                    "time": Present.instant(entry?.time), "text": entry?.text ?? "",
                    "kinds": options(TimelineKind.allCases, entry?.kind ?? (entry == nil ? nil : .note)),
                ]
            },
            "whys": rows(pm.rootCause.whys, blank: 1) { ["question": $0?.question ?? "", "answer": $0?.answer ?? ""] },
            "factors": rows(pm.rootCause.factors, blank: 1) { factor in
                ["text": factor?.text ?? "", "categories": options(FactorCategory.allCases, factor?.category)]
            },
            "actions": rows(pm.actionItems, blank: blankActionRows) { item in
                [
                    "title": item?.title ?? "", "owner": item?.owner ?? "", "due": item?.due?.description ?? "",
                    "link": item?.link ?? "", "priorities": options(Priority.allCases, item?.priority),
                    "statuses": options(ActionStatus.allCases, item?.status ?? .open),
                ]
            },
            "wentWell": pm.lessons.wentWell.joined(separator: "\n"),
            "wentPoorly": pm.lessons.wentPoorly.joined(separator: "\n"),
            "gotLucky": pm.lessons.gotLucky.joined(separator: "\n"), "lessonsNotes": pm.lessons.notes ?? "",
        ]
    }

    /// Applies the form to `base`; returns the edited post-mortem or the problems, each naming
    /// its field or row.
    static func apply(_ form: Form, to base: PostMortem) -> (PostMortem, [String]) {
        var pm = base
        var problems: [String] = []
        func list(_ name: String) -> [String] {
            (form[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        func lines(_ name: String) -> [String] {
            (form[name] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        pm.title = form["title"] ?? ""
        if pm.title.isEmpty { problems.append("Title: a post-mortem needs a title") }
        if pm.title.count > 300 { problems.append("Title: at most 300 characters") }
        pm.severity = form["severity"].flatMap(Severity.init(rawValue:))
        pm.kind = form["kind"].flatMap(IncidentKind.init(rawValue:))
        pm.services = list("services")
        pm.tags = list("tags")
        pm.authors = list("authors")
        pm.commander = form["commander"]
        pm.reviewers = list("reviewers")
        pm.restricted = form["restricted"] != nil
        func instant(_ name: String, _ label: String, context: TimeContext) -> Instant? {
            guard let text = form[name] else { return nil }
            guard let parsed = TimeParser.parse(text, context: context)?.start else {
                problems.append("\(label): '\(text)' is not a time; write 2026-10-14T09:12Z or 2026-10-14 09:12 +02:00")
                return nil
            }
            return parsed
        }
        let utc = TimeContext(offset: 0)
        pm.started = instant("started", "Started", context: utc)
        let dayContext = TimeContext(date: pm.started?.localDate, offset: pm.started?.offset ?? 0)
        pm.detected = instant("detected", "Detected", context: dayContext)
        pm.mitigated = instant("mitigated", "Mitigated", context: dayContext)
        pm.resolved = instant("resolved", "Resolved", context: dayContext)
        pm.inferred = []
        pm.summary = form["summary"]
        pm.impact.notes = form["impact"]
        pm.rootCause.trigger = form["trigger"]
        pm.rootCause.text = form["rootCause"]

        let times = form.all("t_time")
        let kinds = form.all("t_kind")
        let texts = form.all("t_text")
        pm.timeline = []
        for row in 0..<min(times.count, kinds.count, texts.count) {
            let text = texts[row].trimmingCharacters(in: .whitespacesAndNewlines)
            let timeText = times[row].trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty || !timeText.isEmpty else { continue }
            var time: Instant?
            if !timeText.isEmpty {
                time = TimeParser.parse(timeText, context: dayContext)?.start
                if time == nil { problems.append("Timeline row \(row + 1): '\(timeText)' is not a time") }
            }
            let kind = TimelineKind(rawValue: kinds[row]) ?? .note
            let old = base.timeline.first { $0.text == text }
            pm.timeline.append(
                TimelineEntry(time: time, kind: kind, text: text, actor: old?.actor, evidence: old?.evidence ?? []))
        }
        pm.timeline.sort { ($0.time?.date ?? .distantFuture) < ($1.time?.date ?? .distantFuture) }

        pm.rootCause.whys = zip(form.all("w_q"), form.all("w_a")).compactMap { q, a in
            let question = q.trimmingCharacters(in: .whitespacesAndNewlines)
            let answer = a.trimmingCharacters(in: .whitespacesAndNewlines)
            return question.isEmpty && answer.isEmpty ? nil : Why(question: question, answer: answer)
        }
        pm.rootCause.factors = zip(form.all("f_cat"), form.all("f_text")).compactMap { category, text in
            let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return body.isEmpty ? nil : ContributingFactor(category: FactorCategory(rawValue: category), text: body)
        }

        let titles = form.all("a_title")
        let owners = form.all("a_owner")
        let dues = form.all("a_due")
        let priorities = form.all("a_priority")
        let statuses = form.all("a_status")
        let links = form.all("a_link")
        pm.actionItems = []
        for row in 0..<titles.count {
            let title = titles[row].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !title.isEmpty else { continue }
            func field(_ values: [String]) -> String? {
                guard row < values.count else { return nil }
                let value = values[row].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            var due: LocalDate?
            if let text = field(dues) {
                due = LocalDate(iso: text)
                if due == nil { problems.append("Action item \(row + 1): due '\(text)' is not a date (YYYY-MM-DD)") }
            }
            pm.actionItems.append(
                ActionItem(
                    title: title, owner: field(owners), due: due,
                    priority: field(priorities).flatMap(Priority.init(rawValue:)),
                    type: base.actionItems.first { $0.title == title }?.type,
                    status: field(statuses).flatMap(ActionStatus.init(rawValue:)) ?? .open, link: field(links)))
        }
        pm.lessons.wentWell = lines("wentWell")
        pm.lessons.wentPoorly = lines("wentPoorly")
        pm.lessons.gotLucky = lines("gotLucky")
        pm.lessons.notes = form["lessonsNotes"]
        problems += SizeLimits.standard.violations(of: pm).map(problem)
        return (pm, problems)
    }

    /// A size-limit violation as the form shows it: `Summary: 2.7 MB is too long…`.
    static func problem(_ violation: SizeLimits.Violation) -> String {
        violation.field.prefix(1).uppercased() + violation.field.dropFirst() + ": " + violation.message
    }
}
