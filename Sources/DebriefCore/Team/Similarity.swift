/// How alike two incidents are: shared services, shared kinds of contributing factor, shared
/// words in what happened and why. Used for "similar incidents" on every post-mortem.
public struct IncidentProfile: Sendable, Equatable {
    public var id: String
    /// Lower-cased, sorted, unique.
    public var services: [String]
    public var factorCategories: Set<FactorCategory>
    /// Content words of title, summary, trigger, root cause and factors: lower-cased, sorted,
    /// unique, so that two profiles compare by one merge, with no hashing.
    public var words: [String]

    public init(
        id: String, services: some Sequence<String>, factorCategories: Set<FactorCategory>, words: some Sequence<String>
    ) {
        self.id = id
        self.services = Array(Set(services.map { $0.lowercased() })).sorted()
        self.factorCategories = factorCategories
        self.words = Array(Set(words)).sorted()
    }

    /// From stored columns that are already sorted and unique (as `words` writes them).
    public init(id: String, sortedServices: [String], factorCategories: Set<FactorCategory>, sortedWords: [String]) {
        self.id = id
        services = sortedServices
        self.factorCategories = factorCategories
        words = sortedWords
    }

    public init(_ pm: PostMortem) {
        let text =
            [pm.title, pm.summary ?? "", pm.rootCause.trigger ?? "", pm.rootCause.text ?? ""]
            + pm.rootCause.factors.map(\.text)
        self.init(
            id: pm.id, services: pm.services + pm.impact.services,
            factorCategories: Set(pm.rootCause.factors.compactMap(\.category)),
            words: IncidentProfile.contentWords(text.joined(separator: " ")))
    }

    /// Lower-cased words of three letters or more that are not function words.
    public static func contentWords(_ text: String) -> Set<String> {
        var words = Set<String>()
        var current = ""
        func flush() {
            if current.count >= 3, !stopWords.contains(current) { words.insert(current) }
            current = ""
        }
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" {
                current.unicodeScalars.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    static let stopWords: Set<String> = [
        "the", "and", "for", "was", "were", "with", "that", "this", "from", "into", "which", "when", "then", "than",
        "but", "not", "all", "any", "are", "been", "had", "has", "have", "its", "our", "out", "over", "after",
        "before", "during", "while", "there", "their", "they", "them", "these", "those", "what", "who", "why",
        "how", "because", "also", "each", "one", "two", "per", "only", "more", "most", "some", "such", "did",
        "does", "could", "would", "should", "can", "will", "about", "between", "under", "until", "upon",
        // Words nearly every post-mortem uses; sharing them says nothing.
        "minute", "minutes", "hour", "hours", "day", "days", "utc", "failed", "fail", "fails", "every", "first",
        "never", "nothing", "incident", "outage", "users", "customers", "time", "ran", "due", "since", "still",
        "started", "stopped", "back", "new", "old", "same", "page", "pages", "checked", "check",
    ]
}

/// One similar incident and why it was picked.
public struct SimilarIncident: Sendable, Equatable {
    public var id: String
    public var score: Double
    /// Human-readable reasons: "services: checkout", "factors: capacity", "words: pool, timeout".
    public var reasons: [String]
}

public enum Similarity {
    /// A score in 0…1: services weigh 0.4, factor categories 0.2, words 0.4 (Jaccard each).
    public static func compare(_ a: IncidentProfile, _ b: IncidentProfile) -> SimilarIncident {
        let sharedServices = intersection(a.services, b.services)
        let sharedFactors = a.factorCategories.intersection(b.factorCategories).map(\.rawValue).sorted()
        let sharedWords = intersection(a.words, b.words)
        func jaccard(_ shared: Int, _ x: Int, _ y: Int) -> Double {
            let union = x + y - shared
            return union == 0 ? 0 : Double(shared) / Double(union)
        }
        let services = jaccard(sharedServices.count, a.services.count, b.services.count)
        let factors = jaccard(sharedFactors.count, a.factorCategories.count, b.factorCategories.count)
        let words = jaccard(sharedWords.count, a.words.count, b.words.count)
        let score = 0.4 * services + 0.2 * factors + 0.4 * words
        var reasons: [String] = []
        if !sharedServices.isEmpty { reasons.append("services: " + sharedServices.joined(separator: ", ")) }
        if !sharedFactors.isEmpty { reasons.append("factors: " + sharedFactors.joined(separator: ", ")) }
        if !sharedWords.isEmpty { reasons.append("words: " + sharedWords.prefix(6).joined(separator: ", ")) }
        return SimilarIncident(id: b.id, score: score, reasons: reasons)
    }

    /// Common elements of two sorted, unique arrays, by merging.
    static func intersection(_ a: [String], _ b: [String]) -> [String] {
        var i = 0
        var j = 0
        var shared: [String] = []
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                shared.append(a[i])
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }

    /// The `limit` most similar candidates to `target` with a score of at least `threshold`.
    public static func rank(
        _ target: IncidentProfile, among candidates: [IncidentProfile], limit: Int = 5, threshold: Double = 0.08
    ) -> [SimilarIncident] {
        let scored: [SimilarIncident] = candidates.filter { $0.id != target.id }.map { compare(target, $0) }
        let kept = scored.filter { $0.score >= threshold }
        let sorted = kept.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        return Array(sorted.prefix(limit))
    }
}
