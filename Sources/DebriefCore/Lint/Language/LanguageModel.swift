import Foundation

/// Blame and hindsight as two logistic regressions over `LanguageFeature`s. The features say
/// how a sentence is written; the weights, learned from the labelled corpus in
/// `Evaluation/language` (`scripts/language-eval --write-weights`), say how much each way of
/// writing counts. A sentence is flagged when its probability passes one half.
public struct LanguageModel: Sendable, Equatable {
    public enum Label: String, Sendable, CaseIterable, Codable {
        case blame, hindsight
    }

    /// Per label: the bias, then one weight per feature (by name, so the table reads well and
    /// a feature added later starts at zero).
    public let bias: [Label: Double]
    public let weights: [Label: [LanguageFeature: Double]]
    /// The same weights by feature position, blame then hindsight, for scoring.
    let table: [Double]

    public init(bias: [Label: Double], weights: [Label: [LanguageFeature: Double]]) {
        self.bias = bias
        self.weights = weights
        // Blame weights, hindsight weights, then the two biases.
        table =
            Label.allCases.flatMap { label in LanguageFeature.allCases.map { weights[label]?[$0] ?? 0 } }
            + [bias[.blame] ?? 0, bias[.hindsight] ?? 0]
    }

    /// What the model makes of one sentence.
    public struct Reading: Sendable {
        /// The sentence's words, joined by spaces.
        public var text: String { words.map(\.original).joined(separator: " ") }
        /// Where the sentence's first word stands on its line.
        public var column: Int
        public var fired: [FiredFeature]
        public var probability: [Label: Double]
        /// The words of the sentence, for explaining a feature.
        public var words: [Word]

        public func flags(_ label: Label) -> Bool { (probability[label] ?? 0) >= 0.5 }

        /// The features that pushed the sentence towards `label`, strongest first.
        public func reasons(_ label: Label, model: LanguageModel) -> [FiredFeature] {
            var seen = Set<LanguageFeature>()
            return fired.filter { (model.weights[label]?[$0.feature] ?? 0) > 0 && seen.insert($0.feature).inserted }
                .sorted { (model.weights[label]?[$0.feature] ?? 0) > (model.weights[label]?[$1.feature] ?? 0) }
        }

        /// The words a feature was found on, as written.
        public func quote(_ feature: FiredFeature) -> String {
            let range = feature.words.clamped(to: 0...max(0, words.count - 1))
            return words[range].map(\.original).joined(separator: " ")
        }
    }

    /// Reads every sentence of a line of prose. `people` are lower-cased names the document
    /// lists, read as people wherever they stand.
    public func read(line: String, people: Set<String> = []) -> [Reading] {
        read(line: line, words: nil, people: WordSet(people))
    }

    /// The same, with the line's words when the caller has them and the people as a `WordSet`.
    func read(line: String, words: [Word]?, people: WordSet) -> [Reading] {
        LanguageSentence.sentences(in: line, words: words, people: people).map { sentence in
            let fired = LanguageFeatures.extract(sentence)
            // Each feature counts once, however often it fired.
            var present: UInt64 = 0
            var blame = table[2 * LanguageFeature.count]
            var hindsight = table[2 * LanguageFeature.count + 1]
            for feature in fired {
                let position = feature.feature.position
                guard present & (1 << position) == 0 else { continue }
                present |= 1 << position
                blame += table[position]
                hindsight += table[LanguageFeature.count + position]
            }
            let probability: [Label: Double] = [.blame: 1 / (1 + exp(-blame)), .hindsight: 1 / (1 + exp(-hindsight))]
            return Reading(
                column: sentence.tokens.first?.word.column ?? 1, fired: fired, probability: probability,
                words: sentence.tokens.map(\.word))
        }
    }

    /// The features of a labelled example, for training.
    public static func features(of text: String) -> Set<LanguageFeature> {
        Set(
            LanguageSentence.sentences(in: text, people: WordSet([])).flatMap {
                LanguageFeatures.extract($0).map(\.feature)
            })
    }

