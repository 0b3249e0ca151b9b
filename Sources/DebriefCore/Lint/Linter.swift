/// Everything a rule may look at.
public struct LintContext: Sendable {
    public let document: SourceDocument
    public let policy: Policy
    /// The day overdue is measured against.
    public let today: LocalDate
    public let prose: ProseText
    /// Lower-cased names of the people the document names (with their first names).
    public let people: Set<String>
    /// The lines that may hold a key or token (see `SecretRules.mayHoldToken`), found once.
    public let tokenLines: [DocumentLine]
    /// The sentences the language model flags for blame or hindsight, read once for all rules.
    let flaggedSentences: [LanguageRules.Flagged]

    public init(document: SourceDocument, policy: Policy, today: LocalDate) {
        self.document = document
        self.policy = policy
        self.today = today
        prose = ProseText(document)
        tokenLines = document.lines.filter { SecretRules.mayHoldToken($0.text) }
        var names = Set<String>()
        for person in document.postMortem.people {
            let lower = person.lowercased().trimmed("@ ")
            guard !lower.isEmpty else { continue }
            names.insert(lower)
            if let first = lower.split(separator: " ").first { names.insert(String(first)) }
        }
        people = names
        // The model is the lint's most costly reading: skipped when the policy turns off every
        // rule that reports it.
        let modelRules = LanguageRules.Family.allCases.map(\.ruleID)
        flaggedSentences =
            modelRules.allSatisfy(policy.isDisabled) ? [] : LanguageRules.flagged(prose, people: names)
    }

    public var postMortem: PostMortem { document.postMortem }
    public var map: SourceMap { document.sourceMap }
}

/// One place a rule fired.
public struct Hit: Sendable {
    public var location: SourceLocation
    public var message: String
    public var suggestion: String?
    /// Overrides the rule's severity for this hit (e.g. a GDPR deadline is always an error).
    public var severity: FindingSeverity?

    public init(
        _ location: SourceLocation, _ message: String, suggestion: String? = nil, severity: FindingSeverity? = nil
    ) {
        self.location = location
        self.message = message
        self.suggestion = suggestion
        self.severity = severity
    }
}

/// A lint rule: its description and the check that finds hits.
public struct Rule: Sendable {
    public let description: RuleDescription
    let check: @Sendable (LintContext) -> [Hit]

    public init(
        _ id: String, _ severity: FindingSeverity, _ summary: String, bad: String, good: String,
        check: @escaping @Sendable (LintContext) -> [Hit]
    ) {
        description = RuleDescription(id: id, severity: severity, summary: summary, bad: bad, good: good)
        self.check = check
    }

    public var id: String { description.id }
}

/// Runs the rules over a document.
public struct Linter: Sendable {
    public let rules: [Rule]

    public init(rules: [Rule] = Linter.allRules) { self.rules = rules }

    /// Every rule Debrief ships, in documentation order.
    public static let allRules: [Rule] =
        CompletenessRules.all + MetadataRules.all + TimelineRules.all + WhysRules.all + ActionRules.all
        + BlameRules.all + HindsightRules.all + SecretRules.all + PrivacyRules.all

    public func lint(_ document: SourceDocument, policy: Policy = Policy(), today: LocalDate) -> [Finding] {
        let context = LintContext(document: document, policy: policy, today: today)
        let optional = document.postMortem.severity.map { !policy.requirePostMortem.contains($0) } ?? false
        var findings: [Finding] = []
        for rule in rules where !policy.isDisabled(rule.id) {
            for hit in rule.check(context) {
                var severity = hit.severity ?? policy.ruleSeverities[rule.id] ?? rule.description.severity
                if optional, rule.id.hasPrefix("completeness/"), severity == .error { severity = .warning }
                findings.append(
                    Finding(
                        rule: rule.id, severity: severity, message: hit.message, file: document.path,
                        line: hit.location.line, column: hit.location.column, suggestion: hit.suggestion))
            }
        }
        return findings.sorted { ($0.line, $0.column, $0.rule) < ($1.line, $1.column, $1.rule) }
    }
}
