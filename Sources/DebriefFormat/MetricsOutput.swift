import DebriefCore
import Foundation

/// CSV as RFC 4180 writes it.
public enum CSV {
    /// A field, quoted when it holds a comma, a quote or a line break.
    public static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

/// Writes a metrics report as a table, JSON or CSV.
public enum MetricsOutput {
    static func minutes(_ seconds: TimeInterval?) -> String {
        seconds.map { String(format: "%.1f", $0 / 60) } ?? ""
    }

    public static func table(_ report: MetricsReport) -> String {
        func cell(_ value: TimeInterval?) -> String { value.map(formatDuration) ?? "—" }
        var rows: [[String]] = [["Incident", "Severity", "TTD", "TTM", "TTR"]]
        for m in report.incidents {
            rows.append([
                m.id, m.severity?.rawValue ?? "—", cell(m.timeToDetect), cell(m.timeToMitigate), cell(m.timeToResolve),
            ])
        }
        rows.append(["", "", "", "", ""])
        for (name, pick) in [
            ("mean", \DurationSummary.mean), ("median", \DurationSummary.median), ("p90", \DurationSummary.p90),
        ] {
            rows.append([
                name, "", cell(report.timeToDetect[keyPath: pick]), cell(report.timeToMitigate[keyPath: pick]),
                cell(report.timeToResolve[keyPath: pick]),
            ])
        }
        rows.append([
            "count", "", "\(report.timeToDetect.count)", "\(report.timeToMitigate.count)",
            "\(report.timeToResolve.count)",
        ])
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
                separator: "  "
            )
            .trimmedWhitespace()
        }.joined(separator: "\n")
    }

    public static func json(_ report: MetricsReport) throws -> String {
        String(decoding: try FindingsOutput.encoder().encode(report), as: UTF8.self)
    }

    /// One row per incident, durations in minutes, then the aggregate rows.
    public static func csv(_ report: MetricsReport) -> String {
        let field = CSV.field
        var lines = ["id,title,severity,ttd_minutes,ttm_minutes,ttr_minutes"]
        for m in report.incidents {
            lines.append(
                [
                    field(m.id), field(m.title), m.severity?.rawValue ?? "", minutes(m.timeToDetect),
                    minutes(m.timeToMitigate), minutes(m.timeToResolve),
                ].joined(separator: ","))
        }
        for (name, pick) in [
            ("mean", \DurationSummary.mean), ("median", \DurationSummary.median), ("p90", \DurationSummary.p90),
        ] {
            lines.append(
                [
                    "(\(name))", "", "", minutes(report.timeToDetect[keyPath: pick]),
                    minutes(report.timeToMitigate[keyPath: pick]), minutes(report.timeToResolve[keyPath: pick]),
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }
}