    /// Fits the two regressions by Newton's method on the mean log loss with an L2 penalty on
    /// the weights (not the bias): it converges in a few dozen steps, rare features included,
    /// and is deterministic, so the same corpus always gives the same weights. An example is
    /// one item of the corpus (one or a few sentences) with its labels.
    public static func train(
        _ examples: [(features: Set<LanguageFeature>, labels: Set<Label>)], l2: Double = LanguageModel.l2,
        steps: Int = 50
    ) -> LanguageModel {
        let features = LanguageFeature.allCases
        let size = features.count + 1  // the bias is the last coefficient
        let count = Double(max(1, examples.count))
        var bias: [Label: Double] = [:]
        var weights: [Label: [LanguageFeature: Double]] = [:]
        let rows = examples.map { example in
            features.indices.filter { example.features.contains(features[$0]) } + [size - 1]
        }
        for label in Label.allCases {
            let targets = examples.map { $0.labels.contains(label) ? 1.0 : 0.0 }
            var w = [Double](repeating: 0, count: size)
            for _ in 0..<steps {
                var gradient = [Double](repeating: 0, count: size)
                var hessian = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
                for (row, target) in zip(rows, targets) {
                    let z = row.reduce(0) { $0 + w[$1] }
                    let p = 1 / (1 + exp(-z))
                    let curvature = max(p * (1 - p), 1e-9)
                    for a in row {
                        gradient[a] += (p - target) / count
                        for b in row { hessian[a][b] += curvature / count }
                    }
                }
                for a in 0..<size - 1 {
                    gradient[a] += l2 * w[a]
                    hessian[a][a] += l2
                }
                hessian[size - 1][size - 1] += 1e-9
                guard let step = solve(hessian, gradient) else { break }
                for a in 0..<size { w[a] -= step[a] }
                if step.map(abs).max() ?? 0 < 1e-7 { break }
            }
            bias[label] = w[size - 1]
            weights[label] = Dictionary(uniqueKeysWithValues: zip(features, w))
        }
        return LanguageModel(bias: bias, weights: weights)
    }

    /// The penalty the shipped weights are trained with, chosen by cross-validation on the
    /// development part of the corpus (`scripts/language-eval --l2-sweep`).
    public static let l2 = 0.0003

    /// Solves `a · x = b` by Gaussian elimination with partial pivoting; nil when singular.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a
        var v = b
        let n = v.count
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(m[$0][column]) < abs(m[$1][column]) }),
                abs(m[pivot][column]) > 1e-12
            else { return nil }
            m.swapAt(column, pivot)
            v.swapAt(column, pivot)
            for row in column + 1..<n where m[row][column] != 0 {
                let factor = m[row][column] / m[column][column]
                for k in column..<n { m[row][k] -= factor * m[column][k] }
                v[row] -= factor * v[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = v[row]
            for k in row + 1..<n { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }

    /// Every word the model's word lists hold, sorted: for tests that walk them all.
    public static var knownWords: [String] { Lexicon.classTable.keys.sorted() }

    /// Each word of a text with the part the model gives it (`name/P`, `word/S`), for debugging.
    public static func debugTokens(_ text: String) -> [String] {
        LanguageSentence.sentences(in: text, people: WordSet([])).flatMap { sentence in
            sentence.tokens.map { token in
                let part = token.person.map { "/P.\($0)" } ?? (token.system ? "/S" : "")
                return String(token.word.original) + part + (token.breakAfter ? "|" : "")
            }
        }
    }

    /// The model Debrief ships: the weights in `LanguageWeights`.
    public static let standard = LanguageModel(
        bias: LanguageWeights.bias,
        weights: LanguageWeights.weights.mapValues { byName in
            Dictionary(
                uniqueKeysWithValues: byName.compactMap { name, weight in
                    LanguageFeature(rawValue: name).map { ($0, weight) }
                })
        })
}
