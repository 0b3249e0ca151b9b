import DebriefCore
import DebriefFormat
import Foundation
import GRDB

/// Rows to values and values to rows, and the SQL shared by several queries.
extension SQLiteStore {
    /// Changes whenever a post-mortem, comment or attachment is written (triggers, migrations v3 and v6).
    static func generation(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM generation WHERE id = 1")) ?? 0
    }

    /// `p.restricted = 0` or the viewer is named in it. Every query that returns post-mortems
    /// goes through here.
    static func visibility(_ viewer: Member) -> (String, StatementArguments) {
        (
            "(p.restricted = 0 OR EXISTS (SELECT 1 FROM pm_people pp WHERE pp.key = p.key AND pp.name = ?))",
            [viewer.name.lowercased()]
        )
    }

    static func whereClause(_ filter: IncidentFilter, viewer: Member) -> (String, StatementArguments) {
        var (clause, arguments) = visibility(viewer)
        if let severity = filter.severity {
            clause += " AND p.severity = ?"
            arguments += [severity.rawValue]
        }
        if let kind = filter.kind {
            clause += " AND p.kind = ?"
            arguments += [kind.rawValue]
        }
        if let status = filter.status {
            clause += " AND p.status = ?"
            arguments += [status.rawValue]
        }
        if let service = filter.service {
            clause += " AND EXISTS (SELECT 1 FROM pm_services s WHERE s.key = p.key AND s.service = ?)"
            arguments += [service.lowercased()]
        }
        if let tag = filter.tag {
            clause += " AND EXISTS (SELECT 1 FROM pm_tags t WHERE t.key = p.key AND t.tag = ?)"
            arguments += [tag.lowercased()]
        }
        if let person = filter.person {
            clause += " AND EXISTS (SELECT 1 FROM pm_people pp2 WHERE pp2.key = p.key AND pp2.name = ?)"
            arguments += [person.lowercased()]
        }
        if let from = filter.from {
            clause += " AND p.started >= ?"
            arguments += [from.startOfDayUTC.timeIntervalSince1970]
        }
        if let to = filter.to {
            clause += " AND p.started < ?"
            arguments += [to.adding(days: 1).startOfDayUTC.timeIntervalSince1970]
        }
        return (clause, arguments)
    }

    static func key(id: String, db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT key FROM postmortems WHERE id = ?"), arguments: [id])
    }

    static func visibleKey(id: String, viewer: Member, db: Database) throws -> Int64? {
        let (visible, arguments) = visibility(viewer)
        var all: StatementArguments = [id]
        all += arguments
        return try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT p.key FROM postmortems p WHERE p.id = ? AND \(visible)"), arguments: all)
    }

