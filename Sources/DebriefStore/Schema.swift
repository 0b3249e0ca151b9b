import GRDB

/// Every migration of the SQLite store, in order. Shipped migrations are never edited; a
/// change to the schema is a new migration appended here.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE postmortems (
                        key INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        version INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        status TEXT NOT NULL,
                        severity TEXT,
                        kind TEXT,
                        services TEXT NOT NULL,
                        tags TEXT NOT NULL,
                        started REAL,
                        restricted INTEGER NOT NULL,
                        ttd REAL,
                        ttr REAL,
                        open_actions INTEGER NOT NULL,
                        words TEXT NOT NULL,
                        factor_categories TEXT NOT NULL,
                        updated_at REAL NOT NULL,
                        updated_by TEXT NOT NULL,
                        demo INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX postmortems_started ON postmortems(started DESC);
                    CREATE TABLE versions (
                        key INTEGER NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                        version INTEGER NOT NULL,
                        markdown TEXT NOT NULL,
                        author TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        note TEXT NOT NULL,
                        changes TEXT NOT NULL,
                        PRIMARY KEY (key, version)
                    ) WITHOUT ROWID;
                    CREATE TABLE pm_people (
                        key INTEGER NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        PRIMARY KEY (key, name)
                    ) WITHOUT ROWID;
                    CREATE TABLE pm_services (
                        key INTEGER NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                        service TEXT NOT NULL,
                        PRIMARY KEY (service, key)
                    ) WITHOUT ROWID;
                    CREATE INDEX pm_services_key ON pm_services(key);
                    CREATE TABLE pm_tags (
                        key INTEGER NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                        tag TEXT NOT NULL,
                        PRIMARY KEY (tag, key)
                    ) WITHOUT ROWID;
                    CREATE INDEX pm_tags_key ON pm_tags(key);
                    CREATE TABLE action_items (
                        key INTEGER NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                        idx INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        owner TEXT,
                        due TEXT,
                        priority TEXT,
                        type TEXT,
                        status TEXT NOT NULL,
                        link TEXT,
                        PRIMARY KEY (key, idx)
                    ) WITHOUT ROWID;
                    CREATE INDEX action_items_owner ON action_items(owner);
                    CREATE INDEX action_items_due ON action_items(status, due);
                    CREATE VIRTUAL TABLE search USING fts5(
                        title, summary, timeline, root_cause, factors, actions,
                        tokenize = 'porter unicode61 remove_diacritics 2'
                    );
                    CREATE TABLE users (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        display_name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        password_hash TEXT NOT NULL,
                        disabled INTEGER NOT NULL DEFAULT 0,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE sessions (
                        token_hash TEXT PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        csrf TEXT NOT NULL,
                        expires_at REAL NOT NULL
                    );
                    CREATE TABLE api_tokens (
                        id INTEGER PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        token_hash TEXT NOT NULL UNIQUE,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE comments (
                        id INTEGER PRIMARY KEY,
                        key INTEGER NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                        author TEXT NOT NULL,
                        body TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX comments_key ON comments(key);
                    CREATE TABLE attachments (
                        id TEXT PRIMARY KEY,
                        key INTEGER NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                        filename TEXT NOT NULL,
                        content_type TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        data BLOB NOT NULL,
                        uploaded_by TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX attachments_key ON attachments(key);
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY,
                        at REAL NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        target TEXT NOT NULL,
                        detail TEXT NOT NULL
                    );
                    """)
        }
        // Lists read narrow rows in index order: the similarity profile moves to its own
        // table, and the list's order and the visibility test get indexes.
        migrator.registerMigration("v2-narrow-list-rows") { db in
            try db.execute(
                sql: """
                    CREATE TABLE pm_profiles (
                        key INTEGER PRIMARY KEY REFERENCES postmortems(key) ON DELETE CASCADE,
                        words TEXT NOT NULL,
                        factor_categories TEXT NOT NULL
                    );
                    INSERT INTO pm_profiles (key, words, factor_categories)
                        SELECT key, words, factor_categories FROM postmortems;
                    ALTER TABLE postmortems DROP COLUMN words;
                    ALTER TABLE postmortems DROP COLUMN factor_categories;
                    DROP INDEX postmortems_started;
                    CREATE INDEX postmortems_order ON postmortems(started DESC, id);
                    CREATE INDEX postmortems_restricted ON postmortems(restricted);
                    """)
        }
        // A number that changes with every post-mortem written, whoever writes it (the
        // server, `debrief import` in a shell, a second server): search and list results
        // are kept while it stays the same.
        migrator.registerMigration("v3-generation") { db in
            try db.execute(
                sql: """
                    CREATE TABLE generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
                    INSERT INTO generation (id, value) VALUES (1, 0);
                    CREATE TRIGGER postmortems_inserted AFTER INSERT ON postmortems
                        BEGIN UPDATE generation SET value = value + 1; END;
                    CREATE TRIGGER postmortems_updated AFTER UPDATE ON postmortems
                        BEGIN UPDATE generation SET value = value + 1; END;
                    CREATE TRIGGER postmortems_deleted AFTER DELETE ON postmortems
                        BEGIN UPDATE generation SET value = value + 1; END;
                    """)
        }
        migrator.registerMigration("v4-rendered") { db in
            // Pages the server renders once for every reader, and who is named where (a reader
            // named in a restricted post-mortem gets pages of their own).
            try db.execute(
                sql: """
                    CREATE TABLE rendered_pages (
                        key INTEGER PRIMARY KEY REFERENCES postmortems(key) ON DELETE CASCADE,
                        stamp TEXT NOT NULL,
                        valid_from TEXT NOT NULL,
                        valid_until TEXT,
                        mark TEXT NOT NULL,
                        text TEXT NOT NULL
                    );
                    CREATE TABLE rendered_similar (
                        key INTEGER PRIMARY KEY REFERENCES postmortems(key) ON DELETE CASCADE,
                        generation INTEGER NOT NULL,
                        text TEXT NOT NULL
                    );
                    CREATE INDEX pm_people_name ON pm_people(name);
                    """)
        }
        // Failed sign-ins by account and by address, shared by every process on the database.
        migrator.registerMigration("v5-sign-in-failures") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sign_in_failures (
                        key TEXT PRIMARY KEY,
                        failures INTEGER NOT NULL,
                        last REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        // The server keeps no pages in the database any more (one bounded cache in memory,
        // keyed by the generation), so the generation now also moves with comments and
        // attachments, which its pages show.
        migrator.registerMigration("v6-no-rendered-pages") { db in
            try db.execute(
                sql: """
                    DROP TABLE rendered_pages;
                    DROP TABLE rendered_similar;
                    CREATE TRIGGER comments_inserted AFTER INSERT ON comments
                        BEGIN UPDATE generation SET value = value + 1; END;
                    CREATE TRIGGER comments_deleted AFTER DELETE ON comments
                        BEGIN UPDATE generation SET value = value + 1; END;
                    CREATE TRIGGER attachments_inserted AFTER INSERT ON attachments
                        BEGIN UPDATE generation SET value = value + 1; END;
                    CREATE TRIGGER attachments_deleted AFTER DELETE ON attachments
                        BEGIN UPDATE generation SET value = value + 1; END;
                    """)
        }
        // Public versions (docs/open-postmortems.md): each post-mortem's redacted text with
        // versions of its own, and its approval and publication. Pages show them, so writes
        // move the generation too.
        migrator.registerMigration("v7-public-versions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE public_versions (
                        key INTEGER NOT NULL REFERENCES postmortems(key) ON DELETE CASCADE,
                        version INTEGER NOT NULL,
                        markdown TEXT NOT NULL,
                        author TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        note TEXT NOT NULL,
                        PRIMARY KEY (key, version)
                    ) WITHOUT ROWID;
                    CREATE TABLE public_state (
                        key INTEGER PRIMARY KEY REFERENCES postmortems(key) ON DELETE CASCADE,
                        version INTEGER NOT NULL,
                        updated_at REAL,
                        updated_by TEXT,
                        keep TEXT NOT NULL,
                        redact TEXT NOT NULL,
                        allow_restricted INTEGER NOT NULL,
                        approved_version INTEGER,
                        approved_by TEXT,
                        published_version INTEGER,
                        published_id TEXT UNIQUE,
                        published_at REAL
                    );
                    CREATE TRIGGER public_state_inserted AFTER INSERT ON public_state
                        BEGIN UPDATE generation SET value = value + 1; END;
                    CREATE TRIGGER public_state_updated AFTER UPDATE ON public_state
                        BEGIN UPDATE generation SET value = value + 1; END;
                    """)
        }
        // A secret link per account to its calendar (docs/server.md), kept as a hash.
        migrator.registerMigration("v8-calendar-feeds") { db in
            try db.execute(
                sql: """
                    CREATE TABLE calendar_feeds (
                        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                        token_hash TEXT NOT NULL UNIQUE,
                        created_at REAL NOT NULL
                    );
                    """)
        }
        // Reminders sent, by key, so that none is sent twice (docs/follow-through.md).
        migrator.registerMigration("v9-reminders-sent") { db in
            try db.execute(
                sql: """
                    CREATE TABLE reminders_sent (
                        key TEXT PRIMARY KEY,
                        owner TEXT NOT NULL,
                        sent_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        // Review meetings for one or more post-mortems (docs/follow-through.md).
        migrator.registerMigration("v10-meetings") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meetings (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        title TEXT NOT NULL,
                        starts_at REAL NOT NULL,
                        zone TEXT NOT NULL,
                        minutes INTEGER NOT NULL,
                        attendees TEXT NOT NULL,
                        postmortems TEXT NOT NULL,
                        notes TEXT NOT NULL,
                        present TEXT NOT NULL,
                        held INTEGER NOT NULL,
                        created_by TEXT NOT NULL
                    );
                    CREATE INDEX meetings_starts ON meetings(starts_at);
                    """)
        }
        return migrator
    }
}
