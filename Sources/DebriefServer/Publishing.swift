import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Hummingbird

/// Every change to public versions goes through here, as `Editing` does for post-mortems: the
/// rules come from `Publication` in DebriefCore, the redaction from `PublicVersion`, and every
/// change is audited.
struct Publishing: Sendable {
    let store: any Store
    let policy: Policy
    let editing: Editing

    /// The post-mortem as `member` may see it, and its public state (empty when none yet).
    func load(_ id: String, _ member: Member) async throws -> (stored: StoredPostMortem, state: PublicState) {
        let stored = try await editing.load(id, member)
        return (stored, try await store.publicState(postMortem: id) ?? PublicState())
    }

    /// The redaction of the current internal version under the team's policy and this
    /// post-mortem's own keep and redact words.
    func redaction(_ stored: StoredPostMortem, _ state: PublicState) throws -> PublicVersion {
        let document = try PostMortemParser.parse(stored.markdown, path: "\(stored.postMortem.id).md")
        return try PublicVersion(document, policy: policy.redaction.with(keep: state.keep, redact: state.redact))
    }

    /// Makes the public text again from the current internal version: a new public version.
    @discardableResult
    func generate(_ id: String, by member: Member) async throws -> PublicState {
        let (stored, state) = try await load(id, member)
        if let refusal = Publication.editRefusal(stored.postMortem, state, by: member) { throw refusal }
        let version = try redaction(stored, state)
        let saved = try await store.savePublic(
            postMortem: id, markdown: version.markdown, baseVersion: state.version, by: member.name,
            note: "redacted from version \(stored.version): \(version.redactions.count) redactions")
        try await audit(member, "public-generate", id, detail: "public version \(saved.version)")
        return saved
    }

    /// Saves a public text an author edited by hand, on top of `baseVersion`.
    func save(_ id: String, markdown: String, baseVersion: Int, by member: Member) async throws -> PublicState {
        let (stored, state) = try await load(id, member)
        if let refusal = Publication.editRefusal(stored.postMortem, state, by: member) { throw refusal }
        do {
            let document = try PostMortemParser.parse(markdown, path: "public version")
            // Held to the limits of any post-mortem, so that it can always be shown.
            if let violation = SizeLimits.standard.violations(of: document.postMortem).first {
                throw HTTPError(.unprocessableContent, message: violation.description)
            }
        } catch let error as ParseError {
            throw HTTPError(.unprocessableContent, message: error.description)
        }
        let saved = try await store.savePublic(
            postMortem: id, markdown: markdown, baseVersion: baseVersion, by: member.name, note: "edited by hand")
        try await audit(member, "public-edit", id, detail: "public version \(saved.version)")
        return saved
    }

    /// Puts a word the redactor took back (a false positive), or adds one to redact, then makes
    /// the public text again.
    func mark(_ id: String, word: String, keep: Bool, by member: Member) async throws -> PublicState {
        let word = word.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !word.isEmpty, word.count <= 200, !word.contains("\n") else {
            throw HTTPError(.badRequest, message: "give one word or phrase of at most 200 characters")
        }
        let (stored, state) = try await load(id, member)
        if let refusal = Publication.editRefusal(stored.postMortem, state, by: member) { throw refusal }
        _ = try await store.updatePublic(postMortem: id) { state in
            if keep {
                state.redact.removeAll { $0.lowercased() == word.lowercased() }
                if !state.keep.contains(word) { state.keep.append(word) }
            } else {
                state.keep.removeAll { $0.lowercased() == word.lowercased() }
                if !state.redact.contains(word) { state.redact.append(word) }
            }
        }
        try await audit(member, keep ? "public-keep" : "public-redact", id, detail: word)
        return try await generate(id, by: member)
    }

    /// A reviewer approves the latest public version.
    func approve(_ id: String, version: Int, by member: Member) async throws -> PublicState {
        _ = try await editing.load(id, member)
        let name = member.name
        let state = try await store.updatePublic(postMortem: id) { state in
            if let refusal = Publication.approveRefusal(state, by: member) { throw refusal }
            // Approving what the reviewer saw, not a version saved since.
            guard state.version == version else {
                throw WorkflowError("version \(state.version) was saved since you looked at version \(version)")
            }
            state.approvedVersion = state.version
            state.approvedBy = name
        }
        try await audit(member, "public-approve", id, detail: "public version \(state.version)")
        return state
    }

    /// Publishes the approved latest public version under its public id, if the redaction
    /// check finds nothing.
    func publish(_ id: String, by member: Member) async throws -> PublicState {
        let (stored, state) = try await load(id, member)
        guard let text = try await store.publicVersion(postMortem: id, number: state.version) else {
            throw WorkflowError("there is no public version to publish yet")
        }
        let document = try PostMortemParser.parse(text.markdown, path: "public version")
        let findings = PublicVersion.remaining(in: document)
        if let refusal = Publication.publishRefusal(stored.postMortem, state, findings: findings.count, by: member) {
            throw refusal
        }
        let version = state.version
        let publicID = document.postMortem.id
        let saved = try await store.updatePublic(postMortem: id) { state in
            guard state.version == version, state.isApproved else {
                throw WorkflowError("the public version changed while publishing; look again")
            }
            state.publishedVersion = version
            state.publishedID = publicID
            state.publishedAt = Date()
        }
        try await audit(member, "public-publish", id, detail: "public version \(version) as \(publicID)")
        return saved
    }

    /// Takes a published version off `/public/`.
    func unpublish(_ id: String, by member: Member) async throws -> PublicState {
        _ = try await editing.load(id, member)
        guard member.role >= .reviewer else {
            throw WorkflowError("only reviewers and admins unpublish", forbidden: true)
        }
        let state = try await store.updatePublic(postMortem: id) { state in
            state.publishedVersion = nil
            state.publishedID = nil
            state.publishedAt = nil
        }
        try await audit(member, "public-unpublish", id)
        return state
    }

    /// An admin lets a restricted post-mortem have a public version, or takes that back (which
    /// also unpublishes it).
    func allow(_ id: String, _ allowed: Bool, by member: Member) async throws -> PublicState {
        _ = try await editing.load(id, member)
        guard Access.canAdminister(member) else {
            throw WorkflowError(
                "only an admin decides whether a restricted post-mortem gets a public version", forbidden: true)
        }
        let state = try await store.updatePublic(postMortem: id) { state in
            state.allowRestricted = allowed
            if !allowed {
                state.publishedVersion = nil
                state.publishedID = nil
                state.publishedAt = nil
            }
        }
        try await audit(member, allowed ? "public-allow" : "public-disallow", id)
        return state
    }

    /// What is published, as the public site shows it; a version that no longer parses is
    /// left out rather than shown broken.
    func entries() async throws -> [PublicSite.Entry] {
        try await store.published().compactMap {
            PublicSite.entry(
                publicID: $0.publicID, markdown: $0.markdown, publishedAt: $0.publishedAt, version: $0.version)
        }
    }

    private func audit(_ member: Member, _ action: String, _ target: String, detail: String = "") async throws {
        try await store.audit(
            AuditEvent(at: Date(), actor: member.name, action: action, target: target, detail: detail))
    }
}
