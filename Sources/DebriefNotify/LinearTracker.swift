import DebriefCore
import Foundation
import NIOCore
import NIOHTTP1

/// Linear (GraphQL API): issues in one team, found again by the marker in their description
/// (the team's issues whose description holds it, page by page), done when their state's type
/// is `completed`. The API key goes in `Authorization` as it is.
public struct LinearTracker: IssueTracker {
    public var name: String { "Linear" }
    public var settings: TrackerSettings
    public var token: String
    public var maxWait: Double

    public init(settings: TrackerSettings, token: String, maxWait: Double = 60) {
        self.settings = settings
        self.token = token
        self.maxWait = maxWait
    }

    static let fields = "identifier url description completedAt state { type }"

    /// Runs one GraphQL request; its `data`, or the errors it answered with.
    func graphQL(_ query: String, _ variables: [String: Any]) async throws -> [String: Any] {
        let body = try JSONSerialization.data(withJSONObject: ["query": query, "variables": variables])
        let (data, _) = try await TrackerHTTP(name: name, headers: [("Authorization", token)], maxWait: maxWait)
            .request(.POST, settings.apiURL, body: body, expect: [200])
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DeliveryError("Linear answered something other than JSON")
        }
        if let errors = object["errors"] as? [[String: Any]], !errors.isEmpty {
            throw DeliveryError(
                "Linear answered: " + errors.compactMap { $0["message"] as? String }.joined(separator: "; "))
        }
        guard let result = object["data"] as? [String: Any] else { throw DeliveryError("Linear answered no data") }
        return result
    }

    func teamID() async throws -> String {
        let data = try await graphQL(
            "query Team($key: String!) { teams(filter: { key: { eq: $key } }) { nodes { id } } }",
            ["key": settings.repository])
        guard let nodes = (data["teams"] as? [String: Any])?["nodes"] as? [[String: Any]],
            let id = nodes.first?["id"] as? String
        else { throw DeliveryError("Linear has no team with the key \(settings.repository)") }
        return id
    }

    public func create(title: String, body: String, assignee: String?, item: ActionItem) async throws -> TrackedIssue {
        var input: [String: Any] = ["teamId": try await teamID(), "title": title, "description": body]
        if let assignee { input["assigneeId"] = assignee }
        if let due = item.due { input["dueDate"] = due.description }
        // Linear's priorities: 1 urgent, 2 high, 3 medium, 4 low.
        if let priority = item.priority { input["priority"] = [.p0: 1, .p1: 2, .p2: 3, .p3: 4][priority] ?? 0 }
        let data = try await graphQL(
            "mutation Create($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { \(Self.fields) } } }",
            ["input": input])
        guard let result = data["issueCreate"] as? [String: Any], result["success"] as? Bool == true,
            let issue = Self.issue(result["issue"])
        else { throw DeliveryError("Linear did not make the issue") }
        return issue
    }

    public func issues() async throws -> [TrackedIssue] {
        var cursor: String?
        var found: [TrackedIssue] = []
        for _ in 0..<100 {
            var variables: [String: Any] = ["key": settings.repository]
            if let cursor { variables["after"] = cursor }
            let data = try await graphQL(
                """
                query Issues($key: String!, $after: String) {
                  issues(filter: { team: { key: { eq: $key } }, description: { contains: "debrief-action:" } }, first: 100, after: $after) {
                    nodes { \(Self.fields) } pageInfo { hasNextPage endCursor }
                  }
                }
                """, variables)
            guard let issues = data["issues"] as? [String: Any], let nodes = issues["nodes"] as? [Any] else {
                throw DeliveryError("Linear answered no issues")
            }
            found += nodes.compactMap(Self.issue)
            let page = issues["pageInfo"] as? [String: Any]
            guard page?["hasNextPage"] as? Bool == true, let next = page?["endCursor"] as? String else { break }
            cursor = next
        }
        return found
    }

    public func issue(key: String) async throws -> TrackedIssue {
        let data = try await graphQL("query Issue($id: String!) { issue(id: $id) { \(Self.fields) } }", ["id": key])
        guard let issue = Self.issue(data["issue"]) else { throw DeliveryError("Linear has no issue \(key)") }
        return issue
    }

    /// `https://linear.app/acme/issue/OPS-12/title-slug` → `OPS-12`.
    public func key(of url: String) -> String? {
        guard url.contains("linear.app/") || url.contains("/issue/"),
            let range = url.range(of: "/issue/" + settings.repository + "-")
        else { return nil }
        let digits = url[range.upperBound...].prefix(while: \.isNumber)
        return digits.isEmpty ? nil : settings.repository + "-" + digits
    }

    static func issue(_ node: Any?) -> TrackedIssue? {
        guard let object = node as? [String: Any], let key = object["identifier"] as? String,
            let url = object["url"] as? String
        else { return nil }
        let type = (object["state"] as? [String: Any])?["type"] as? String
        return TrackedIssue(
            key: key, url: url, closed: type == "completed", body: object["description"] as? String ?? "",
            closedAt: TrackedIssue.time(object["completedAt"]))
    }
}
