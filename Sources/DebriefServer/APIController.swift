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
        let result = try await services.store.list(filter, for: member)
        return JSONBody.response(Page<IncidentSummary>(items: result.items, total: result.total))
    }

    @Sendable func search(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let filter = try IncidentController.filter(from: request.queryFields)
        guard filter.query != nil else { throw HTTPError(.badRequest, message: "give a query: ?q=words") }
        let result = try await services.store.search(filter, for: member)
        return JSONBody.response(
            Page<Hit>(
                items: result.hits.map {
                    Hit(summary: $0.summary, snippet: Present.snippet($0.snippet), rank: $0.rank)
                },
                total: result.total))
    }

    @Sendable func get(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        // The same JSON for every reader allowed to see it: encoded once per version.
        guard let stamp = try await services.store.pageStamp(id: id, for: member) else {
            throw HTTPError(.notFound, message: "no post-mortem '\(id)'")
        }
        if let hit = services.documentJSON.value(for: id), hit.stamp.key == stamp.key,
            hit.stamp.version == stamp.version, hit.stamp.updatedAt == stamp.updatedAt
        {
            return JSONBody.response(data: hit.json)
        }
        let stored = try await IncidentController.load(id, member, services.store)
        let json = JSONBody.encode(Document(stored))
        // Kept under the stamp read first: if a save came in between, the next request
        // sees a newer stamp and encodes again.
        services.documentJSON.keep(EncodedDocument(stamp: stamp, json: json), for: id)
        return JSONBody.response(data: json)
    }

    /// `{"markdown": "..."}` or `{"postMortem": {...}}`, plus `baseVersion` for updates.
    func body(_ request: Request, context: AppContext) async throws -> (PostMortem, baseVersion: Int?) {
        var request = request
        let buffer = try await request.collectBody(upTo: BodyLimits.document)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else {
            throw HTTPError(.badRequest, message: "send a JSON object with 'markdown' or 'postMortem'")
        }
        let base = object["baseVersion"] as? Int
        if let markdown = object["markdown"] as? String {
            do {
                // No file name: an id missing from the front matter comes from the date and title.
                return (Importer.normalize(try PostMortemParser.parse(markdown, path: "<input>").postMortem), base)
            } catch var error as ParseError {
                error.file = "request body"
                throw HTTPError(.badRequest, message: error.description)
            }
        }
        if let model = object["postMortem"], JSONSerialization.isValidJSONObject(model) {
            do {
                return (try JSONFormat.decode(try JSONSerialization.data(withJSONObject: model)), base)
            } catch {
                throw HTTPError(.badRequest, message: "postMortem does not match the model: \(error)")
            }
        }
        throw HTTPError(.badRequest, message: "send 'markdown' (a post-mortem file) or 'postMortem' (the model)")
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        guard Access.canCreate(member) else {
            throw HTTPError(.forbidden, message: "viewers cannot write post-mortems")
        }
        var (pm, _) = try await body(request, context: context)
        if pm.authors.isEmpty { pm.authors = [member.name] }
        guard Access.canSee(pm, member) else {
            throw HTTPError(.badRequest, message: "restricted post-mortems must name you (as an author, say)")
        }
        pm.status = .draft
        pm.review.approvals = []
        let saved = try await services.store.create(pm, by: member.name, note: "created via the API", demo: false)
        try await services.store.audit(AuditEvent(at: Date(), actor: member.name, action: "create", target: saved.id))
        return JSONBody.response(Document(saved), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let stored = try await IncidentController.load(id, member, services.store)
        guard Access.canEdit(stored.postMortem, member) else {
            throw HTTPError(.forbidden, message: "you cannot edit this")
        }
        var (pm, base) = try await body(request, context: context)
        guard let base else {
            throw HTTPError(.badRequest, message: "send baseVersion: the version your edit started from")
        }
        pm.id = id
        pm.status = stored.postMortem.status
        pm.review = stored.postMortem.review
        guard Access.canSee(pm, member) else {
            throw HTTPError(.badRequest, message: "restricted post-mortems must name you (as an author, say)")
        }
        do {
            let saved = try await services.store.update(
                pm, baseVersion: base, by: member.name, note: "updated via the API")
            try await services.store.audit(
                AuditEvent(at: Date(), actor: member.name, action: "update", target: id, detail: "v\(saved.version)"))
            return JSONBody.response(Document(saved))
        } catch let error as StoreError {
            guard case .staleEdit(_, let current) = error else { throw error }
            return JSONBody.response(Conflict(error: error.description, current: Document(current)), status: .conflict)
        }
    }

    @Sendable func versions(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        _ = try await IncidentController.load(id, member, services.store)
        return JSONBody.response(try await services.store.history(id: id, for: member))
    }

    @Sendable func findings(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let stored = try await IncidentController.load(try context.parameters.require("id"), member, services.store)
        return JSONBody.response(services.documents.findings(for: stored, today: todayUTC()))
    }

    @Sendable func transition(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any]
        guard let action = (object?["action"] as? String).flatMap(ReviewAction.init(rawValue:)) else {
            throw HTTPError(
                .badRequest,
                message: "action is one of \(ReviewAction.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let stored = try await IncidentController.load(id, member, services.store)
        let saved = try await IncidentController.transition(
            stored, action: action, member: member, comment: object?["comment"] as? String, services: services)
        return JSONBody.response(Document(saved))
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
