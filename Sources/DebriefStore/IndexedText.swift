import DebriefCore
import DebriefFormat
import Foundation

/// What of a post-mortem goes into the full-text index and the list columns.
struct IndexedText {
    var title: String
    var summary: String
    var timeline: String
    var rootCause: String
    var factors: String
    var actions: String

    init(_ pm: PostMortem) {
        title = pm.title
        summary = [pm.summary, pm.impact.notes, pm.impact.data].compactMap { $0 }.joined(separator: "\n")
        timeline = (pm.timeline.map(\.text) + [pm.timelineNotes].compactMap { $0 }).joined(separator: "\n")
        rootCause =
            ([pm.rootCause.trigger, pm.rootCause.text].compactMap { $0 }
            + pm.rootCause.whys.flatMap { [$0.question, $0.answer] }).joined(separator: "\n")
        factors = pm.rootCause.factors.map(\.text).joined(separator: "\n")
        actions = pm.actionItems.map(\.title).joined(separator: "\n")
    }
}

/// Turns what a person typed into an FTS5 query that cannot be a syntax error: every word is
/// quoted, so `AND`, `NEAR(`, `*` and quotes are just text. Words are AND-ed; a phrase in
/// double quotes stays a phrase.
enum SearchQuery {
    static func fts(_ input: String, joiner: String = " ") -> String? {
        let terms = terms(input)
        return terms.isEmpty ? nil : terms.map { "\"\($0)\"" }.joined(separator: joiner)
    }
}

/// Post-mortem ids appear in URLs and file names: letters, digits, dot, dash and underscore,
/// starting with a letter or digit, so no id can be a path like `../x`.
public enum PostMortemID {
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, id.count <= 200 else { return false }
        func allowed(_ s: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "-" || s == "_"
                || s == "."
        }
        return allowed(first) && first != "." && first != "-" && id.unicodeScalars.allSatisfy(allowed)
            && !id.contains("..")
    }
}

/// What every store checks and writes: a version's text, ids, and any text kept.
enum StoredText {
    /// The canonical Markdown of `pm`, or `StoreError.tooLarge` naming the first field (or the
    /// whole) over `SizeLimits`: what is stored can always be read back and shown.
    static func render(_ pm: PostMortem) throws -> String {
        if let violation = SizeLimits.standard.violations(of: pm).first { throw StoreError.tooLarge(violation) }
        let markdown = MarkdownRenderer.render(pm)
        if let violation = SizeLimits.standard.documentViolation(bytes: markdown.utf8.count) {
            throw StoreError.tooLarge(violation)
        }
        return markdown
    }

    /// Refuses text holding a NUL character: SQLite's text reading stops at one (what followed
    /// would be lost) and PostgreSQL cannot store one, so no store takes it.
    static func refuseNUL(_ texts: String..., field: String) throws {
        for text in texts where text.utf8.contains(0) {
            throw StoreError.invalid("the \(field) holds a NUL character, which cannot be stored")
        }
    }

    /// A new attachment's description (a fresh id, its size and SHA-256), its name and type
    /// checked as `refuseNUL` does.
    static func describe(_ attachment: NewAttachment) throws -> AttachmentInfo {
        try refuseNUL(
            attachment.filename, attachment.contentType, attachment.uploadedBy, field: "attachment's name or type")
        return AttachmentInfo(
            id: Secrets.token(bytes: 12), postMortem: attachment.postMortem, filename: attachment.filename,
            contentType: attachment.contentType, size: attachment.data.count, sha256: Secrets.sha256(attachment.data),
            uploadedBy: attachment.uploadedBy, createdAt: Date())
    }

    /// A new post-mortem's id, checked: it appears in URLs and file names.
    static func checkID(_ id: String) throws {
        guard PostMortemID.isValid(id) else {
            throw StoreError.invalid("'\(id)' is not a usable id: use letters, digits, '-', '_' and '.'")
        }
    }
}

extension SearchQuery {
    /// What a person typed as search terms: each word, and each phrase in double quotes as
    /// one term of several words (at most 32 terms).
    static func terms(_ input: String) -> [String] {
        var terms: [String] = []
        var inPhrase = false
        var phrase: [String] = []
        var word = ""
        func endWord() {
            guard !word.isEmpty else { return }
            if inPhrase { phrase.append(word) } else { terms.append(word) }
            word = ""
        }
        for character in input {
            if character == "\"" {
                endWord()
                if inPhrase, !phrase.isEmpty { terms.append(phrase.joined(separator: " ")) }
                phrase = []
                inPhrase.toggle()
            } else if character.isLetter || character.isNumber {
                word.append(character)
            } else {
                endWord()
            }
        }
        endWord()
        if !phrase.isEmpty { terms.append(phrase.joined(separator: " ")) }
        return Array(terms.prefix(32))
    }
}

/// Public versions are held to what every store keeps: the same checks on both backends.
extension StoredText {
    /// `before` with `change` made, as every store keeps it: the versions are the store's (their
    /// number and authors stay as saved), the words and public id are kept as any text is, and
    /// the public id is also a file name of `debrief publish`, so it must be a usable id.
    static func changed(_ before: PublicState, _ change: (inout PublicState) throws -> Void) throws -> PublicState {
        var state = before
        try change(&state)
        state.version = before.version
        state.updatedAt = before.updatedAt
        state.updatedBy = before.updatedBy
        try refusePublic(state.keep.joined() + state.redact.joined(), state.publishedID ?? "")
        if let id = state.publishedID { try checkID(id) }
        return state
    }

    /// The published versions' columns, joined from the state to the version it names.
    static let publishedSelect = """
        SELECT s.published_id, s.published_version, s.published_at, v.markdown FROM public_state s
        JOIN public_versions v ON v.key = s.key AND v.version = s.published_version
        """

    /// A public text is held to the limits of a post-mortem's: no NUL, no more than a document.
    static func refusePublic(_ markdown: String, _ texts: String...) throws {
        try refuseNUL(markdown, field: "public version")
        for text in texts { try refuseNUL(text, field: "public version") }
        if let violation = SizeLimits.standard.documentViolation(bytes: markdown.utf8.count) {
            throw StoreError.tooLarge(violation)
        }
    }
}
