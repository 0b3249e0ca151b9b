import Foundation

/// What recurs across incidents and what does not, how well the follow-up lands, and how
/// detection and recovery times move: the reliability report a team takes to a budget meeting.
/// Pure: the caller passes the post-mortems, the period and the day.
public struct ReliabilityReport: Sendable, Codable, Equatable {
    /// Something that recurs (or not) across incidents.
    public struct Signal: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable, CaseIterable { case factor, service, trigger, term }
        public var kind: Kind
        public var value: String
        /// Incident ids, oldest first.
        public var incidents: [String]
        /// Incidents per quarter of the period, oldest first ("2026-Q1": 2).
        public var trend: [Bucket]
        /// "rising", "falling" or "steady": the later half of the period against the earlier.
        public var direction: String
        /// Incidents that started after an action against it (one that changes the system) was
        /// closed as done: the fix did not hold. Only for factor categories. An item done with no
        /// closing day recorded counts as fixed on its due day.
        public var recurredAfterFix: [String]
    }

    public struct Bucket: Sendable, Codable, Equatable {
        public var label: String
        public var count: Int
    }

    /// Whether action items land: of the items due by the report's day, the share done, and
    /// the share done by their due day (from the day each was closed); how late the others are.
    public struct FollowThrough: Sendable, Codable, Equatable {
        public var actions: Int
        public var dueByToday: Int
        /// Items due by today that are done, whenever that was.
        public var doneOfDue: Int
        /// `doneOfDue / dueByToday`, nil when nothing is due yet.
        public var shareDoneOfDue: Double?
        /// Items due by today closed as done on or before their due day.
        public var doneByDue: Int
        /// Items due by today done after their due day.
        public var doneLate: Int
        /// Items due by today that are done but whose closing day was never recorded (written
        /// as done by hand, before Debrief kept the day): on time or not is unknown.
        public var doneUndated: Int
        /// `doneByDue / dueByToday`; nil when nothing is due yet, or when some done items have no
        /// closing day, since the share is then only known to lie in `shareDoneByDueRange`.
        public var shareDoneByDue: Double?
        /// The lowest and highest the share done by the due day can be: the undated done items
        /// all late, or all on time. Equal bounds when every done item has its day.
        public var shareDoneByDueRange: [Double]?
        /// Median days past due of the items done late.
        public var medianDaysLate: Double?
        public var openOverdue: Int
        /// Median days past due of the open overdue items.
        public var medianDaysOverdue: Double?
    }

    /// Time to detect or resolve, over the period and by severity and service.
    public struct Times: Sendable, Codable, Equatable {
        public var overall: Group
        public var bySeverity: [String: Group]
        public var byService: [String: Group]
    }

    public struct Group: Sendable, Codable, Equatable {
        public var count: Int
        /// Seconds.
        public var median: Double?
        public var p90: Double?
        /// p90 − median, seconds: how far the slow incidents are from the usual.
        public var spread: Double?
        /// "better", "worse" or "steady": the median of the later half of the period against
        /// the earlier half (lower is better); "steady" with fewer than two in each half.
        public var direction: String
    }

    public var from: LocalDate
    public var to: LocalDate
    public var incidents: Int
    public var minIncidents: Int
    public var windowDays: Int
    public var systemic: [Signal]
    public var isolated: [Signal]
    public var followThrough: FollowThrough
    public var timeToDetect: Times
    public var timeToResolve: Times
}

