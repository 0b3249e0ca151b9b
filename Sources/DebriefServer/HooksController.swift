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
    }

    @Sendable func github(_ request: Request, context: AppContext) async throws -> Response {
        guard let tracker = services.settings.policy.tracker,
            let secret = ProcessInfo.processInfo.environment[tracker.webhookSecretEnvironment], !secret.isEmpty
        else { throw HTTPError(.notFound, message: "no GitHub webhook is configured") }
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
        let closed = try await TrackerSync.close(url: url, in: services.store, actor: "github")
        let answer: [String: [String]] = ["closed": closed]
        return JSONBody.response(answer)
    }

    /// `sha256=` and the hex HMAC of the body, compared in constant time.
    static func valid(signature: String, body: Data, secret: String) -> Bool {
        guard signature.hasPrefix("sha256=") else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        let expected = Data(mac).map { String(format: "%02x", $0) }.joined()
        let given = signature.dropFirst("sha256=".count).lowercased()
        guard given.utf8.count == expected.utf8.count else { return false }
        return zip(given.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
