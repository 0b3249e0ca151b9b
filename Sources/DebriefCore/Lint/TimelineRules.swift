import Foundation

/// Key instants, the order of the timeline, zones and durations.
enum TimelineRules {
    static let all: [Rule] = [
        missingStart, missingDetection, missingResolution, outOfOrder, detectionBeforeStart, keyInstantOrder, noZone,
        durationMismatch,
    ]

    /// The instant from the front matter, else from the first timeline entry of that kind.
    static func instant(_ context: LintContext, _ front: Instant?, _ kinds: [TimelineKind]) -> Instant? {
        front ?? context.postMortem.timelineTime(of: kinds)
    }

    static func missing(
        _ name: String, _ key: String, _ kinds: [TimelineKind], _ front: @escaping @Sendable (PostMortem) -> Instant?
    ) -> @Sendable (LintContext) -> [Hit] {
        { context in
            guard instant(context, front(context.postMortem), kinds) == nil else { return [] }
            let kindText = kinds.map(\.rawValue).joined(separator: " or ")
            return [
                Hit(
                    context.map.metadata[key] ?? context.map.section(.timeline),
                    "no \(name) time: add `\(key):` to the front matter or a timeline entry of kind \(kindText)")
            ]
        }
    }

    static let missingStart = Rule(
        "timeline/missing-start", .error, "When the incident started is not recorded.",
        bad: "---\ndetected: 2026-03-04T14:09:00Z\n---", good: "---\nstarted: 2026-03-04T14:02:00Z\n---",
        check: missing("start", "started", [.start], { $0.started }))

    static let missingDetection = Rule(
        "timeline/missing-detection", .error, "When the incident was detected is not recorded.",
        bad: "---\nstarted: 2026-03-04T14:02:00Z\n---", good: "---\ndetected: 2026-03-04T14:09:00Z\n---",
        check: missing("detection", "detected", [.detect, .alert], { $0.detected }))

    static let missingResolution = Rule(
        "timeline/missing-resolution", .error, "When the incident was resolved is not recorded.",
        bad: "---\nstarted: 2026-03-04T14:02:00Z\n---", good: "---\nresolved: 2026-03-04T15:14:00Z\n---",
        check: missing("resolution", "resolved", [.resolve], { $0.resolved }))

    static let outOfOrder = Rule(
        "timeline/out-of-order", .warning, "Timeline entries are not in time order.",
        bad: "| 14:09 | alert | … |\n| 14:02 | start | … |", good: "| 14:02 | start | … |\n| 14:09 | alert | … |"
    ) { context in
        var hits: [Hit] = []
        var latest: Instant?
        for (index, entry) in context.postMortem.timeline.enumerated() {
            guard let time = entry.time else { continue }
            if let latest, time < latest {
                let location =
                    context.map.timelineEntry(index)
                hits.append(
                    Hit(
                        location,
                        "entry at \(time.iso8601) comes after one at \(latest.iso8601); sort the timeline (`debrief import` does)"
                    ))
            } else {
                latest = time
            }
        }
        return hits
    }

    static let detectionBeforeStart = Rule(
        "timeline/detection-before-start", .error, "The incident is detected before it started.",
        bad: "started: 2026-03-04T14:09:00Z\ndetected: 2026-03-04T14:02:00Z",
        good: "started: 2026-03-04T14:02:00Z\ndetected: 2026-03-04T14:09:00Z"
    ) { context in
        let pm = context.postMortem
        guard let started = instant(context, pm.started, [.start]),
            let detected = instant(context, pm.detected, [.detect, .alert]), detected < started
        else { return [] }
        return [
            Hit(
                context.map.metadata["detected"] ?? context.map.section(.timeline),
                "detected (\(detected.iso8601)) is before started (\(started.iso8601)); if detection really came first, the start is earlier than written"
            )
        ]
    }

