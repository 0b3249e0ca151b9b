import DebriefCore
import DebriefStore
import Foundation
import Hummingbird

/// The front page: action items to chase, recent incidents, and the trends.
struct DashboardController {
    let services: Services

    func addRoutes(to router: RouterGroup<AppContext>) {
        router.get("/", use: dashboard)
    }

    @Sendable func dashboard(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let today = todayUTC()
        let store = services.store
        let recent = try await store.list(IncidentFilter(limit: 8), for: member)
        let overdue = try await store.actionItems(ActionFilter(overdueOn: today, limit: 10), for: member)
        let overdueCount = try await store.actionCount(ActionFilter(overdueOn: today), for: member)
        let openCount = try await store.actionCount(ActionFilter(openOnly: true), for: member)
        let mine = try await store.actionItems(ActionFilter(owner: member.name, openOnly: true, limit: 10), for: member)
        let months = Trends.monthly(try await store.trendPoints(for: member), months: 12)
        let page = DashboardPage(
            recent: recent.items.map(Present.summary), total: recent.total, openCount: openCount,
            overdueCount: overdueCount, hasOverdue: overdueCount > 0,
            overdue: overdue.map { Present.action($0, today: today) },
            mine: mine.map { Present.action($0, today: today) }, perMonth: Charts.incidentsPerMonth(months),
            timeTrend: Charts.timeTrend(months))
        return .html(services.views.page("dashboard", title: "Dashboard", model: page, context: context))
    }
}
