import Foundation

/// A review meeting for one or more post-mortems: when (an instant and the zone it was set
/// in), who is invited, the notes taken and who came.
public struct ReviewMeeting: Sendable, Equatable, Codable {
    public var id: Int64
    public var title: String
    public var startsAt: Date
    /// The IANA zone it was scheduled in, for showing the time as the team sees it.
    public var zone: String
    public var minutes: Int
    /// Invited, by account name.
    public var attendees: [String]
    /// The post-mortems to review, by id, in agenda order.
    public var postMortems: [String]
    public var notes: String
    /// Who came, once the meeting is recorded.
    public var present: [String]
    public var held: Bool
    public var createdBy: String

    public init(
        id: Int64 = 0, title: String, startsAt: Date, zone: String, minutes: Int = 60, attendees: [String],
        postMortems: [String], notes: String = "", present: [String] = [], held: Bool = false, createdBy: String
    ) {
        self.id = id
        self.title = title
        self.startsAt = startsAt
        self.zone = zone
        self.minutes = minutes
        self.attendees = attendees
        self.postMortems = postMortems
        self.notes = notes
        self.present = present
        self.held = held
        self.createdBy = createdBy
    }

    /// The day it falls on in its own zone (what `review.meeting` records).
    public var localDay: LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: startsAt)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// "2026-12-09 14:00 Europe/Berlin".
    public var localTime: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: startsAt) + " " + zone
    }

    /// The instant of `day` at `time` ("14:00") in `zone`; nil when any part does not read.
    public static func instant(day: LocalDate, time: String, zone: String) -> Date? {
        guard let timeZone = TimeZone(identifier: zone) else { return nil }
        let parts = time.split(separator: ":").map { Int($0) }
        guard parts.count == 2, let hour = parts[0], let minute = parts[1], (0..<24).contains(hour),
            (0..<60).contains(minute)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(
            from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
    }

    /// `pm` with this meeting's day and the people who came added to its review.
    public func recorded(in pm: PostMortem) -> PostMortem {
        var pm = pm
        pm.review.meeting = localDay
        for person in present where !pm.review.attendees.contains(where: { $0.lowercased() == person.lowercased() }) {
            pm.review.attendees.append(person)
        }
        return pm
    }
}
