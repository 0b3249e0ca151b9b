import DebriefCore
import Foundation

/// Reads a post-mortem from Markdown with YAML front matter, canonical or hand-written.
///
/// Canonical files read back exactly (`parse(render(m)) == m`). Hand-written ones are read
/// tolerantly: heading synonyms, timelines as tables, bullets or plain lines, times in many
/// notations; whatever is not understood is kept verbatim so no word is lost.
public enum PostMortemParser {
    /// Parses the bytes of a file; throws `ParseError` with file:line:column for unreadable input.
    public static func parse(data: Data, path: String, limits: ParseLimits = ParseLimits()) throws -> SourceDocument {
        let lines = try SourceLines.split(data, path: path, limits: limits)
        var parser = DocumentParser(path: path, rawLines: lines, limits: limits)
        return try parser.run()
    }

    /// Parses text already in memory.
    public static func parse(_ text: String, path: String = "<input>", limits: ParseLimits = ParseLimits()) throws
        -> SourceDocument
    {
        try parse(data: Data(text.utf8), path: path, limits: limits)
    }
}

/// One run of the parser over one file.
struct DocumentParser {
    let path: String
    let rawLines: [String]
    let limits: ParseLimits
    var pm = PostMortem()
    var map = SourceMap()
    var diagnostics: [Diagnostic] = []
    var context = TimeContext()
    var documentLines: [DocumentLine] = []
    /// The standard sections the body has headings for.
    var sectionsInBody: Set<SectionKey> = []

    init(path: String, rawLines: [String], limits: ParseLimits = ParseLimits()) {
        self.path = path
        self.rawLines = JiraWiki.isJiraWiki(rawLines) ? rawLines.map(JiraWiki.markdown) : rawLines
        self.limits = limits
    }

    mutating func run() throws -> SourceDocument {
        var bodyStart = 0
        if let first = rawLines.first, first.trimmedWhitespace() == "---" {
            guard
                let close = rawLines.indices.dropFirst().first(where: {
                    let t = rawLines[$0].trimmedWhitespace()
                    return t == "---" || t == "..."
                })
            else {
                throw ParseError(
                    file: path, line: 1, message: "front matter opened with '---' is never closed with '---'")
            }
            let yaml = rawLines[1..<close].joined(separator: "\n")
            guard yaml.utf8.count <= limits.maxFrontMatterBytes else {
                throw ParseError(
                    file: path, line: 2,
                    message:
                        "front matter is \(SizeLimits.size(yaml.utf8.count)); at most \(SizeLimits.size(limits.maxFrontMatterBytes)) is read"
                )
            }
            var reader = FrontMatterReader(path: path, firstLine: 2, map: map)
            if let node = try reader.compose(yaml) {
                try reader.read(node, into: &pm)
            }
            map = reader.map
            context = reader.context
            for i in 0...close {
                documentLines.append(DocumentLine(number: i + 1, text: rawLines[i], role: .frontMatter, section: nil))
            }
            bodyStart = close + 1
        }
        map.bodyStart = SourceLocation(line: bodyStart + 1)
        let body = rawLines[bodyStart...].enumerated().map { Line(number: bodyStart + $0.offset + 1, text: $0.element) }
        let structure = MarkdownStructure(body)
        readBody(structure)
        if pm.id.isEmpty { pm.id = Slug.make(fromPath: path, title: pm.title, started: pm.started) }
        if let violation = limits.sizes.violations(of: pm).first {
            let at = location(of: violation.field)
            throw ParseError(file: path, line: at.line, column: at.column, message: violation.description)
        }
        return SourceDocument(
            path: path, postMortem: pm, sourceMap: map, lines: documentLines, diagnostics: diagnostics)
    }

