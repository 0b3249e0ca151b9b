import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Where a PostgreSQL store lives, read from a URL as `--db` and `DEBRIEF_DB` take it:
/// `postgres://user:password@host:port/database?sslmode=disable|prefer|require&pool=N`.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable {
        /// Plain TCP: loopback and private networks only.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS, or no connection.
        case require
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// How many connections each process keeps open (`pool=N`, 4 by default).
    public var pool: Int

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads the URL; a clear error names what is wrong with it.
    public init(url text: String) throws {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw StoreError.invalid(
                "'\(Self.redacted(text))' is not a postgres://user:password@host:port/database URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.invalid("the PostgreSQL URL names no host")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreError.invalid("the PostgreSQL URL names no database (postgres://user@host:5432/DATABASE)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError.invalid("the PostgreSQL URL names no user (postgres://USER@host/database)")
        }
        var tls = TLSMode.prefer
        var pool = 4
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                // libpq's other modes map onto the three PostgresNIO offers.
                switch item.value ?? "" {
                case "disable", "allow": tls = .disable
                case "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default:
                    throw StoreError.invalid(
                        "sslmode '\(item.value ?? "")' is not one of disable, prefer, require, verify-ca, verify-full")
                }
            case "pool":
                guard let size = item.value.flatMap(Int.init), (1...100).contains(size) else {
                    throw StoreError.invalid("pool '\(item.value ?? "")' is not a number of connections from 1 to 100")
                }
                pool = size
            default:
                throw StoreError.invalid(
                    "the PostgreSQL URL parameter '\(item.name)' is not known (only sslmode and pool are)")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
        self.pool = pool
    }

    /// The URL with the password left out, for messages and logs.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)" + (pool == 4 ? "" : "&pool=\(pool)")
    }

    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        guard let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":…" + String(text[at...])
    }

    func configuration(searchPath: String?) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch self.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        if let searchPath { configuration.options.additionalStartupParameters = [("search_path", searchPath)] }
        configuration.options.connectTimeout = .seconds(5)
        // A fixed pool with no keep-alive pings: PostgresNIO 1.33's pool keeps about 1.6 KB for
        // every timer it schedules, and it schedules them whenever a connection goes idle, so a
        // server's memory grew with every query (measured: 32 MB per 20,000 queries, none with
        // this setting). An idle connection the server or a firewall drops is replaced on use.
        configuration.options.minimumConnections = pool
        configuration.options.maximumConnections = pool
        configuration.options.keepAliveBehavior = nil
        return configuration
    }
}

/// A running pool of connections to one PostgreSQL database, and the schema's migrations
/// applied once, under an advisory lock, whichever server starts first.
final class PostgresDatabase: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>

    init(_ location: PostgresLocation, searchPath: String? = nil) throws {
        var logger = Logger(label: "debrief.postgres")
        logger.logLevel = .warning
        self.logger = logger
        let client = PostgresClient(configuration: try location.configuration(searchPath: searchPath))
        self.client = client
        running = Task { await client.run() }
    }

    /// What went wrong, in the server's words when it gave some (PostgresNIO's own description
    /// hides them, lest a message carry data).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        return "\(error.code)"
    }

    /// What a transaction's body threw, out of PostgresNIO's wrapper (when its rollback went
    /// well); any other error as it is.
    static func unwrapped(_ error: any Error) -> any Error {
        guard let error = error as? PostgresTransactionError, let thrown = error.closureError,
            error.rollbackError == nil
        else { return error }
        return thrown
    }

    /// Ends the pool's connections.
    func close() {
        running.cancel()
    }

    /// One round trip to the server.
    func ping() async throws {
        _ = try await client.query("SELECT 1", logger: logger).collect()
    }

    /// `body`, or an error naming the server when it has not finished within `seconds`: the
    /// pool retries a server it cannot reach for ever, and a command must not hang on one. On
    /// time-out `body` is cancelled and not waited for. `waiting` says what it waited for, when
    /// the server was reached.
    func reaching<Value: Sendable>(
        _ location: PostgresLocation, within seconds: Int, waiting: String? = nil,
        _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let race = FirstOutcome<Value>()
        let work = Task {
            do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
        }
        let timer = Task {
            try await Task.sleep(for: .seconds(seconds))
            // The time-out first: the work, cancelled, then fails with a cancellation of its own.
            race.finish(
                .failure(
                    StoreError.invalid(
                        waiting.map {
                            "PostgreSQL at \(location.host):\(location.port) waited \(seconds) s \($0) (\(location))"
                        }
                            ?? "could not reach PostgreSQL at \(location.host):\(location.port) within \(seconds) s (\(location))"
                    )))
            work.cancel()
        }
        // Done in time: the timer has nothing left to do.
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { race.wait(with: $0) }
    }

    /// Applies the migrations `PostgresSchema.migrations` lists that are not applied yet, in
    /// order, in one transaction that first takes an advisory lock (the schema's): two servers
    /// starting at once apply each migration once, the second waiting for the first.
    /// With `schema`, that schema is created first, under the same lock. With `through`, the
    /// migrations stop after the one of that name (a test makes an older database so).
    func migrate(schema: String? = nil, through last: String? = nil) async throws -> [String] {
        try await client.withTransaction(logger: logger) { connection in
            // One lock per schema: servers on one schema take turns; stores in other schemas
            // of the database (the tests give each its own) do not wait for each other.
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock), hashtext(\(schema ?? "")))",
                logger: logger)
            if let schema {
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: logger)
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS debrief_migrations (
                    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM debrief_migrations", logger: logger)
                .decode(String.self)
            {
                applied.insert(name)
            }
            var new: [String] = []
            let count = last.flatMap { name in PostgresSchema.migrations.firstIndex { $0.name == name } }
                .map { $0 + 1 }
            for migration in PostgresSchema.migrations.prefix(count ?? PostgresSchema.migrations.count)
            where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO debrief_migrations (name) VALUES (\(migration.name))", logger: logger)
                new.append(migration.name)
            }
            return new
        }
    }
}

/// Whichever of several tasks finishes first resumes the one waiting (at once, or when it
/// comes to wait); later ones are ignored.
final class FirstOutcome<Value: Sendable>: Sendable {
    private enum State {
        case open
        case waiting(CheckedContinuation<Value, any Error>)
        case finished(Result<Value, any Error>)
        case over
    }
    private let state = Mutex<State>(.open)

    func wait(with continuation: CheckedContinuation<Value, any Error>) {
        state.withLock { state in
            if case .finished(let result) = state {
                continuation.resume(with: result)
                state = .over
            } else {
                state = .waiting(continuation)
            }
        }
    }

    func finish(_ result: Result<Value, any Error>) {
        state.withLock { state in
            switch state {
            case .open: state = .finished(result)
            case .waiting(let continuation):
                continuation.resume(with: result)
                state = .over
            case .finished, .over: break
            }
        }
    }
}
