/// Why a piece of text was left out of a public version.
public enum RedactionCategory: String, Sendable, Codable, CaseIterable {
    /// Credentials: everything the `secrets/*` rules find, and random-looking tokens in code.
    case secret
    /// E-mail addresses, phone numbers, public IP addresses, card numbers, national ids.
    case personalData = "personal-data"
    /// The post-mortem's people and chat handles, replaced by their role.
    case person
    /// Internal hosts, URLs, private addresses and links to internal tools.
    case internalSystem = "internal-system"
    /// Customers the policy names.
    case customer
    /// Text the author fenced as internal, and sections headed "(internal)".
    case markedInternal = "marked-internal"
    /// Fields that never go public: cost, evidence, attachments not marked public, unknown
    /// front matter.
    case neverPublic = "never-public"
}

/// One redaction: where, why, what went and what came in its place.
public struct Redaction: Sendable, Codable, Equatable {
    public var category: RedactionCategory
    /// The field it was in: `summary`, `timeline[3].text`, `authors[0]`, `section "Notes"`.
    public var field: String
    /// What was removed. A secret is shown by its first four characters only, so the report
    /// does not become a second copy of it.
    public var original: String
    /// What the public version says instead ("" when the text was dropped).
    public var replacement: String
    /// What was recognised: "e-mail address", "GitHub token", "incident commander".
    public var what: String
    /// The text to look for in the source to find it (the whole original, also for secrets);
    /// not written to reports.
    public var needle: String

    public init(
        category: RedactionCategory, field: String, original: String, replacement: String, what: String,
        needle: String? = nil
    ) {
        self.category = category
        self.field = field
        self.original = original
        self.replacement = replacement
        self.what = what
        self.needle = needle ?? original
    }

    enum CodingKeys: String, CodingKey { case category, field, original, replacement, what }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            category: try c.decode(RedactionCategory.self, forKey: .category),
            field: try c.decode(String.self, forKey: .field), original: try c.decode(String.self, forKey: .original),
            replacement: try c.decode(String.self, forKey: .replacement), what: try c.decode(String.self, forKey: .what)
        )
    }
}

/// Makes the public version of a post-mortem: the same document with secrets, personal data,
/// people, internal systems, customers and what the author marked internal taken out, and a list
/// of every redaction. Pure: the caller reads and writes the files.
///
/// People become their role, the same words every time within one document ("the incident
/// commander", "on-call engineer A"), so the narrative still reads; data with no natural
/// wording becomes a bracketed label ("[e-mail address]", "[REDACTED]"). Times, severities,
/// services and the structure are kept, so the result is still a valid post-mortem.
public struct Redactor: Sendable {
    public var policy: RedactionPolicy

    public init(policy: RedactionPolicy = RedactionPolicy()) { self.policy = policy }

