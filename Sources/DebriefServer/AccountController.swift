import DebriefCore
import DebriefStore
import Foundation
import Hummingbird

/// The signed-in user's page: who they are, and their API tokens.
struct AccountController {
    let services: Services

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get(use: show)
        group.post("tokens", use: createToken)
        group.post("tokens/:token/revoke", use: revokeToken)
        group.post("password", use: changePassword)
        group.post("calendar", use: createCalendarLink)
    }

    func page(
        _ context: AppContext, newToken: String? = nil, message: String? = nil, passwordError: String? = nil,
        calendarToken: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let user = try context.requireUser()
        let tokens = try await services.store.tokens(userID: user.id)
        let page = AccountPage(
            name: user.name, displayName: user.displayName, role: user.role.rawValue,
            tokens: tokens.map { .init(id: $0.id, name: $0.name, created: Present.date($0.createdAt)) },
            newToken: newToken ?? "", message: message ?? "", passwordError: passwordError ?? "",
            calendarMine: calendarToken.map { "/calendar/\($0)/mine.ics" } ?? "",
            calendarTeam: calendarToken.map { "/calendar/\($0)/team.ics" } ?? "")
        return .html(
            services.views.page("account", title: "Your account", model: page, context: context), status: status)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await page(context)
    }

    @Sendable func createToken(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let name = context.form?["name"] ?? "token"
        guard name.count <= 100 else {
            throw HTTPError(.badRequest, message: "a token name has at most 100 characters")
        }
        let token = try await services.accounts.createToken(for: user, name: name)
        return try await page(context, newToken: token)
    }

    @Sendable func createCalendarLink(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        return try await page(context, calendarToken: try await services.accounts.createCalendarToken(for: user))
    }

    @Sendable func revokeToken(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard let id = context.parameters.get("token").flatMap(Int64.init),
            try await services.accounts.revokeToken(id: id, of: user)
        else { throw HTTPError(.notFound, message: "you have no such token") }
        return try await page(context, message: "Token revoked; it no longer works.")
    }

    @Sendable func changePassword(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let form = context.form ?? Form()
        do {
            try await services.accounts.changePassword(
                of: user, current: form.all("current").first ?? "", new: form.all("new").first ?? "")
        } catch let error as StoreError {
            return try await page(context, passwordError: error.description, status: .unprocessableContent)
        }
        // Every session ended with the change, this one too: sign in again with the new password.
        return AuthController.signedOut(services.settings)
    }
}
