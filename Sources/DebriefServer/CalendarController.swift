import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Hummingbird

/// iCalendar feeds a calendar application subscribes to, read without a session: the link's
/// secret (made on the account page) says whose, and the feed holds what that account may see.
/// `/calendar/SECRET/mine.ics`: the account's own open action items and the review meetings it
/// attends. `/calendar/SECRET/team.ics`: every open action item and review meeting it may see.
struct CalendarController {
    let services: Services

    /// How many of the newest post-mortems the team feed reads for review meetings.
    static let recentForMeetings = 200

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get(":secret/mine.ics", use: mine)
        group.get(":secret/team.ics", use: team)
    }

    func user(_ context: AppContext) async throws -> User {
        let secret = try context.parameters.require("secret")
        guard secret.count <= 100, let user = try await services.store.user(calendarTokenHash: Secrets.sha256(secret))
        else { throw HTTPError(.notFound, message: "no such calendar") }
        return user
    }

    @Sendable func mine(_ request: Request, context: AppContext) async throws -> Response {
        let user = try await user(context)
        let member = Member(name: user.name, role: user.role)
        let rows = try await services.store.actionItems(
            ActionFilter(owner: user.name, openOnly: true, limit: 5_000), for: member)
        // Meetings: the post-mortems that name the account, newest first.
        let named = try await services.store.list(IncidentFilter(person: user.name, limit: 500), for: member).items
        var meetings: [PostMortem] = []
        for summary in named {
            if let pm = try await services.store.postMortem(id: summary.id, for: member)?.postMortem,
                pm.review.attendees.contains(where: { $0.lowercased() == user.name.lowercased() })
            {
                meetings.append(pm)
            }
        }
        let scheduled = try await services.store.meetings(limit: 200).filter { meeting in
            meeting.attendees.contains { $0.lowercased() == user.name.lowercased() }
        }
        return try await calendar(
            rows, meetings, scheduled, member, name: "Post-mortem follow-up: \(user.displayName)", request: request)
    }

    @Sendable func team(_ request: Request, context: AppContext) async throws -> Response {
        let user = try await user(context)
        let member = Member(name: user.name, role: user.role)
        let rows = try await services.store.actionItems(ActionFilter(openOnly: true, limit: 5_000), for: member)
        let recent = try await services.store.list(IncidentFilter(limit: Self.recentForMeetings), for: member).items
        var meetings: [PostMortem] = []
        for summary in recent {
            if let pm = try await services.store.postMortem(id: summary.id, for: member)?.postMortem,
                pm.review.meeting != nil
            {
                meetings.append(pm)
            }
        }
        return try await calendar(
            rows, meetings, try await services.store.meetings(limit: 200), member, name: "Post-mortem follow-up: team",
            request: request)
    }

    func calendar(
        _ rows: [ActionRow], _ meetings: [PostMortem], _ scheduled: [ReviewMeeting], _ member: Member, name: String,
        request: Request
    ) async throws -> Response {
        let scheme = services.settings.secureCookies ? "https://" : "http://"
        let base = request.head.authority.map { scheme + $0 }
        func link(_ id: String) -> String? { base.map { $0 + Present.url(id) } }
        var events = rows.compactMap { row in
            ICalendar.event(
                actionItem: row.item, index: row.index, postMortemID: row.postMortem,
                postMortemTitle: row.postMortemTitle, url: link(row.postMortem))
        }
        events += meetings.compactMap { ICalendar.reviewMeeting(of: $0, url: link($0.id)) }
        // Scheduled meetings, with the titles of the post-mortems the reader may see.
        for meeting in scheduled {
            var titles: [String] = []
            for id in meeting.postMortems {
                if let pm = try await services.store.postMortem(id: id, for: member)?.postMortem {
                    titles.append(pm.title)
                }
            }
            guard !titles.isEmpty else { continue }
            events.append(ICalendar.meeting(meeting, titles: titles, url: base.map { $0 + "/meetings/\(meeting.id)" }))
        }
        var response = Response(
            status: .ok, headers: [.contentType: "text/calendar; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: ICalendar.document(events, name: name, now: Date()))))
        response.headers[.contentDisposition] = "inline; filename=\"debrief.ics\""
        return response
    }
}