    public func redact(_ original: PostMortem) -> (postMortem: PostMortem, redactions: [Redaction]) {
        var work = Work(policy: policy, people: PeopleRoles(original), customers: customerLabels(in: original))
        var pm = original
        pm.title = work.text(pm.title, "title")
        pm.id = work.identifier(pm.id)
        pm.authors = work.people(pm.authors, "authors")
        pm.commander = pm.commander.map { work.person($0, "commander") }
        pm.reviewers = work.people(pm.reviewers, "reviewers")
        pm.summary = pm.summary.map { work.text($0, "summary") }
        let never = policy.neverPublic
        work.dropField(.cost, &pm.impact.cost) { $0 }
        work.dropField(.users, &pm.impact.users) { String($0) }
        work.dropField(.customers, &pm.impact.customers) { String($0) }
        work.dropField(.data, &pm.impact.data) { $0 }
        work.dropField(.sloBudget, &pm.impact.sloBudget) { $0 }
        work.dropField(.notified, &pm.impact.notified) { $0.iso8601 }
        pm.impact.data = pm.impact.data.map { work.text($0, "impact.data") }
        pm.impact.statedDuration = pm.impact.statedDuration.map { work.text($0, "impact.duration") }
        pm.impact.sloBudget = pm.impact.sloBudget.map { work.text($0, "impact.sloBudget") }
        pm.impact.cost = pm.impact.cost.map { work.text($0, "impact.cost") }
        pm.impact.notes = pm.impact.notes.map { work.text($0, "impact") }
        for i in pm.timeline.indices {
            pm.timeline[i].text = work.text(pm.timeline[i].text, "timeline[\(i)].text")
            pm.timeline[i].actor = pm.timeline[i].actor.map { work.person($0, "timeline[\(i)].actor") }
            if never.contains(.actors), let actor = pm.timeline[i].actor {
                work.drop(.neverPublic, "timeline[\(i)].actor", actor, what: "timeline.actor")
                pm.timeline[i].actor = nil
            }
            if never.contains(.evidence) {
                for reference in pm.timeline[i].evidence {
                    work.drop(.neverPublic, "timeline[\(i)].evidence", reference.description, what: "timeline.evidence")
                }
                pm.timeline[i].evidence = []
            } else {
                pm.timeline[i].evidence = pm.timeline[i].evidence.filter { reference in
                    // Evidence that stays is still redacted: an internal link or a chat message goes.
                    let text = reference.description
                    guard reference.url.map(work.isInternalLink) ?? (reference.message != nil) else { return true }
                    work.drop(.internalSystem, "timeline[\(i)].evidence", text, what: "internal evidence")
                    return false
                }
            }
        }
        pm.timelineNotes = pm.timelineNotes.map { work.text($0, "timeline") }
        pm.rootCause.trigger = pm.rootCause.trigger.map { work.text($0, "trigger") }
        pm.rootCause.text = pm.rootCause.text.map { work.text($0, "root-cause") }
        for i in pm.rootCause.whys.indices {
            pm.rootCause.whys[i].question = work.text(pm.rootCause.whys[i].question, "whys[\(i)].question")
            pm.rootCause.whys[i].answer = work.text(pm.rootCause.whys[i].answer, "whys[\(i)].answer")
        }
        pm.rootCause.whysNotes = pm.rootCause.whysNotes.map { work.text($0, "five-whys") }
        for i in pm.rootCause.factors.indices {
            pm.rootCause.factors[i].text = work.text(pm.rootCause.factors[i].text, "factors[\(i)]")
        }
        pm.rootCause.factorsNotes = pm.rootCause.factorsNotes.map { work.text($0, "contributing-factors") }
        pm.detection.notes = pm.detection.notes.map { work.text($0, "detection") }
        pm.response = pm.response.map { work.text($0, "response") }
        pm.lessons.wentWell = pm.lessons.wentWell.enumerated().map { work.text($1, "lessons.wentWell[\($0)]") }
        pm.lessons.wentPoorly = pm.lessons.wentPoorly.enumerated().map { work.text($1, "lessons.wentPoorly[\($0)]") }
        pm.lessons.gotLucky = pm.lessons.gotLucky.enumerated().map { work.text($1, "lessons.gotLucky[\($0)]") }
        pm.lessons.notes = pm.lessons.notes.map { work.text($0, "lessons") }
        for i in pm.actionItems.indices {
            pm.actionItems[i].title = work.text(pm.actionItems[i].title, "actionItems[\(i)].title")
            pm.actionItems[i].owner = pm.actionItems[i].owner.map { work.person($0, "actionItems[\(i)].owner") }
            if never.contains(.owners), let owner = pm.actionItems[i].owner {
                work.drop(.neverPublic, "actionItems[\(i)].owner", owner, what: "actionItems.owner")
                pm.actionItems[i].owner = nil
            }
            if let link = pm.actionItems[i].link, never.contains(.trackerLinks) || work.isInternalLink(link) {
                let category: RedactionCategory = never.contains(.trackerLinks) ? .neverPublic : .internalSystem
                work.drop(category, "actionItems[\(i)].link", link, what: "internal link")
                pm.actionItems[i].link = nil
            }
        }
        pm.actionNotes = pm.actionNotes.map { work.text($0, "action-items") }
        pm.attachments = pm.attachments.filter { attachment in
            if !never.contains(.attachments) || policy.publicAttachments.contains(attachment.path) { return true }
            work.drop(.neverPublic, "attachments", attachment.path, what: "attachment not marked public")
            return false
        }
        for i in pm.attachments.indices {
            pm.attachments[i].caption = work.text(pm.attachments[i].caption, "attachments[\(i)].caption")
        }
        if never.contains(.links) {
            for link in pm.links { work.drop(.neverPublic, "links", link.url, what: "links") }
            pm.links = []
        }
        if never.contains(.tags), !pm.tags.isEmpty {
            work.drop(.neverPublic, "tags", pm.tags.joined(separator: ", "), what: "tags")
            pm.tags = []
        }
        pm.links = pm.links.enumerated().compactMap { i, link in
            if work.isInternalLink(link.url) {
                work.drop(.internalSystem, "links[\(i)]", link.url, what: "internal link")
                return nil
            }
            var kept = link
            kept.title = work.text(link.title, "links[\(i)].title")
            kept.url = work.text(link.url, "links[\(i)].url")
            return kept
        }
        var attendees: [String] = []
        for (i, name) in pm.review.attendees.enumerated() {
            let role = work.person(name, "review.attendees[\(i)]")
            if !attendees.contains(role) { attendees.append(role) }
        }
        pm.review.attendees = attendees
        for i in pm.review.approvals.indices {
            pm.review.approvals[i].reviewer = work.person(pm.review.approvals[i].reviewer, "review.approvals[\(i)]")
        }
        if never.contains(.review), !pm.review.isEmpty {
            work.drop(.neverPublic, "review", "review meeting, attendees and approvals", what: "review")
            pm.review = Review()
        }
        pm.extraSections = pm.extraSections.filter { section in
            guard Self.isMarkedInternal(heading: section.heading) else { return true }
            work.drop(.markedInternal, "section \"\(section.heading)\"", section.heading, what: "internal section")
            return false
        }
        for i in pm.extraSections.indices {
            let field = "section \"\(pm.extraSections[i].heading)\""
            pm.extraSections[i].heading = work.text(pm.extraSections[i].heading, field)
            pm.extraSections[i].body = work.text(pm.extraSections[i].body, field)
        }
        if never.contains(.unknownFrontMatter), let extra = pm.extraMetadata,
            !extra.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            work.drop(.neverPublic, "front matter", extra, what: "front-matter keys Debrief does not know")
            pm.extraMetadata = nil
        }
        return (pm, work.redactions)
    }

    /// A heading that says its section is internal: "Internal notes", "Customer list (internal)".
    public static func isMarkedInternal(heading: String) -> Bool {
        let lower = heading.lowercased()
        return lower.contains("(internal)") || lower.contains("[internal]") || lower.hasPrefix("internal ")
            || lower == "internal"
    }

    /// "a customer" when one of the policy's customers is named, else "customer A", "customer B"
    /// in the order they first appear.
    func customerLabels(in pm: PostMortem) -> [String: String] {
        let text =
            [pm.title, pm.summary ?? "", pm.impact.notes ?? "", pm.rootCause.text ?? ""].joined(separator: "\n")
            + pm.timeline.map(\.text).joined(separator: "\n")
            + pm.extraSections.map(\.body).joined(separator: "\n") + (pm.response ?? "")
            + (pm.lessons.notes ?? "") + pm.actionItems.map(\.title).joined(separator: "\n")
        let lower = Array(text.lowercased())
        let named = policy.customers.filter { !$0.isEmpty }.compactMap { customer -> (Int, String)? in
            TextMatch.wordOccurrences(of: Array(customer.lowercased()), in: lower).first.map { ($0, customer) }
        }
        .sorted { $0.0 < $1.0 }.map(\.1)
        var labels: [String: String] = [:]
        for customer in policy.customers {
            labels[customer.lowercased()] = named.count <= 1 ? "a customer" : "customer \(Self.letter(0))"
        }
        for (i, customer) in named.enumerated() where named.count > 1 {
            labels[customer.lowercased()] = "customer \(Self.letter(i))"
        }
        return labels
    }

    static func letter(_ i: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return i < letters.count ? String(letters[i]) : "\(i + 1)"
    }
}

