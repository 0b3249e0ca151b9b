import Foundation

/// What a trend needs of one incident, so that a store can supply it without loading documents.
public struct TrendPoint: Sendable, Equatable {
    public var started: Date
    public var severity: Severity?
    public var timeToDetect: TimeInterval?
    public var timeToResolve: TimeInterval?

    public init(started: Date, severity: Severity?, timeToDetect: TimeInterval?, timeToResolve: TimeInterval?) {
        self.started = started
        self.severity = severity
        self.timeToDetect = timeToDetect
        self.timeToResolve = timeToResolve
    }

    /// Nil when the post-mortem has no start.
    public init?(_ pm: PostMortem) {
        guard let started = pm.started else { return nil }
        let metrics = IncidentMetrics(pm)
        self.init(
            started: started.date, severity: pm.severity, timeToDetect: metrics.timeToDetect,
            timeToResolve: metrics.timeToResolve)
    }
}

/// Incidents in one calendar month (UTC): counts by severity and the median time to detect
/// and to resolve.
public struct MonthTrend: Sendable, Equatable {
    /// "2026-10".
    public var month: String
    public var bySeverity: [Severity: Int]
    public var total: Int
    public var medianTimeToDetect: TimeInterval?
    public var medianTimeToResolve: TimeInterval?
}

public enum Trends {
    /// One entry per month from the first incident to the last, empty months included, at most
    /// the last `months`.
    public static func monthly(_ points: [TrendPoint], months: Int = 24) -> [MonthTrend] {
        var buckets: [Int: [TrendPoint]] = [:]
        for point in points {
            let day = LocalDate(utcDayOf: point.started)
            buckets[day.year * 12 + day.month - 1, default: []].append(point)
        }
        guard let first = buckets.keys.min(), let last = buckets.keys.max() else { return [] }
        return (max(first, last - months + 1)...last).map { key in
            let items = buckets[key] ?? []
            var bySeverity: [Severity: Int] = [:]
            for point in items { if let severity = point.severity { bySeverity[severity, default: 0] += 1 } }
            return MonthTrend(
                month: String(format: "%04d-%02d", key / 12, key % 12 + 1), bySeverity: bySeverity, total: items.count,
                medianTimeToDetect: median(items.compactMap(\.timeToDetect)),
                medianTimeToResolve: median(items.compactMap(\.timeToResolve)))
        }
    }

    static func median(_ values: [TimeInterval]) -> TimeInterval? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
