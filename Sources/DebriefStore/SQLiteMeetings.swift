import DebriefCore
import Foundation
import GRDB

/// Review meetings in SQLite; the lists of names and ids are JSON arrays in one column each.
extension SQLiteStore {
    public func createMeeting(_ meeting: ReviewMeeting) async throws -> ReviewMeeting {
        try StoredText.checkMeeting(meeting)
        return try await db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO meetings (title, starts_at, zone, minutes, attendees, postmortems, notes, present, held, created_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    meeting.title, meeting.startsAt.timeIntervalSince1970, meeting.zone, meeting.minutes,
                    StoredList.encode(meeting.attendees), StoredList.encode(meeting.postMortems), meeting.notes,
                    StoredList.encode(meeting.present), meeting.held, meeting.createdBy,
                ])
            var saved = meeting
            saved.id = db.lastInsertedRowID
            return saved
        }
    }

    public func meeting(id: Int64) async throws -> ReviewMeeting? {
        try await db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM meetings WHERE id = ?", arguments: [id]).map(Self.meeting)
        }
    }

    public func meetings(limit: Int) async throws -> [ReviewMeeting] {
        try await db.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM meetings ORDER BY starts_at DESC, id DESC LIMIT ?", arguments: [limit]
            )
            .map(Self.meeting)
        }
    }

    public func portableMeetings() async throws -> [ReviewMeeting] {
        try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM meetings ORDER BY id").map(Self.meeting)
        }
    }

    public func recordMeeting(id: Int64, notes: String, present: [String]) async throws -> ReviewMeeting {
        try StoredText.refusePublic(notes, present.joined())
        return try await db.write { db in
            try db.execute(
                sql: "UPDATE meetings SET notes = ?, present = ?, held = 1 WHERE id = ?",
                arguments: [notes, StoredList.encode(present), id])
            guard db.changesCount == 1,
                let row = try Row.fetchOne(db, sql: "SELECT * FROM meetings WHERE id = ?", arguments: [id])
            else { throw StoreError.notFound("meeting \(id)") }
            return Self.meeting(row)
        }
    }

    static func meeting(_ row: Row) -> ReviewMeeting {
        ReviewMeeting(
            id: row["id"], title: row["title"], startsAt: Date(timeIntervalSince1970: row["starts_at"]),
            zone: row["zone"], minutes: row["minutes"], attendees: StoredList.decode(row["attendees"]),
            postMortems: StoredList.decode(row["postmortems"]), notes: row["notes"],
            present: StoredList.decode(row["present"]), held: row["held"], createdBy: row["created_by"])
    }
}

extension StoredText {
    /// A meeting's texts are held to what every store keeps.
    static func checkMeeting(_ meeting: ReviewMeeting) throws {
        try refusePublic(
            meeting.notes, meeting.title, meeting.zone, meeting.createdBy, meeting.attendees.joined(),
            meeting.postMortems.joined(), meeting.present.joined())
        guard !meeting.title.isEmpty, meeting.title.count <= 300 else {
            throw StoreError.invalid("a meeting needs a title of at most 300 characters")
        }
    }
}
