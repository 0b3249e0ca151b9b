import DebriefCore
import DebriefStore
import Foundation
import HummingbirdBcrypt
import NIOPosix
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
        limiter = LoginLimiter(
            store: store, attempts: settings.loginAttempts, window: settings.loginWindow,
            firstWait: settings.loginBackOff)
    }

    /// bcrypt hash of a password.
    public static func hash(_ password: String, cost: UInt8 = defaultCost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// The same, and `verify`, on NIO's blocking-work thread pool: a bcrypt check takes about
    /// 0.1 s of one core, which on the cooperative pool would hold up every other request that
    /// thread serves (two such threads on a two-core machine).
    static func hashOffPool(_ password: String, cost: UInt8) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    static func verifyOffPool(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
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
            passwordHash: try await Self.hashOffPool(password, cost: settings.passwordCost))
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

    /// The longest account name looked up at sign-in; longer ones cannot exist.
    static let maxNameLength = 64

    /// Checks the password; on success opens a session and returns the cookie value.
    ///
    /// Guessing is slowed per account and per address, each on its own count: a success
    /// clears only its own account's count, so signing in to one's own account between
    /// guesses buys nothing, and one account's failures never slow another's sign-in.
    public func login(name: String, password: String, from address: String, now: Date = Date()) async throws
        -> LoginResult
    {
        let account = LoginLimiter.Key.account(String(name.lowercased().prefix(Self.maxNameLength + 1)))
        let origin = LoginLimiter.Key.address(address)
        if let wait = try await limiter.wait([account, origin], now: now) { return .limited(retryAfter: wait) }
        // A name no account can have is wrong without a look-up, and never reaches the audit raw.
        let user = Self.isValidName(name) ? try await store.user(named: name) : nil
        // Verify against a dummy hash for unknown names, so timing does not reveal which exist.
        let ok =
            try await Self.verifyOffPool(password, hash: user?.passwordHash ?? Self.dummyHash)
            && user?.disabled == false
        guard ok, let user else {
            try await limiter.fail([account, origin], now: now)
            try await store.audit(
                AuditEvent(
                    at: now, actor: AuditText.clean(name, limit: Self.maxNameLength), action: "login-failed",
                    target: address))
            return .wrongCredentials
        }
        try await limiter.succeed(account)
        let cookie = Secrets.token()
        let session = Session(
            tokenHash: Secrets.sha256(cookie), userID: user.id, csrfToken: Secrets.token(bytes: 24),
            expiresAt: now.addingTimeInterval(settings.sessionLifetime))
        try await store.createSession(session)
        try await store.audit(AuditEvent(at: now, actor: user.name, action: "login", target: address))
        return .success(user, cookie: cookie, session: session)
    }

    /// Revokes one of `user`'s API tokens, audited as done by `actor` (the user, or `cli`);
    /// false when they have none with this id.
    public func revokeToken(id: Int64, of user: User, by actor: String? = nil) async throws -> Bool {
        guard try await store.revokeToken(id: id, userID: user.id) else { return false }
        try await store.audit(
            AuditEvent(
                at: Date(), actor: actor ?? user.name, action: "token-revoke", target: user.name,
                detail: "token \(id)"))
        return true
    }

    /// Changes `user`'s password after checking the current one. Throws `StoreError.invalid`
    /// with what to fix.
    public func changePassword(of user: User, current: String, new: String) async throws {
        guard try await Self.verifyOffPool(current, hash: user.passwordHash) else {
            throw StoreError.invalid("the current password is not right")
        }
        guard new.count >= 10 else { throw StoreError.invalid("passwords need at least 10 characters") }
        try await setPassword(new, of: user.name, by: user.name, action: "password-change")
    }

    /// Sets `name`'s password: every session and token of theirs ends (`Store.setPasswordHash`),
    /// and the change is audited as `action` by `actor`. Returns how many ended.
    @discardableResult
    public func setPassword(_ password: String, of name: String, by actor: String, action: String) async throws -> (
        sessions: Int, tokens: Int
    ) {
        let hash = try await Self.hashOffPool(password, cost: settings.passwordCost)
        let ended = try await store.setPasswordHash(hash, user: name)
        try await store.audit(
            AuditEvent(
                at: Date(), actor: actor, action: action, target: name,
                detail: "\(ended.sessions) sessions and \(ended.tokens) tokens ended"))
        return ended
    }

    static let dummyHash = Bcrypt.hash("not a password", cost: defaultCost)

    /// A new secret for `user`'s calendar links, replacing the old one (which stops working);
    /// returned once, only its hash is kept.
    public func createCalendarToken(for user: User) async throws -> String {
        let token = "dbc_" + Secrets.token()
        try await store.setCalendarToken(userID: user.id, tokenHash: Secrets.sha256(token))
        try await store.audit(AuditEvent(at: Date(), actor: user.name, action: "calendar-link", target: user.name))
        return token
    }

    /// A new API token for `user`; the token is returned once, only its hash is kept.
    public func createToken(for user: User, name: String) async throws -> String {
        let token = "dbt_" + Secrets.token()
        _ = try await store.createToken(userID: user.id, name: name, tokenHash: Secrets.sha256(token))
        try await store.audit(AuditEvent(at: Date(), actor: user.name, action: "token-create", target: name))
        return token
    }
}

