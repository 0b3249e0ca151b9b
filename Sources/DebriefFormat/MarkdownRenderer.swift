import DebriefCore

/// Writes a post-mortem as canonical Markdown: YAML front matter, then the standard sections in
/// a fixed order. `PostMortemParser` reads it back to the same model.
public enum MarkdownRenderer {
    public static func render(_ pm: PostMortem) -> String {
        var out = "---\n" + frontMatter(pm) + "---\n"
        if !pm.title.isEmpty { out += "\n# \(pm.title)\n" }
        let extrasByAnchor = Dictionary(grouping: pm.extraSections, by: { $0.after })
        for (index, extra) in (extrasByAnchor[nil] ?? []).enumerated() {
            out += extraSection(extra, underTitle: index == 0)
        }
        for key in SectionKey.allCases {
            if let body = sectionBody(key, pm), !body.isEmpty {
                // The lessons' own sub-headings are structure; their notes were kept already.
                out += "\n## \(key.heading)\n\n\(key == .lessons ? body : keepingStructure(body))\n"
            }
            for extra in extrasByAnchor[key] ?? [] { out += extraSection(extra) }
        }
        return out
    }

    static func extraSection(_ section: Section, underTitle: Bool = false) -> String {
        let body = keepingStructure(section.body)
        // Text with no heading stands under the title (the preamble); anywhere else, even after
        // another section of no known kind, it would join the section before it, so it keeps
        // the empty heading it was read under.
        if section.heading.isEmpty, section.after == nil, underTitle {
            return body.isEmpty ? "" : "\n\(preamble(body))\n"
        }
        return "\n## \(section.heading)\n" + (body.isEmpty ? "" : "\n\(body)\n")
    }

    /// The text under the title that was not read as a field: a `Key: value` line of it was
    /// kept as text, so its colon is escaped (`Severity\: high`, shown the same) and it is not
    /// taken for a field next time (`LineEscapes`).
    static func preamble(_ text: String) -> String { LineEscapes.outsideCode(text, LineEscapes.escapePreamble) }