    static let keyInstantOrder = Rule(
        "timeline/key-instant-order", .error, "Mitigation or resolution comes before the start or detection.",
        bad: "started: 2026-03-04T14:02:00Z\nresolved: 2026-03-04T13:00:00Z",
        good: "started: 2026-03-04T14:02:00Z\nresolved: 2026-03-04T15:14:00Z"
    ) { context in
        let pm = context.postMortem
        var hits: [Hit] = []
        let pairs: [(String, Instant?, String, Instant?)] = [
            ("started", pm.started, "mitigated", pm.mitigated), ("started", pm.started, "resolved", pm.resolved),
            ("mitigated", pm.mitigated, "resolved", pm.resolved), ("detected", pm.detected, "mitigated", pm.mitigated),
        ]
        for (earlierName, earlier, laterName, later) in pairs {
            guard let earlier, let later, later < earlier else { continue }
            hits.append(
                Hit(
                    context.map.metadata(laterName),
                    "\(laterName) (\(later.iso8601)) is before \(earlierName) (\(earlier.iso8601))"))
        }
        return hits
    }

    static let noZone = Rule(
        "timeline/no-zone", .error, "Times are written with no time zone anywhere in the document.",
        bad: "started: 2026-03-04 14:02", good: "started: 2026-03-04 14:02 UTC"
    ) { context in
        let pm = context.postMortem
        let instants: [(Instant?, SourceLocation)] =
            [
                (pm.started, context.map.metadata("started")), (pm.detected, context.map.metadata("detected")),
                (pm.mitigated, context.map.metadata("mitigated")), (pm.resolved, context.map.metadata("resolved")),
            ]
            + pm.timeline.enumerated().map { index, entry in
                (
                    entry.time,
                    context.map.timelineEntry(index)
                )
            }
        guard let first = instants.first(where: { $0.0.map { !$0.hasZone } ?? false }) else { return [] }
        return [
            Hit(
                first.1,
                "times have no time zone; add `timezone: UTC` to the front matter or write the zone with the time (14:02 UTC)"
            )
        ]
    }

    /// Phrases in the summary that state how long it lasted.
    static func statedDurations(_ text: String) -> [TimeInterval] {
        var found: [TimeInterval] = []
        for marker in ["lasted ", "down for ", "unavailable for ", "degraded for ", "outage of ", "for a total of "] {
            var search = text.startIndex
            while let range = text.asciiRange(of: marker, ignoringCase: true, from: search) {
                let rest = text[range.upperBound...].prefix(40)
                // Only the duration right after the marker: "lasted 47 minutes".
                let clause = rest.prefix { !".;,(".contains($0) }
                if clause.first?.isNumber == true, let value = parseDuration(String(clause)) { found.append(value) }
                search = range.upperBound
            }
        }
        return found
    }

    static let durationMismatch = Rule(
        "timeline/duration-mismatch", .warning,
        "A duration written in the front matter or summary does not match started → resolved.",
        bad: "started: 14:02, resolved: 15:14\n…the outage lasted 30 minutes…",
        good: "started: 14:02, resolved: 15:14\n…the outage lasted 72 minutes…"
    ) { context in
        let pm = context.postMortem
        guard let started = pm.started, let resolved = pm.resolved else { return [] }
        let actual = resolved.date.timeIntervalSince(started.date)
        func contradicts(_ stated: TimeInterval) -> Bool { abs(stated - actual) > max(300, actual * 0.1) }
        var hits: [Hit] = []
        if let text = pm.impact.statedDuration, let stated = parseDuration(text), contradicts(stated) {
            hits.append(
                Hit(
                    context.map.metadata("impact.duration"),
                    "impact duration '\(text)' does not match started → resolved (\(formatDuration(actual)))"))
        }
        for stated in statedDurations(pm.summary ?? "") where contradicts(stated) {
            hits.append(
                Hit(
                    context.map.section(.summary),
                    "the summary says \(formatDuration(stated)) but started → resolved is \(formatDuration(actual))"))
        }
        return hits
    }
}
