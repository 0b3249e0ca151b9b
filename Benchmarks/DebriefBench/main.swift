import DebriefCore
import DebriefFormat
import Foundation

/// Generates corpora and times the lint pipeline's stages, for `scripts/bench lint`.
/// Usage: DebriefBench generate-postmortems N DIR | DebriefBench stages DIR
let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "stages" {
    let files = try PostMortemFiles.collect([arguments[2]])
    let clock = ContinuousClock()
    var datas: [(String, Data)] = []
    let read = try clock.measure { datas = try files.map { ($0, try Data(contentsOf: URL(fileURLWithPath: $0))) } }
    var documents: [SourceDocument] = []
    let parse = try clock.measure { documents = try datas.map { try PostMortemParser.parse(data: $0.1, path: $0.0) } }
    var findings = 0
    let linter = Linter()
    let today = LocalDate(year: 2026, month: 1, day: 1)
    let lint = clock.measure {
        findings = documents.reduce(0) { $0 + linter.lint($1, policy: Policy(), today: today).count }
    }
    func ms(_ d: Duration) -> String {
        String(format: "%.0f ms", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000)
    }
    print(
        "stages over \(files.count) files: read \(ms(read)), parse \(ms(parse)), lint \(ms(lint)) (\(findings) findings)"
    )
    exit(0)
}
guard arguments.count == 4, arguments[1] == "generate-postmortems", let count = Int(arguments[2]) else {
    FileHandle.standardError.write(
        Data("usage: DebriefBench generate-postmortems N DIR | DebriefBench stages DIR\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[3])
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let services = ["checkout-api", "search", "auth", "payments", "orders-db", "edge", "notifications"]
let texts = [
    "Requests to %@ failed while the connection pool was exhausted after a configuration change.",
    "Latency of %@ rose above the SLO when a cache node was replaced during peak traffic.",
    "A certificate used by %@ expired because renewal failed silently for three weeks.",
]
for n in 0..<count {
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
    let text = MarkdownRenderer.render(pm)
    try Data(text.utf8).write(to: folder.appendingPathComponent(String(format: "pm-%05d.md", n)))
}
print("wrote \(count) post-mortems to \(folder.path)")
