import AsyncHTTPClient
import DebriefCore
import Foundation
import NIOCore
import NIOHTTP1

/// GitHub Issues (REST API, version 2022-11-28): make an issue, find Debrief's issues again by
/// the marker in their body, read an issue's state.
public struct GitHubTracker: IssueTracker {
    public typealias Issue = TrackedIssue
    public var name: String { "GitHub" }
    public var settings: TrackerSettings
    public var token: String
    /// The longest wait for a rate limit before giving up (tests make it short).
    public var maxWait: Double
    public var attempts: Int

    public init(settings: TrackerSettings, token: String, maxWait: Double = 60, attempts: Int = 4) {
        self.settings = settings
        self.token = token
        self.maxWait = maxWait
        self.attempts = attempts
    }

    var base: String {
        settings.apiRoot + "/repos/"
            + settings.repository
    }

    /// Makes an issue; its number and address.
    public func create(title: String, body: String, assignee: String?, item: ActionItem) async throws -> Issue {
        struct New: Encodable {
            var title: String
            var body: String
            var labels: [String]
            var assignees: [String]?
        }
        // GitHub has no due date or priority field: the priority is a label, the due day is in the body.
        let payload = New(
            title: title, body: body, labels: settings.labels + (item.priority.map { [$0.rawValue] } ?? []),
            assignees: assignee.map { [$0] })
        let (data, _) = try await request(
            .POST, base + "/issues", body: try JSONEncoder().encode(payload), expect: [201])
        return try Self.issue(data)
    }

    /// Every issue with the first label, open and closed, page by page (pull requests left out).
    public func issues() async throws -> [Issue] {
        var url: String? =
            base + "/issues?state=all&per_page=100&labels=" + (settings.labels.first ?? "post-mortem")
            .addingPercentEncoding(
                withAllowedCharacters: .alphanumerics)!
        var found: [Issue] = []
        var pages = 0
        while let next = url, pages < 100 {
            let (data, headers) = try await request(.GET, next, body: nil, expect: [200])
            guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                throw DeliveryError("GitHub answered something other than a list of issues")
            }
            for entry in list where entry["pull_request"] == nil {
                if let issue = Self.issue(entry) { found.append(issue) }
            }
            url = Self.nextLink(headers["link"].first)
            pages += 1
        }
        return found
    }

    /// One issue, by its number.
    public func issue(key: String) async throws -> Issue {
        let (data, _) = try await request(.GET, base + "/issues/\(key)", body: nil, expect: [200])
        return try Self.issue(data)
    }

    /// The number of an issue address of this repository (`https://github.com/o/r/issues/12`).
    public func key(of url: String) -> String? {
        let marker = "/" + settings.repository + "/issues/"
        guard let range = url.range(of: marker) else { return nil }
        let digits = url[range.upperBound...].prefix(while: \.isNumber)
        return digits.isEmpty ? nil : String(digits)
    }

    func request(_ method: HTTPMethod, _ url: String, body: Data?, expect: Set<Int>) async throws -> (Data, HTTPHeaders)
    {
        try await TrackerHTTP(
            name: name,
            headers: [
                ("Authorization", "Bearer \(token)"), ("Accept", "application/vnd.github+json"),
                ("X-GitHub-Api-Version", "2022-11-28"),
            ], maxWait: maxWait, attempts: attempts
        ).request(method, url, body: body, expect: expect)
    }

    /// The `rel="next"` address of a `Link` header.
    static func nextLink(_ header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ",") where part.contains("rel=\"next\"") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">") else { continue }
            return String(part[part.index(after: open)..<close])
        }
        return nil
    }

    static func issue(_ data: Data) throws -> Issue {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let issue = issue(object)
        else { throw DeliveryError("GitHub answered something other than an issue") }
        return issue
    }

    static func issue(_ object: [String: Any]) -> Issue? {
        guard let number = object["number"] as? Int, let url = object["html_url"] as? String else { return nil }
        return Issue(
            key: String(number), url: url, closed: (object["state"] as? String) == "closed",
            body: object["body"] as? String ?? "", closedAt: TrackedIssue.time(object["closed_at"]))
    }
}
