import DebriefCore

/// The words people use for Debrief's sections and values in hand-written post-mortems.
enum Synonyms {
    /// Where a heading belongs: a standard section or one of the three lesson lists.
    enum HeadingTarget: Equatable {
        case section(SectionKey)
        case wentWell, wentPoorly, gotLucky
    }

    static let headings: [String: HeadingTarget] = {
        var table: [String: HeadingTarget] = [:]
        func add(_ target: HeadingTarget, _ names: [String]) {
            for name in names { table[name] = target }
        }
        add(
            .section(.summary),
            [
                "summary", "executive summary", "overview", "tl;dr", "tldr", "incident summary", "abstract",
                "description", "outline", "outline of the failure", "outline of the incident", "incident overview",
            ])
        add(
            .section(.impact),
            [
                "impact", "customer impact", "user impact", "business impact", "impact assessment", "scope",
                "scope and impact", "impact and scope",
            ])
        add(
            .section(.timeline),
            [
                "timeline", "incident timeline", "sequence of events", "chronology", "timeline of events",
                "event timeline", "detailed timeline",
            ])
        add(.section(.trigger), ["trigger", "triggers", "what triggered it", "triggering event"])
        add(
            .section(.rootCause),
            [
                "root cause", "root causes", "root cause analysis", "rca", "cause", "causes", "analysis",
                "technical analysis", "why it happened", "why did it happen", "why it went wrong",
                "what went wrong and why",
            ])
        add(.section(.fiveWhys), ["five whys", "5 whys", "5 why", "the five whys", "5-whys", "whys", "why analysis"])
        add(
            .section(.contributingFactors),
            ["contributing factors", "contributing causes", "contributing factor", "factors"])
        add(
            .section(.detection),
            ["detection", "how was it detected", "how it was detected", "how we found out", "discovery"])
        add(
            .section(.response),
            [
                "response", "resolution", "recovery", "mitigation", "response and recovery", "resolution and recovery",
                "remediation", "mitigation and resolution", "incident response",
            ])
        add(
            .section(.actionItems),
            [
                "action items", "actions", "follow-ups", "follow ups", "followups", "follow-up", "follow-up actions",
                "follow-up items", "corrective actions", "corrective and preventative actions", "next steps",
                "remediation items", "preventive actions", "preventative actions", "action plan", "todo", "to do",
                "repair items", "what we're doing about it", "what we are doing about it", "what we're doing",
                "what we are doing", "what we are changing", "what we're changing", "preventing recurrence",
                "prevention", "preventive measures", "corrective and preventive actions", "improvements",
                "future work", "follow up", "remediation actions", "remediations", "capa", "next actions",
                "how we're fixing it", "how we are fixing it", "what happens next", "open items", "follow-up tasks",
                "follow up tasks", "followup tasks", "tasks", "countermeasures", "counter measures", "counter-measures",
                "measures", "recurrence prevention", "measures to prevent recurrence", "corrective measures",
                "permanent measures", "things we will do", "what we will do", "what we'll do", "things to do",
                "what we will change", "what we'll change",
                "how are we making incidents like this less likely or less impactful", "lessons and action items",
            ])
        add(
            .section(.lessons),
            [
                "lessons learned", "lessons", "learnings", "takeaways", "lessons learnt", "what we learned",
                "retrospective",
            ])
        add(.section(.attachments), ["attachments", "screenshots", "graphs", "figures", "images"])
        add(
            .section(.links),
            [
                "links", "references", "related", "supporting information", "related links", "related incidents",
                "further reading",
            ])
        add(
            .wentWell,
            ["what went well", "things that went well", "went well", "what worked", "what worked well", "the good"])
        add(
            .wentPoorly,
            [
                "what went poorly", "what went wrong", "things that went wrong", "went wrong", "what went badly",
                "what didn't go well", "what did not go well", "what could have gone better", "where we could improve",
                "the bad",
            ])
        add(.gotLucky, ["where we got lucky", "what we got lucky with", "luck", "got lucky", "lucky"])
        return table
    }()

    /// The target of a heading, ignoring case, numbering (`3.`), trailing punctuation and a
    /// parenthetical such as "(all times UTC)".
    static func heading(_ text: String) -> HeadingTarget? {
        headings[normalizedHeading(text)]
    }