    /// Where a field named by `SizeLimits` was read from, as near as the source map knows.
    func location(of field: String) -> SourceLocation {
        let head = String(field.prefix { $0 != "[" && $0 != "." && $0 != " " })
        let index = field.firstIndex(of: "[").flatMap { open in
            Int(field[field.index(after: open)...].prefix { $0.isNumber })
        }.map { $0 - 1 }
        switch head {
        case "timeline": return index.map(map.timelineEntry) ?? map.section(.timeline)
        case "actions", "action": return index.map(map.actionItem) ?? map.section(.actionItems)
        case "factors": return index.map(map.factor) ?? map.section(.contributingFactors)
        case "whys", "five":
            return index.map { $0 < map.whys.count ? map.whys[$0] : map.section(.fiveWhys) }
                ?? map.section(.fiveWhys)
        case "root": return map.section(.rootCause)
        case "lessons": return map.section(.lessons)
        case "section", "sections", "document": return map.bodyStart
        case "front": return SourceLocation(line: 2)
        default:
            // A section (`summary`, `impact`), else a front-matter key (`services`, `commander`).
            return SectionKey(rawValue: head).flatMap { map.sections[$0] } ?? map.metadata[head] ?? map.bodyStart
        }
    }

    // MARK: Sections

    /// A run of body lines under one heading.
    struct Part {
        var heading: Heading?
        var target: Synonyms.HeadingTarget?
        var range: Range<Int>
    }

    mutating func readBody(_ s: MarkdownStructure) {
        var headings = s.headings
        var titleEnd = 0
        if let first = headings.first, first.level == 1,
            s.lines[..<first.index].allSatisfy({ $0.isBlank })
        {
            if pm.title.isEmpty { pm.title = first.text }
            titleEnd = first.index + first.lineCount
            headings.removeFirst()
            if first.text != pm.title {
                // Two titles: keep the body's one as text, nothing lost.
                pm.extraSections.append(Section(heading: first.text, body: "", after: nil))
            }
        }
        // A plain-text report's first line, standing alone and short, is its title.
        if pm.title.isEmpty, titleEnd == 0, headings.first?.level != 1,
            !documentLines.contains(where: { $0.role == .frontMatter }),
            let first = s.lines.indices.first(where: { !s.lines[$0].isBlank }),
            first + 1 == s.lines.count || s.lines[first + 1].isBlank, headings.first.map({ $0.index > first }) ?? true,
            Self.looksLikeTitle(s.lines[first].trimmed), s.roles[first] == .prose
        {
            pm.title = s.lines[first].trimmed
            titleEnd = first + 1
        }
        let sectionLevel = headings.map(\.level).min() ?? 2
        var parts: [Part] = []
        var preambleEnd = s.lines.count
        for heading in headings {
            let target = Synonyms.heading(heading.text)
            guard heading.level <= sectionLevel || target != nil else { continue }
            if parts.isEmpty { preambleEnd = heading.index }
            if let last = parts.indices.last { parts[last].range = parts[last].range.lowerBound..<heading.index }
            parts.append(
                Part(heading: heading, target: target, range: (heading.index + heading.lineCount)..<s.lines.count))
        }
        // Record each line's role and section for the text rules.
        var sectionOfLine = [SectionKey?](repeating: nil, count: s.lines.count)
        for part in parts {
            let key: SectionKey? =
                switch part.target {
                case .section(let k): k
                case .wentWell, .wentPoorly, .gotLucky: .lessons
                case nil: nil
                }
            for i in part.range { sectionOfLine[i] = key }
            if let h = part.heading { sectionOfLine[h.index] = key }
        }
        for (i, line) in s.lines.enumerated() {
            documentLines.append(
                DocumentLine(number: line.number, text: line.text, role: s.roles[i], section: sectionOfLine[i]))
        }
        // A preamble line only fills a section the body does not have: the body's own section
        // would replace it, and its words would be lost.
        sectionsInBody = Set(parts.compactMap { if case .section(let key) = $0.target { key } else { nil } })
        readPreamble(s, titleEnd..<max(titleEnd, preambleEnd))
        // "On Tuesday, 10 March 2026, our API …": with no date given as a field, the first date
        // written under the title is the day the timeline's times are on.
        if context.date == nil {
            context.date = TimeParser.findIncidentDate(in: s.lines[titleEnd..<max(titleEnd, preambleEnd)].map(\.text))
        }
        // A section of timed lines is a timeline whatever its heading ("What happened"), when
        // the document has no timeline of its own; its heading is kept.
        // (A timeline heading with nothing under it does not count: canonical Markdown leaves
        // it out, and the next reading must come to the same model.)
        // (A timeline of nothing but punctuation, `|` and `-`, is not one either: canonical
        // Markdown has nothing to write for it.)
        let hasTimeline = parts.contains {
            $0.target == .section(.timeline) && s.lines[$0.range].contains(where: Self.hasWords)
        }
        var lastKnown: SectionKey?
        var bodies: [SectionKey: [Line]] = [:]
        var order: [SectionKey] = []
        for part in parts {
            let lines = Array(s.lines[part.range])
            let location = SourceLocation(line: part.heading.map { s.lines[$0.index].number } ?? 1)
            switch part.target {
            case .section(let key):
                if map.sections[key] == nil { map.sections[key] = location }
                if bodies[key] == nil { order.append(key) }
                bodies[key, default: []].append(contentsOf: lines)
                if key == .timeline, let heading = part.heading,
                    let zone = TimeParser.findZone(in: heading.text, regions: true)
                {
                    context.offset = zone.offset(on: context.date)
                    context.zone = zone.name
                }
                lastKnown = key
            case .wentWell, .wentPoorly, .gotLucky:
                if map.sections[.lessons] == nil { map.sections[.lessons] = location }
                readLessonList(lines, target: part.target!)
                lastKnown = .lessons
            case nil:
                // (At any level: such a part is a section of the document, written at level 2
                // as one; a sub-heading kept in a field's or the preamble's text is never a part
                // of canonical Markdown, which writes it inside a section or escaped.)
                if !hasTimeline, !(bodies[.timeline]?.contains(where: Self.hasWords) ?? false),
                    let heading = part.heading,
                    !heading.text.isEmpty, Self.isTimed(lines)
                {
                    pm.extraSections.append(Section(heading: part.heading?.text ?? "", body: "", after: lastKnown))
                    if map.sections[.timeline] == nil { map.sections[.timeline] = location }
                    if bodies[.timeline] == nil { order.append(.timeline) }
                    bodies[.timeline, default: []].append(contentsOf: lines)
                    lastKnown = .timeline
                    continue
                }
                pm.extraSections.append(
                    Section(heading: part.heading?.text ?? "", body: Self.verbatim(lines), after: lastKnown))
            }
        }
        for key in order { readSection(key, bodies[key]!, structure: s) }
    }

