/// An SVG chart of errors per minute with the incident window shaded: small, standalone, no
/// scripts, readable in a browser or a Markdown preview.
public enum IncidentChart {
    public static func svg(scan: LogScan, window: IncidentWindow?, width: Int = 720, height: Int = 220) -> String? {
        guard let first = scan.first, let last = scan.last else { return nil }
        let startMinute = Int((first / 60).rounded(.down))
        let endMinute = Int((last / 60).rounded(.down))
        let count = max(1, endMinute - startMinute + 1)
        // Only minutes with errors are drawn; the range itself may be huge (a wild timestamp).
        let series = scan.minutes.filter { $0.value.errors > 0 }.map { ($0.key - startMinute, $0.value.errors) }
        let peak = max(1, series.map(\.1).max() ?? 1)
        let left = 48.0
        let right = 12.0
        let top = 24.0
        let bottom = 36.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let step = plotWidth / Double(count)
        func x(_ minute: Double) -> Double { left + (minute - Double(startMinute)) * step }
        func f(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }
        var parts: [String] = []
        parts.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">"
        )
        parts.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>")
        if let window {
            let x0 = x(window.start / 60)
            let x1 = x(window.end / 60)
            parts.append(
                "<rect x=\"\(f(x0))\" y=\"\(f(top))\" width=\"\(f(max(1, x1 - x0)))\" height=\"\(f(plotHeight))\" fill=\"#ffe3e0\"/>"
            )
            parts.append("<text x=\"\(f(x0))\" y=\"\(f(top - 6))\" fill=\"#8a1c12\">incident window</text>")
        }
        for (i, errors) in series.sorted(by: { $0.0 < $1.0 }) {
            let h = plotHeight * Double(errors) / Double(peak)
            parts.append(
                "<rect x=\"\(f(left + Double(i) * step))\" y=\"\(f(top + plotHeight - h))\" width=\"\(f(max(0.5, step * 0.8)))\" height=\"\(f(h))\" fill=\"#c0392b\"/>"
            )
        }
        parts.append(
            "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"#57606a\"/>"
        )
        parts.append(
            "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"#57606a\"/>"
        )
        parts.append("<text x=\"\(f(left - 6))\" y=\"\(f(top + 4))\" text-anchor=\"end\">\(peak)</text>")
        parts.append("<text x=\"\(f(left - 6))\" y=\"\(f(top + plotHeight))\" text-anchor=\"end\">0</text>")
        parts.append("<text x=\"\(f(left))\" y=\"\(height - 12)\">\(DraftBuilder.instant(first).iso8601)</text>")
        parts.append(
            "<text x=\"\(f(left + plotWidth))\" y=\"\(height - 12)\" text-anchor=\"end\">\(DraftBuilder.instant(last).iso8601)</text>"
        )
        parts.append("<text x=\"\(f(left))\" y=\"14\" font-weight=\"bold\">Errors per minute</text>")
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]

    /// Lines per minute of the most frequent templates, one line each, window shaded, with a
    /// legend (template text escaped).
    public static func templatesSVG(scan: LogScan, window: IncidentWindow?, top: Int = 5, width: Int = 720) -> String? {
        guard let first = scan.first, let last = scan.last else { return nil }
        let chosen = scan.miner.templates.filter { scan.templateMinutes[$0.id] != nil }
            .sorted { ($1.count, $0.id) < ($0.count, $1.id) }.prefix(top)
        guard !chosen.isEmpty else { return nil }
        let startMinute = Double(Int((first / 60).rounded(.down)))
        let endMinute = Double(Int((last / 60).rounded(.down)))
        let span = max(1, endMinute - startMinute + 1)
        let legendHeight = 16 * chosen.count + 8
        let height = 200 + legendHeight
        let left = 48.0
        let top = 24.0
        let plotWidth = Double(width) - left - 12
        let plotHeight = 140.0
        let peak = max(1, chosen.compactMap { scan.templateMinutes[$0.id]?.values.max() }.max() ?? 1)
        func x(_ minute: Double) -> Double { left + (minute - startMinute) / span * plotWidth }
        func y(_ value: Int) -> Double { top + plotHeight - plotHeight * Double(value) / Double(peak) }
        func f(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
            "<text x=\"\(f(left))\" y=\"14\" font-weight=\"bold\">Top log messages per minute</text>",
        ]
        if let window {
            parts.append(
                "<rect x=\"\(f(x(window.start / 60)))\" y=\"\(f(top))\" width=\"\(f(max(1, x(window.end / 60) - x(window.start / 60))))\" height=\"\(f(plotHeight))\" fill=\"#ffe3e0\"/>"
            )
        }
        for (index, template) in chosen.enumerated() {
            let color = palette[index % palette.count]
            let points = (scan.templateMinutes[template.id] ?? [:]).sorted { $0.key < $1.key }
                .map { "\(f(x(Double($0.key)))),\(f(y($0.value)))" }.joined(separator: " ")
            parts.append("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points)\"/>")
            let legendY = top + plotHeight + 40 + Double(16 * index)
            parts.append(
                "<rect x=\"\(f(left))\" y=\"\(f(legendY - 9))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>")
            let label = template.text.count > 100 ? String(template.text.prefix(100)) + "…" : template.text
            parts.append("<text x=\"\(f(left + 16))\" y=\"\(f(legendY))\">\(escape(label)) (\(template.count))</text>")
        }
        parts.append(
            "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"#57606a\"/>"
        )
        parts.append("<text x=\"\(f(left - 6))\" y=\"\(f(top + 4))\" text-anchor=\"end\">\(peak)</text>")
        parts.append(
            "<text x=\"\(f(left))\" y=\"\(f(top + plotHeight + 16))\">\(DraftBuilder.instant(first).iso8601)</text>")
        parts.append(
            "<text x=\"\(f(left + plotWidth))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"end\">\(DraftBuilder.instant(last).iso8601)</text>"
        )
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }
}
