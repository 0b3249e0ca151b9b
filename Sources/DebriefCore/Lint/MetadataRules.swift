/// Metadata a post-mortem needs to be found, counted and reviewed.
enum MetadataRules {
    static let all: [Rule] = [title, severity, kind, authors, services, factorCategory, approvals]

    static let title = Rule(
        "metadata/title", .error, "The post-mortem has no title.",
        bad: "---\nseverity: SEV2\n---", good: "---\ntitle: Checkout API outage after pool change\n---"
    ) { context in
        context.postMortem.title.isEmpty
            ? [Hit(context.map.metadata("title"), "add a `title:` to the front matter")] : []
    }

    static let severity = Rule(
        "metadata/severity", .error, "The post-mortem has no severity (SEV1–SEV5).",
        bad: "---\ntitle: Checkout outage\n---", good: "---\ntitle: Checkout outage\nseverity: SEV2\n---"
    ) { context in
        context.postMortem.severity == nil
            ? [Hit(context.map.metadata("severity"), "add `severity:` (SEV1 worst … SEV5) to the front matter")] : []
    }

    static let kind = Rule(
        "metadata/kind", .warning,
        "The post-mortem has no kind (outage, degradation, security, data-exposure, near-miss).",
        bad: "---\ntitle: Leaked key\n---", good: "---\ntitle: Leaked key\nkind: security\n---"
    ) { context in
        context.postMortem.kind == nil
            ? [
                Hit(
                    context.map.metadata("kind"),
                    "add `kind:` (outage, degradation, security, data-exposure or near-miss)")
            ]
            : []
    }

    static let authors = Rule(
        "metadata/authors", .warning, "Nobody is named as author.",
        bad: "---\ntitle: Checkout outage\n---", good: "---\nauthors: [alice]\n---"
    ) { context in
        context.postMortem.authors.isEmpty
            ? [Hit(context.map.metadata("authors"), "add `authors:` so readers know whom to ask")] : []
    }

    static let services = Rule(
        "metadata/services", .warning, "No affected services are listed, so similar incidents cannot be found.",
        bad: "---\ntitle: Checkout outage\n---", good: "---\nservices: [checkout-api]\n---"
    ) { context in
        context.postMortem.services.isEmpty
            ? [Hit(context.map.metadata("services"), "add `services:` listing what was affected")] : []
    }

    static let factorCategory = Rule(
        "metadata/factor-category", .warning,
        "A contributing factor has no category from the taxonomy, so it cannot be counted across incidents.",
        bad: "- Nobody load-tested the new pool size.",
        good: "- **testing** — The new pool size was never load-tested."
    ) { context in
        let names = FactorCategory.allCases.map(\.rawValue).joined(separator: ", ")
        return context.postMortem.rootCause.factors.enumerated().compactMap { index, factor in
            guard factor.category == nil else { return nil }
            return Hit(
                context.map.factor(index), "tag this factor with a category: `- **category** — text`, one of \(names)")
        }
    }

    static let approvals = Rule(
        "metadata/approvals", .warning,
        "The post-mortem is approved or published without the approvals the policy asks for.",
        bad: "status: published\n(no review.approvals)",
        good:
            "status: published\nreview:\n  approvals:\n    - reviewer: dave\n      date: 2026-03-09\n      decision: approved"
    ) { context in
        let pm = context.postMortem
        guard pm.status == .approved || pm.status == .published else { return [] }
        let approved = Set(pm.review.approvals.filter { $0.decision == .approved }.map(\.reviewer)).count
        guard approved < context.policy.requiredApprovals else { return [] }
        return [
            Hit(
                context.map.metadata("status"),
                "status is \(pm.status.rawValue) but it has \(approved) of \(context.policy.requiredApprovals) required approvals"
            )
        ]
    }
}
