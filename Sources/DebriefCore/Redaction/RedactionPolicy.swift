/// What a team's public versions leave out, from the `redaction:` part of `.debrief.yml`.
public struct RedactionPolicy: Sendable, Equatable {
    /// Domains whose hosts, URLs and e-mail addresses are internal (`corp.example.net`,
    /// `internal`); a host matches when it is the domain or ends in `.domain`.
    public var internalDomains: [String]
    /// Customer names, replaced by "a customer" (or "customer A", "customer B"…).
    public var customers: [String]
    /// Hosts, domains or words that are never redacted (`status.example.com`).
    public var keep: [String]
    /// More hosts of internal tools (chat, tickets, dashboards) besides the built-in ones.
    public var internalTools: [String]
    /// Attachments (by path) that may appear in the public version; the others are left out.
    public var publicAttachments: [String]
    /// Words an author marked for redaction in one post-mortem (they become "[redacted]").
    public var extraTerms: [String] = []
    /// Fields left out of every public version (`neverPublic:` in the policy).
    public var neverPublic: Set<NeverPublic> = NeverPublic.defaults

    public init(
        internalDomains: [String] = [], customers: [String] = [], keep: [String] = [], internalTools: [String] = [],
        publicAttachments: [String] = []
    ) {
        self.internalDomains = internalDomains
        self.customers = customers
        self.keep = keep
        self.internalTools = internalTools
        self.publicAttachments = publicAttachments
    }

    /// Fields a policy may keep out of public versions whole.
    public enum NeverPublic: String, Sendable, CaseIterable, Comparable {
        case cost = "impact.cost"
        case users = "impact.users"
        case customers = "impact.customers"
        case data = "impact.data"
        case sloBudget = "impact.sloBudget"
        case notified = "impact.notified"
        case evidence = "timeline.evidence"
        case actors = "timeline.actor"
        case owners = "actionItems.owner"
        case trackerLinks = "actionItems.link"
        case attachments
        case links
        case review
        case tags
        /// Front-matter keys Debrief does not know.
        case unknownFrontMatter = "unknown-front-matter"

        public static let defaults: Set<NeverPublic> = [.cost, .evidence, .attachments, .unknownFrontMatter]

        public static func < (a: NeverPublic, b: NeverPublic) -> Bool { a.rawValue < b.rawValue }
    }

    /// Top-level names that only exist inside a network.
    public static let internalSuffixes = ["internal", "local", "corp", "lan", "intranet", "localdomain", "home.arpa"]

    /// Hosts of tools that hold internal discussion, tickets and dashboards: a link to one of
    /// them leads nowhere for a public reader and names internal things.
    public static let internalToolHosts = [
        "slack.com", "teams.microsoft.com", "atlassian.net", "pagerduty.com", "opsgenie.com", "linear.app",
        "notion.so", "datadoghq.com", "datadoghq.eu", "sentry.io", "zoom.us", "meet.google.com", "docs.google.com",
        "drive.google.com", "splunkcloud.com", "newrelic.com", "grafana.net", "incident.io", "rootly.com",
        "statuspage.io", "zendesk.com", "freshdesk.com", "intercom.io", "servicenow.com", "salesforce.com",
        "hubspot.com",
    ]

    /// First labels that name an internal tool wherever it is hosted (`grafana.acme.io`).
    public static let internalToolLabels = [
        "jira", "confluence", "wiki", "grafana", "kibana", "dashboard", "dashboards", "tracker", "tickets", "intranet",
        "vpn", "sso", "admin", "console", "jenkins", "ci", "git", "gitlab", "sentry", "splunk", "prometheus",
        "alertmanager", "argocd", "vault", "runbooks", "chat", "mattermost",
    ]

    func matches(_ host: String, _ domains: [String]) -> Bool {
        domains.contains { domain in
            let d = domain.lowercased().trimmingPrefix(".")
            return !d.isEmpty && (host == d || host.hasSuffix("." + d))
        }
    }

    /// True when `host` (lower case, no port) is one a public reader must not see.
    public func isInternal(host: String) -> Bool {
        let host = host.lowercased()
        if isKept(host) { return false }
        if matches(host, internalDomains) || matches(host, Self.internalSuffixes) { return true }
        if matches(host, Self.internalToolHosts) || matches(host, internalTools) { return true }
        let labels = host.split(separator: ".")
        if labels.count == 1 { return true }  // http://grafana/
        if let first = labels.first, labels.count >= 3, Self.internalToolLabels.contains(String(first)) { return true }
        return false
    }

    /// This policy with one post-mortem's own choices: words its authors put back, and words
    /// they want redacted.
    public func with(keep more: [String], redact extra: [String]) -> RedactionPolicy {
        var policy = self
        policy.keep += more
        policy.extraTerms += extra
        return policy
    }

    /// True when `text` is, or is under, something the policy keeps.
    public func isKept(_ text: String) -> Bool {
        let lower = text.lowercased()
        return keep.contains { entry in
            let k = entry.lowercased()
            return !k.isEmpty && (lower == k || lower.hasSuffix("." + k) || lower.hasPrefix(k + "/"))
        }
    }
}

extension String {
    fileprivate func trimmingPrefix(_ prefix: Character) -> String {
        first == prefix ? String(dropFirst()) : self
    }
}
