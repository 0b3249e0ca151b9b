import DebriefCore
import Foundation
import PropertyBased
import Testing

@testable import DebriefFormat

/// Random post-mortems in the space the canonical format promises to round-trip.
struct ModelGenerator {
    var rng: SplitMix64
    let vocabulary = [
        "checkout", "pool", "latency", "alert", "queue", "rollback", "cache", "deploy", "region", "p99", "disk", "TLS",
        "retries", "budget", "über", "naïve", "日本", "50%", "quote\"d", "back\\slash", "pipe|char", "colon:", "#hash",
        "café", "O'Brien", "—", "2,300", "users", "(paren)", "*star*", "`code`",
    ]

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func bool() -> Bool { Bool.random(using: &rng) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
    mutating func maybe<T>(_ make: (inout ModelGenerator) -> T) -> T? { bool() ? make(&self) : nil }

    mutating func words(_ count: ClosedRange<Int> = 1...8) -> String {
        (0..<int(count)).map { _ in pick(vocabulary) }.joined(separator: " ")
    }
    mutating func slug() -> String { pick(["api", "db", "edge", "auth", "search"]) + "-" + String(int(1...99)) }
    mutating func prose() -> String {
        (0..<int(1...3)).map { _ in "Plain " + words(3...20) + "." }.joined(separator: bool() ? "\n" : "\n\n")
    }
    mutating func date() -> LocalDate { LocalDate(year: int(2015...2030), month: int(1...12), day: int(1...28)) }

    mutating func model() -> PostMortem {
        let floating = int(0...5) == 0
        let zones: [(Int, String?)] = [(0, nil), (-28800, "PST"), (19800, nil), (3600, "Europe/Paris"), (-14400, nil)]
        var base = date().startOfDayUTC.timeIntervalSince1970 + Double(int(0...86000))
        func instant(_ g: inout ModelGenerator, after: inout TimeInterval) -> Instant {
            after += Double(g.int(0...7200))
            let zone = g.pick(zones)
            return Instant(
                date: Date(timeIntervalSince1970: after), offset: floating ? nil : zone.0,
                zone: floating ? nil : zone.1,
                approximate: g.int(0...6) == 0)
        }
        var pm = PostMortem(id: slug(), title: words(1...10))
        pm.status = pick(Status.allCases)
        pm.severity = maybe { $0.pick(Severity.allCases) }
        pm.kind = maybe { $0.pick(IncidentKind.allCases) }
        pm.services = (0..<int(0...3)).map { _ in slug() }
        pm.tags = (0..<int(0...3)).map { _ in slug() }
        pm.authors = (0..<int(0...3)).map { _ in pick(["alice", "bob", "Chen Wei", "o.malley"]) }
        pm.commander = maybe { $0.pick(["carol", "Dana Smith"]) }
        pm.restricted = bool()
        pm.started = maybe { instant(&$0, after: &base) }
        pm.detected = maybe { instant(&$0, after: &base) }
        pm.mitigated = maybe { instant(&$0, after: &base) }
        pm.resolved = maybe { instant(&$0, after: &base) }
        pm.inferred = bool() ? ["detected"] : []
        pm.detection.method = maybe { $0.pick(DetectionMethod.allCases) }
        pm.summary = maybe { $0.prose() }
        pm.impact = Impact(
            users: maybe { $0.int(0...1_000_000) }, customers: maybe { $0.int(0...500) }, data: maybe { $0.words() },
            personalData: maybe { $0.bool() }, services: (0..<int(0...2)).map { _ in slug() },
            statedDuration: maybe { "\($0.int(1...300)) minutes" }, sloBudget: maybe { $0.words() },
            cost: maybe { $0.words() },
            notified: maybe { instant(&$0, after: &base) }, notes: maybe { $0.prose() })
        pm.timeline = (0..<int(0...12)).map { _ in
            let time = int(0...8) == 0 ? nil : instant(&self, after: &base)
            var until: Instant?
            if time != nil, int(0...5) == 0 {
                var later = base
                until = instant(&self, after: &later)
            }
            return TimelineEntry(
                time: time, until: until, kind: pick(TimelineKind.allCases), text: words(),
                actor: maybe { $0.pick(["alice", "pagerduty"]) },
                evidence: (0..<int(0...2)).map { _ in
                    pick([
                        EvidenceReference(file: "logs/app.log", line: int(1...99999)),
                        EvidenceReference(url: "https://example.com/x/\(int(1...9))"),
                        EvidenceReference(message: "#inc@\(int(1_000_000...9_999_999)).000100"),
                        EvidenceReference(file: "notes.txt"),
                    ])
                })
        }
        pm.timelineNotes = maybe { $0.prose() }
        pm.rootCause = RootCause(
            trigger: maybe { $0.prose() }, text: maybe { $0.prose() },
            whys: (0..<int(0...6)).map { _ in Why(question: "Why " + words(1...5) + "?", answer: "Because " + words())
            },
            whysNotes: maybe { $0.prose() },
            factors: (0..<int(0...4)).map { _ in
                ContributingFactor(category: maybe { $0.pick(FactorCategory.allCases) }, text: "Plain " + words())
            },
            factorsNotes: maybe { $0.prose() })
        pm.detection.notes = maybe { $0.prose() }
        pm.response = maybe { $0.prose() }
        pm.actionItems = (0..<int(0...6)).map { _ in
            ActionItem(
                title: "Plain " + words(), owner: maybe { $0.pick(["alice", "Chen Wei"]) }, due: maybe { $0.date() },
                priority: maybe { $0.pick(Priority.allCases) }, type: maybe { $0.pick(ActionType.allCases) },
                status: pick(ActionStatus.allCases),
                link: maybe { "https://tracker.example.com/OPS-\($0.int(1...999))" },
                closed: int(0...3) == 0 ? date() : nil)
        }
        pm.actionNotes = maybe { $0.prose() }
        pm.lessons = Lessons(
            wentWell: (0..<int(0...3)).map { _ in words() }, wentPoorly: (0..<int(0...3)).map { _ in words() },
            gotLucky: (0..<int(0...2)).map { _ in words() }, notes: maybe { $0.prose() })
        pm.attachments = (0..<int(0...2)).map { _ in
            Attachment(path: "img/graph-\(int(1...9)).png", caption: words(1...4))
        }
        pm.links = (0..<int(0...2)).map { _ in Link(title: words(1...4), url: "https://example.com/\(int(1...99))") }
        if bool() {
            pm.review = Review(
                meeting: maybe { $0.date() }, attendees: bool() ? ["alice", "bob"] : [],
                approvals: (0..<int(0...2)).map { _ in
                    Approval(
                        reviewer: pick(["dave", "erin"]), date: maybe { $0.date() },
                        decision: pick(ReviewDecision.allCases))
                })
        }
        if bool() { pm.extraSections.append(Section(heading: "", body: prose(), after: nil)) }
        for _ in 0..<int(0...2) {
            pm.extraSections.append(
                Section(
                    heading: pick(["Appendix", "Glossary", "Customer quotes"]), body: prose(),
                    after: maybe { $0.pick(SectionKey.allCases) }))
        }
        pm.extraMetadata = bool() ? "team: payments\nretro-board: https://example.com/board" : nil
        return pm
    }
}

@Suite("Canonical round trip")
struct RoundTripTests {
    /// Extra sections come back grouped by anchor, in canonical order; compare them that way.
    func canonicalOrder(_ pm: PostMortem) -> PostMortem {
        var pm = pm
        // An extra section anchored after an empty section follows the nearest section that is written.
        for index in pm.extraSections.indices {
            guard let anchor = pm.extraSections[index].after, let position = SectionKey.allCases.firstIndex(of: anchor)
            else { continue }
            pm.extraSections[index].after = SectionKey.allCases[...position].last {
                !(MarkdownRenderer.sectionBody($0, pm) ?? "").isEmpty
            }
        }
        let order: [SectionKey?] = [nil] + SectionKey.allCases.map { $0 }
        pm.extraSections = order.flatMap { key in pm.extraSections.filter { $0.after == key } }
        return pm
    }

    @Test("parse(render(m)) == m for random models")
    func roundTrip() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var generator = ModelGenerator(seed: UInt64(seed))
            let model = canonicalOrder(generator.model())
            let text = MarkdownRenderer.render(model)
            do {
                let parsed = try PostMortemParser.parse(text, path: "<input>").postMortem
                let again = MarkdownRenderer.render(parsed)
                let firstDifference = zip(text.split(separator: "\n"), again.split(separator: "\n")).first { $0 != $1 }
                #expect(parsed == model, "seed \(seed): first differing line: \(String(describing: firstDifference))")
                #expect(again == text)
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test("the JSON export reads back to the same model")
    func jsonRoundTrip() throws {
        var generator = ModelGenerator(seed: 42)
        for _ in 0..<50 {
            let model = generator.model()
            let json = try JSONFormat.encode(model)
            #expect(try JSONFormat.decode(Data(json.utf8)) == model)
        }
    }
}
