import DebriefCore
import DebriefFormat
import Foundation
import PostgresNIO

/// SQL with its parameters, built piece by piece (filters add clauses and values as they go).
struct SQLBuilder {
    var sql = ""
    var binds = PostgresBindings()

    /// A placeholder for `value`.
    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value?) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}

extension PostgresStore {
    /// The columns an `IncidentSummary` is read from.
    static let summaryColumns = """
        p.key, p.id, p.title, p.status, p.severity, p.kind, p.services, p.tags, p.started, p.restricted, p.version,
        p.updated_at, p.ttd, p.ttr, p.open_actions, p.demo
        """

    static func lines(_ text: String) -> [String] { text.isEmpty ? [] : text.components(separatedBy: "\n") }

    static func summary(_ row: PostgresRandomAccessRow) throws -> IncidentSummary {
        IncidentSummary(
            id: try row["id"].decode(String.self), title: try row["title"].decode(String.self),
            status: Status(rawValue: try row["status"].decode(String.self)) ?? .draft,
            severity: try row["severity"].decode(String?.self).flatMap(Severity.init(rawValue:)),
            kind: try row["kind"].decode(String?.self).flatMap(IncidentKind.init(rawValue:)),
            services: lines(try row["services"].decode(String.self)), tags: lines(try row["tags"].decode(String.self)),
            started: try row["started"].decode(Date?.self), restricted: try row["restricted"].decode(Bool.self),
            version: try row["version"].decode(Int.self), updatedAt: try row["updated_at"].decode(Date.self),
            timeToDetect: try row["ttd"].decode(Double?.self), timeToResolve: try row["ttr"].decode(Double?.self),
            openActions: try row["open_actions"].decode(Int.self), demo: try row["demo"].decode(Bool.self))
    }

    /// Every row of `query`, random access.
    func rows(_ query: PostgresQuery, on connection: PostgresConnection? = nil) async throws
        -> [PostgresRandomAccessRow]
    {
        var rows: [PostgresRandomAccessRow] = []
        do {
            let sequence =
                if let connection {
                    try await connection.query(query, logger: logger)
                } else {
                    try await client.query(query, logger: logger)
                }
            for try await row in sequence { rows.append(row.makeRandomAccess()) }
        } catch {
            throw Self.storeError(error)
        }
        return rows
    }

    /// Not restricted, or the viewer is named in it. Every query that returns post-mortems goes
    /// through here.
    static func visibility(_ viewer: Member, _ sql: inout SQLBuilder) -> String {
        "(NOT p.restricted OR p.key IN (SELECT pp.key FROM pm_people pp WHERE pp.name = \(sql.bind(viewer.name.lowercased()))))"
    }

    static func whereClause(_ filter: IncidentFilter, _ viewer: Member, _ sql: inout SQLBuilder) -> String {
        var clause = visibility(viewer, &sql)
        if let severity = filter.severity { clause += " AND p.severity = \(sql.bind(severity.rawValue))" }
        if let kind = filter.kind { clause += " AND p.kind = \(sql.bind(kind.rawValue))" }
        if let status = filter.status { clause += " AND p.status = \(sql.bind(status.rawValue))" }
        if let service = filter.service {
            clause +=
                " AND EXISTS (SELECT 1 FROM pm_services s WHERE s.key = p.key AND s.service = \(sql.bind(service.lowercased())))"
        }
        if let tag = filter.tag {
            clause +=
                " AND EXISTS (SELECT 1 FROM pm_tags t WHERE t.key = p.key AND t.tag = \(sql.bind(tag.lowercased())))"
        }
        if let person = filter.person {
            clause +=
                " AND EXISTS (SELECT 1 FROM pm_people pp2 WHERE pp2.key = p.key AND pp2.name = \(sql.bind(person.lowercased())))"
        }
        if let from = filter.from { clause += " AND p.started >= \(sql.bind(from.startOfDayUTC))" }
        if let to = filter.to { clause += " AND p.started < \(sql.bind(to.adding(days: 1).startOfDayUTC))" }
        return clause
    }

    /// A tsquery that matches every term (a phrase's words in order), in the English
    /// configuration the search document is made with; nil when there is nothing to search.
    static func tsquery(_ terms: [String], joiner: String, _ sql: inout SQLBuilder) -> String? {
        guard !terms.isEmpty else { return nil }
        return "(" + terms.map { "phraseto_tsquery('english', \(sql.bind($0)))" }.joined(separator: " \(joiner) ") + ")"
    }

