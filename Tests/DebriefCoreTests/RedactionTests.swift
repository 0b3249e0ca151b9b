import DebriefCore
import Testing

/// The detectors and the redactor on single sentences: what they take and what they leave.
@Suite("Redaction detectors and roles")
struct RedactionTests {
    func found(_ detector: @escaping ([Character]) -> [Range<Int>], _ text: String) -> [String] {
        let chars = Array(text)
        return detector(chars).map { String(chars[$0]) }
    }

    @Test("phone numbers in their unambiguous shapes, and not times, versions or ids")
    func phones() {
        #expect(found(PersonalData.phoneNumbers, "call +44 20 7946 0958 now") == ["+44 20 7946 0958"])
        #expect(found(PersonalData.phoneNumbers, "or (415) 555-0134.") == ["(415) 555-0134"])
        #expect(found(PersonalData.phoneNumbers, "or 415-555-0134,") == ["415-555-0134"])
        #expect(found(PersonalData.phoneNumbers, "at 14:02, v2.31.4, ticket 1234-5678, pid 4415550134").isEmpty)
    }

    @Test("national ids: SSNs in issued ranges, NINOs, IBANs with a valid checksum")
    func nationalIDs() {
        let chars = Array(
            "SSN 123-45-6789, not 000-12-3456; NINO JG 10 37 29 A; IBAN GB82 WEST 1234 5698 7654 32; bad GB83 WEST 1234 5698 7654 32"
        )
        let kinds = PersonalData.nationalIDs(chars).map { (String(chars[$0.range]), $0.kind) }
        #expect(kinds.map(\.0) == ["123-45-6789", "JG 10 37 29 A", "GB82 WEST 1234 5698 7654 32"])
    }

    @Test("random-looking tokens, but not words, hashes of one case or ordinary identifiers")
    func entropy() {
        #expect(
            found(SecretRules.highEntropyTokens, "key Zq8xT2vLm9Rk4WpY7sNb3HcJ here") == ["Zq8xT2vLm9Rk4WpY7sNb3HcJ"])
        #expect(found(SecretRules.highEntropyTokens, "TOKEN=Zq8xT2vLm9Rk4WpY7sNb3HcJ") == ["Zq8xT2vLm9Rk4WpY7sNb3HcJ"])
        #expect(found(SecretRules.highEntropyTokens, "commit 3be9a2c41f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c").isEmpty)
        #expect(found(SecretRules.highEntropyTokens, "CheckoutConnectionPoolExhausted happened").isEmpty)
    }

    @Test("internal hosts: the policy's domains, internal suffixes, tool hosts; kept ones stay")
    func hosts() {
        let policy = RedactionPolicy(internalDomains: ["corp.example.net"], keep: ["status.example.com"])
        #expect(policy.isInternal(host: "db-7.corp.example.net"))
        #expect(policy.isInternal(host: "cache.internal"))
        #expect(policy.isInternal(host: "acme.slack.com"))
        #expect(policy.isInternal(host: "grafana.acme.io"))
        #expect(policy.isInternal(host: "grafana"))
        #expect(!policy.isInternal(host: "status.example.com"))
        #expect(!policy.isInternal(host: "github.com"))
        #expect(!policy.isInternal(host: "www.postgresql.org"))
    }

    @Test("people become roles, the same words each time; lettered when a role has several")
    func roles() {
        var pm = PostMortem(id: "x", title: "Globex outage", authors: ["ana.silva"], commander: "omar.haddad")
        pm.timeline = [
            TimelineEntry(time: nil, kind: .action, text: "Omar paged @kim.", actor: "omar.haddad"),
            TimelineEntry(time: nil, kind: .action, text: "Kim Lee restarted the pods.", actor: "kim.lee"),
            TimelineEntry(time: nil, kind: .action, text: "Jon Park drained the node.", actor: "jon.park"),
        ]
        pm.summary = "Omar Haddad led; Ana Silva wrote this. Will it recur? ana.silva@example.com knows."
        let (out, redactions) = Redactor(policy: RedactionPolicy(customers: ["Globex"])).redact(pm)
        #expect(out.title == "A customer outage")
        #expect(out.commander == "incident commander")
        #expect(
            out.timeline.map(\.text) == [
                "The incident commander paged on-call engineer A.", "On-call engineer A restarted the pods.",
                "On-call engineer B drained the node.",
            ])
        #expect(out.timeline.map(\.actor) == ["incident commander", "on-call engineer A", "on-call engineer B"])
        #expect(out.summary == "The incident commander led; the author wrote this. Will it recur? The author knows.")
        #expect(out.authors == ["author"])
        #expect(redactions.allSatisfy { $0.category == .person || $0.category == .customer })
    }

    @Test("fenced internal text and internal sections go; an internal link keeps its words")
    func markedInternal() {
        var pm = PostMortem(id: "x", title: "t")
        pm.summary =
            "Public part.\n\n<!-- internal -->\nThe vendor owes us credits.\n<!-- /internal -->\n\nMore public. See [the dashboard](https://grafana.corp.example.net/d/1)."
        pm.extraSections = [Section(heading: "Customer list (internal)", body: "Acme, Globex")]
        let (out, redactions) = Redactor(policy: RedactionPolicy(internalDomains: ["corp.example.net"])).redact(pm)
        #expect(out.summary == "Public part.\n\nMore public. See the dashboard.")
        #expect(out.extraSections.isEmpty)
        #expect(redactions.filter { $0.category == .markedInternal }.count == 2)
    }

    @Test("the policy chooses the fields that never go public; evidence kept is still redacted")
    func neverPublicFields() {
        var pm = PostMortem(id: "x", title: "t", tags: ["db"])
        pm.impact.users = 4_000
        pm.impact.cost = "EUR 9,000"
        pm.review = Review(attendees: ["ana.silva"])
        pm.timeline = [
            TimelineEntry(
                time: nil, kind: .action, text: "Rolled back.",
                evidence: [
                    EvidenceReference(url: "https://grafana.corp.example.net/d/1"),
                    EvidenceReference(url: "https://github.com/example/app/pull/12"),
                    EvidenceReference(message: "#ops@1700000000.000100"),
                ])
        ]
        var policy = RedactionPolicy(internalDomains: ["corp.example.net"])
        policy.neverPublic = [.users, .review]
        let (out, redactions) = Redactor(policy: policy).redact(pm)
        #expect(out.impact.users == nil && out.impact.cost == "EUR 9,000")
        #expect(out.review.isEmpty && out.tags == ["db"])
        #expect(out.timeline[0].evidence.map(\.description) == ["https://github.com/example/app/pull/12"])
        #expect(redactions.filter { $0.category == .neverPublic }.map(\.field) == ["impact.users", "review"])
        // The defaults: cost, evidence, attachments and unknown front matter.
        let (defaults, _) = Redactor().redact(pm)
        #expect(defaults.impact.cost == nil && defaults.impact.users == 4_000 && defaults.timeline[0].evidence.isEmpty)
    }
}
