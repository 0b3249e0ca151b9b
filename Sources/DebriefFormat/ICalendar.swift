import DebriefCore
import Foundation

/// iCalendar (RFC 5545) for calendars people subscribe to: action items on their due day and
/// review meetings, as all-day events. Lines end in CRLF, are folded at 75 octets, and text is
/// escaped, so any calendar reads them.
public enum ICalendar {
    /// One all-day event.
    public struct Event: Sendable, Equatable {
        /// Stable across exports, so a calendar updates the event instead of adding another.
        public var uid: String
        public var day: LocalDate
        public var summary: String
        public var description: String
        public var url: String?
        public var categories: [String]
        /// People, by account name.
        public var attendees: [String]
        /// A timed event's start and length; all-day on `day` when nil.
        public var start: Date? = nil
        public var minutes: Int = 60

        public init(
            uid: String, day: LocalDate, summary: String, description: String, url: String? = nil,
            categories: [String] = [], attendees: [String] = []
        ) {
            self.uid = uid
            self.day = day
            self.summary = summary
            self.description = description
            self.url = url
            self.categories = categories
            self.attendees = attendees
        }
    }

    /// The event of an action item due on a day; nil when it has no due date.
    public static func event(
        actionItem item: ActionItem, index: Int, postMortemID: String, postMortemTitle: String, url: String?
    ) -> Event? {
        guard let due = item.due else { return nil }
        var lines = ["Action item of “\(postMortemTitle)”.", "Status: \(item.status.rawValue)"]
        if let owner = item.owner { lines.append("Owner: \(owner)") }
        if let priority = item.priority { lines.append("Priority: \(priority.rawValue)") }
        if let link = item.link { lines.append("Tracker: \(link)") }
        return Event(
            uid: "\(postMortemID).action-\(index)@debrief", day: due,
            summary: (item.status.isClosed ? "Done: " : "Due: ") + item.title,
            description: lines.joined(separator: "\n"),
            url: url, categories: ["Action item"] + (item.priority.map { [$0.rawValue] } ?? []),
            attendees: item.owner.map { [$0] } ?? [])
    }

    /// The event of a post-mortem's review meeting; nil when none is set.
    public static func reviewMeeting(of pm: PostMortem, url: String?) -> Event? {
        guard let day = pm.review.meeting else { return nil }
        return Event(
            uid: "\(pm.id).review@debrief", day: day, summary: "Post-mortem review: \(pm.title)",
            description: "Review meeting of “\(pm.title)”" + (pm.severity.map { " (\($0.rawValue))" } ?? "") + ".",
            url: url, categories: ["Review meeting"], attendees: pm.review.attendees)
    }

    /// A scheduled review meeting: a timed event, with the post-mortems it reviews.
    public static func meeting(_ meeting: ReviewMeeting, titles: [String], url: String?) -> Event {
        var event = Event(
            uid: "meeting-\(meeting.id)@debrief", day: meeting.localDay, summary: meeting.title,
            description: (["Post-mortem review (\(meeting.localTime))."] + titles.map { "- " + $0 })
                .joined(separator: "\n"),
            url: url, categories: ["Review meeting"], attendees: meeting.attendees)
        event.start = meeting.startsAt
        event.minutes = meeting.minutes
        return event
    }

    /// The calendar: a VCALENDAR with one VEVENT each, stamped `now`.
    public static func document(_ events: [Event], name: String, now: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Debrief//Post-mortem follow-through//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + text(name),
        ]
        let stamp = timestamp(now)
        for event in events {
            lines += [
                "BEGIN:VEVENT", "UID:" + text(event.uid), "DTSTAMP:" + stamp,
            ]
            if let start = event.start {
                lines += [
                    "DTSTART:" + timestamp(start),
                    "DTEND:" + timestamp(start.addingTimeInterval(Double(event.minutes) * 60)),
                ]
            } else {
                lines += [
                    "DTSTART;VALUE=DATE:" + date(event.day), "DTEND;VALUE=DATE:" + date(event.day.adding(days: 1)),
                ]
            }
            lines += [
                "SUMMARY:" + text(event.summary), "DESCRIPTION:" + text(event.description),
                event.start == nil ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE",
            ]
            if !event.categories.isEmpty {
                lines.append("CATEGORIES:" + event.categories.map(text).joined(separator: ","))
            }
            if let url = event.url, url.hasPrefix("http://") || url.hasPrefix("https://") {
                lines.append("URL:" + url.filter { !$0.isNewline && $0 != " " })
            }
            for attendee in event.attendees {
                // An account name, not an address: a URN keeps it a valid calendar address.
                let name = attendee.filter { !$0.isNewline && $0 != "\"" }
                let urn = name.unicodeScalars.map { scalar -> String in
                    CharacterSet.alphanumerics.contains(scalar) || "-._".unicodeScalars.contains(scalar)
                        ? String(scalar) : String(format: "%%%02X", scalar.value & 0xFF)
                }.joined()
                lines.append("ATTENDEE;CN=\"\(name)\":urn:debrief:user:\(urn)")
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping (RFC 5545 §3.3.11).
    static func text(_ value: String) -> String {
        var out = ""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": break
            default:
                if let ascii = c.asciiValue, ascii < 0x20 || ascii == 0x7F { continue }
                out.append(c)
            }
        }
        return out
    }

    /// Folds a content line into pieces of at most 75 octets, never inside a character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var pieces: [String] = []
        var current = ""
        var octets = 0
        for c in line {
            let size = String(c).utf8.count
            let limit = pieces.isEmpty ? 75 : 74  // continuation lines start with a space
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.append(c)
            octets += size
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }

    static func date(_ day: LocalDate) -> String {
        String(format: "%04d%02d%02d", day.year, day.month, day.day)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
