/// The PostgreSQL schema: every migration, in the order it is applied, in this one place
/// (`PostgresDatabase.migrate` applies the new ones under an advisory lock). The same ideas as
/// the SQLite schema (`Schema.swift`), in PostgreSQL's own types: `timestamptz`, `bigserial`,
/// a case-blind unique index for account names.
enum PostgresSchema {
    struct Migration {
        var name: String
        var statements: [String]
    }

    /// The first key of the advisory lock migrations are applied under (any fixed number:
    /// "dbrf"); the second is a hash of the schema's name.
    static let migrationLock: Int32 = 0x6462_7266

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
            ]),
        Migration(
            name: "v2-postmortems",
            statements: [
                // The list's columns, the similarity profile, and the search document: one
                // weighted tsvector (title A; summary and impact, root cause and whys B; factors C;
                // timeline and actions D) with a GIN index, and its text for ts_headline.
                """
                CREATE TABLE postmortems (
                    key bigserial PRIMARY KEY,
                    id text NOT NULL UNIQUE,
                    version integer NOT NULL,
                    title text NOT NULL,
                    status text NOT NULL,
                    severity text,
                    kind text,
                    services text NOT NULL,
                    tags text NOT NULL,
                    started timestamptz,
                    restricted boolean NOT NULL,
                    ttd double precision,
                    ttr double precision,
                    open_actions integer NOT NULL,
                    updated_at timestamptz NOT NULL,
                    updated_by text NOT NULL,
                    demo boolean NOT NULL DEFAULT false,
                    words text NOT NULL,
                    factor_categories text NOT NULL,
                    search tsvector NOT NULL,
                    search_text text NOT NULL
                )
                """,
                "CREATE INDEX postmortems_order ON postmortems (started DESC NULLS LAST, id)",
                "CREATE INDEX postmortems_search ON postmortems USING gin (search)",
                """
                CREATE TABLE versions (
                    key bigint NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                    version integer NOT NULL,
                    markdown text NOT NULL,
                    author text NOT NULL,
                    created_at timestamptz NOT NULL,
                    note text NOT NULL,
                    changes text NOT NULL,
                    PRIMARY KEY (key, version)
                )
                """,
                """
                CREATE TABLE pm_people (
                    key bigint NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                    name text NOT NULL,
                    PRIMARY KEY (key, name)
                )
                """,
                "CREATE INDEX pm_people_name ON pm_people (name)",
                """
                CREATE TABLE pm_services (
                    key bigint NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                    service text NOT NULL,
                    PRIMARY KEY (service, key)
                )
                """,
                "CREATE INDEX pm_services_key ON pm_services (key)",
                """
                CREATE TABLE pm_tags (
                    key bigint NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                    tag text NOT NULL,
                    PRIMARY KEY (tag, key)
                )
                """,
                """
                CREATE TABLE action_items (
                    key bigint NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                    idx integer NOT NULL,
                    title text NOT NULL,
                    owner text,
                    due date,
                    priority text,
                    type text,
                    status text NOT NULL,
                    link text,
                    PRIMARY KEY (key, idx)
                )
                """,
                "CREATE INDEX action_items_owner ON action_items (lower(owner))",
                "CREATE INDEX action_items_due ON action_items (status, due)",
                """
                CREATE TABLE comments (
                    id bigserial PRIMARY KEY,
                    key bigint NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                    author text NOT NULL,
                    body text NOT NULL,
                    version integer NOT NULL,
                    created_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX comments_key ON comments (key)",
                // Attachments live in the database, as on SQLite: one backup holds everything.
                """
                CREATE TABLE attachments (
                    id text PRIMARY KEY,
                    key bigint NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                    filename text NOT NULL,
                    content_type text NOT NULL,
                    size bigint NOT NULL,
                    sha256 text NOT NULL,
                    data bytea NOT NULL,
                    uploaded_by text NOT NULL,
                    created_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX attachments_key ON attachments (key)",
                // A number every write to the post-mortems moves, whichever server makes it.
                "CREATE TABLE generation (id integer PRIMARY KEY CHECK (id = 1), value bigint NOT NULL)",
                "INSERT INTO generation (id, value) VALUES (1, 0)",
                """
                CREATE FUNCTION debrief_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE generation SET value = value + 1 WHERE id = 1;
                    RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER postmortems_generation AFTER INSERT OR UPDATE OR DELETE ON postmortems
                FOR EACH STATEMENT EXECUTE FUNCTION debrief_bump_generation()
                """,
            ]),
        // Pages the server rendered once for every reader (dropped by v5).
        Migration(
            name: "v3-rendered",
            statements: [
                """
                CREATE TABLE rendered_pages (
                    key bigint PRIMARY KEY REFERENCES postmortems(key) ON DELETE CASCADE,
                    stamp text NOT NULL,
                    valid_from text NOT NULL,
                    valid_until text,
                    mark text NOT NULL,
                    text text NOT NULL
                )
                """,
                """
                CREATE TABLE rendered_similar (
                    key bigint PRIMARY KEY REFERENCES postmortems(key) ON DELETE CASCADE,
                    generation bigint NOT NULL,
                    text text NOT NULL
                )
                """,
            ]),
        // Failed sign-ins by account and by address, shared by every server on the database.
        Migration(
            name: "v4-sign-in-failures",
            statements: [
                """
                CREATE TABLE sign_in_failures (
                    key text PRIMARY KEY,
                    failures integer NOT NULL,
                    last timestamptz NOT NULL
                )
                """
            ]),
        // The server keeps no pages in the database any more; the generation also moves with
        // comments and attachments, which its pages show.
        Migration(
            name: "v5-no-rendered-pages",
            statements: [
                "DROP TABLE rendered_pages",
                "DROP TABLE rendered_similar",
                """
                CREATE TRIGGER comments_generation AFTER INSERT OR UPDATE OR DELETE ON comments
                FOR EACH STATEMENT EXECUTE FUNCTION debrief_bump_generation()
                """,
                """
                CREATE TRIGGER attachments_generation AFTER INSERT OR UPDATE OR DELETE ON attachments
                FOR EACH STATEMENT EXECUTE FUNCTION debrief_bump_generation()
                """,
            ]),
        // The list counts what a reader may see: `NOT restricted OR key IN (those naming the
        // reader)` needs only these two columns, so PostgreSQL counts 100,000 from this index
        // (10 ms) instead of reading every row of the wide table (110 ms and more).
        Migration(
            name: "v6-postmortems-visible",
            statements: ["CREATE INDEX postmortems_visible ON postmortems (restricted, key)"]),
        // Public versions (docs/open-postmortems.md): each post-mortem's redacted text with
        // versions of its own, and its approval and publication.
        Migration(
            name: "v7-public-versions",
            statements: [
                """
                CREATE TABLE public_versions (
                    key bigint NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                    version integer NOT NULL,
                    markdown text NOT NULL,
                    author text NOT NULL,
                    created_at timestamptz NOT NULL,
                    note text NOT NULL,
                    PRIMARY KEY (key, version)
                )
                """,
                """
                CREATE TABLE public_state (
                    key bigint PRIMARY KEY REFERENCES postmortems(key) ON DELETE CASCADE,
                    version integer NOT NULL,
                    updated_at timestamptz,
                    updated_by text,
                    keep text NOT NULL,
                    redact text NOT NULL,
                    allow_restricted boolean NOT NULL,
                    approved_version integer,
                    approved_by text,
                    published_version integer,
                    published_id text UNIQUE,
                    published_at timestamptz
                )
                """,
                """
                CREATE TRIGGER public_state_generation AFTER INSERT OR UPDATE OR DELETE ON public_state
                FOR EACH STATEMENT EXECUTE FUNCTION debrief_bump_generation()
                """,
            ]),
        // A secret link per account to its calendar (docs/server.md), kept as a hash.
        Migration(
            name: "v8-calendar-feeds",
            statements: [
                """
                CREATE TABLE calendar_feeds (
                    user_id bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                    token_hash text NOT NULL UNIQUE,
                    created_at timestamptz NOT NULL
                )
                """
            ]),  // Reminders sent, by key, so that none is sent twice.
        Migration(
            name: "v9-reminders-sent",
            statements: [
                """
                CREATE TABLE reminders_sent (
                    key text PRIMARY KEY,
                    owner text NOT NULL,
                    sent_at timestamptz NOT NULL
                )
                """
            ]),  // Review meetings for one or more post-mortems.
        Migration(
            name: "v10-meetings",
            statements: [
                """
                CREATE TABLE meetings (
                    id bigserial PRIMARY KEY,
                    title text NOT NULL,
                    starts_at timestamptz NOT NULL,
                    zone text NOT NULL,
                    minutes integer NOT NULL,
                    attendees text NOT NULL,
                    postmortems text NOT NULL,
                    notes text NOT NULL,
                    present text NOT NULL,
                    held boolean NOT NULL,
                    created_by text NOT NULL
                )
                """,
                "CREATE INDEX meetings_starts ON meetings (starts_at)",
            ]),
        // The search document in a narrow table of its own: a search walks the newest rows and
        // tests each one's document, and a row of the wide table costs several times the reads
        // of a (key, restricted, document) row (at 100,000 stored, a pair of words went from
        // p95 33 ms to 7 ms, one common word from 34 ms to 8 ms).
        Migration(
            name: "v11-search-table",
            statements: [
                """
                CREATE TABLE pm_search (
                    key bigint PRIMARY KEY REFERENCES postmortems(key) ON DELETE CASCADE,
                    restricted boolean NOT NULL,
                    search tsvector NOT NULL
                )
                """,
                "INSERT INTO pm_search (key, restricted, search) SELECT key, restricted, search FROM postmortems",
                "CREATE INDEX pm_search_words ON pm_search USING gin (search)",
                "DROP INDEX postmortems_search",
                "ALTER TABLE postmortems DROP COLUMN search",
                // (So that the planner knows the new table before autovacuum gets to it.)
                "ANALYZE pm_search",
            ]),
    ]
}
