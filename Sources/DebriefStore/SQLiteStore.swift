import DebriefCore
import DebriefFormat
import Foundation
import GRDB

/// The default store: one SQLite file in WAL mode through GRDB, full-text search with FTS5.
public final class SQLiteStore: Store {
    let db: any DatabaseWriter
    /// Opens (or creates) the database file and brings its schema up to date.
    public convenience init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // An acknowledged write survives a crash of the process and of the machine.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try self.init(writer: DatabasePool(path: path, configuration: configuration))
    }

    /// A private in-memory database, for tests.
    public convenience init() throws {
        try self.init(writer: DatabaseQueue())
    }

    init(writer: any DatabaseWriter) throws {
        db = writer
        let migrator = Schema.migrator
        let before = try writer.read { try migrator.appliedIdentifiers($0) }
        try migrator.migrate(writer)
        migrationsAppliedNow = migrator.migrations.filter { !before.contains($0) }
        schemaMigrations = migrator.migrations
    }

    public let migrationsAppliedNow: [String]
    public let schemaMigrations: [String]

    // MARK: Post-mortems

    public func create(_ pm: PostMortem, by author: String, note: String, demo: Bool = false) async throws
        -> StoredPostMortem
    {
        try StoredText.checkID(pm.id)
        let markdown = try StoredText.render(pm)
        let now = Date()
        return try await db.write { db in
            try Self.insertNew(pm, markdown: markdown, at: now, by: author, note: note, demo: demo, db: db)
            return StoredPostMortem(
                postMortem: pm, markdown: markdown, version: 1, updatedAt: now, updatedBy: author, demo: demo)
        }
    }

    /// Creates many post-mortems in one transaction (seeding, benchmarks); all or none.
    public func createMany(_ postMortems: [PostMortem], by author: String, note: String = "", demo: Bool = false)
        async throws
    {
        for pm in postMortems { try StoredText.checkID(pm.id) }
        let rendered = try postMortems.map { ($0, try StoredText.render($0)) }
        let now = Date()
        try await db.write { db in
            for (pm, markdown) in rendered {
                try Self.insertNew(pm, markdown: markdown, at: now, by: author, note: note, demo: demo, db: db)
            }
        }
    }

    public func update(_ pm: PostMortem, baseVersion: Int, by author: String, note: String) async throws
        -> StoredPostMortem
    {
        let markdown = try StoredText.render(pm)
        let now = Date()
        return try await db.write { db in
            guard let current = try Self.current(id: pm.id, viewer: nil, db: db) else {
                throw StoreError.notFound("post-mortem '\(pm.id)'")
            }
            guard current.stored.version == baseVersion else {
                throw StoreError.staleEdit(base: baseVersion, current: current.stored)
            }
            let version = baseVersion + 1
            try Self.index(pm, key: current.key, version: version, at: now, by: author, db: db, replacing: true)
            let info = VersionInfo(
                version: version, author: author, createdAt: now, note: note,
                changes: ChangeSummary.between(current.stored.postMortem, pm))
            try VersionRecord(key: current.key, info: info, markdown: markdown).insert(db)
            return StoredPostMortem(
                postMortem: pm, markdown: markdown, version: version, updatedAt: now, updatedBy: author,
                demo: current.stored.demo)
        }
    }

    public func postMortem(id: String, for viewer: Member) async throws -> StoredPostMortem? {
        try await db.read { db in try Self.current(id: id, viewer: viewer, db: db)?.stored }
    }

    public func generation() async throws -> Int64 {
        try await db.read { db in try Self.generation(db) }
    }

    public func version(id: String, number: Int, for viewer: Member) async throws -> StoredVersion? {
        try await db.read { db in
            guard let key = try Self.visibleKey(id: id, viewer: viewer, db: db),
                let record = try VersionRecord.fetchOne(db, key: ["key": key, "version": number])
            else { return nil }
            return StoredVersion(info: record.info, markdown: record.markdown)
        }
    }

    public func history(id: String, for viewer: Member) async throws -> [VersionInfo] {
        try await db.read { db in
            guard let key = try Self.visibleKey(id: id, viewer: viewer, db: db) else { return [] }
            return try VersionRecord.filter(VersionRecord.Columns.key == key)
                .order(VersionRecord.Columns.version.desc).fetchAll(db).map(\.info)
        }
    }

    public func list(_ filter: IncidentFilter, for viewer: Member) async throws -> (
        items: [IncidentSummary], total: Int
    ) {
        if let query = filter.query, SearchQuery.fts(query) != nil {
            let (hits, total) = try await search(filter, for: viewer)
            return (hits.map(\.summary), total)
        }
        return try await db.read { db in try Self.list(filter, viewer, db) }
    }

    static func list(_ filter: IncidentFilter, _ viewer: Member, _ db: Database) throws -> (
        items: [IncidentSummary], total: Int
    ) {
        let (clause, arguments) = Self.whereClause(filter, viewer: viewer)
        let total =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM postmortems p WHERE \(clause)"), arguments: arguments)
            ?? 0
        var pageArguments = arguments
        pageArguments += [filter.limit, filter.offset]
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT p.* FROM postmortems p WHERE \(clause)
                    ORDER BY p.started DESC, p.id LIMIT ? OFFSET ?
                    """), arguments: pageArguments)
        return (items: rows.map(Self.summary), total: total)
    }

    public func search(_ filter: IncidentFilter, for viewer: Member) async throws -> (hits: [SearchHit], total: Int) {
        guard let match = filter.query.flatMap({ SearchQuery.fts($0) }) else { return ([], 0) }
        return try await db.read { db in try Self.search(match, filter, viewer, db) }
    }

    static func search(_ match: String, _ filter: IncidentFilter, _ viewer: Member, _ db: Database) throws -> (
        hits: [SearchHit], total: Int
    ) {
        let (clause, arguments) = Self.whereClause(filter, viewer: viewer)
        // Rank the most recent matches only: FTS5 walks the index newest first and stops
        // after the window, so a common word costs the same at 10,000 post-mortems as at
        // 1,000,000. One more than the window is read, to tell "more than" apart.
        var all: StatementArguments = [match]
        all += arguments
        all += [searchRankWindow + 1]
        let ranked = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT search.rowid AS key, bm25(search, 10.0, 4.0, 2.0, 4.0, 3.0, 2.0) AS rank
                    FROM search JOIN postmortems p ON p.key = search.rowid
                    WHERE search MATCH ? AND \(clause) ORDER BY search.rowid DESC LIMIT ?
                    """), arguments: all
        ).map { (key: $0["key"] as Int64, rank: $0["rank"] as Double) }
        let page = ranked.prefix(searchRankWindow).sorted {
            $0.rank != $1.rank ? $0.rank < $1.rank : $0.key > $1.key
        }
        .dropFirst(filter.offset).prefix(filter.limit)
        guard !page.isEmpty else { return ([], ranked.count) }
        // Snippets for the page only.
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT p.*, snippet(search, -1, char(57344), char(57345), '…', 14) AS snip
                FROM search JOIN postmortems p ON p.key = search.rowid
                WHERE search MATCH ? AND search.rowid IN (\(page.map { String($0.key) }.joined(separator: ",")))
                """, arguments: [match])
        let byKey = Dictionary(rows.map { ($0["key"] as Int64, $0) }, uniquingKeysWith: { a, _ in a })
        let hits = page.compactMap { entry in
            byKey[entry.key].map { SearchHit(summary: Self.summary($0), snippet: $0["snip"], rank: entry.rank) }
        }
        return (hits, ranked.count)
    }

    public func similar(to id: String, for viewer: Member, limit: Int = 5) async throws -> [(
        IncidentSummary, SimilarIncident
    )] {
        try await db.read { db in
            guard let key = try Self.visibleKey(id: id, viewer: viewer, db: db),
                let targetRow = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT p.*, f.words, f.factor_categories \(Self.profileFrom) WHERE p.key = ?"),
                    arguments: [key])
            else { return [] }
            let target = Self.profile(targetRow)
            // Candidates: the most recently added incidents sharing a service, and those sharing
            // one of the most distinctive words. Both come in index order, so neither scores the whole corpus;
            // the ranking is then done on their profiles.
            var candidates = Set(
                try Int64.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT s.key FROM pm_services s
                            WHERE s.service IN (SELECT service FROM pm_services WHERE key = ?) AND s.key != ?
                            ORDER BY s.key DESC LIMIT 60
                            """), arguments: [key, key]))
            let words = target.words.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }.prefix(12)
            if let match = SearchQuery.fts(words.joined(separator: " "), joiner: " OR ") {
                candidates.formUnion(
                    try Int64.fetchAll(
                        db.cachedStatement(
                            sql: "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT 60"),
                        arguments: [match]))
            }
            candidates.remove(key)
            guard !candidates.isEmpty else { return [] }
            let (visible, arguments) = Self.visibility(viewer)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.*, f.words, f.factor_categories \(Self.profileFrom)
                    WHERE p.key IN (\(candidates.map(String.init).joined(separator: ","))) AND \(visible)
                    """,
                arguments: arguments)
            // Scored on digests; the reasons are worked out from the words for those shown only.
            let best = Similarity.rank(
                ProfileDigest(target), among: rows.map(Self.digest), limit: limit)
            return best.map { index in
                (Self.summary(rows[index]), Similarity.compare(target, Self.profile(rows[index])))
            }
        }
    }

    /// Post-mortems with their similarity profile.
    static let profileFrom = "FROM postmortems p JOIN pm_profiles f ON f.key = p.key"

    public func trendPoints(for viewer: Member) async throws -> [TrendPoint] {
        try await db.read { db in
            let (visible, arguments) = Self.visibility(viewer)
            return try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT started, severity, ttd, ttr FROM postmortems p WHERE started IS NOT NULL AND \(visible)"
                ),
                arguments: arguments
            ).map { row in
                TrendPoint(
                    started: Date(timeIntervalSince1970: row["started"]),
                    severity: (row["severity"] as String?).flatMap(Severity.init(rawValue:)), timeToDetect: row["ttd"],
                    timeToResolve: row["ttr"])
            }
        }
    }

    public func actionItems(_ filter: ActionFilter, for viewer: Member) async throws -> [ActionRow] {
        try await db.read { db in
            var (clause, arguments) = Self.actionClause(filter, viewer: viewer)
            arguments += [filter.limit]
            return try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT a.*, p.id AS pm_id, p.title AS pm_title, p.version AS pm_version
                        FROM action_items a JOIN postmortems p ON p.key = a.key
                        WHERE \(clause) ORDER BY a.due IS NULL, a.due, p.id, a.idx LIMIT ?
                        """), arguments: arguments
            ).map { row in
                ActionRow(
                    postMortem: row["pm_id"], postMortemTitle: row["pm_title"], postMortemVersion: row["pm_version"],
                    index: row["idx"],
                    item: ActionItem(
                        title: row["title"], owner: row["owner"],
                        due: (row["due"] as String?).flatMap { LocalDate(iso: $0) },
                        priority: (row["priority"] as String?).flatMap(Priority.init(rawValue:)),
                        type: (row["type"] as String?).flatMap(ActionType.init(rawValue:)),
                        status: ActionStatus(rawValue: row["status"]) ?? .open, link: row["link"]))
            }
        }
    }

    public func actionCount(_ filter: ActionFilter, for viewer: Member) async throws -> Int {
        try await db.read { db in
            let (clause, arguments) = Self.actionClause(filter, viewer: viewer)
            return try Int.fetchOne(
                db.cachedStatement(
                    sql: "SELECT count(*) FROM action_items a JOIN postmortems p ON p.key = a.key WHERE \(clause)"),
                arguments: arguments) ?? 0
        }
    }

    static func actionClause(_ filter: ActionFilter, viewer: Member) -> (String, StatementArguments) {
        var (clause, arguments) = visibility(viewer)
        if let owner = filter.owner {
            clause += " AND a.owner = ? COLLATE NOCASE"
            arguments += [owner]
        }
        if let status = filter.status {
            clause += " AND a.status = ?"
            arguments += [status.rawValue]
        }
        if filter.openOnly || filter.overdueOn != nil {
            clause += " AND a.status IN ('open', 'in-progress')"
        }
        if let day = filter.overdueOn {
            clause += " AND a.due IS NOT NULL AND a.due < ?"
            arguments += [day.description]
        }
        if let id = filter.postMortem {
            clause += " AND p.id = ?"
            arguments += [id]
        }
        return (clause, arguments)
    }

    public func count() async throws -> Int {
        try await db.read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM postmortems")) ?? 0 }
    }

    public func exportAll() async throws -> [(id: String, markdown: String)] {
        try await db.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT p.id, v.markdown FROM postmortems p JOIN versions v ON v.key = p.key AND v.version = p.version
                        ORDER BY p.id
                        """)
            ).map { (id: $0["id"], markdown: $0["markdown"]) }
        }
    }

    public func exists(id: String) async throws -> Bool {
        try await db.read { db in try Self.key(id: id, db: db) != nil }
    }

    public func exportOne(id: String) async throws -> StoredPostMortem? {
        try await db.read { db in try Self.current(id: id, viewer: nil, db: db)?.stored }
    }

    public func removeDemo() async throws -> Int {
        try await db.write { db in
            let keys = try Int64.fetchAll(db.cachedStatement(sql: "SELECT key FROM postmortems WHERE demo = 1"))
            for key in keys {
                try db.execute(sql: "DELETE FROM search WHERE rowid = ?", arguments: [key])
                try db.execute(sql: "DELETE FROM postmortems WHERE key = ?", arguments: [key])
            }
            return keys.count
        }
    }

    // MARK: Comments and attachments

    public func addComment(postMortem id: String, author: String, body: String, version: Int) async throws -> Comment {
        try StoredText.refuseNUL(body, author, field: "comment")
        let comment = Comment(id: 0, postMortem: id, author: author, body: body, version: version, createdAt: Date())
        return try await db.write { db in
            guard let key = try Self.key(id: id, db: db) else { throw StoreError.notFound("post-mortem '\(id)'") }
            var record = CommentRecord(key: key, comment)
            try record.insert(db)
            return record.comment(on: id)
        }
    }

    public func comments(postMortem id: String) async throws -> [Comment] {
        try await db.read { db in
            guard let key = try Self.key(id: id, db: db) else { return [] }
            return try CommentRecord.filter(CommentRecord.Columns.key == key).order(CommentRecord.Columns.id)
                .fetchAll(db).map { $0.comment(on: id) }
        }
    }

    public func addAttachment(_ attachment: NewAttachment) async throws -> AttachmentInfo {
        let info = try StoredText.describe(attachment)
        try await db.write { db in
            guard let key = try Self.key(id: attachment.postMortem, db: db) else {
                throw StoreError.notFound("post-mortem '\(attachment.postMortem)'")
            }
            try AttachmentRecord(key: key, info, data: attachment.data).insert(db)
        }
        return info
    }

    public func attachments(postMortem id: String) async throws -> [AttachmentInfo] {
        try await db.read { db in
            guard let key = try Self.key(id: id, db: db) else { return [] }
            return try AttachmentRecord.select(AttachmentRecord.Columns.described)
                .filter(AttachmentRecord.Columns.key == key).order(AttachmentRecord.Columns.createdAt)
                .fetchAll(db).map { $0.info(on: id) }
        }
    }

    public func attachment(id: String) async throws -> (AttachmentInfo, Data)? {
        try await db.read { db in
            guard let record = try AttachmentRecord.fetchOne(db, key: id),
                let postMortem = try String.fetchOne(
                    db, sql: "SELECT id FROM postmortems WHERE key = ?", arguments: [record.key])
            else { return nil }
            return (record.info(on: postMortem), record.data ?? Data())
        }
    }

    // MARK: Accounts

    public func addUser(name: String, displayName: String, role: Role, passwordHash: String) async throws -> User {
        let now = Date()
        return try await db.write { db in
            if try UserRecord.filter(UserRecord.Columns.name == name).fetchCount(db) > 0 {
                throw StoreError.duplicate("user '\(name)'")
            }
            var record = UserRecord(
                User(
                    id: 0, name: name, displayName: displayName, role: role, disabled: false, createdAt: now,
                    passwordHash: passwordHash))
            try record.insert(db)
            return record.user
        }
    }

    public func user(named name: String) async throws -> User? {
        try await db.read { db in try UserRecord.filter(UserRecord.Columns.name == name).fetchOne(db)?.user }
    }

    public func user(id: Int64) async throws -> User? {
        try await db.read { db in try UserRecord.fetchOne(db, key: id)?.user }
    }

    public func users() async throws -> [User] {
        try await db.read { db in try UserRecord.order(UserRecord.Columns.name).fetchAll(db).map(\.user) }
    }

    /// The id of the account named `name`, or `StoreError.notFound`.
    static func userID(named name: String, _ db: Database) throws -> Int64 {
        guard let id = try UserRecord.filter(UserRecord.Columns.name == name).fetchOne(db)?.id else {
            throw StoreError.notFound("user '\(name)'")
        }
        return id
    }

    public func setDisabled(_ disabled: Bool, user name: String) async throws {
        try await db.write { db in
            let id = try Self.userID(named: name, db)
            try UserRecord.filter(key: id).updateAll(db, Column("disabled").set(to: disabled))
            if disabled { try SessionRecord.filter(SessionRecord.Columns.userID == id).deleteAll(db) }
        }
    }

    @discardableResult
    public func setPasswordHash(_ hash: String, user name: String) async throws -> (sessions: Int, tokens: Int) {
        try await db.write { db in
            let id = try Self.userID(named: name, db)
            try UserRecord.filter(key: id).updateAll(db, Column("password_hash").set(to: hash))
            try db.execute(sql: "DELETE FROM calendar_feeds WHERE user_id = ?", arguments: [id])
            return (
                try SessionRecord.filter(SessionRecord.Columns.userID == id).deleteAll(db),
                try TokenRecord.filter(TokenRecord.Columns.userID == id).deleteAll(db)
            )
        }
    }

    public func createSession(_ session: Session) async throws {
        try await db.write { db in
            // Expired sessions go when new ones come, so the table stays the size of the live ones.
            try SessionRecord.filter(SessionRecord.Columns.expiresAt <= Date().timeIntervalSince1970).deleteAll(db)
            try SessionRecord(session).insert(db)
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> (Session, User)? {
        try await db.read { db in
            let request = SessionRecord.filter(SessionRecord.Columns.tokenHash == tokenHash)
                .filter(SessionRecord.Columns.expiresAt > now.timeIntervalSince1970)
                .including(required: SessionRecord.user.filter(Column("disabled") == false))
            guard let row = try Row.fetchOne(db, request), let userRow = row.scopes["user"] else { return nil }
            return (try SessionRecord(row: row).session, try UserRecord(row: userRow).user)
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await db.write { db in
            _ = try SessionRecord.filter(SessionRecord.Columns.tokenHash == tokenHash).deleteAll(db)
        }
    }

    public func createToken(userID: Int64, name: String, tokenHash: String) async throws -> APIToken {
        let now = Date()
        return try await db.write { db in
            var record = TokenRecord(
                id: nil, userID: userID, name: name, tokenHash: tokenHash, createdAt: now.timeIntervalSince1970)
            try record.insert(db)
            return record.token
        }
    }

    public func user(tokenHash: String) async throws -> User? {
        try await db.read { db in
            let request = UserRecord.filter(Column("disabled") == false)
                .joining(required: UserRecord.tokens.filter(TokenRecord.Columns.tokenHash == tokenHash))
            return try request.fetchOne(db)?.user
        }
    }

    public func tokens(userID: Int64) async throws -> [APIToken] {
        try await db.read { db in
            try TokenRecord.filter(TokenRecord.Columns.userID == userID).order(TokenRecord.Columns.id).fetchAll(db)
                .map(\.token)
        }
    }

    public func revokeToken(id: Int64, userID: Int64) async throws -> Bool {
        try await db.write { db in
            try TokenRecord.filter(key: id).filter(TokenRecord.Columns.userID == userID).deleteAll(db) == 1
        }
    }

    public func setCalendarToken(userID: Int64, tokenHash: String?) async throws {
        try await db.write { db in
            try db.execute(sql: "DELETE FROM calendar_feeds WHERE user_id = ?", arguments: [userID])
            if let tokenHash {
                try db.execute(
                    sql: "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)",
                    arguments: [userID, tokenHash, Date().timeIntervalSince1970])
            }
        }
    }

    public func user(calendarTokenHash: String) async throws -> User? {
        try await db.read { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT user_id FROM calendar_feeds WHERE token_hash = ?", arguments: [calendarTokenHash])
            else { return nil }
            return try UserRecord.filter(key: id).filter(Column("disabled") == false).fetchOne(db)?.user
        }
    }

    public func sentReminders(keys: [String]) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try await db.read { db in
            var sent = Set<String>()
            // In slices, under SQLite's limit on bound values.
            for start in stride(from: 0, to: keys.count, by: 500) {
                let slice = Array(keys[start..<min(keys.count, start + 500)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                sent.formUnion(
                    try String.fetchAll(
                        db, sql: "SELECT key FROM reminders_sent WHERE key IN (\(marks))",
                        arguments: StatementArguments(slice)))
            }
            return sent
        }
    }

    public func recordReminders(_ keys: [String], owner: String, at: Date) async throws {
        try await db.write { db in
            for key in keys {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO reminders_sent (key, owner, sent_at) VALUES (?, ?, ?)",
                    arguments: [key, owner, at.timeIntervalSince1970])
            }
        }
    }

    public func recordSignInFailure(keys: [String], at now: Date, window: TimeInterval) async throws {
        try await db.write { db in
            let at = now.timeIntervalSince1970
            try db.execute(sql: "DELETE FROM sign_in_failures WHERE last < ?", arguments: [at - window])
            for key in keys {
                try db.execute(
                    sql: """
                        INSERT INTO sign_in_failures (key, failures, last) VALUES (?, 1, ?)
                        ON CONFLICT (key) DO UPDATE SET
                            failures = CASE WHEN excluded.last - last >= ? THEN 1 ELSE failures + 1 END,
                            last = excluded.last
                        """, arguments: [key, at, window])
            }
        }
    }

    public func signInFailures(keys: [String]) async throws -> [String: (failures: Int, last: Date)] {
        try await db.read { db in
            var found: [String: (failures: Int, last: Date)] = [:]
            for key in keys {
                if let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT failures, last FROM sign_in_failures WHERE key = ?"),
                    arguments: [key])
                {
                    found[key] = (row["failures"], Date(timeIntervalSince1970: row["last"]))
                }
            }
            return found
        }
    }

    public func clearSignInFailures(key: String) async throws {
        try await db.write { db in
            try db.execute(sql: "DELETE FROM sign_in_failures WHERE key = ?", arguments: [key])
        }
    }

    // MARK: Audit

    public func audit(_ event: AuditEvent) async throws {
        try await db.write { db in
            var record = AuditRecord(event)
            try record.insert(db)
        }
    }

    public func auditTrail(limit: Int) async throws -> [AuditEvent] {
        try await db.read { db in
            try AuditRecord.order(AuditRecord.Columns.id.desc).limit(limit).fetchAll(db).map(\.event)
        }
    }
}
