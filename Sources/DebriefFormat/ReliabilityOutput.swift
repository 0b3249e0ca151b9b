import DebriefCore
import Foundation

/// The reliability report as JSON, Markdown, CSV and a standalone HTML page with SVG charts.
public enum ReliabilityOutput {
    public static func json(_ report: ReliabilityReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// One row per signal: kind, value, systemic or isolated, how many incidents, which.
    public static func csv(_ report: ReliabilityReport) -> String {
        var rows = ["kind,value,class,incidents,direction,recurred_after_fix,ids"]
        for (signals, label) in [(report.systemic, "systemic"), (report.isolated, "isolated")] {
            for s in signals {
                rows.append(
                    [
                        s.kind.rawValue, s.value, label, String(s.incidents.count), s.direction,
                        String(s.recurredAfterFix.count), s.incidents.joined(separator: " "),
                    ].map(CSV.field).joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n")
    }

    static func duration(_ seconds: Double?) -> String { seconds.map(formatDuration) ?? "–" }

    static func percent(_ share: Double?) -> String { share.map { String(format: "%.0f %%", $0 * 100) } ?? "–" }

    /// "64 %", or "between 40 % and 64 %" when some done items have no closing day.
    static func onTimeShare(_ f: ReliabilityReport.FollowThrough) -> String {
        if let share = f.shareDoneByDue { return percent(share) }
        guard let range = f.shareDoneByDueRange, range.count == 2 else { return "–" }
        return "between \(percent(range[0])) and \(percent(range[1]))"
    }

    public static func markdown(_ report: ReliabilityReport) -> String {
        var out = [
            "# Reliability report, \(report.from) to \(report.to)", "",
            "\(report.incidents) incidents. Systemic: seen in \(report.minIncidents) or more incidents within \(report.windowDays) days.",
            "", "## Systemic weaknesses", "",
        ]
        if report.systemic.isEmpty { out.append("None in this period.") }
        out += report.systemic.map { s in
            "- **\(s.kind.rawValue): \(s.value)** — \(s.incidents.count) incidents (\(s.direction))"
                + (s.recurredAfterFix.isEmpty
                    ? "" : "; recurred after its fix in \(s.recurredAfterFix.joined(separator: ", "))")
                + ": " + s.incidents.joined(separator: ", ")
        }
        out += ["", "## Isolated", ""]
        if report.isolated.isEmpty { out.append("None.") }
        out += report.isolated.map { "- \($0.kind.rawValue): \($0.value) — \($0.incidents.joined(separator: ", "))" }
        let f = report.followThrough
        out += [
            "", "## Follow-through", "",
            "- \(f.actions) action items; \(f.dueByToday) due by now, \(f.doneOfDue) of them done (\(percent(f.shareDoneOfDue))).",
            "- Done by their due day: \(onTimeShare(f)) (\(f.doneByDue) on time, \(f.doneLate) late"
                + (f.medianDaysLate.map { String(format: ", %.0f days at the median", $0) } ?? "")
                + (f.doneUndated > 0 ? ", \(f.doneUndated) done with no closing day recorded" : "") + ").",
            "- \(f.openOverdue) open past their due day"
                + (f.medianDaysOverdue.map { String(format: ", %.0f days late at the median", $0) } ?? "") + ".",
            "", "## Time to detect and to resolve", "",
            "| group | detect: median | p90 | direction | resolve: median | p90 | direction |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for (name, detect, resolve) in groups(report) {
            out.append(
                "| \(name) | \(duration(detect.median)) | \(duration(detect.p90)) | \(detect.direction) | \(duration(resolve.median)) | \(duration(resolve.p90)) | \(resolve.direction) |"
            )
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Overall, then by severity, then by service: (label, detect, resolve).
    static func groups(_ report: ReliabilityReport) -> [(String, ReliabilityReport.Group, ReliabilityReport.Group)] {
        var rows = [("all incidents", report.timeToDetect.overall, report.timeToResolve.overall)]
        for key in report.timeToDetect.bySeverity.keys.sorted() {
            if let resolve = report.timeToResolve.bySeverity[key] {
                rows.append((key, report.timeToDetect.bySeverity[key]!, resolve))
            }
        }
        for key in report.timeToDetect.byService.keys.sorted() {
            if let resolve = report.timeToResolve.byService[key] {
                rows.append(("service " + key, report.timeToDetect.byService[key]!, resolve))
            }
        }
        return rows
    }

    /// The body of the HTML report (for the web app's page, inside its layout).
    public static func htmlBody(_ report: ReliabilityReport, link: (String) -> String?) -> String {
        let e = HTMLRenderer.escape
        func ids(_ list: [String]) -> String {
            list.map { id in link(id).map { "<a href=\"\(e($0))\">\(e(id))</a>" } ?? e(id) }.joined(separator: ", ")
        }
        var out = [
            "<p>\(report.incidents) incidents from \(report.from) to \(report.to). Systemic: seen in \(report.minIncidents) or more incidents within \(report.windowDays) days.</p>",
            "<h2>Systemic weaknesses</h2>",
        ]
        if report.systemic.isEmpty {
            out.append("<p>None in this period.</p>")
        } else {
            out.append(barChart(report.systemic))
            out.append(
                "<table class=\"list\"><thead><tr><th>Kind</th><th>What</th><th>Incidents</th><th>Trend by quarter</th><th>Direction</th><th>Recurred after its fix</th></tr></thead><tbody>"
                    + report.systemic.map { s in
                        "<tr><td>\(e(s.kind.rawValue))</td><td><strong>\(e(s.value))</strong></td><td>\(ids(s.incidents))</td><td>\(sparkline(s.trend))</td><td>\(e(s.direction))</td><td>\(ids(s.recurredAfterFix))</td></tr>"
                    }.joined() + "</tbody></table>")
        }
        out.append("<h2>Isolated</h2>")
        out.append(
            report.isolated.isEmpty
                ? "<p>None.</p>"
                : "<ul>"
                    + report.isolated.map { "<li>\(e($0.kind.rawValue)): \(e($0.value)) — \(ids($0.incidents))</li>" }
                    .joined() + "</ul>")
        let f = report.followThrough
        out.append("<h2>Follow-through</h2>")
        out.append(
            "<p>\(f.actions) action items; \(f.dueByToday) due by now, \(f.doneOfDue) of them done (\(percent(f.shareDoneOfDue))); <strong>\(e(onTimeShare(f)))</strong> done by their due day (\(f.doneByDue) on time, \(f.doneLate) late\(f.medianDaysLate.map { String(format: ", %.0f days at the median", $0) } ?? "")\(f.doneUndated > 0 ? ", \(f.doneUndated) done with no closing day recorded" : "")). \(f.openOverdue) open past their due day\(f.medianDaysOverdue.map { String(format: ", %.0f days late at the median", $0) } ?? "").</p>"
        )
        out.append("<h2>Time to detect and to resolve</h2>")
        out.append(
            "<table class=\"list\"><thead><tr><th></th><th>Detect: median</th><th>p90</th><th>Direction</th><th>Resolve: median</th><th>p90</th><th>Direction</th></tr></thead><tbody>"
                + groups(report).map { name, d, r in
                    "<tr><td>\(e(name))</td><td>\(duration(d.median))</td><td>\(duration(d.p90))</td><td>\(e(d.direction))</td><td>\(duration(r.median))</td><td>\(duration(r.p90))</td><td>\(e(r.direction))</td></tr>"
                }.joined() + "</tbody></table>")
        return out.joined(separator: "\n")
    }

    /// A standalone page: the report to take to a meeting or print.
    public static func html(_ report: ReliabilityReport) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>Reliability report, \(report.from) to \(report.to)</title>
        <style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}</style>
        </head>
        <body>
        <h1>Reliability report</h1>
        \(htmlBody(report, link: { _ in nil }))
        </body>
        </html>

        """
    }

    /// Horizontal bars: incidents per systemic signal.
    static func barChart(_ signals: [ReliabilityReport.Signal]) -> String {
        let shown = Array(signals.prefix(20))
        let most = max(1, shown.map(\.incidents.count).max() ?? 1)
        let rowHeight = 22
        let height = shown.count * rowHeight + 10
        let bars = shown.enumerated().map { i, s in
            let width = Double(s.incidents.count) / Double(most) * 380
            let y = i * rowHeight + 5
            return """
                <text x="0" y="\(y + 15)" font-size="12">\(HTMLRenderer.escape(s.kind.rawValue + ": " + s.value))</text>\
                <rect x="260" y="\(y + 3)" width="\(String(format: "%.1f", width))" height="15" fill="#c92a2a"></rect>\
                <text x="\(String(format: "%.1f", 266 + width))" y="\(y + 15)" font-size="12">\(s.incidents.count)</text>
                """
        }
        return
            "<svg class=\"chart\" role=\"img\" aria-label=\"Incidents per systemic weakness\" viewBox=\"0 0 680 \(height)\" width=\"680\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\">"
            + bars.joined() + "</svg>"
    }

    /// Small columns: incidents per quarter.
    static func sparkline(_ buckets: [ReliabilityReport.Bucket]) -> String {
        let most = max(1, buckets.map(\.count).max() ?? 1)
        let width = max(1, buckets.count) * 8
        let columns = buckets.enumerated().map { i, b in
            let h = Double(b.count) / Double(most) * 20
            return
                "<rect x=\"\(i * 8)\" y=\"\(String(format: "%.1f", 20 - h))\" width=\"6\" height=\"\(String(format: "%.1f", max(h, 0.5)))\" fill=\"#495057\"><title>\(HTMLRenderer.escape(b.label)): \(b.count)</title></rect>"
        }
        return
            "<svg role=\"img\" aria-label=\"incidents per quarter\" viewBox=\"0 0 \(width) 20\" width=\"\(width)\" height=\"20\" xmlns=\"http://www.w3.org/2000/svg\">"
            + columns.joined() + "</svg>"
    }
}
