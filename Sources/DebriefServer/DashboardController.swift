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
        let overdue = try await store.actionItems(ActionFilter(overdueOn: today), for: member)
        let open =
            try await store.actionItems(ActionFilter(status: .open), for: member)
            + store.actionItems(ActionFilter(status: .inProgress), for: member)
        let mine = open.filter { $0.item.owner?.lowercased() == member.name.lowercased() }
        let months = Trends.monthly(try await store.trendPoints(for: member), months: 12)
        let data: [String: Any] = [
            "recent": recent.items.map { Present.summary($0) },
            "total": recent.total,
            "openCount": open.count,
            "overdueCount": overdue.count,
            "overdue": overdue.prefix(10).map { Present.action($0, today: today) },
            "mine": mine.prefix(10).map { Present.action($0, today: today) },
            "perMonth": Charts.incidentsPerMonth(months),
            "timeTrend": Charts.timeTrend(months),
        ]
        return .html(services.views.page("dashboard", title: "Dashboard", data: data, context: context))
    }
}
