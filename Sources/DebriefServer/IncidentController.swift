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

    /// The post-mortem `id` as `member` may see it, or 404 (restricted ones included: their
    /// existence is not revealed).
    static func load(_ id: String, _ member: Member, _ store: any Store) async throws -> StoredPostMortem {
        guard let stored = try await store.postMortem(id: id, for: member) else {
            throw HTTPError(.notFound, message: "no post-mortem '\(id)'")
        }
        return stored
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let generation = try await services.store.generation()
        let key = PageCache<Int64>.Key(uri: request.uri.string, user: try context.requireUser(), today: todayUTC())
        return .html(
            buffer: try await services.lists.page(for: key, stamp: generation, csrf: context.session?.csrfToken ?? "") {
                csrf in try await listPage(request.queryFields, member, context: context, csrf: csrf)
            })
    }

    /// The list or search page for `query`, with `csrf` written where the token goes.
    func listPage(_ query: Form, _ member: Member, context: AppContext, csrf: String) async throws -> String {
        let filter = try Self.filter(from: query)
        var data: [String: Any] = [
            "q": filter.query ?? "", "service": filter.service ?? "", "tag": filter.tag ?? "",
            "from": filter.from?.description ?? "", "to": filter.to?.description ?? "",
            "severities": Severity.allCases.map { ["value": $0.rawValue, "selected": $0 == filter.severity] },
            "kinds": IncidentKind.allCases.map { ["value": $0.rawValue, "selected": $0 == filter.kind] },
            "statuses": Status.allCases.map { ["value": $0.rawValue, "selected": $0 == filter.status] },
        ]
        let total: Int
        if filter.query.map({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) == true {
            let result = try await services.store.search(filter, for: member)
            total = result.total
            data["items"] = result.hits.map { hit -> [String: Any] in
                var row = Present.summary(hit.summary)
                row["snippetHTML"] = Present.snippet(hit.snippet)
                return row
            }
            data["searching"] = true
        } else {
            let result = try await services.store.list(filter, for: member)
            total = result.total
            data["items"] = result.items.map { Present.summary($0) }
        }
        data["total"] = total
        data["empty"] = total == 0
        let nextOffset = filter.offset + filter.limit
        if nextOffset < total {
            data["nextURL"] = "/incidents?" + Self.queryString(query, replacing: "offset", with: String(nextOffset))
        }
        if filter.offset > 0 {
            data["previousURL"] =
                "/incidents?"
                + Self.queryString(query, replacing: "offset", with: String(max(0, filter.offset - filter.limit)))
        }
        let totalText = total > searchRankWindow ? "more than \(searchRankWindow)" : "\(total)"
        data["range"] = total == 0 ? "" : "\(filter.offset + 1)–\(min(total, nextOffset)) of \(totalText)"
        return services.views.page("incidents", title: "Incidents", data: data, context: context, csrf: csrf)
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
        let user = try context.requireUser()
        let id = try context.parameters.require("id")
        let today = todayUTC()
        let shared = services.shared
        guard
            let (stamp, kept) = try await services.store.pageStamp(
                id: id, for: member,
                rendered: { $0.readsAsAnyone && !shared.holds(stamp: $0, today: today) })
        else {
            throw HTTPError(.notFound, message: "no post-mortem '\(id)'")
        }
        let csrf = context.session?.csrfToken ?? ""
        // A page with a notice ("Saved.") is shown once and not kept.
        if let notice = request.queryFields["notice"], !notice.isEmpty {
            return .html(try await ownPage(id, member, user, today: today, notice: notice, csrf: csrf))
        }
        // Most readers see a page as anyone of their role does: rendered once, kept in the
        // database, and only the holes filled here.
        if stamp.readsAsAnyone {
            let (page, similar) = try await sharedPage(id, stamp: stamp, kept: kept, member: member, today: today)
            let holes = Holes(
                id: id, user, canEdit: Access.canCreate(member),
                actions: Workflow.actions(status: stamp.status, isAuthor: false, role: member.role), csrf: csrf,
                similar: similar)
            return .html(buffer: Self.fill(page, holes, services: services))
        }
        // A reader named in it, or in any restricted post-mortem: a page of their own.
        let key = PageCache<PageStamp>.Key(uri: request.uri.path, user: user, today: today)
        return .html(
            buffer: try await services.pages.page(for: key, stamp: stamp, csrf: csrf) { csrf in
                try await ownPage(id, member, user, today: today, csrf: csrf)
            })
    }

    /// The page of `id` for this reader alone, every hole filled.
    func ownPage(
        _ id: String, _ member: Member, _ user: User, today: LocalDate, notice: String = "", csrf: String
    ) async throws -> String {
        let mark = services.shared.mark
        let stored = try await Self.load(id, member, services.store)
        let page = HoledPage(try await postMortemPage(stored, today: today, notice: notice, mark: mark), mark: mark)
        let similar = try await similarHTML(id, member)
        return Self.fillText(
            page, Holes(stored.postMortem, user, member, csrf: csrf, similar: similar), services: services)
    }

    /// The page of `id` as everyone who `readsAsAnyone` sees it, with its similar incidents:
    /// kept, or rendered and kept now.
    func sharedPage(
        _ id: String, stamp: PageStamp, kept: (page: RenderedPage?, similar: RenderedSimilar?)? = nil,
        member: Member, today: LocalDate
    ) async throws -> (HoledPage, String) {
        let shared = services.shared
        return try await shared.page(
            stamp: stamp, kept: kept, today: today, store: services.store,
            render: {
                let stored = try await Self.load(id, member, services.store)
                return (
                    try await postMortemPage(stored, today: today, mark: shared.mark),
                    stored.postMortem.dayDependentChange(after: today)
                )
            },
            rank: { try await similarHTML(id, member) })
    }

    /// What fills a post-mortem page's holes for one reader.
    struct Holes {
        var id: String
        var user: User
        var canEdit: Bool
        var actions: [ReviewAction]
        var csrf: String
        var similar: String

        init(id: String, _ user: User, canEdit: Bool, actions: [ReviewAction], csrf: String, similar: String) {
            self.id = id
            self.user = user
            self.canEdit = canEdit
            self.actions = actions
            self.csrf = csrf
            self.similar = similar
        }

        init(_ pm: PostMortem, _ user: User, _ member: Member, csrf: String, similar: String) {
            self.init(
                id: pm.id, user, canEdit: Access.canEdit(pm, member), actions: Workflow.actions(for: pm, by: member),
                csrf: csrf, similar: similar)
        }
    }

    /// `page` with `holes` filled, as a response body.
    static func fill(_ page: HoledPage, _ holes: Holes, services: Services) -> ByteBuffer {
        page.buffer(filler(holes, services: services))
    }

    /// `page` with `holes` filled, as text.
    static func fillText(_ page: HoledPage, _ holes: Holes, services: Services) -> String {
        page.text(filler(holes, services: services))
    }

    private static func filler(_ holes: Holes, services: Services) -> (HoledPage.Hole) -> String {
        let url = Present.url(holes.id)
        // `Present.url` leaves only letters, digits, "-_./%": escaping is for safety's sake.
        let escapedURL = HTMLRenderer.escape(url)
        let views = services.views
        let fills = services.fills
        let user = holes.user
        return { hole in
            switch hole {
            case .csrf: holes.csrf
            case .me:
                fills.text(["me", user.name, user.displayName, user.role.rawValue], url: escapedURL, csrf: holes.csrf) {
                    views.me(user, csrf: $1)
                }
            case .edit:
                holes.canEdit
                    ? fills.text(["edit"], url: escapedURL, csrf: holes.csrf) { url, _ in
                        views.fragment("incident_edit", data: ["canEdit": true, "url": url])
                    } : ""
            case .attach:
                holes.canEdit
                    ? fills.text(["attach"], url: escapedURL, csrf: holes.csrf) {
                        views.fragment("incident_attach", data: ["canEdit": true, "url": $0, "csrf": $1])
                    } : ""
            case .review:
                holes.actions.isEmpty
                    ? ""
                    : fills.text(
                        ["review"] + holes.actions.map { $0.rawValue }, url: escapedURL, csrf: holes.csrf
                    ) {
                        views.fragment(
                            "incident_review",
                            data: [
                                "hasReviewActions": true, "url": $0, "csrf": $1,
                                "reviewActions": holes.actions.map { ["value": $0.rawValue, "label": $0.label] },
                            ])
                    }
            case .similar: holes.similar
            case .url: url
            }
        }
    }

    /// The similar incidents `member` may see, as the page shows them.
    func similarHTML(_ id: String, _ member: Member) async throws -> String {
        let rows = try await services.store.similar(to: id, for: member, limit: 5).map { summary, match in
            var row = Present.summary(summary)
            row["why"] = match.reasons.joined(separator: "; ")
            return row
        }
        return services.views.fragment("incident_similar", data: ["similar": rows])
    }

    /// `stored`'s page with a hole (see `HoledPage`) for everything that depends on who reads it.
    func postMortemPage(_ stored: StoredPostMortem, today: LocalDate, notice: String = "", mark: String) async throws
        -> String
    {
        let pm = stored.postMortem
        let article = services.documents.body(for: stored, today: today) {
            let findings = services.documents.findings(for: stored, today: today)
            var body = Present.postMortem(pm, today: today)
            body["version"] = stored.version
            body["findings"] = findings.map(Present.finding)
            body["hasFindings"] = !findings.isEmpty
            return services.views.fragment("incident_body", data: body)
        }
        var data: [String: Any] = [
            "title": pm.title, "status": pm.status.rawValue, "severity": pm.severity?.rawValue ?? "—",
            "severityClass": pm.severity?.rawValue.lowercased() ?? "none", "kind": pm.kind?.rawValue ?? "—",
            "restricted": pm.restricted, "articleHTML": article,
            "approvals": Present.approvals(pm.review),
        ]
        data["version"] = stored.version
        data["updatedAt"] = Present.date(stored.updatedAt)
        data["updatedBy"] = stored.updatedBy
        data["demo"] = stored.demo
        data["url"] = Present.url(pm.id)
        for (key, hole) in [
            ("editHole", HoledPage.Hole.edit), ("attachHole", .attach), ("reviewHole", .review),
            ("similarHole", .similar),
        ] {
            data[key] = HoledPage.marker(mark, hole)
        }
        // Comments and attachments are the same for every reader; the page's stamp covers them.
        data["comments"] = try await services.store.comments(postMortem: pm.id).map { comment -> [String: Any] in
            [
                "author": comment.author, "bodyHTML": HTMLRenderer.markdown(comment.body),
                "at": Present.date(comment.createdAt),
                "version": comment.version,
            ]
        }
        data["attachments"] = try await services.store.attachments(postMortem: pm.id).map { file -> [String: Any] in
            [
                "id": file.id, "filename": file.filename, "type": file.contentType, "size": file.size,
                "isImage": AttachmentController.inlineTypes.contains(file.contentType),
            ]
        }
        data["notice"] = notice
        return services.views.page("incident", title: pm.title, data: data, holes: mark)
    }

    @Sendable func history(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let stored = try await Self.load(id, member, services.store)
        let versions = try await services.store.history(id: id, for: member)
        let data: [String: Any] = [
            "title": stored.postMortem.title, "url": Present.url(id),
            "versions": versions.enumerated().map { n, info -> [String: Any] in
                [
                    "version": info.version, "author": info.author, "at": Present.date(info.createdAt),
                    "note": info.note, "changes": info.changes.joined(separator: ", "),
                    "previous": n + 1 < versions.count ? versions[n + 1].version : 0,
                    "hasPrevious": n + 1 < versions.count,
                ]
            },
            "latest": stored.version,
        ]
        return .html(
            services.views.page("history", title: "History: \(stored.postMortem.title)", data: data, context: context))
    }

    @Sendable func diff(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let stored = try await Self.load(id, member, services.store)
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
        let rows = Present.diffLines(changes)
        let data: [String: Any] = [
            "title": stored.postMortem.title, "url": Present.url(id), "from": from, "to": to, "lines": rows,
            "added": added, "removed": removed, "fromAuthor": old.info.author, "toAuthor": new.info.author,
        ]
        return .html(services.views.page("diff", title: "Changes v\(from)→v\(to)", data: data, context: context))
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let stored = try await Self.load(id, member, services.store)
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
                stored.postMortem, findings: services.documents.findings(for: stored, today: today), today: today)
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
        let stored = try await Self.load(id, member, services.store)
        guard Access.canComment(stored.postMortem, member) else { throw HTTPError(.forbidden) }
        guard let body = context.form?["body"], body.count <= 20_000 else {
            throw HTTPError(.badRequest, message: "write a comment of at most 20,000 characters")
        }
        _ = try await services.store.addComment(
            postMortem: id, author: member.name, body: body, version: stored.version)
        return .redirect(to: Present.url(id) + "#comments")
    }

    @Sendable func review(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        guard let action = context.form?["action"].flatMap(ReviewAction.init(rawValue:)) else {
            throw HTTPError(.badRequest, message: "unknown review action")
        }
        let stored = try await Self.load(id, member, services.store)
        let next = try await Self.transition(
            stored, action: action, member: member, comment: context.form?["comment"], services: services)
        return .redirect(
            to: Present.url(id) + "?notice=" + Present.query("Now " + next.postMortem.status.rawValue))
    }

    /// Applies a workflow step and saves it as a new version; shared with the API.
    static func transition(
        _ stored: StoredPostMortem, action: ReviewAction, member: Member, comment: String?, services: Services
    ) async throws -> StoredPostMortem {
        let today = todayUTC()
        let errors = services.documents.errorCount(for: stored, today: today)
        let next = try Workflow.apply(
            action, to: stored.postMortem, by: member, policy: services.settings.policy, lintErrors: errors,
            today: today)
        let saved = try await services.store.update(
            next, baseVersion: stored.version, by: member.name, note: action.label)
        if let comment, !comment.isEmpty {
            _ = try await services.store.addComment(
                postMortem: stored.id, author: member.name, body: "**\(action.label):** \(comment)",
                version: saved.version)
        }
        try await services.store.audit(
            AuditEvent(
                at: Date(), actor: member.name, action: "transition", target: stored.id,
                detail: "\(stored.postMortem.status.rawValue) → \(saved.postMortem.status.rawValue)"))
        return saved
    }
}
