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
            default:
                throw reader.error(
                    keyNode,
                    "unknown policy key '\(keyNode.string ?? "")'; known: require-postmortem, sections, whys, action-deadlines, banned-phrases, disabled-rules, rules, approvals, redaction"
                )
            }
        }
        return policy
    }
}
