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
        var shared: [String] = []
        forEachShared(a, b) { shared.append($0) }
        return shared
    }

    /// Calls `body` with each element two sorted, unique arrays have in common, in order.
    @inline(__always)
    static func forEachShared<T: Comparable>(_ a: [T], _ b: [T], _ body: (T) -> Void) {
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                body(a[i])
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
    }

    /// The positions in `candidates` of the `limit` most similar to `target` with a score of
    /// at least `threshold`, best first (ties by id). Scoring digests allocates nothing, so a
    /// page can rank a hundred candidates cheaply and build the reasons (`compare`) for the
    /// few it shows.
    public static func rank(
        _ target: ProfileDigest, among candidates: [ProfileDigest], limit: Int = 5, threshold: Double = 0.08
    ) -> [Int] {
        var scored: [(index: Int, score: Double)] = []
        for (index, candidate) in candidates.enumerated() where candidate.id != target.id {
            let score = score(target, candidate)
            if score >= threshold { scored.append((index, score)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : candidates[$0.index].id < candidates[$1.index].id }
        return scored.prefix(limit).map(\.index)
    }

    /// `compare(a, b).score`, on digests.
    public static func score(_ a: ProfileDigest, _ b: ProfileDigest) -> Double {
        func jaccard(_ shared: Int, _ x: Int, _ y: Int) -> Double {
            let union = x + y - shared
            return union == 0 ? 0 : Double(shared) / Double(union)
        }
        let services = jaccard(sharedCount(a.services, b.services), a.services.count, b.services.count)
        let factors = jaccard(
            (a.factors & b.factors).nonzeroBitCount, a.factors.nonzeroBitCount, b.factors.nonzeroBitCount)
        let words = jaccard(sharedCount(a.words, b.words), a.words.count, b.words.count)
        return 0.4 * services + 0.2 * factors + 0.4 * words
    }

    static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var shared = 0
        forEachShared(a, b) { _ in shared += 1 }
        return shared
    }
}

/// An `IncidentProfile` as numbers: every service and word by a 64-bit hash (sorted, unique)
/// and the factor categories as bits. Built straight from the stored text, without a string
/// per word.
public struct ProfileDigest: Sendable, Equatable {
    public var id: String
    public var services: [UInt64]
    public var factors: UInt32
    public var words: [UInt64]

    /// `services`: one per line; `factors`, `words`: separated by spaces, as the store keeps them.
    public init(id: String, services: String, factors: String, words: String) {
        self.id = id
        self.services = Self.hashes(services, separator: UInt8(ascii: "\n"), lowercase: true)
        self.words = Self.hashes(words, separator: UInt8(ascii: " "), lowercase: false)
        var bits: UInt32 = 0
        if !factors.isEmpty {
            for name in factors.split(separator: " ") {
                if let category = FactorCategory(rawValue: String(name)),
                    let index = FactorCategory.allCases.firstIndex(of: category)
                {
                    bits |= 1 << UInt32(index)
                }
            }
        }
        self.factors = bits
    }

    public init(_ profile: IncidentProfile) {
        self.init(
            id: profile.id, services: profile.services.joined(separator: "\n"),
            factors: profile.factorCategories.map(\.rawValue).joined(separator: " "),
            words: profile.words.joined(separator: " "))
    }

    /// FNV-1a of each non-empty piece, sorted and unique. Lower-casing matches
    /// `String.lowercased()`: ASCII here, a piece with anything else through the standard library.
    static func hashes(_ text: String, separator: UInt8, lowercase: Bool) -> [UInt64] {
        var result: [UInt64] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                var ascii = true
                while end < bytes.count, bytes[end] != separator {
                    if bytes[end] >= 0x80 { ascii = false }
                    end += 1
                }
                if end > start {
                    let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    if lowercase, !ascii {
                        let folded = String(decoding: piece, as: UTF8.self).lowercased()
                        result.append(fnv1a(folded.utf8, asciiLowercase: false))
                    } else {
                        result.append(fnv1a(piece, asciiLowercase: lowercase))
                    }
                }
                start = end + 1
            }
        }
        result.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(result.count)
        for value in result where unique.last != value { unique.append(value) }
        return unique
    }

    static func fnv1a(_ bytes: some Sequence<UInt8>, asciiLowercase: Bool) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            let folded = asciiLowercase && byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte
            hash = (hash ^ UInt64(folded)) &* 0x100_0000_01b3
        }
        return hash
    }
}
