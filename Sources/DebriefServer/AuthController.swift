import DebriefCore
import DebriefStore
import Foundation
import Hummingbird

/// Signing in and out. The login form carries a double-submit token (cookie and field) so
/// another site cannot sign a browser into an account of its choosing.
struct AuthController {
    let services: Services
    static let loginCookie = "debrief_login"

    func addRoutes(to router: Router<AppContext>) {
        router.get("login", use: form)
        router.post("login", use: login)
        router.post("logout", use: logout)
    }

    func page(next: String, name: String, error: String?, context: AppContext, status: HTTPResponse.Status) -> Response
    {
        let token = Secrets.token(bytes: 16)
        var response = Response.html(
            services.views.page(
                "login", title: "Sign in",
                model: LoginPage(next: next, name: name, error: error ?? "", loginToken: token), context: context),
            status: status)
        response.setCookie(
            Cookie(
                name: Self.loginCookie, value: token, maxAge: 3600, path: "/login",
                secure: services.settings.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    /// Only paths of this site are followed after sign-in, never another site. Browsers drop
    /// tabs and newlines from a URL and read `\` as `/`, so `/\t/evil.example` becomes
    /// `//evil.example`: a path holding any control character, space or backslash is refused
    /// outright, and what is left must be one `/` followed by a path, query or fragment.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.utf8.count <= 2048, next.hasPrefix("/"),
            !next.unicodeScalars.contains(where: {
                $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" || $0.properties.isWhitespace
                    || $0.properties.generalCategory == .format || (0x80...0x9F).contains($0.value)
            })
        else { return "/" }
        let afterSlash = next.dropFirst()
        guard !afterSlash.hasPrefix("/"),
            let url = URLComponents(string: next), url.scheme == nil, url.host == nil, url.path.hasPrefix("/")
        else { return "/" }
        return next
    }

    @Sendable func form(_ request: Request, context: AppContext) async throws -> Response {
        let next = Self.safeNext(request.queryFields["next"])
        if context.user != nil { return .redirect(to: next) }
        return page(next: next, name: "", error: nil, context: context, status: .ok)
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let form = context.form ?? Form()
        let next = Self.safeNext(form["next"])
        let name = form["name"] ?? ""
        guard let sent = form["login_csrf"], let cookie = request.cookies[Self.loginCookie]?.value,
            Secrets.constantTimeEqual(sent, cookie)
        else {
            return page(
                next: next, name: name, error: "The sign-in form expired; try again.", context: context,
                status: .forbidden)
        }
        switch try await services.accounts.login(
            name: name, password: form["password"] ?? "", from: context.remoteAddress)
        {
        case .success(_, let token, _):
            var response = Response.redirect(to: next)
            response.setCookie(
                Cookie(
                    name: Accounts.sessionCookie, value: token, maxAge: Int(services.settings.sessionLifetime),
                    path: "/",
                    secure: services.settings.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        case .wrongCredentials:
            return page(
                next: next, name: name, error: "Wrong account name or password.", context: context,
                status: .unauthorized)
        case .limited(let wait):
            var response = page(
                next: next, name: name, error: "Too many failed attempts; try again in \(wait / 60 + 1) minutes.",
                context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        if let session = context.session {
            try await services.store.deleteSession(tokenHash: session.tokenHash)
        }
        return Self.signedOut(services.settings)
    }

    /// To the sign-in page, with the session cookie cleared in the browser too.
    static func signedOut(_ settings: ServerSettings) -> Response {
        var response = Response.redirect(to: "/login")
        response.setCookie(
            Cookie(
                name: Accounts.sessionCookie, value: "", maxAge: 0, path: "/", secure: settings.secureCookies,
                httpOnly: true, sameSite: .lax))
        return response
    }
}

/// The stylesheet, a health check and a fixed 200-byte page (the benchmark's ceiling).
struct StaticController {
    static let stylesheet: ByteBuffer = {
        let url = Bundle.module.url(forResource: "Assets/app", withExtension: "css")
        return ByteBuffer(bytes: url.flatMap { try? Data(contentsOf: $0) } ?? Data())
    }()
    static let ping = ByteBuffer(string: String(repeating: "debrief ", count: 25))

    func addRoutes(to router: Router<AppContext>) {
        router.get("assets/app.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: Self.stylesheet))
        }
        router.get("healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: .init(string: "ok\n")))
        }
        router.get("ping") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: Self.ping))
        }
    }
}
