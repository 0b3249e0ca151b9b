import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import HTTPTypes
import Hummingbird

/// The "Public version" of a post-mortem for its team: internal and public side by side with
/// every redaction highlighted, the word lists, the public text's own editor and history, and
/// the approve and publish steps. Routes under `/incidents/:id/public`.
struct PublicVersionController {
    let services: Services
    let publishing: Publishing

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get(":id/public", use: show)
        group.post(":id/public/generate", use: generate)
        group.post(":id/public/save", use: save)
        group.post(":id/public/keep", use: keep)
        group.post(":id/public/redact", use: redact)
        group.post(":id/public/approve", use: approve)
        group.post(":id/public/publish", use: publish)
        group.post(":id/public/unpublish", use: unpublish)
        group.post(":id/public/allow", use: allow)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let (stored, state) = try await publishing.load(id, member)
        let pm = stored.postMortem
        let redaction = try? publishing.redaction(stored, state)
        let current =
            state.version > 0 ? try await services.store.publicVersion(postMortem: id, number: state.version) : nil
        let publicText = current?.markdown ?? ""
        let findings =
            current.flatMap { text in
                (try? PostMortemParser.parse(text.markdown, path: "public version")).map {
                    PublicVersion.remaining(in: $0)
                }
            } ?? []
        let located = redaction?.redactions ?? []
        let page = PublicVersionPage(
            title: pm.title, url: Present.url(id), notice: request.queryFields["notice"] ?? "",
            exists: state.version > 0, version: state.version, updatedBy: state.updatedBy ?? "",
            updatedAt: state.updatedAt.map(Present.date) ?? "", restricted: pm.restricted,
            allowRestricted: state.allowRestricted, isAdmin: Access.canAdminister(member),
            canEdit: Publication.editRefusal(pm, state, by: member) == nil,
            canApprove: Publication.approveRefusal(state, by: member) == nil && !state.isApproved,
            canPublish: member.role >= .reviewer && state.version > 0,
            approved: state.isApproved, approvedBy: state.approvedBy ?? "",
            published: state.isPublished, publishedURL: state.publishedID.map { "/public/" + $0 } ?? "",
            publishedVersion: state.publishedVersion ?? 0, publishedAt: state.publishedAt.map(Present.date) ?? "",
            findings: findings.map { "line \($0.line): \($0.rule): \($0.message)" }, clean: findings.isEmpty,
            upToDate: redaction?.markdown == publicText,
            internalHTML: Self.highlightSource(stored.markdown, located),
            publicHTML: Self.highlightPublic(publicText, located),
            redactions: located.map { r in
                .init(
                    category: r.category.rawValue, field: r.field, line: r.line.map(String.init) ?? "",
                    original: r.original, replacement: r.replacement.isEmpty ? "(left out)" : r.replacement,
                    canKeep: r.category != .secret && r.category != .neverPublic && !r.original.contains("\n")
                        && r.original.count <= 200)
            },
            counts: Dictionary(grouping: located, by: \.category.rawValue).map { "\($0.value.count) \($0.key)" }
                .sorted()
                .joined(separator: ", "),
            keep: state.keep, redact: state.redact, markdown: publicText,
            history: try await services.store.publicHistory(postMortem: id).map {
                .init(version: $0.version, author: $0.author, at: Present.date($0.createdAt), note: $0.note)
            })
        return .html(
            services.views.page("public_version", title: "Public version: \(pm.title)", model: page, context: context))
    }

    func back(_ id: String, _ notice: String) -> Response {
        .redirect(to: Present.url(id) + "/public?notice=" + Present.query(notice))
    }

    @Sendable func generate(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let state = try await publishing.generate(id, by: try context.requireMember())
        return back(id, "Public version \(state.version) made from the internal version")
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let base = context.form?["base_version"].flatMap({ Int($0) }) else {
            throw HTTPError(.badRequest, message: "base_version is missing")
        }
        let markdown = (context.form?["markdown"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        let state = try await publishing.save(
            id, markdown: markdown, baseVersion: base, by: try context.requireMember())
        return back(id, "Public version \(state.version) saved")
    }

    @Sendable func keep(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let word = context.form?["word"] ?? ""
        _ = try await publishing.mark(id, word: word, keep: true, by: try context.requireMember())
        return back(id, "'\(word)' is no longer redacted")
    }

    @Sendable func redact(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let word = context.form?["word"] ?? ""
        _ = try await publishing.mark(id, word: word, keep: false, by: try context.requireMember())
        return back(id, "'\(word)' is redacted")
    }

    @Sendable func approve(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let version = context.form?["version"].flatMap({ Int($0) }) else {
            throw HTTPError(.badRequest, message: "version is missing")
        }
        let state = try await publishing.approve(id, version: version, by: try context.requireMember())
        return back(id, "Public version \(state.version) approved")
    }

    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let state = try await publishing.publish(id, by: try context.requireMember())
        return back(id, "Published at /public/\(state.publishedID ?? "")")
    }

    @Sendable func unpublish(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        _ = try await publishing.unpublish(id, by: try context.requireMember())
        return back(id, "No longer published")
    }

    @Sendable func allow(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let allowed = context.form?["allow"] == "yes"
        _ = try await publishing.allow(id, allowed, by: try context.requireMember())
        return back(id, allowed ? "A public version is allowed" : "No public version for this post-mortem")
    }

    /// The internal Markdown, escaped, with each located redaction marked by its category.
    static func highlightSource(_ markdown: String, _ redactions: [PublicVersion.Located]) -> String {
        var marks: [Int: [(column: Int, length: Int, category: String)]] = [:]
        for r in redactions {
            guard let line = r.line, let column = r.column, r.length > 0 else { continue }
            marks[line, default: []].append((column, r.length, r.category.rawValue))
        }
        return markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            let chars = Array(line)
            var out = ""
            var at = 0
            for mark in (marks[index + 1] ?? []).sorted(by: { $0.column < $1.column }) {
                let start = mark.column - 1
                let end = min(chars.count, start + mark.length)
                guard start >= at, start < end else { continue }
                out += HTMLRenderer.escape(String(chars[at..<start]))
                out +=
                    "<mark class=\"r-\(mark.category)\" title=\"\(mark.category)\">"
                    + HTMLRenderer.escape(String(chars[start..<end])) + "</mark>"
                at = end
            }
            return out + HTMLRenderer.escape(String(chars[at...]))
        }.joined(separator: "\n")
    }

    /// The public Markdown, escaped, with the words redactions put in marked by category.
    static func highlightPublic(_ markdown: String, _ redactions: [PublicVersion.Located]) -> String {
        var categories: [String: String] = [:]
        for r in redactions where !r.replacement.isEmpty { categories[r.replacement] = r.category.rawValue }
        let words = categories.keys.sorted { $0.count > $1.count }
        var out = ""
        var rest = Substring(markdown)
        while !rest.isEmpty {
            let next = words.compactMap { word in rest.range(of: word).map { ($0, word) } }
                .min {
                    $0.0.lowerBound != $1.0.lowerBound ? $0.0.lowerBound < $1.0.lowerBound : $0.1.count > $1.1.count
                }
            guard let (range, word) = next else {
                out += HTMLRenderer.escape(String(rest))
                break
            }
            out += HTMLRenderer.escape(String(rest[..<range.lowerBound]))
            out += "<mark class=\"r-\(categories[word]!)\">" + HTMLRenderer.escape(word) + "</mark>"
            rest = rest[range.upperBound...]
        }
        return out
    }
}

