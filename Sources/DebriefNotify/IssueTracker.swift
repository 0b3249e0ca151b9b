import AsyncHTTPClient
import DebriefCore
import Foundation
import NIOCore
import NIOHTTP1

/// An issue in a tracker, as the sync needs it.
public struct TrackedIssue: Sendable, Equatable {
    /// The tracker's own name for it: "12" on GitHub and GitLab, "OPS-12" on Jira.
    public var key: String
    public var url: String
    public var closed: Bool
    /// The text the marker is looked for in.
    public var body: String
    /// When it was closed, as the tracker says (GitHub and GitLab `closed_at`, Jira
    /// `resolutiondate`, Linear `completedAt`); nil when it is open or the tracker does not say.
    public var closedAt: Date?

    public init(key: String, url: String, closed: Bool, body: String, closedAt: Date? = nil) {
        self.key = key
        self.url = url
        self.closed = closed
        self.body = body
        self.closedAt = closedAt
    }

    /// A tracker's time stamp: ISO 8601 with or without fractional seconds, "Z" or an offset,
    /// and Jira's `+0000` form.
    public static func time(_ value: Any?) -> Date? {
        guard var text = value as? String, !text.isEmpty else { return nil }
        // Jira writes "2026-11-02T10:15:00.000+0000": put the colon in the offset.
        if let match = text.range(of: #"[+-]\d{4}$"#, options: .regularExpression) {
            text.insert(":", at: text.index(match.lowerBound, offsetBy: 3))
        }
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

/// What `TrackerSync` asks of a tracker: make an issue, list Debrief's issues (by the first
/// label), read one, and tell its own issue addresses from others.
public protocol IssueTracker: Sendable {
    /// "GitHub", "GitLab": in notes and messages.
    var name: String { get }
    var settings: TrackerSettings { get }
    /// Makes an issue for `item`: its due day and priority go where the tracker keeps them.
    func create(title: String, body: String, assignee: String?, item: ActionItem) async throws -> TrackedIssue
    func issues() async throws -> [TrackedIssue]
    func issue(key: String) async throws -> TrackedIssue
    /// The key of an address of this project's issues, else nil.
    func key(of url: String) -> String?
}

extension TrackerSettings {
    /// The client for this tracker, with `token`.
    public func client(token: String, maxWait: Double = 60) -> any IssueTracker {
        switch kind {
        case .github: GitHubTracker(settings: self, token: token, maxWait: maxWait)
        case .gitlab: GitLabTracker(settings: self, token: token, maxWait: maxWait)
        case .jira: JiraTracker(settings: self, token: token, maxWait: maxWait)
        case .linear: LinearTracker(settings: self, token: token, maxWait: maxWait)
        }
    }
}

/// HTTP for tracker APIs: JSON in and out, and rate limits honoured (a 429, or a 403 with no
/// requests left, waits for `Retry-After` or the reset time and tries again).
struct TrackerHTTP: Sendable {
    var name: String
    var headers: [(String, String)]
    var maxWait: Double
    var attempts: Int = 4

    func request(_ method: HTTPMethod, _ url: String, body: Data?, expect: Set<Int>) async throws -> (Data, HTTPHeaders)
    {
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: url)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            request.headers.add(name: "User-Agent", value: "Debrief")
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(data: body))
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let data = Data(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
            let status = Int(response.status.code)
            if expect.contains(status) { return (data, response.headers) }
            let exhausted =
                response.headers["x-ratelimit-remaining"].first == "0"
                || response.headers["ratelimit-remaining"].first == "0"
            if status == 429 || (status == 403 && exhausted), attempt < attempts {
                let wait = Self.wait(response.headers)
                guard wait <= maxWait else {
                    throw DeliveryError("\(name)'s rate limit resets in \(Int(wait)) s; try again later")
                }
                try await Task.sleep(for: .seconds(wait))
                continue
            }
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            let message = (object?["message"] as? String) ?? (object?["error"] as? String) ?? ""
            throw DeliveryError(
                "\(name) answered \(status)\(message.isEmpty ? "" : ": \(message)") for \(method) \(url)")
        }
    }

    /// Seconds to wait: `Retry-After`, else until the reset time, else a minute.
    static func wait(_ headers: HTTPHeaders) -> Double {
        if let seconds = headers["retry-after"].first.flatMap(Double.init) { return max(0, seconds) }
        if let reset = (headers["x-ratelimit-reset"].first ?? headers["ratelimit-reset"].first).flatMap(Double.init) {
            return max(0, reset - Date().timeIntervalSince1970)
        }
        return 60
    }
}
