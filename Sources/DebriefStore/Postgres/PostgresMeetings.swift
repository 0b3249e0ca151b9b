import DebriefCore
import Foundation
import PostgresNIO

/// Review meetings on PostgreSQL.
extension PostgresStore: MeetingStore {
    public func createMeeting(_ meeting: ReviewMeeting) async throws -> ReviewMeeting {
        try StoredText.checkMeeting(meeting)
        let inserted = try await rows(
            """
            INSERT INTO meetings (title, starts_at, zone, minutes, attendees, postmortems, notes, present, held, created_by)
            VALUES (\(meeting.title), \(meeting.startsAt), \(meeting.zone), \(meeting.minutes),
                \(StoredList.encode(meeting.attendees)), \(StoredList.encode(meeting.postMortems)), \(meeting.notes),
                \(StoredList.encode(meeting.present)), \(meeting.held), \(meeting.createdBy))
            RETURNING id
            """)
        var saved = meeting
        saved.id = try inserted.first?["id"].decode(Int64.self) ?? 0
        return saved
    }

    public func meeting(id: Int64) async throws -> ReviewMeeting? {
        try await rows("SELECT * FROM meetings WHERE id = \(id)").first.map(Self.meeting)
    }

    public func meetings(limit: Int) async throws -> [ReviewMeeting] {
        try await rows("SELECT * FROM meetings ORDER BY starts_at DESC, id DESC LIMIT \(limit)").map(Self.meeting)
    }

    public func portableMeetings() async throws -> [ReviewMeeting] {
        try await rows("SELECT * FROM meetings ORDER BY id").map(Self.meeting)
    }

    public func recordMeeting(id: Int64, notes: String, present: [String]) async throws -> ReviewMeeting {
        try StoredText.refusePublic(notes, present.joined())
        guard
            let row = try await rows(
                "UPDATE meetings SET notes = \(notes), present = \(StoredList.encode(present)), held = true WHERE id = \(id) RETURNING *"
            ).first
        else { throw StoreError.notFound("meeting \(id)") }
        return try Self.meeting(row)
    }

    static func meeting(_ row: PostgresRandomAccessRow) throws -> ReviewMeeting {
        ReviewMeeting(
            id: try row["id"].decode(Int64.self), title: try row["title"].decode(String.self),
            startsAt: try row["starts_at"].decode(Date.self), zone: try row["zone"].decode(String.self),
            minutes: try row["minutes"].decode(Int.self),
            attendees: StoredList.decode(try row["attendees"].decode(String.self)),
            postMortems: StoredList.decode(try row["postmortems"].decode(String.self)),
            notes: try row["notes"].decode(String.self),
            present: StoredList.decode(try row["present"].decode(String.self)), held: try row["held"].decode(Bool.self),
            createdBy: try row["created_by"].decode(String.self))
    }
}
