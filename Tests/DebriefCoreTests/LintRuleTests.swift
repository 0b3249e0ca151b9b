import DebriefCore
import DebriefFormat
import Testing

/// One fixture: a document made from the clean base, and whether `rule` must fire on it.
struct RuleCase: CustomTestStringConvertible, Sendable {
    var rule: String
    var note: String
    var fires: Bool
    var text: String
    var policy = Policy()

    var testDescription: String { "\(rule) \(fires ? "fires" : "stays quiet"): \(note)" }
}

/// The summary replaced by `text`.
private func summary(_ text: String) -> String { Base.text.section("Summary", text) }

private let firstAction =
    "| Roll back the checkout-api pool size to 20 | dev.patel | 2026-10-14 | P0 | repair | done | https://tracker.example.com/SHOP-8812 |"
private func action(_ row: String) -> String { Base.text.replacing(firstAction, row) }
private let header =
    "| Action | Owner | Due | Priority | Type | Status | Link |\n| --- | --- | --- | --- | --- | --- | --- |\n"

let ruleCases: [RuleCase] = [
    // completeness
    RuleCase(
        rule: "completeness/required-section", note: "SEV1 without five whys", fires: true,
        text: Base.text.removingSection("Five whys")),
    RuleCase(
        rule: "completeness/required-section", note: "SEV4 needs no five whys", fires: false,
        text: Base.text.removingSection("Five whys").front("severity", "SEV4")),
    RuleCase(
        rule: "completeness/placeholder", note: "TODO left in root cause", fires: true,
        text: Base.text.section("Root cause", "TODO: describe the root cause")),
    RuleCase(
        rule: "completeness/placeholder", note: "'to do' in prose is not a marker", fires: false,
        text: summary("The team had a long list of things to do after the outage; checkout failed for 72 minutes.")),
    RuleCase(
        rule: "completeness/placeholder", note: "template prompt left in", fires: true,
        text: summary("<describe what happened>")),
    RuleCase(
        rule: "completeness/unreadable", note: "a time cell nobody can read", fires: true,
        text: Base.text.replacing("| 2026-10-14T14:09:00Z | alert |", "| half past two | alert |")),
    RuleCase(
        rule: "completeness/unreadable", note: "12-hour clock is readable", fires: false,
        text: Base.text.replacing("| 2026-10-14T14:09:00Z | alert |", "| 2:09 PM UTC | alert |")),
    // metadata
    RuleCase(
        rule: "metadata/title", note: "no title", fires: true,
        text: Base.text.front("title", nil).replacing(
            "# Checkout failed for 72 minutes after a connection-pool change\n", "")),
    RuleCase(rule: "metadata/title", note: "title only as H1", fires: false, text: Base.text.front("title", nil)),
    RuleCase(rule: "metadata/severity", note: "no severity", fires: true, text: Base.text.front("severity", nil)),
    RuleCase(
        rule: "metadata/severity", note: "severity written loosely", fires: false,
        text: Base.text.front("severity", "sev-1")),
    RuleCase(rule: "metadata/kind", note: "no kind", fires: true, text: Base.text.front("kind", nil)),
    RuleCase(rule: "metadata/kind", note: "near-miss kind", fires: false, text: Base.text.front("kind", "near-miss")),
    RuleCase(rule: "metadata/authors", note: "no authors", fires: true, text: Base.text.front("authors", nil)),
    RuleCase(
        rule: "metadata/authors", note: "one author", fires: false, text: Base.text.front("authors", "[maria.lopez]")),
    RuleCase(rule: "metadata/services", note: "no services", fires: true, text: Base.text.front("services", nil)),
    RuleCase(
        rule: "metadata/services", note: "services as a comma list", fires: false,
        text: Base.text.front("services", "checkout-api, orders-db")),
    RuleCase(
        rule: "metadata/factor-category", note: "untagged factor", fires: true,
        text: Base.text.section("Contributing factors", "- Nobody load-tested the new pool size.")),
    RuleCase(
        rule: "metadata/factor-category", note: "factor tagged with a synonym", fires: false,
        text: Base.text.section("Contributing factors", "- [tests] The new pool size was never load-tested.")),
    RuleCase(
        rule: "metadata/approvals", note: "published with no approvals", fires: true,
        text: Base.text.front("review", nil)),
    RuleCase(
        rule: "metadata/approvals", note: "a draft needs no approvals", fires: false,
        text: Base.text.front("review", nil).front("status", "draft")),
    // timeline
    RuleCase(
        rule: "timeline/missing-start", note: "no started and no start entry", fires: true,
        text: Base.text.front("started", nil).replacing("| start |", "| action |")),
    RuleCase(
        rule: "timeline/missing-start", note: "start taken from the timeline", fires: false,
        text: Base.text.front("started", nil)),
    RuleCase(
        rule: "timeline/missing-detection", note: "no detected and no alert entry", fires: true,
        text: Base.text.front("detected", nil).replacing("| alert |", "| action |")),
    RuleCase(
        rule: "timeline/missing-detection", note: "detection taken from an alert entry", fires: false,
        text: Base.text.front("detected", nil)),
    RuleCase(
        rule: "timeline/missing-resolution", note: "no resolved and no resolve entry", fires: true,
        text: Base.text.front("resolved", nil).replacing("| resolve |", "| action |")),
    RuleCase(
        rule: "timeline/missing-resolution", note: "resolution from a resolve entry", fires: false,
        text: Base.text.front("resolved", nil)),
    RuleCase(
        rule: "timeline/out-of-order", note: "an entry before its predecessor", fires: true,
        text: Base.text.replacing("| 2026-10-14T14:31:00Z |", "| 2026-10-14T14:01:00Z |")),
    RuleCase(
        rule: "timeline/out-of-order", note: "unknown times do not count", fires: false,
        text: Base.text.replacing("| 2026-10-14T14:31:00Z |", "| unknown |")),
    RuleCase(
        rule: "timeline/detection-before-start", note: "detected before started", fires: true,
        text: Base.text.front("detected", "2026-10-14T13:50:00Z")),
    RuleCase(
        rule: "timeline/detection-before-start", note: "same instant written in another zone", fires: false,
        text: Base.text.front("detected", "2026-10-14T16:09:00+02:00")),
    RuleCase(
        rule: "timeline/key-instant-order", note: "resolved before started", fires: true,
        text: Base.text.front("resolved", "2026-10-14T13:00:00Z")),
    RuleCase(
        rule: "timeline/key-instant-order", note: "mitigated and resolved together", fires: false,
        text: Base.text.front("resolved", "2026-10-14T14:51:00Z").front("impact", nil)),
    RuleCase(
        rule: "timeline/no-zone", note: "no zone anywhere", fires: true,
        text: Base.text.replacingOccurrences(of: ":00Z", with: ":00")),
    RuleCase(
        rule: "timeline/no-zone", note: "zone given once in the front matter", fires: false,
        text: Base.text.replacingOccurrences(of: ":00Z", with: ":00").front("timezone", "UTC")),
    RuleCase(
        rule: "timeline/duration-mismatch", note: "summary says 30 minutes, instants say 72", fires: true,
        text: summary("Checkout was down for 30 minutes.").front("impact", nil)),
    RuleCase(
        rule: "timeline/duration-mismatch", note: "summary agrees within 10%", fires: false,
        text: summary("Checkout was down for 70 minutes.").front("impact", nil)),
    // whys
    RuleCase(
        rule: "whys/too-few", note: "two whys for SEV1", fires: true,
        text: Base.text.section(
            "Five whys", "1. **Why did checkout fail?** No connections.\n2. **Why?** The limit was reached.")),
    RuleCase(
        rule: "whys/too-few", note: "three whys are enough with a policy of 3", fires: false,
        text: Base.text.section(
            "Five whys",
            "1. **Why did checkout fail?** No connections.\n2. **Why?** The limit was reached.\n3. **Why?** Nothing modelled the budget."
        ), policy: Policy(whysDepth: [.sev1: 3])),
    RuleCase(
        rule: "whys/stops-at-person", note: "last why is human error", fires: true,
        text: Base.text.replacing(
            "5. **Why is there no cluster-wide total?** Database connection budgets are not modelled anywhere: no tool knows the limit, the autoscaler's maximum and every service's pool size together.",
            "5. **Why is there no cluster-wide total?** The engineer forgot to check the database limit.")),
    RuleCase(
        rule: "whys/stops-at-person", note: "a person in an earlier why is fine when the chain goes on", fires: false,
        text: Base.text.replacing(
            "4. **Why did the change allow 80 per pod?** The pool size is reviewed as a per-pod number; the reviewer sees no cluster-wide total.",
            "4. **Why did the change allow 80 per pod?** Li approved it as a per-pod number.")),
    // actions
    RuleCase(
        rule: "actions/none", note: "no action items", fires: true, text: Base.text.removingSection("Action items")),
    RuleCase(
        rule: "actions/none", note: "one action item", fires: false,
        text: Base.text.section(
            "Action items", header + "| Alert on pool saturation | li.wei | 2026-10-20 | P0 | detect | done | |")),
    RuleCase(
        rule: "actions/no-owner", note: "open item without owner", fires: true,
        text: action("| Add a saturation alert | | 2026-10-20 | P0 | detect | open | |")),
    RuleCase(
        rule: "actions/no-owner", note: "done items need no owner", fires: false,
        text: action("| Add a saturation alert | | 2026-10-20 | P0 | detect | done | |")),
    RuleCase(
        rule: "actions/no-due-date", note: "open item without due date", fires: true,
        text: action("| Add a saturation alert | li.wei | | P0 | detect | open | |")),
    RuleCase(
        rule: "actions/no-due-date", note: "task-list item with a due date", fires: false,
        text: Base.text.section(
            "Action items",
            "- [ ] Add a saturation alert — @li.wei, due 2026-10-20, P0, detect\n- [x] Block pool changes over budget in CI — @dev.patel, due 2026-10-21, P0, prevent"
        )),
    RuleCase(
        rule: "actions/overdue", note: "open and past due", fires: true,
        text: action("| Add a saturation alert | li.wei | 2026-10-20 | P0 | detect | open | |")),
    RuleCase(
        rule: "actions/overdue", note: "in the future as of --today", fires: false,
        text: action("| Add a saturation alert | li.wei | 2026-10-20 | P0 | detect | open | |").replacing(
            "2026-10-20 | P0 | detect | open", "2026-12-20 | P3 | detect | open")),
    RuleCase(
        rule: "actions/vague", note: "investigate", fires: true,
        text: action("| Investigate the database | li.wei | 2026-10-20 | P0 | detect | done | |")),
    RuleCase(
        rule: "actions/vague", note: "a specific alert", fires: false,
        text: action(
            "| Alert when pool usage stays above 80% for 5 minutes | li.wei | 2026-10-20 | P0 | detect | done | |")),
    RuleCase(
        rule: "actions/only-repair", note: "only repair items", fires: true,
        text: Base.text.section(
            "Action items",
            header
                + "| Roll back the pool size | dev.patel | 2026-10-14 | P0 | repair | done | |\n| Refund delayed orders | maria.lopez | 2026-10-15 | P0 | repair | done | |"
        )),
    RuleCase(
        rule: "actions/only-repair", note: "a repair and a prevent item", fires: false,
        text: Base.text.section(
            "Action items",
            header
                + "| Roll back the pool size | dev.patel | 2026-10-14 | P0 | repair | done | |\n| Check pool budgets in CI | dev.patel | 2026-10-20 | P0 | prevent | done | |"
        )),
    RuleCase(
        rule: "actions/no-priority", note: "open item without priority", fires: true,
        text: action("| Add a saturation alert | li.wei | 2026-12-20 | | detect | open | |")),
    RuleCase(
        rule: "actions/no-priority", note: "priority written as 'high'", fires: false,
        text: action("| Add a saturation alert | li.wei | 2026-11-10 | high | detect | open | |")),
    RuleCase(
        rule: "actions/due-too-far", note: "P0 due in half a year", fires: true,
        text: action("| Add a saturation alert | li.wei | 2027-04-20 | P0 | detect | open | |")),
    RuleCase(
        rule: "actions/due-too-far", note: "P3 due in half a year", fires: false,
        text: action("| Add a saturation alert | li.wei | 2027-04-10 | P3 | detect | open | |")),
    // blame
    RuleCase(
        rule: "blame/person-as-cause", note: "a named author broke it", fires: true,
        text: summary("Dev broke checkout when he pushed the pool change.")),
    RuleCase(
        rule: "blame/person-as-cause", note: "an @handle forgot", fires: true,
        text: summary("@li.wei forgot to check the database limit.")),
    RuleCase(
        rule: "blame/person-as-cause", note: "the on-call engineer ignored it", fires: true,
        text: summary("The on-call engineer ignored the saturation graph.")),
    RuleCase(
        rule: "blame/person-as-cause", note: "an unlisted name before a verb only people do", fires: true,
        text: summary("Dave forgot to renew the certificate.")),
    RuleCase(
        rule: "blame/person-as-cause", note: "a system before an ambiguous verb", fires: false,
        text: summary("Redis ignored the TTL and Kubernetes missed the readiness probe.")),
    RuleCase(
        rule: "blame/person-as-cause", note: "people in neutral roles", fires: false,
        text: summary("Sam paged the on-call. Li rolled back the change and Maria updated the status page.")),
    RuleCase(
        rule: "blame/person-as-cause", note: "systems that missed something", fires: false,
        text: summary("The cache missed on every request and the health check ignored the pool state.")),
    RuleCase(
        rule: "blame/character", note: "careless", fires: true,
        text: summary("A careless config change took checkout down.")),
    RuleCase(
        rule: "blame/character", note: "careful is not careless", fires: false,
        text: summary("A careful rollback brought checkout back.")),
    RuleCase(
        rule: "blame/human-error", note: "human error as a cause", fires: true,
        text: Base.text.section("Root cause", "Human error during the configuration change.")),
    RuleCase(
        rule: "blame/human-error", note: "error rate is not human error", fires: false,
        text: Base.text.section("Root cause", "The error rate rose because human review saw only per-pod numbers.")),
    RuleCase(
        rule: "blame/punishment", note: "held accountable", fires: true,
        text: summary("Whoever merged the change will be held accountable.")),
    RuleCase(
        rule: "blame/punishment", note: "the alert fired", fires: false,
        text: summary("The alert fired at 14:09 and the page reached the on-call.")),
    RuleCase(
        rule: "blame/banned-phrase", note: "a phrase the policy bans", fires: true,
        text: summary("This was a freak accident."), policy: Policy(bannedPhrases: ["freak accident"])),
    RuleCase(
        rule: "blame/banned-phrase", note: "no banned phrase present", fires: false,
        text: summary("This was a capacity problem."), policy: Policy(bannedPhrases: ["freak accident"])),
    // hindsight
    RuleCase(
        rule: "hindsight/counterfactual", note: "should have noticed", fires: true,
        text: summary("The reviewer should have noticed the total.")),
    RuleCase(
        rule: "hindsight/counterfactual", note: "could easily have", fires: true,
        text: summary("This could easily have been avoided.")),
    RuleCase(
        rule: "hindsight/counterfactual", note: "forward-looking should", fires: false,
        text: summary("The runbook should describe the rollback, and every service should have a connection budget.")),
    RuleCase(
        rule: "hindsight/obviousness", note: "it was clear that", fires: true,
        text: summary("It was clear that the database was full.")),
    RuleCase(
        rule: "hindsight/obviousness", note: "clear without hindsight", fires: false,
        text: summary("The graph was clear and readable once found.")),
    RuleCase(
        rule: "hindsight/failed-to", note: "a sign judged as missed", fires: true,
        text: summary("We missed the memory leak for a week.")),
    RuleCase(
        rule: "hindsight/failed-to", note: "a miss explained by what was known", fires: false,
        text: summary("Nobody looked at the old host, because it was marked as decommissioned.")),
    RuleCase(
        rule: "blame/person-as-cause", note: "the on-call failed to", fires: true,
        text: summary("The on-call failed to escalate in time.")),
    RuleCase(
        rule: "hindsight/failed-to", note: "a system failed to", fires: false,
        text: summary("The health check failed to detect the exhausted pool.")),
    // secrets
    RuleCase(
        rule: "secrets/cloud-key", note: "AWS access key id", fires: true,
        text: summary("The key AKIAQ3EGRT5NW2KXYZ7P was used from a new address.")),
    RuleCase(
        rule: "secrets/cloud-key", note: "redacted key", fires: false,
        text: summary("The key AKIA…[REDACTED] was used from a new address.")),
    RuleCase(
        rule: "secrets/token", note: "GitHub token", fires: true,
        text: summary("The log showed ghp_0123456789abcdefghijABCDEFGHIJ012345 in plain text.")),
    RuleCase(
        rule: "secrets/token", note: "bearer redacted", fires: false,
        text: summary("Requests carried `Authorization: Bearer [REDACTED]`.")),
    RuleCase(
        rule: "secrets/private-key", note: "a private key block in code", fires: true,
        text: summary("```\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n```")),
    RuleCase(
        rule: "secrets/private-key", note: "a public key is fine", fires: false,
        text: summary("```\n-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----\n```")),
    RuleCase(
        rule: "secrets/jwt", note: "a JWT", fires: true,
        text: summary(
            "token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")),
    RuleCase(rule: "secrets/jwt", note: "a truncated JWT", fires: false, text: summary("token=eyJ…[REDACTED]")),
    RuleCase(
        rule: "secrets/password-in-url", note: "password in a connection URL", fires: true,
        text: summary("The job used postgres://app:s3cr3tPa55@db.internal:5432/orders.")),
    RuleCase(
        rule: "secrets/password-in-url", note: "redacted password", fires: false,
        text: summary("The job used postgres://app:[REDACTED]@db.internal:5432/orders.")),
    RuleCase(
        rule: "secrets/password-assignment", note: "password=value", fires: true,
        text: summary("The config had DB_PASSWORD=hunter2hunter2 in it.")),
    RuleCase(
        rule: "secrets/password-assignment", note: "password rotated", fires: false,
        text: summary("The password: rotated the same day.")),
    // privacy
    RuleCase(
        rule: "privacy/email", note: "a customer's address", fires: true,
        text: summary("The reset link went to jane.doe@gmail.com.")),
    RuleCase(
        rule: "privacy/email", note: "an example address and an @handle", fires: false,
        text: summary("Mail to ops@example.com reached @li.wei.")),
    RuleCase(
        rule: "privacy/ip-address", note: "a public address", fires: true,
        text: summary("Requests came from 81.2.69.142.")),
    RuleCase(
        rule: "privacy/ip-address", note: "documentation range and a version", fires: false,
        text: summary("Requests came from 192.0.2.10 after the upgrade to version 2.4.1.")),
    RuleCase(
        rule: "privacy/card-number", note: "a Luhn-valid card number", fires: true,
        text: summary("The charge was on card 4111 1111 1111 1111.")),
    RuleCase(
        rule: "privacy/card-number", note: "an order number that fails Luhn", fires: false,
        text: summary("Order 4111 1111 1111 1112 was delayed.")),
    RuleCase(
        rule: "privacy/no-assessment", note: "data exposure without assessment", fires: true,
        text: Base.text.front("kind", "data-exposure").replacing("  personalData: false\n", "")),
    RuleCase(
        rule: "privacy/no-assessment", note: "data exposure assessed", fires: false,
        text: Base.text.front("kind", "data-exposure")),
    RuleCase(
        rule: "privacy/no-notification", note: "personal data and no notification", fires: true,
        text: Base.text.replacing("personalData: false", "personalData: true")),
    RuleCase(
        rule: "privacy/no-notification", note: "notified", fires: false,
        text: Base.text.replacing("personalData: false", "personalData: true\n  notified: 2026-10-15T10:00:00Z")),
    RuleCase(
        rule: "privacy/late-notification", note: "notified after 72 hours", fires: true,
        text: Base.text.replacing("personalData: false", "personalData: true\n  notified: 2026-10-18T10:00:00Z")),
    RuleCase(
        rule: "privacy/late-notification", note: "notified within 72 hours", fires: false,
        text: Base.text.replacing("personalData: false", "personalData: true\n  notified: 2026-10-17T10:00:00Z")),
]