    /// The current version; `viewer` nil skips the visibility check (writes check it before).
    static func current(id: String, viewer: Member?, db: Database) throws -> (key: Int64, stored: StoredPostMortem)? {
        var sql = """
            SELECT p.key, p.version, p.updated_at, p.updated_by, p.demo, v.markdown
            FROM postmortems p JOIN versions v ON v.key = p.key AND v.version = p.version WHERE p.id = ?
            """
        var arguments: StatementArguments = [id]
        if let viewer {
            let (visible, more) = visibility(viewer)
            sql += " AND \(visible)"
            arguments += more
        }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) else { return nil }
        let key: Int64 = row["key"]
        let version: Int = row["version"]
        let markdown: String = row["markdown"]
        let document = try PostMortemParser.parse(markdown, path: "\(id).md")
        return (
            key,
            StoredPostMortem(
                postMortem: document.postMortem, markdown: markdown, version: version,
                updatedAt: Date(timeIntervalSince1970: row["updated_at"]), updatedBy: row["updated_by"],
                demo: row["demo"], document: document)
        )
    }

    /// Writes the list columns, the people, services, tags, action items and search text of
    /// the version being saved.
    static func index(
        _ pm: PostMortem, key: Int64, version: Int, at: Date, by author: String, db: Database, replacing: Bool
    ) throws {
        let metrics = IncidentMetrics(pm)
        let profile = IncidentProfile(pm)
        let open = pm.actionItems.filter { !$0.status.isClosed }.count
        try db.execute(
            sql: """
                UPDATE postmortems SET version = ?, title = ?, status = ?, severity = ?, kind = ?, services = ?, tags = ?,
                    started = ?, restricted = ?, ttd = ?, ttr = ?, open_actions = ?, updated_at = ?, updated_by = ?
                WHERE key = ?
                """,
            arguments: [
                version, pm.title, pm.status.rawValue, pm.severity?.rawValue, pm.kind?.rawValue,
                pm.services.joined(separator: "\n"), pm.tags.joined(separator: "\n"),
                pm.started?.date.timeIntervalSince1970, pm.restricted, metrics.timeToDetect, metrics.timeToResolve,
                open, at.timeIntervalSince1970, author, key,
            ])
        try db.execute(
            sql: "INSERT OR REPLACE INTO pm_profiles (key, words, factor_categories) VALUES (?, ?, ?)",
            arguments: [
                key, profile.words.joined(separator: " "),
                profile.factorCategories.map(\.rawValue).sorted().joined(separator: " "),
            ])
        if replacing {
            for table in ["pm_people", "pm_services", "pm_tags", "action_items"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE key = ?", arguments: [key])
            }
            try db.execute(sql: "DELETE FROM search WHERE rowid = ?", arguments: [key])
        }
        for name in Access.names(pm) {
            try db.execute(sql: "INSERT OR IGNORE INTO pm_people (key, name) VALUES (?, ?)", arguments: [key, name])
        }
        for service in profile.services {
            try db.execute(
                sql: "INSERT OR IGNORE INTO pm_services (key, service) VALUES (?, ?)", arguments: [key, service])
        }
        for tag in Set(pm.tags.map { $0.lowercased() }) {
            try db.execute(sql: "INSERT OR IGNORE INTO pm_tags (key, tag) VALUES (?, ?)", arguments: [key, tag])
        }
        for (index, item) in pm.actionItems.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO action_items (key, idx, title, owner, due, priority, type, status, link)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key, index, item.title, item.owner, item.due?.description, item.priority?.rawValue,
                    item.type?.rawValue, item.status.rawValue, item.link,
                ])
        }
        let text = IndexedText(pm)
        try db.execute(
            sql:
                "INSERT INTO search (rowid, title, summary, timeline, root_cause, factors, actions) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [key, text.title, text.summary, text.timeline, text.rootCause, text.factors, text.actions])
    }

    /// A new post-mortem as version 1; refuses an id that exists.
    static func insertNew(
        _ pm: PostMortem, markdown: String, at now: Date, by author: String, note: String, demo: Bool, db: Database
    ) throws {
        let key = try insertIndexed(pm, id: pm.id, version: 1, at: now, by: author, demo: demo, db: db)
        let info = VersionInfo(
            version: 1, author: author, createdAt: now, note: note, changes: ChangeSummary.between(nil, pm))
        try VersionRecord(key: key, info: info, markdown: markdown).insert(db)
    }

    /// A post-mortem's row, its list columns and search text as of `version` (its versions are
    /// the caller's to write); refuses an id that exists. Returns the row's key.
    static func insertIndexed(
        _ pm: PostMortem, id: String, version: Int, at: Date, by author: String, demo: Bool, db: Database
    ) throws -> Int64 {
        if try Int.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM postmortems WHERE id = ?"), arguments: [id]) != nil {
            throw StoreError.duplicate("post-mortem '\(id)'")
        }
        try db.execute(
            sql: """
                INSERT INTO postmortems (id, version, title, status, services, tags, restricted, open_actions,
                    updated_at, updated_by, demo)
                VALUES (?, ?, '', '', '', '', 0, 0, ?, ?, ?)
                """, arguments: [id, version, at.timeIntervalSince1970, author, demo])
        let key = db.lastInsertedRowID
        try index(pm, key: key, version: version, at: at, by: author, db: db, replacing: false)
        return key
    }

    static func lines(_ text: String) -> [String] {
        text.isEmpty ? [] : text.components(separatedBy: "\n")
    }

    static func summary(_ row: Row) -> IncidentSummary {
        IncidentSummary(
            id: row["id"], title: row["title"], status: Status(rawValue: row["status"]) ?? .draft,
            severity: (row["severity"] as String?).flatMap(Severity.init(rawValue:)),
            kind: (row["kind"] as String?).flatMap(IncidentKind.init(rawValue:)), services: lines(row["services"]),
            tags: lines(row["tags"]), started: (row["started"] as Double?).map(Date.init(timeIntervalSince1970:)),
            restricted: row["restricted"], version: row["version"],
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]), timeToDetect: row["ttd"],
            timeToResolve: row["ttr"], openActions: row["open_actions"], demo: row["demo"])
    }

    static func profile(_ row: Row) -> IncidentProfile {
        let words: String = row["words"]
        let factors: String = row["factor_categories"]
        return IncidentProfile(
            id: row["id"], sortedServices: Array(Set(lines(row["services"]).map { $0.lowercased() })).sorted(),
            factorCategories: Set(factors.split(separator: " ").compactMap { FactorCategory(rawValue: String($0)) }),
            sortedWords: words.split(separator: " ").map(String.init))
    }

    static func digest(_ row: Row) -> ProfileDigest {
        ProfileDigest(
            id: row["id"], services: row["services"], factors: row["factor_categories"], words: row["words"])
    }
}
