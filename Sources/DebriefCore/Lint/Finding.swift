/// How serious a finding is. `error` fails `debrief lint`.
public enum FindingSeverity: String, Sendable, Codable, CaseIterable, Comparable {
    case error, warning, info

    public static func < (lhs: FindingSeverity, rhs: FindingSeverity) -> Bool {
        allCases.firstIndex(of: lhs)! > allCases.firstIndex(of: rhs)!
    }
}

/// One problem the linter found, with where it is and how to fix it.
public struct Finding: Sendable, Codable, Equatable {
    public var rule: String
    public var severity: FindingSeverity
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int
    /// A rewrite or fix to offer, when there is one.
    public var suggestion: String?

    public init(
        rule: String, severity: FindingSeverity, message: String, file: String, line: Int, column: Int,
        suggestion: String? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.suggestion = suggestion
    }
}

/// What a rule is, for `--list-rules`, the docs and SARIF.
public struct RuleDescription: Sendable, Codable, Equatable {
    public var id: String
    public var severity: FindingSeverity
    public var summary: String
    /// Text that triggers the rule.
    public var bad: String
    /// The same idea, written so it passes.
    public var good: String

    public init(id: String, severity: FindingSeverity, summary: String, bad: String, good: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.bad = bad
        self.good = good
    }
}