/// The role each of the post-mortem's people is named by in the public version.
struct PeopleRoles: Sendable {
    /// Lower-cased identifier → role (no article): "incident commander", "on-call engineer A".
    var roles: [String: String] = [:]
    /// Ways the text may name each person: (words, case-sensitive, identifier), longest first.
    var variants: [(words: [Character], caseSensitive: Bool, id: String)] = []
    /// Roles that are one person ("the author"); the others take a letter and no article.
    var single: Set<String> = []

    init(_ pm: PostMortem) {
        func clean(_ names: [String]) -> [String] {
            var seen = Set<String>()
            return names.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty && seen.insert($0.lowercased()).inserted
            }
        }
        let commander = clean(pm.commander.map { [$0] } ?? [])
        let groups: [(String, [String])] = [
            ("incident commander", commander),
            ("on-call engineer", clean(pm.timeline.compactMap(\.actor))),
            ("author", clean(pm.authors)),
            ("action owner", clean(pm.actionItems.compactMap(\.owner))),
            ("reviewer", clean(pm.reviewers + pm.review.attendees + pm.review.approvals.map(\.reviewer))),
        ]
        for (role, names) in groups {
            let fresh = names.filter { roles[$0.lowercased()] == nil }
            for (i, name) in fresh.enumerated() {
                let label = fresh.count == 1 ? role : "\(role) \(Redactor.letter(i))"
                if fresh.count == 1 { single.insert(label) }
                roles[name.lowercased()] = label
            }
        }
        var found: [(words: [Character], caseSensitive: Bool, id: String)] = []
        for id in roles.keys {
            found.append((Array(id), false, id))
            // first.last, first_last, first-last: "Priya Nair", and "Priya" alone.
            let parts = id.split(whereSeparator: { ".-_ ".contains($0) }).map(String.init)
            guard parts.count >= 1, parts.count <= 3, parts.allSatisfy({ $0.allSatisfy(\.isLetter) }) else { continue }
            let titled = parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }
            if parts.count > 1 { found.append((Array(titled.joined(separator: " ")), false, id)) }
            if let first = titled.first, first.count >= 3 || (first.count == 2 && parts.count > 1),
                !Self.commonWords.contains(first.lowercased())
            {
                found.append((Array(first), true, id))
            }
        }
        variants = found.sorted { $0.words.count > $1.words.count }
    }

    /// Capitalised first names that are also ordinary words at the start of a sentence.
    static let commonWords: Set<String> = [
        "will", "may", "mark", "bill", "grant", "rich", "frank", "art", "sue", "max", "pat", "rob", "jack", "chase",
        "hope", "joy", "faith", "summer", "april", "june", "dawn", "sky", "ray", "rose", "lily", "iris", "don",
        "guy", "chuck", "case", "miles", "hunter", "carter", "mason", "cash", "drew", "gene", "jean", "page", "reed",
        "wade", "dean", "chance", "cliff", "glen", "penny", "ruby", "amber", "crystal", "destiny", "harmony",
        "security", "platform", "team", "ops", "sre", "oncall", "support", "infra", "data", "board", "review",
        "release", "admin", "root", "system", "service", "bot", "deploy", "eng", "engineering", "dev", "devops",
        // two-letter words, for two-letter first names (Li, Al, Jo)
        "am", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no", "of", "ok",
        "on", "or", "so", "to", "up", "us", "we",
    ]

    /// The role for an identifier; nil when it is not one of the post-mortem's people.
    func role(of name: String) -> String? { roles[name.trimmingCharacters(in: .whitespaces).lowercased()] }

    /// The role as prose says it: "the author" for a role of one, "on-call engineer A" otherwise.
    func prose(_ role: String) -> String { single.contains(role) ? "the " + role : role }
}

/// Word-boundary matching on character arrays.
enum TextMatch {
    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// Start offsets of `needle` in `haystack` with no word character either side.
    static func wordOccurrences(of needle: [Character], in haystack: [Character]) -> [Int] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var found: [Int] = []
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], Array(haystack[i..<i + needle.count]) == needle,
                i == 0 || !isWordChar(haystack[i - 1]),
                i + needle.count == haystack.count || !isWordChar(haystack[i + needle.count])
            {
                found.append(i)
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }
}
