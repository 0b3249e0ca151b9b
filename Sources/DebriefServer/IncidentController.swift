import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Hummingbird

/// Reading post-mortems: the list and search, one post-mortem, its history and diffs,
/// downloads, comments and the review workflow.
struct IncidentController {
    let services: Services

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get(use: list)
        group.get(":id", use: show)
        group.get(":id/history", use: history)
        group.get(":id/diff", use: diff)
        group.get(":id/download", use: download)
        group.post(":id/comments", use: comment)
        group.post(":id/review", use: review)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        return try await services.pages.response(
            request, context: context, store: services.store, contentType: "text/html; charset=utf-8"
        ) {
            ByteBuffer(string: try await listPage(request.queryFields, member, context: context))
        }
    }

    /// The list or search page for `query`.
    func listPage(_ query: Form, _ member: Member, context: AppContext) async throws -> String {
        let filter = try Self.filter(from: query)
        let items: [IncidentRow]
        let total: Int
        let searching = filter.query.map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } == true
        if searching {
            let result = try await services.store.search(filter, for: member)
            total = result.total
            items = result.hits.map { hit in
                var row = Present.summary(hit.summary)
                row.snippetHTML = Present.snippet(hit.snippet)
                return row
            }
        } else {
            let result = try await services.store.list(filter, for: member)
            total = result.total
            items = result.items.map(Present.summary)
        }
        let nextOffset = filter.offset + filter.limit
        let totalText = total > searchRankWindow ? "more than \(searchRankWindow)" : "\(total)"
        let page = IncidentsPage(
            q: filter.query ?? "", service: filter.service ?? "", tag: filter.tag ?? "",
            from: filter.from?.description ?? "", to: filter.to?.description ?? "",
            severities: Option.all(Severity.allCases, filter.severity),
            kinds: Option.all(IncidentKind.allCases, filter.kind),
            statuses: Option.all(Status.allCases, filter.status), items: items, searching: searching, total: total,
            empty: total == 0,
            nextURL: nextOffset < total
                ? "/incidents?" + Self.queryString(query, replacing: "offset", with: String(nextOffset)) : nil,
            previousURL: filter.offset > 0
                ? "/incidents?"
                    + Self.queryString(query, replacing: "offset", with: String(max(0, filter.offset - filter.limit)))
                : nil,
            range: total == 0 ? "" : "\(filter.offset + 1)–\(min(total, nextOffset)) of \(totalText)")
        return services.views.page("incidents", title: "Incidents", model: page, context: context)
    }

    static func queryString(_ query: Form, replacing key: String, with value: String) -> String {
        var pairs = query.fields.filter { $0.name != key }
        pairs.append((key, value))
        return pairs.map { pair in
            Present.query(pair.name) + "=" + Present.query(pair.value)
        }.joined(separator: "&")
    }

    /// List filters from query parameters; a bad value is a 400 naming the parameter.
    static func filter(from query: Form) throws -> IncidentFilter {
        func value(_ name: String) -> String? { query[name] }
        func parse<T>(_ name: String, _ make: (String) -> T?) throws -> T? {
            guard let text = value(name) else { return nil }
            guard let parsed = make(text) else {
                throw HTTPError(.badRequest, message: "'\(text)' is not a valid \(name)")
            }
            return parsed
        }
        let limit = try parse("limit") { Int($0).flatMap { (1...200).contains($0) ? $0 : nil } } ?? 50
        let offset = try parse("offset") { Int($0).flatMap { $0 >= 0 ? $0 : nil } } ?? 0
        return IncidentFilter(
            query: value("q"), severity: try parse("severity") { Severity(rawValue: $0.uppercased()) },
            kind: try parse("kind") { IncidentKind(rawValue: $0) },
            status: try parse("status") { Status(rawValue: $0) },
            service: value("service"), tag: value("tag"), from: try parse("from") { LocalDate(iso: $0) },
            to: try parse("to") { LocalDate(iso: $0) }, limit: limit, offset: offset)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let notice = request.queryFields["notice"] ?? ""
        return try await services.pages.response(
            request, context: context, store: services.store, contentType: "text/html; charset=utf-8"
        ) {
            let stored = try await services.editing.load(id, member)
            return ByteBuffer(string: try await postMortemPage(stored, member, context: context, notice: notice))
        }
    }

    /// `stored`'s page as `member` sees it.
    func postMortemPage(_ stored: StoredPostMortem, _ member: Member, context: AppContext, notice: String)
        async throws -> String
    {
        let pm = stored.postMortem
        let today = todayUTC()
        let body = Present.postMortem(
            pm, today: today, version: stored.version, findings: services.editing.findings(stored, today: today))
        let actions = Workflow.actions(for: pm, by: member)
        let page = IncidentPage(
            title: body.title, status: body.status, severity: body.severity, severityClass: body.severityClass,
            kind: body.kind, restricted: pm.restricted, demo: stored.demo, version: stored.version,
            updatedAt: Present.date(stored.updatedAt), updatedBy: stored.updatedBy, url: Present.url(pm.id),
            notice: notice, articleHTML: services.views.fragment("incident_body", model: body),
            approvals: body.approvals, canEdit: Access.canEdit(pm, member),
            reviewActions: actions.map { Option(value: $0.rawValue, label: $0.label, selected: false) },
            hasReviewActions: !actions.isEmpty,
            similar: try await services.store.similar(to: pm.id, for: member, limit: 5).map { summary, match in
                var row = Present.summary(summary)
                row.why = match.reasons.joined(separator: "; ")
                return row
            },
            comments: try await services.store.comments(postMortem: pm.id).map {
                .init(
                    author: $0.author, bodyHTML: HTMLRenderer.markdown($0.body), at: Present.date($0.createdAt),
                    version: $0.version)
            },
            attachments: try await services.store.attachments(postMortem: pm.id).map {
                .init(
                    id: $0.id, filename: $0.filename, type: $0.contentType, size: $0.size,
                    isImage: AttachmentController.inlineTypes.contains($0.contentType))
            })
        return services.views.page("incident", title: pm.title, model: page, context: context)
    }

    @Sendable func history(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let stored = try await services.editing.load(id, member)
        let versions = try await services.store.history(id: id, for: member)
        let page = HistoryPage(
            title: stored.postMortem.title, url: Present.url(id),
            versions: versions.enumerated().map { n, info in
                .init(
                    version: info.version, author: info.author, at: Present.date(info.createdAt), note: info.note,
                    changes: info.changes.joined(separator: ", "),
                    previous: n + 1 < versions.count ? versions[n + 1].version : 0, hasPrevious: n + 1 < versions.count)
            },
            latest: stored.version)
        return .html(
            services.views.page("history", title: "History: \(stored.postMortem.title)", model: page, context: context))
    }

    @Sendable func diff(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let stored = try await services.editing.load(id, member)
        let query = request.queryFields
        guard let from = query["from"].flatMap({ Int($0) }), let to = query["to"].flatMap({ Int($0) }) else {
            throw HTTPError(.badRequest, message: "give two versions: ?from=1&to=2")
        }
        guard let old = try await services.store.version(id: id, number: from, for: member),
            let new = try await services.store.version(id: id, number: to, for: member)
        else { throw HTTPError(.notFound, message: "no such version") }
        let changes = LineDiff.diff(old.markdown, new.markdown)
        let added = changes.filter { if case .added = $0 { true } else { false } }.count
        let removed = changes.filter { if case .removed = $0 { true } else { false } }.count
        let page = DiffPage(
            title: stored.postMortem.title, url: Present.url(id), from: from, to: to, lines: Present.diffLines(changes),
            added: added, removed: removed, fromAuthor: old.info.author, toAuthor: new.info.author)
        return .html(services.views.page("diff", title: "Changes v\(from)→v\(to)", model: page, context: context))
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let stored = try await services.editing.load(id, member)
        let format = request.queryFields["format"] ?? "md"
        let body: String
        let type: String
        switch format {
        case "md":
            body = stored.markdown
            type = "text/markdown; charset=utf-8"
        case "json":
            body = try JSONFormat.encode(stored.postMortem)
            type = "application/json"
        case "html":
            let today = todayUTC()
            body = HTMLRenderer.render(
                stored.postMortem, findings: services.editing.findings(stored, today: today), today: today)
            type = "text/html; charset=utf-8"
        default:
            throw HTTPError(.badRequest, message: "format is md, json or html")
        }
        var response = Response(
            status: .ok, headers: [.contentType: type], body: .init(byteBuffer: .init(string: body)))
        response.headers[.contentDisposition] = "attachment; filename=\"\(id).\(format)\""
        return response
    }

    @Sendable func comment(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        _ = try await services.editing.comment(on: id, context.form?["body"] ?? "", by: member)
        return .redirect(to: Present.url(id) + "#comments")
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        guard let action = context.form?["action"].flatMap(ReviewAction.init(rawValue:)) else {
            throw HTTPError(.badRequest, message: "unknown review action")
        }
        let next = try await services.editing.transition(id, action, by: member, comment: context.form?["comment"])
        return .redirect(
            to: Present.url(id) + "?notice=" + Present.query("Now " + next.postMortem.status.rawValue))
    }
}
