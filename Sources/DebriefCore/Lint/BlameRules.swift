/// Blameless language: people are not the cause, their character is not the topic, and nobody
/// is to be punished. Read by `LanguageModel` (see docs/lint-rules.md, "How the blame and
/// hindsight rules decide"): a sentence it judges to blame gets one finding per way it blames.
enum BlameRules {
    static let all: [Rule] = [personAsCauseRule, character, humanError, punishment, bannedPhrase]

    static let personAsCauseRule = Rule(
        LanguageRules.Family.personAsCause.ruleID, .error,
        "A person, @handle or role is written as the cause of the failure: the subject of a harmful act, the agent of a passive, the owner of a mistake, the whole of a root cause.",
        bad: "Bob forgot to update the replica config, which broke checkout.",
        good: "The replica config was not updated, and nothing in the deploy checked that it matched the primary."
    ) { context in LanguageRules.hits(context, .personAsCause) }

    static let character = Rule(
        LanguageRules.Family.character.ruleID, .error,
        "A person's character, competence, attention or effort is judged (careless, lazy, \"didn't bother\", \"asleep at the wheel\", \"as usual\").",
        bad: "A careless engineer pushed the change without testing.",
        good: "The change was pushed without tests; the pipeline did not require them for config files."
    ) { context in LanguageRules.hits(context, .character) }

    static let humanError = Rule(
        LanguageRules.Family.humanError.ruleID, .error, "\"Human error\" or \"operator error\" given as a cause.",
        bad: "Root cause: human error during the migration.",
        good: "Root cause: the migration tool ran against production without a confirmation step."
    ) { context in LanguageRules.hits(context, .humanError) }

    static let punishment = Rule(
        LanguageRules.Family.punishment.ruleID, .error,
        "A consequence aimed at a person (fired, let go, disciplined, removed from the rotation, held accountable).",
        bad: "The engineer responsible should be held accountable.",
        good: "Production changes will need a second reviewer, enforced by the deploy tool."
    ) { context in LanguageRules.hits(context, .punishment) }

    static let bannedPhrase = Rule(
        "blame/banned-phrase", .error, "A phrase the team's policy bans (`banned-phrases` in `.debrief.yml`).",
        bad: "banned-phrases: [\"root cause: bob\"]\n…root cause: Bob…", good: "…root cause: the retry policy…"
    ) { context in
        let phrases = context.policy.bannedPhrases.map { ProseText.words($0).map(\.lower) }.filter { !$0.isEmpty }
        guard !phrases.isEmpty else { return [] }
        return context.prose.lines.flatMap { line in
            phrases.compactMap { phrase in
                line.words.find(phrase).map {
                    Hit(
                        SourceLocation(line: line.line.number, column: line.words[$0].column),
                        "'\(phrase.joined(separator: " "))' is banned by the team's policy")
                }
            }
        }
    }
}

/// Hindsight bias and counterfactuals about past decisions, read by `LanguageModel`.
enum HindsightRules {
    static let all: [Rule] = [counterfactual, obviousness, failedTo]

    static let counterfactual = Rule(
        LanguageRules.Family.counterfactual.ruleID, .warning,
        "A counterfactual about the past (\"should have\", \"had we …\", \"if we had just …\", \"all we needed to do was …\").",
        bad: "The on-call should have noticed the disk filling up.",
        good: "The disk-usage graph was on a dashboard nobody was paged for; it rose for 40 minutes before the alert."
    ) { context in LanguageRules.hits(context, .counterfactual) }

    static let obviousness = Rule(
        LanguageRules.Family.obviousness.ruleID, .warning,
        "Obviousness or predictability after the fact (\"in hindsight\", \"plain to see\", \"a matter of time\", \"inevitable\").",
        bad: "It was clear that the queue was backing up.",
        good: "The queue depth graph rose from 14:05, but it was not on the on-call dashboard."
    ) { context in LanguageRules.hits(context, .obviousness) }

    static let failedTo = Rule(
        LanguageRules.Family.missed.ruleID, .warning,
        "A sign judged as missed with what was learned later (\"we missed\", \"nobody thought to\", \"overlooked\", \"ignored the warnings\").",
        bad: "We missed the obvious memory leak.",
        good: "Memory grew 2% a day; the alert threshold was 95%, so nothing fired until the day it ran out."
    ) { context in LanguageRules.hits(context, .missed) }
}
