// Scores Debrief's blame and hindsight model on the labelled corpus in Evaluation/language:
// k-fold cross-validation and leave-one-voice-out on the development part, then the frozen
// test part with a model trained on all of the development part, then the linter as shipped.
// `scripts/language-eval` runs it; `--write-weights FILE` writes the shipped weights.
import DebriefCore
import DebriefFormat
import Foundation

var corpusDirectory = "Evaluation/language"
var folds = 5
var weightsPath: String?
var showMistakes = false
var mistakesByVoice = false
var developmentOnly = false
var sweep = false
var scoreDirectory: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--corpus": corpusDirectory = arguments.popFirst() ?? corpusDirectory
    case "--folds": folds = arguments.popFirst().flatMap(Int.init) ?? folds
    case "--write-weights": weightsPath = arguments.popFirst()
    case "--mistakes": showMistakes = true
    case "--mistakes-by-voice":
        showMistakes = true
        mistakesByVoice = true
    case "--dev-only": developmentOnly = true
    case "--l2-sweep": sweep = true
    case "--score": scoreDirectory = arguments.popFirst()
    case "--explain":
        // What the shipped model sees in one sentence: each word's part, the features, the scores.
        let text = arguments.popFirst() ?? ""
        for reading in LanguageModel.standard.read(line: text) {
            print(reading.text)
            print("  tokens: " + LanguageModel.debugTokens(reading.text).joined(separator: " "))
            for feature in reading.fired { print("  \(feature.feature.rawValue): \(reading.quote(feature))") }
            print(
                "  blame \(figure(reading.probability[.blame] ?? 0)), hindsight \(figure(reading.probability[.hindsight] ?? 0))"
            )
        }
        exit(0)
    default:
        FileHandle.standardError.write(
            Data("usage: LanguageEval [--corpus DIR] [--folds N] [--write-weights FILE] [--mistakes]\n".utf8))
        exit(2)
    }
}

func load(_ part: String, from root: String) throws -> LanguageCorpus {
    let directory = URL(fileURLWithPath: root).appendingPathComponent(part)
    var corpus = LanguageCorpus()
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tsv") }
        .sorted()
    for file in files {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        try corpus.add(tsv: text, voice: String(file.dropLast(4)))
    }
    return corpus
}

func percent(_ value: Double) -> String { String(format: "%5.1f%%", value * 100) }
func figure(_ value: Double) -> String { String(format: "%.3f", value) }

func line(_ name: String, _ count: Int, _ report: LanguageCorpus.Report) -> String {
    let blame = report.scores[.blame] ?? .init()
    let hindsight = report.scores[.hindsight] ?? .init()
    return [
        name.padding(toLength: 30, withPad: " ", startingAt: 0), String(format: "%4d", count),
        figure(blame.precision), figure(blame.recall), figure(blame.f1), " ", figure(hindsight.precision),
        figure(hindsight.recall), figure(hindsight.f1), " ", percent(report.neutralFlaggedRate),
    ].joined(separator: " ")
}

let header =
    "part                            n  blame: P     R     F1     hindsight: P  R     F1    neutral flagged"

