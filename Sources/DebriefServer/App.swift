import DebriefCore
import DebriefStore
import Foundation
import Hummingbird
import Logging
import Mustache

/// How the server runs. Built by `debrief serve` from flags and environment; tests build it
/// directly.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// The review and lint policy (`.debrief.yml` beside the database, or the defaults).
    public var policy: Policy
    /// Marks session cookies Secure: set when a TLS proxy fronts the server.
    public var secureCookies: Bool
    public var sessionLifetime: TimeInterval
    /// The largest attachment accepted.
    public var maxAttachmentBytes: Int
    /// Failed logins allowed per account and per address in `loginWindow` before 429.
    public var loginAttempts: Int
    public var loginWindow: TimeInterval
    /// The first back-off past the free attempts; each further failure doubles it.
    public var loginBackOff: TimeInterval
    public var logLevel: Logger.Level
    /// bcrypt cost of new password hashes (2^cost rounds); tests lower it.
    public var passwordCost: UInt8
    /// How many pages and API answers the server keeps in memory (see `PageCache`).
    public var cachedPages: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, policy: Policy = Policy(), secureCookies: Bool = false,
        sessionLifetime: TimeInterval = 12 * 3600, maxAttachmentBytes: Int = 5 * 1024 * 1024, loginAttempts: Int = 5,
        loginWindow: TimeInterval = 15 * 60, loginBackOff: TimeInterval = 1, logLevel: Logger.Level = .info,
        passwordCost: UInt8 = 11, cachedPages: Int = 2_000
    ) {
        self.cachedPages = cachedPages
        self.passwordCost = passwordCost
        self.host = host
        self.port = port
        self.policy = policy
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.maxAttachmentBytes = maxAttachmentBytes
        self.loginAttempts = loginAttempts
        self.loginWindow = loginWindow
        self.loginBackOff = loginBackOff
        self.logLevel = logLevel
    }
}

/// Everything a handler needs, built once at start-up.
struct Services: Sendable {
    let store: any Store
    let settings: ServerSettings
    let views: Views
    let accounts: Accounts
    let editing: Editing
    let pages: PageCache
}

/// Builds the whole application from plain arguments; `debrief serve` and the tests call it.
public func buildApplication(store: any Store, settings: ServerSettings) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "debrief")
    logger.logLevel = settings.logLevel
    return Application(
        router: router(try await makeServices(store: store, settings: settings)),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "debrief"),
        logger: logger)
}

/// The router with every page, the API and their middleware.
public func buildRouter(store: any Store, settings: ServerSettings) async throws -> Router<AppContext> {
    router(try await makeServices(store: store, settings: settings))
}

func makeServices(store: any Store, settings: ServerSettings) async throws -> Services {
    Services(
        store: store, settings: settings, views: try await Views.load(),
        accounts: Accounts(store: store, settings: settings), editing: Editing(store: store, policy: settings.policy),
        pages: PageCache(capacity: settings.cachedPages))
}

func router(_ services: Services) -> Router<AppContext> {
    let router = Router(context: AppContext.self)
    // Security headers outermost, so that error pages and 404s carry them too.
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(views: services.views))
    router.add(middleware: AuthenticationMiddleware(services: services))
    router.add(middleware: CSRFMiddleware(settings: services.settings))
    StaticController().addRoutes(to: router)
    AuthController(services: services).addRoutes(to: router)
    let pages = router.group().add(middleware: LoginRequiredMiddleware())
    DashboardController(services: services).addRoutes(to: pages)
    IncidentController(services: services).addRoutes(to: pages.group("incidents"))
    EditorController(services: services).addRoutes(to: pages.group("incidents"))
    let publishing = Publishing(store: services.store, policy: services.settings.policy, editing: services.editing)
    PublicVersionController(services: services, publishing: publishing).addRoutes(to: pages.group("incidents"))
    // Tracker webhooks, verified by their signature.
    HooksController(services: services).addRoutes(to: router.group("hooks"))
    // Calendar feeds, read by calendar applications with the secret in the link.
    CalendarController(services: services).addRoutes(to: router.group("calendar"))
    // The public site: published versions only, read without signing in.
    PublicController(publishing: publishing).addRoutes(to: router.group("public"))
    ActionsController(services: services).addRoutes(to: pages.group("actions"))
    ReportController(services: services).addRoutes(to: pages.group("report"))
    MeetingsController(services: services).addRoutes(to: pages.group("meetings"))
    AccountController(services: services).addRoutes(to: pages.group("account"))
    AttachmentController(services: services).addRoutes(to: pages)
    APIController(services: services).addRoutes(to: router.group("api/v1").add(middleware: APIAuthMiddleware()))
    return router
}
