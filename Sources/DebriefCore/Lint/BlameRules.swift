/// Blameless language: people are not the cause, their character is not the topic, and nobody
/// is to be punished.
enum BlameRules {
    static let all: [Rule] = [personAsCauseRule, character, humanError, punishment, bannedPhrase]

    /// Words that stand for a person when they are the subject of a failure verb.
    static let roleWords: WordSet = [
        "engineer", "engineers", "developer", "developers", "dev", "devs", "operator", "operators", "admin",
        "administrator", "sysadmin", "on-call", "oncall", "sre", "intern", "contractor", "employee", "he", "she",
        "someone", "somebody", "dba", "manager", "reviewer", "i", "you", "colleague", "teammate", "staff",
    ]

    /// Verbs that make their subject the cause of a failure.
    static let failureVerbs: WordSet = [
        "broke", "forgot", "missed", "neglected", "ignored", "overlooked", "botched", "messed", "screwed",
        "mistakenly", "carelessly", "fumbled", "disregarded", "bungled", "mishandled", "skipped",
    ]

    /// Failure verbs only people do: a capitalised word right before one is a name, even one
    /// the document never lists ("Dave forgot…"), where "Redis ignored…" stays a system.
    static let humanOnlyVerbs: WordSet = [
        "forgot", "neglected", "overlooked", "botched", "messed", "screwed", "fumbled", "bungled",
    ]

    /// Verbs that, after "didn't"/"did not"/"never", blame the subject for not doing something.
    static let omissionVerbs: WordSet = [
        "check", "test", "follow", "read", "notice", "verify", "review", "bother", "think", "listen", "care", "pay",
    ]

    static func isPerson(_ word: Word, people: Set<String>) -> Bool {
        if word.lower.hasPrefix("@"), word.lower.count > 1 { return true }
        if roleWords.contains(word.lower) { return true }
        // A known name, written with a capital (so "will" the verb is not Will the person).
        return people.contains(word.lower) && word.original.first?.isUppercase == true
    }

    /// A person (name, @handle, role) as the subject of a failure verb: returns the person's
    /// index and the verb's index.
    static func personAsCause(in words: [Word], people: Set<String>) -> (person: Int, verb: Int)? {
        for (index, word) in words.enumerated() {
            var verb: Int?
            if failureVerbs.contains(word.lower) {
                verb = index
            } else if (word.lower == "didn't" || word.lower == "never" || word.lower == "did"),
                index + 1 < words.count
            {
                let next = words[index + 1].lower == "not" && index + 2 < words.count ? index + 2 : index + 1
                if omissionVerbs.contains(words[next].lower) { verb = index }
            }
            guard let verb else { continue }
            if humanOnlyVerbs.contains(words[verb].lower), verb > 0, words[verb - 1].original.first?.isUppercase == true
            {
                return (verb - 1, verb)
            }
            // The subject stands within three words before the verb ("the on-call engineer accidentally broke").
            let lower = max(0, verb - 3)
            for candidate in stride(from: verb - 1, through: lower, by: -1)
            where isPerson(words[candidate], people: people) {
                return (candidate, verb)
            }
        }
        return nil
    }

    static let personAsCauseRule = Rule(
        "blame/person-as-cause", .error,
        "A person, @handle or role is written as the cause of the failure.",
        bad: "Bob forgot to update the replica config, which broke checkout.",
        good: "The replica config was not updated, and nothing in the deploy checked that it matched the primary."
    ) { context in
        var hits: [Hit] = []
        for line in context.prose.lines {
            guard let (person, verb) = personAsCause(in: line.words, people: context.people) else { continue }
            let rest = line.words[(verb + 1)...].prefix(8).map(\.original).joined(separator: " ")
            hits.append(
                Hit(
                    SourceLocation(line: line.line.number, column: line.words[person].column),
                    "'\(line.words[person].original) \(line.words[verb].original)…' makes a person the cause; describe what the system allowed",
                    suggestion:
                        "Rewrite around the system: \"\(rest.isEmpty ? "the step" : rest) did not happen, and nothing in the process or tooling caught it\""
                ))
        }
        return hits
    }

    static let characterWords: WordSet = [
        "careless", "carelessly", "carelessness", "negligent", "negligence", "negligently", "sloppy", "sloppiness",
        "incompetent", "incompetence", "lazy", "laziness", "reckless", "recklessly", "recklessness", "stupid",
        "stupidity", "dumb", "idiot", "idiotic", "clueless", "irresponsible", "foolish", "inattentive", "inept",
        "ineptitude", "boneheaded", "dimwitted",
    ]