extension ReliabilityReport {
    /// The report on the post-mortems that started between `from` and `to` (both days
    /// included). A signal is systemic when `minIncidents` or more incidents carrying it
    /// started within `windowDays` of each other; isolated when it is seen, but never that
    /// often (terms are not listed as isolated: most words are).
    public init(
        _ all: [PostMortem], from: LocalDate, to: LocalDate, today: LocalDate, minIncidents: Int = 3,
        windowDays: Int = 365
    ) {
        let start = from.startOfDayUTC
        let end = to.adding(days: 1).startOfDayUTC
        // One incident per id (the first given), with a start inside the period.
        var seen = Set<String>()
        let postMortems = all.filter { pm in
            guard let started = pm.started?.date, started >= start, started < end else { return false }
            return seen.insert(pm.id).inserted
        }.sorted { ($0.started!.date, $0.id) < ($1.started!.date, $1.id) }
        self.from = from
        self.to = to
        incidents = postMortems.count
        self.minIncidents = max(2, minIncidents)
        self.windowDays = max(1, windowDays)
        let quarters = Self.quarters(from: from, to: to)
        let middle = start.addingTimeInterval(end.timeIntervalSince(start) / 2)

        // Who carries what.
        var carriers: [Signal.Kind: [String: [PostMortem]]] = [:]
        for pm in postMortems {
            for value in Self.values(of: pm) {
                carriers[value.kind, default: [:]][value.value, default: []].append(pm)
            }
        }
        // Terms every other incident uses say nothing.
        if let terms = carriers[.term] {
            carriers[.term] = terms.filter { $0.value.count * 2 <= max(postMortems.count, 4) }
        }
        var systemic: [Signal] = []
        var isolated: [Signal] = []
        for kind in Signal.Kind.allCases {
            for (value, carrying) in carriers[kind] ?? [:] {
                let signal = Signal(
                    kind: kind, value: value, incidents: carrying.map(\.id),
                    trend: quarters.map { quarter in
                        Bucket(
                            label: quarter.label,
                            count: carrying.filter { quarter.range.contains($0.started!.date) }.count)
                    },
                    direction: Self.direction(
                        earlier: carrying.filter { $0.started!.date < middle }.count,
                        later: carrying.filter { $0.started!.date >= middle }.count),
                    recurredAfterFix: kind == .factor ? Self.recurredAfterFix(value, carrying) : [])
                if Self.recurs(carrying, at: self.minIncidents, within: self.windowDays) {
                    systemic.append(signal)
                } else if kind != .term {
                    isolated.append(signal)
                }
            }
        }
        // A term that is one word of a systemic two-word term, in the same incidents, repeats it.
        let pairs = systemic.filter { $0.kind == .term && $0.value.contains(" ") }
        systemic.removeAll { signal in
            signal.kind == .term && !signal.value.contains(" ")
                && pairs.contains {
                    $0.incidents == signal.incidents && $0.value.split(separator: " ").contains(Substring(signal.value))
                }
        }
        let order: (Signal, Signal) -> Bool = {
            ($0.kind.rawValue, -$0.incidents.count, $0.value) < ($1.kind.rawValue, -$1.incidents.count, $1.value)
        }
        self.systemic = systemic.sorted(by: order)
        self.isolated = isolated.sorted(by: order)
        followThrough = Self.followThrough(postMortems, today: today)
        timeToDetect = Self.times(postMortems, middle: middle) { IncidentMetrics($0).timeToDetect }
        timeToResolve = Self.times(postMortems, middle: middle) { IncidentMetrics($0).timeToResolve }
    }

    /// The signals one post-mortem carries.
    static func values(of pm: PostMortem) -> [(kind: Signal.Kind, value: String)] {
        var values: [(Signal.Kind, String)] = []
        for category in Set(pm.rootCause.factors.compactMap(\.category)) { values.append((.factor, category.rawValue)) }
        for service in Set((pm.services + pm.impact.services).map { $0.lowercased() }) {
            values.append((.service, service))
        }
        if let trigger = pm.rootCause.trigger {
            for type in triggerTypes(trigger) { values.append((.trigger, type)) }
        }
        let causes = [pm.rootCause.text ?? ""] + pm.rootCause.whys.map(\.answer)
        for term in terms(causes.joined(separator: "\n")) { values.append((.term, term)) }
        return values
    }

