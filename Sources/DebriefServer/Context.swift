import DebriefCore
import DebriefStore
import Hummingbird
import NIOCore

/// Per-request state: who is asking, how they signed in, and the form they sent.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in account, from the session cookie or a bearer token.
    var user: User?
    /// Set when the user came with a session cookie (forms need its CSRF token).
    var session: Session?
    /// The client's address, for login rate limiting.
    let remoteAddress: String
    /// The request's form fields, parsed once by the CSRF check.
    var form: Form?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    public var maxUploadSize: Int { BodyLimits.document }

    var member: Member? { user.map(\.member) }

    /// The member, or 401 (pages behind `LoginRequiredMiddleware` never see nil).
    func requireMember() throws -> Member {
        guard let member else { throw HTTPError(.unauthorized, message: "sign in first") }
        return member
    }

    func requireUser() throws -> User {
        guard let user else { throw HTTPError(.unauthorized, message: "sign in first") }
        return user
    }
}
