/// The PostgreSQL schema: every migration, in the order it is applied, in this one place
/// (`PostgresDatabase.migrate` applies the new ones under an advisory lock). The same ideas as
/// the SQLite schema (`Schema.swift`), in PostgreSQL's own types: `timestamptz`, `bigserial`,
/// a case-blind unique index for account names.
enum PostgresSchema {
    struct Migration {
        var name: String
        var statements: [String]
    }

    /// The advisory lock key migrations are applied under (any fixed number: "dbrf").
    static let migrationLock: Int64 = 0x6462_7266

    static let migrations: [Migration] = [
        Migration(
            name: "v1-accounts-audit",
            statements: [
                """
                CREATE TABLE users (
                    id bigserial PRIMARY KEY,
                    name text NOT NULL,
                    display_name text NOT NULL,
                    role text NOT NULL,
                    password_hash text NOT NULL,
                    disabled boolean NOT NULL DEFAULT false,
                    created_at timestamptz NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX users_name ON users (lower(name))",
                """
                CREATE TABLE sessions (
                    token_hash text PRIMARY KEY,
                    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    csrf text NOT NULL,
                    expires_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX sessions_user ON sessions (user_id)",
                """
                CREATE TABLE api_tokens (
                    id bigserial PRIMARY KEY,
                    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    name text NOT NULL,
                    token_hash text NOT NULL UNIQUE,
                    created_at timestamptz NOT NULL
                )
                """,
                """
                CREATE TABLE audit (
                    id bigserial PRIMARY KEY,
                    at timestamptz NOT NULL,
                    actor text NOT NULL,
                    action text NOT NULL,
                    target text NOT NULL,
                    detail text NOT NULL
                )
                """,
            ])
    ]
}
