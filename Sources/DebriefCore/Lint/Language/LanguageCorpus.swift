import Foundation

/// A labelled corpus of sentences (`Evaluation/language`) and the figures a classifier gets
/// on it. Pure: the caller reads the files.
public struct LanguageCorpus: Sendable {
    public struct Example: Sendable {
        public var text: String
        public var labels: Set<LanguageModel.Label>
        /// The file it came from, without extension: its voice.
        public var voice: String
        public var line: Int
    }

    public var examples: [Example]

    public init(examples: [Example] = []) { self.examples = examples }

    public struct FormatError: Error, CustomStringConvertible {
        public var voice: String
        public var line: Int
        public var message: String
        public var description: String { "\(voice).tsv:\(line): \(message)" }
    }

    /// Adds the lines of one `label<TAB>sentence` file.
    public mutating func add(tsv: String, voice: String) throws {
        for (index, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let tab = line.firstIndex(of: "\t") else {
                throw FormatError(voice: voice, line: index + 1, message: "expected `label<TAB>sentence`")
            }
            var labels = Set<LanguageModel.Label>()
            for name in line[..<tab].split(separator: "+") where name != "neutral" {
                guard let label = LanguageModel.Label(rawValue: String(name)) else {
                    throw FormatError(
                        voice: voice, line: index + 1,
                        message: "unknown label '\(name)'; use blame, hindsight, blame+hindsight or neutral")
                }
                labels.insert(label)
            }
            examples.append(
                Example(text: String(line[line.index(after: tab)...]), labels: labels, voice: voice, line: index + 1))
        }
    }

    /// Precision, recall and F1 of one label, and how many neutral examples got any flag.
    public struct Scores: Sendable {
        public var truePositives = 0, falsePositives = 0, falseNegatives = 0

        public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
            self.truePositives = truePositives
            self.falsePositives = falsePositives
            self.falseNegatives = falseNegatives
        }

        public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }

        public static func + (lhs: Scores, rhs: Scores) -> Scores {
            Scores(
                truePositives: lhs.truePositives + rhs.truePositives,
                falsePositives: lhs.falsePositives + rhs.falsePositives,
                falseNegatives: lhs.falseNegatives + rhs.falseNegatives)
        }
    }

    public struct Report: Sendable {
        public var scores: [LanguageModel.Label: Scores] = [:]
        public var neutral = 0
        public var neutralFlagged = 0
        /// The examples the classifier got wrong, for reading.
        public var mistakes: [(example: Example, predicted: Set<LanguageModel.Label>)] = []

        public init() {}

        public var neutralFlaggedRate: Double { neutral == 0 ? 0 : Double(neutralFlagged) / Double(neutral) }

        public static func + (lhs: Report, rhs: Report) -> Report {
            var sum = lhs
            for (label, scores) in rhs.scores { sum.scores[label] = (sum.scores[label] ?? Scores()) + scores }
            sum.neutral += rhs.neutral
            sum.neutralFlagged += rhs.neutralFlagged
            sum.mistakes += rhs.mistakes
            return sum
        }
    }

    /// Scores a classifier (the labels it gives a text) on the examples.
    public func evaluate(_ classify: (String) -> Set<LanguageModel.Label>) -> Report {
        var report = Report()
        for label in LanguageModel.Label.allCases { report.scores[label] = Scores() }
        for example in examples {
            let predicted = classify(example.text)
            for label in LanguageModel.Label.allCases {
                switch (example.labels.contains(label), predicted.contains(label)) {
                case (true, true): report.scores[label]!.truePositives += 1
                case (false, true): report.scores[label]!.falsePositives += 1
                case (true, false): report.scores[label]!.falseNegatives += 1
                case (false, false): break
                }
            }
            if example.labels.isEmpty {
                report.neutral += 1
                if !predicted.isEmpty { report.neutralFlagged += 1 }
            }
            if predicted != example.labels { report.mistakes.append((example, predicted)) }
        }
        return report
    }

    /// Trains a model on the examples.
    public func train(l2: Double = LanguageModel.l2) -> LanguageModel {
        LanguageModel.train(examples.map { (LanguageModel.features(of: $0.text), $0.labels) }, l2: l2)
    }

    /// The labels the model gives a text: a label when any sentence of it passes one half.
    public static func classify(_ model: LanguageModel, _ text: String) -> Set<LanguageModel.Label> {
        var labels = Set<LanguageModel.Label>()
        for reading in model.read(line: text) {
            for label in LanguageModel.Label.allCases where reading.flags(label) { labels.insert(label) }
        }
        return labels
    }

    /// k-fold cross-validation: each example is scored by a model trained without its fold.
    /// Folds are dealt round-robin within each voice, so every fold holds every voice.
    public func crossValidate(folds k: Int, l2: Double = LanguageModel.l2) -> Report {
        var fold: [Int] = []
        var seen: [String: Int] = [:]
        for example in examples {
            fold.append(seen[example.voice, default: 0] % k)
            seen[example.voice, default: 0] += 1
        }
        return (0..<k).map { f in
            let model = LanguageCorpus(examples: examples.indices.filter { fold[$0] != f }.map { examples[$0] }).train(
                l2: l2)
            let held = LanguageCorpus(examples: examples.indices.filter { fold[$0] == f }.map { examples[$0] })
            return held.evaluate { Self.classify(model, $0) }
        }.reduce(Report(), +)
    }

    /// Leave one voice out: each voice is scored by a model trained on the others.
    public func leaveOneVoiceOut() -> [(voice: String, report: Report)] {
        let voices = Array(Set(examples.map(\.voice))).sorted()
        return voices.map { voice in
            let model = LanguageCorpus(examples: examples.filter { $0.voice != voice }).train()
            return (
                voice,
                LanguageCorpus(examples: examples.filter { $0.voice == voice }).evaluate { Self.classify(model, $0) }
            )
        }
    }
}
