import Foundation

/// Durations derived from a post-mortem's key instants. Never typed by hand.
public struct IncidentMetrics: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var severity: Severity?
    /// Time to detect: detected − started.
    public var timeToDetect: TimeInterval?
    /// Time to mitigate: mitigated − started.
    public var timeToMitigate: TimeInterval?
    /// Time to resolve: resolved − started.
    public var timeToResolve: TimeInterval?
    /// For personal-data breaches: notification − detection.
    public var notificationDelay: TimeInterval?

    public init(_ postMortem: PostMortem) {
        id = postMortem.id
        title = postMortem.title
        severity = postMortem.severity
        let start = postMortem.started?.date
        func since(_ from: Date?, _ to: Instant?) -> TimeInterval? {
            guard let from, let to else { return nil }
            return to.date.timeIntervalSince(from)
        }
        timeToDetect = since(start, postMortem.detected)
        timeToMitigate = since(start, postMortem.mitigated)
        timeToResolve = since(start, postMortem.resolved)
        notificationDelay =
            postMortem.impact.personalData == true
            ? since(postMortem.detected?.date, postMortem.impact.notified) : nil
    }
}

/// Mean, median and 90th percentile of a set of durations.
public struct DurationSummary: Sendable, Codable, Equatable {
    public var count: Int
    public var mean: TimeInterval?
    public var median: TimeInterval?
    public var p90: TimeInterval?

    public init(_ values: [TimeInterval]) {
        let sorted = values.sorted()
        count = sorted.count
        guard !sorted.isEmpty else { return }
        mean = sorted.reduce(0, +) / Double(sorted.count)
        median = DurationSummary.percentile(sorted, 0.5)
        p90 = DurationSummary.percentile(sorted, 0.9)
    }

    /// Linear interpolation between closest ranks (the common "type 7" definition).
    static func percentile(_ sorted: [TimeInterval], _ p: Double) -> TimeInterval {
        let rank = p * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }
}

/// Per-incident metrics and their aggregate over a set of post-mortems.
public struct MetricsReport: Sendable, Codable, Equatable {
    public var incidents: [IncidentMetrics]
    public var timeToDetect: DurationSummary
    public var timeToMitigate: DurationSummary
    public var timeToResolve: DurationSummary

    public init(_ postMortems: [PostMortem]) {
        incidents = postMortems.map(IncidentMetrics.init)
        timeToDetect = DurationSummary(incidents.compactMap(\.timeToDetect))
        timeToMitigate = DurationSummary(incidents.compactMap(\.timeToMitigate))
        timeToResolve = DurationSummary(incidents.compactMap(\.timeToResolve))
    }
}

/// Formats a duration the way people read incident reports: `1h 12m`, `45m`, `3d 4h`, `-5m`.
public func formatDuration(_ seconds: TimeInterval) -> String {
    let sign = seconds < 0 ? "-" : ""
    var rest = Int(abs(seconds).rounded())
    let days = rest / 86400
    rest %= 86400
    let hours = rest / 3600
    rest %= 3600
    let minutes = rest / 60
    let secs = rest % 60
    var parts: [String] = []
    if days > 0 { parts.append("\(days)d") }
    if hours > 0 { parts.append("\(hours)h") }
    if minutes > 0 { parts.append("\(minutes)m") }
    if secs > 0 && days == 0 && hours == 0 { parts.append("\(secs)s") }
    return sign + (parts.isEmpty ? "0m" : parts.joined(separator: " "))
}

/// Reads a written duration: `1h 12m`, `72 minutes`, `2 hours 5 minutes`, `1.5h`, `45 min`, `3d`.
/// Returns nil when no duration is found.
public func parseDuration(_ text: String) -> TimeInterval? {
    let units: [(String, Double)] = [
        ("days", 86400), ("day", 86400), ("d", 86400),
        ("hours", 3600), ("hour", 3600), ("hrs", 3600), ("hr", 3600), ("h", 3600),
        ("minutes", 60), ("minute", 60), ("mins", 60), ("min", 60), ("m", 60),
        ("seconds", 1), ("second", 1), ("secs", 1), ("sec", 1), ("s", 1),
    ]
    let scalars = Array(text.lowercased().unicodeScalars)
    var index = 0
    var total = 0.0
    var found = false
    while index < scalars.count {
        guard CharacterSet.decimalDigits.contains(scalars[index]) else {
            index += 1
            continue
        }
        var number = ""
        while index < scalars.count, CharacterSet.decimalDigits.contains(scalars[index]) || scalars[index] == "." {
            number.unicodeScalars.append(scalars[index])
            index += 1
        }
        while index < scalars.count, scalars[index] == " " { index += 1 }
        var word = ""
        while index < scalars.count, CharacterSet.letters.contains(scalars[index]) {
            word.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard let value = Double(number), let unit = units.first(where: { $0.0 == word }) else { continue }
        total += value * unit.1
        found = true
    }
    return found ? total : nil
}
