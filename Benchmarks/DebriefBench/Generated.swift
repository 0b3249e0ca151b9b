import DebriefCore
import Foundation

/// The corpus `scripts/bench lint` measures: the same post-mortem shape, numbered.
func generatedPostMortem(_ n: Int) -> PostMortem {
    let services = ["checkout-api", "search", "auth", "payments", "orders-db", "edge", "notifications"]
    let texts = [
        "Requests to %@ failed while the connection pool was exhausted after a configuration change.",
        "Latency of %@ rose above the SLO when a cache node was replaced during peak traffic.",
        "A certificate used by %@ expired because renewal failed silently for three weeks.",
    ]
    let service = services[n % services.count]
    let start = Date(timeIntervalSince1970: 1_780_000_000 + Double(n) * 86_400)
    let severity = Severity.allCases[n % 5]
    func at(_ minutes: Int) -> Instant { Instant(date: start.addingTimeInterval(Double(minutes) * 60), offset: 0) }
    var pm = PostMortem(
        id: "pm-\(n)", title: "Incident \(n): \(service) degraded", status: .published, severity: severity,
        kind: IncidentKind.allCases[n % 5], services: [service], authors: ["alice", "bob"], commander: "carol",
        started: at(0), detected: at(5 + n % 20), mitigated: at(40 + n % 30), resolved: at(80 + n % 60))
    pm.summary = String(format: texts[n % texts.count], service) + " Alice paged the on-call and the team rolled back."
    pm.impact = Impact(users: 1000 + n, personalData: false, notes: "About \(1000 + n) users saw errors.")
    pm.timeline = (0..<15).map { i in
        TimelineEntry(
            time: at(i * 6), kind: TimelineKind.allCases[i % TimelineKind.allCases.count],
            text: "Step \(i) of the response on \(service); graphs showed the error rate at \(i * 3)%.",
            actor: i % 3 == 0 ? "alice" : nil, evidence: [EvidenceReference(file: "logs/\(service).log", line: 100 + i)]
        )
    }
    pm.rootCause = RootCause(
        trigger: "A configuration change to \(service).",
        text: "Pool sizes are set per pod with no cluster-wide budget.",
        whys: (1...5).map {
            Why(question: "Why did step \($0) happen?", answer: "Because the budget was not modelled at level \($0).")
        },
        factors: [
            ContributingFactor(category: .configuration, text: "Per-pod settings with no global limit."),
            ContributingFactor(category: .monitoring, text: "No alert on saturation."),
        ])
    pm.detection = Detection(method: .alert, notes: "The SLO alert paged the on-call.")
    pm.actionItems = (0..<5).map { i in
        ActionItem(
            title: "Add a saturation alert for \(service) shard \(i)", owner: "alice",
            due: at(0).localDate.adding(days: 5), priority: .p0, type: i % 2 == 0 ? .detect : .prevent,
            status: i % 2 == 0 ? .done : .open, link: "https://tracker.example.com/OPS-\(n * 10 + i)")
    }
    pm.lessons = Lessons(
        wentWell: ["Fast rollback."], wentPoorly: ["Dashboards hid the pool."], gotLucky: ["Low traffic."])
    return pm
}

/// For the server benchmark: the lint corpus with varied titles and causes, so that search
/// terms are spread over the corpus as in a real team's history rather than all alike.
func variedPostMortem(_ n: Int) -> PostMortem {
    var pm = generatedPostMortem(n)
    var random = SplitMix64(seed: UInt64(n) &+ 0x9E37_79B9_7F4A_7C15)
    let component = components[Int(random.next() % UInt64(components.count))]
    let failure = failures[Int(random.next() % UInt64(failures.count))]
    let cause = causes[Int(random.next() % UInt64(causes.count))]
    pm.title = "\(component) \(failure)"
    pm.services = [component, pm.services[0]]
    pm.summary = "The \(component) \(failure) after \(cause). " + (pm.summary ?? "")
    pm.rootCause.trigger = "\(cause.prefix(1).uppercased())\(cause.dropFirst())."
    return pm
}

let components = [
    "checkout-api", "payments-gateway", "orders-db", "search-index", "auth-service", "session-store", "cdn-edge",
    "dns-resolver", "kafka-cluster", "notifications", "email-relay", "image-resizer", "recommendations",
    "inventory-sync", "pricing-engine", "feature-flags", "api-gateway", "load-balancer", "billing-batch",
    "ledger-db", "fraud-scoring", "identity-provider", "vault", "ci-runners", "artifact-registry", "k8s-control-plane",
    "metrics-pipeline", "log-shipper", "backup-jobs", "object-storage", "redis-cache", "memcached-tier",
    "partner-sftp", "webhooks", "mobile-push", "geo-ip", "tax-service", "shipping-quotes", "returns-portal",
    "support-desk", "data-warehouse", "etl-scheduler", "ml-serving", "ab-testing", "consent-service",
]
let failures = [
    "returned 503s", "timed out", "ran out of connections", "leaked memory until OOM-killed", "served stale data",
    "dropped messages", "rejected valid tokens", "lost its leader", "filled its disk", "deadlocked",
    "certificate expired", "hit a rate limit", "replayed duplicate events", "corrupted an index",
    "slowed to 10x latency", "crash-looped", "exposed debug output", "lost a replica", "split-brained",
    "exhausted file descriptors",
]
let causes = [
    "a configuration change", "a dependency upgrade", "a schema migration", "a traffic spike",
    "an expired credential", "a kernel update", "a DNS change", "a feature flag rollout", "a cloud provider incident",
    "a retry storm", "a clock skew", "a full disk", "an unbounded queue", "a missing index", "a bad deploy",
    "a cache stampede", "a network partition", "a noisy neighbour", "a certificate rotation", "a cron job overlap",
]
