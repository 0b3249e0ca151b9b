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
    }

    func page(_ context: AppContext, newToken: String?) async throws -> Response {
        let user = try context.requireUser()
        let tokens = try await services.store.tokens(userID: user.id)
        let data: [String: Any] = [
            "name": user.name, "displayName": user.displayName, "role": user.role.rawValue,
            "tokens": tokens.map { ["name": $0.name, "created": Present.date($0.createdAt)] },
            "newToken": newToken ?? "",
        ]
        return .html(services.views.page("account", title: "Your account", data: data, context: context))
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await page(context, newToken: nil)
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
}
