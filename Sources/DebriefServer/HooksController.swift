import Crypto
import DebriefCore
import DebriefNotify
import DebriefStore
import Foundation
import Hummingbird

/// Webhooks from trackers (`/hooks/github`): an issue closed there marks its action item done
/// here. Each delivery's signature (`X-Hub-Signature-256`, HMAC-SHA256 with the secret in the
/// environment variable the policy names) is checked before anything is read from it.
struct HooksController {
    let services: Services

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.post("github", use: github)
        group.post("gitlab", use: gitlab)
        group.post("jira", use: jira)
        group.post("linear", use: linear)
    }

    /// The tracker of `kind` and its webhook secret, or 404 when this server has none.
    func configured(_ kind: TrackerSettings.Kind) throws -> (TrackerSettings, String) {
        guard let tracker = services.settings.policy.tracker, tracker.kind == kind,
            let secret = ProcessInfo.processInfo.environment[tracker.webhookSecretEnvironment], !secret.isEmpty
        else {
            let names: [TrackerSettings.Kind: String] = [
                .github: "GitHub", .gitlab: "GitLab", .jira: "Jira", .linear: "Linear",
            ]
            throw HTTPError(.notFound, message: "no \(names[kind] ?? kind.rawValue) webhook is configured")
        }
        return (tracker, secret)
    }

    /// Jira Cloud webhooks with a secret sign the body like GitHub (`X-Hub-Signature:
    /// sha256=…`); an `jira:issue_updated` whose status category became done closes the items
    /// linked to the issue's browse address.
    @Sendable func jira(_ request: Request, context: AppContext) async throws -> Response {
        let (tracker, secret) = try configured(.jira)
        var request = request
        let body = Data(buffer: try await request.collectBody(upTo: BodyLimits.small))
        guard let signature = request.headers[.init("X-Hub-Signature")!],
            Self.valid(signature: signature, body: body, secret: secret)
        else { throw HTTPError(.unauthorized, message: "the signature does not match") }
        guard let payload = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let issue = payload["issue"] as? [String: Any], let key = issue["key"] as? String,
            let fields = issue["fields"] as? [String: Any],
            ((fields["status"] as? [String: Any])?["statusCategory"] as? [String: Any])?["key"] as? String == "done"
        else { return Response(status: .accepted) }
        let closed = try await TrackerSync.close(
            url: tracker.apiRoot + "/browse/" + key, at: TrackedIssue.time(fields["resolutiondate"]),
            in: services.store,
            actor: "jira", tracker: "Jira")
        let answer: [String: [String]] = ["closed": closed]
        return JSONBody.response(answer)
    }

    /// Linear signs the body with HMAC-SHA256 in `Linear-Signature` (hex); an `Issue` update
    /// whose state type is `completed` closes the items linked to the issue's address.
    @Sendable func linear(_ request: Request, context: AppContext) async throws -> Response {
        let (_, secret) = try configured(.linear)
        var request = request
        let body = Data(buffer: try await request.collectBody(upTo: BodyLimits.small))
        guard let signature = request.headers[.init("Linear-Signature")!],
            Self.valid(signature: "sha256=" + signature, body: body, secret: secret)
        else { throw HTTPError(.unauthorized, message: "the signature does not match") }
        guard let payload = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            payload["type"] as? String == "Issue", let data = payload["data"] as? [String: Any],
            let url = data["url"] as? String,
            (data["state"] as? [String: Any])?["type"] as? String == "completed"
        else { return Response(status: .accepted) }
        let closed = try await TrackerSync.close(
            url: url, at: TrackedIssue.time(data["completedAt"]), in: services.store, actor: "linear",
            tracker: "Linear")
        let answer: [String: [String]] = ["closed": closed]
        return JSONBody.response(answer)
    }

    /// GitLab sends the secret itself in `X-Gitlab-Token`; "Issue Hook" deliveries whose action
    /// is `close` mark the linked items done.
    @Sendable func gitlab(_ request: Request, context: AppContext) async throws -> Response {
        let (_, secret) = try configured(.gitlab)
        guard let token = request.headers[.init("X-Gitlab-Token")!], Self.same(token, secret) else {
            throw HTTPError(.unauthorized, message: "the token does not match")
        }
        var request = request
        let body = Data(buffer: try await request.collectBody(upTo: BodyLimits.small))
        guard request.headers[.init("X-Gitlab-Event")!] == "Issue Hook",
            let payload = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let issue = payload["object_attributes"] as? [String: Any], issue["action"] as? String == "close",
            let url = issue["url"] as? String
        else { return Response(status: .accepted) }
        let closed = try await TrackerSync.close(
            url: url, at: TrackedIssue.time(issue["closed_at"]), in: services.store, actor: "gitlab",
            tracker: "GitLab")
        let answer: [String: [String]] = ["closed": closed]
        return JSONBody.response(answer)
    }

    /// Equal, compared in constant time.
    static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    @Sendable func github(_ request: Request, context: AppContext) async throws -> Response {
        let (_, secret) = try configured(.github)
        var request = request
        let body = try await request.collectBody(upTo: BodyLimits.small)
        let bytes = Data(buffer: body)
        guard let signature = request.headers[.init("X-Hub-Signature-256")!],
            Self.valid(signature: signature, body: bytes, secret: secret)
        else { throw HTTPError(.unauthorized, message: "the signature does not match") }
        guard request.headers[.init("X-GitHub-Event")!] == "issues",
            let payload = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any],
            payload["action"] as? String == "closed",
            let issue = payload["issue"] as? [String: Any], let url = issue["html_url"] as? String
        else { return Response(status: .accepted) }  // not an issue closing: nothing to do
        let closed = try await TrackerSync.close(
            url: url, at: TrackedIssue.time(issue["closed_at"]), in: services.store, actor: "github")
        let answer: [String: [String]] = ["closed": closed]
        return JSONBody.response(answer)
    }

    /// `sha256=` and the hex HMAC of the body, compared in constant time.
    static func valid(signature: String, body: Data, secret: String) -> Bool {
        guard signature.hasPrefix("sha256=") else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        let expected = Data(mac).map { String(format: "%02x", $0) }.joined()
        let given = signature.dropFirst("sha256=".count).lowercased()
        return same(String(given), expected)
    }
}
