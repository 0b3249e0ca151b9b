import DebriefCore
import Foundation
import Yams

/// Reads `.debrief.yml`, the team's policy, and finds it by walking up from a file.
public enum PolicyFile {
    public static let name = ".debrief.yml"

    /// The nearest `.debrief.yml` in the file's folder or any folder above it.
    public static func find(from path: String) -> URL? {
        var directory = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if !(FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        {
            directory.deleteLastPathComponent()
        }
        while true {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }

    /// Loads a policy file; throws `ParseError` naming the line of a bad value.
    public static func load(_ url: URL) throws -> Policy {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try parse(text, path: url.path)
    }

    public static func parse(_ text: String, path: String = name) throws -> Policy {
        let reader = FrontMatterReader(path: path, firstLine: 1, map: SourceMap())
        var policy = Policy()
        guard let root = try reader.compose(text) else { return policy }
        guard case .mapping(let mapping) = root else { throw reader.error(root, "the policy must be a mapping") }
        func severities(_ node: Node) throws -> [Severity] {
            try reader.list(node).map { text in
                guard let severity = Severity(loose: text) else {
                    throw reader.error(node, "'\(text)' is not a severity (SEV1–SEV5)")
                }
                return severity
            }
        }
        func bySeverity(_ node: Node, _ body: (Severity?, Node) throws -> Void) throws {
            guard case .mapping(let entries) = node else { throw reader.error(node, "expected `SEV1: …` entries") }
            for (key, value) in entries {
                let name = key.string ?? ""
                if name.lowercased() == "default" {
                    try body(nil, value)
                } else {
                    guard let severity = Severity(loose: name) else {
                        throw reader.error(key, "'\(name)' is not a severity")
                    }
                    try body(severity, value)
                }
            }
        }
        for (keyNode, value) in mapping {
            let key = FrontMatterReader.normalizedKey(keyNode.string ?? "")
            switch key {
            case "requirepostmortem", "require":
                policy.requirePostMortem = Set(try severities(value))
            case "sections", "requiredsections":
                try bySeverity(value) { severity, node in
                    let keys = try reader.list(node).map { name -> SectionKey in
                        guard let key = SectionKey(rawValue: Slug.make(name)) else {
                            throw reader.error(
                                node,
                                "'\(name)' is not a section; use \(SectionKey.allCases.map(\.rawValue).joined(separator: ", "))"
                            )
                        }
                        return key
                    }
                    for s in severity.map({ [$0] }) ?? Severity.allCases { policy.requiredSections[s] = keys }
                }
            case "whys", "whysdepth":
                try bySeverity(value) { severity, node in
                    guard let depth = node.int, depth >= 0 else {
                        throw reader.error(node, "whys depth must be a whole number")
                    }
                    for s in severity.map({ [$0] }) ?? Severity.allCases { policy.whysDepth[s] = depth }
                }
            case "actiondeadlines", "deadlines":
                guard case .mapping(let entries) = value else { throw reader.error(value, "expected `P0: 7` entries") }
                for (p, days) in entries {
                    guard let priority = Priority(rawValue: (p.string ?? "").uppercased()), let n = days.int else {
                        throw reader.error(p, "expected a priority (P0–P3) and a number of days")
                    }
                    policy.actionDeadlineDays[priority] = n
                }
            case "bannedphrases", "banned":
                policy.bannedPhrases = try reader.list(value)
            case "disabledrules", "disable", "disabled":
                policy.disabledRules = Set(try reader.list(value))
            case "rules", "severities":
                guard case .mapping(let entries) = value else {
                    throw reader.error(value, "expected `rule-id: warning` entries")
                }
                for (rule, level) in entries {
                    guard let name = rule.string,
                        let severity = FindingSeverity(rawValue: (level.string ?? "").lowercased())
                    else {
                        throw reader.error(level, "expected error, warning or info")
                    }
                    policy.ruleSeverities[name] = severity
                }
            case "approvals", "requiredapprovals":
                guard let n = value.int, n >= 0 else { throw reader.error(value, "approvals must be a whole number") }
                policy.requiredApprovals = n
            case "redaction":
                guard case .mapping(let entries) = value else {
                    throw reader.error(value, "expected `internalDomains: […]`, `customers: […]`, `keep: […]` entries")
                }
                for (name, list) in entries {
                    switch FrontMatterReader.normalizedKey(name.string ?? "") {
                    case "internaldomains", "domains": policy.redaction.internalDomains = try reader.list(list)
                    case "customers": policy.redaction.customers = try reader.list(list)
                    case "keep": policy.redaction.keep = try reader.list(list)
                    case "internaltools", "tools": policy.redaction.internalTools = try reader.list(list)
                    case "publicattachments": policy.redaction.publicAttachments = try reader.list(list)
                    case "neverpublic":
                        policy.redaction.neverPublic = Set(
                            try reader.list(list).map { name in
                                guard let field = RedactionPolicy.NeverPublic(rawValue: name) else {
                                    throw reader.error(
                                        list,
                                        "'\(name)' is not a field neverPublic knows; use \(RedactionPolicy.NeverPublic.allCases.map(\.rawValue).joined(separator: ", "))"
                                    )
                                }
                                return field
                            })
                    default:
                        throw reader.error(
                            name,
                            "unknown redaction key '\(name.string ?? "")'; known: internalDomains, customers, keep, internalTools, publicAttachments, neverPublic"
                        )
                    }
                }
            case "reminders":
                policy.reminders = try reminders(value, reader)
            case "trackers", "tracker":
                policy.tracker = try tracker(value, reader)
            default:
                throw reader.error(
                    keyNode,
                    "unknown policy key '\(keyNode.string ?? "")'; known: require-postmortem, sections, whys, action-deadlines, banned-phrases, disabled-rules, rules, approvals, redaction, reminders, trackers"
                )
            }
        }
        return policy
    }

    /// The `reminders:` part: `dueSoonDays`, `from`, `emailDomain`, `addresses`, `smtp`
    /// (`host`, `port`, `tls`, `username`, `passwordEnvironment`, `caFile`), `slack`, `teams`,
    /// `webhook`, `baseURL`.
    static func reminders(_ node: Node, _ reader: FrontMatterReader) throws -> ReminderSettings {
        guard case .mapping(let entries) = node else {
            throw reader.error(node, "expected `from: …`, `emailDomain: …`, `smtp: {host: …}` entries")
        }
        var settings = ReminderSettings()
        func text(_ value: Node) throws -> String {
            guard let text = value.string, !text.isEmpty else { throw reader.error(value, "expected a value") }
            return text
        }
        for (key, value) in entries {
            switch FrontMatterReader.normalizedKey(key.string ?? "") {
            case "duesoondays":
                guard let days = value.int, (0...60).contains(days) else {
                    throw reader.error(value, "dueSoonDays is a whole number of days, 0 to 60")
                }
                settings.dueSoonDays = days
            case "from": settings.from = try text(value)
            case "emaildomain": settings.emailDomain = try text(value)
            case "addresses":
                guard case .mapping(let pairs) = value else {
                    throw reader.error(value, "expected `owner: address` entries")
                }
                for (owner, address) in pairs { settings.addresses[try text(owner)] = try text(address) }
            case "slack": settings.slack = try text(value)
            case "teams": settings.teams = try text(value)
            case "webhook": settings.webhook = try text(value)
            case "baseurl": settings.baseURL = try text(value)
            case "smtp":
                guard case .mapping(let fields) = value else { throw reader.error(value, "expected `host: …` entries") }
                var smtp: SMTPSettings?
                var rest: [(Node, Node)] = []
                for (field, fieldValue) in fields {
                    if FrontMatterReader.normalizedKey(field.string ?? "") == "host" {
                        smtp = SMTPSettings(host: try text(fieldValue))
                    } else {
                        rest.append((field, fieldValue))
                    }
                }
                guard var relay = smtp else { throw reader.error(value, "smtp needs a host") }
                for (field, fieldValue) in rest {
                    switch FrontMatterReader.normalizedKey(field.string ?? "") {
                    case "port":
                        guard let port = fieldValue.int, (1...65535).contains(port) else {
                            throw reader.error(fieldValue, "port is 1 to 65535")
                        }
                        relay.port = port
                    case "tls":
                        guard let tls = SMTPSettings.TLS(rawValue: (fieldValue.string ?? "").lowercased()) else {
                            throw reader.error(fieldValue, "tls is auto, require or never")
                        }
                        relay.tls = tls
                    case "username": relay.username = try text(fieldValue)
                    case "passwordenvironment": relay.passwordEnvironment = try text(fieldValue)
                    case "cafile": relay.caFile = try text(fieldValue)
                    case "password":
                        throw reader.error(
                            field, "no passwords in the policy file: put it in the environment (passwordEnvironment)")
                    default:
                        throw reader.error(
                            field,
                            "unknown smtp key '\(field.string ?? "")'; known: host, port, tls, username, passwordEnvironment, caFile"
                        )
                    }
                }
                settings.smtp = relay
            default:
                throw reader.error(
                    key,
                    "unknown reminders key '\(key.string ?? "")'; known: dueSoonDays, from, emailDomain, addresses, smtp, slack, teams, webhook, baseURL"
                )
            }
        }
        return settings
    }

    /// The `trackers:` part: `github: {repository: owner/name, apiURL, tokenEnvironment,
    /// webhookSecretEnvironment, labels, logins}`.
    static func tracker(_ node: Node, _ reader: FrontMatterReader) throws -> TrackerSettings {
        guard case .mapping(let entries) = node, entries.count == 1, let (kindNode, value) = entries.first else {
            throw reader.error(node, "expected one tracker: `github: {repository: owner/name}`")
        }
        guard let kind = TrackerSettings.Kind(rawValue: (kindNode.string ?? "").lowercased()) else {
            throw reader.error(
                kindNode,
                "'\(kindNode.string ?? "")' is not a tracker Debrief can sync with; known: "
                    + TrackerSettings.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard case .mapping(let fields) = value else { throw reader.error(value, "expected `repository: owner/name`") }
        var repository: String?
        var settings: [(Node, Node)] = []
        for (field, fieldValue) in fields {
            if ["repository", "project", "projectkey", "team"].contains(
                FrontMatterReader.normalizedKey(field.string ?? ""))
            {
                repository = fieldValue.string
            } else {
                settings.append((field, fieldValue))
            }
        }
        guard let repository, repository.split(separator: "/").count >= 2,
            kind == .gitlab || repository.split(separator: "/").count == 2
        else {
            throw reader.error(
                value,
                kind == .github
                    ? "a GitHub tracker needs `repository: owner/name`" : "a GitLab tracker needs `project: group/name`"
            )
        }
        var tracker = TrackerSettings(kind: kind, repository: repository)
        for (field, fieldValue) in settings {
            switch FrontMatterReader.normalizedKey(field.string ?? "") {
            case "apiurl": tracker.apiURL = fieldValue.string ?? tracker.apiURL
            case "tokenenvironment": tracker.tokenEnvironment = fieldValue.string ?? tracker.tokenEnvironment
            case "webhooksecretenvironment":
                tracker.webhookSecretEnvironment = fieldValue.string ?? tracker.webhookSecretEnvironment
            case "labels": tracker.labels = try reader.list(fieldValue)
            case "user": tracker.user = fieldValue.string
            case "issuetype": tracker.issueType = fieldValue.string ?? tracker.issueType
            case "logins":
                guard case .mapping(let pairs) = fieldValue else {
                    throw reader.error(fieldValue, "expected `name: login`")
                }
                for (name, login) in pairs { tracker.logins[name.string ?? ""] = login.string ?? "" }
            case "token":
                throw reader.error(field, "no tokens in the policy file: put it in the environment (tokenEnvironment)")
            default:
                throw reader.error(
                    field,
                    "unknown tracker key '\(field.string ?? "")'; known: repository, apiURL, tokenEnvironment, webhookSecretEnvironment, labels, logins"
                )
            }
        }
        return tracker
    }
}
