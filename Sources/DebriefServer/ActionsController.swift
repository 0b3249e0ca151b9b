import DebriefCore
import DebriefNotify
import DebriefStore
import Foundation
import Hummingbird

/// The action-items board: every open follow-up by owner, status and due date, overdue ones
/// highlighted, and a bulk status change.
struct ActionsController {
    let services: Services

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get(use: board)
        group.post(use: bulk)
        group.post("sync", use: sync)
    }

    @Sendable func board(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let query = request.queryFields
        let owner = query["owner"]
        let status = query["status"].flatMap(ActionStatus.init(rawValue:))
        let overdueOnly = query["overdue"] == "1"
        let today = todayUTC()
        let rows = try await services.store.actionItems(
            ActionFilter(owner: owner, status: status, overdueOn: overdueOnly ? today : nil), for: member)
        var byOwner: [String: [ActionRow]] = [:]
        for row in rows { byOwner[row.item.owner ?? "(no owner)", default: []].append(row) }
        let groups = byOwner.keys.sorted().map { name in
            let items = byOwner[name] ?? []
            return ActionsPage.Group(
                owner: name, countText: items.count == 1 ? "1 item" : "\(items.count) items",
                overdueText: overdueText(items.filter { $0.item.isOverdue(on: today) }.count),
                items: items.map { Present.action($0, today: today) })
        }
        let page = ActionsPage(
            groups: groups, total: rows.count, owner: owner ?? "", overdueOnly: overdueOnly,
            statuses: Option.all(ActionStatus.allCases, status), canChange: member.role >= .author, empty: rows.isEmpty,
            notice: query["notice"] ?? "",
            tracker: member.role >= .author ? services.settings.policy.tracker?.repository ?? "" : "")
        return .html(services.views.page("actions", title: "Action items", model: page, context: context))
    }

    /// "3 overdue", or nothing when none are.
    func overdueText(_ count: Int) -> String { count == 0 ? "" : "\(count) overdue" }

    /// `item` fields are `postmortem|index|version`; each post-mortem gets one new version.
    @Sendable func bulk(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        guard member.role >= .author else { throw HTTPError(.forbidden, message: "viewers cannot change action items") }
        let form = context.form ?? Form()
        guard let status = form["status"].flatMap(ActionStatus.init(rawValue:)) else {
            throw HTTPError(.badRequest, message: "choose a status")
        }
        var byPostMortem: [String: (version: Int, indexes: [Int])] = [:]
        for key in form.all("item") {
            let parts = key.split(separator: "|").map(String.init)
            guard parts.count == 3, let index = Int(parts[1]), let version = Int(parts[2]) else {
                throw HTTPError(.badRequest, message: "malformed item '\(key)'")
            }
            byPostMortem[parts[0], default: (version, [])].indexes.append(index)
        }
        var changed = 0
        var stale: [String] = []
        for (id, selection) in byPostMortem.sorted(by: { $0.key < $1.key }) {
            do {
                _ = try await services.editing.setActionStatus(
                    status, of: selection.indexes, in: id, baseVersion: selection.version, by: member)
                changed += selection.indexes.count
            } catch StoreError.staleEdit {
                stale.append(id)
            }
        }
        var notice = "\(changed) action item\(changed == 1 ? "" : "s") set to \(status.rawValue)."
        if !stale.isEmpty {
            notice +=
                " Not changed, because someone edited them meanwhile: \(stale.joined(separator: ", ")). Reload and retry."
        }
        return .redirect(
            to: "/actions?notice=" + Present.query(notice))
    }

    /// "Create in GitHub" for the items chosen (`item` fields, as the bulk form sends them):
    /// the same sync `debrief actions sync` runs, for those items only.
    @Sendable func sync(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        guard member.role >= .author else { throw HTTPError(.forbidden, message: "viewers cannot change action items") }
        guard let tracker = services.settings.policy.tracker else {
            throw HTTPError(.notFound, message: "no tracker is configured in the policy")
        }
        guard let token = ProcessInfo.processInfo.environment[tracker.tokenEnvironment], !token.isEmpty else {
            throw HTTPError(
                .serviceUnavailable, message: "the server has no \(tracker.tokenEnvironment) to reach GitHub with")
        }
        var only = Set<String>()
        for key in (context.form ?? Form()).all("item") {
            let parts = key.split(separator: "|").map(String.init)
            guard parts.count == 3, let index = Int(parts[1]) else {
                throw HTTPError(.badRequest, message: "malformed item '\(key)'")
            }
            // Only items of post-mortems this member may edit.
            _ = try await services.editing.loadForEditing(parts[0], member)
            only.insert("\(parts[0])#\(index + 1)")
        }
        guard !only.isEmpty else { throw HTTPError(.badRequest, message: "choose the items to send") }
        let report = try await TrackerSync(
            tracker: tracker.client(token: token), store: services.store,
            baseURL: request.head.authority.map { (services.settings.secureCookies ? "https://" : "http://") + $0 }
        ).run(dryRun: false, actor: member.name, only: only)
        var notice =
            "\(report.created.count) sent to \(tracker.repository), \(report.found.count) linked, \(report.closed.count) closed there."
        if !report.failed.isEmpty { notice += " Failed: " + report.failed.joined(separator: "; ") }
        return .redirect(to: "/actions?notice=" + Present.query(notice))
    }
}
