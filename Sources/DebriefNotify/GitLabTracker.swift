import DebriefCore
import Foundation
import NIOCore
import NIOHTTP1

/// GitLab issues (REST API v4): the same as `GitHubTracker` asks of GitHub. Issues are
/// numbered by `iid` within the project; pages follow `X-Next-Page`; the token goes in
/// `PRIVATE-TOKEN`.
public struct GitLabTracker: IssueTracker {
    public var name: String { "GitLab" }
    public var settings: TrackerSettings
    public var token: String
    public var maxWait: Double

    public init(settings: TrackerSettings, token: String, maxWait: Double = 60) {
        self.settings = settings
        self.token = token
        self.maxWait = maxWait
    }

    var project: String {
        settings.apiRoot + "/projects/"
            + settings.repository.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    var http: TrackerHTTP { TrackerHTTP(name: name, headers: [("PRIVATE-TOKEN", token)], maxWait: maxWait) }

    public func create(title: String, body: String, assignee: String?, item: ActionItem) async throws -> TrackedIssue {
        // (Assignees are user ids on GitLab; the owner is in the description instead.)
        struct New: Encodable {
            var title: String
            var description: String
            var labels: String
            var due_date: String?
        }
        let payload = New(
            title: title, description: body, labels: settings.labels.joined(separator: ","),
            due_date: item.due?.description)
        let (data, _) = try await http.request(
            .POST, project + "/issues", body: try JSONEncoder().encode(payload), expect: [201])
        return try Self.issue(data)
    }

    public func issues() async throws -> [TrackedIssue] {
        let label = (settings.labels.first ?? "post-mortem").addingPercentEncoding(
            withAllowedCharacters: .alphanumerics)!
        var page: String? = "1"
        var found: [TrackedIssue] = []
        var pages = 0
        while let current = page, pages < 100 {
            let (data, headers) = try await http.request(
                .GET, project + "/issues?scope=all&per_page=100&labels=\(label)&page=\(current)", body: nil,
                expect: [200])
            guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                throw DeliveryError("GitLab answered something other than a list of issues")
            }
            found += list.compactMap(Self.issue)
            let next = headers["x-next-page"].first ?? ""
            page = next.isEmpty ? nil : next
            pages += 1
        }
        return found
    }

    public func issue(key: String) async throws -> TrackedIssue {
        let (data, _) = try await http.request(.GET, project + "/issues/\(key)", body: nil, expect: [200])
        return try Self.issue(data)
    }

    public func key(of url: String) -> String? {
        let marker = "/" + settings.repository + "/-/issues/"
        guard let range = url.range(of: marker) else { return nil }
        let digits = url[range.upperBound...].prefix(while: \.isNumber)
        return digits.isEmpty ? nil : String(digits)
    }

    static func issue(_ data: Data) throws -> TrackedIssue {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let issue = issue(object)
        else { throw DeliveryError("GitLab answered something other than an issue") }
        return issue
    }

    static func issue(_ object: [String: Any]) -> TrackedIssue? {
        guard let iid = object["iid"] as? Int, let url = object["web_url"] as? String else { return nil }
        return TrackedIssue(
            key: String(iid), url: url, closed: (object["state"] as? String) == "closed",
            body: object["description"] as? String ?? "", closedAt: TrackedIssue.time(object["closed_at"]))
    }
}
