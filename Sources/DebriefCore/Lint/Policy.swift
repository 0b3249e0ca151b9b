/// A team's rules for its post-mortems, read from `.debrief.yml`.
public struct Policy: Sendable, Equatable {
    /// Severities that require a post-mortem; for the others completeness findings are warnings.
    public var requirePostMortem: Set<Severity>
    /// Sections that must have content, by severity.
    public var requiredSections: [Severity: [SectionKey]]
    /// How many whys the chain needs, by severity.
    public var whysDepth: [Severity: Int]
    /// The latest an action item may be due, in days after the incident, by priority.
    public var actionDeadlineDays: [Priority: Int]
    /// Extra phrases the team does not want in a post-mortem (reported as `blame/banned-phrase`).
    public var bannedPhrases: [String]
    /// Rule ids (or whole families, `hindsight/*`) that are switched off.
    public var disabledRules: Set<String>
    /// Severity overrides by rule id.
    public var ruleSeverities: [String: FindingSeverity]
    /// Approvals needed before publishing.
    public var requiredApprovals: Int
    /// What public versions leave out (`redaction:`).
    public var redaction = RedactionPolicy()
    /// Where reminders of due action items go (`reminders:`).
    public var reminders = ReminderSettings()
    /// The tracker action items are pushed to (`trackers:`), if any.
    public var tracker: TrackerSettings?

    public init(
        requirePostMortem: Set<Severity> = [.sev1, .sev2, .sev3],
        requiredSections: [Severity: [SectionKey]] = Policy.defaultSections,
        whysDepth: [Severity: Int] = [.sev1: 5, .sev2: 5, .sev3: 3, .sev4: 3, .sev5: 3],
        actionDeadlineDays: [Priority: Int] = [.p0: 7, .p1: 30, .p2: 90, .p3: 180],
        bannedPhrases: [String] = [], disabledRules: Set<String> = [], ruleSeverities: [String: FindingSeverity] = [:],
        requiredApprovals: Int = 1
    ) {
        self.requirePostMortem = requirePostMortem
        self.requiredSections = requiredSections
        self.whysDepth = whysDepth
        self.actionDeadlineDays = actionDeadlineDays
        self.bannedPhrases = bannedPhrases
        self.disabledRules = disabledRules
        self.ruleSeverities = ruleSeverities
        self.requiredApprovals = requiredApprovals
    }

    public static let defaultSections: [Severity: [SectionKey]] = {
        let full: [SectionKey] = [
            .summary, .impact, .timeline, .rootCause, .fiveWhys, .contributingFactors, .detection, .actionItems,
            .lessons,
        ]
        let medium: [SectionKey] = [.summary, .impact, .timeline, .rootCause, .fiveWhys, .actionItems]
        let light: [SectionKey] = [.summary, .timeline, .rootCause, .actionItems]
        return [.sev1: full, .sev2: full, .sev3: medium, .sev4: light, .sev5: light]
    }()

    /// True when the rule (or its family) is switched off.
    public func isDisabled(_ rule: String) -> Bool {
        if disabledRules.contains(rule) { return true }
        guard let slash = rule.firstIndex(of: "/") else { return false }
        return disabledRules.contains(String(rule[..<slash]) + "/*") || disabledRules.contains(String(rule[..<slash]))
    }

    /// The whys depth for a severity (3 when the severity is unknown).
    public func whysDepth(for severity: Severity?) -> Int {
        severity.flatMap { whysDepth[$0] } ?? 3
    }
}