    /// Kinds of trigger, from the words a trigger is told in. A fixed vocabulary, so that
    /// "a config push" and "the configuration change" count as one.
    public static let triggerVocabulary: [(type: String, words: [String])] = [
        ("configuration change", ["config", "configuration", "setting", "settings", "flag", "toggle"]),
        ("deploy", ["deploy", "deployed", "deployment", "release", "released", "rollout", "rolled"]),
        ("upgrade or migration", ["upgrade", "upgraded", "migration", "migrated", "schema"]),
        ("certificate or credential expiry", ["certificate", "cert", "expired", "expiry", "expiration"]),
        ("credential exposure", ["token", "credential", "credentials", "secret", "leaked", "exposed"]),
        ("traffic surge", ["traffic", "spike", "surge", "peak", "load", "burst"]),
        ("dependency failure", ["provider", "vendor", "upstream", "third-party", "dependency", "partner"]),
        ("capacity exhaustion", ["disk", "memory", "quota", "exhausted", "capacity", "full"]),
        ("infrastructure failure", ["hardware", "node", "network", "partition", "dns", "power", "zone"]),
        ("data or job", ["backfill", "batch", "cron", "job", "import", "script"]),
    ]

    static func triggerTypes(_ text: String) -> Set<String> {
        let words = Set(tokens(text))
        return Set(triggerVocabulary.filter { !words.isDisjoint(with: $0.words) }.map(\.type))
    }