do {
    let dev = try load("dev", from: corpusDirectory)
    let test = try load("test", from: corpusDirectory)
    if sweep {
        // The penalty is chosen here, on the development part only.
        print(header)
        for l2 in [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03] {
            print(line("dev, \(folds)-fold, l2 \(l2)", dev.examples.count, dev.crossValidate(folds: folds, l2: l2)))
        }
        exit(0)
    }
    print(header)
    print(line("dev, \(folds)-fold cross-validation", dev.examples.count, dev.crossValidate(folds: folds)))
    var pooled = LanguageCorpus.Report()
    for (voice, report) in dev.leaveOneVoiceOut() {
        print(line("  dev, without voice \(voice)", dev.examples.filter { $0.voice == voice }.count, report))
        pooled = pooled + report
    }
    print(line("dev, leave one voice out", dev.examples.count, pooled))
    let model = dev.train()
    if let weightsPath {
        try weightsSource(model).write(toFile: weightsPath, atomically: true, encoding: .utf8)
        print("wrote \(weightsPath)")
    }
    if let scoreDirectory {
        // New sentences, scored by the model trained on dev before they join it: a fresh
        // held-out check whenever the corpus is widened.
        var fresh = LanguageCorpus()
        for file in try FileManager.default.contentsOfDirectory(atPath: scoreDirectory).sorted()
        where file.hasSuffix(".tsv") {
            let text = try String(contentsOfFile: scoreDirectory + "/" + file, encoding: .utf8)
            try fresh.add(tsv: text, voice: String(file.dropLast(4)))
        }
        let report = fresh.evaluate { LanguageCorpus.classify(model, $0) }
        print(line("fresh, trained on dev", fresh.examples.count, report))
        for (example, predicted) in report.mistakes { print(mistake(example, predicted)) }
        exit(0)
    }
    if developmentOnly {
        for label in LanguageModel.Label.allCases {
            let ranked = LanguageFeature.allCases.map { ($0, model.weights[label]?[$0] ?? 0) }.sorted { $0.1 > $1.1 }
            print(
                "\(label.rawValue) bias \(figure(model.bias[label] ?? 0)): "
                    + ranked.map { "\($0.0.rawValue) \(String(format: "%.1f", $0.1))" }.joined(separator: ", "))
        }
        printMistakes(dev)
        exit(0)
    }
    let frozen = test.evaluate { LanguageCorpus.classify(model, $0) }
    print(line("FROZEN TEST, trained on dev", test.examples.count, frozen))
    // The linter as shipped, end to end: each sentence as the summary of a post-mortem.
    let linter = Linter()
    let today = LocalDate(year: 2026, month: 1, day: 1)
    func shipped(_ text: String) -> Set<LanguageModel.Label> {
        let markdown = "# Evaluation\n\n## Summary\n\n\(text)\n"
        guard let document = try? PostMortemParser.parse(markdown, path: "sentence.md") else { return [] }
        var labels = Set<LanguageModel.Label>()
        for finding in linter.lint(document, today: today) {
            if finding.rule.hasPrefix("blame/") { labels.insert(.blame) }
            if finding.rule.hasPrefix("hindsight/") { labels.insert(.hindsight) }
        }
        return labels
    }
    print(line("frozen test, debrief lint", test.examples.count, test.evaluate(shipped)))
    print("goals on the frozen test: blame F1 >= 0.90, hindsight F1 >= 0.85, neutral flagged <= 5%")
    printMistakes(dev)
} catch {
    FileHandle.standardError.write(Data("LanguageEval: \(error)\n".utf8))
    exit(2)
}

/// Only the development part's cross-validated mistakes: the frozen part is never read.
@MainActor func printMistakes(_ dev: LanguageCorpus) {
    guard showMistakes else { return }
    let mistakes =
        mistakesByVoice
        ? dev.leaveOneVoiceOut().flatMap(\.report.mistakes) : dev.crossValidate(folds: folds).mistakes
    print("\nmistakes in dev \(mistakesByVoice ? "leave-one-voice-out" : "cross-validation") (labelled -> predicted):")
    for (example, predicted) in mistakes { print(mistake(example, predicted)) }
}

/// One misread example: where it is, its labels and the model's, the text and its features.
func mistake(_ example: LanguageCorpus.Example, _ predicted: Set<LanguageModel.Label>) -> String {
    func name(_ labels: Set<LanguageModel.Label>) -> String {
        labels.isEmpty ? "neutral" : labels.map(\.rawValue).sorted().joined(separator: "+")
    }
    let features = LanguageModel.features(of: example.text).map(\.rawValue).sorted().joined(separator: ",")
    return
        "\(example.voice):\(example.line) [\(name(example.labels)) -> \(name(predicted))] \(example.text)\n    {\(features)}"
}

func weightsSource(_ model: LanguageModel) -> String {
    var out = """
        // Generated by `scripts/language-eval --write-weights` from Evaluation/language/dev: the
        // weights of LanguageModel.standard. Do not edit; add sentences to the corpus and regenerate.
        enum LanguageWeights {
            static let bias: [LanguageModel.Label: Double] = [

        """
    for label in LanguageModel.Label.allCases {
        out += "        .\(label.rawValue): \(String(format: "%.4f", model.bias[label] ?? 0)),\n"
    }
    out += "    ]\n\n    /// By feature name, so that removing a feature never breaks the build before regenerating.\n"
    out += "    static let weights: [LanguageModel.Label: [String: Double]] = [\n"
    for label in LanguageModel.Label.allCases {
        out += "        .\(label.rawValue): [\n"
        for feature in LanguageFeature.allCases {
            out +=
                "            \"\(feature.rawValue)\": \(String(format: "%.4f", model.weights[label]?[feature] ?? 0)),\n"
        }
        out += "        ],\n"
    }
    out += "    ]\n}\n"
    return out
}
