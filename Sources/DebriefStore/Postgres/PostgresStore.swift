import DebriefCore
import Foundation
import PostgresNIO

/// The team's store on PostgreSQL, for several servers on one database (see docs/server.md).
public final class PostgresStore: Sendable {
    let database: PostgresDatabase
    /// The migrations this opening applied (empty when the schema was up to date).
    public let migrationsAppliedNow: [String]

    /// Connects and applies the schema's new migrations. `schema` puts the tables in that
    /// schema of the database, created when missing (letters, digits and `_`; the tests give
    /// each store its own), instead of the user's default.
    public init(_ location: PostgresLocation, schema: String? = nil) async throws {
        if let schema {
            guard !schema.isEmpty, schema.count <= 63,
                schema.unicodeScalars.allSatisfy({
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
                })
            else { throw StoreError.invalid("'\(schema)' is not a schema name (letters, digits and _)") }
        }
        let database = try PostgresDatabase(location, searchPath: schema)
        self.database = database
        do {
            // Reaching the server is quick or never; the migrations may then wait on another
            // server starting at the same moment, which holds their lock until it is done.
            try await database.reaching(location, within: 15) { try await database.ping() }
            migrationsAppliedNow = try await database.reaching(
                location, within: 300, waiting: "for the migration lock another server holds"
            ) {
                try await database.migrate(schema: schema)
            }
        } catch let error where error is PSQLError || error is PostgresTransactionError {
            database.close()
            throw StoreError.invalid(
                "PostgreSQL at \(location): \(PostgresDatabase.describe(PostgresDatabase.unwrapped(error)))")
        } catch {
            database.close()
            throw error
        }
    }

    /// Ends the store's connections (also done when the store goes away).
    public func close() { database.close() }

    deinit { database.close() }

    /// The migrations applied to this database, in the order they were.
    public func appliedMigrations() async throws -> [String] {
        var applied: [(name: String, at: Date)] = []
        let rows = try await client.query("SELECT name, applied_at FROM debrief_migrations", logger: logger)
        for try await (name, at) in rows.decode((String, Date).self) { applied.append((name, at)) }
        // Those applied in one transaction share a time: their order is the registered one
        // (by name, "v10-…" would come before "v2-…").
        let order = Dictionary(
            PostgresSchema.migrations.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        return applied.sorted {
            ($0.at, order[$0.name] ?? Int.max, $0.name) < ($1.at, order[$1.name] ?? Int.max, $1.name)
        }.map(\.name)
    }

    var client: PostgresClient { database.client }
    var logger: Logger { database.logger }

    /// Runs `body` in a transaction; what `body` throws comes out as itself (a `StoreError`
    /// stays one), not wrapped in PostgresNIO's transaction error.
    func transaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await client.withTransaction(logger: logger, body)
        } catch {
            throw Self.storeError(PostgresDatabase.unwrapped(error))
        }
    }

    /// A refusal PostgreSQL gives for what it cannot store, as the store's own error naming it;
    /// anything else as it is.
    static func storeError(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return error }
        switch state {
        // A NUL byte in text (which SQLite keeps and PostgreSQL cannot).
        case "22021", "22P05": return StoreError.invalid("text holds a NUL character, which PostgreSQL cannot store")
        case "54000": return StoreError.invalid("a value is too large for PostgreSQL to store")
        default: return error
        }
    }

    typealias UserRow = (Int64, String, String, String, String, Bool, Date)
    static let userColumns = "id, name, display_name, role, password_hash, disabled, created_at"

    static func user(_ row: UserRow) throws -> User {
        guard let role = Role(rawValue: row.3) else { throw StoreError.invalid("user '\(row.1)' has no known role") }
        return User(
            id: row.0, name: row.1, displayName: row.2, role: role, disabled: row.5, createdAt: row.6,
            passwordHash: row.4)
    }

    func users(_ query: PostgresQuery) async throws -> [User] {
        var users: [User] = []
        for try await row in try await client.query(query, logger: logger).decode(UserRow.self) {
            users.append(try Self.user(row))
        }
        return users
    }

    /// How many rows a statement with `RETURNING 1` touched.
    static func count(_ rows: PostgresRowSequence) async throws -> Int {
        var count = 0
        for try await _ in rows { count += 1 }
        return count
    }
}

