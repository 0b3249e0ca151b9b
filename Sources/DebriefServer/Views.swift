import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Mustache

/// The mustache templates, loaded once from the target's resources. Every value is escaped by
/// `{{ }}`; triple braces are used only for HTML this server built itself (rendered Markdown,
/// SVG charts, diff lines), which escapes user text on the way.
struct Views: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> Views {
        // Every template starts with `{{% CONTENT_TYPE: DEBRIEF_HTML }}`: the same escaping as
        // mustache's HTML type (& < > " '), with a fast path for text that needs none.
        MustacheContentTypes.register(EscapedHTML(), named: "DEBRIEF_HTML")
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ViewError(message: "the Templates folder is missing from the server's resources")
        }
        return Views(library: try await MustacheLibrary(directory: directory.path))
    }

    struct ViewError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A whole page: the layout around `name`, with who is signed in and their CSRF token.
    func page(_ name: String, title: String, data: [String: Any], context: AppContext) -> String {
        var values = data
        values["pageTitle"] = title
        if let user = context.user {
            values["me"] = Self.me(user)
        }
        values["csrf"] = context.session?.csrfToken ?? ""
        return library.render(Scope(Self.prune(values)), withTemplate: name) ?? "template \(name) failed to render"
    }

    static func me(_ user: User) -> [String: Any] {
        [
            "name": user.name, "displayName": user.displayName, "role": user.role.rawValue,
            "isAuthor": user.role >= .author, "isReviewer": user.role >= .reviewer, "isAdmin": user.role == .admin,
        ]
    }

    /// A piece of a page (no layout, no user).
    func fragment(_ name: String, data: [String: Any]) -> String {
        library.render(Scope(Self.prune(data)), withTemplate: name) ?? "template \(name) failed to render"
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
            case let nested as [String: Any]: result[key] = Scope(prune(nested))
            case let rows as [[String: Any]]: result[key] = rows.map { Scope(prune($0)) }
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

/// A template scope. A final class with an unconditional conformance is found by mustache's
/// dynamic casts much faster than `[String: Any]`, whose conformance is conditional.
final class Scope: MustacheParent {
    let values: [String: Any]
    init(_ values: [String: Any]) { self.values = values }
    func child(named name: String) -> Any? { values[name] }
}

/// HTML escaping of `{{ }}` values: Debrief's own escaper, the same five characters as
/// mustache's HTML type, with its fast path for text that needs none.
struct EscapedHTML: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLRenderer.escape(text) }
}
