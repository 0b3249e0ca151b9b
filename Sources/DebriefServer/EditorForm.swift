import DebriefCore
import DebriefFormat
import Foundation

/// The structured editor: a post-mortem to form fields and form fields back onto it. Every
/// field of the model has a place in the form, so that opening a post-mortem and saving it
/// unchanged changes nothing. What the workflow owns (id, status, review) is not edited here.
enum EditorForm {
    static let blankTimelineRows = 3
    static let blankActionRows = 2

    /// The outcome of applying a form: the edited post-mortem, what is wrong with it, and the
    /// text typed into each field that could not be read (shown again beside its message).
    struct Outcome {
        var postMortem: PostMortem
        /// Each problem under the form field it belongs to (`started`, `t_time#2`, `a_due#0`).
        var errors: [(field: String, message: String)] = []
        /// What was typed where it could not be read, by the same keys.
        var raw: [String: String] = [:]

        var problems: [String] { errors.map(\.message) }

        mutating func problem(_ field: String, _ message: String, raw text: String? = nil) {
            errors.append((field, message))
            if let text { raw[field] = text }
        }

        func error(_ field: String) -> String {
            errors.first { $0.field == field }?.message ?? ""
        }
    }

    // MARK: Model to form

    /// The editor page: every field of the model, as typed where it could not be read.
    struct Page: Sendable {
        struct Field: Sendable {
            var value: String
            var error: String
        }
        struct TimelineRow: Sendable {
            var time: String
            var error: String
            var existing: Bool
            var text: String
            var actor: String
            var evidence: String
            var kinds: [Option]
        }
        struct WhyRow: Sendable {
            var question: String
            var answer: String
        }
        struct FactorRow: Sendable {
            var text: String
            var categories: [Option]
        }
        struct ActionRow: Sendable {
            var title: String
            var owner: String
            var due: String
            var error: String
            var link: String
            var priorities: [Option]
            var types: [Option]
            var statuses: [Option]
        }
        struct LinkRow: Sendable {
            var title: String
            var url: String
        }
        struct AttachmentRow: Sendable {
            var path: String
            var caption: String
        }
        struct SectionRow: Sendable {
            var heading: String
            var body: String
            var after: [Option]
        }

        var id: String
        var title: String
        var titleError: String
        var severities: [Option]
        var kinds: [Option]
        var services: String
        var tags: String
        var authors: String
        var commander: String
        var reviewers: String
        var restricted: Bool
        var inferred: String
        var started: Field
        var detected: Field
        var reported: Field
        var mitigated: Field
        var resolved: Field
        var summary: String
        var summaryError: String
        var impact: String
        var impactError: String
        var impactUsers: Field
        var impactCustomers: Field
        var impactData: String
        var personalOptions: [Option]
        var impactServices: String
        var impactDuration: String
        var impactSLO: String
        var impactCost: String
        var impactNotified: Field
        var trigger: String
        var rootCause: String
        var timelineNotes: String
        var timeline: [TimelineRow]
        var timelineAdd: String
        var timelineAddError: String
        var whys: [WhyRow]
        var whysNotes: String
        var factors: [FactorRow]
        var factorsNotes: String
        var detectionMethods: [Option]
        var detection: String
        var response: String
        var actions: [ActionRow]
        var actionNotes: String
        var actionsAdd: String
        var actionsAddError: String
        var wentWell: String
        var wentPoorly: String
        var gotLucky: String
        var lessonsNotes: String
        var links: [LinkRow]
        var attachments: [AttachmentRow]
        var hasAttachments: Bool
        var sections: [SectionRow]
        var extraMetadata: String
        var extraMetadataError: String
        // Set by the controller.
        var isNew = false
        var base = 0
        var action = ""
        var problems: [String] = []
        var hasProblems = false
        var preview: PostMortemBody?
    }

