import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Hummingbird

/// Writing post-mortems: the structured editor (new and edit), preview, and upload or paste
/// of a Markdown file. Every save carries the version it started from; a stale one gets 409
/// and a page with both versions, so nothing typed is lost.
struct EditorController {
    let services: Services

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("new", use: newForm)
        group.post(use: create)
        group.get("upload", use: uploadForm)
        group.post("upload", use: upload)
        group.get(":id/edit", use: editForm)
        group.post(":id", use: save)
    }

    func requireAuthor(_ context: AppContext) throws -> Member {
        try Editing.requireWriter(try context.requireMember())
    }

    func render(
        _ outcome: EditorForm.Outcome, base: Int?, preview: Bool, context: AppContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let pm = outcome.postMortem
        var page = EditorForm.page(outcome)
        page.isNew = base == nil
        page.base = base ?? 0
        page.action = base == nil ? "/incidents" : Present.url(pm.id)
        page.problems = outcome.problems
        page.hasProblems = !outcome.problems.isEmpty
        if preview {
            let today = todayUTC()
            let findings =
                (try? PostMortemParser.parse(MarkdownRenderer.render(pm), path: "preview.md")).map {
                    services.editing.lint($0, today: today)
                } ?? []
            page.preview = Present.postMortem(pm, today: today, findings: findings)
        }
        let title = base == nil ? "New post-mortem" : "Edit: \(pm.title)"
        return .html(services.views.page("editor", title: title, model: page, context: context), status: status)
    }

    @Sendable func newForm(_ request: Request, context: AppContext) async throws -> Response {
        let member = try requireAuthor(context)
        let pm = PostMortem(status: .draft, authors: [member.name])
        return render(EditorForm.Outcome(postMortem: pm), base: nil, preview: false, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let member = try requireAuthor(context)
        let form = context.form ?? Form()
        var outcome = EditorForm.apply(form, to: PostMortem(status: .draft))
        outcome.postMortem.id = Slug.make(
            (outcome.postMortem.started?.localDate.description ?? todayUTC().description) + "-"
                + outcome.postMortem.title)
        if outcome.postMortem.authors.isEmpty { outcome.postMortem.authors = [member.name] }
        if let problem = Editing.visibilityProblem(outcome.postMortem, member) {
            outcome.problem("restricted", problem)
        }
        if form["do"] == "preview" || !outcome.errors.isEmpty {
            return render(
                outcome, base: nil, preview: true, context: context,
                status: outcome.errors.isEmpty ? .ok : .unprocessableContent)
        }
        do {
            let saved = try await services.editing.create(
                outcome.postMortem, by: member, note: "created in the editor", freeID: true)
            return .redirect(to: Present.url(saved.id))
        } catch StoreError.tooLarge(let violation) {
            outcome.problem(EditorForm.formField(violation.field), EditorForm.problem(violation))
            return render(outcome, base: nil, preview: false, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func editForm(_ request: Request, context: AppContext) async throws -> Response {
        let member = try requireAuthor(context)
        let stored = try await services.editing.loadForEditing(try context.parameters.require("id"), member)
        return render(
            EditorForm.Outcome(postMortem: stored.postMortem), base: stored.version, preview: false, context: context)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let member = try requireAuthor(context)
        let id = try context.parameters.require("id")
        let form = context.form ?? Form()
        guard let base = form["base"].flatMap(Int.init) else {
            throw HTTPError(.badRequest, message: "the form lacks the version it was opened at")
        }
        let stored = try await services.editing.loadForEditing(id, member)
        // Start from the version the editor opened, so a stale edit is compared like for like.
        let original = try await services.store.version(id: id, number: base, for: member).flatMap {
            try? PostMortemParser.parse($0.markdown, path: "\(id).md").postMortem
        }
        var outcome = EditorForm.apply(form, to: original ?? stored.postMortem)
        outcome.postMortem.id = id
        outcome.postMortem.status = stored.postMortem.status
        outcome.postMortem.review = stored.postMortem.review
        if let problem = Editing.visibilityProblem(outcome.postMortem, member) {
            outcome.problem("restricted", problem)
        }
        if form["do"] == "preview" || !outcome.errors.isEmpty {
            return render(
                outcome, base: base, preview: true, context: context,
                status: outcome.errors.isEmpty ? .ok : .unprocessableContent)
        }
        return try await store(
            outcome, base: base, original: original, current: stored, member: member,
            note: form["note"] ?? "edited in the editor", context: context)
    }

    /// Saves on top of `base`, over `current` (read from the store when not given). When
    /// someone saved since, the two edits are merged field by field against `original` (version
    /// `base`, read from the store when not given): with no field changed by both, the merge is
    /// saved; otherwise the clashes are shown side by side.
    func store(
        _ outcome: EditorForm.Outcome, base: Int, original: PostMortem?, current: StoredPostMortem? = nil,
        member: Member, note: String, context: AppContext
    ) async throws -> Response {
        var pm = outcome.postMortem
        var base = base
        var ancestor = original
        var over = current
        var note = note
        for _ in 0..<3 {
            do {
                let saved =
                    if let over {
                        try await services.editing.update(pm, over: over, baseVersion: base, by: member, note: note)
                    } else {
                        try await services.editing.update(pm, id: pm.id, baseVersion: base, by: member, note: note)
                    }
                return .redirect(to: Present.url(saved.id))
            } catch StoreError.tooLarge(let violation) {
                var shown = outcome
                shown.postMortem = pm
                shown.problem(EditorForm.formField(violation.field), EditorForm.problem(violation))
                return render(shown, base: base, preview: false, context: context, status: .unprocessableContent)
            } catch StoreError.staleEdit(_, let current) {
                if ancestor == nil, let stored = try await services.store.version(id: pm.id, number: base, for: member)
                {
                    ancestor = try? PostMortemParser.parse(stored.markdown, path: "\(pm.id).md").postMortem
                }
                guard let common = ancestor else {
                    return conflict(pm, merge: nil, base: base, current: current, context: context)
                }
                let merge = FieldMerge.merge(base: common, mine: pm, theirs: current.postMortem)
                guard merge.clashes.isEmpty else {
                    return conflict(pm, merge: merge, base: base, current: current, context: context)
                }
                // Nothing both changed: keep both, on top of what was saved first.
                pm = merge.mine
                base = current.version
                ancestor = current.postMortem
                over = current
                note += " (merged with v\(current.version) by \(current.updatedBy))"
            }
        }
        throw HTTPError(.conflict, message: "the post-mortem keeps changing; open it again and redo your edit")
    }

    /// The conflict page: the clashes side by side, the merge with either side kept.
    func conflict(
        _ pm: PostMortem, merge: FieldMerge.Result?, base: Int, current: StoredPostMortem, context: AppContext
    ) -> Response {
        let mine = MarkdownRenderer.render(merge?.mine ?? pm)
        let clashes =
            merge?.clashes ?? [
                FieldMerge.Clash(field: "whole post-mortem", base: "", theirs: current.markdown, mine: mine)
            ]
        let merged = (merge?.merged ?? []).joined(separator: ", ")
        let page = ConflictPage(
            title: current.postMortem.title, url: Present.url(current.id), base: base, current: current.version,
            currentBy: current.updatedBy, mineMarkdown: mine,
            theirsMarkdown: MarkdownRenderer.render(merge?.theirs ?? current.postMortem),
            clashes: clashes.map { .init(field: $0.field, base: $0.base, theirs: $0.theirs, mine: $0.mine) },
            oneClash: clashes.count == 1, merged: merged, hasMerged: !merged.isEmpty,
            lines: Present.diffLines(LineDiff.diff(current.markdown, mine)))
        return .html(
            services.views.page("conflict", title: "Someone saved first", model: page, context: context),
            status: .conflict)
    }

    @Sendable func uploadForm(_ request: Request, context: AppContext) async throws -> Response {
        _ = try requireAuthor(context)
        return .html(services.views.page("upload", title: "Upload a post-mortem", model: EmptyPage(), context: context))
    }

    /// A Markdown post-mortem pasted or uploaded: a new one is created as a draft; an existing
    /// id needs the version it was based on (the conflict page supplies it).
    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let member = try requireAuthor(context)
        let form = context.form ?? Form()
        let text: String
        let name: String
        // A file's name gives the id when the front matter has none, as with `debrief import`;
        // pasted text has no name, so the parser takes the id from the date and title.
        var path = "<input>"
        if let file = form.files["file"], !file.data.isEmpty {
            guard let decoded = String(data: file.data, encoding: .utf8) else {
                throw HTTPError(.badRequest, message: "\(file.filename): not UTF-8 text; upload a Markdown file")
            }
            text = decoded
            name = file.filename
            path = file.filename
        } else if let pasted = form["markdown"] {
            text = pasted
            name = "pasted text"
        } else {
            throw HTTPError(.badRequest, message: "choose a file or paste Markdown")
        }
        let document: SourceDocument
        do {
            document = try PostMortemParser.parse(text, path: path)
        } catch var error as ParseError {
            error.file = name
            throw HTTPError(.badRequest, message: error.description)
        }
        var pm = Importer.normalize(document.postMortem)
        guard PostMortemID.isValid(pm.id) else {
            throw HTTPError(.badRequest, message: "\(name): '\(pm.id)' is not a usable id")
        }
        if pm.authors.isEmpty { pm.authors = [member.name] }
        if let existing = try await services.store.exportOne(id: pm.id) {
            // Without the version it was based on, an upload cannot replace anything: every
            // taken id gets this one answer, so it tells a restricted post-mortem from no other.
            guard form["base"] != nil, Access.canEdit(existing.postMortem, member) else {
                throw HTTPError(
                    .conflict,
                    message:
                        "the id '\(pm.id)' is taken; change the id in the front matter, or give the version your file is based on"
                )
            }
            let base = form["base"].flatMap(Int.init) ?? 0
            return try await store(
                EditorForm.Outcome(postMortem: pm), base: base, original: nil, member: member,
                note: "uploaded \(name)", context: context)
        }
        let saved = try await services.editing.create(pm, by: member, note: "uploaded \(name)")
        return .redirect(to: Present.url(saved.id))
    }
}
