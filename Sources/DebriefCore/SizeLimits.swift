/// How large a post-mortem and each of its fields may be. A post-mortem is read by people:
/// a field longer than a long chapter is pasted by mistake or sent to do harm, and once
/// stored it makes every page, search and download that touches it slow or impossible.
/// Every write (the parser, the editor, the API, the store) checks these before keeping
/// anything, so whatever was stored can always be opened again.
public struct SizeLimits: Sendable, Equatable {
    /// The longest title, in characters.
    public var titleCharacters: Int
    /// The longest single field (a prose section, a timeline row, a list entry), in UTF-8 bytes.
    public var fieldBytes: Int
    /// The most rows in one list (timeline entries, action items, whys, factors, sections).
    public var rows: Int
    /// The largest whole post-mortem, as canonical Markdown, in UTF-8 bytes.
    public var documentBytes: Int

    public init(
        titleCharacters: Int = 300, fieldBytes: Int = 64 * 1024, rows: Int = 2_000,
        documentBytes: Int = 2 * 1024 * 1024
    ) {
        self.titleCharacters = titleCharacters
        self.fieldBytes = fieldBytes
        self.rows = rows
        self.documentBytes = documentBytes
    }

    /// The limits every write path applies.
    public static let standard = SizeLimits()

    /// A field over its limit: which one (`title`, `summary`, `timeline[3].text`), in the form a
    /// person can find it by, and why.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        /// The field's path in the model: a section key, or `list[index].field` (1-based index).
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }

        public var description: String { "\(field): \(message)" }
    }

    /// Every field of `pm` over its limit, in document order; empty when it may be stored.
    public func violations(of pm: PostMortem) -> [Violation] {
        var found: [Violation] = []
        func text(_ field: String, _ value: String?) {
            guard let value else { return }
            let bytes = value.utf8.count
            if bytes > fieldBytes {
                found.append(
                    Violation(
                        field: field,
                        message: "\(Self.size(bytes)) is too long; a field holds at most \(Self.size(fieldBytes))"))
            }
        }
        func texts(_ field: String, _ values: [String]) {
            rowCount(field, values.count)
            for (i, value) in values.enumerated() { text("\(field)[\(i + 1)]", value) }
        }
        func rowCount(_ field: String, _ count: Int) {
            if count > rows {
                found.append(Violation(field: field, message: "\(count) rows; at most \(rows) are kept"))
            }
        }
        if pm.title.contains(where: \.isNewline) {
            found.append(Violation(field: "title", message: "a title is one line; it holds a line break"))
        }
        if pm.title.count > titleCharacters {
            found.append(
                Violation(
                    field: "title", message: "\(pm.title.count) characters; a title holds at most \(titleCharacters)"))
        }
        text("id", pm.id)
        texts("services", pm.services)
        texts("tags", pm.tags)
        texts("authors", pm.authors)
        text("commander", pm.commander)
        texts("reviewers", pm.reviewers)
        text("summary", pm.summary)
        text("impact", pm.impact.notes)
        text("impact.data", pm.impact.data)
        text("impact.duration", pm.impact.statedDuration)
        text("impact.sloBudget", pm.impact.sloBudget)
        text("impact.cost", pm.impact.cost)
        texts("impact.services", pm.impact.services)
        rowCount("timeline", pm.timeline.count)
        for (i, entry) in pm.timeline.enumerated() {
            text("timeline[\(i + 1)].text", entry.text)
            text("timeline[\(i + 1)].actor", entry.actor)
            texts("timeline[\(i + 1)].evidence", entry.evidence.map(\.description))
        }
        text("timeline notes", pm.timelineNotes)
        text("trigger", pm.rootCause.trigger)
        text("root cause", pm.rootCause.text)
        rowCount("whys", pm.rootCause.whys.count)
        for (i, why) in pm.rootCause.whys.enumerated() {
            text("whys[\(i + 1)].question", why.question)
            text("whys[\(i + 1)].answer", why.answer)
        }
        text("five whys notes", pm.rootCause.whysNotes)
        rowCount("factors", pm.rootCause.factors.count)
        for (i, factor) in pm.rootCause.factors.enumerated() { text("factors[\(i + 1)]", factor.text) }
        text("factors notes", pm.rootCause.factorsNotes)
        text("detection", pm.detection.notes)
        text("response", pm.response)
        texts("lessons.wentWell", pm.lessons.wentWell)
        texts("lessons.wentPoorly", pm.lessons.wentPoorly)
        texts("lessons.gotLucky", pm.lessons.gotLucky)
        text("lessons notes", pm.lessons.notes)
        rowCount("actions", pm.actionItems.count)
        for (i, item) in pm.actionItems.enumerated() {
            text("actions[\(i + 1)].title", item.title)
            text("actions[\(i + 1)].owner", item.owner)
            text("actions[\(i + 1)].link", item.link)
        }
        text("action notes", pm.actionNotes)
        rowCount("attachments", pm.attachments.count)
        for (i, attachment) in pm.attachments.enumerated() {
            text("attachments[\(i + 1)].path", attachment.path)
            text("attachments[\(i + 1)].caption", attachment.caption)
        }
        rowCount("links", pm.links.count)
        for (i, link) in pm.links.enumerated() {
            text("links[\(i + 1)].title", link.title)
            text("links[\(i + 1)].url", link.url)
        }
        texts("review.attendees", pm.review.attendees)
        rowCount("sections", pm.extraSections.count)
        for section in pm.extraSections {
            text("section \"\(section.heading.prefix(60))\" heading", section.heading)
            text("section \"\(section.heading.prefix(60))\"", section.body)
        }
        text("front matter", pm.extraMetadata)
        return found
    }

    /// The whole document's violation, given its canonical Markdown size.
    public func documentViolation(bytes: Int) -> Violation? {
        guard bytes > documentBytes else { return nil }
        return Violation(
            field: "document",
            message: "\(Self.size(bytes)) is too large; a post-mortem holds at most \(Self.size(documentBytes))")
    }

    /// `2.8 MB`, `64 KB`, `812 bytes`.
    public static func size(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024 {
            let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
            return "\(tenths / 10).\(tenths % 10) MB"
        }
        if bytes >= 1024 { return "\((bytes + 512) / 1024) KB" }
        return "\(bytes) bytes"
    }
}