    /// The editor page for `outcome`, with what could not be read shown as typed.
    static func page(_ outcome: Outcome) -> Page {
        let pm = outcome.postMortem
        func value(_ key: String, _ shown: String) -> String { outcome.raw[key] ?? shown }
        func field(_ key: String, _ shown: String) -> Page.Field {
            Page.Field(value: value(key, shown), error: outcome.error(key))
        }
        func rows<T, Row>(_ items: [T], blank: Int, _ make: (T?, Int) -> Row) -> [Row] {
            items.enumerated().map { make($0.element, $0.offset) } + (0..<blank).map { make(nil, items.count + $0) }
        }
        func count(_ n: Int?) -> String { n.map(String.init) ?? "" }
        let impact = pm.impact
        let after: (SectionKey?) -> [Option] = { selected in
            [Option(value: "top", label: "the top", selected: selected == nil)]
                + SectionKey.allCases.map { Option(value: $0.rawValue, label: $0.heading, selected: selected == $0) }
        }
        return Page(
            id: pm.id, title: value("title", pm.title), titleError: outcome.error("title"),
            severities: Option.all(Severity.allCases, pm.severity), kinds: Option.all(IncidentKind.allCases, pm.kind),
            services: pm.services.joined(separator: ", "), tags: pm.tags.joined(separator: ", "),
            authors: pm.authors.joined(separator: ", "), commander: pm.commander ?? "",
            reviewers: pm.reviewers.joined(separator: ", "), restricted: pm.restricted,
            inferred: pm.inferred.joined(separator: ", "), started: field("started", Present.instant(pm.started)),
            detected: field("detected", Present.instant(pm.detected)),
            reported: field("reported", Present.instant(pm.reported)),
            mitigated: field("mitigated", Present.instant(pm.mitigated)),
            resolved: field("resolved", Present.instant(pm.resolved)), summary: pm.summary ?? "",
            summaryError: outcome.error("summary"), impact: impact.notes ?? "", impactError: outcome.error("impact"),
            impactUsers: field("i_users", count(impact.users)),
            impactCustomers: field("i_customers", count(impact.customers)), impactData: impact.data ?? "",
            personalOptions: [
                Option(value: "yes", label: "yes", selected: impact.personalData == true),
                Option(value: "no", label: "no", selected: impact.personalData == false),
            ],
            impactServices: impact.services.joined(separator: ", "), impactDuration: impact.statedDuration ?? "",
            impactSLO: impact.sloBudget ?? "", impactCost: impact.cost ?? "",
            impactNotified: field("i_notified", Present.instant(impact.notified)),
            trigger: pm.rootCause.trigger ?? "", rootCause: pm.rootCause.text ?? "",
            timelineNotes: pm.timelineNotes ?? "",
            timeline: rows(pm.timeline, blank: blankTimelineRows) { timelineRow($0, $1, outcome) },
            timelineAdd: outcome.raw["t_add"] ?? "", timelineAddError: outcome.error("t_add"),
            whys: rows(pm.rootCause.whys, blank: 1) { why, _ in
                Page.WhyRow(question: why?.question ?? "", answer: why?.answer ?? "")
            },
            whysNotes: pm.rootCause.whysNotes ?? "",
            factors: rows(pm.rootCause.factors, blank: 1) { factor, _ in
                Page.FactorRow(
                    text: factor?.text ?? "", categories: Option.all(FactorCategory.allCases, factor?.category))
            },
            factorsNotes: pm.rootCause.factorsNotes ?? "",
            detectionMethods: Option.all(DetectionMethod.allCases, pm.detection.method),
            detection: pm.detection.notes ?? "", response: pm.response ?? "",
            actions: rows(pm.actionItems, blank: blankActionRows) { item, row in
                Page.ActionRow(
                    title: item?.title ?? "", owner: item?.owner ?? "",
                    due: value("a_due#\(row)", item?.due?.description ?? ""), error: outcome.error("a_due#\(row)"),
                    link: item?.link ?? "", priorities: Option.all(Priority.allCases, item?.priority),
                    types: Option.all(ActionType.allCases, item?.type),
                    statuses: Option.all(ActionStatus.allCases, item?.status ?? .open))
            },
            actionNotes: pm.actionNotes ?? "", actionsAdd: outcome.raw["a_add"] ?? "",
            actionsAddError: outcome.error("a_add"), wentWell: pm.lessons.wentWell.joined(separator: "\n"),
            wentPoorly: pm.lessons.wentPoorly.joined(separator: "\n"),
            gotLucky: pm.lessons.gotLucky.joined(separator: "\n"), lessonsNotes: pm.lessons.notes ?? "",
            links: rows(pm.links, blank: 1) { link, _ in Page.LinkRow(title: link?.title ?? "", url: link?.url ?? "") },
            attachments: pm.attachments.map { Page.AttachmentRow(path: $0.path, caption: $0.caption) },
            hasAttachments: !pm.attachments.isEmpty,
            // A new section goes at the end unless its author says otherwise.
            sections: rows(pm.extraSections, blank: 1) { section, _ in
                Page.SectionRow(
                    heading: section?.heading ?? "", body: section?.body ?? "",
                    after: after(section.map(\.after) ?? SectionKey.allCases.last))
            },
            extraMetadata: value("extraMetadata", pm.extraMetadata ?? ""),
            extraMetadataError: outcome.error("extraMetadata"))
    }

