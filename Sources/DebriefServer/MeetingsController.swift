import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Hummingbird

/// Review meetings (`/meetings`): scheduled for one or more post-mortems, with an agenda page
/// and its Markdown export, and the record of the meeting kept with each post-mortem reviewed.
struct MeetingsController {
    let services: Services

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get(use: list)
        group.post(use: schedule)
        group.get(":id", use: agenda)
        group.get(":id/agenda.md", use: export)
        group.post(":id/record", use: record)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let meetings = try await services.store.meetings(limit: 200)
        let page = MeetingsPage(
            canSchedule: Access.canCreate(member),
            meetings: meetings.map {
                .init(
                    url: "/meetings/\($0.id)", title: $0.title, when: $0.localTime, count: $0.postMortems.count,
                    held: $0.held)
            },
            zone: request.queryFields["zone"] ?? "UTC", error: "")
        return .html(services.views.page("meetings", title: "Review meetings", model: page, context: context))
    }

    @Sendable func schedule(_ request: Request, context: AppContext) async throws -> Response {
        let member = try Editing.requireWriter(try context.requireMember())
        let form = context.form ?? Form()
        let title = (form["title"] ?? "").trimmingCharacters(in: .whitespaces)
        let zone = (form["zone"] ?? "UTC").trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, title.count <= 300 else { throw HTTPError(.badRequest, message: "title: give one") }
        guard let day = LocalDate(iso: form["date"] ?? "") else {
            throw HTTPError(.badRequest, message: "date: '\(form["date"] ?? "")' is not a date like 2026-12-09")
        }
        guard TimeZone(identifier: zone) != nil else {
            throw HTTPError(.badRequest, message: "zone: '\(zone)' is not a time zone like Europe/Berlin")
        }
        guard let startsAt = ReviewMeeting.instant(day: day, time: form["time"] ?? "", zone: zone) else {
            throw HTTPError(.badRequest, message: "time: '\(form["time"] ?? "")' is not a time like 14:00")
        }
        let minutes = Int(form["minutes"] ?? "60") ?? 60
        guard (5...600).contains(minutes) else { throw HTTPError(.badRequest, message: "minutes: 5 to 600") }
        let ids = Self.names(form["postmortems"] ?? "")
        guard !ids.isEmpty, ids.count <= 50 else {
            throw HTTPError(.badRequest, message: "postmortems: name one to 50 post-mortem ids")
        }
        for id in ids where try await services.store.postMortem(id: id, for: member) == nil {
            throw HTTPError(.badRequest, message: "postmortems: no post-mortem '\(id)'")
        }
        let meeting = try await services.store.createMeeting(
            ReviewMeeting(
                title: title, startsAt: startsAt, zone: zone, minutes: minutes,
                attendees: Self.names(form["attendees"] ?? ""), postMortems: ids, createdBy: member.name))
        try await services.editing.audit(member, "meeting-schedule", "meeting \(meeting.id)", detail: title)
        return .redirect(to: "/meetings/\(meeting.id)")
    }

    /// Names or ids separated by commas, spaces or lines, each once.
    static func names(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init).filter {
            $0.count <= 200 && seen.insert($0.lowercased()).inserted
        }
    }

    func load(_ context: AppContext) async throws -> ReviewMeeting {
        guard let id = context.parameters.get("id").flatMap(Int64.init),
            let meeting = try await services.store.meeting(id: id)
        else { throw HTTPError(.notFound, message: "no such meeting") }
        return meeting
    }

    /// The agenda items `member` may see, in the meeting's order.
    func items(_ meeting: ReviewMeeting, _ member: Member) async throws -> [MeetingPage.Item] {
        var items: [MeetingPage.Item] = []
        let today = todayUTC()
        for id in meeting.postMortems {
            guard let stored = try await services.store.postMortem(id: id, for: member) else { continue }
            let pm = stored.postMortem
            let findings = services.editing.findings(stored, today: today).filter { $0.severity != .info }
            let questions = try await services.store.comments(postMortem: id).filter {
                $0.body.contains("?") && $0.createdAt > Date().addingTimeInterval(-90 * 86_400)
            }.suffix(5)
            items.append(
                .init(
                    id: id, url: Present.url(id), title: pm.title, status: pm.status.rawValue,
                    severity: pm.severity?.rawValue ?? "", version: stored.version,
                    questions: questions.map { "\($0.author): \($0.body)" },
                    findings: findings.map { "\($0.rule): \($0.message)" },
                    actions: pm.actionItems.filter { !$0.status.isClosed }.map { item in
                        item.title + " ("
                            + [
                                item.owner ?? "no owner", item.due?.description ?? "no due date",
                                item.priority?.rawValue,
                            ]
                            .compactMap { $0 }.joined(separator: ", ") + ")"
                    }))
        }
        return items
    }

    @Sendable func agenda(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let meeting = try await load(context)
        let page = MeetingPage(
            id: meeting.id, title: meeting.title, when: meeting.localTime, minutes: meeting.minutes,
            attendees: meeting.attendees.joined(separator: ", "), held: meeting.held, notes: meeting.notes,
            present: meeting.present.joined(separator: ", "), items: try await items(meeting, member),
            canRecord: Access.canCreate(member) && !meeting.held,
            invited: meeting.attendees.map { Option(value: $0, label: $0, selected: true) })
        return .html(services.views.page("meeting", title: meeting.title, model: page, context: context))
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let meeting = try await load(context)
        var lines = [
            "# \(meeting.title)", "", "\(meeting.localTime), \(meeting.minutes) minutes.",
            "Invited: \(meeting.attendees.isEmpty ? "–" : meeting.attendees.joined(separator: ", ")).", "",
        ]
        for (n, item) in try await items(meeting, member).enumerated() {
            lines += [
                "## \(n + 1). \(item.title)", "",
                "`\(item.id)`, \(item.severity) \(item.status), version \(item.version).", "",
            ]
            for (heading, entries) in [
                ("Open questions", item.questions), ("Lint findings", item.findings),
                ("Proposed actions", item.actions),
            ] where !entries.isEmpty {
                lines +=
                    ["### \(heading)", ""] + entries.map { "- " + $0.replacingOccurrences(of: "\n", with: " ") } + [""]
            }
        }
        if meeting.held {
            lines += ["## Notes", "", "Present: \(meeting.present.joined(separator: ", ")).", "", meeting.notes, ""]
        }
        var response = Response(
            status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n"))))
        response.headers[.contentDisposition] = "attachment; filename=\"meeting-\(meeting.id)-agenda.md\""
        return response
    }

    @Sendable func record(_ request: Request, context: AppContext) async throws -> Response {
        let member = try Editing.requireWriter(try context.requireMember())
        let meeting = try await load(context)
        guard !meeting.held else { throw HTTPError(.conflict, message: "this meeting is already recorded") }
        let form = context.form ?? Form()
        let notes = form["notes"] ?? ""
        guard notes.count <= Editing.commentLimit else {
            throw HTTPError(.badRequest, message: "notes: at most 20,000 characters")
        }
        let present = Self.names((form.all("present") + [form["others"] ?? ""]).joined(separator: ","))
        let held = try await services.store.recordMeeting(id: meeting.id, notes: notes, present: present)
        // Kept with each post-mortem reviewed that this member may edit.
        var skipped: [String] = []
        for id in held.postMortems {
            do {
                _ = try await services.editing.recordMeeting(held, in: id, by: member)
            } catch {
                skipped.append(id)
            }
        }
        return .redirect(
            to: "/meetings/\(meeting.id)"
                + (skipped.isEmpty
                    ? "" : "?notice=" + Present.query("Not recorded in: " + skipped.joined(separator: ", "))))
    }
}
