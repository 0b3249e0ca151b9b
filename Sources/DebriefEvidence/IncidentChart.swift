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
}