    /// The current version; `viewer` nil skips the visibility check (writes check it before).
    func current(id: String, viewer: Member?, on connection: PostgresConnection? = nil, locking: Bool = false)
        async throws -> (key: Int64, stored: StoredPostMortem)?
    {
        var sql = SQLBuilder()
        sql.sql = """
            SELECT p.key, p.version, p.updated_at, p.updated_by, p.demo, v.markdown
            FROM postmortems p JOIN versions v ON v.key = p.key AND v.version = p.version WHERE p.id = \(sql.bind(id))
            """
        if let viewer { sql.sql += " AND " + Self.visibility(viewer, &sql) }
        if locking { sql.sql += " FOR UPDATE OF p" }
        guard let row = try await rows(sql.query, on: connection).first else { return nil }
        let markdown = try row["markdown"].decode(String.self)
        let document = try PostMortemParser.parse(markdown, path: "\(id).md")
        return (
            try row["key"].decode(Int64.self),
            StoredPostMortem(
                postMortem: document.postMortem, markdown: markdown, version: try row["version"].decode(Int.self),
                updatedAt: try row["updated_at"].decode(Date.self),
                updatedBy: try row["updated_by"].decode(String.self),
                demo: try row["demo"].decode(Bool.self), document: document)
        )
    }

    func key(id: String, on connection: PostgresConnection? = nil) async throws -> Int64? {
        try await rows("SELECT key FROM postmortems WHERE id = \(id)", on: connection).first?["key"].decode(Int64.self)
    }

    func visibleKey(id: String, viewer: Member) async throws -> Int64? {
        var sql = SQLBuilder()
        sql.sql = "SELECT p.key FROM postmortems p WHERE p.id = \(sql.bind(id)) AND " + Self.visibility(viewer, &sql)
        return try await rows(sql.query).first?["key"].decode(Int64.self)
    }

    /// Writes the list columns, profile, search document, people, services, tags and action
    /// items of the version being saved.
    func index(
        _ pm: PostMortem, key: Int64, version: Int, at: Date, by author: String, on connection: PostgresConnection
    )
        async throws
    {
        let metrics = IncidentMetrics(pm)
        let profile = IncidentProfile(pm)
        let open = pm.actionItems.filter { !$0.status.isClosed }.count
        let text = IndexedText(pm)
        let body = [text.title, text.summary, text.rootCause, text.factors, text.timeline, text.actions]
            .filter { !$0.isEmpty }.joined(separator: "\n")
        try await connection.query(
            """
            UPDATE postmortems SET version = \(version), title = \(pm.title), status = \(pm.status.rawValue),
                severity = \(pm.severity?.rawValue), kind = \(pm.kind?.rawValue),
                services = \(pm.services.joined(separator: "\n")), tags = \(pm.tags.joined(separator: "\n")),
                started = \(pm.started?.date), restricted = \(pm.restricted), ttd = \(metrics.timeToDetect),
                ttr = \(metrics.timeToResolve), open_actions = \(open), updated_at = \(at), updated_by = \(author),
                words = \(profile.words.joined(separator: " ")),
                factor_categories = \(profile.factorCategories.map(\.rawValue).sorted().joined(separator: " ")),
                search_text = \(body)
            WHERE key = \(key)
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO pm_search (key, restricted, search) VALUES (\(key), \(pm.restricted),
                setweight(to_tsvector('english', \(text.title)), 'A')
                    || setweight(to_tsvector('english', \(text.summary)), 'B')
                    || setweight(to_tsvector('english', \(text.rootCause)), 'B')
                    || setweight(to_tsvector('english', \(text.factors)), 'C')
                    || setweight(to_tsvector('english', \(text.timeline)), 'D')
                    || setweight(to_tsvector('english', \(text.actions)), 'D'))
            ON CONFLICT (key) DO UPDATE SET restricted = EXCLUDED.restricted, search = EXCLUDED.search
            """, logger: logger)
        for table in ["pm_people", "pm_services", "pm_tags", "action_items"] {
            try await connection.query("DELETE FROM \(unescaped: table) WHERE key = \(key)", logger: logger)
        }
        try await connection.query(
            """
            INSERT INTO pm_people (key, name) SELECT \(key), unnest(\(Array(Access.names(pm)))::text[])
            ON CONFLICT DO NOTHING
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO pm_services (key, service) SELECT \(key), unnest(\(Array(profile.services))::text[])
            ON CONFLICT DO NOTHING
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO pm_tags (key, tag) SELECT \(key), unnest(\(Array(Set(pm.tags.map { $0.lowercased() })))::text[])
            ON CONFLICT DO NOTHING
            """, logger: logger)
        for (index, item) in pm.actionItems.enumerated() {
            try await connection.query(
                """
                INSERT INTO action_items (key, idx, title, owner, due, priority, type, status, link)
                VALUES (\(key), \(index), \(item.title), \(item.owner), \(item.due?.description)::date,
                    \(item.priority?.rawValue), \(item.type?.rawValue), \(item.status.rawValue), \(item.link))
                """, logger: logger)
        }
    }

