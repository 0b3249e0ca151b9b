import DebriefCore
import DebriefStore
import Foundation
import HummingbirdBcrypt
import Synchronization

/// Passwords, sessions, API tokens and the login rate limit.
public struct Accounts: Sendable {
    static let sessionCookie = "debrief_session"
    /// bcrypt cost: about 0.1 s per check on one core, slow enough to blunt offline guessing.
    public static let defaultCost: UInt8 = 11

    let store: any Store
    let settings: ServerSettings
    let limiter: LoginLimiter

    public init(store: any Store, settings: ServerSettings) {
        self.store = store
        self.settings = settings
        limiter = LoginLimiter(attempts: settings.loginAttempts, window: settings.loginWindow)
    }

    /// bcrypt hash of a password.
    public static func hash(_ password: String, cost: UInt8 = defaultCost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// A readable random password: 4 groups of 5 letters and digits.
    public static func generatePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String((0..<5).map { _ in alphabet.randomElement(using: &generator)! }) }
            .joined(separator: "-")
    }

    /// Creates an account; the password is hashed here and never stored in clear.
    public func addUser(name: String, displayName: String? = nil, role: Role, password: String) async throws -> User {
        guard Self.isValidName(name) else {
            throw StoreError.invalid("'\(name)' is not a usable account name: letters, digits, '.', '-', '_'")
        }
        guard password.count >= 10 else { throw StoreError.invalid("passwords need at least 10 characters") }
        let user = try await store.addUser(
            name: name, displayName: displayName ?? name, role: role,
            passwordHash: Self.hash(password, cost: settings.passwordCost))
        try await store.audit(
            AuditEvent(at: Date(), actor: "system", action: "user-add", target: name, detail: role.rawValue))
        return user
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && PostMortemID.isValid(name)
    }

    public enum LoginResult: Sendable {
        case success(User, cookie: String, session: Session)
        case wrongCredentials
        case limited(retryAfter: Int)
    }

    /// Checks the password; on success opens a session and returns the cookie value.
    public func login(name: String, password: String, from address: String, now: Date = Date()) async throws
        -> LoginResult
    {
        let keys = ["user:" + name.lowercased(), "ip:" + address]
        if let wait = limiter.blocked(keys, now: now) { return .limited(retryAfter: wait) }
        let user = try await store.user(named: name)
        // Verify against a dummy hash for unknown names, so timing does not reveal which exist.
        let ok = Bcrypt.verify(password, hash: user?.passwordHash ?? Self.dummyHash) && user?.disabled == false
        guard ok, let user else {
            limiter.fail(keys, now: now)
            try await store.audit(AuditEvent(at: now, actor: name, action: "login-failed", target: address))
            return .wrongCredentials
        }
        limiter.reset(keys)
        let cookie = Secrets.token()
        let session = Session(
            tokenHash: Secrets.sha256(cookie), userID: user.id, csrfToken: Secrets.token(bytes: 24),
            expiresAt: now.addingTimeInterval(settings.sessionLifetime))
        try await store.createSession(session)
        try await store.audit(AuditEvent(at: now, actor: user.name, action: "login", target: address))
        return .success(user, cookie: cookie, session: session)
    }

    static let dummyHash = Bcrypt.hash("not a password", cost: defaultCost)

    /// A new API token for `user`; the token is returned once, only its hash is kept.
    public func createToken(for user: User, name: String) async throws -> String {
        let token = "dbt_" + Secrets.token()
        _ = try await store.createToken(userID: user.id, name: name, tokenHash: Secrets.sha256(token))
        try await store.audit(AuditEvent(at: Date(), actor: user.name, action: "token-create", target: name))
        return token
    }
}

/// Failed logins per key (account, address) in a sliding window.
final class LoginLimiter: Sendable {
    let attempts: Int
    let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])

    init(attempts: Int, window: TimeInterval) {
        self.attempts = attempts
        self.window = window
    }

    /// Seconds to wait when any key has used up its attempts.
    func blocked(_ keys: [String], now: Date) -> Int? {
        failures.withLock { table in
            var wait: TimeInterval = 0
            for key in keys {
                let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
                table[key] = recent
                if recent.count >= attempts, let oldest = recent.first {
                    wait = max(wait, window - now.timeIntervalSince(oldest))
                }
            }
            return wait > 0 ? Int(wait.rounded(.up)) : nil
        }
    }

    func fail(_ keys: [String], now: Date) {
        failures.withLock { table in
            for key in keys { table[key, default: []].append(now) }
            if table.count > 100_000 { table = table.filter { !$0.value.isEmpty } }
        }
    }

    func reset(_ keys: [String]) {
        failures.withLock { table in for key in keys { table[key] = nil } }
    }
}
