import Foundation

/// Sections the policy requires, and template text left in.
enum CompletenessRules {
    static let all: [Rule] = [requiredSection, placeholder, diagnosticsRule]

    /// True when the section has content a reader can use.
    static func hasContent(_ key: SectionKey, _ pm: PostMortem) -> Bool {
        // Any character that is not white space or a newline; usually the first one answers.
        func filled(_ text: String?) -> Bool { text?.contains { !($0.isWhitespace || $0.isNewline) } ?? false }
        switch key {
        case .summary: return filled(pm.summary)
        case .impact:
            let i = pm.impact
            return filled(i.notes) || i.users != nil || i.customers != nil || filled(i.data) || !i.services.isEmpty
        case .timeline: return !pm.timeline.isEmpty
        case .trigger: return filled(pm.rootCause.trigger)
        case .rootCause: return filled(pm.rootCause.text)
        case .fiveWhys: return !pm.rootCause.whys.isEmpty
        case .contributingFactors: return !pm.rootCause.factors.isEmpty
        case .detection: return filled(pm.detection.notes) || pm.detection.method != nil
        case .response: return filled(pm.response)
        case .actionItems: return !pm.actionItems.isEmpty
        case .lessons: return !pm.lessons.isEmpty
        case .attachments: return !pm.attachments.isEmpty
        case .links: return !pm.links.isEmpty
        }
    }

    static let requiredSection = Rule(
        "completeness/required-section", .error,
        "A section the policy requires for this severity is missing or empty.",
        bad: "severity: SEV1\n…no `## Five whys` section…",
        good: "## Five whys\n\n1. **Why did checkout fail?** The connection pool was exhausted."
    ) { context in
        let pm = context.postMortem
        guard let severity = pm.severity, let required = context.policy.requiredSections[severity] else { return [] }
        return required.filter { !hasContent($0, pm) }.map { key in
            Hit(
                context.map.section(key),
                "\(severity.rawValue) post-mortems need a `## \(key.heading)` section with content")
        }
    }

    /// Template and placeholder markers: written in capitals so prose ("to do") is not caught.
    static let markers: Set<String> = ["TBD", "TODO", "FIXME", "XXX", "TBA", "TK"]

    static let placeholder = Rule(
        "completeness/placeholder", .error,
        "Template text or a placeholder (TBD, TODO, FIXME, lorem ipsum, <fill in>) is still in the document.",
        bad: "## Root cause\n\nTODO: describe the root cause",
        good: "## Root cause\n\nThe pool size was set per host, not per cluster."
    ) { context in
        var hits: [Hit] = []
        // A marker is two to five ASCII capitals: lines without two capitals in a row have none.
        func hasCapitalPair(_ text: String) -> Bool {
            var previous = false
            for byte in text.utf8 {
                let capital = byte >= 65 && byte <= 90
                if capital && previous { return true }
                previous = capital
            }
            return false
        }
        let frontMatter = context.document.lines.filter { $0.role == .frontMatter && hasCapitalPair($0.text) }.map {
            ProseText.ProseLine(line: $0, words: ProseText.words($0.text))
        }
        for prose in frontMatter + context.prose.lines {
            let line = prose.line
            for word in hasCapitalPair(line.text) ? prose.words : [] {
                // Markers may sit in _emphasis_; trim the underscores and test the bytes.
                let bytes = word.original.utf8
                var start = bytes.startIndex
                var end = bytes.endIndex
                while start < end, bytes[start] == 95 { start = bytes.index(after: start) }
                while end > start, bytes[bytes.index(before: end)] == 95 { end = bytes.index(before: end) }
                let trimmed = bytes[start..<end]
                guard (2...5).contains(trimmed.count), trimmed.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
                    continue
                }
                let bare = String(decoding: trimmed, as: UTF8.self)
                if markers.contains(bare) {
                    hits.append(
                        Hit(
                            SourceLocation(line: line.number, column: word.column),
                            "placeholder '\(bare)' left in; write the real content or remove it"))
                }
            }
            // Every prompt but lorem ipsum starts with '<' or '['; most lines have neither.
            let bracketed = line.text.utf8.contains(where: { $0 == 60 || $0 == 91 })
            for prompt in ["lorem ipsum", "<fill in", "[fill in", "<describe", "<insert", "[insert", "<add ", "<your "]
            where bracketed || prompt == "lorem ipsum" {
                if let range = line.text.asciiRange(of: prompt, ignoringCase: true) {
                    let column = line.text.column(of: range.lowerBound)
                    hits.append(
                        Hit(
                            SourceLocation(line: line.number, column: column),
                            "template text '\(prompt)…' left in; replace it with the real content"))
                }
            }
        }
        return hits
    }

    /// Problems the parser read past (unreadable times, times with no date) become findings.
    static let diagnosticsRule = Rule(
        "completeness/unreadable", .error,
        "Part of the document could not be read (a time with no date, a time in no known notation).",
        bad: "| when | what |\n| half past two | alert fired |",
        good: "| when | what |\n| 14:30 | alert fired |"
    ) { context in
        context.document.diagnostics.map { Hit($0.location, "\($0.message) [\($0.code)]") }
    }
}