    static let character = Rule(
        "blame/character", .error, "Words about a person's character (careless, negligent, sloppy, incompetent).",
        bad: "A careless engineer pushed the change without testing.",
        good: "The change was pushed without tests; the pipeline did not require them for config files."
    ) { context in
        context.prose.lines.flatMap { line in
            line.words.filter { characterWords.contains($0.lower) }.map { word in
                Hit(
                    SourceLocation(line: line.line.number, column: word.column),
                    "'\(word.original)' judges a person; describe the action and the conditions around it instead",
                    suggestion:
                        "Say what happened and what made it easy to happen, e.g. \"the change went out without tests because the pipeline did not require them\""
                )
            }
        }
    }

    static let humanErrorPhrases: PhraseList = [
        ["human", "error"], ["operator", "error"], ["user", "error"], ["pilot", "error"], ["pebkac"],
        ["fat", "finger"], ["fat-finger"], ["fat-fingered"], ["fat", "fingered"], ["human", "mistake"],
        ["personnel", "error"], ["engineer", "error"], ["human", "factor"],
    ]

    /// One hit per prose line on the first phrase of the list it contains; `message` gets the phrase.
    static func phraseHits(
        _ context: LintContext, _ list: PhraseList, suggestion: String? = nil, message: (String) -> String
    ) -> [Hit] {
        context.prose.lines.compactMap { line in
            guard let (index, phrase) = line.words.firstPhrase(in: list) else { return nil }
            return Hit(
                SourceLocation(line: line.line.number, column: line.words[index].column),
                message(phrase.joined(separator: " ")), suggestion: suggestion)
        }
    }

    static let humanError = Rule(
        "blame/human-error", .error, "\"Human error\" or \"operator error\" given as a cause.",
        bad: "Root cause: human error during the migration.",
        good: "Root cause: the migration tool ran against production without a confirmation step."
    ) { context in
        phraseHits(
            context, humanErrorPhrases,
            suggestion: "e.g. \"the CLI accepted a destructive command against production with no confirmation\""
        ) { "'\($0)' is where the analysis should start, not end; name the condition that made the slip possible" }
    }

    static let punishmentPhrases: PhraseList = [
        ["disciplinary"], ["reprimand"], ["reprimanded"], ["punish"], ["punished"], ["punishment"],
        ["be", "fired"], ["was", "fired"], ["get", "fired"], ["been", "fired"], ["fire", "him"], ["fire", "her"],
        ["fire", "them"], ["held", "accountable"], ["hold", "them", "accountable"], ["lose", "their", "job"],
        ["lose", "his", "job"], ["lose", "her", "job"], ["sanctioned"], ["sanctions", "against"],
    ]

    static let punishment = Rule(
        "blame/punishment", .error, "A call for punishment (fired, disciplined, reprimanded, held accountable).",
        bad: "The engineer responsible should be held accountable.",
        good: "Production changes will need a second reviewer, enforced by the deploy tool."
    ) { context in
        phraseHits(context, punishmentPhrases) {
            "'\($0)' calls for punishment; post-mortems look for system fixes, and blame makes people hide the next incident"
        }
    }

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

/// Hindsight bias and counterfactuals about past decisions.
enum HindsightRules {
    static let all: [Rule] = [counterfactual, obviousness, failedTo]

    static let irregularParticiples: WordSet = [
        "known", "seen", "done", "caught", "been", "gone", "taken", "written", "run", "made", "found", "told", "kept",
        "held", "left", "felt", "thought", "brought", "built", "sent", "spent", "set", "put", "read", "got", "gotten",
        "understood", "shown", "given", "driven", "chosen", "spotted", "asked", "rolled", "paged", "stopped",
    ]

    static func isParticiple(_ word: String) -> Bool {
        irregularParticiples.contains(word) || (word.count > 3 && word.hasSuffix("ed"))
            || (word.count > 4 && word.hasSuffix("en"))
    }

    /// A counterfactual about the past: "should have noticed", "could easily have", "if only".
    /// The words a counterfactual can start with (the cases of the switch below).
    static let counterfactualStarts: WordSet = [
        "should", "shouldn't", "could", "ought", "would", "should've", "could've", "if", "had",
    ]