extension PostgresStore: AccountStore {
    public func addUser(name: String, displayName: String, role: Role, passwordHash: String) async throws -> User {
        let now = Date()
        do {
            let rows = try await client.query(
                """
                INSERT INTO users (name, display_name, role, password_hash, created_at)
                VALUES (\(name), \(displayName), \(role.rawValue), \(passwordHash), \(now)) RETURNING id
                """, logger: logger)
            for try await id in rows.decode(Int64.self) {
                return User(
                    id: id, name: name, displayName: displayName, role: role, disabled: false, createdAt: now,
                    passwordHash: passwordHash)
            }
            throw StoreError.invalid("the new user '\(name)' was not stored")
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError.duplicate("user '\(name)'")
        }
    }

    public func user(named name: String) async throws -> User? {
        try await users("SELECT \(unescaped: Self.userColumns) FROM users WHERE lower(name) = lower(\(name))").first
    }

    public func user(id: Int64) async throws -> User? {
        try await users("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)").first
    }

    public func users() async throws -> [User] {
        try await users("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY lower(name)")
    }

    /// Sets one column of the account named `name` (`StoreError.notFound` when there is none)
    /// and returns its id, for what the change ends.
    func update(
        user name: String, setting column: String, to value: some PostgresNonThrowingEncodable,
        on connection: PostgresConnection
    ) async throws -> Int64 {
        let rows = try await connection.query(
            "UPDATE users SET \(unescaped: column) = \(value) WHERE lower(name) = lower(\(name)) RETURNING id",
            logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StoreError.notFound("user '\(name)'")
    }

    /// Ends every session (and with `tokens`, every API token) of the account; how many ended.
    func end(
        sessionsOf id: Int64, tokens: Bool, on connection: PostgresConnection
    ) async throws -> (sessions: Int, tokens: Int) {
        let sessions = try await Self.count(
            connection.query("DELETE FROM sessions WHERE user_id = \(id) RETURNING 1", logger: logger))
        guard tokens else { return (sessions, 0) }
        try await connection.query("DELETE FROM calendar_feeds WHERE user_id = \(id)", logger: logger)
        return (
            sessions,
            try await Self.count(
                connection.query("DELETE FROM api_tokens WHERE user_id = \(id) RETURNING 1", logger: logger))
        )
    }

    public func setDisabled(_ disabled: Bool, user name: String) async throws {
        try await transaction { connection in
            let id = try await update(user: name, setting: "disabled", to: disabled, on: connection)
            if disabled { _ = try await end(sessionsOf: id, tokens: false, on: connection) }
        }
    }

    @discardableResult
    public func setPasswordHash(_ hash: String, user name: String) async throws -> (sessions: Int, tokens: Int) {
        try await transaction { connection in
            let id = try await update(user: name, setting: "password_hash", to: hash, on: connection)
            return try await end(sessionsOf: id, tokens: true, on: connection)
        }
    }

    public func createSession(_ session: Session) async throws {
        try await transaction { connection in
            // Expired sessions go when new ones come, so the table stays the size of the live ones.
            try await connection.query("DELETE FROM sessions WHERE expires_at <= \(Date())", logger: logger)
            try await connection.query(
                """
                INSERT INTO sessions (token_hash, user_id, csrf, expires_at)
                VALUES (\(session.tokenHash), \(session.userID), \(session.csrfToken), \(session.expiresAt))
                """, logger: logger)
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> (Session, User)? {
        let rows = try await client.query(
            """
            SELECT s.token_hash, s.csrf, s.expires_at, u.id, u.name, u.display_name, u.role, u.password_hash,
                u.disabled, u.created_at
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(now) AND NOT u.disabled
            """, logger: logger)
        for try await row in rows.decode((String, String, Date, Int64, String, String, String, String, Bool, Date).self)
        {
            let user = try Self.user((row.3, row.4, row.5, row.6, row.7, row.8, row.9))
            return (Session(tokenHash: row.0, userID: user.id, csrfToken: row.1, expiresAt: row.2), user)
        }
        return nil
    }

    public func deleteSession(tokenHash: String) async throws {
        try await client.query("DELETE FROM sessions WHERE token_hash = \(tokenHash)", logger: logger)
    }

    public func createToken(userID: Int64, name: String, tokenHash: String) async throws -> APIToken {
        let now = Date()
        let rows = try await client.query(
            """
            INSERT INTO api_tokens (user_id, name, token_hash, created_at)
            VALUES (\(userID), \(name), \(tokenHash), \(now)) RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) {
            return APIToken(id: id, userID: userID, name: name, createdAt: now)
        }
        throw StoreError.invalid("the new token '\(name)' was not stored")
    }

    public func user(tokenHash: String) async throws -> User? {
        try await users(
            """
            SELECT u.id, u.name, u.display_name, u.role, u.password_hash, u.disabled, u.created_at
            FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = \(tokenHash) AND NOT u.disabled
            """
        ).first
    }

    public func setCalendarToken(userID: Int64, tokenHash: String?) async throws {
        try await transaction { connection in
            try await connection.query("DELETE FROM calendar_feeds WHERE user_id = \(userID)", logger: logger)
            if let tokenHash {
                try await connection.query(
                    "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (\(userID), \(tokenHash), \(Date()))",
                    logger: logger)
            }
        }
    }

    public func user(calendarTokenHash: String) async throws -> User? {
        try await users(
            """
            SELECT u.id, u.name, u.display_name, u.role, u.password_hash, u.disabled, u.created_at
            FROM calendar_feeds c JOIN users u ON u.id = c.user_id WHERE c.token_hash = \(calendarTokenHash) AND NOT u.disabled
            """
        ).first
    }

    public func sentReminders(keys: [String]) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return Set(
            try await rows("SELECT key FROM reminders_sent WHERE key = ANY(\(keys))").map {
                try $0["key"].decode(String.self)
            })
    }

    public func recordReminders(_ keys: [String], owner: String, at: Date) async throws {
        try await transaction { connection in
            for key in keys {
                try await connection.query(
                    "INSERT INTO reminders_sent (key, owner, sent_at) VALUES (\(key), \(owner), \(at)) ON CONFLICT DO NOTHING",
                    logger: logger)
            }
        }
    }

    public func tokens(userID: Int64) async throws -> [APIToken] {
        var tokens: [APIToken] = []
        let rows = try await client.query(
            "SELECT id, user_id, name, created_at FROM api_tokens WHERE user_id = \(userID) ORDER BY id", logger: logger
        )
        for try await row in rows.decode((Int64, Int64, String, Date).self) {
            tokens.append(APIToken(id: row.0, userID: row.1, name: row.2, createdAt: row.3))
        }
        return tokens
    }

    public func revokeToken(id: Int64, userID: Int64) async throws -> Bool {
        try await Self.count(
            client.query(
                "DELETE FROM api_tokens WHERE id = \(id) AND user_id = \(userID) RETURNING 1", logger: logger)) == 1
    }
}

extension PostgresStore {
    public func recordSignInFailure(keys: [String], at now: Date, window: TimeInterval) async throws {
        try await transaction { connection in
            try await connection.query(
                "DELETE FROM sign_in_failures WHERE last < \(now.addingTimeInterval(-window))", logger: logger)
            for key in keys {
                try await connection.query(
                    """
                    INSERT INTO sign_in_failures (key, failures, last) VALUES (\(key), 1, \(now))
                    ON CONFLICT (key) DO UPDATE SET
                        failures = CASE WHEN extract(epoch FROM excluded.last - sign_in_failures.last) >= \(window)
                            THEN 1 ELSE sign_in_failures.failures + 1 END,
                        last = excluded.last
                    """, logger: logger)
            }
        }
    }

    public func signInFailures(keys: [String]) async throws -> [String: (failures: Int, last: Date)] {
        var found: [String: (failures: Int, last: Date)] = [:]
        let rows = try await client.query(
            "SELECT key, failures, last FROM sign_in_failures WHERE key = ANY(\(keys))", logger: logger)
        for try await (key, failures, last) in rows.decode((String, Int, Date).self) { found[key] = (failures, last) }
        return found
    }

    public func clearSignInFailures(key: String) async throws {
        try await client.query("DELETE FROM sign_in_failures WHERE key = \(key)", logger: logger)
    }
}

extension PostgresStore: AuditLog {
    public func audit(_ event: AuditEvent) async throws {
        try await client.query(
            """
            INSERT INTO audit (at, actor, action, target, detail)
            VALUES (\(event.at), \(event.actor), \(event.action), \(event.target), \(event.detail))
            """, logger: logger)
    }

    public func auditTrail(limit: Int) async throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        let rows = try await client.query(
            "SELECT at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT \(limit)", logger: logger)
        for try await row in rows.decode((Date, String, String, String, String).self) {
            events.append(AuditEvent(at: row.0, actor: row.1, action: row.2, target: row.3, detail: row.4))
        }
        return events
    }
}
