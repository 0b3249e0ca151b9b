import DebriefCore
import Foundation
import Mustache

/// The mustache templates, loaded once from the target's resources. Every value is escaped by
/// `{{ }}`; triple braces are used only for HTML this server built itself (rendered Markdown,
/// SVG charts, diff lines), which escapes user text on the way.
struct Views: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> Views {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ViewError(message: "the Templates folder is missing from the server's resources")
        }
        return Views(library: try await MustacheLibrary(directory: directory.path))
    }

    struct ViewError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A whole page: the layout around `name`, with who is signed in and the CSRF token.
    func page(_ name: String, title: String, data: [String: Any], context: AppContext) -> String {
        var values = data
        values["pageTitle"] = title
        if let user = context.user {
            values["me"] =
                [
                    "name": user.name, "displayName": user.displayName, "role": user.role.rawValue,
                    "isAuthor": user.role >= .author, "isReviewer": user.role >= .reviewer,
                    "isAdmin": user.role == .admin,
                ] as [String: Any]
        }
        values["csrf"] = context.session?.csrfToken ?? ""
        return library.render(Self.prune(values), withTemplate: name) ?? "template \(name) failed to render"
    }

    /// Replaces empty strings, which mustache sections treat as true, with `Blank`, so that
    /// `{{#notice}}…{{/notice}}` shows only when there is a notice. The key stays: a missing
    /// key would make mustache look it up in the enclosing object (an empty action title
    /// would print the post-mortem's title).
    static func prune(_ values: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        result.reserveCapacity(values.count)
        for (key, value) in values {
            switch value {
            case let text as String: result[key] = text.isEmpty ? Blank() : text
            case let nested as [String: Any]: result[key] = prune(nested)
            case let rows as [[String: Any]]: result[key] = rows.map(prune)
            default: result[key] = value
            }
        }
        return result
    }
}

/// An empty value that is false in sections and prints nothing.
struct Blank: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}