    /// Whether most lines of a section start with a clock time: at least two, and at least half
    /// of the lines with text.
    static func isTimed(_ lines: [Line]) -> Bool {
        var timed = 0
        var text = 0
        for line in lines where !line.isBlank {
            text += 1
            let body = MarkdownStructure.listItem(line.trimmed)?.body ?? line.trimmed
            var undecorated = body.drop { "*`[_".contains($0) }
            if undecorated.hasPrefix("At ") { undecorated = undecorated.dropFirst(3) }
            if let first = undecorated.first, first.isNumber,
                let expression = TimeParser.parse(undecorated), expression.hasTime
            {
                timed += 1
            }
        }
        return timed >= 2 && timed * 2 >= text
    }

    /// A short line of words that is not a field, an item, a table row, a time or a date.
    static func looksLikeTitle(_ text: String) -> Bool {
        guard text.count <= 120, text.split(separator: " ").count <= 14, keyValue(text) == nil,
            !MarkdownStructure.isListItem(text), let first = text.first, first.isLetter,
            !text.hasSuffix("."), TimeParser.parseDateLine(text) == nil
        else { return false }
        return true
    }

    /// The lines as written, without blank lines at either end.
    static func verbatim(_ lines: [Line]) -> String {
        var slice = lines[...]
        while let f = slice.first, f.isBlank { slice = slice.dropFirst() }
        while let l = slice.last, l.isBlank { slice = slice.dropLast() }
        return slice.map(\.text).joined(separator: "\n")
    }

    static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    mutating func readSection(_ key: SectionKey, _ lines: [Line], structure: MarkdownStructure) {
        switch key {
        case .summary: pm.summary = Self.nonEmpty(Self.verbatim(lines))
        case .impact: pm.impact.notes = Self.nonEmpty(Self.verbatim(lines))
        case .trigger: pm.rootCause.trigger = Self.nonEmpty(Self.verbatim(lines))
        case .rootCause: pm.rootCause.text = Self.nonEmpty(Self.verbatim(lines))
        case .detection: pm.detection.notes = Self.nonEmpty(Self.verbatim(lines))
        case .response: readResponse(lines)
        case .timeline: readTimeline(lines)
        case .actionItems: readActionItems(lines)
        case .fiveWhys: readWhys(lines)
        case .contributingFactors: readFactors(lines)
        case .lessons: readLessons(lines)
        case .attachments: readAttachments(lines)
        case .links: readLinks(lines)
        }
    }

