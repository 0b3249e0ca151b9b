import DebriefCore
import DebriefFormat
import Foundation

/// Inline SVG charts for the dashboard, built as text. Labels are escaped.
enum Charts {
    static let severityColors: [Severity: String] = [
        .sev1: "#b3261e", .sev2: "#e8710a", .sev3: "#f9ab00", .sev4: "#1e8e3e", .sev5: "#5f6368",
    ]

    /// Stacked bars: incidents per month by severity.
    static func incidentsPerMonth(_ months: [MonthTrend]) -> String {
        guard !months.isEmpty else { return "<p class=\"muted\">No incidents with a start time yet.</p>" }
        let width = 640.0
        let height = 200.0
        let left = 28.0
        let bottom = 28.0
        let peak = max(1, months.map(\.total).max() ?? 1)
        let slot = (width - left) / Double(months.count)
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="Incidents per month by severity">
            <line x1="\(left)" y1="\(height - bottom)" x2="\(width)" y2="\(height - bottom)" stroke="#999"/>
            <text x="2" y="12" font-size="10">\(peak)</text>
            """
        for (n, month) in months.enumerated() {
            var y = height - bottom
            let x = left + Double(n) * slot + slot * 0.15
            for severity in Severity.allCases {
                let count = month.bySeverity[severity] ?? 0
                guard count > 0 else { continue }
                let h = (height - bottom - 10) * Double(count) / Double(peak)
                y -= h
                svg +=
                    "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(slot * 0.7))\" height=\"\(fmt(h))\" fill=\"\(severityColors[severity] ?? "#888")\"><title>\(month.month) \(severity.rawValue): \(count)</title></rect>"
            }
            if months.count <= 12 || n % max(1, months.count / 12) == 0 {
                svg +=
                    "<text x=\"\(fmt(x))\" y=\"\(fmt(height - 10))\" font-size=\"9\">\(HTMLRenderer.escape(String(month.month.dropFirst(2))))</text>"
            }
        }
        var legendX = left
        for severity in Severity.allCases {
            svg +=
                "<rect x=\"\(fmt(legendX))\" y=\"2\" width=\"8\" height=\"8\" fill=\"\(severityColors[severity] ?? "#888")\"/>"
            svg += "<text x=\"\(fmt(legendX + 11))\" y=\"10\" font-size=\"9\">\(severity.rawValue)</text>"
            legendX += 48
        }
        return svg + "</svg>"
    }

    /// Two lines: median time to detect and to resolve per month, in minutes.
    static func timeTrend(_ months: [MonthTrend]) -> String {
        let points = months.filter { $0.medianTimeToDetect != nil || $0.medianTimeToResolve != nil }
        guard points.count >= 1 else { return "<p class=\"muted\">No key instants to chart yet.</p>" }
        let width = 640.0
        let height = 200.0
        let left = 40.0
        let bottom = 28.0
        let peak = max(
            1, months.compactMap { [$0.medianTimeToDetect ?? 0, $0.medianTimeToResolve ?? 0].max() }.max() ?? 1)
        let step = months.count > 1 ? (width - left - 10) / Double(months.count - 1) : 0
        func line(_ values: [TimeInterval?], color: String, label: String) -> String {
            var path = ""
            var dots = ""
            for (n, value) in values.enumerated() {
                guard let value else { continue }
                let x = left + Double(n) * step
                let y = height - bottom - (height - bottom - 16) * value / peak
                path += (path.isEmpty ? "M" : "L") + "\(fmt(x)),\(fmt(y)) "
                dots +=
                    "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"3\" fill=\"\(color)\"><title>\(HTMLRenderer.escape(months[n].month)) \(label): \(formatDuration(value))</title></circle>"
            }
            return "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>" + dots
        }
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="Median time to detect and to resolve per month">
            <line x1="\(left)" y1="\(height - bottom)" x2="\(width)" y2="\(height - bottom)" stroke="#999"/>
            <text x="2" y="20" font-size="10">\(HTMLRenderer.escape(formatDuration(peak)))</text>
            <rect x="\(left)" y="2" width="8" height="8" fill="#1a73e8"/><text x="\(left + 11)" y="10" font-size="9">MTTD (median)</text>
            <rect x="\(left + 100)" y="2" width="8" height="8" fill="#b3261e"/><text x="\(left + 111)" y="10" font-size="9">MTTR (median)</text>
            """
        svg += line(months.map(\.medianTimeToDetect), color: "#1a73e8", label: "MTTD")
        svg += line(months.map(\.medianTimeToResolve), color: "#b3261e", label: "MTTR")
        for (n, month) in months.enumerated() where months.count <= 12 || n % max(1, months.count / 12) == 0 {
            svg +=
                "<text x=\"\(fmt(left + Double(n) * step - 8))\" y=\"\(fmt(height - 10))\" font-size=\"9\">\(HTMLRenderer.escape(String(month.month.dropFirst(2))))</text>"
        }
        return svg + "</svg>"
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