/// Failed sign-ins per account and per address, each slowed by exponential back-off: the
/// first `freeAttempts` failures cost nothing, then each further one doubles the wait before
/// the next try (`firstWait`, twice that, four times… up to `maxWait`). A key's count is
/// forgotten `window` after its last failure. Addresses get more free attempts than accounts,
/// since a team behind one TLS proxy shares an address, and back-off rather than a lockout
/// keeps the rightful owner able to sign in after a short wait. The counts live in the store,
/// so every server on one database counts the same failures: an attacker behind a load
/// balancer gets one allowance, not one per server.
final class LoginLimiter: Sendable {
    enum Key: Hashable, Sendable {
        case account(String)
        case address(String)

        /// The key as the store keeps it.
        var stored: String {
            switch self {
            case .account(let name): "account:" + name
            case .address(let address): "address:" + address
            }
        }
    }

    let store: any AccountStore
    let freeAttempts: Int
    let window: TimeInterval
    let firstWait: TimeInterval
    let maxWait: TimeInterval

    init(
        store: any AccountStore, attempts: Int, window: TimeInterval, firstWait: TimeInterval = 1,
        maxWait: TimeInterval = 15 * 60
    ) {
        self.store = store
        freeAttempts = attempts
        self.window = window
        self.firstWait = firstWait
        self.maxWait = maxWait
    }

    func free(_ key: Key) -> Int {
        switch key {
        case .account: freeAttempts
        case .address: freeAttempts * 4
        }
    }

    /// The back-off after `failures` failures on a key allowing `free` of them.
    func backOff(failures: Int, free: Int) -> TimeInterval {
        guard failures >= free else { return 0 }
        return min(maxWait, firstWait * pow(2, Double(min(failures - free, 30))))
    }

    /// Whole seconds to wait before any of `keys` may try again, or nil.
    func wait(_ keys: [Key], now: Date) async throws -> Int? {
        let counts = try await store.signInFailures(keys: keys.map(\.stored))
        var longest: TimeInterval = 0
        for key in keys {
            guard let count = counts[key.stored] else { continue }
            let since = now.timeIntervalSince(count.last)
            if since >= window { continue }
            longest = max(longest, backOff(failures: count.failures, free: free(key)) - since)
        }
        return longest > 0 ? Int(longest.rounded(.up)) : nil
    }

    func fail(_ keys: [Key], now: Date) async throws {
        try await store.recordSignInFailure(keys: keys.map(\.stored), at: now, window: window)
    }

    /// A right password for this account: its own count starts again; no other key's does.
    func succeed(_ account: Key) async throws {
        try await store.clearSignInFailures(key: account.stored)
    }
}