    // MARK: Preamble ("Key: value" lines under the title, Google SRE style)

    mutating func readPreamble(_ s: MarkdownStructure, _ range: Range<Int>) {
        var kept: [Line] = []
        var i = range.lowerBound
        while i < range.upperBound {
            let line = s.lines[i]
            if s.roles[i] == .tableHeader, i + 1 < range.upperBound {
                var end = i + 2
                while end < range.upperBound, s.roles[end] == .prose, s.lines[end].trimmed.hasPrefix("|") { end += 1 }
                kept += readFieldTable(Array(s.lines[i..<end]))
                i = end
                continue
            }
            guard s.roles[i] == .prose, let (key, value) = Self.keyValue(line.trimmed) else {
                kept.append(line)
                i += 1
                continue
            }
            // The value may go on over the next lines until a blank line or the next key.
            var valueLines = [value]
            var j = i + 1
            while j < range.upperBound, !s.lines[j].isBlank, s.roles[j] == .prose,
                Self.keyValue(s.lines[j].trimmed) == nil
            {
                valueLines.append(s.lines[j].trimmed)
                j += 1
            }
            let text = valueLines.joined(separator: "\n")
            if applyPreambleField(key, text, line: line.number) {
                i = j
            } else {
                kept.append(contentsOf: s.lines[i..<j])
                i = j
            }
        }
        let text = LineEscapes.outsideCode(Self.verbatim(kept), LineEscapes.unescapePreamble)
        if !text.isEmpty { pm.extraSections.insert(Section(heading: "", body: text, after: nil), at: 0) }
    }

    /// Whether a line holds a letter or a digit.
    static func hasWords(_ line: Line) -> Bool { line.text.contains { $0.isLetter || $0.isNumber } }

    /// Header names of a two-column table of fields, as Confluence and Google Docs export
    /// an incident's properties (`| Field | Value |`).
    static let fieldTableHeaders: Set<String> = ["field", "key", "property", "attribute", "name", "item", ""]

