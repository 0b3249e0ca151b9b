import DebriefCore
import DebriefStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Turns errors into pages for people and JSON for the API, never leaking internals.
struct ErrorMiddleware: RouterMiddleware {
    let views: Views

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return respond(status: error.status, message: error.body ?? error.status.reasonPhrase, request, context)
        } catch let error as StoreError {
            let status: HTTPResponse.Status
            switch error {
            case .notFound: status = .notFound
            case .duplicate, .staleEdit, .stalePublicEdit: status = .conflict
            case .invalid: status = .badRequest
            case .tooLarge: status = .unprocessableContent
            }
            return respond(status: status, message: error.description, request, context)
        } catch is NIOTooManyBytesError {
            return respond(status: .contentTooLarge, message: "the request is too large", request, context)
        } catch let error as WorkflowError {
            return respond(
                status: error.forbidden ? .forbidden : .unprocessableContent, message: error.message, request, context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)"])
            return respond(status: .internalServerError, message: "something went wrong", request, context)
        }
    }

    func respond(status: HTTPResponse.Status, message: String, _ request: Request, _ context: AppContext) -> Response {
        if request.uri.path.hasPrefix("/api/") {
            return JSONBody.response(["error": message], status: status)
        }
        if status == .unauthorized, request.method == .get {
            let next = request.uri.string
            return Response.redirect(
                to: "/login?next=" + Present.query(next))
        }
        let page = views.page(
            "error", title: "\(status.code) \(status.reasonPhrase)",
            model: ErrorPage(code: status.code, reason: status.reasonPhrase, message: message), context: context)
        return Response.html(page, status: status)
    }
}

/// Headers that keep pages and uploads from being framed, sniffed, scripted or cached, on
/// every response, error pages and 404s included (it runs outside `ErrorMiddleware`).
struct SecurityHeadersMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        // Pages and API answers carry what one reader may see; no shared or browser cache
        // may keep them (the stylesheet says otherwise for itself).
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Finds the user: a session cookie for browsers, a bearer token for the API. Read from the
/// store on every request, so a session ended, a token revoked or an account disabled on any
/// server or in a shell stops working on the next request everywhere.
struct AuthenticationMiddleware: RouterMiddleware {
    let services: Services

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            let token = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard let user = try await services.store.user(tokenHash: Secrets.sha256(token)) else {
                throw HTTPError(.unauthorized, message: "unknown or revoked token")
            }
            context.user = user
        } else if let cookie = request.cookies[Accounts.sessionCookie]?.value,
            let (session, user) = try await services.store.session(tokenHash: Secrets.sha256(cookie), now: Date())
        {
            context.user = user
            context.session = session
        }
        return try await next(request, context)
    }
}

/// How many bytes of body each route reads before answering 413: a sign-in form is a few
/// hundred bytes, a post-mortem a few megabytes at most, an attachment what the settings allow.
enum BodyLimits {
    static let signIn = 16 * 1024
    /// Forms and JSON bodies that carry a whole post-mortem: room for one at its size limit,
    /// escaped, so that an oversized field is answered 422 naming the field, not 413.
    static let document = 2 * SizeLimits.standard.documentBytes + 64 * 1024
    /// Comments, reviews, tokens, bulk action changes.
    static let small = 256 * 1024

    static func limit(path: String, settings: ServerSettings) -> Int {
        let parts = path.split(separator: "/")
        if parts.first == "login" || parts.first == "logout" { return signIn }
        if parts.first == "incidents", parts.last == "attachments" { return settings.maxAttachmentBytes + 64 * 1024 }
        if parts.first == "incidents", parts.count <= 2 { return document }  // create, upload, save
        // A public version's text is a whole post-mortem too.
        if parts.first == "incidents", parts.count == 4, parts[2] == "public", parts[3] == "save" { return document }
        if parts.first == "api", parts.count >= 3, parts[2] == "postmortems", parts.last != "transitions" {
            return document
        }
        return small
    }
}

/// Reads a state-changing request's body, up to its route's limit (413 past it, from the
/// declared length before anything is read), and checks the CSRF token: every request that
/// rides on a session cookie must carry the session's token (header `X-CSRF-Token`, else
/// form field `csrf`). Bearer-token requests carry no cookie, so a forged cross-site request
/// cannot use them. A wrong header token is refused before the body is parsed.
struct CSRFMiddleware: RouterMiddleware {
    static let header = HTTPField.Name("X-CSRF-Token")!
    let settings: ServerSettings

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        var context = context
        let limit = BodyLimits.limit(path: request.uri.path, settings: settings)
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw Self.tooLarge(declared, limit)
        }
        let headerToken = request.headers[Self.header]
        if let session = context.session, let headerToken {
            try Self.check(headerToken, session)
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(nil, limit)
        }
        let form = Form.parse(body: Data(buffer: body), contentType: request.headers[.contentType])
        context.form = form
        if let session = context.session, headerToken == nil {
            try Self.check(form["csrf"] ?? "", session)
        }
        return try await next(request, context)
    }

    static func check(_ sent: String, _ session: Session) throws {
        guard Secrets.constantTimeEqual(sent, session.csrfToken) else {
            throw HTTPError(.forbidden, message: "the form has expired or came from another site; reload and try again")
        }
    }

    static func tooLarge(_ declared: Int?, _ limit: Int) -> HTTPError {
        let size = declared.map { "\(SizeLimits.size($0)) is" } ?? "the request is"
        return HTTPError(
            .contentTooLarge, message: "\(size) more than this form or API call takes (\(SizeLimits.size(limit)))")
    }
}

/// Pages need a signed-in user; others are sent to the login page.
struct LoginRequiredMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        guard context.user != nil else { throw HTTPError(.unauthorized, message: "sign in first") }
        return try await next(request, context)
    }
}

/// The API needs a user too, and answers 401 in JSON.
struct APIAuthMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        guard context.user != nil else {
            return JSONBody.response(["error": "send Authorization: Bearer <token>"], status: .unauthorized)
        }
        return try await next(request, context)
    }
}

extension Response {
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(buffer: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// JSON responses with the house encoder: camelCase keys, ISO 8601 dates, sorted keys.
enum JSONBody {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        response(data: encode(value), status: status)
    }

    /// The request's body as `T`, or 400 naming the field that did not fit (413 past `limit`).
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, message: "the JSON body does not fit: " + describe(error))
        }
    }

    /// A decoding error in words: the field's path and what was wrong with it.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty
                ? "the body"
                : "'"
                    + keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
                    .trimmingCharacters(in: CharacterSet(charactersIn: ".")) + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    static func encode(_ value: some Encodable) -> Data {
        (try? encoder().encode(value)) ?? Data("{\"error\":\"encoding failed\"}".utf8)
    }

    static func response(data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A JSON string already encoded (the model, via `JSONFormat`).
    static func raw(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
