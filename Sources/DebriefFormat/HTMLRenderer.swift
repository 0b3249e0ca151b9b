import DebriefCore
import Foundation

/// A standalone HTML page for a post-mortem: no scripts, every user string escaped, prints well.
public enum HTMLRenderer {
    /// Escapes text for HTML content and attribute values.
    public static func escape(_ text: String) -> String {
        // Most text has nothing to escape; it is returned as it is, without a copy.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
        else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars { appendEscaped(c, to: &out) }
        return out
    }

    /// One character of `escape`, for callers that write other markup in the same pass.
    @inline(__always)
    public static func appendEscaped(_ c: Unicode.Scalar, to out: inout String) {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(c)
        }
    }

    /// Only web, mail and relative links are kept; `javascript:` and `data:` are dropped.
    static func safeURL(_ url: String) -> Bool {
        let lower = url.lowercased().trimmedWhitespace()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return true }
        guard let colon = lower.firstIndex(of: ":") else { return true }
        let slash = lower.firstIndex(of: "/") ?? lower.endIndex
        return slash < colon
    }

    /// Inline Markdown on one line: `code`, **bold**, *emphasis*, [links](url). Escapes first.
    static func inline(_ raw: String) -> String {
        var out = ""
        var rest = Substring(raw)
        while !rest.isEmpty {
            if rest.hasPrefix("`"), let end = rest.dropFirst().firstIndex(of: "`") {
                out += "<code>" + escape(String(rest[rest.index(after: rest.startIndex)..<end])) + "</code>"
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
                out +=
                    "<strong>" + inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]))
                    + "</strong>"
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("["), let close = rest.range(of: "]("),
                let end = rest[close.upperBound...].firstIndex(of: ")"),
                !rest[rest.startIndex..<close.lowerBound].dropFirst().contains("[")
            {
                let text = String(rest[rest.index(after: rest.startIndex)..<close.lowerBound])
                let url = String(rest[close.upperBound..<end])
                out += safeURL(url) ? "<a href=\"\(escape(url))\">\(inline(text))</a>" : inline(text)
                rest = rest[rest.index(after: end)...]
            } else {
                out += escape(String(rest.first!))
                rest = rest.dropFirst()
            }
        }
        return out
    }

    /// Block Markdown: paragraphs, lists, sub-headings, quotes and fenced code.
    public static func markdown(_ text: String) -> String {
        var html: [String] = []
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var code: [String]?
        func flush() {
            if !paragraph.isEmpty { html.append("<p>" + paragraph.map(inline).joined(separator: "<br>\n") + "</p>") }
            paragraph = []
            if let l = list {
                let tag = l.ordered ? "ol" : "ul"
                html.append("<\(tag)>" + l.items.map { "<li>\(inline($0))</li>" }.joined() + "</\(tag)>")
            }
            list = nil
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmedWhitespace()
            if code != nil {
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    html.append("<pre><code>" + escape(code!.joined(separator: "\n")) + "</code></pre>")
                    code = nil
                } else {
                    code!.append(line)
                }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush()
                code = []
            } else if trimmed.isEmpty {
                flush()
            } else if let (level, heading) = MarkdownStructure.atxHeading(trimmed) {
                flush()
                let tag = "h\(min(6, max(3, level + 1)))"
                html.append("<\(tag)>\(inline(heading))</\(tag)>")
            } else if let item = MarkdownStructure.listItem(trimmed) {
                if !paragraph.isEmpty { flush() }
                let ordered = item.marker.first?.isNumber ?? false
                if list == nil || list!.ordered != ordered {
                    flush()
                    list = (ordered, [])
                }
                list!.items.append(item.body)
            } else if trimmed.hasPrefix(">") {
                flush()
                html.append(
                    "<blockquote>" + inline(String(trimmed.dropFirst()).trimmedWhitespace())
                        + "</blockquote>")
            } else if list != nil, line.first == " " {
                list!.items[list!.items.count - 1] += " " + trimmed
            } else {
                if list != nil { flush() }
                paragraph.append(trimmed)
            }
        }
        if let code { html.append("<pre><code>" + escape(code.joined(separator: "\n")) + "</code></pre>") }
        flush()
        return html.joined(separator: "\n")
    }

    static let style = """
        body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2329;max-width:60rem;margin:2rem auto;padding:0 1rem}
        h1{font-size:1.8rem;margin-bottom:.2rem}h2{border-bottom:1px solid #d8dee4;padding-bottom:.2rem;margin-top:2rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d8dee4;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f3f5f7}.meta td:first-child{width:11rem;color:#57606a}.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#eef1f4;font-size:.85em}
        .sev{background:#ffe3e0;color:#8a1c12}.overdue{color:#a40e26;font-weight:600}code{background:#f3f5f7;padding:0 .2rem;border-radius:.2rem}
        table.timeline td.time,td.due{white-space:nowrap}td.evidence{word-break:break-all;font-size:.85em;color:#57606a;width:14rem}
        pre{background:#f3f5f7;padding:.6rem;overflow:auto}blockquote{border-left:3px solid #d8dee4;margin:0;padding-left:.8rem;color:#57606a}
        .lint li.error{color:#a40e26}.lint li.warning{color:#7d4e00}
        @media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}tr,li{break-inside:avoid}a{color:inherit}}
        """

    /// `2026-10-14 14:02 UTC`: the canonical instant made easy to scan (ranges and `~` kept).
    static func readableTime(_ entry: TimelineEntry) -> String {
        func show(_ instant: Instant) -> String {
            var text = instant.iso8601.replacingOccurrences(of: "T", with: " ")
            if text.hasSuffix(":00Z") { text = String(text.dropLast(4)) + " UTC" }
            return text
        }
        guard let time = entry.time else { return "unknown" }
        return entry.until.map { show(time) + " – " + show($0) } ?? show(time)
    }

    /// Evidence as text, or a link when it is a web address.
    static func evidenceHTML(_ reference: EvidenceReference) -> String {
        if let url = reference.url, safeURL(url), url.contains("://") {
            return "<a href=\"\(escape(url))\">\(escape(url))</a>"
        }
        return escape(reference.description)
    }

    public static func render(_ pm: PostMortem, findings: [Finding] = [], today: LocalDate? = nil) -> String {
        var body: [String] = []
        let e = escape
        body.append("<h1>\(e(pm.title.isEmpty ? pm.id : pm.title))</h1>")
        var badges = [
            pm.severity.map { "<span class=\"badge sev\">\($0.rawValue)</span>" },
            pm.kind.map { "<span class=\"badge\">\(e($0.rawValue))</span>" },
            "<span class=\"badge\">\(e(pm.status.rawValue))</span>",
        ].compactMap { $0 }
        if pm.restricted { badges.append("<span class=\"badge\">restricted</span>") }
        body.append("<p>" + badges.joined(separator: " ") + "</p>")
        var meta: [(String, String)] = []
        func row(_ name: String, _ value: String?) { if let value, !value.isEmpty { meta.append((name, value)) } }
        row("Services", pm.services.map(e).joined(separator: ", "))
        row("Authors", pm.authors.map(e).joined(separator: ", "))
        row("Incident commander", pm.commander.map(e))
        row("Reviewers", pm.reviewers.map(e).joined(separator: ", "))
        row("Tags", pm.tags.map(e).joined(separator: ", "))
        for (name, instant) in [
            ("Started", pm.started), ("Detected", pm.detected), ("Reported", pm.reported), ("Mitigated", pm.mitigated),
            ("Resolved", pm.resolved),
        ] {
            row(
                name,
                instant.map {
                    e($0.iso8601)
                        + (pm.inferred.contains(name.lowercased()) ? " <span class=\"badge\">inferred</span>" : "")
                })
        }
        let metrics = IncidentMetrics(pm)
        row("Time to detect", metrics.timeToDetect.map(formatDuration))
        row("Time to mitigate", metrics.timeToMitigate.map(formatDuration))
        row("Time to resolve", metrics.timeToResolve.map(formatDuration))
        row("Detected by", pm.detection.method.map { e($0.rawValue) })
        body.append(
            "<table class=\"meta\">" + meta.map { "<tr><td>\($0.0)</td><td>\($0.1)</td></tr>" }.joined() + "</table>")
        func section(_ title: String, _ html: String?) {
            guard let html, !html.isEmpty else { return }
            body.append("<section><h2>\(e(title))</h2>\n\(html)</section>")
        }
        for extra in pm.extraSections where extra.after == nil {
            section(extra.heading, markdown(extra.body))
        }
        section("Summary", pm.summary.map(markdown))
        var impact: [String] = []
        let i = pm.impact
        if let users = i.users { impact.append("<li>Users affected: \(users)</li>") }
        if let customers = i.customers { impact.append("<li>Customers affected: \(customers)</li>") }
        if let data = i.data { impact.append("<li>Data affected: \(e(data))</li>") }
        if let personal = i.personalData { impact.append("<li>Personal data: \(personal ? "yes" : "no")</li>") }
        if !i.services.isEmpty { impact.append("<li>Services: \(i.services.map(e).joined(separator: ", "))</li>") }
        if let d = i.statedDuration { impact.append("<li>Duration: \(e(d))</li>") }
        if let s = i.sloBudget { impact.append("<li>Error budget: \(e(s))</li>") }
        if let c = i.cost { impact.append("<li>Cost: \(e(c))</li>") }
        if let n = i.notified { impact.append("<li>Notified: \(e(n.iso8601))</li>") }
        section("Impact", (impact.isEmpty ? "" : "<ul>" + impact.joined() + "</ul>\n") + (i.notes.map(markdown) ?? ""))
        if !pm.timeline.isEmpty || pm.timelineNotes != nil {
            let rows = pm.timeline.map { entry in
                "<tr><td class=\"time\">\(e(readableTime(entry)))</td><td>\(e(entry.kind.rawValue))</td><td>\(inline(entry.text))</td><td>\(e(entry.actor ?? ""))</td><td class=\"evidence\">\(entry.evidence.map(evidenceHTML).joined(separator: "<br>"))</td></tr>"
            }
            section(
                "Timeline",
                (pm.timelineNotes.map(markdown) ?? "")
                    + "<table class=\"timeline\"><tr><th>Time</th><th>Kind</th><th>Event</th><th>Actor</th><th>Evidence</th></tr>"
                    + rows.joined() + "</table>")
        }
        section("Trigger", pm.rootCause.trigger.map(markdown))
        section("Root cause", pm.rootCause.text.map(markdown))
        if !pm.rootCause.whys.isEmpty {
            section(
                "Five whys",
                (pm.rootCause.whysNotes.map(markdown) ?? "") + "<ol>"
                    + pm.rootCause.whys.map { "<li><strong>\(inline($0.question))</strong> \(inline($0.answer))</li>" }
                    .joined() + "</ol>")
        }
        if !pm.rootCause.factors.isEmpty {
            section(
                "Contributing factors",
                "<ul>"
                    + pm.rootCause.factors.map { f in
                        "<li>" + (f.category.map { "<span class=\"badge\">\(e($0.rawValue))</span> " } ?? "")
                            + inline(f.text) + "</li>"
                    }.joined() + "</ul>")
        }
        section("Detection", pm.detection.notes.map(markdown))
        section("Response", pm.response.map(markdown))
        if !pm.actionItems.isEmpty || pm.actionNotes != nil {
            let rows = pm.actionItems.map { item in
                let overdue = today.map { item.isOverdue(on: $0) } ?? false
                let link =
                    item.link.map { link in
                        safeURL(link) && link.contains("://") ? "<a href=\"\(e(link))\">\(e(link))</a>" : inline(link)
                    } ?? ""
                return
                    "<tr><td>\(inline(item.title))</td><td>\(e(item.owner ?? ""))</td><td class=\"due\(overdue ? " overdue" : "")\">\(e(item.due?.description ?? ""))</td><td>\(e(item.priority?.rawValue ?? ""))</td><td>\(e(item.type?.rawValue ?? ""))</td><td>\(e(item.status.rawValue))</td><td>\(link)</td></tr>"
            }
            section(
                "Action items",
                (pm.actionNotes.map(markdown) ?? "")
                    + "<table><tr><th>Action</th><th>Owner</th><th>Due</th><th>Priority</th><th>Type</th><th>Status</th><th>Link</th></tr>"
                    + rows.joined() + "</table>")
        }
        if !pm.lessons.isEmpty {
            var html = pm.lessons.notes.map(markdown) ?? ""
            for (title, items) in [
                ("What went well", pm.lessons.wentWell), ("What went poorly", pm.lessons.wentPoorly),
                ("Where we got lucky", pm.lessons.gotLucky),
            ] where !items.isEmpty {
                html += "<h3>\(title)</h3><ul>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ul>"
            }
            section("Lessons learned", html)
        }
        if !pm.attachments.isEmpty {
            section(
                "Attachments",
                "<ul>"
                    + pm.attachments.map { a in
                        "<li>" + (safeURL(a.path) ? "<a href=\"\(e(a.path))\">\(e(a.caption))</a>" : e(a.caption))
                            + "</li>"
                    }.joined() + "</ul>")
        }
        if !pm.links.isEmpty {
            section(
                "Links",
                "<ul>"
                    + pm.links.map { l in
                        "<li>" + (safeURL(l.url) ? "<a href=\"\(e(l.url))\">\(e(l.title))</a>" : e(l.title)) + "</li>"
                    }.joined() + "</ul>")
        }
        for extra in pm.extraSections where extra.after != nil {
            section(extra.heading, markdown(extra.body))
        }
        if !findings.isEmpty {
            section(
                "Lint findings",
                "<ul class=\"lint\">"
                    + findings.map {
                        "<li class=\"\($0.severity.rawValue)\">line \($0.line): [\(e($0.rule))] \(e($0.message))</li>"
                    }.joined() + "</ul>")
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:">
            <title>\(e(pm.title.isEmpty ? pm.id : pm.title))</title>
            <style>\(style)</style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }
}