    /// Content words, in order.
    static func tokens(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" {
                current.unicodeScalars.append(scalar)
            } else {
                words.append(current)
                current = ""
            }
        }
        words.append(current)
        return words.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "-")) }
    }

    /// Root-cause terms: pairs of content words next to each other ("connection pool"), and
    /// single words of five letters or more that look like the names of things: not past
    /// tenses, participles or adverbs ("passed", "moving", "quickly"), nor the words every
    /// root cause uses ("system", "change").
    static func terms(_ text: String) -> Set<String> {
        var found = Set<String>()
        var previous: String?
        for token in tokens(text) {
            guard token.count >= 3, !IncidentProfile.stopWords.contains(token), !commonWords.contains(token),
                !token.allSatisfy(\.isNumber)
            else {
                previous = nil
                continue
            }
            let looksLikeVerb = ["ed", "ing", "ly", "en"].contains { token.hasSuffix($0) }
            if token.count >= 5, !looksLikeVerb { found.insert(token) }
            if let previous { found.insert(previous + " " + token) }
            previous = token
        }
        return found
    }

    /// Words too general to name a weakness.
    static let commonWords: Set<String> = [
        "system", "systems", "service", "services", "change", "changes", "team", "teams", "years", "year", "longer",
        "public", "tool", "tools", "automatic", "because", "caused", "cause", "causes", "issue", "issues", "problem",
        "problems", "error", "errors", "without", "other", "another", "there", "where", "which", "whose", "while",
        "being", "other", "least", "never", "always", "often", "every", "could", "would", "should", "might", "again",
        "nobody", "someone", "something", "anyone", "everyone", "already", "enough", "known", "within", "across",
    ]

    /// Whether `minimum` of the incidents started within `days` of each other.
    static func recurs(_ incidents: [PostMortem], at minimum: Int, within days: Int) -> Bool {
        let times = incidents.compactMap { $0.started?.date }.sorted()
        guard times.count >= minimum else { return false }
        for i in 0...(times.count - minimum)
        where times[i + minimum - 1].timeIntervalSince(times[i]) <= Double(days) * 86_400 {
            return true
        }
        return false
    }

    /// Incidents with factor `category` that started after an earlier one's action item (of a
    /// kind that changes the system, not a process) was done and due: the fix did not hold.
    static func recurredAfterFix(_ category: String, _ incidents: [PostMortem]) -> [String] {
        var fixedOn: Date?
        var recurred: [String] = []
        for pm in incidents {
            if let fixed = fixedOn, let started = pm.started?.date, started > fixed { recurred.append(pm.id) }
            let fixes = pm.actionItems.filter { $0.status == .done && $0.type != .process }
            if let closed = fixes.compactMap({ $0.closed ?? $0.due }).min() {
                let day = closed.adding(days: 1).startOfDayUTC
                fixedOn = min(fixedOn ?? day, day)
            }
        }
        return recurred
    }

    static func followThrough(_ postMortems: [PostMortem], today: LocalDate) -> FollowThrough {
        let items = postMortems.flatMap(\.actionItems)
        let due = items.filter { item in item.due.map { $0 <= today } ?? false }
        let done = due.filter { $0.status == .done }
        let onTime = done.filter { $0.doneOnTime == true }.count
        let late = done.filter { $0.doneOnTime == false }
        let undated = done.count - onTime - late.count
        let range = due.isEmpty ? nil : [onTime, onTime + undated].map { Double($0) / Double(due.count) }
        let overdue = items.filter { $0.isOverdue(on: today) }
        func daysPast(_ items: [ActionItem], _ end: (ActionItem) -> LocalDate) -> Double? {
            let days = items.compactMap { item in item.due.map { Double(end(item).dayNumber - $0.dayNumber) } }
            return days.isEmpty ? nil : DurationSummary.percentile(days.sorted(), 0.5)
        }
        return FollowThrough(
            actions: items.count, dueByToday: due.count, doneOfDue: done.count,
            shareDoneOfDue: due.isEmpty ? nil : Double(done.count) / Double(due.count),
            doneByDue: onTime, doneLate: late.count, doneUndated: undated,
            shareDoneByDue: undated > 0 ? nil : range?[0], shareDoneByDueRange: range,
            medianDaysLate: daysPast(late) { $0.closed ?? today }, openOverdue: overdue.count,
            medianDaysOverdue: daysPast(overdue) { _ in today })
    }

    static func times(_ postMortems: [PostMortem], middle: Date, _ measure: (PostMortem) -> TimeInterval?) -> Times {
        func group(_ members: [PostMortem]) -> Group {
            let values = members.compactMap(measure).sorted()
            let earlier = members.filter { $0.started!.date < middle }.compactMap(measure).sorted()
            let later = members.filter { $0.started!.date >= middle }.compactMap(measure).sorted()
            var direction = "steady"
            if earlier.count >= 2, later.count >= 2 {
                let before = DurationSummary.percentile(earlier, 0.5)
                let after = DurationSummary.percentile(later, 0.5)
                if after < before * 0.8 { direction = "better" } else if after > before * 1.25 { direction = "worse" }
            }
            let median = values.isEmpty ? nil : DurationSummary.percentile(values, 0.5)
            let p90 = values.isEmpty ? nil : DurationSummary.percentile(values, 0.9)
            return Group(
                count: values.count, median: median, p90: p90, spread: median.flatMap { m in p90.map { $0 - m } },
                direction: direction)
        }
        var bySeverity: [String: Group] = [:]
        for (severity, members) in Dictionary(grouping: postMortems, by: { $0.severity?.rawValue ?? "unknown" }) {
            bySeverity[severity] = group(members)
        }
        var byService: [String: Group] = [:]
        for service in Set(postMortems.flatMap { $0.services.map { $0.lowercased() } }) {
            byService[service] = group(postMortems.filter { $0.services.contains { $0.lowercased() == service } })
        }
        return Times(overall: group(postMortems), bySeverity: bySeverity, byService: byService)
    }

    static func direction(earlier: Int, later: Int) -> String {
        if later > earlier { return "rising" }
        if later < earlier { return "falling" }
        return "steady"
    }

    /// Calendar quarters overlapping the period, with their time ranges.
    static func quarters(from: LocalDate, to: LocalDate) -> [(label: String, range: Range<Date>)] {
        var result: [(String, Range<Date>)] = []
        var year = from.year
        var quarter = (from.month - 1) / 3
        while year < to.year || (year == to.year && quarter <= (to.month - 1) / 3) {
            let start = LocalDate(year: year, month: quarter * 3 + 1, day: 1)
            let next =
                quarter == 3
                ? LocalDate(year: year + 1, month: 1, day: 1) : LocalDate(year: year, month: quarter * 3 + 4, day: 1)
            result.append(("\(year)-Q\(quarter + 1)", start.startOfDayUTC..<next.startOfDayUTC))
            quarter += 1
            if quarter == 4 {
                quarter = 0
                year += 1
            }
        }
        return result
    }
}