    /// Reads a two-column table of fields under the title (`| Severity | SEV2 |`), each row as
    /// a preamble field; returns the lines that stay as text: the rows not read, under their
    /// header (the first row left becomes the header when the header row was itself a field).
    mutating func readFieldTable(_ lines: [Line]) -> [Line] {
        guard lines.count >= 2 else { return lines }
        let header = MarkdownStructure.cells(lines[0].trimmed)
        let rows = lines.dropFirst(2).map { ($0, MarkdownStructure.cells($0.trimmed)) }
        guard header.count == 2, rows.allSatisfy({ $0.1.count == 2 }) else { return lines }
        let headerIsLabels = Self.fieldTableHeaders.contains(Synonyms.normalizedHeading(header[0]))
        func apply(_ cells: [String], _ line: Line) -> Bool {
            let key = cells[0].trimmedWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "*_:"))
            let value = cells[1].trimmedWhitespace()
            guard !value.isEmpty, Self.keyValue(key + ": " + value) != nil else { return false }
            return applyPreambleField(key, value, line: line.number)
        }
        let headerRead = !headerIsLabels && apply(header, lines[0])
        let left = rows.filter { !apply($0.1, $0.0) }.map(\.0)
        if !headerIsLabels && !headerRead { return [lines[0], lines[1]] + left }
        guard let first = left.first else { return [] }
        if headerIsLabels { return [lines[0], lines[1]] + left }
        let columns = MarkdownStructure.cells(first.trimmed).count
        let separator = Line(number: lines[1].number, text: "|" + String(repeating: " --- |", count: columns))
        return [first, separator] + left.dropFirst()
    }

    /// `Key: value` with a short key (`Root Causes: …`, `**Date:** …`).
    static func keyValue(_ text: String) -> (String, String)? {
        var t = Substring(text)
        var boldKey = false
        if t.hasPrefix("**") {
            t = t.dropFirst(2)
            boldKey = true
        }
        guard let colon = t.firstIndex(of: ":") else { return nil }
        var key = String(t[..<colon])
        var rest = t[t.index(after: colon)...]
        if boldKey {
            if key.hasSuffix("**") {
                key = String(key.dropLast(2))
            } else if rest.hasPrefix("**") {
                rest = rest.dropFirst(2)
            } else {
                return nil
            }
        }
        let words = key.split(separator: " ")
        guard (1...4).contains(words.count), key.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" }) else {
            return nil
        }
        let value = rest.trimmedWhitespace()
        guard !value.isEmpty else { return nil }
        return (key, value)
    }

    /// Applies a preamble field; false when it is not one Debrief models (the line is kept).
    mutating func applyPreambleField(_ key: String, _ value: String, line: Int) -> Bool {
        let normalized = Synonyms.normalizedHeading(key)
        let location = SourceLocation(line: line)
        switch normalized {
        case "date", "incident date", "date of incident", "day of incident":
            if let date = TimeParser.parseDateLine(value) {
                if context.date == nil { context.date = date.date }
                if context.offset == nil, let zone = date.zone {
                    context.offset = zone.offset(on: date.date)
                    context.zone = zone.name
                }
            }
            return false
        case "tz", "timezone", "time zone", "zone", "times":
            if context.offset == nil, let zone = TimeParser.findZone(in: value) {
                context.offset = zone.offset(on: context.date)
                context.zone = zone.name
            }
            return false
        case "start time", "started", "start", "began", "incident start", "end time", "ended", "end", "resolved",
            "resolution time", "incident end", "detect time", "detected", "detection time", "detected at":
            let field =
                ["end time", "ended", "end", "resolved", "resolution time", "incident end"].contains(normalized)
                ? "resolved" : normalized.hasPrefix("detect") ? "detected" : "started"
            guard let expression = TimeParser.parse(value, context: context),
                expression.consumed == value.trimmedWhitespace().unicodeScalars.count, expression.hasDate,
                let instant = expression.start
            else { return false }
            switch field {
            case "resolved":
                guard pm.resolved == nil else { return false }
                pm.resolved = instant
            case "detected":
                guard pm.detected == nil else { return false }
                pm.detected = instant
            default:
                guard pm.started == nil else { return false }
                pm.started = instant
                // As `started:` in front matter does: the day of the times that have none.
                if context.date == nil { context.date = instant.localDate }
            }
            map.metadata[field] = location
            return true
        case "title", "incident", "incident title":
            guard pm.title.isEmpty else { return false }
            pm.title = value.split(whereSeparator: \.isNewline).joined(separator: " ")
            map.metadata["title"] = location
            return true
        case "authors", "author", "written by", "owners", "owner", "prepared by", "postmortem owner",
            "post-mortem owner", "document owner", "report owner":
            guard pm.authors.isEmpty else { return false }
            pm.authors = Self.names(value)
            map.metadata["authors"] = location
            return true
        case "severity", "sev":
            guard pm.severity == nil, let severity = Severity(loose: value) else { return false }
            pm.severity = severity
            map.metadata["severity"] = location
            return true
        case "incident commander", "commander", "ic", "incident lead", "incident manager", "lead":
            guard pm.commander == nil else { return false }
            pm.commander = value.hasPrefix("@") ? String(value.dropFirst()) : value
            return true
        case "services", "service", "affected services":
            guard pm.services.isEmpty else { return false }
            pm.services = Self.names(value)
            return true
        default:
            guard case .section(let key) = Synonyms.heading(key),
                [.summary, .impact, .trigger, .rootCause, .detection, .response].contains(key),
                !sectionsInBody.contains(key)
            else { return false }
            if map.sections[key] == nil { map.sections[key] = location }
            let existing: String? =
                switch key {
                case .summary: pm.summary
                case .impact: pm.impact.notes
                case .trigger: pm.rootCause.trigger
                case .rootCause: pm.rootCause.text
                case .detection: pm.detection.notes
                default: pm.response
                }
            guard existing == nil else { return false }
            readSection(key, [Line(number: line, text: value)], structure: MarkdownStructure([]))
            return true
        }
    }

    /// Splits "jennifer, martym and agoogler" into names.
    static func names(_ text: String) -> [String] {
        text.replacingOccurrences(of: " and ", with: ",").split(separator: ",")
            .map { $0.trimmedWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "@")) }
            .filter { !$0.isEmpty }
    }

    // MARK: Lists and tables

    /// Splits section lines into tables, list items and leftover prose (kept verbatim).
    struct Blocks {
        var tables: [Table] = []
        var items: [ListBlock.Item] = []
        var prose: [Line] = []
        /// Where each table or item starts, to keep their mutual order.
        var order: [(isTable: Bool, index: Int)] = []
    }

    static func blocks(_ lines: [Line]) -> Blocks {
        var result = Blocks()
        var i = 0
        var fence = FenceTracker()
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmed
            let inFence = fence.isCode(line.text)
            if !inFence, trimmed.hasPrefix("|"), i + 1 < lines.count,
                MarkdownStructure.isTableSeparator(lines[i + 1].trimmed)
            {
                var table = Table(header: MarkdownStructure.cells(trimmed), rows: [])
                i += 2
                while i < lines.count, lines[i].trimmed.hasPrefix("|") {
                    table.rows.append((lines[i].number, MarkdownStructure.cells(lines[i].trimmed)))
                    i += 1
                }
                result.order.append((true, result.tables.count))
                result.tables.append(table)
                continue
            }
            if !inFence, let (marker, body) = MarkdownStructure.listItem(trimmed) {
                let column = line.indent + 1
                var item = ListBlock.Item(
                    line: line.number, column: column, marker: marker, text: body, continuation: [],
                    nested: line.indent >= 2)
                i += 1
                // Continuation: indented non-blank lines that are not items at the same level.
                while i < lines.count, !lines[i].isBlank, lines[i].indent > line.indent,
                    MarkdownStructure.listItem(lines[i].trimmed) == nil
                {
                    item.continuation.append(lines[i].text)
                    i += 1
                }
                result.order.append((false, result.items.count))
                result.items.append(item)
                continue
            }
            result.prose.append(line)
            i += 1
        }
        return result
    }

    /// Which column of a table holds what, by header synonyms.
    static func columns(_ header: [String], _ synonyms: [String: [String]]) -> [String: Int] {
        var found: [String: Int] = [:]
        for (index, cell) in header.enumerated() {
            let name = Synonyms.normalizedHeading(cell)
            for (field, names) in synonyms where found[field] == nil && names.contains(name) {
                found[field] = index
                break
            }
        }
        return found
    }

    // MARK: Lessons

    mutating func readLessonList(_ lines: [Line], target: Synonyms.HeadingTarget) {
        let blocks = Self.blocks(lines)
        let items = blocks.items.map(\.joined)
        switch target {
        case .wentWell: pm.lessons.wentWell += items
        case .wentPoorly: pm.lessons.wentPoorly += items
        default: pm.lessons.gotLucky += items
        }
        // Everything that is not a list item stays as notes: prose and tables alike.
        var itemLines = Set<Int>()
        for item in blocks.items { itemLines.formUnion(item.line...(item.line + item.continuation.count)) }
        appendNotes(Self.verbatim(lines.filter { !itemLines.contains($0.number) }), to: &pm.lessons.notes)
    }

    mutating func readLessons(_ lines: [Line]) {
        // Sub-headings inside the section split it into the three lists.
        var current: Synonyms.HeadingTarget?
        var chunk: [Line] = []
        func flush(_ parser: inout DocumentParser) {
            if let current {
                parser.readLessonList(chunk, target: current)
            } else {
                // Text directly under "Lessons learned", with no sub-heading, is kept as it is:
                // prose, items and tables alike.
                parser.appendNotes(Self.verbatim(chunk), to: &parser.pm.lessons.notes)
            }
            chunk = []
        }
        var fence = FenceTracker()
        for line in lines {
            // (A heading indented four spaces is code, and only the three lesson lists split it.)
            if !fence.isCode(line.text), line.indent < 4, let (_, text) = MarkdownStructure.atxHeading(line.trimmed),
                let target = Synonyms.heading(text), [.wentWell, .wentPoorly, .gotLucky].contains(target)
            {
                flush(&self)
                current = target
                continue
            }
            chunk.append(line)
        }
        flush(&self)
    }

    func appendNotes(_ text: String, to notes: inout String?) {
        guard !text.isEmpty else { return }
        notes = notes.map { $0 + "\n\n" + text } ?? text
    }

    /// Notes of a list section (timeline, whys, factors, action items), with the escapes the
    /// canonical form puts on lines that look like entries taken off (`LineEscapes`).
    func appendListNotes(_ lines: [Line], to notes: inout String?) {
        appendNotes(LineEscapes.outsideCode(Self.verbatim(lines), LineEscapes.unescapeNote), to: &notes)
    }

    // MARK: Attachments and links

    /// `[caption](target)` or `![caption](target)` as the whole text.
    static func markdownLink(_ text: String) -> (String, String)? {
        var t = Substring(text.trimmedWhitespace())
        if t.hasPrefix("!") { t = t.dropFirst() }
        guard t.hasPrefix("["), t.hasSuffix(")"), let close = t.range(of: "](") else { return nil }
        let caption = t[t.index(after: t.startIndex)..<close.lowerBound]
        let target = t[close.upperBound..<t.index(before: t.endIndex)]
        guard !target.contains(" "), !caption.contains("]") else { return nil }
        return (String(caption), String(target))
    }

    mutating func readAttachments(_ lines: [Line]) {
        let blocks = Self.blocks(lines)
        let parsed = blocks.items.compactMap { Self.markdownLink($0.joined) }
        guard parsed.count == blocks.items.count, blocks.tables.isEmpty, Self.verbatim(blocks.prose).isEmpty else {
            pm.extraSections.append(
                Section(heading: SectionKey.attachments.heading, body: Self.verbatim(lines), after: .lessons))
            return
        }
        pm.attachments += parsed.map { Attachment(path: $0.1, caption: $0.0) }
    }

    mutating func readLinks(_ lines: [Line]) {
        let blocks = Self.blocks(lines)
        let parsed = blocks.items.compactMap { Self.markdownLink($0.joined) }
        guard parsed.count == blocks.items.count, blocks.tables.isEmpty, Self.verbatim(blocks.prose).isEmpty else {
            pm.extraSections.append(Section(heading: "Links", body: Self.verbatim(lines), after: .attachments))
            return
        }
        pm.links += parsed.map { Link(title: $0.0, url: $0.1) }
    }
}