@Suite("Lint rules")
struct LintRuleTests {
    @Test("the clean base document has no findings")
    func baseIsClean() throws {
        #expect(try lint(Base.text) == [])
    }

    @Test("each rule fires on its bad fixture and stays quiet on its near miss", arguments: ruleCases)
    func ruleCase(_ c: RuleCase) throws {
        let findings = try lint(c.text, policy: c.policy)
        let fired = findings.filter { $0.rule == c.rule }
        if c.fires {
            #expect(!fired.isEmpty, "expected \(c.rule); got \(findings.map(\.rule))")
            for finding in fired {
                #expect(finding.line >= 1 && finding.column >= 1)
                #expect(!finding.message.isEmpty)
            }
        } else {
            #expect(fired.isEmpty, "unexpected: \(fired.map(\.message))")
        }
    }

    @Test("every rule has a fixture that triggers it and one that must not")
    func everyRuleHasFixtures() {
        for rule in Linter.allRules {
            #expect(ruleCases.contains { $0.rule == rule.id && $0.fires }, "\(rule.id) has no triggering fixture")
            #expect(ruleCases.contains { $0.rule == rule.id && !$0.fires }, "\(rule.id) has no near-miss fixture")
        }
    }

    @Test("rule ids are unique and in the documented families")
    func ruleIds() {
        let ids = Linter.allRules.map(\.id)
        #expect(Set(ids).count == ids.count)
        let families: Set = [
            "completeness", "metadata", "timeline", "whys", "actions", "blame", "hindsight", "secrets", "privacy",
        ]
        for id in ids { #expect(families.contains(String(id.split(separator: "/")[0])), "\(id)") }
    }

    @Test("a disabled family and a severity override are honoured")
    func policyControls() throws {
        let text = summary("In hindsight it was clear that the database was filling up.")
        #expect(try lint(text, policy: Policy(disabledRules: ["hindsight/*"])).isEmpty)
        let raised = try lint(text, policy: Policy(ruleSeverities: ["hindsight/obviousness": .error]))
        #expect(raised.first { $0.rule == "hindsight/obviousness" }?.severity == .error)
    }

    @Test("completeness findings are warnings for severities that need no post-mortem")
    func optionalSeverity() throws {
        let text = Base.text.removingSection("Summary").front("severity", "SEV4")
        let findings = try lint(text)
        #expect(findings.contains { $0.rule == "completeness/required-section" && $0.severity == .warning })
    }
}
