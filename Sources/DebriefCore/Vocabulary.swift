/// How bad an incident was, SEV1 (worst) to SEV5.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case sev1 = "SEV1", sev2 = "SEV2", sev3 = "SEV3", sev4 = "SEV4", sev5 = "SEV5"

    /// 1 for SEV1 … 5 for SEV5.
    public var level: Int { Severity.allCases.firstIndex(of: self)! + 1 }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.level < rhs.level }

    /// Accepts `SEV1`, `sev-1`, `Sev 1`, `1`, `S1`, `P1`-style numbers are not severities.
    public init?(loose text: String) {
        let digits = text.lowercased().filter { !" -_".contains($0) }
        let number =
            digits.hasPrefix("sev")
            ? String(digits.dropFirst(3)) : (digits.hasPrefix("s") ? String(digits.dropFirst()) : digits)
        guard let level = Int(number), (1...5).contains(level) else { return nil }
        self = Severity.allCases[level - 1]
    }
}

/// What sort of incident it was; `near-miss` is one that nearly happened.
public enum IncidentKind: String, Sendable, Codable, CaseIterable {
    case outage, degradation, security
    case dataExposure = "data-exposure"
    case nearMiss = "near-miss"
}

/// Where a post-mortem is in its review workflow.
public enum Status: String, Sendable, Codable, CaseIterable {
    case draft
    case inReview = "in-review"
    case approved, published
}

/// How the incident came to the team's attention.
public enum DetectionMethod: String, Sendable, Codable, CaseIterable {
    case alert
    case customerReport = "customer-report"
    case employee
    case thirdParty = "third-party"
    case audit
}

/// What a timeline entry records.
public enum TimelineKind: String, Sendable, Codable, CaseIterable {
    case start, detect, alert, escalate, action, communication, change, mitigate, resolve, note
}

/// The fixed taxonomy of contributing factors, so trends can be counted across incidents.
public enum FactorCategory: String, Sendable, Codable, CaseIterable {
    case monitoring, alerting
    case changeManagement = "change-management"
    case testing, capacity, configuration, dependency
    case accessControl = "access-control"
    case secretsManagement = "secrets-management"
    case process, documentation, communication
    case codeDefect = "code-defect"
    case thirdParty = "third-party"
}

/// Urgency of an action item, P0 (now) to P3.
public enum Priority: String, Sendable, Codable, CaseIterable, Comparable {
    case p0 = "P0", p1 = "P1", p2 = "P2", p3 = "P3"

    public static func < (lhs: Priority, rhs: Priority) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What an action item does about a recurrence.
public enum ActionType: String, Sendable, Codable, CaseIterable {
    case prevent, detect, mitigate, process, repair
}

/// Where an action item stands.
public enum ActionStatus: String, Sendable, Codable, CaseIterable {
    case open
    case inProgress = "in-progress"
    case done
    case wontDo = "wont-do"

    /// Done or deliberately dropped: nothing left to chase.
    public var isClosed: Bool { self == .done || self == .wontDo }
}

/// A reviewer's verdict on a post-mortem.
public enum ReviewDecision: String, Sendable, Codable, CaseIterable {
    case approved
    case changesRequested = "changes-requested"
}
