import DebriefCore
import PropertyBased
import Testing

@Suite("Similar incidents")
struct SimilarityTests {
    static let services = ["checkout-api", "Orders-DB", "payments", "ÉDITION-svc", "édition-svc", "kafka", "dns"]
    static let words = [
        "certificate", "expired", "deadlock", "timeout", "replica", "migration", "vault", "retry", "storm", "disk",
        "quota", "clock", "skew", "webhook", "cache", "stampede", "ledger", "flag", "überlast",
    ]

    static func profile(_ id: String, _ random: inout SplitMix64) -> IncidentProfile {
        IncidentProfile(
            id: id, services: services.filter { _ in random.next() % 3 == 0 },
            factorCategories: Set(FactorCategory.allCases.filter { _ in random.next() % 4 == 0 }),
            words: words.filter { _ in random.next() % 3 == 0 })
    }

    @Test("shared services, factors and words make the reasons")
    func reasons() {
        let a = IncidentProfile(
            id: "a", services: ["Checkout-API"], factorCategories: [.capacity], words: ["pool", "timeout", "retry"])
        let b = IncidentProfile(
            id: "b", services: ["checkout-api", "orders"], factorCategories: [.capacity, .testing],
            words: ["pool", "timeout"])
        let match = Similarity.compare(a, b)
        #expect(match.reasons == ["services: checkout-api", "factors: capacity", "words: pool, timeout"])
        #expect(abs(match.score - (0.4 * 0.5 + 0.2 * 0.5 + 0.4 * 2 / 3)) < 1e-12)
    }

    @Test("digests score and rank exactly as the profiles do")
    func digestsAgree() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SplitMix64(seed: UInt64(seed))
            let target = Self.profile("target", &random)
            let candidates = (0..<40).map { Self.profile("pm-\($0)", &random) }
            let digests = candidates.map(ProfileDigest.init)
            for (profile, digest) in zip(candidates, digests) {
                #expect(
                    abs(Similarity.score(ProfileDigest(target), digest) - Similarity.compare(target, profile).score)
                        < 1e-12, "seed \(seed)")
            }
            // The ranking spelled out on whole profiles: every score from `compare`.
            let scored: [SimilarIncident] = candidates.map { Similarity.compare(target, $0) }
            let kept = scored.filter { $0.score >= 0.08 }
            let best = kept.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
            let byProfiles = best.prefix(5).map(\.id)
            let byDigests = Similarity.rank(ProfileDigest(target), among: digests, limit: 5).map { candidates[$0].id }
            #expect(byProfiles == byDigests, "seed \(seed)")
        }
    }

    @Test("a digest reads the stored columns: services by line, any case")
    func digestFromColumns() {
        let stored = ProfileDigest(
            id: "x", services: "Checkout-API\nÉdition-Svc\n", factors: "capacity testing", words: "pool timeout")
        let built = ProfileDigest(
            IncidentProfile(
                id: "x", services: ["checkout-api", "édition-svc"], factorCategories: [.testing, .capacity],
                words: ["timeout", "pool"]))
        #expect(stored == built)
    }
}
