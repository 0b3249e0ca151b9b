import DebriefCore
import Foundation

extension DocumentParser {
    // MARK: Timeline

    static let timelineColumns: [String: [String]] = [
        "time": ["time", "timestamp", "when", "at", "hour", "time utc", "clock"],
        "datetime": ["date/time", "datetime", "date & time", "date and time", "date time"],
        "date": ["date", "day"],
        "text": [
            "event", "events", "description", "what happened", "what", "details", "activity", "action", "update",
            "message", "summary", "entry", "notes", "note",
        ],
        "actor": ["actor", "who", "owner", "by", "person", "author", "responder"],
        "kind": ["kind", "type", "category", "phase"],
        "evidence": ["evidence", "source", "sources", "link", "links", "ref", "reference", "references", "citation"],
    ]

    /// Reads timeline entries from tables, bullets and plain `14:02 text` lines, in order.
    mutating func readTimeline(_ lines: [Line]) {
        var timeline = TimelineState(context: context)
        if let name = context.zone, let token = TimeParser.findZone(in: name) { timeline.context.spec = token.spec }
        // "All times in Eastern Time." may stand below the table it speaks of.
        if timeline.context.zone == nil,
            let zone = lines.lazy.compactMap({ line in
                line.trimmed.hasPrefix("|") ? nil : Self.zoneLine(line.trimmed)
            }).first
        {
            timeline.setZone(zone)
        }
        var notes: [Line] = []
        var i = 0
        var fence = FenceTracker()
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmed
            if fence.isCode(line.text) {
                notes.append(line)
                i += 1
                continue
            }
            if trimmed.hasPrefix("|"), i + 1 < lines.count, MarkdownStructure.isTableSeparator(lines[i + 1].trimmed) {
                let header = MarkdownStructure.cells(trimmed)
                if let zone = header.lazy.compactMap({ TimeParser.findZone(in: $0) }).first {
                    timeline.setZone(zone)
                }
                i += 2
                var rows: [(Int, [String])] = []
                while i < lines.count, lines[i].trimmed.hasPrefix("|") {
                    rows.append((lines[i].number, MarkdownStructure.cells(lines[i].trimmed)))
                    i += 1
                }
                readTimelineTable(header: header, rows: rows, state: &timeline)
                continue
            }
            // Headings and lines that are just a date set the day for the times after them.
            let undecorated = MarkdownStructure.atxHeading(trimmed)?.1 ?? trimmed
            if let dateLine = TimeParser.parseDateLine(
                undecorated.trimmed(" -*+:"))
            {
                timeline.setDate(dateLine.date)
                if let zone = dateLine.zone { timeline.setZone(zone) }
                i += 1
                continue
            }
            let item = MarkdownStructure.listItem(trimmed)
            let isHeading = MarkdownStructure.atxHeading(trimmed) != nil
            if !isHeading,
                let entry = timelineEntry(item?.body ?? trimmed, isListItem: item != nil, line: line, state: &timeline)
            {
                var entry = entry
                i += 1
                // Indented continuation lines and sub-bullets belong to the entry.
                while i < lines.count, !lines[i].isBlank, lines[i].indent > line.indent,
                    MarkdownStructure.listItem(lines[i].trimmed) == nil || lines[i].indent >= line.indent + 2,
                    TimeParser.parse(
                        MarkdownStructure.listItem(lines[i].trimmed)?.body ?? lines[i].trimmed,
                        context: timeline.context) == nil
                {
                    let extra = MarkdownStructure.listItem(lines[i].trimmed)?.body ?? lines[i].trimmed
                    entry.text += " " + extra
                    i += 1
                }
                pm.timeline.append(entry)
                map.timeline.append(SourceLocation(line: line.number, column: line.indent + 1))
                continue
            }
            if !isHeading, let zone = Self.zoneLine(trimmed) {
                timeline.setZone(zone)
            } else if !isHeading, Self.looksTimed(trimmed) {
                // Kept word for word above the timeline, and said, so that nobody believes it was read.
                diagnostics.append(
                    Diagnostic(
                        code: "timeline/unread-line",
                        message:
                            "this line has a time but no timeline entry could be read from it; it is kept as written above the timeline",
                        location: SourceLocation(line: line.number, column: line.indent + 1)))
            }
            notes.append(line)
            i += 1
        }
        appendListNotes(notes, to: &pm.timelineNotes)
        if timeline.missingDate, let first = timeline.firstUndatedLine {
            diagnostics.append(
                Diagnostic(
                    code: "timeline/no-date",
                    message:
                        "timeline times have no date; add `date:` (or `started:`) to the front matter or a date line above them",
                    location: SourceLocation(line: first)))
        }
    }

    /// The zone a line of text says the times are in ("All times in Eastern Time.",
    /// "Timestamps are IST."); nil for a heading or a line that does not speak of times.
    static func zoneLine(_ trimmed: String) -> ZoneToken? {
        guard MarkdownStructure.atxHeading(trimmed) == nil, trimmed.lowercased().contains("times") else { return nil }
        return TimeParser.findZone(in: trimmed, regions: true)
    }

    /// True when a line holds something like a clock time (`13:50`, `13:5O`, `2 pm`, `9h30`).
    static func looksTimed(_ text: String) -> Bool {
        let scalars = Array(text.lowercased().unicodeScalars)
        for (i, c) in scalars.enumerated() where c.properties.numericType != nil && c.isASCII {
            let next = i + 1 < scalars.count ? scalars[i + 1] : " "
            let after = i + 2 < scalars.count ? scalars[i + 2] : " "
            if next == ":" || next == "h", after.isASCII, after.properties.numericType != nil || after == "o" {
                return true
            }
            var j = i + 1
            while j < scalars.count, scalars[j] == " " { j += 1 }
            if j + 1 < scalars.count, scalars[j] == "a" || scalars[j] == "p", scalars[j + 1] == "m",
                j + 2 == scalars.count || !(scalars[j + 2].properties.isAlphabetic)
            {
                return true
            }
        }
        return false
    }

    /// What the timeline reader carries from one entry to the next.
    struct TimelineState {
        var context: TimeContext
        var last: Instant?
        var missingDate = false
        var firstUndatedLine: Int?

        mutating func setZone(_ zone: ZoneToken) {
            context.offset = zone.offset(on: context.date)
            context.zone = zone.name
            context.spec = zone.spec
        }

        /// The day the following times are on. The zone's offset is found again for it
        /// (daylight saving: "Eastern Time" is -04:00 in October and -05:00 in November).
        mutating func setDate(_ date: LocalDate) {
            context.date = date
            if let spec = context.spec { context.offset = ZoneToken(spec: spec).offset(on: date) }
        }

        /// Places a parsed time on the calendar: times without a date that jump back more than
        /// 12 hours have crossed midnight.
        mutating func place(_ expression: TimeExpression, line: Int) -> (Instant?, Instant?) {
            guard var start = expression.start else { return (nil, nil) }
            var until = expression.until
            if !expression.hasDate {
                if context.date == nil {
                    missingDate = true
                    if firstUndatedLine == nil { firstUndatedLine = line }
                }
                if let last {
                    while start.date.addingTimeInterval(12 * 3600) < last.date {
                        start.date += 86400
                        until?.date += 86400
                    }
                }
            }
            last = start
            return (start, until)
        }
    }

    /// One entry from a bullet or plain line; nil when a plain line does not start with a time.
    mutating func timelineEntry(_ body: String, isListItem: Bool, line: Line, state: inout TimelineState)
        -> TimelineEntry?
    {
        var text = Substring(body)
        // A status label before the time, as status pages write updates: "**Resolved** —
        // 2026-08-14 11:52 EDT — …". It is kept in front of the text, and sets the kind when
        // it names one.
        var label: String?
        if text.hasPrefix("**"), let close = text.dropFirst(2).range(of: "**") {
            let name = text[text.index(text.startIndex, offsetBy: 2)..<close.lowerBound]
            var after = text[close.upperBound...].drop { " —–-:|".contains($0) }
            if !name.isEmpty, name.split(separator: " ").count <= 3, after.first?.isNumber == true,
                TimeParser.parse(after, context: state.context)?.hasTime == true
            {
                label = String(name)
                after = after.drop { $0 == " " }
                text = after
            }
        }
        // Narrative timelines: "At 9:37 AM PDT, an automated change …"
        // (only on a known day: a sentence of a narrative paragraph is not guessed onto 1970).
        if text.hasPrefix("At "), text.dropFirst(3).first?.isNumber == true {
            guard state.context.date != nil || state.last != nil else { return nil }
            text = text.dropFirst(3)
        }
        let leading = text.prefix(while: { "*`[_".contains($0) })
        var afterDecoration = text.dropFirst(leading.count)
        // "0702 resolver config pushed": a four-digit clock time, as terse reports write it.
        let digits = afterDecoration.prefix(while: { $0.isASCII && $0.isNumber })
        if digits.count == 4, afterDecoration.dropFirst(4).first == " ", let hour = Int(digits.prefix(2)),
            let minute = Int(digits.suffix(2)), hour < 24, minute < 60
        {
            afterDecoration = Substring(digits.prefix(2) + ":" + digits.suffix(2) + afterDecoration.dropFirst(4))
        }
        var time: Instant?
        var until: Instant?
        // A date written without its year (`Oct 21, 11:50 PM`) takes the year of the entry before.
        var context = state.context
        if context.date == nil, let last = state.last { context.date = last.localDate }
        if let expression = TimeParser.parse(afterDecoration, context: context),
            expression.hasTime || expression.start == nil
        {
            var expression = expression
            var rest = String(String.UnicodeScalarView(afterDecoration.unicodeScalars.dropFirst(expression.consumed)))
            // "08:45 UTC on 3 February 2026 – Customer impact began.": the day after the time.
            if !expression.hasDate, let (date, length) = Self.dayAfterTime(rest) {
                var dated = context
                dated.date = date
                if let again = TimeParser.parse(afterDecoration, context: dated) {
                    expression = again
                    rest = String(rest.dropFirst(length))
                }
            }
            (time, until) = state.place(expression, line: line.number)
            text = Substring(rest).drop(while: { "*`]_ \t".contains($0) })
            for separator in ["—", "–", "->", "-", ":", "|", "·", ","] where text.hasPrefix(separator) {
                text = text.dropFirst(separator.count).drop(while: { $0 == " " || $0 == "\t" })
                break
            }
        } else if !isListItem {
            return nil
        }
        var kind: TimelineKind?
        // An explicit kind: "[alert] …" or "**alert** …"
        for (open, close) in [("[", "]"), ("**", "**")] where text.hasPrefix(open) {
            let inner = text.dropFirst(open.count)
            if let end = inner.range(of: close), let k = Synonyms.timelineKind(String(inner[..<end.lowerBound])) {
                kind = k
                text = inner[end.upperBound...].drop(while: { " —–-:".contains($0) })
            }
        }
        var content = String(text).trimmedWhitespace()
        if let label {
            kind = kind ?? Synonyms.timelineKind(label)
            content = "[\(label)] " + content
        }
        return TimelineEntry(
            time: time, until: until, kind: kind ?? Synonyms.inferTimelineKind(content), text: content)
    }

    mutating func readTimelineTable(header: [String], rows: [(Int, [String])], state: inout TimelineState) {
        var columns = Self.columns(header, Self.timelineColumns)
        if columns["text"] == nil {
            columns["text"] = header.indices.first { !columns.values.contains($0) }
        }
        let used = Set(columns.values)
        for (lineNumber, cells) in rows {
            func cell(_ field: String) -> String? {
                guard let index = columns[field], index < cells.count else { return nil }
                let value = cells[index].trimmedWhitespace()
                return value.isEmpty ? nil : value
            }
            var extras: [String] = []
            var rowContext = state.context
            if let dateText = cell("date") {
                if let date = TimeParser.parseDate(Self.stripDecoration(dateText))
                    ?? TimeParser.parseDateLine(dateText)?.date
                {
                    state.setDate(date)
                    rowContext = state.context
                } else {
                    extras.append("(\(header[columns["date"]!]): \(dateText))")
                }
            }
            var time: Instant?
            var until: Instant?
            if let timeText = cell("datetime") ?? cell("time") {
                let bare = Self.stripDecoration(timeText)
                var saved = state.context
                saved.date = rowContext.date
                state.context = saved
                if let expression = TimeParser.parse(bare, context: rowContext),
                    expression.consumed == bare.unicodeScalars.count, expression.hasTime || expression.start == nil
                {
                    (time, until) = state.place(expression, line: lineNumber)
                } else {
                    extras.insert("(time: \(timeText))", at: 0)
                    diagnostics.append(
                        Diagnostic(
                            code: "timeline/unreadable-time",
                            message:
                                "'\(timeText)' is not a time Debrief can read; write 14:02, 2:02 PM or 2026-03-04T14:02:00Z",
                            location: SourceLocation(line: lineNumber)))
                }
            }
            var text = cell("text") ?? ""
            var kind: TimelineKind?
            if let kindText = cell("kind") {
                kind = Synonyms.timelineKind(kindText)
                if kind == nil { extras.append("(\(header[columns["kind"]!]): \(kindText))") }
            }
            for (index, value) in cells.enumerated() where !used.contains(index) && !value.isEmpty {
                let name = index < header.count ? header[index] : "column \(index + 1)"
                extras.append("(\(name): \(value))")
            }
            if !extras.isEmpty { text = ([text] + extras).filter { !$0.isEmpty }.joined(separator: " ") }
            let evidence =
                cell("evidence").map { value in
                    // Split on the bytes of , and ; (ASCII, never inside a multi-byte character).
                    value.utf8.split(whereSeparator: { $0 == 44 || $0 == 59 }).map {
                        EvidenceReference(parsing: Self.stripDecoration(String(Substring($0))))
                    }
                } ?? []
            pm.timeline.append(
                TimelineEntry(
                    time: time, until: until, kind: kind ?? Synonyms.inferTimelineKind(text),
                    text: Self.unescapeCell(text), actor: cell("actor").map(Self.unescapeCell), evidence: evidence))
            map.timeline.append(SourceLocation(line: lineNumber))
        }
    }

    /// "on 3 February 2026" (or "on Feb 3, 2026") at the start of the text after a time: the
    /// date and how many characters it takes.
    static func dayAfterTime(_ rest: String) -> (LocalDate, Int)? {
        let trimmed = rest.drop { $0 == " " }
        guard trimmed.lowercased().hasPrefix("on ") else { return nil }
        let words = trimmed.dropFirst(3).split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
        for count in stride(from: min(3, words.count), through: 1, by: -1) {
            let candidate = words[0..<count].joined(separator: " ")
            let clean = candidate.trimmingCharacters(in: CharacterSet(charactersIn: ",;:"))
            if let date = TimeParser.parseDate(clean) {
                return (date, rest.count - trimmed.count + 3 + candidate.count)
            }
        }
        return nil
    }

    /// Removes `**`, `` ` `` and `_` around a cell value.
    static func stripDecoration(_ text: String) -> String {
        text.trimmed("*`_ \t")
    }

    static func unescapeCell(_ text: String) -> String { text }

    // MARK: Action items

    static let actionColumns: [String: [String]] = [
        "title": [
            "action", "action item", "action items", "item", "task", "title", "description", "what", "follow-up",
            "follow up", "todo", "remediation", "repair item",
        ],
        "owner": ["owner", "owners", "assignee", "who", "responsible", "assigned to", "dri"],
        "due": ["due", "due date", "deadline", "by", "eta", "target", "target date", "when"],
        "priority": ["priority", "pri", "prio", "p", "severity"],
        "type": ["type", "category", "kind"],
        "status": ["status", "state", "done"],
        "link": ["link", "ticket", "tracker", "issue", "jira", "bug", "tracking", "url", "reference"],
        "closed": [
            "closed", "closed on", "done on", "completed", "completed on", "date done", "finished", "resolved on",
        ],
    ]

    // MARK: Response, resolution, remediation

    /// What was done stays the response's text; what is still to do is read as action items,
    /// as teams write follow-ups under "Remediation" or "Resolution and recovery" and their
    /// sub-headings ("Short term", "Prevention"): list items that are future work (a checkbox,
    /// an owner, a ticket, a due date, an imperative verb, "we will") and tables with an owner
    /// or due column. Items written as narrative ("Rolled back the config at 14:22") stay.
    mutating func readResponse(_ lines: [Line]) {
        let blocks = Self.blocks(lines)
        // Sub-headings that name plans ("Short term", "Long-term", "Prevention") make every
        // item under them future work, whatever verb it starts with.
        var planned = Set<Int>()
        var underPlan = false
        for line in lines {
            if let (_, text) = MarkdownStructure.atxHeading(line.trimmed), line.indent < 4 {
                let name = text.lowercased()
                underPlan = Self.planWords.contains { name.contains($0) }
            } else if underPlan {
                planned.insert(line.number)
            }
        }
        var taken = Set<Int>()
        var parentTaken = false
        for item in blocks.items {
            if item.nested ? parentTaken : (planned.contains(item.line) || Self.isFutureWork(item.joined)) {
                taken.formUnion(item.line...(item.line + item.continuation.count))
                if !item.nested { parentTaken = true }
            } else if !item.nested {
                parentTaken = false
            }
        }
        for table in blocks.tables {
            let columns = Self.columns(table.header, Self.actionColumns)
            guard columns["owner"] != nil || columns["due"] != nil, let first = table.rows.first?.0 else { continue }
            taken.formUnion((first - 2)...(table.rows.last?.0 ?? first))
        }
        guard !taken.isEmpty else {
            pm.response = Self.nonEmpty(Self.verbatim(lines))
            return
        }
        readActionItems(lines.filter { taken.contains($0.number) })
        pm.response = Self.nonEmpty(Self.verbatim(lines.filter { !taken.contains($0.number) }))
    }

    static let planWords = [
        "short term", "short-term", "long term", "long-term", "medium term", "medium-term", "follow", "prevent",
        "future", "next", "planned", "to do", "todo", "longer term",
    ]

    /// Verbs a follow-up starts with ("Add a canary stage", "Move pool sizes into one place").
    static let futureVerbs: Set<String> = [
        "add", "adopt", "alert", "audit", "automate", "build", "change", "clarify", "create", "define", "deprecate",
        "document", "enable", "enforce", "ensure", "evaluate", "expand", "extend", "fix", "implement", "improve",
        "increase", "introduce", "investigate", "limit", "make", "migrate", "monitor", "move", "reduce", "refactor",
        "remove", "replace", "require", "review", "revisit", "rewrite", "rotate", "run", "schedule", "set", "split",
        "standardise", "standardize", "switch", "track", "train", "update", "upgrade", "validate", "write", "block",
        "cap", "consolidate", "decouple", "deploy", "disable", "establish", "hire", "page", "publish", "retire",
        "separate", "simplify", "tighten", "test", "stream", "cache", "shard", "paginate", "throttle", "backfill",
        "pin", "gate", "route", "isolate", "encrypt", "scan", "verify", "check", "measure", "warm", "notify",
        "communicate", "share", "plan", "prioritize", "prioritise", "harden", "lower", "raise", "restrict", "ban",
    ]

    /// Whether a list item's text reads as work still to do.
    static func isFutureWork(_ text: String) -> Bool {
        let trimmed = text.trimmedWhitespace()
        let lower = trimmed.lowercased()
        if lower.hasPrefix("[ ]") || lower.hasPrefix("[x]") { return true }
        if lower.hasPrefix("we will") || lower.hasPrefix("we'll") || lower.hasPrefix("will ") { return true }
        if lower.contains("owner:") || lower.contains("owner -") || lower.contains("(owner")
            || lower.contains("assignee")
            || lower.contains("due:") || lower.contains(" due ") || lower.contains("eta:")
        {
            return true
        }
        if trimmed.contains(where: { $0 == "@" }) { return true }
        if trimmed.range(of: #"\b[A-Z][A-Z0-9]+-[0-9]+\b"#, options: .regularExpression) != nil { return true }
        let first = lower.prefix { $0.isLetter }
        return futureVerbs.contains(String(first))
    }

    mutating func readActionItems(_ lines: [Line]) {
        let blocks = Self.blocks(lines)
        for entry in blocks.order {
            if entry.isTable {
                readActionTable(blocks.tables[entry.index])
            } else {
                let item = blocks.items[entry.index]
                pm.actionItems.append(Self.actionItem(fromList: item.joined, reference: context.date))
                map.actionItems.append(SourceLocation(line: item.line, column: item.column))
            }
        }
        appendListNotes(blocks.prose, to: &pm.actionNotes)
    }

    mutating func readActionTable(_ table: Table) {
        var columns = Self.columns(table.header, Self.actionColumns)
        // A column that only numbers the rows ("#", "No.") is not part of any item.
        let numbering = table.header.indices.filter { index in
            ["", "no", "nr", "number"].contains(Synonyms.normalizedHeading(table.header[index]))
                && table.rows.allSatisfy {
                    index < $0.1.count && !$0.1[index].isEmpty && $0.1[index].allSatisfy(\.isNumber)
                }
        }
        if columns["title"] == nil {
            columns["title"] = table.header.indices.first { !columns.values.contains($0) && !numbering.contains($0) }
        }
        let used = Set(columns.values).union(numbering)
        for (lineNumber, cells) in table.rows {
            func cell(_ field: String) -> String? {
                guard let index = columns[field], index < cells.count else { return nil }
                let value = cells[index]
                return value.isEmpty ? nil : value
            }
            var extras: [String] = []
            func unread(_ field: String, _ value: String) {
                extras.append("(\(table.header[columns[field]!]): \(value))")
            }
            var item = ActionItem(title: cell("title") ?? "")
            if let owner = cell("owner") { item.owner = owner.hasPrefix("@") ? String(owner.dropFirst()) : owner }
            if let due = cell("due") {
                if let date = TimeParser.parseDate(Self.stripDecoration(due)) {
                    item.due = date
                } else if !Self.isBlankMarker(due) {
                    unread("due", due)
                }
            }
            if let closed = cell("closed") {
                if let date = TimeParser.parseDate(Self.stripDecoration(closed)) {
                    item.closed = date
                } else if !Self.isBlankMarker(closed) {
                    unread("closed", closed)
                }
            }
            if let priority = cell("priority") {
                if let p = Synonyms.priority(Self.stripDecoration(priority)) {
                    item.priority = p
                } else if !Self.isBlankMarker(priority) {
                    unread("priority", priority)
                }
            }
            if let type = cell("type") {
                if let t = Synonyms.actionType(Self.stripDecoration(type)) {
                    item.type = t
                } else if !Self.isBlankMarker(type) {
                    unread("type", type)
                }
            }
            // A "Done" column of yes and no, as checkbox columns export.
            let doneColumn = columns["status"].map { Synonyms.normalizedHeading(table.header[$0]) == "done" } ?? false
            if doneColumn, let status = cell("status"),
                let done = Self.yesNo[Self.stripDecoration(status).lowercased().trimmedWhitespace()]
            {
                item.status = done ? .done : .open
            } else if let status = cell("status") {
                if let s = Synonyms.actionStatus(Self.stripDecoration(status)) {
                    item.status = s
                } else if !Self.isBlankMarker(status) {
                    unread("status", status)
                }
            }
            item.link = cell("link").flatMap { Self.isBlankMarker($0) ? nil : $0 }
            // "BUG-4412 **DONE**": a status written beside the ticket.
            if let link = item.link, link.contains(" ") {
                var kept: [Substring] = []
                var status: ActionStatus?
                for word in link.split(separator: " ") {
                    if status == nil, let found = Synonyms.actionStatus(Self.stripDecoration(String(word))) {
                        status = found
                    } else {
                        kept.append(word)
                    }
                }
                if let status, !kept.isEmpty, cell("status") == nil {
                    item.status = status
                    item.link = kept.joined(separator: " ")
                }
            }
            for (index, value) in cells.enumerated() where !used.contains(index) && !value.isEmpty {
                let name = index < table.header.count ? table.header[index] : "column \(index + 1)"
                extras.append("(\(name): \(value))")
            }
            if !extras.isEmpty { item.title = ([item.title] + extras).filter { !$0.isEmpty }.joined(separator: " ") }
            pm.actionItems.append(item)
            map.actionItems.append(SourceLocation(line: lineNumber))
        }
    }

    static let yesNo: [String: Bool] = [
        "yes": true, "y": true, "true": true, "x": true, "[x]": true, "✓": true, "✔": true, "✅": true, "no": false,
        "n": false, "false": false, "[ ]": false, "☐": false,
    ]

    /// `-`, `n/a`, `—`: a cell that says "nothing here".
    static func isBlankMarker(_ text: String) -> Bool {
        ["-", "—", "–", "n/a", "na", "none", "tbd?"].contains(text.lowercased().trimmedWhitespace())
    }

    /// An item from a task-list or bullet line:
    /// `[ ] Add secret scanning to CI — @alice, due 2026-12-15, P1, prevent`.
    static func actionItem(fromList raw: String, reference: LocalDate? = nil) -> ActionItem {
        var text = Substring(raw)
        var status = ActionStatus.open
        if text.hasPrefix("[ ] ") {
            text = text.dropFirst(4)
        } else if text.hasPrefix("[x] ") || text.hasPrefix("[X] ") {
            status = .done
            text = text.dropFirst(4)
        }
        var body = String(text).trimmedWhitespace()
        // A bare link or ticket key at the end: "Alert on … https://git.example.com/issues/4411"
        // and a bare @handle: "Fetch certificates from the metadata URL @rahul.mehta".
        var trailingLink: String?
        var trailingOwner: String?
        while let space = body.lastIndex(of: " ") {
            let last = String(body[body.index(after: space)...])
            if trailingLink == nil, last.contains("://") || isTicketKey(last) {
                trailingLink = last
            } else if trailingOwner == nil, last.hasPrefix("@"), last.count > 1 {
                trailingOwner = String(last.dropFirst())
            } else {
                break
            }
            body = String(body[..<space]).trimmedWhitespace()
        }
        // "…, owner @runner-oncall": the word that introduced the handle goes with it.
        if trailingOwner != nil {
            for word in ["owner:", "owner", "assignee:", "assignee", "owned by"]
            where body.lowercased().hasSuffix(" " + word) {
                body = String(body.dropLast(word.count)).trimmedWhitespace()
                while let last = body.last, ",;—–-".contains(last) {
                    body = String(body.dropLast()).trimmedWhitespace()
                }
                break
            }
        }
        func finish(_ item: ActionItem) -> ActionItem {
            var item = item
            if status == .done { item.status = .done }
            if item.link == nil { item.link = trailingLink }
            if item.owner == nil { item.owner = trailingOwner }
            return item
        }
        while let last = body.last, "—–-,;".contains(last) { body = String(body.dropLast()).trimmedWhitespace() }
        // A sentence's full stop after the attributes ("… — Sam, by Nov 20.") is not part of them.
        var attributed = body
        if attributed.hasSuffix("."), !attributed.hasSuffix("..") {
            attributed = String(attributed.dropLast()).trimmedWhitespace()
        }
        // Attributes after the title, in one run or in several: "Title — Owner: @kofi — Due:
        // 2026-12-10": the longest run of trailing segments that are all attributes. After a
        // dash, the run may start with a bare name ("— Sam, by Nov 20").
        for separator in [" — ", " – ", " -- ", " - ", ", "] {
            let segments = attributed.components(separatedBy: separator)
            guard segments.count > 1 else { continue }
            for start in 1..<segments.count {
                let tail = segments[start...].joined(separator: ", ")
                if var item = actionAttributes(tail, reference: reference, bareName: separator != ", ") {
                    item.title = Self.stripDecoration(
                        segments[..<start].joined(separator: separator).trimmedWhitespace())
                    return finish(item)
                }
            }
        }
        if attributed.hasSuffix(")"), let open = attributed.range(of: " (", options: .backwards),
            var item = actionAttributes(
                String(attributed[open.upperBound..<attributed.index(before: attributed.endIndex)]),
                reference: reference, bareName: true)
        {
            item.title = String(attributed[..<open.lowerBound])
            return finish(item)
        }
        // A deadline ending the sentence: "Run a game day on indexer failure by April 30, 2026."
        for marker in [" due by ", " due ", " by "] {
            guard let range = attributed.range(of: marker, options: [.backwards, .caseInsensitive]) else { continue }
            if let due = Self.dueDate(String(attributed[range.upperBound...]), reference: reference) {
                var item = ActionItem(title: String(attributed[..<range.lowerBound]))
                item.due = due
                return finish(item)
            }
        }
        return finish(ActionItem(title: body, status: status))
    }

    /// Whether a token reads as a person's bare name: one to three capitalised words ("Sam",
    /// "Mei Lin", "J. Okafor"), none of them a month or day name.
    static func isBareName(_ token: String) -> Bool {
        let words = token.split(separator: " ")
        guard (1...3).contains(words.count) else { return false }
        return words.allSatisfy { word in
            guard let first = word.first, first.isUppercase, first.isLetter else { return false }
            if word.count == 2, word.hasSuffix(".") { return true }  // an initial
            let lower = word.lowercased()
            // "Sam", "O'Neil": capitalised, not an acronym ("API", "TBD"), not a month or a day.
            return word.allSatisfy { $0.isLetter || "'-’".contains($0) }
                && word.dropFirst().contains(where: \.isLowercase)
                && TimeParser.months[lower] == nil && !TimeParser.weekdays.contains(lower)
        }
    }

    /// A due date; one written without a year ("Nov 20") is the first such day on or after
    /// `reference`, the incident's day.
    static func dueDate(_ text: String, reference: LocalDate?) -> LocalDate? {
        if let date = TimeParser.parseDate(text) { return date }
        guard let reference, let date = TimeParser.parseDate(text, defaultYear: reference.year) else { return nil }
        if date >= reference { return date }
        let next = LocalDate(year: date.year + 1, month: date.month, day: date.day)
        return LocalDate.isValid(year: next.year, month: next.month, day: next.day) ? next : nil
    }

    /// Reads `@alice, due 2026-12-15, P1, prevent, https://…`; nil when any part is not an
    /// attribute. A due date written without a year ("by Nov 20") is the first such day on or
    /// after `reference`, the incident's day. With `bareName`, the first part may be a name
    /// written plainly ("Sam, by Nov 20"), when another part is an attribute.
    static func actionAttributes(_ text: String, reference: LocalDate? = nil, bareName: Bool = false)
        -> ActionItem?
    {
        var item = ActionItem(title: "")
        var recognized = 0
        var namedPlainly = false
        func dueDate(_ text: String) -> LocalDate? { Self.dueDate(text, reference: reference) }
        for raw in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            var token = raw.trimmedWhitespace()
            guard !token.isEmpty else { continue }
            let lower = token.lowercased()
            var key: String?
            if let colon = token.firstIndex(of: ":"), !token.contains("://") {
                key = String(lower[..<colon]).trimmedWhitespace()
                token = String(token[token.index(after: colon)...]).trimmedWhitespace()
            } else {
                for prefix in ["due by ", "due ", "by ", "owner ", "status ", "closed on ", "done on "]
                where lower.hasPrefix(prefix) {
                    key = String(prefix.dropLast()).replacingOccurrences(of: " by", with: "")
                    token = String(token.dropFirst(prefix.count))
                    break
                }
            }
            switch key {
            case "owner", "assignee", "who":
                item.owner = token.hasPrefix("@") ? String(token.dropFirst()) : token
            case "due", "by", "deadline":
                guard let date = dueDate(token) else { return nil }
                item.due = date
            case "closed", "closed on", "done on", "completed":
                guard let date = TimeParser.parseDate(token) else { return nil }
                item.closed = date
            case "priority", "pri":
                guard let p = Synonyms.priority(token) else { return nil }
                item.priority = p
            case "type":
                guard let t = Synonyms.actionType(token) else { return nil }
                item.type = t
            case "status":
                guard let s = Synonyms.actionStatus(token) else { return nil }
                item.status = s
            case "link", "ticket", "issue", "jira":
                item.link = token
            case nil:
                if token.hasPrefix("@"), token.count > 1, !token.contains(" ") {
                    item.owner = String(token.dropFirst())
                } else if let date = dueDate(token) {
                    item.due = date
                } else if let p = Priority(rawValue: token.uppercased()) {
                    item.priority = p
                } else if let t = ActionType(rawValue: lower) {
                    item.type = t
                } else if let s = Synonyms.actionStatus(token) {
                    item.status = s
                } else if token.contains("://") || markdownLink(token) != nil || isTicketKey(token) {
                    item.link = token
                } else if bareName, recognized == 0, item.owner == nil, isBareName(token) {
                    item.owner = token
                    namedPlainly = true
                } else {
                    return nil
                }
            default:
                return nil
            }
            recognized += 1
        }
        return recognized > (namedPlainly ? 1 : 0) ? item : nil
    }

    /// `OPS-123` or `#123`.
    static func isTicketKey(_ token: String) -> Bool {
        if token.hasPrefix("#") { return token.count > 1 && token.dropFirst().allSatisfy(\.isNumber) }
        let parts = token.split(separator: "-")
        return parts.count == 2 && parts[0].allSatisfy({ $0.isUppercase && $0.isLetter }) && !parts[1].isEmpty
            && parts[1].allSatisfy(\.isNumber)
    }

    // MARK: Five whys

    mutating func readWhys(_ lines: [Line]) {
        let blocks = Self.blocks(lines)
        var prose: [Line] = []
        for line in blocks.prose {
            // "Why 1: …" lines written without a list marker.
            if let why = Self.labelledWhy(line.trimmed) {
                pm.rootCause.whys.append(why)
                map.whys.append(SourceLocation(line: line.number))
            } else {
                prose.append(line)
            }
        }
        for entry in blocks.order {
            if entry.isTable {
                let table = blocks.tables[entry.index]
                let columns = Self.columns(
                    table.header,
                    [
                        "question": ["why", "question", "whys", "why?"],
                        "answer": ["because", "answer", "reason", "cause", "answers"],
                    ])
                for (lineNumber, cells) in table.rows {
                    let question = columns["question"].flatMap { $0 < cells.count ? cells[$0] : nil } ?? ""
                    let answer =
                        columns["answer"].flatMap { $0 < cells.count ? cells[$0] : nil }
                        ?? cells.enumerated().filter { $0.offset != columns["question"] }.map(\.element).joined(
                            separator: " ")
                    pm.rootCause.whys.append(Why(question: question, answer: answer))
                    map.whys.append(SourceLocation(line: lineNumber))
                }
            } else {
                let item = blocks.items[entry.index]
                pm.rootCause.whys.append(Self.why(item.joined))
                map.whys.append(SourceLocation(line: item.line, column: item.column))
            }
        }
        appendListNotes(prose, to: &pm.rootCause.whysNotes)
    }

    static func labelledWhy(_ text: String) -> Why? {
        let lower = text.lowercased().drop(while: { $0 == "*" })
        guard lower.hasPrefix("why"), lower.dropFirst(3).drop(while: { $0 == " " || $0 == "#" }).first?.isNumber == true
        else { return nil }
        return why(text)
    }

    /// `**Why …?** answer`, `Why …? answer`, `Why 2: …`, or an answer alone.
    static func why(_ raw: String) -> Why {
        var text = Substring(raw.trimmedWhitespace())
        // Drop a "Why 1:" label.
        let lower = text.lowercased()
        if lower.hasPrefix("why") || lower.hasPrefix("**why") {
            let afterWord = text.drop(while: { $0 == "*" }).dropFirst(3)
            let afterSpace = afterWord.drop(while: { $0 == " " || $0 == "#" })
            let digits = afterSpace.prefix(while: \.isNumber)
            if !digits.isEmpty {
                var rest = afterSpace.dropFirst(digits.count)
                if let c = rest.first, ":.)—–-".contains(c) {
                    rest = rest.dropFirst().drop(while: { $0 == "*" || $0 == " " })
                    if text.hasPrefix("**"), rest.hasPrefix("**") { rest = rest.dropFirst(2) }
                    text = rest.drop(while: { $0 == " " })
                }
            }
        }
        if text.hasPrefix("**"), let close = text.dropFirst(2).range(of: "**") {
            let question = text[text.index(text.startIndex, offsetBy: 2)..<close.lowerBound]
            let answer = text[close.upperBound...].drop(while: { " —–-:".contains($0) })
            return Why(question: String(question).trimmedWhitespace(), answer: String(answer))
        }
        if text.lowercased().hasPrefix("why"), let mark = text.firstIndex(of: "?") {
            let question = text[...mark]
            let answer = text[text.index(after: mark)...].drop(while: { " —–-:".contains($0) })
            return Why(question: String(question), answer: String(answer))
        }
        return Why(question: "", answer: String(text))
    }

    // MARK: Contributing factors

    mutating func readFactors(_ lines: [Line]) {
        let blocks = Self.blocks(lines)
        for entry in blocks.order {
            if entry.isTable {
                let table = blocks.tables[entry.index]
                let columns = Self.columns(
                    table.header,
                    [
                        "category": ["category", "type", "kind", "area"],
                        "text": ["factor", "description", "text", "contributing factor", "details"],
                    ])
                for (lineNumber, cells) in table.rows {
                    let categoryText = columns["category"].flatMap { $0 < cells.count ? cells[$0] : nil } ?? ""
                    var text = columns["text"].flatMap { $0 < cells.count ? cells[$0] : nil } ?? ""
                    let category = Synonyms.factorCategory(categoryText)
                    if category == nil, !categoryText.isEmpty { text += " (\(categoryText))" }
                    pm.rootCause.factors.append(ContributingFactor(category: category, text: text))
                    map.factors.append(SourceLocation(line: lineNumber))
                }
            } else {
                let item = blocks.items[entry.index]
                pm.rootCause.factors.append(Self.factor(item.joined))
                map.factors.append(SourceLocation(line: item.line, column: item.column))
            }
        }
        appendListNotes(blocks.prose, to: &pm.rootCause.factorsNotes)
    }

    /// `**monitoring** — text`, `[monitoring] text`, `monitoring: text`, or text alone.
    static func factor(_ raw: String) -> ContributingFactor {
        let text = Substring(raw)
        for (open, close) in [("**", "**"), ("[", "]"), ("`", "`")] where text.hasPrefix(open) {
            let inner = text.dropFirst(open.count)
            if let end = inner.range(of: close),
                let category = Synonyms.factorCategory(String(inner[..<end.lowerBound]))
            {
                let rest = inner[end.upperBound...].drop(while: { " —–-:".contains($0) })
                return ContributingFactor(category: category, text: String(rest))
            }
        }
        if let colon = text.firstIndex(of: ":"), let category = Synonyms.factorCategory(String(text[..<colon])) {
            return ContributingFactor(
                category: category, text: String(text[text.index(after: colon)...].drop(while: { $0 == " " })))
        }
        return ContributingFactor(category: nil, text: raw)
    }
}
