import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Hummingbird

/// `/api/v1`: post-mortems, search, action items and metrics as JSON, for scripts and CI.
/// Authenticated with `Authorization: Bearer <token>` (`debrief token create`); the same
/// visibility and role rules as the pages. Described in `openapi.yaml`.
struct APIController {
    let services: Services

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("me", use: me)
        group.get("postmortems", use: list)
        group.post("postmortems", use: create)
        group.get("postmortems/:id", use: get)
        group.put("postmortems/:id", use: update)
        group.get("postmortems/:id/versions", use: versions)
        group.get("postmortems/:id/findings", use: findings)
        group.post("postmortems/:id/transitions", use: transition)
        group.get("search", use: search)
        group.get("actions", use: actions)
        group.get("metrics", use: metrics)
    }

    struct Me: Encodable {
        var name: String
        var displayName: String
        var role: Role
    }

    struct Page<T: Encodable>: Encodable {
        var items: [T]
        var total: Int
    }

    struct Document: Encodable {
        var id: String
        var version: Int
        var updatedAt: Date
        var updatedBy: String
        var postMortem: PostMortem
        var markdown: String

        init(_ stored: StoredPostMortem) {
            id = stored.id
            version = stored.version
            updatedAt = stored.updatedAt
            updatedBy = stored.updatedBy
            postMortem = stored.postMortem
            markdown = stored.markdown
        }
    }

    struct Conflict: Encodable {
        var error: String
        var current: Document
    }

    struct Hit: Encodable {
        var summary: IncidentSummary
        /// HTML: the text escaped, matches in `<mark>`.
        var snippet: String
        var rank: Double
    }

    struct MonthJSON: Encodable {
        var month: String
        var total: Int
        var bySeverity: [String: Int]
        var medianTimeToDetect: TimeInterval?
        var medianTimeToResolve: TimeInterval?
    }

    struct Metrics: Encodable {
        var incidents: Int
        var timeToDetect: DurationSummary
        var timeToResolve: DurationSummary
        var months: [MonthJSON]
    }

    @Sendable func me(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        return JSONBody.response(Me(name: user.name, displayName: user.displayName, role: user.role))
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let filter = try IncidentController.filter(from: request.queryFields)
        return try await cached(request, context) {
            let result = try await services.store.list(filter, for: member)
            return Page<IncidentSummary>(items: result.items, total: result.total)
        }
    }

    @Sendable func search(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let filter = try IncidentController.filter(from: request.queryFields)
        guard filter.query != nil else { throw HTTPError(.badRequest, message: "give a query: ?q=words") }
        return try await cached(request, context) {
            let result = try await services.store.search(filter, for: member)
            return Page<Hit>(
                items: result.hits.map {
                    Hit(summary: $0.summary, snippet: Present.snippet($0.snippet), rank: $0.rank)
                },
                total: result.total)
        }
    }

    /// `answer` as JSON, through the server's page cache (see `PageCache`).
    func cached<Answer: Encodable>(
        _ request: Request, _ context: AppContext, answer: @escaping @Sendable () async throws -> Answer
    ) async throws -> Response {
        try await services.pages.response(
            request, context: context, store: services.store, contentType: "application/json"
        ) { ByteBuffer(data: JSONBody.encode(try await answer())) }
    }

    @Sendable func get(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        return try await cached(request, context) { Document(try await services.editing.load(id, member)) }
    }

    /// A post-mortem sent as a file or as the model, and the version an update started from.
    struct DocumentBody: Decodable {
        /// A whole post-mortem file: front matter and Markdown.
        var markdown: String?
        /// The model, as `GET` returns it under `postMortem`.
        var postMortem: PostMortem?
        var baseVersion: Int?

        /// The post-mortem sent: the file parsed, or the model.
        func parsed() throws -> PostMortem {
            if let markdown {
                do {
                    // No file name: an id missing from the front matter comes from the date and title.
                    return Importer.normalize(try PostMortemParser.parse(markdown, path: "<input>").postMortem)
                } catch var error as ParseError {
                    error.file = "request body"
                    throw HTTPError(.badRequest, message: error.description)
                }
            }
            if let postMortem { return postMortem }
            throw HTTPError(.badRequest, message: "send 'markdown' (a post-mortem file) or 'postMortem' (the model)")
        }
    }

    struct TransitionBody: Decodable {
        var action: ReviewAction
        var comment: String?
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let member = try Editing.requireWriter(try context.requireMember())
        let body = try await JSONBody.decode(DocumentBody.self, from: request, limit: BodyLimits.document)
        let saved = try await services.editing.create(try body.parsed(), by: member, note: "created via the API")
        return JSONBody.response(Document(saved), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let current = try await services.editing.loadForEditing(id, member)
        let body = try await JSONBody.decode(DocumentBody.self, from: request, limit: BodyLimits.document)
        guard let base = body.baseVersion else {
            throw HTTPError(.badRequest, message: "send baseVersion: the version your edit started from")
        }
        do {
            let saved = try await services.editing.update(
                try body.parsed(), over: current, baseVersion: base, by: member, note: "updated via the API")
            return JSONBody.response(Document(saved))
        } catch let error as StoreError {
            guard case .staleEdit(_, let current) = error else { throw error }
            return JSONBody.response(Conflict(error: error.description, current: Document(current)), status: .conflict)
        }
    }

    @Sendable func versions(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        _ = try await services.editing.load(id, member)
        return JSONBody.response(try await services.store.history(id: id, for: member))
    }

    @Sendable func findings(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let stored = try await services.editing.load(try context.parameters.require("id"), member)
        return JSONBody.response(services.editing.findings(stored, today: todayUTC()))
    }

    @Sendable func transition(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let body = try await JSONBody.decode(TransitionBody.self, from: request, limit: BodyLimits.small)
        return JSONBody.response(
            Document(try await services.editing.transition(id, body.action, by: member, comment: body.comment)))
    }

    @Sendable func actions(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let query = request.queryFields
        var status: ActionStatus?
        if let raw = query["status"] {
            guard let parsed = ActionStatus(rawValue: raw) else {
                throw HTTPError(.badRequest, message: "'\(raw)' is not an action status")
            }
            status = parsed
        }
        let filter = ActionFilter(
            owner: query["owner"], status: status,
            overdueOn: query["overdue"] == "true" || query["overdue"] == "1" ? todayUTC() : nil,
            postMortem: query["postmortem"])
        return JSONBody.response(try await services.store.actionItems(filter, for: member))
    }

    @Sendable func metrics(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let points = try await services.store.trendPoints(for: member)
        let months = Trends.monthly(points, months: 24).map { month in
            MonthJSON(
                month: month.month, total: month.total,
                bySeverity: Dictionary(uniqueKeysWithValues: month.bySeverity.map { ($0.key.rawValue, $0.value) }),
                medianTimeToDetect: month.medianTimeToDetect, medianTimeToResolve: month.medianTimeToResolve)
        }
        return JSONBody.response(
            Metrics(
                incidents: points.count, timeToDetect: DurationSummary(points.compactMap(\.timeToDetect)),
                timeToResolve: DurationSummary(points.compactMap(\.timeToResolve)), months: months))
    }
}