    static let headingTrimSet: Set<Character> = [" ", ":", ".", "*", "_", "#", "\t", "?"]

    static func normalizedHeading(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return normalizedASCIIHeading(text) }
        return normalizedUnicodeHeading(text)
    }

    /// The same steps on bytes: lower-case, cut at "(", drop leading numbering and trim
    /// characters, drop trailing trim characters, collapse runs of spaces.
    static func normalizedASCIIHeading(_ text: String) -> String {
        var bytes = Array(text.utf8.lazy.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 })
        if let paren = bytes.firstIndex(of: 40) { bytes.removeSubrange(paren...) }
        let trim: Set<UInt8> = [32, 58, 46, 42, 95, 35, 9, 63]
        var start = 0
        while start < bytes.count,
            (bytes[start] >= 48 && bytes[start] <= 57) || trim.contains(bytes[start]) || bytes[start] == 41
        {
            start += 1
        }
        var end = bytes.count
        while end > start, trim.contains(bytes[end - 1]) { end -= 1 }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var pendingSpace = false
        for byte in bytes[start..<end] {
            if byte == 32 {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(32) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func normalizedUnicodeHeading(_ text: String) -> String {
        var t = text.lowercased()
        if let paren = t.firstIndex(of: "(") { t = String(t[..<paren]) }
        t = ProseText.straightenApostrophes(t)
        let trimSet = headingTrimSet
        // Drop leading numbering like "3." or "3)".
        var chars = Substring(t)
        while let c = chars.first, c.isNumber || trimSet.contains(c) || c == ")" { chars = chars.dropFirst() }
        while let c = chars.last, trimSet.contains(c) { chars = chars.dropLast() }
        return chars.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static let factorTable: [String: FactorCategory] = [
        "observability": .monitoring, "alerts": .alerting, "change": .changeManagement,
        "change-control": .changeManagement, "deployment": .changeManagement, "deploys": .changeManagement,
        "tests": .testing, "test": .testing, "config": .configuration, "capacity-planning": .capacity,
        "dependencies": .dependency, "deps": .dependency, "access": .accessControl, "permissions": .accessControl,
        "secrets": .secretsManagement, "credentials": .secretsManagement, "docs": .documentation,
        "runbook": .documentation, "runbooks": .documentation, "comms": .communication, "bug": .codeDefect,
        "code": .codeDefect, "software-bug": .codeDefect, "vendor": .thirdParty,
        "third-party-dependency": .thirdParty,
    ]

    static func factorCategory(_ text: String) -> FactorCategory? {
        let key = text.lowercased().trimmed(" *_[]`:").replacingOccurrences(
            of: " ", with: "-")
        if let exact = FactorCategory(rawValue: key) { return exact }
        return factorTable[key]
    }

    static let priorityTable: [String: Priority] = [
        "critical": .p0, "urgent": .p0, "highest": .p0, "high": .p1, "medium": .p2, "normal": .p2, "low": .p3,
        "lowest": .p3,
    ]

    static func priority(_ text: String) -> Priority? {
        let key = text.lowercased().trimmedWhitespace()
        if let p = Priority(rawValue: key.uppercased()) { return p }
        return priorityTable[key]
    }

    static let actionTypeTable: [String: ActionType] = [
        "prevention": .prevent, "preventive": .prevent, "preventative": .prevent, "detection": .detect,
        "mitigation": .mitigate, "repair": .repair, "fix": .repair, "cleanup": .repair, "clean-up": .repair,
        "investigate": .process, "investigation": .process, "documentation": .process, "training": .process,
    ]

    static func actionType(_ text: String) -> ActionType? {
        let key = text.lowercased().trimmedWhitespace()
        if let t = ActionType(rawValue: key) { return t }
        return actionTypeTable[key]
    }

    static let actionStatusTable: [String: ActionStatus] = [
        "todo": .open, "to do": .open, "not started": .open, "new": .open, "planned": .open,
        "in progress": .inProgress,
        "doing": .inProgress, "wip": .inProgress, "started": .inProgress, "in review": .inProgress,
        "complete": .done, "completed": .done, "closed": .done, "fixed": .done, "resolved": .done,
        "finished": .done,
        "✅": .done, "won't do": .wontDo, "wontdo": .wontDo, "wont do": .wontDo, "wontfix": .wontDo,
        "won't fix": .wontDo, "cancelled": .wontDo, "canceled": .wontDo, "dropped": .wontDo,
    ]

    static func actionStatus(_ text: String) -> ActionStatus? {
        let key = ProseText.straightenApostrophes(text.lowercased().trimmedWhitespace())
        if let s = ActionStatus(rawValue: key) { return s }
        return actionStatusTable[key]
    }

    static let timelineKindTable: [String: TimelineKind] = [
        "started": .start, "begin": .start, "began": .start, "detected": .detect, "detection": .detect,
        "alerted": .alert, "page": .alert, "paged": .alert, "escalation": .escalate, "escalated": .escalate,
        "comms": .communication, "communicate": .communication, "deploy": .change, "deployment": .change,
        "mitigation": .mitigate, "mitigated": .mitigate, "resolved": .resolve, "resolution": .resolve,
        "info": .note, "context": .note,
    ]

    static func timelineKind(_ text: String) -> TimelineKind? {
        let key = text.lowercased().trimmedWhitespace()
        if let k = TimelineKind(rawValue: key) { return k }
        return timelineKindTable[key]
    }

    /// Guesses what a hand-written timeline line records from its words.
    static func inferTimelineKind(_ text: String) -> TimelineKind {
        let t = text.lowercased()
        func has(_ words: [String]) -> Bool { words.contains { t.contains($0) } }
        if has([
            "outage begins", "outage began", "incident begins", "impact begins", "impact started", "first error",
            "errors begin", "errors start", "started failing", "began failing", "began to fail", "start of impact",
        ]) {
            return .start
        }
        // "First declines: …", "First 502s seen": the first sign of failure; and "nodes begin
        // failing", "partner starts returning timeouts": failure starting.
        let failure = [
            "error", "fail", "declin", "timeout", "time out", "timing out", "reject", "exception", "5xx",
            "crash", "refus", "drop",
        ]
        if t.hasPrefix("first "), has(failure) { return .start }
        let words = t.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let starting: Set<Substring> = ["begin", "begins", "began", "start", "starts", "started", "starting"]
        for (i, word) in words.enumerated() where starting.contains(word) {
            let next = words[(i + 1)..<min(words.count, i + 4)].joined(separator: " ")
            if failure.contains(where: { next.contains($0) }) { return .start }
        }
        if has([
            "outage ends", "outage ended", "incident ends", "resolved", "fully recovered", "fully restored",
            "back to normal", "recovered", "all clear", "incident closed", "impact ends", "end of impact",
        ]) {
            return .resolve
        }
        if has([
            "mitigated", "mitigation", "rolled back", "roll back", "rollback", "reverted", "failover", "failed over",
            "drained", "outage mitigated", "restarted", "scaled up", "rotated", "revoked", "restored",
        ]) {
            return .mitigate
        }
        if has([
            "escalat", "incident commander", "declared", "war room", "bridge opened", "sev1 declared", "sev2 declared",
        ]) {
            return .escalate
        }
        if has([
            "alert", "paged", "page fired", "pagerduty", "opsgenie", "borgmon", "prometheus", "monitoring detected",
            "fired",
        ]) {
            return .alert
        }
        if has([
            "detected", "noticed", "reported", "reports ", "discovered", "customer report", "tweeted", "support ticket",
        ]) {
            return .detect
        }
        if has([
            "status page", "statuspage", "posted update", "customers notified", "notified customers", "informed",
            "notified", "announcement",
            "communicat", "email to customers", "tweet",
        ]) {
            return .communication
        }
        if has([
            "deploy", "deployed", "merged", "released", "rolled out", "roll out", "config change",
            "configuration change", "pushed", "migration ran", "upgraded",
        ]) {
            return .change
        }
        return .action
    }
}

extension TimelineKind {
    /// The kind a timeline line's words suggest (`Alert fired` → alert), as import reads it.
    public static func inferred(from text: String) -> TimelineKind { Synonyms.inferTimelineKind(text) }
}