/// The public site at `/public/`, read without signing in: the index, one page per published
/// post-mortem, an Atom feed and a JSON list. Only published versions are reachable here, and
/// they carry no link to an internal page.
struct PublicController {
    let publishing: Publishing

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("", use: index)
        group.get("feed.atom", use: feed)
        group.get("index.json", use: json)
        group.get(":publicID", use: page)
    }

    static func response(_ body: String, type: String) -> Response {
        var response = Response(
            status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
        // Standalone pages with their own inline style; anyone may keep them for a minute.
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        response.headers[.cacheControl] = "public, max-age=60"
        return response
    }

    @Sendable func index(_ request: Request, context: AppContext) async throws -> Response {
        Self.response(
            PublicSite.index(try await publishing.entries(), links: .server), type: "text/html; charset=utf-8")
    }

    @Sendable func feed(_ request: Request, context: AppContext) async throws -> Response {
        Self.response(
            PublicSite.atom(try await publishing.entries(), links: .server), type: "application/atom+xml; charset=utf-8"
        )
    }

    @Sendable func json(_ request: Request, context: AppContext) async throws -> Response {
        var response = Self.response(
            try PublicSite.json(try await publishing.entries(), links: .server), type: "application/json")
        // A status page on another origin embeds the list.
        response.headers[HTTPField.Name("Access-Control-Allow-Origin")!] = "*"
        return response
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let publicID = try context.parameters.require("publicID")
        guard let published = try await publishing.store.published(publicID: publicID),
            let entry = PublicSite.entry(
                publicID: publicID, markdown: published.markdown, publishedAt: published.publishedAt,
                version: published.version)
        else { throw HTTPError(.notFound, message: "nothing is published as '\(publicID)'") }
        return Self.response(PublicSite.page(entry, links: .server), type: "text/html; charset=utf-8")
    }
}