    func insertVersion(
        key: Int64, version: Int, markdown: String, author: String, at: Date, note: String, changes: [String],
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO versions (key, version, markdown, author, created_at, note, changes)
            VALUES (\(key), \(version), \(markdown), \(author), \(at), \(note), \(changes.joined(separator: ", ")))
            """, logger: logger)
    }

    /// A new post-mortem as version 1; refuses an id that exists.
    func insertNew(
        _ pm: PostMortem, markdown: String, at now: Date, by author: String, note: String, demo: Bool,
        on connection: PostgresConnection
    ) async throws {
        let key = try await insertIndexed(pm, id: pm.id, version: 1, at: now, by: author, demo: demo, on: connection)
        try await insertVersion(
            key: key, version: 1, markdown: markdown, author: author, at: now, note: note,
            changes: ChangeSummary.between(nil, pm), on: connection)
    }

    /// A post-mortem's row, its list columns, profile and search document as of `version` (its
    /// versions are the caller's to write); refuses an id that exists. Returns the row's key.
    func insertIndexed(
        _ pm: PostMortem, id: String, version: Int, at: Date, by author: String, demo: Bool,
        on connection: PostgresConnection
    ) async throws -> Int64 {
        let inserted = try await rows(
            """
            INSERT INTO postmortems (id, version, title, status, services, tags, restricted, open_actions,
                updated_at, updated_by, demo, words, factor_categories, search_text)
            VALUES (\(id), \(version), '', '', '', '', false, 0, \(at), \(author), \(demo), '', '', '')
            ON CONFLICT (id) DO NOTHING RETURNING key
            """, on: connection)
        guard let key = try inserted.first?["key"].decode(Int64.self) else {
            throw StoreError.duplicate("post-mortem '\(id)'")
        }
        try await index(pm, key: key, version: version, at: at, by: author, on: connection)
        return key
    }

    static func versionInfo(_ row: PostgresRandomAccessRow) throws -> VersionInfo {
        VersionInfo(
            version: try row["version"].decode(Int.self), author: try row["author"].decode(String.self),
            createdAt: try row["created_at"].decode(Date.self), note: try row["note"].decode(String.self),
            changes: try row["changes"].decode(String.self).components(separatedBy: ", "))
    }

    /// Creates many post-mortems in one transaction (seeding, moving a team); all or none.
    public func createMany(_ postMortems: [PostMortem], by author: String, note: String = "", demo: Bool = false)
        async throws
    {
        for pm in postMortems { try StoredText.checkID(pm.id) }
        let rendered = try postMortems.map { ($0, try StoredText.render($0)) }
        let now = Date()
        try await transaction { connection in
            for (pm, markdown) in rendered {
                try await insertNew(pm, markdown: markdown, at: now, by: author, note: note, demo: demo, on: connection)
            }
        }
    }
}

extension PostgresStore: PostMortemStore {
    public func create(_ pm: PostMortem, by author: String, note: String, demo: Bool) async throws -> StoredPostMortem {
        try StoredText.checkID(pm.id)
        let markdown = try StoredText.render(pm)
        let now = Date()
        try await transaction { connection in
            try await insertNew(pm, markdown: markdown, at: now, by: author, note: note, demo: demo, on: connection)
        }
        return StoredPostMortem(
            postMortem: pm, markdown: markdown, version: 1, updatedAt: now, updatedBy: author, demo: demo)
    }

    public func update(_ pm: PostMortem, baseVersion: Int, by author: String, note: String) async throws
        -> StoredPostMortem
    {
        let markdown = try StoredText.render(pm)
        let now = Date()
        return try await transaction { connection in
            // The row stays locked to the end of the transaction: of two servers saving on the
            // same version, the second reads the first's version here and is refused.
            guard let current = try await current(id: pm.id, viewer: nil, on: connection, locking: true) else {
                throw StoreError.notFound("post-mortem '\(pm.id)'")
            }
            guard current.stored.version == baseVersion else {
                throw StoreError.staleEdit(base: baseVersion, current: current.stored)
            }
            let version = baseVersion + 1
            try await index(pm, key: current.key, version: version, at: now, by: author, on: connection)
            try await insertVersion(
                key: current.key, version: version, markdown: markdown, author: author, at: now, note: note,
                changes: ChangeSummary.between(current.stored.postMortem, pm), on: connection)
            return StoredPostMortem(
                postMortem: pm, markdown: markdown, version: version, updatedAt: now, updatedBy: author,
                demo: current.stored.demo)
        }
    }

    public func postMortem(id: String, for viewer: Member) async throws -> StoredPostMortem? {
        try await current(id: id, viewer: viewer)?.stored
    }

    public func generation() async throws -> Int64 {
        try await rows("SELECT value FROM generation WHERE id = 1").first?["value"].decode(Int64.self) ?? 0
    }

    public func version(id: String, number: Int, for viewer: Member) async throws -> StoredVersion? {
        guard let key = try await visibleKey(id: id, viewer: viewer),
            let row = try await rows(
                """
                SELECT version, author, created_at, note, changes, markdown FROM versions
                WHERE key = \(key) AND version = \(number)
                """
            ).first
        else { return nil }
        return StoredVersion(info: try Self.versionInfo(row), markdown: try row["markdown"].decode(String.self))
    }

    public func history(id: String, for viewer: Member) async throws -> [VersionInfo] {
        guard let key = try await visibleKey(id: id, viewer: viewer) else { return [] }
        return try await rows(
            "SELECT version, author, created_at, note, changes FROM versions WHERE key = \(key) ORDER BY version DESC"
        ).map(Self.versionInfo)
    }

    public func list(_ filter: IncidentFilter, for viewer: Member) async throws -> (
        items: [IncidentSummary], total: Int
    ) {
        if let query = filter.query, !SearchQuery.terms(query).isEmpty {
            let (hits, total) = try await search(filter, for: viewer)
            return (hits.map(\.summary), total)
        }
        var count = SQLBuilder()
        count.sql = "SELECT count(*) AS n FROM postmortems p WHERE " + Self.whereClause(filter, viewer, &count)
        let total = try await rows(count.query).first?["n"].decode(Int.self) ?? 0
        var page = SQLBuilder()
        page.sql = "SELECT \(Self.summaryColumns) FROM postmortems p WHERE " + Self.whereClause(filter, viewer, &page)
        page.sql +=
            " ORDER BY p.started DESC NULLS LAST, p.id LIMIT \(page.bind(filter.limit)) OFFSET \(page.bind(filter.offset))"
        return (try await rows(page.query).map(Self.summary), total)
    }

    public func search(_ filter: IncidentFilter, for viewer: Member) async throws -> (hits: [SearchHit], total: Int) {
        let terms = filter.query.map(SearchQuery.terms) ?? []
        var ranked = SQLBuilder()
        guard let query = Self.tsquery(terms, joiner: "&&", &ranked) else { return ([], 0) }
        // Rank the most recent matches only, as the SQLite store does: a common word costs the
        // same at 10,000 post-mortems as at 1,000,000. One more than the window is read, to tell
        // "more than" apart. ts_rank_cd with weights D 0.2, C 0.3, B 0.4, A 1.0, computed on the
        // window only: ranking in the same SELECT as the match ranks every match of a common
        // word before the LIMIT (at 100,000 stored, half the time of a search).
        // The documents are in their own narrow table (`pm_search`, with the restricted flag the
        // visibility test needs), joined to the list's row only when a filter asks for its columns.
        let needsRow =
            filter.severity != nil || filter.kind != nil || filter.status != nil || filter.from != nil
            || filter.to != nil
        let source = needsRow ? "pm_search s JOIN postmortems p ON p.key = s.key" : "pm_search p"
        let document = needsRow ? "s" : "p"
        ranked.sql = """
            SELECT w.key, ts_rank_cd('{0.2,0.3,0.4,1.0}', w.search, \(query)) AS rank FROM (
                SELECT p.key, \(document).search FROM \(source)
                WHERE \(document).search @@ \(query) AND \(Self.whereClause(filter, viewer, &ranked))
                ORDER BY p.key DESC LIMIT \(ranked.bind(searchRankWindow + 1))
            ) w ORDER BY w.key DESC
            """
        let matches = try await rows(ranked.query).map {
            (key: try $0["key"].decode(Int64.self), rank: Double(try $0["rank"].decode(Float.self)))
        }
        let page = matches.prefix(searchRankWindow).sorted {
            $0.rank != $1.rank ? $0.rank > $1.rank : $0.key > $1.key
        }
        .dropFirst(filter.offset).prefix(filter.limit)
        guard !page.isEmpty else { return ([], matches.count) }
        // Highlighted snippets for the page only.
        var snippets = SQLBuilder()
        let again = Self.tsquery(terms, joiner: "&&", &snippets)!
        snippets.sql = """
            SELECT \(Self.summaryColumns),
                ts_headline('english', p.search_text, \(again),
                    'StartSel=\(SearchHit.markStart), StopSel=\(SearchHit.markEnd), MaxWords=24, MinWords=8,
                    MaxFragments=1, FragmentDelimiter=…') AS snip
            FROM postmortems p WHERE p.key = ANY(\(snippets.bind(page.map(\.key))))
            """
        var byKey: [Int64: PostgresRandomAccessRow] = [:]
        for row in try await rows(snippets.query) { byKey[try row["key"].decode(Int64.self)] = row }
        var hits: [SearchHit] = []
        for entry in page {
            guard let row = byKey[entry.key] else { continue }
            // Lower is better, as BM25's ranks are on SQLite.
            hits.append(
                SearchHit(
                    summary: try Self.summary(row), snippet: try row["snip"].decode(String.self), rank: -entry.rank))
        }
        return (hits, matches.count)
    }

    public func similar(to id: String, for viewer: Member, limit: Int) async throws -> [(
        IncidentSummary, SimilarIncident
    )] {
        guard let key = try await visibleKey(id: id, viewer: viewer),
            let targetRow = try await rows(
                "SELECT \(unescaped: Self.summaryColumns), p.words, p.factor_categories FROM postmortems p WHERE p.key = \(key)"
            ).first
        else { return [] }
        let target = try Self.profile(targetRow)
        // Candidates: the most recently added incidents sharing a service, and those sharing one
        // of the most distinctive words; both in index order, then ranked on their profiles.
        var candidates = Set(
            try await rows(
                """
                SELECT s.key FROM pm_services s
                WHERE s.service IN (SELECT service FROM pm_services WHERE key = \(key)) AND s.key != \(key)
                ORDER BY s.key DESC LIMIT 60
                """
            ).map { try $0["key"].decode(Int64.self) })
        let words = target.words.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }.prefix(12)
        var byWords = SQLBuilder()
        if let query = Self.tsquery(Array(words), joiner: "||", &byWords) {
            byWords.sql = "SELECT key FROM pm_search WHERE search @@ \(query) ORDER BY key DESC LIMIT 60"
            candidates.formUnion(try await rows(byWords.query).map { try $0["key"].decode(Int64.self) })
        }
        candidates.remove(key)
        guard !candidates.isEmpty else { return [] }
        var sql = SQLBuilder()
        sql.sql = """
            SELECT \(Self.summaryColumns), p.words, p.factor_categories FROM postmortems p
            WHERE p.key = ANY(\(sql.bind(Array(candidates)))) AND \(Self.visibility(viewer, &sql))
            ORDER BY p.key
            """
        let rows = try await rows(sql.query)
        let digests = try rows.map { row in
            ProfileDigest(
                id: try row["id"].decode(String.self), services: try row["services"].decode(String.self),
                factors: try row["factor_categories"].decode(String.self), words: try row["words"].decode(String.self))
        }
        let best = Similarity.rank(ProfileDigest(target), among: digests, limit: limit)
        return try best.map { index in
            (try Self.summary(rows[index]), Similarity.compare(target, try Self.profile(rows[index])))
        }
    }

    static func profile(_ row: PostgresRandomAccessRow) throws -> IncidentProfile {
        let words = try row["words"].decode(String.self)
        let factors = try row["factor_categories"].decode(String.self)
        return IncidentProfile(
            id: try row["id"].decode(String.self),
            sortedServices: Array(Set(lines(try row["services"].decode(String.self)).map { $0.lowercased() })).sorted(),
            factorCategories: Set(factors.split(separator: " ").compactMap { FactorCategory(rawValue: String($0)) }),
            sortedWords: words.split(separator: " ").map(String.init))
    }

    public func trendPoints(for viewer: Member) async throws -> [TrendPoint] {
        var sql = SQLBuilder()
        sql.sql =
            "SELECT started, severity, ttd, ttr FROM postmortems p WHERE started IS NOT NULL AND "
            + Self.visibility(viewer, &sql)
        return try await rows(sql.query).map { row in
            TrendPoint(
                started: try row["started"].decode(Date.self),
                severity: try row["severity"].decode(String?.self).flatMap(Severity.init(rawValue:)),
                timeToDetect: try row["ttd"].decode(Double?.self), timeToResolve: try row["ttr"].decode(Double?.self))
        }
    }

    static func actionClause(_ filter: ActionFilter, _ viewer: Member, _ sql: inout SQLBuilder) -> String {
        var clause = visibility(viewer, &sql)
        if let owner = filter.owner { clause += " AND lower(a.owner) = lower(\(sql.bind(owner)))" }
        if let status = filter.status { clause += " AND a.status = \(sql.bind(status.rawValue))" }
        if filter.openOnly || filter.overdueOn != nil { clause += " AND a.status IN ('open', 'in-progress')" }
        if let day = filter.overdueOn {
            clause += " AND a.due IS NOT NULL AND a.due < \(sql.bind(day.description))::date"
        }
        if let id = filter.postMortem { clause += " AND p.id = \(sql.bind(id))" }
        return clause
    }

    public func actionItems(_ filter: ActionFilter, for viewer: Member) async throws -> [ActionRow] {
        var sql = SQLBuilder()
        sql.sql = """
            SELECT a.idx, a.title, a.owner, to_char(a.due, 'YYYY-MM-DD') AS due, a.priority, a.type, a.status, a.link,
                p.id AS pm_id, p.title AS pm_title, p.version AS pm_version
            FROM action_items a JOIN postmortems p ON p.key = a.key
            WHERE \(Self.actionClause(filter, viewer, &sql))
            ORDER BY a.due IS NULL, a.due, p.id, a.idx LIMIT \(sql.bind(filter.limit))
            """
        return try await rows(sql.query).map { row in
            ActionRow(
                postMortem: try row["pm_id"].decode(String.self),
                postMortemTitle: try row["pm_title"].decode(String.self),
                postMortemVersion: try row["pm_version"].decode(Int.self), index: try row["idx"].decode(Int.self),
                item: ActionItem(
                    title: try row["title"].decode(String.self), owner: try row["owner"].decode(String?.self),
                    due: try row["due"].decode(String?.self).flatMap { LocalDate(iso: $0) },
                    priority: try row["priority"].decode(String?.self).flatMap(Priority.init(rawValue:)),
                    type: try row["type"].decode(String?.self).flatMap(ActionType.init(rawValue:)),
                    status: ActionStatus(rawValue: try row["status"].decode(String.self)) ?? .open,
                    link: try row["link"].decode(String?.self)))
        }
    }

    public func actionCount(_ filter: ActionFilter, for viewer: Member) async throws -> Int {
        var sql = SQLBuilder()
        sql.sql =
            "SELECT count(*) AS n FROM action_items a JOIN postmortems p ON p.key = a.key WHERE "
            + Self.actionClause(filter, viewer, &sql)
        return try await rows(sql.query).first?["n"].decode(Int.self) ?? 0
    }

    public func count() async throws -> Int {
        try await rows("SELECT count(*) AS n FROM postmortems").first?["n"].decode(Int.self) ?? 0
    }

    public func exportAll() async throws -> [(id: String, markdown: String)] {
        try await rows(
            """
            SELECT p.id, v.markdown FROM postmortems p JOIN versions v ON v.key = p.key AND v.version = p.version
            ORDER BY p.id
            """
        ).map { (id: try $0["id"].decode(String.self), markdown: try $0["markdown"].decode(String.self)) }
    }

    public func exists(id: String) async throws -> Bool {
        try await key(id: id) != nil
    }

    public func exportOne(id: String) async throws -> StoredPostMortem? {
        try await current(id: id, viewer: nil)?.stored
    }

    public func removeDemo() async throws -> Int {
        try await Self.count(client.query("DELETE FROM postmortems WHERE demo RETURNING 1", logger: logger))
    }
}
