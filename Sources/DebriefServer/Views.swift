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

    /// A whole page: the layout around `name`, showing `model`, with who is signed in and
    /// their CSRF token.
    func page(_ name: String, title: String, model: some Sendable, context: AppContext) -> String {
        var layout: [String: Any] = ["pageTitle": title, "csrf": context.session?.csrfToken ?? ""]
        if let user = context.user { layout["me"] = MeModel(user) }
        return render(name, ModelScope(model, layout: layout))
    }

    /// A piece of a page (no layout, no user).
    func fragment(_ name: String, model: some Sendable) -> String {
        render(name, ModelScope(model))
    }

    private func render(_ name: String, _ scope: ModelScope) -> String {
        library.render(scope, withTemplate: name) ?? "template \(name) failed to render"
    }
}

/// A view model as a template scope: its stored properties by name (then `layout`'s values),
/// read once with `Mirror`. Empty text and nil become `Blank`, which is false in sections and
/// prints nothing; the key stays, so mustache does not look it up in an enclosing scope (an
/// action item with no title would print the post-mortem's). Nested models and rows become
/// scopes of their own.
final class ModelScope: MustacheParent {
    let values: [String: Any]

    init(_ model: Any, layout: [String: Any] = [:]) {
        var values = layout.mapValues(Self.shown)
        for child in Mirror(reflecting: model).children {
            if let label = child.label { values[label] = Self.shown(child.value) }
        }
        self.values = values
    }

    func child(named name: String) -> Any? { values[name] }

    static func shown(_ value: Any) -> Any {
        switch value {
        case let text as String: return text.isEmpty ? Blank() : text
        case is Bool, is Int, is Int64, is Double: return value
        case let rows as [Any]: return rows.map(shown)
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional: return mirror.children.first.map { shown($0.value) } ?? Blank()
        case .struct, .class: return ModelScope(value)
        default: return value
        }
    }
}

/// An empty value that is false in sections and prints nothing.
struct Blank: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

/// HTML escaping of `{{ }}` values: Debrief's own escaper, the same five characters as
/// mustache's HTML type, with its fast path for text that needs none.
struct EscapedHTML: MustacheContentType {
    func escapeText(_ text: String) -> String { HTMLRenderer.escape(text) }
}