    static func timelineRow(_ entry: TimelineEntry?, _ row: Int, _ outcome: Outcome) -> Page.TimelineRow {
        Page.TimelineRow(
            time: outcome.raw["t_time#\(row)"] ?? entry.map(MarkdownRenderer.timeCell) ?? "",
            error: outcome.error("t_time#\(row)"), existing: entry != nil, text: entry?.text ?? "",
            actor: entry?.actor ?? "", evidence: entry?.evidence.map(\.description).joined(separator: ", ") ?? "",
            kinds: Option.all(TimelineKind.allCases, entry?.kind))
    }

    // MARK: Form to model

    /// Applies the form to `base`; the outcome holds the edited post-mortem and the problems,
    /// each naming its field or row.
    static func apply(_ form: Form, to base: PostMortem) -> Outcome {
        var outcome = Outcome(postMortem: base)
        var pm = base
        func text(_ name: String) -> String? { form[name] }
        func list(_ name: String) -> [String] {
            (form[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        func lines(_ name: String) -> [String] {
            (form[name] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
        func column(_ row: Int, _ values: [String]) -> String? {
            guard row < values.count else { return nil }
            let value = values[row].trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        pm.title = text("title") ?? ""
        if pm.title.isEmpty { outcome.problem("title", "Title: a post-mortem needs a title") }
        pm.severity = text("severity").flatMap(Severity.init(rawValue:))
        pm.kind = text("kind").flatMap(IncidentKind.init(rawValue:))
        pm.services = list("services")
        pm.tags = list("tags")
        pm.authors = list("authors")
        pm.commander = text("commander")
        pm.reviewers = list("reviewers")
        pm.restricted = text("restricted") != nil

        func instant(_ name: String, _ label: String, context: TimeContext) -> Instant? {
            guard let written = text(name) else { return nil }
            guard let parsed = EditorForm.instant(written, context: context) else {
                outcome.problem(
                    name, "\(label): '\(written)' is not a time; write 2026-10-14T09:12Z or 2026-10-14 09:12 +02:00",
                    raw: written)
                return nil
            }
            return parsed
        }
        pm.started = instant("started", "Started", context: TimeContext(offset: 0))
        let day = TimeContext(date: pm.started?.localDate, offset: pm.started?.offset ?? 0)
        pm.detected = instant("detected", "Detected", context: day)
        pm.reported = instant("reported", "Reported", context: day)
        pm.mitigated = instant("mitigated", "Mitigated", context: day)
        pm.resolved = instant("resolved", "Resolved", context: day)
        // A key instant stops being "inferred" once a person changes it.
        let instants: [(String, Instant?, Instant?)] = [
            ("started", base.started, pm.started), ("detected", base.detected, pm.detected),
            ("reported", base.reported, pm.reported), ("mitigated", base.mitigated, pm.mitigated),
            ("resolved", base.resolved, pm.resolved),
        ]
        let changed = Set(instants.filter { $0.1 != $0.2 }.map(\.0))
        pm.inferred = list("inferred").filter { !changed.contains($0) }

        pm.summary = text("summary")
        pm.impact.notes = text("impact")
        func count(_ name: String, _ label: String) -> Int? {
            guard let written = text(name) else { return nil }
            guard let value = Int(written.filter { $0 != "," && $0 != "_" && $0 != " " }), value >= 0 else {
                outcome.problem(name, "\(label): '\(written)' is not a whole number", raw: written)
                return nil
            }
            return value
        }
        pm.impact.users = count("i_users", "Users affected")
        pm.impact.customers = count("i_customers", "Customers affected")
        pm.impact.data = text("i_data")
        pm.impact.personalData = text("i_personal").map { $0 == "yes" }
        pm.impact.services = list("i_services")
        pm.impact.statedDuration = text("i_duration")
        pm.impact.sloBudget = text("i_slo")
        pm.impact.cost = text("i_cost")
        pm.impact.notified = instant("i_notified", "Notified", context: day)

        pm.rootCause.trigger = text("trigger")
        pm.rootCause.text = text("rootCause")
        pm.timelineNotes = text("timelineNotes")
        pm.timeline = timeline(form, context: day, outcome: &outcome)

        pm.rootCause.whys = zip(form.all("w_q"), form.all("w_a")).compactMap { q, a in
            let question = q.trimmingCharacters(in: .whitespacesAndNewlines)
            let answer = a.trimmingCharacters(in: .whitespacesAndNewlines)
            return question.isEmpty && answer.isEmpty ? nil : Why(question: question, answer: answer)
        }
        pm.rootCause.whysNotes = text("whysNotes")
        pm.rootCause.factors = zip(form.all("f_cat"), form.all("f_text")).compactMap { category, text in
            let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return body.isEmpty ? nil : ContributingFactor(category: FactorCategory(rawValue: category), text: body)
        }
        pm.rootCause.factorsNotes = text("factorsNotes")
        pm.detection = Detection(
            method: text("d_method").flatMap(DetectionMethod.init(rawValue:)), notes: text("detection"))
        pm.response = text("response")

        let titles = form.all("a_title")
        let owners = form.all("a_owner")
        let dues = form.all("a_due")
        let priorities = form.all("a_priority")
        let types = form.all("a_type")
        let statuses = form.all("a_status")
        let links = form.all("a_link")
        pm.actionItems = []
        for row in 0..<titles.count {
            guard let title = column(row, titles) else { continue }
            var due: LocalDate?
            if let written = column(row, dues) {
                due = LocalDate(iso: written)
                if due == nil {
                    outcome.problem(
                        "a_due#\(pm.actionItems.count)",
                        "Action item \(row + 1): due '\(written)' is not a date (YYYY-MM-DD)", raw: written)
                }
            }
            pm.actionItems.append(
                ActionItem(
                    title: title, owner: column(row, owners), due: due,
                    priority: column(row, priorities).flatMap(Priority.init(rawValue:)),
                    type: column(row, types).flatMap(ActionType.init(rawValue:)),
                    status: column(row, statuses).flatMap(ActionStatus.init(rawValue:)) ?? .open,
                    link: column(row, links)))
        }
        if let added = text("a_add") {
            switch parsedRows(added, section: "Action items", started: pm.started) {
            case .success(let document) where document.actionNotes == nil:
                pm.actionItems += document.actionItems
            case .success(let document):
                outcome.problem(
                    "a_add", "New action items: could not read \(document.actionNotes ?? "")", raw: added)
            case .failure(let error):
                outcome.problem("a_add", "New action items: \(error.message)", raw: added)
            }
        }
        pm.actionNotes = text("actionNotes")

        pm.lessons.wentWell = lines("wentWell")
        pm.lessons.wentPoorly = lines("wentPoorly")
        pm.lessons.gotLucky = lines("gotLucky")
        pm.lessons.notes = text("lessonsNotes")

        pm.links = zip(form.all("l_title"), form.all("l_url")).compactMap { title, url in
            let url = url.trimmingCharacters(in: .whitespaces)
            return url.isEmpty ? nil : Link(title: title.trimmingCharacters(in: .whitespaces), url: url)
        }
        // Attachments are files uploaded beside the post-mortem: their captions are edited
        // here, and one whose path is cleared is taken off the document.
        pm.attachments = zip(form.all("at_path"), form.all("at_caption")).compactMap { path, caption in
            let path = path.trimmingCharacters(in: .whitespaces)
            return path.isEmpty ? nil : Attachment(path: path, caption: caption.trimmingCharacters(in: .whitespaces))
        }
        let headings = form.all("s_heading")
        let afters = form.all("s_after")
        let bodies = form.all("s_body")
        pm.extraSections = []
        for row in 0..<headings.count {
            let body = row < bodies.count ? bodies[row].trimmingCharacters(in: .newlines) : ""
            let heading = headings[row].trimmingCharacters(in: .whitespaces)
            guard !heading.isEmpty || !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            pm.extraSections.append(
                Section(
                    heading: heading.isEmpty ? "Notes" : heading, body: body,
                    after: row < afters.count ? SectionKey(rawValue: afters[row]) : nil))
        }
        pm.extraMetadata = extraMetadata(text("extraMetadata"), outcome: &outcome)

        outcome.errors += SizeLimits.standard.violations(of: pm).map { (Self.formField($0.field), problem($0)) }
        outcome.postMortem = pm
        return outcome
    }

    /// The timeline rows of the form, then the lines of its "add" box read as a Markdown
    /// timeline. Rows keep the order they were typed in; new ones with a time are put in
    /// place by it when nothing on the form is wrong.
    static func timeline(_ form: Form, context: TimeContext, outcome: inout Outcome) -> [TimelineEntry] {
        let times = form.all("t_time")
        let kinds = form.all("t_kind")
        let texts = form.all("t_text")
        let actors = form.all("t_actor")
        let evidence = form.all("t_evidence")
        var kept: [TimelineEntry] = []
        var added: [TimelineEntry] = []
        let existing = form.all("t_existing").count
        for row in 0..<min(times.count, kinds.count, texts.count) {
            let text = texts[row].trimmingCharacters(in: .whitespacesAndNewlines)
            let timeText = times[row].trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty || !timeText.isEmpty else { continue }
            // A row whose kind was left on "auto" gets the kind its words suggest, as on import.
            let kind = TimelineKind(rawValue: kinds[row]) ?? TimelineKind.inferred(from: text)
            var entry = TimelineEntry(time: nil, kind: kind, text: text)
            if !timeText.isEmpty, timeText != "unknown" {
                if let (time, until) = timeCell(timeText, context: context) {
                    entry.time = time
                    entry.until = until
                } else {
                    outcome.problem(
                        "t_time#\(kept.count + added.count)",
                        "Timeline row \(row + 1): '\(timeText)' is not a time; write 14:05, 2026-10-14T14:05Z or a range 14:05/14:20",
                        raw: timeText)
                }
            }
            if row < actors.count {
                let actor = actors[row].trimmingCharacters(in: .whitespaces)
                entry.actor = actor.isEmpty ? nil : actor
            }
            if row < evidence.count {
                entry.evidence = evidence[row].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }.map(EvidenceReference.init(parsing:))
            }
            if row < existing || !outcome.errors.isEmpty { kept.append(entry) } else { added.append(entry) }
        }
        if let box = form["t_add"] {
            let started = context.date.flatMap { date in
                Instant(iso8601: date.description + "T00:00:00" + Instant.offsetText(context.offset ?? 0))
            }
            switch parsedRows(box, section: "Timeline", started: started) {
            case .success(let document) where document.timelineNotes == nil:
                added += document.timeline
            case .success(let document):
                outcome.problem(
                    "t_add", "New timeline entries: could not read \(document.timelineNotes ?? "")", raw: box)
            case .failure(let error):
                outcome.problem("t_add", "New timeline entries: \(error.message)", raw: box)
            }
        }
        guard outcome.errors.isEmpty else { return kept + added }
        for entry in added {
            let place = entry.time.flatMap { time in kept.firstIndex { ($0.time?.date ?? .distantPast) > time.date } }
            kept.insert(entry, at: place ?? kept.count)
        }
        return kept
    }

    /// `2026-10-14T14:05:00Z`, `14:05` on the incident's day, or a range `start/until`.
    static func timeCell(_ text: String, context: TimeContext) -> (Instant, Instant?)? {
        // The range's slash is the first outside a zone name's brackets (`[Europe/Oslo]`).
        var depth = 0
        let slash = text.firstIndex { character in
            if character == "[" { depth += 1 } else if character == "]" { depth -= 1 }
            return character == "/" && depth == 0
        }
        let parts = (slash.map { [text[..<$0], text[text.index(after: $0)...]] } ?? [Substring(text)]).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let start = instant(parts[0], context: context) else {
            guard parts.count == 1, let range = TimeParser.parse(text, context: context), let start = range.start else {
                return nil
            }
            return (start, range.until)
        }
        guard parts.count == 2 else { return (start, nil) }
        let rest = TimeContext(date: start.localDate, offset: start.offset ?? context.offset)
        guard let until = instant(parts[1], context: rest) else { return nil }
        return (start, until)
    }

    /// The canonical form read exactly, else any time the parser understands.
    static func instant(_ text: String, context: TimeContext) -> Instant? {
        if let exact = Instant(iso8601: text) { return exact }
        guard let parsed = TimeParser.parse(text, context: context),
            parsed.consumed == text.unicodeScalars.count
        else { return nil }
        return parsed.start
    }

    /// Lines typed into an "add" box, read as the body of one Markdown section.
    static func parsedRows(_ text: String, section: String, started: Instant?) -> Result<PostMortem, ParseError> {
        var document = "---\ntitle: rows\n"
        if let started { document += "started: \(started.iso8601)\n" }
        document += "---\n\n## \(section)\n\n"
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            document += (trimmed.hasPrefix("-") || trimmed.hasPrefix("|") ? trimmed : "- " + trimmed) + "\n"
        }
        do {
            return .success(try PostMortemParser.parse(document, path: "form").postMortem)
        } catch let error as ParseError {
            return .failure(error)
        } catch {
            return .failure(ParseError(file: "form", line: 1, message: "\(error)"))
        }
    }

    /// The front-matter keys Debrief has no field for, as YAML: checked like a file's front
    /// matter, and refused when they hold a key that has its own field.
    static func extraMetadata(_ text: String?, outcome: inout Outcome) -> String? {
        guard let text else { return nil }
        do {
            let document = try PostMortemParser.parse("---\n\(text)\n---\n", path: "form")
            var known = document.postMortem
            known.extraMetadata = nil
            known.id = ""
            guard known == PostMortem(id: "") else {
                outcome.problem(
                    "extraMetadata", "Other front matter: a key there has its own field on this form; use that field",
                    raw: text)
                return nil
            }
            if document.sourceMap.metadata["id"] != nil || document.sourceMap.metadata["title"] != nil {
                outcome.problem("extraMetadata", "Other front matter: id and title are set elsewhere", raw: text)
                return nil
            }
            return document.postMortem.extraMetadata
        } catch let error as ParseError {
            outcome.problem(
                "extraMetadata", "Other front matter, line \(max(1, error.line - 1)): \(error.message)", raw: text)
            return nil
        } catch {
            outcome.problem("extraMetadata", "Other front matter: \(error)", raw: text)
            return nil
        }
    }

    /// The form field a `SizeLimits` field path is shown beside (`summary` → `summary`, `root
    /// cause` → `rootCause`); a row's path gives its list's name (`timeline[3].text` →
    /// `timeline`), so a row's message is shown in the list at the top of the form.
    static func formField(_ path: String) -> String {
        switch path {
        case "root cause": "rootCause"
        case "front matter": "extraMetadata"
        default: String(path.prefix { $0 != "[" && $0 != "." })
        }
    }

    /// A size-limit violation as the form shows it: `Summary: 2.7 MB is too long…`.
    static func problem(_ violation: SizeLimits.Violation) -> String {
        violation.field.prefix(1).uppercased() + violation.field.dropFirst() + ": " + violation.message
    }
}