/// Builds ids from titles and file names.
public enum Slug {
    /// Lower-case words joined by hyphens: `Checkout API outage!` → `checkout-api-outage`.
    public static func make(_ text: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in text.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar), scalar.isASCII {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        return String(slug.prefix(80))
    }

    /// The file's stem when it has one, else the start date and the title.
    static func make(fromPath path: String, title: String, started: Instant?) -> String {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if path != "<input>", !stem.isEmpty, stem != "-" { return make(stem) }
        let date = started.map { $0.localDate.description + "-" } ?? ""
        return make(date + title)
    }
}

/// Jira and Confluence wiki markup, as exported descriptions are written: `h2. Timeline`
/// headings and `#` numbered items. A file that is plainly wiki markup (no front matter, at
/// least two `hN.` headings, one of them first) is read line for line as the Markdown it
/// means, so line numbers stay those of the file.
enum JiraWiki {
    static func isJiraWiki(_ lines: [String]) -> Bool {
        guard let first = lines.first(where: { !$0.trimmedWhitespace().isEmpty })?.trimmedWhitespace(),
            first != "---", heading(first) != nil
        else { return false }
        return lines.lazy.filter { heading($0.trimmedWhitespace()) != nil }.prefix(2).count == 2
    }

    /// `h2. Timeline` as (2, "Timeline").
    static func heading(_ trimmed: String) -> (Int, Substring)? {
        let chars = Array(trimmed.prefix(4))
        guard chars.count == 4, chars[0] == "h", let level = chars[1].wholeNumberValue, (1...6).contains(level),
            chars[2] == ".", chars[3] == " "
        else { return nil }
        return (level, trimmed.dropFirst(4))
    }

    static func markdown(_ line: String) -> String {
        let trimmed = line.trimmedWhitespace()
        if let (level, text) = heading(trimmed) { return String(repeating: "#", count: level) + " " + text }
        // "# item", "## nested item": numbered items.
        let hashes = trimmed.prefix { $0 == "#" }.count
        if hashes > 0, trimmed.dropFirst(hashes).first == " " {
            return String(repeating: "   ", count: hashes - 1) + "1. " + trimmed.dropFirst(hashes + 1)
        }
        return line
    }
}
