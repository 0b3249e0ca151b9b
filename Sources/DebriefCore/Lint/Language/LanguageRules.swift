/// Turns the language model's readings of a document's prose into findings: one per way a
/// flagged sentence blames or judges with hindsight, at the words that show it, with why and
/// a rewrite in the blameless form.
enum LanguageRules {
    /// The rules' families, each a group of features.
    enum Family: CaseIterable {
        case personAsCause, character, humanError, punishment, counterfactual, obviousness, missed

        /// The rule that reports the family.
        var ruleID: String {
            switch self {
            case .personAsCause: "blame/person-as-cause"
            case .character: "blame/character"
            case .humanError: "blame/human-error"
            case .punishment: "blame/punishment"
            case .counterfactual: "hindsight/counterfactual"
            case .obviousness: "hindsight/obviousness"
            case .missed: "hindsight/failed-to"
            }
        }

        var label: LanguageModel.Label {
            switch self {
            case .personAsCause, .character, .humanError, .punishment: .blame
            case .counterfactual, .obviousness, .missed: .hindsight
            }
        }

        var features: Set<LanguageFeature> {
            switch self {
            case .personAsCause:
                [
                    .personHarm, .roleHarm, .personOmission, .passiveByPerson, .possessiveMistake, .possessiveResult,
                    .causeIsPerson, .personCounterfactual,
                ]
            case .character: [.judgement, .judgementIdiom, .habit]
            case .humanError: [.humanError]
            case .punishment: [.consequence]
            case .counterfactual: [.counterfactual, .personCounterfactual, .minimizing, .easiness]
            case .obviousness: [.hindsightIdiom, .obviousness, .predictability, .signs]
            case .missed: [.missedSign]
            }
        }
    }

    /// A flagged sentence of a prose line.
    struct Flagged {
        var line: Int
        var reading: LanguageModel.Reading
    }

    /// Every sentence of the document's prose the model flags for blame or hindsight.
    static func flagged(_ prose: ProseText, people names: Set<String>) -> [Flagged] {
        let people = WordSet(names)
        return prose.lines.flatMap { line in
            LanguageModel.standard.read(line: line.line.text, words: line.words, people: people)
                .filter { $0.flags(.blame) || $0.flags(.hindsight) }
                .map { Flagged(line: line.line.number, reading: $0) }
        }
    }

    static func hits(_ context: LintContext, _ family: Family) -> [Hit] {
        let model = LanguageModel.standard
        return context.flaggedSentences.compactMap { flagged in
            let reading = flagged.reading
            guard reading.flags(family.label),
                let reason = reading.reasons(family.label, model: model).first(where: {
                    family.features.contains($0.feature)
                })
            else { return nil }
            let quote = reading.quote(reason)
            let column = reading.words[reason.words.lowerBound].column
            return Hit(
                SourceLocation(line: flagged.line, column: column), message(reason.feature, quote),
                suggestion: suggestion(reason.feature))
        }
    }

    /// Why the words were flagged.
    static func message(_ feature: LanguageFeature, _ quote: String) -> String {
        switch feature {
        case .personHarm, .roleHarm:
            "'\(quote)' makes a person the cause of the harm; describe what the system allowed"
        case .personOmission:
            "'\(quote)' blames a person for a step not taken; describe what made the step easy to skip"
        case .passiveByPerson: "'\(quote)' names a person as the agent of the harm"
        case .possessiveMistake: "'\(quote)' hands the mistake to a person; name the condition that let it through"
        case .possessiveResult: "'\(quote)' makes a person's act the cause; the conditions around it are the cause"
        case .causeIsPerson: "'\(quote)' makes a person the cause; a root cause is a condition that can be changed"
        case .personCounterfactual: "'\(quote)' judges a person with what was learned afterwards"
        case .judgement, .judgementIdiom:
            "'\(quote)' judges a person's character, competence or attention; describe the action and its conditions"
        case .habit: "'\(quote)' holds a habit against a person; describe this incident's conditions"
        case .humanError:
            "'\(quote)' is where the analysis should start, not end; name the condition that made the slip possible"
        case .consequence:
            "'\(quote)' aims a consequence at a person; post-mortems look for system fixes, and blame makes people hide the next incident"
        case .counterfactual, .minimizing, .easiness:
            "'\(quote)' judges a past decision with hindsight; describe what people knew and saw at the time"
        case .hindsightIdiom, .obviousness, .predictability, .signs:
            "'\(quote)' is hindsight: it was not obvious at the time, or it would have been acted on"
        case .missedSign: "'\(quote)' judges a sign as missed with what was learned later; say why it did not stand out"
        default: "'\(quote)'"
        }
    }

    /// A rewrite in the blameless form.
    static func suggestion(_ feature: LanguageFeature) -> String {
        switch feature {
        case .personHarm, .roleHarm, .passiveByPerson, .possessiveResult, .causeIsPerson:
            "Rewrite around the system: what the step was, what allowed it (no check, no confirmation, a misleading default) and why nothing caught it"
        case .personOmission, .possessiveMistake:
            "e.g. \"the change went out untested: the pipeline does not require tests for config files\""
        case .personCounterfactual, .counterfactual, .minimizing, .easiness:
            "Write what the situation looked like then: which signal existed, where it was shown, and why it did not stand out"
        case .judgement, .judgementIdiom, .habit:
            "Say what happened and what made it easy to happen, e.g. \"the change went out without tests because the pipeline did not require them\""
        case .humanError: "e.g. \"the CLI accepted a destructive command against production with no confirmation\""
        case .consequence:
            "Name the system change instead, e.g. \"production changes will need a second reviewer, enforced by the deploy tool\""
        case .hindsightIdiom, .obviousness, .predictability, .signs:
            "Describe the signal and its context at the time, e.g. \"the queue graph rose from 14:05, but it was not on the on-call dashboard\""
        case .missedSign:
            "e.g. \"the warning was logged at DEBUG, which production does not collect\""
        default: "Describe the conditions, not the person"
        }
    }
}