    /// A section's text as it must be written to read back into the same section: a line of
    /// only `-` or `=` right under a line of text would turn that line into a heading (it
    /// can end up there when the lines between were read as entries), so a blank line goes
    /// before it; a heading of level 1 or 2 inside it (a sub-heading of a file whose sections
    /// were level 1) would start a section of its own, so it is written at level 3; a code
    /// fence left open is closed at the section's end. Fenced code is left alone.
    static func keepingStructure(_ body: String) -> String {
        var lines: [Substring] = []
        var fence = FenceTracker()
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }
            let trimmed = line.dropFirst(indent.count)
            let hashes = trimmed.prefix { $0 == "#" }.count
            let isHeading =
                indent.count <= 3 && hashes > 0
                && (trimmed.dropFirst(hashes).first.map { $0 == " " || $0 == "\t" } ?? true)
            if fence.isCode(line) {
                // Code is written as it is.
            } else if isHeading, Synonyms.heading(String(trimmed.dropFirst(hashes)).trimmedWhitespace()) != nil {
                // A heading named like a standard section or a part of the lessons ("What went
                // wrong"), at any level, would be read as that: it is written at level 3 at
                // most, escaped.
                lines.append(indent + "\\" + String(repeating: "#", count: max(0, 3 - hashes)) + trimmed)
                continue
            } else if !isHeading, MarkdownStructure.pseudoHeading(String(trimmed).trimmedWhitespace()) != nil {
                // A bold line or a capitalised label that would be read as a heading is escaped.
                lines.append(indent + "\\" + trimmed)
                continue
            } else if isHeading, hashes <= 2 {
                lines.append(indent + String(repeating: "#", count: 3 - hashes) + trimmed)
                continue
            } else if indent.count <= 3, let first = trimmed.first, first == "-" || first == "=",
                trimmed.trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == first }),
                let previous = lines.last, !previous.allSatisfy({ $0 == " " || $0 == "\t" })
            {
                lines.append("")
            }
            lines.append(line)
        }
        // A fence the text opens and never closes would swallow every later section.
        if let closer = fence.closer { lines.append(Substring(closer)) }
        return lines.joined(separator: "\n")
    }

    // MARK: Front matter

    static func frontMatter(_ pm: PostMortem) -> String {
        var lines: [String] = []
        func add(_ key: String, _ value: String?) {
            if let value { lines.append("\(key): \(value)") }
        }
        func addList(_ key: String, _ values: [String]) {
            if !values.isEmpty { lines.append("\(key): " + flowList(values)) }
        }
        add("id", pm.id.isEmpty ? nil : scalar(pm.id))
        add("title", scalar(pm.title))
        add("status", pm.status.rawValue)
        add("severity", pm.severity?.rawValue)
        add("kind", pm.kind?.rawValue)
        addList("services", pm.services)
        addList("tags", pm.tags)
        addList("authors", pm.authors)
        add("commander", pm.commander.map(scalar))
        addList("reviewers", pm.reviewers)
        if pm.restricted { add("restricted", "true") }
        add("started", pm.started?.iso8601)
        add("detected", pm.detected?.iso8601)
        add("reported", pm.reported?.iso8601)
        add("mitigated", pm.mitigated?.iso8601)
        add("resolved", pm.resolved?.iso8601)
        addList("inferred", pm.inferred)
        add("detection", pm.detection.method?.rawValue)
        let impact = pm.impact
        var impactLines: [String] = []
        func addImpact(_ key: String, _ value: String?) {
            if let value { impactLines.append("  \(key): \(value)") }
        }
        addImpact("users", impact.users.map(String.init))
        addImpact("customers", impact.customers.map(String.init))
        addImpact("data", impact.data.map(scalar))
        addImpact("personalData", impact.personalData.map { $0 ? "true" : "false" })
        if !impact.services.isEmpty { addImpact("services", flowList(impact.services)) }
        addImpact("duration", impact.statedDuration.map(scalar))
        addImpact("sloBudget", impact.sloBudget.map(scalar))
        addImpact("cost", impact.cost.map(scalar))
        addImpact("notified", impact.notified?.iso8601)
        if !impactLines.isEmpty { lines += ["impact:"] + impactLines }
        if !pm.review.isEmpty {
            lines.append("review:")
            if let meeting = pm.review.meeting { lines.append("  meeting: \(meeting)") }
            if !pm.review.attendees.isEmpty { lines.append("  attendees: " + flowList(pm.review.attendees)) }
            if !pm.review.approvals.isEmpty {
                lines.append("  approvals:")
                for approval in pm.review.approvals {
                    lines.append("    - reviewer: \(scalar(approval.reviewer))")
                    if let date = approval.date { lines.append("      date: \(date)") }
                    lines.append("      decision: \(approval.decision.rawValue)")
                }
            }
        }
        if let extra = pm.extraMetadata, !extra.isEmpty { lines.append(extra) }
        return lines.map { $0 + "\n" }.joined()
    }

    static let reservedWords: Set<String> = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ]

    /// A YAML scalar: plain when that reads back as the same string, else double-quoted.
    static func scalar(_ text: String) -> String {
        let looksLikeNumberOrDate = text.allSatisfy { $0.isNumber || "-:._+eE".contains($0) }
        let plainSafe =
            !text.isEmpty && (text.first!.isLetter || text.first!.isNumber) && text.last != " " && text.last != ":"
            && !looksLikeNumberOrDate && !reservedWords.contains(text.lowercased())
            && text.allSatisfy { $0.isLetter || $0.isNumber || " ._/@+-()';%,!?&*:".contains($0) }
            && !text.contains(" #") && !text.contains("  ") && !text.contains(": ")
            && text.unicodeScalars.allSatisfy { $0.isASCII }
        return plainSafe ? text : quoted(text)
    }

    /// JSON-style double quotes, which YAML reads the same way.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                // Outside YAML's printable set (and the separators and BOM readers trip on):
                // written as escapes, which YAML reads back as the same characters.
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF
                    || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func flowList(_ values: [String]) -> String {
        "["
            + values.map { value in
                let plain = scalar(value)
                return plain.contains(",") || plain.contains("[") || plain.contains("]") || plain.contains("(")
                    ? quoted(value) : plain
            }.joined(separator: ", ") + "]"
    }

    // MARK: Sections

    static func sectionBody(_ key: SectionKey, _ pm: PostMortem) -> String? {
        switch key {
        case .summary: return pm.summary
        case .impact: return pm.impact.notes
        case .trigger: return pm.rootCause.trigger
        case .rootCause: return pm.rootCause.text
        case .detection: return pm.detection.notes
        case .response: return pm.response
        case .timeline: return paragraphs(notes(pm.timelineNotes), timelineTable(pm.timeline))
        case .fiveWhys:
            let list = pm.rootCause.whys.enumerated().map { index, why in
                let question = why.question.isEmpty ? "" : "**\(why.question)**"
                return "\(index + 1). " + [question, why.answer].filter { !$0.isEmpty }.joined(separator: " ")
            }
            return paragraphs(notes(pm.rootCause.whysNotes), list.joined(separator: "\n"))
        case .contributingFactors:
            let list = pm.rootCause.factors.map { factor in
                factor.category.map { "- **\($0.rawValue)** — \(factor.text)" } ?? "- \(factor.text)"
            }
            return paragraphs(notes(pm.rootCause.factorsNotes), list.joined(separator: "\n"))
        case .actionItems: return paragraphs(notes(pm.actionNotes), actionTable(pm.actionItems))
        case .lessons:
            var parts: [String] = []
            if let notes = pm.lessons.notes { parts.append(keepingStructure(notes)) }
            for (heading, items) in [
                ("What went well", pm.lessons.wentWell), ("What went poorly", pm.lessons.wentPoorly),
                ("Where we got lucky", pm.lessons.gotLucky),
            ] where !items.isEmpty {
                parts.append("### \(heading)\n\n" + items.map { "- \($0)" }.joined(separator: "\n"))
            }
            return parts.joined(separator: "\n\n")
        case .attachments:
            return pm.attachments.map { "- [\($0.caption)](\($0.path))" }.joined(separator: "\n")
        case .links:
            return pm.links.map { "- [\($0.title)](\($0.url))" }.joined(separator: "\n")
        }
    }

    /// The notes of a section whose list is its content (timeline, whys, factors, action
    /// items): text that was not read as an entry. A line of it that starts like a list item
    /// or a table row (`- 14:02 …`, `1. …`, `| … |`) would be read as one next time, so its
    /// marker is escaped (`\- 14:02 …`, `LineEscapes`); fenced code is left alone.
    static func notes(_ text: String?) -> String? { text.map { LineEscapes.outsideCode($0, LineEscapes.escapeNote) } }

    static func paragraphs(_ parts: String?...) -> String {
        parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "" }
        var lines = ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in " --- |" }.joined()]
        for row in rows {
            lines.append("|" + row.map { $0.isEmpty ? " " : " \(cell($0)) " }.joined(separator: "|") + "|")
        }
        return lines.joined(separator: "\n")
    }

    /// A timeline row's time as the canonical file writes it: `start`, `start/until` or `unknown`.
    public static func timeCell(_ entry: TimelineEntry) -> String {
        guard let time = entry.time else { return "unknown" }
        return entry.until.map { time.iso8601 + "/" + $0.iso8601 } ?? time.iso8601
    }

    static func timelineTable(_ entries: [TimelineEntry]) -> String {
        table(
            ["Time", "Kind", "Event", "Actor", "Evidence"],
            entries.map { entry in
                [
                    timeCell(entry), entry.kind.rawValue, entry.text, entry.actor ?? "",
                    entry.evidence.map(\.description).joined(separator: ", "),
                ]
            })
    }

    /// The action items; a "Closed" column only when some item has a closing day, so tables
    /// written before closing days were kept read back unchanged.
    static func actionTable(_ items: [ActionItem]) -> String {
        let closed = items.contains { $0.closed != nil }
        return table(
            ["Action", "Owner", "Due", "Priority", "Type", "Status"] + (closed ? ["Closed"] : []) + ["Link"],
            items.map { item in
                [
                    item.title, item.owner ?? "", item.due?.description ?? "", item.priority?.rawValue ?? "",
                    item.type?.rawValue ?? "", item.status.rawValue,
                ] + (closed ? [item.closed?.description ?? ""] : []) + [item.link ?? ""]
            })
    }
}
