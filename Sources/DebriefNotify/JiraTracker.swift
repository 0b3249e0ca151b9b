import DebriefCore
import Foundation
import NIOCore
import NIOHTTP1

/// Jira Cloud (REST API v3): issues in one project, found again with JQL on the first label,
/// descriptions in Atlassian Document Format, "done" from the status category. Basic auth with
/// the account's e-mail and an API token.
public struct JiraTracker: IssueTracker {
    public var name: String { "Jira" }
    public var settings: TrackerSettings
    public var token: String
    public var maxWait: Double

    public init(settings: TrackerSettings, token: String, maxWait: Double = 60) {
        self.settings = settings
        self.token = token
        self.maxWait = maxWait
    }

    var site: String { settings.apiRoot }

    var http: TrackerHTTP {
        let credentials = Data("\(settings.user ?? ""):\(token)".utf8).base64EncodedString()
        return TrackerHTTP(
            name: name, headers: [("Authorization", "Basic \(credentials)"), ("Accept", "application/json")],
            maxWait: maxWait)
    }

    public func create(title: String, body: String, assignee: String?, item: ActionItem) async throws -> TrackedIssue {
        var fields: [String: Any] = [
            "project": ["key": settings.repository], "summary": title, "issuetype": ["name": settings.issueType],
            // Jira labels hold no spaces.
            "labels": settings.labels.map { $0.replacingOccurrences(of: " ", with: "-") },
            "description": Self.document(body),
        ]
        if let assignee { fields["assignee"] = ["id": assignee] }
        if let due = item.due { fields["duedate"] = due.description }
        // Jira's default priority scheme.
        if let priority = item.priority {
            fields["priority"] = [
                "name": [.p0: "Highest", .p1: "High", .p2: "Medium", .p3: "Low"][priority] ?? "Medium"
            ]
        }
        let payload = try JSONSerialization.data(withJSONObject: ["fields": fields])
        let (data, _) = try await http.request(.POST, site + "/rest/api/3/issue", body: payload, expect: [201])
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let key = object["key"] as? String
        else { throw DeliveryError("Jira answered something other than a new issue") }
        return TrackedIssue(key: key, url: site + "/browse/" + key, closed: false, body: body)
    }

    public func issues() async throws -> [TrackedIssue] {
        let label = (settings.labels.first ?? "post-mortem").replacingOccurrences(of: " ", with: "-")
        let jql = "project = \(settings.repository) AND labels = \"\(label)\""
        var token: String? = ""
        var found: [TrackedIssue] = []
        var pages = 0
        while let next = token, pages < 100 {
            var url =
                site + "/rest/api/3/search/jql?fields=status,description,resolutiondate&maxResults=100&jql="
                + jql.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            if !next.isEmpty {
                url += "&nextPageToken=" + next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            }
            let (data, _) = try await http.request(.GET, url, body: nil, expect: [200])
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let list = object["issues"] as? [[String: Any]]
            else { throw DeliveryError("Jira answered something other than a search result") }
            found += list.compactMap(issue)
            token = (object["isLast"] as? Bool) == false ? object["nextPageToken"] as? String : nil
            pages += 1
        }
        return found
    }

    public func issue(key: String) async throws -> TrackedIssue {
        let (data, _) = try await http.request(
            .GET, site + "/rest/api/3/issue/\(key)?fields=status,description,resolutiondate", body: nil, expect: [200])
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let issue = issue(object)
        else { throw DeliveryError("Jira answered something other than an issue") }
        return issue
    }

    public func key(of url: String) -> String? {
        guard let range = url.range(of: site + "/browse/" + settings.repository + "-") else { return nil }
        let digits = url[range.upperBound...].prefix(while: \.isNumber)
        return digits.isEmpty ? nil : settings.repository + "-" + digits
    }

    func issue(_ object: [String: Any]) -> TrackedIssue? {
        guard let key = object["key"] as? String else { return nil }
        let fields = object["fields"] as? [String: Any] ?? [:]
        let category = ((fields["status"] as? [String: Any])?["statusCategory"] as? [String: Any])?["key"] as? String
        return TrackedIssue(
            key: key, url: site + "/browse/" + key, closed: category == "done", body: Self.text(fields["description"]),
            closedAt: TrackedIssue.time(fields["resolutiondate"]))
    }

    /// Plain text as an Atlassian Document: a paragraph a line.
    static func document(_ text: String) -> [String: Any] {
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> [String: Any] in
            line.isEmpty
                ? ["type": "paragraph", "content": [[String: Any]]()]
                : ["type": "paragraph", "content": [["type": "text", "text": String(line)]]]
        }
        return ["type": "doc", "version": 1, "content": paragraphs]
    }

    /// The text of an Atlassian Document (or a plain string), a line a block.
    static func text(_ node: Any?) -> String {
        if let string = node as? String { return string }
        guard let object = node as? [String: Any] else { return "" }
        if let text = object["text"] as? String { return text }
        let children = (object["content"] as? [Any] ?? []).map(text)
        return children.joined(separator: object["type"] as? String == "doc" ? "\n" : "")
    }
}
