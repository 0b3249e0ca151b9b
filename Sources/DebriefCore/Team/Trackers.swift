import Foundation

/// An issue tracker action items are pushed to (`trackers:` in `.debrief.yml`).
public struct TrackerSettings: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable { case github, gitlab, jira, linear }
    public var kind: Kind
    /// `owner/name` on GitHub, the project's path (`group/subgroup/name`) on GitLab, the
    /// project key (`OPS`) on Jira, the team key (`OPS`) on Linear.
    public var repository: String
    /// Jira only: the account (an e-mail address) the API token belongs to.
    public var user: String?
    /// Jira only: the issue type new issues get.
    public var issueType = "Task"
    /// The API's address (GitHub Enterprise has its own).
    public var apiURL: String
    /// The token comes from this environment variable, never from the file.
    public var tokenEnvironment: String
    /// Webhook deliveries are verified with the secret in this environment variable.
    public var webhookSecretEnvironment: String
    /// Labels every issue gets (the first also finds Debrief's issues again).
    public var labels: [String]
    /// Account names to tracker logins, where they differ (`priya.nair: pnair`).
    public var logins: [String: String]

    public init(kind: Kind = .github, repository: String) {
        self.kind = kind
        self.repository = repository
        switch kind {
        case .github:
            apiURL = "https://api.github.com"
            tokenEnvironment = "GITHUB_TOKEN"
            webhookSecretEnvironment = "GITHUB_WEBHOOK_SECRET"
        case .gitlab:
            apiURL = "https://gitlab.com/api/v4"
            tokenEnvironment = "GITLAB_TOKEN"
            webhookSecretEnvironment = "GITLAB_WEBHOOK_SECRET"
        case .jira:
            apiURL = "https://your-site.atlassian.net"
            tokenEnvironment = "JIRA_TOKEN"
            webhookSecretEnvironment = "JIRA_WEBHOOK_SECRET"
        case .linear:
            apiURL = "https://api.linear.app/graphql"
            tokenEnvironment = "LINEAR_API_KEY"
            webhookSecretEnvironment = "LINEAR_WEBHOOK_SECRET"
        }
        labels = ["post-mortem"]
        logins = [:]
    }

    /// `apiURL` without its trailing slash, for paths to be added to.
    public var apiRoot: String { WebAddress.trimmed(apiURL) }
}

/// What an action item becomes in a tracker, pure.
public enum TrackerIssue {
    /// A line in the issue body that names the item it came from, so a sync that was cut off
    /// finds the issue it made instead of making a second.
    public static func marker(postMortem: String, index: Int) -> String {
        "debrief-action: \(postMortem)#\(index + 1)"
    }

    public static func title(_ item: ActionItem) -> String {
        (item.priority.map { "[\($0.rawValue)] " } ?? "") + item.title
    }

    public static func body(
        _ item: ActionItem, index: Int, postMortem: String, postMortemTitle: String, url: String?
    ) -> String {
        var lines = ["Action item from the post-mortem “\(postMortemTitle)”" + (url.map { " (\($0))" } ?? "") + "."]
        lines.append("")
        if let owner = item.owner { lines.append("- Owner: \(owner)") }
        if let due = item.due { lines.append("- Due: \(due)") }
        if let priority = item.priority { lines.append("- Priority: \(priority.rawValue)") }
        if let type = item.type { lines.append("- Type: \(type.rawValue)") }
        lines += [
            "", "Closing this issue marks the action item done in Debrief.", "",
            "<!-- \(marker(postMortem: postMortem, index: index)) -->",
        ]
        return lines.joined(separator: "\n")
    }
}
