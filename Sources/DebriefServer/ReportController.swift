import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Hummingbird

/// The reliability report page (`/report`): what recurs across the incidents of a period, the
/// follow-through and detection and recovery times, as the reader may see them.
struct ReportController {
    let services: Services

    /// The most incidents one report reads (the newest of the period).
    static let limit = 5_000

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get(use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let query = request.queryFields
        let today = todayUTC()
        func day(_ name: String) throws -> LocalDate? {
            guard let text = query[name], !text.isEmpty else { return nil }
            guard let day = LocalDate(iso: text) else {
                throw HTTPError(.badRequest, message: "\(name) must be a date like 2026-03-04")
            }
            return day
        }
        let to = try day("to") ?? today
        let from = try day("from") ?? to.adding(days: -365)
        let minimum = query["min"].flatMap { Int($0) } ?? 3
        let window = query["window"].flatMap { Int($0) } ?? 365
        guard (2...1000).contains(minimum), (1...3650).contains(window), from <= to else {
            throw HTTPError(.badRequest, message: "min is 2 to 1000, window 1 to 3650 days, and from before to")
        }
        let (postMortems, total) = try await services.store.postMortems(
            IncidentFilter(from: from, to: to), for: member, limit: Self.limit)
        let report = ReliabilityReport(
            postMortems, from: from, to: to, today: today, minIncidents: minimum, windowDays: window)
        let page = ReportPage(
            from: from.description, to: to.description, min: minimum, window: window,
            capped: total > Self.limit ? "Only the newest \(Self.limit) of \(total) incidents were read." : "",
            bodyHTML: ReliabilityOutput.htmlBody(report, link: { Present.url($0) }))
        return .html(services.views.page("report", title: "Reliability report", model: page, context: context))
    }
}