    static func counterfactualMatch(_ words: [Word]) -> (index: Int, text: String)? {
        for (i, word) in words.enumerated() where counterfactualStarts.contains(word.lower) {
            let next = i + 1 < words.count ? words[i + 1].lower : ""
            let afterNext = i + 2 < words.count ? words[i + 2].lower : ""
            switch word.lower {
            case "should", "shouldn't", "could", "ought", "would":
                var j = i + 1
                if next == "not" || next == "never" || next == "easily" || next == "simply" || next == "just"
                    || next == "to"
                {
                    j += 1
                }
                guard j < words.count, words[j].lower == "have" || words[j].lower == "'ve" else { continue }
                // "should have a runbook" asks for something; "should have noticed" judges the past.
                guard j + 1 < words.count else { continue }
                var k = j + 1
                if ["easily", "simply", "just", "already", "been"].contains(words[k].lower), k + 1 < words.count,
                    words[k].lower != "been"
                {
                    k += 1
                }
                guard isParticiple(words[k].lower) else { continue }
                if word.lower == "would",
                    !["obvious", "avoided", "prevented", "caught", "noticed", "clear", "been"].contains(words[k].lower)
                {
                    continue
                }
                if word.lower == "could",
                    !(next == "easily" || words[k].lower == "been"
                        || ["avoided", "prevented", "caught", "noticed", "spotted", "stopped"].contains(words[k].lower))
                {
                    continue
                }
                return (i, words[i...k].map(\.original).joined(separator: " "))
            case "should've", "could've":
                if i + 1 < words.count, isParticiple(next) { return (i, "\(word.original) \(words[i + 1].original)") }
            case "if" where next == "only":
                return (i, "if only")
            case "had"
            where ["we", "they", "he", "she", "i", "someone"].contains(next)
                && ["just", "only", "simply"].contains(afterNext):
                return (i, "had \(next) \(afterNext)")
            default:
                continue
            }
        }
        return nil
    }

    static let counterfactual = Rule(
        "hindsight/counterfactual", .warning,
        "A counterfactual about a past decision (\"should have\", \"could easily have\", \"if only\").",
        bad: "The on-call should have noticed the disk filling up.",
        good: "The disk-usage graph was on a dashboard nobody was paged for; it rose for 40 minutes before the alert."
    ) { context in
        context.prose.lines.compactMap { line in
            guard let (index, text) = counterfactualMatch(line.words) else { return nil }
            return Hit(
                SourceLocation(line: line.line.number, column: line.words[index].column),
                "'\(text)' judges a past decision with hindsight; describe what people knew and saw at the time",
                suggestion:
                    "Write what the situation looked like then: which signal existed, where it was shown, and why it did not stand out"
            )
        }
    }

    static let obviousPhrases: PhraseList = [
        ["obviously"], ["it", "was", "obvious"], ["it", "was", "clear", "that"], ["was", "clearly"],
        ["simply", "needed", "to"], ["just", "needed", "to"], ["all", "they", "had", "to", "do"],
        ["all", "he", "had", "to", "do"], ["all", "she", "had", "to", "do"], ["all", "we", "had", "to", "do"],
        ["should", "have", "been", "obvious"], ["blindingly"], ["any", "competent"], ["common", "sense"],
    ]

    static let obviousness = Rule(
        "hindsight/obviousness", .warning,
        "Hindsight bias: calling something obvious or simple after the fact (\"obviously\", \"it was clear that\", \"simply needed to\").",
        bad: "It was clear that the queue was backing up.",
        good: "The queue depth graph rose from 14:05, but it was not on the on-call dashboard."
    ) { context in
        BlameRules.phraseHits(context, obviousPhrases) {
            "'\($0)' is hindsight: it was not obvious at the time, or it would have been acted on"
        }
    }

    static let failedTo = Rule(
        "hindsight/failed-to", .warning,
        "\"failed to\" with a person as the subject (systems failing to do something is fine).",
        bad: "The on-call engineer failed to escalate.",
        good: "The escalation policy had no step for a second responder, so nobody was paged after 30 minutes."
    ) { context in
        context.prose.lines.compactMap { line in
            var search = 0
            while let index = line.words.find(["failed", "to"], from: search) {
                search = index + 1
                let lower = max(0, index - 3)
                guard index > 0,
                    (lower..<index).contains(where: {
                        BlameRules.isPerson(line.words[$0], people: context.people)
                            || ["we", "they", "team"].contains(line.words[$0].lower)
                    })
                else { continue }
                return Hit(
                    SourceLocation(line: line.line.number, column: line.words[index].column),
                    "'failed to' puts a person's omission at the centre; describe what made the step hard to take or easy to miss"
                )
            }
            return nil
        }
    }
}
