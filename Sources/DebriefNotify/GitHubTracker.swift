import AsyncHTTPClient
import DebriefCore
import Foundation
import NIOCore
import NIOHTTP1

/// GitHub Issues (REST API, version 2022-11-28): make an issue, find Debrief's issues again by
/// the marker in their body, read an issue's state. Rate limits are honoured: a 429, or a 403
/// with no requests left, waits for `Retry-After` (or the reset time) and tries again.
public struct GitHubTracker: Sendable {
    public struct Issue: Sendable, Equatable {
        public var number: Int
        public var url: String
        public var closed: Bool
        public var body: String
    }

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
        (settings.apiURL.hasSuffix("/") ? String(settings.apiURL.dropLast()) : settings.apiURL) + "/repos/"
            + settings.repository
    }

    /// Makes an issue; its number and address.
    public func create(title: String, body: String, assignee: String?) async throws -> Issue {
        struct New: Encodable {
            var title: String
            var body: String
            var labels: [String]
            var assignees: [String]?
        }
        let payload = New(title: title, body: body, labels: settings.labels, assignees: assignee.map { [$0] })
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
    public func issue(number: Int) async throws -> Issue {
        let (data, _) = try await request(.GET, base + "/issues/\(number)", body: nil, expect: [200])
        return try Self.issue(data)
    }

    /// The number of an issue address of this repository (`https://github.com/o/r/issues/12`).
    public func number(of url: String) -> Int? {
        let marker = "/" + settings.repository + "/issues/"
        guard let range = url.range(of: marker) else { return nil }
        return Int(url[range.upperBound...].prefix(while: \.isNumber))
    }

    func request(_ method: HTTPMethod, _ url: String, body: Data?, expect: Set<Int>) async throws -> (Data, HTTPHeaders)
    {
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Accept", value: "application/vnd.github+json")
            request.headers.add(name: "X-GitHub-Api-Version", value: "2022-11-28")
            request.headers.add(name: "User-Agent", value: "Debrief")
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(data: body))
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let data = Data(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
            let status = Int(response.status.code)
            if expect.contains(status) { return (data, response.headers) }
            let limited =
                status == 429 || (status == 403 && response.headers["x-ratelimit-remaining"].first == "0")
            if limited, attempt < attempts {
                let wait = Self.wait(response.headers)
                guard wait <= maxWait else {
                    throw DeliveryError("GitHub's rate limit resets in \(Int(wait)) s; try again later")
                }
                try await Task.sleep(for: .seconds(wait))
                continue
            }
            let message =
                (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["message"] as? String ?? ""
            throw DeliveryError(
                "GitHub answered \(status)\(message.isEmpty ? "" : ": \(message)") for \(method) \(url)")
        }
    }

    /// Seconds to wait: `Retry-After`, else until `x-ratelimit-reset`, else a minute.
    static func wait(_ headers: HTTPHeaders) -> Double {
        if let seconds = headers["retry-after"].first.flatMap(Double.init) { return max(0, seconds) }
        if let reset = headers["x-ratelimit-reset"].first.flatMap(Double.init) {
            return max(0, reset - Date().timeIntervalSince1970)
        }
        return 60
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
            number: number, url: url, closed: (object["state"] as? String) == "closed",
            body: object["body"] as? String ?? "")
    }
}
