/// What the language model notices in a sentence. Each feature is a way of writing (a person
/// as the subject of a harmful act, a counterfactual about the past, a plan for the future),
/// found from the word classes of `Lexicon` and where the words stand; `LanguageModel` learns
/// how much each one counts towards blame and towards hindsight.
public enum LanguageFeature: String, Sendable, CaseIterable, Codable {
    // Blame: a person as the cause.
    /// A person is the subject of a harmful act ("Dave pushed the bad config").
    case personHarm
    /// The subject of that act is a role noun ("the intern ran the script against production").
    case roleHarm
    /// A person did not do a step ("didn't bother to check", "without testing").
    case personOmission
    /// A harmful act done "by" a person ("was deleted by Priya").
    case passiveByPerson
    /// A person owns a mistake ("Dmitri's typo", "his bad merge").
    case possessiveMistake
    /// A person's act is said to have caused the harm ("Marta's decision … turned a blip into…").
    case possessiveResult
    /// A person is the cause or the fault ("the root cause was Mike", "this is on Priya").
    case causeIsPerson
    /// A word judging the character, competence, attention or effort of a person in the
    /// sentence or of an act ("careless", "lazy", "a sloppy review").
    case judgement
    /// An idiom judging a person ("asleep at the wheel", "should know better").
    case judgementIdiom
    /// A habit held against a person ("as usual", "again", "classic Sven").
    case habit
    /// "Human error", "operator error", "fat-finger".
    case humanError
    /// A consequence for a person ("let go", "disciplined", "removed from the rotation").
    case consequence

    // Hindsight.
    /// "In hindsight", "a matter of time", "the writing was on the wall".
    case hindsightIdiom
    /// "Obvious", "clearly", "plain", "evident".
    case obviousness
    /// "Predictable", "inevitable", "bound to".
    case predictability
    /// A counterfactual about the past ("should have caught", "had we …", "if only").
    case counterfactual
    /// A person as the subject of that counterfactual ("Dave should have known").
    case personCounterfactual
    /// The fix made small ("all we needed to do", "just had to", "a simple test would have").
    case minimizing
    /// "Simple", "easy", "clearly visible": a weaker sign of the same.
    case easiness
    /// A sign judged as missed ("we missed", "nobody thought to", "ignored the warnings").
    case missedSign
    /// "Warning signs", "red flags", "the clues".
    case signs

    // What turns a finding away.
    /// Blame rejected or reported ("we are not treating this as human error").
    case rejection
    /// A plan, or an explanation of why nothing stood out at the time ("we will", "at the time").
    case remedy
    /// The act is explained by a reason that follows it ("because the app had logged him out").
    case explained
    /// A system is the subject of the act or the counterfactual.
    case systemSubject
    /// The sentence is a timeline entry: it starts with a clock time.
    case timestamped
    /// A quotation: the words may be cited, not meant.
    case quoted
    /// "We" or "nobody" is the subject: the team speaking of itself.
    case firstPerson
}

extension LanguageFeature {
    static let positions: [LanguageFeature: Int] = Dictionary(
        uniqueKeysWithValues: allCases.enumerated().map { ($0.element, $0.offset) })

    static let count = allCases.count

    /// The feature's place in `allCases`.
    var position: Int { Self.positions[self]! }
}

/// One feature found, with the words that show it.
public struct FiredFeature: Sendable, Equatable {
    public var feature: LanguageFeature
    /// Index of the first and last word in the sentence.
    public var words: ClosedRange<Int>
}

enum LanguageFeatures {
    // Word sets the feature checks look words up in (kept here, built once).
    static let remediesWords: Set<String> = [
        "fix", "fixes", "solution", "solutions", "option", "options", "answer", "workaround", "choice", "candidate",
        "approach", "remedy", "step", "first",
    ]
    static let liveWords: Set<String> = [
        "wrong", "prod", "production", "live", "customer", "customers", "all", "every",
    ]
    static let lapsesWords: Set<String> = ["expire", "lapse", "rot", "slip", "fill", "die", "drift", "overflow", "run"]
    static let latentWords: Set<String> = [
        "latent", "old", "existing", "pre-existing", "long-standing", "underlying", "hidden", "dormant",
    ]
    static let reportingWords: Set<String> = [
        "wrote", "said", "claimed", "suggested", "complained", "argued", "asked", "assumed", "insisted", "tweeted",
    ]
    static let findersWords: Set<String> = ["review", "investigation", "analysis", "we", "timeline", "logs", "data"]
    static let statesWords: Set<String> = ["was", "were", "is", "had", "'d", "wasn't", "weren't", "hadn't"]
    /// What software and machines fail to do ("failed to load"), not people.
    static let machineVerbs: Set<String> = [
        "load", "start", "connect", "respond", "render", "sync", "boot", "resolve", "parse", "compile", "install",
        "launch", "open", "save", "upload", "download", "deliver", "authenticate", "refresh", "replicate", "mount",
        "bind", "allocate", "converge", "elect", "serialize", "deserialize", "decode", "encode", "fire",
    ]

    static let judgementIdioms: PhraseList = [
        ["asleep", "at", "the", "wheel"], ["dropped", "the", "ball"], ["drop", "the", "ball"], ["no", "idea"],
        ["back", "to", "sleep"], ["sat", "on"], ["know", "better"],
        ["not", "competent"],
        ["lack", "of", "attention"], ["lack", "of", "effort"], ["lack", "of", "judgement"], ["lack", "of", "judgment"],
        ["lacked", "the", "judgement"], ["lacked", "the", "judgment"], ["poor", "oversight"], ["poor", "judgement"],
        ["poor", "judgment"], ["be", "bothered"], ["didn't", "bother"], ["did", "not", "bother"], ["didn't", "care"],
        ["did", "not", "care"], ["can't", "read"], ["cannot", "read"], ["could", "not", "be", "bothered"],
        ["couldn't", "be", "bothered"], ["not", "paying", "attention"], ["wasn't", "paying", "attention"],
        ["too", "lazy"], ["no", "clue"], ["can't", "be", "trusted"], ["cannot", "be", "trusted"],
        ["could", "not", "be", "trusted"], ["couldn't", "be", "trusted"], ["not", "be", "trusted"],
        ["head", "examined"], ["heads", "examined"],
        // "restarted it twice for no reason": an act judged pointless.
        ["for", "no", "reason"], ["for", "no", "good", "reason"], ["obviously", "didn't", "understand"],
        ["clearly", "didn't", "understand"],
        ["should", "know", "better"], ["slept", "through"], ["fell", "for"], ["not", "careful"],
        ["was", "not", "careful"], ["lapse", "in", "attention"], ["lapse", "of", "attention"],
        ["without", "to", "ask"], ["did", "not", "want"], ["didn't", "even"], ["on", "a", "whim"],
        ["before", "bothering"],
        // A risky act done for the actor's own ease: "to save himself a site visit".
        ["save", "himself"], ["save", "herself"], ["save", "themselves"], ["found", "it", "annoying"],
        ["found", "it", "tedious"], ["found", "them", "annoying"],
        ["acted", "outside", "of", "policy"], ["outside", "of", "policy"], ["more", "careful"], ["more", "diligent"],
        ["any", "competent"], ["any", "decent"], ["any", "trained"], ["any", "experienced"], ["any", "reasonable"],
        ["too", "slow"], ["took", "too", "long"], ["far", "too", "long"], ["too", "tired"],
        ["what", "they", "were", "doing"], ["what", "he", "was", "doing"], ["what", "she", "was", "doing"],
        ["so-called"], ["not", "do", "his", "job"], ["not", "do", "her", "job"], ["not", "do", "their", "job"],
        ["didn't", "do", "his", "job"], ["didn't", "do", "her", "job"], ["didn't", "do", "their", "job"],
        ["doesn't", "do", "his", "job"], ["doesn't", "do", "her", "job"], ["don't", "do", "their", "job"],
    ]

    /// Nouns after "… error" that make it a thing the software shows or counts.
    static let errorThings: Set<String> = [
        "message", "messages", "code", "codes", "log", "logs", "page", "pages", "dialog", "string", "text",
        "handler", "handling", "rate", "rates", "budget", "banner", "screen", "response", "field",
        // "a human error review was not needed": the term naming a kind of analysis.
        "review", "reviews", "analysis", "investigation", "taxonomy", "framework", "training", "category",
        "classification", "lens", "narrative",
    ]

    /// Qualities that make a person's contribution welcome: "thanks to Dmitri's quick report".
    static let creditWords: Set<String> = [
        "quick", "fast", "prompt", "timely", "early", "careful", "good", "great", "sharp", "swift", "thorough",
        "excellent", "diligent", "calm", "clear", "detailed", "helpful",
    ]

    static let humanErrorPhrases: PhraseList = [
        ["human", "error"], ["operator", "error"], ["user", "error"], ["pilot", "error"], ["pebkac"],
        ["fat", "finger"], ["fat-finger"], ["fat-fingered"], ["fat", "fingered"], ["human", "mistake"],
        ["personnel", "error"], ["engineer", "error"], ["human", "factor"], ["individual", "error"],
    ]

    static let consequencePhrases: PhraseList = [
        ["let", "go"], ["written", "up"], ["formal", "warning"], ["held", "accountable"], ["be", "fired"],
        ["was", "fired"], ["get", "fired"], ["been", "fired"], ["should", "be", "fired"], ["removed", "from"],
        ["taken", "action", "against"], ["taken", "appropriate", "action"], ["action", "against"],
        ["disciplinary"], ["disciplined"], ["reprimanded"], ["reprimand"], ["punished"], ["punishment"],
        ["sanctions", "against"], ["never", "let"], ["be", "trusted"], ["reassigned"], ["demoted"],
        ["lose", "their", "job"], ["held", "responsible"], ["be", "held"], ["off", "the", "rotation"],
        ["taken", "off"], ["lose", "his", "job"],
        ["lose", "her", "job"], ["as", "a", "consequence"],
        ["accountability", "for", "this", "failure"], ["to", "be", "removed"], ["not", "be", "allowed"],
        ["banned", "from"], ["disciplinary", "proceedings"], ["answer", "for", "it"], ["answer", "for", "this"],
        ["answer", "for", "that"], ["should", "lose"], ["lose", "access"], ["formally", "warned"],
        ["required", "to", "repeat"], ["required", "to", "retake"], ["moved", "off"], ["reported", "to", "hr"],
        ["been", "expelled"], ["was", "expelled"],
        ["reported", "to", "human", "resources"], ["referred", "to", "hr"],
    ]

    /// Whether a person stands before `index` in its clause, before any word that opens a
    /// subordinate clause ("whether the numbers could be trusted" has none).
    static func hasPersonSubject(_ s: LanguageSentence, before index: Int) -> Bool {
        var i = index - 1
        let clause = s.clauseStart(index)
        while i >= max(clause, index - 8) {
            if s[i].person != nil { return true }
            if ["whether", "if", "that", "which", "what"].contains(s.lower(i)) { return false }
            i -= 1
        }
        // "…one of our clerks, who has since been removed": a relative clause on a person.
        return clause > 0 && clause >= index - 8 && s.lower(clause) == "who" && s[clause - 1].person != nil
    }

    /// First words of consequence phrases said of their subject ("was removed from", "be trusted").
    static let subjectConsequences: Set<String> = ["be", "removed", "taken", "banned", "not"]

    /// Words after which a person stands as the cause: "the root cause was Mike", "caused by Omar".
    static let causeWords: WordSet = [
        "cause", "rc", "fault", "blame", "responsible", "guilty", "lies", "attributable", "doing", "caused",
        "provoked", "thanks", "squarely", "culprit", "because", "down", "reason", "responsibility", "due",
    ]

    /// The features that point at a person.
    static let blameFeatures: Set<LanguageFeature> = [
        .personHarm, .roleHarm, .personOmission, .passiveByPerson, .possessiveMistake, .possessiveResult,
        .causeIsPerson, .judgement, .judgementIdiom, .habit, .humanError, .consequence,
        .personCounterfactual,
    ]

    /// What one misses without having overlooked anything: a target or a deadline.
    static let targetNouns: WordSet = [
        "slo", "slos", "sla", "deadline", "deadlines", "target", "targets", "budget", "window", "goal", "goals",
        "objective", "quota", "flight", "train", "meeting", "cut-off", "cutoff", "windows", "slot", "slots",
        "appointment", "appointments", "connection", "connections", "sailing", "sailings", "ferry", "departure",
        "departures", "flights", "trains", "bus",
        // What a machine misses on a schedule: "missed 3 heartbeats".
        "heartbeat", "heartbeats", "ping", "pings", "probe", "probes", "scrape", "scrapes", "keepalive",
        "keepalives", "poll", "polls", "checkpoint", "checkpoints",
    ]

    /// Nouns for something a person did, which a judgement of it passes on to them.
    static let actNouns: WordSet = [
        "change", "push", "merge", "review", "commit", "fix", "deploy", "deployment", "rollout", "handling", "work",
        "testing", "edit", "decision", "approval", "upgrade", "migration",
    ]

    static let easyWords: WordSet = ["simple", "simply", "easy", "easily", "visible", "clear", "apparent"]
    static let indefinitePeople: WordSet = ["someone", "somebody", "anyone", "anybody", "whoever"]
    static let negators: WordSet = [
        "not", "never", "no", "avoid", "avoiding", "isn't", "wasn't", "aren't", "don't", "didn't", "rather", "nor",
        "without", "instead",
    ]
    static let modals: WordSet = [
        "should", "shouldn't", "could", "couldn't", "would", "wouldn't", "must", "might", "ought",
    ]
    static let modalAdverbs: WordSet = ["not", "never", "easily", "simply", "just", "to", "really", "all", "obviously"]
    static let omissionMarkers: WordSet = [
        "didn't", "never", "without", "not", "can't", "cannot", "won't", "wouldn't", "refused", "refuses",
    ]

    static let technicalAfterJudgement: WordSet = [
        "loading", "loader", "load", "initialisation", "initialization", "initialised", "initialized", "evaluation",
        "consensus", "heap", "mode", "default", "defaults", "evaluated", "iterator", "sequence", "val", "var",
        "property", "fetch", "fetching", "writes", "pages", "read", "reads", "flag",
    ]

    /// Every feature the sentence shows.
    static func extract(_ s: LanguageSentence) -> [FiredFeature] {
        var fired: [FiredFeature] = []
        func add(_ feature: LanguageFeature, _ from: Int, _ to: Int? = nil) {
            let last = max(from, min(to ?? from, s.count - 1))
            fired.append(FiredFeature(feature: feature, words: from...last))
        }
        let n = s.count
        guard n > 0 else { return [] }
        let hasPerson = s.tokens.contains { $0.person != nil && $0.person != .team }
        if s.startsWithTime { add(.timestamped, 0) }
        if s.quotes { add(.quoted, 0) }

        // A conditional about what a machine might have done makes its "would have" the same.
        var machineConditional = false
        for i in 0..<n {
            let word = s[i].lower
            // A harmful act and its subject.
            // ("Aiko forgot nothing"; "we have not identified any individual failing")
            // ("Luis wiped the test tenant": clearing away what was meant to go is a step, not harm.)
            // ("the exposed bucket", "our broken build": a participle naming a thing is no act.)
            // ("dispatch missed 900 pickup windows": a target missed is an outcome, not an act.)
            if s.has(i, .harmVerbs) || isHarmfulNeutralAct(s, i),
                !(nothingWords.contains(s.lower(i + 1)) || negated(s, i, 1)
                    || disposableObject(s, i)
                    || (i > 0 && participleDeterminers.contains(s.lower(i - 1)) && isParticiple(s, i))
                    || (word == "missed" && missesTarget(s, i)))
            {
                if let subject = s.subject(before: i) {
                    if let reason = explanation(s, after: i) ?? explanation(s, before: i, subject: subject) {
                        // "Sam missed the page because the app had logged him out."
                        add(.explained, reason)
                    } else {
                        add(.personHarm, subject, i)
                        if s[subject].person == .role || s[subject].person == .team { add(.roleHarm, subject, i) }
                    }
                } else if let system = systemSubject(s, before: i), s.lower(i + 1) != "by" {
                    // (In "the error was missed by the reviewer" the system is what was acted on.)
                    add(.systemSubject, system, i)
                }
                // "… was deleted by Priya"
                if let by = (i + 1..<min(n, i + 4)).first(where: { s.lower($0) == "by" }), by + 1 < n {
                    let agent = (by + 1..<min(n, by + 5)).first { s[$0].person != nil && s[$0].person != .pronoun }
                    let systemFirst = (by + 1..<min(n, by + 5)).first { s[$0].system }
                    if let agent, systemFirst.map({ $0 > agent }) ?? true {
                        add(.passiveByPerson, i, agent)
                    }
                }
            }
            // Omission: "didn't check", "did not bother", "never patched", "without testing",
            // "failed to notice"
            if s.has(i, .omissionMarkers),
                let verb = (i + 1..<min(n, i + 4)).first(where: { s.has($0, .omissionVerbs) })
            {
                let subject = word == "without" ? actorBefore(s, i) : s.subject(before: i)
                if let subject { add(.personOmission, subject, verb) }
            }
            // ("Thumbnails failed to load": what a machine does, whatever the subject looks like.)
            if ["failed", "failing", "failure"].contains(word), s.lower(i + 1) == "to", i + 2 < n,
                !Self.machineVerbs.contains(s.lower(i + 2)),
                let subject = s.subject(before: i) ?? (s[max(0, i - 1)].possessive ? i - 1 : nil),
                s[subject].person != nil
            {
                add(.personOmission, subject, i + 2)
            }
            // "The runbook was not followed by Rosa"
            if word == "not" || word == "never", i + 3 < n, isParticiple(s, i + 1),
                s.lower(i + 2) == "by", s[i + 3].person != nil || (i + 4 < n && s[i + 4].person != nil)
            {
                add(.personOmission, i, i + 3)
            }
            // "a mistake made by a member of our team", "mistake of Sergei"
            if s.has(i, .mistakeNouns), !["bad", "buggy", "rushed", "careless", "sloppy"].contains(word) {
                var j = i + 1
                if s.lower(j) == "made" { j += 1 }
                if s.lower(j) == "by" || s.lower(j) == "of",
                    let person = (j + 1..<min(n, j + 5)).first(where: { s[$0].person != nil && s[$0].person != .team })
                {
                    add(.possessiveMistake, i, person)
                }
            }
            // "resulted from Ingrid's decision", "due to Omar's change"
            if ["resulted", "caused", "due", "thanks", "because"].contains(word),
                let owner = (i + 1..<min(n, i + 4)).first(where: { s[$0].possessive && s[$0].person != nil }),
                !(word == "thanks" && Self.creditWords.contains(s.lower(owner + 1)))
            {
                add(.possessiveResult, owner, i)
            }
            // Possessive: "Dmitri's typo", "his bad merge", "Marta's decision … turned"
            // ("nobody's fault", "no one's mistake", "anyone's error" name no owner.)
            if s[i].possessive || ["his", "her", "their"].contains(word), s[i].person != nil || s[i].possessive,
                s[i].person != nil || !s[i].system,
                !["nobody", "anyone", "anybody", "everyone", "everybody", "one", "no-one"].contains(
                    s[i].stem.lowercased())
            {
                if let mistake = (i + 1..<min(n, i + 4)).first(where: {
                    s.hasStem($0, .mistakeNouns) || s.has($0, .judgementWords)
                }) {
                    add(.possessiveMistake, i, mistake)
                } else if s[i].person != nil, !Self.creditWords.contains(s.lower(i + 1)),
                    let result = (i + 1..<min(n, i + 13)).first(where: { s.has($0, .resultVerbs) }),
                    harmfulResult(s, result)
                {
                    add(.possessiveResult, i, result)
                } else if s[i].person != nil, i + 2 < n, s[i + 1].system, s.has(i + 2, .harmVerbs),
                    harmfulResult(s, i + 2)
                {
                    // "The intern's script wiped the buckets"
                    add(.possessiveResult, i, i + 2)
                }
            }
            // The cause is a person.
            // ("Thanks to @mkowalski for bisecting …" is gratitude, not a cause.)
            // ("The tool was down so he asked Ana": a person is the cause after "down to", not "down".)
            if s.has(i, .consequenceWords) == false, s.hasStem(i, .causeWords),
                !(word == "thanks" && (i + 1..<min(n, i + 5)).contains { s.lower($0) == "for" }
                    && !(i + 1..<min(n, i + 5)).contains { s[$0].possessive }),
                // "Thanks to Dmitri's quick report …": credit for what limited the harm.
                !(word == "thanks"
                    && (i + 1..<min(n, i + 5)).contains {
                        s[$0].possessive && Self.creditWords.contains(s.lower($0 + 1))
                    }),
                // "The review team thanks the charge nurses, whose …": the verb of gratitude;
                // only "thanks to" names a cause.
                word != "thanks" || s.lower(i + 1) == "to",
                word != "down" || s.lower(i + 1) == "to",
                // "entirely due to one of our clerks"; "the payment was due on Friday" is a date.
                word != "due" || s.lower(i + 1) == "to"
            {
                let window = (i + 1..<min(n, i + 7))
                if let person = window.first(where: {
                    s[$0].person != nil && s[$0].person != .team && s[$0].person != .pronoun
                }),
                    // (a system noun right before the person is part of a role: "the system administrator")
                    !window.prefix(while: { $0 < person - 1 }).contains(where: {
                        s[$0].system && !s.has($0, .eventNouns)
                    }),
                    // "… because the vendor's engineer was only available then": a person's state
                    // given as a reason, not a person as the cause.
                    word != "because" || s.lower(i + 1) == "of"
                        || !["was", "were", "is", "are"].contains(s.lower(person + 1))
                {
                    add(.causeIsPerson, i, person)
                }
                // "Pablo's fault", "Ana's own doing", "Jonas is to blame" (not "per Tomás's note
                // above, the fault is in the hook": the owner is right before, or "is to" comes
                // between).
                if ["fault", "doing", "blame"].contains(word), let owner = faultOwner(s, i) {
                    add(.causeIsPerson, owner, i)
                }
                // "Max's team is responsible for this outage" (not "the team responsible for the
                // service"): a person before, the harm after.
                if word == "responsible", s.lower(i + 1) == "for",
                    (i + 2..<min(n, i + 5)).contains(where: { s.has($0, .eventNouns) }),
                    let owner = (max(0, i - 4)..<i).last(where: { s[$0].person != nil })
                {
                    add(.causeIsPerson, owner, i)
                }
            }
            // "this is lucas fault", as chat writes it: a name right before the fault.
            if s[i].person == .named, !s[i].possessive, i + 1 < n,
                ["fault", "mistake", "screwup", "screw-up", "blunder"].contains(s.lower(i + 1))
            {
                add(.possessiveMistake, i, i + 1)
            }
            // "this is on Priya", "all on jake", "this one's on tom"
            if word == "on", i > 0,
                ["is", "all", "was", "squarely", "it's", "that's", "one's"].contains(s.lower(i - 1)),
                let person = (i + 1..<min(n, i + 3)).first(where: {
                    s[$0].person == .named || s[$0].person == .nameLike || s[$0].person == .role
                }), person == i + 1 || s.lower(i + 1) == "the"
            {
                add(.causeIsPerson, i, person)
            } else if word == "on", i > 1, ["is", "was"].contains(s.lower(i - 1)),
                ["which", "this", "that", "it"].contains(s.lower(i - 2)),
                ["him", "her", "them"].contains(s.lower(i + 1)),
                i + 2 >= s.clauseEnd(i + 1)
            {
                // "…, which is on him": the fault placed on the person just named.
                add(.causeIsPerson, i, i + 1)
            }
            // "Root cause: Mike." — a cause whose whole answer is a person.
            if word == "cause" || word == "rc" || word == "blame", i + 1 < n,
                s[i].breakAfter || s.lower(i + 1) == "was",
                let person = (i + 1..<min(n, i + 3)).first(where: { s[$0].person != nil }), person >= n - 3
            {
                add(.causeIsPerson, i, person)
            }
            // Judgement words, unless they name a technical thing ("lazy loading", "careless default").
            if s.has(i, .judgementWords) || s.hasStem(i, .judgementWords) {
                let next = i + 1 < n ? s[i + 1] : nil
                let technical = next.map { $0.classes.contains(.technicalAfterJudgement) } ?? false
                if !technical, !negated(s, i, 1) {
                    // "Sloppy naming of the environments" judges no one: only a judgement of a
                    // sentence that names a person or a team counts.
                    if hasPerson || s.tokens.contains(where: { $0.person == .team }) {
                        add(.judgement, i)
                    } else if (i + 1..<min(n, i + 3)).contains(where: { s.has($0, .actNouns) }) {
                        // "a careless config change": the act stands for the person who made it.
                        add(.judgement, i)
                    }
                }
            }
            if s.has(i, .habitWords), hasPerson || s.tokens.contains(where: { $0.person == .team }) {
                // "as usual", "like always", "classic Sven", "typical Lukas"; "again" only beside
                // a harmful act ("broke it again"), since a programme also "starts again".
                let habitual: Bool
                switch word {
                case "usual", "always":
                    // "as usual", "like always", "as he always does".
                    habitual =
                        ["as", "like"].contains(s.lower(i - 1))
                        || (["as", "like"].contains(s.lower(i - 2))
                            && ["he", "she", "they", "you"].contains(s.lower(i - 1)))
                case "second", "third", "fourth", "fifth", "umpteenth", "nth":
                    // "this is the third time", "third time this quarter": a person's act
                    // counted against them ("for the second time" alone may be a plain retry).
                    habitual =
                        s.lower(i + 1) == "time"
                        && ((s.lower(i - 1) == "the" && ["is", "was", "'s"].contains(s.lower(i - 2)))
                            || (s.lower(i + 2) == "this"
                                && ["week", "month", "quarter", "sprint", "year"].contains(s.lower(i + 3))))
                case "again", "everything":
                    // "Bob again 🙄": a retro note naming only a person and the habit.
                    habitual =
                        fired.contains { [.personHarm, .personOmission, .judgement].contains($0.feature) }
                        || (word == "again" && s.count <= 3 && i == s.count - 1 && s[0].person != nil)
                case "form":
                    // "true to form": what a person or team was expected to do, held against them.
                    habitual = s.lower(i - 1) == "to" && s.lower(i - 2) == "true"
                default: habitual = true
                }
                if habitual { add(.habit, i) }
            }
            // "We clearly documented the steps": an adverb of manner between a subject and its
            // verb, not a claim that something was obvious.
            // ("she obviously didn't understand": said of a person, not of what could be seen.)
            let manner =
                i > 0 && (s[i - 1].person != nil || ["we", "they", "i"].contains(s.lower(i - 1)))
                && (s.lower(i + 1).hasSuffix("ed") || s.has(i + 1, .pastVerbs)
                    || ["didn't", "did", "wasn't", "doesn't", "hadn't"].contains(s.lower(i + 1)))
            // "the obvious fix was rejected": a remedy that suggests itself, not a fault that
            // should have been seen.
            if s.has(i, .obviousWords), !manner, !Self.remediesWords.contains(s.lower(i + 1)) {
                if s.has(i, .easyWords) {
                    add(.easiness, i)
                } else {
                    add(.obviousness, i)
                }
                // "It was clear within a minute that …, because only eu-west failed": plain at
                // the time, from evidence the sentence names; not judged afterwards.
                if let moment = atTheTime(s, around: i) {
                    add(.remedy, moment)
                } else if let reason = explanation(s, after: i) {
                    add(.explained, reason)
                }
            }
            if s.has(i, .predictableWords), !s[i].inQuote {
                let bound = word == "bound" ? s.lower(i + 1) == "to" : true
                // "this was coming", "it was coming", "saw it coming"
                let coming =
                    word == "coming"
                    ? ["this", "it", "time"].contains(s.lower(i - 1))
                        || (s.lower(i - 1) == "was" && ["this", "it", "that"].contains(s.lower(i - 2))) : true
                // "foreseen in the project plan": planned, as translated reports say it.
                let planned =
                    word == "foreseen" && s.lower(i + 1) == "in"
                    && (i + 2..<min(n, i + 5)).contains {
                        ["plan", "plans", "roadmap", "design", "budget", "contract", "schedule"].contains(s.lower($0))
                    }
                // "We predicted the expiry date months ago": a forecast made at the time, by
                // whoever the subject is (not "anyone could have predicted", a modal's).
                let forecast =
                    ["predicted", "anticipated", "predict", "anticipate"].contains(word) && i > 0
                    && (["we", "they", "i"].contains(s.lower(i - 1)) || s[i - 1].person != nil)
                if bound, coming, !planned, !forecast { add(.predictability, i) }
            }
            if s.has(i, .signNouns) { add(.signs, i) }
            // "Nobody ignored the alert; it was suppressed …": a neglect denied, not a sign missed.
            let deniedNeglect =
                s.has(i, .noticeVerbs) && ["nobody", "no-one", "never"].contains(s.lower(i - 1))
                && word != "noticed"
            if deniedNeglect { add(.rejection, i - 1, i) }
            // ("The missed heartbeat caused …": a participle naming a thing, not a sign missed.)
            if !deniedNeglect && s.has(i, .noticeVerbs) && !participleDeterminers.contains(s.lower(i - 1))
                || (word == "notice" || word == "noticed" || word == "thought" || word == "spot" || word == "bothered")
                    && (s.lower(i - 1) == "to" || s.lower(i - 1) == "nobody" || s.lower(i - 2) == "nobody"
                        || s.lower(i - 1) == "not")
                || ((word == "see" || word == "saw" || word == "spot" || word == "notice")
                    && (s.lower(i - 1) == "not" || s.lower(i - 1) == "never" || s.lower(i - 1) == "didn't"))
                || ((word == "act" || word == "acted") && s.lower(i + 1) == "on"
                    && (s.lower(i - 1) == "nobody" || s.lower(i - 1) == "not" || s.lower(i - 1) == "never"))
            {
                // "Nobody thought the host was still running, because it was marked decommissioned"
                if (max(s.clauseStart(i), i - 4)..<i).contains(where: {
                    ["so", "ensure", "sure", "lest"].contains(s.lower($0))
                })
                    || (max(0, i - 3)..<i).contains(where: {
                        ["could", "couldn't", "cannot", "can't", "unable"].contains(s.lower($0))
                    })
                {
                    // (And "our reviewers could not see the generated SQL": what could not be
                    // seen is no sign missed.)
                    // "paused the dashboards so that nobody acted on wrong numbers": a purpose
                    // or a result, not a sign judged as missed.
                } else if missesTarget(s, i) || nothingWords.contains(s.lower(i + 1)) {
                    // "We missed our SLO", "missed the 22:30 cut-off": a target, not a sign;
                    // "missed no commands": nothing missed.
                } else if ["was", "were", "been", "be"].contains(s.lower(i - 1)),
                    (max(s.clauseStart(i), i - 6)..<i).contains(where: {
                        ["no", "none", "nothing", "not"].contains(s.lower($0)) || s.has($0, .targetNouns)
                    })
                {
                    // "no delivery commitments were missed", "the deadline was missed": nothing
                    // missed, or a target missed, told in the passive.
                } else if let reason = explanation(s, after: i) {
                    add(.explained, reason)
                } else if let system = missedBySystem(s, i) {
                    // (and "the index was missed by the planner's statistics")
                    // "Hermes, our notification service, missed three heartbeats"
                    add(.systemSubject, system, i)
                } else {
                    add(.missedSign, i)
                }
            }
            // "In retrospect I would post sooner": what the writer would do next time, a lesson.
            if word.utf8.count <= 2, word == "i" || word == "we", s.lower(i + 1) == "would",
                !["have", "'ve", "never", "not"].contains(s.lower(i + 2)), !s.lower(i + 2).hasSuffix("n't")
            {
                add(.remedy, i, i + 1)
            }
            // ("The QA team" is another team: "team" is the writers only as "our team", "the whole
            // team" or on its own.)
            if ["we", "nobody", "everyone", "everybody", "anyone", "team"].contains(word), i < 3 || s[i - 1].breakAfter,
                word != "team" || i == 0 || ["our", "my", "whole", "entire", "the"].contains(s.lower(i - 1))
            {
                add(.firstPerson, i)
            }
            // Counterfactuals about the past.
            if let end = counterfactual(s, at: i) {
                // Who the counterfactual is about: the subject before a modal, the words between
                // "if" and "had", the word after "had", or the agent of a passive.
                var agent: Int?
                if word == "if" || word == "had" {
                    agent = (i + 1...end).first { s[$0].person != nil && s[$0].person != .pronoun }
                } else {
                    agent = s.subject(before: i, reach: 4)
                }
                let clauseEnd = s.clauseEnd(end)
                if agent == nil, let by = (end..<clauseEnd).first(where: { s.lower($0) == "by" }), by + 2 < n {
                    agent = (by + 1...by + 2).first { s[$0].person != nil }
                }
                let passive = s.lower(end - 1) == "been" || s.lower(end) == "been"
                // "The config should have been rejected by validation": what a check was built
                // to do, the agent of the passive being no person.
                let machineAgent =
                    passive && agent == nil
                    && (end..<clauseEnd).first(where: { s.lower($0) == "by" }).map { by in
                        // (Not "caught by a basic soak test": a check that did not exist.)
                        by + 1 < n && s.lower(by + 1).first?.isLetter == true
                            && !["a", "an", "even", "any", "some", "just", "simply", "one"].contains(s.lower(by + 1))
                            && !(by + 1..<min(n, by + 3)).contains { s[$0].person != nil }
                    } ?? false
                // "Had the certificate expired, every client would have failed": what a machine
                // might have done, the impact of a near miss, not a judgement of a decision.
                var machineCondition = false
                if word == "if" || word == "had", agent == nil {
                    let had = word == "had" ? i : end
                    let subjectWords = word == "had" ? (i + 1..<min(n, i + 4)) : (i + 1..<end)
                    let verb = (had + 1..<min(n, had + 5)).first {
                        !s[$0].system && !["the", "a", "an", "our", "its"].contains(s.lower($0))
                    }
                    machineCondition =
                        subjectWords.contains { (s[$0].system && !s.has($0, .eventNouns)) || s.lower($0) == "it" }
                        && verb.map { s.lower($0) != "been" && !["we", "they", "i", "you"].contains(s.lower($0)) }
                            ?? false
                }
                if word == "if" || word == "had", machineCondition { machineConditional = true }
                // "Nobody could have predicted it", "we do not think she should have …": the
                // counterfactual is denied, not asserted.
                // ("It would never have happened if we had …": that "never" is the outcome the
                // counterfactual claims, not a denial of it.)
                let denied =
                    (max(s.clauseStart(i), i - 3)..<i).contains {
                        (["not", "never"].contains(s.lower($0)) || s.lower($0).hasSuffix("n't"))
                            && !(s.lower($0 + 1) == "have" && ["happened", "occurred"].contains(s.lower($0 + 2)))
                    }
                    // "Nobody could have predicted it"; "Nobody at the clinics could have known":
                    // the clause's subject denies it, however many words name who.
                    || (max(s.clauseStart(i), i - 7)..<i).contains {
                        ["nobody", "no-one", "noone"].contains(s.lower($0))
                            || (s.lower($0) == "no" && s.lower($0 + 1) == "one")
                            // "none of them could have known" (not "none of this would have
                            // happened", a claim about the outcome)
                            || (s.lower($0) == "none" && s.lower($0 + 1) == "of"
                                && (["them", "us", "you"].contains(s.lower($0 + 2))
                                    || s[min(n - 1, $0 + 3)].person != nil))
                    }
                    // "could not have caught this": an impossibility, not a reproach.
                    || word == "couldn't" || (word == "could" && ["not", "never"].contains(s.lower(i + 1)))
                    // "Tomás asked whether we could have caught it": a question, not a reproach;
                    // so is "Could we have caught it earlier?", the modal opening the clause.
                    || (max(0, i - 4)..<i).contains { s.lower($0) == "whether" }
                    // "we asked what each reviewer could have known": a question asked in the
                    // review, reported, not a reproach.
                    || (max(0, i - 6)..<i).contains { k in
                        ["what", "how", "whether", "if"].contains(s.lower(k))
                            && (max(0, k - 3)..<k).contains {
                                ["asked", "ask", "asking", "wondered", "discussed", "examined", "considered"]
                                    .contains(s.lower($0))
                            }
                    }
                    || (i == s.clauseStart(i) && ["could", "should", "would", "might"].contains(word)
                        && ["we", "i", "you", "they", "anyone", "anybody", "someone", "somebody"].contains(
                            s.lower(i + 1)))
                // "I should have written this post-mortem sooner": about the write-up, not the incident.
                let aboutReport = (end + 1..<min(n, end + 4)).contains {
                    ["post-mortem", "postmortem", "write-up", "writeup", "retrospective"].contains(s.lower($0))
                }
                // A team named by its role ("the QA team should have caught this") is people other
                // than the writers.
                let namedTeam = { (agent: Int) -> Bool in
                    s[agent].person != .team
                        || (agent > 0 && s[agent - 1].person != nil && s[agent - 1].person != .team)
                }
                if denied {
                    // Over the rest of its clause: "could not have predicted it", "asked whether
                    // it could have been foreseen" deny or ask what follows the modal too.
                    // (Up to a conjunction: "…, but Dave should have checked" is a claim again.)
                    let stop =
                        (end + 1..<s.clauseEnd(end)).first(where: {
                            ["but", "and", "however", "yet", "so", "though", "although", "while"].contains(s.lower($0))
                        }) ?? s.clauseEnd(end)
                    add(.rejection, i, max(end, stop - 1))
                } else if aboutReport {
                    add(.remedy, i, end)
                } else if let agent, namedTeam(agent), !s.has(agent, .indefinitePeople),
                    // (Not "If I had listened, I would have caught it": the writer, as "we" is.)
                    s.lower(agent) != "i"
                {
                    add(.personCounterfactual, min(agent, i), max(agent, end))
                    add(.counterfactual, i, end)
                } else if machineCondition || machineAgent || (machineConditional && word == "would")
                    || (!passive && word != "if" && word != "had"
                        && systemSubject(s, before: i).map { !s.has($0, .eventNouns) } ?? false)
                {
                    // "The job should have retried": what a machine was built to do.
                    add(.systemSubject, i, end)
                } else {
                    add(.counterfactual, i, end)
                }
            }
            if let end = minimizing(s, at: i) { add(.minimizing, i, end) }
        }
        for (index, length) in s.find(Lexicon.hindsightIdioms, startingWith: .hindsightStart) {
            // "what he could see at 02:10": what was known inside the incident, not foresight.
            if (max(s.clauseStart(index), index - 2)..<index).contains(where: { s.lower($0) == "what" }) { continue }
            // "In hindsight is the name of our review": the words named, the subject of "is".
            if index <= 1, ["in", "with"].contains(s.lower(0)), s.lower(1) == "hindsight",
                ["is", "was"].contains(s.lower(2))
            {
                continue
            }
            // "the fault-injection test that would have caught this": what a machine was built
            // to do, in a relative clause on it.
            if index > 1, ["that", "which"].contains(s.lower(index - 1)),
                (max(0, index - 6)..<(index - 1)).contains(where: { s[$0].system || s.has($0, .eventNouns) })
            {
                continue
            }
            // "Sam dropped the ball": said of someone else, a judgement of their effort (blame);
            // "we dropped the ball by not checking" looks back at what we missed.
            if s.lower(index) == "dropped", index > 0, s[index - 1].person != nil,
                !["we", "i", "us"].contains(s.lower(index - 1))
            {
                continue
            }
            add(.hindsightIdiom, index, index + length - 1)
        }
        // "Anyone who has run a mail server for a week knows you never …": what the writer knows
        // now, told as what every competent person knew.
        for i in 0..<n where ["anyone", "anybody"].contains(s.lower(i)) && s.lower(i + 1) == "who" {
            if let knows = (i + 2..<min(n, i + 16)).first(where: { ["knows", "know", "knew"].contains(s.lower($0)) }) {
                add(.hindsightIdiom, i, knows)
            }
        }
        // "was not taking his duties seriously", "didn't take the alert seriously".
        for i in 0..<n where s.lower(i) == "seriously" {
            let window = max(s.clauseStart(i), i - 5)..<i
            if let take = window.first(where: { ["take", "taking", "took", "taken"].contains(s.lower($0)) }),
                (max(s.clauseStart(i), take - 3)..<take).contains(where: {
                    ["not", "never"].contains(s.lower($0)) || s.lower($0).hasSuffix("n't")
                }), hasPerson
            {
                add(.judgementIdiom, take, i)
            }
        }
        for (index, length) in s.find(judgementIdioms, startingWith: .judgementIdiomStart) {
            // "The queue consumer did not bother with acknowledgements": a machine is not judged.
            if !s.tokens.contains(where: { $0.person != nil }), systemSubject(s, before: index) != nil { continue }
            // "…messages it cannot read": "it" is a thing.
            if index > 0, s.lower(index - 1) == "it" { continue }
            add(.judgementIdiom, index, index + length - 1)
        }
        for (index, length) in s.find(humanErrorPhrases, startingWith: .humanErrorStart) {
            // "the label "human error"": a term named, not a cause given.
            if (index..<index + length).allSatisfy({ s[$0].inQuote }) { continue }
            // "the operator error message": a thing the software shows.
            if Self.errorThings.contains(s.lower(index + length)) { continue }
            add(negated(s, index, length) ? .rejection : .humanError, index, index + length - 1)
        }
        for (index, length) in s.find(consequencePhrases, startingWith: .consequenceStart)
        where hasPerson || s.tokens.contains(where: { $0.person == .team }) {
            // "He can no longer be trusted with …" punishes a person; "whether the numbers could
            // be trusted" does not: these phrases need a person as their subject.
            if subjectConsequences.contains(s.lower(index)), !hasPersonSubject(s, before: index) { continue }
            add(negated(s, index, length) ? .rejection : .consequence, index, index + length - 1)
        }
        for (index, length) in s.find(Lexicon.rejectionIdioms, startingWith: .rejectionStart) {
            add(.rejection, index, index + length - 1)
        }
        if let (reported, answer) = reportedThenAnswered(s) {
            // "A customer wrote that our engineer must have been careless; the review found the
            // tooling made the mistake easy": a claim quoted in order to be answered. What the
            // claim says counts for neither blame nor hindsight.
            fired.removeAll {
                $0.feature != .rejection && $0.words.lowerBound > reported && $0.words.lowerBound < answer
            }
            add(.rejection, reported)
        }
        for (index, length) in s.find(Lexicon.remedyIdioms, startingWith: .remedyStart) {
            // "so the customer lost a week": a result, told in the past; "so the next deploy is
            // checked" is the plan the idiom means.
            let result =
                s.lower(index) == "so" && s.lower(index + 1) == "the"
                && (index + 2..<min(n, index + 4)).contains { s.has($0, .pastVerbs) || s.lower($0).hasSuffix("ed") }
            // "There was no reason to suspect it" explains; "restarted it for no reason" judges.
            let pointless = s.lower(index) == "no" && s.lower(index - 1) == "for"
            if !result && !pointless { add(.remedy, index, index + length - 1) }
        }
        // Blame reported in order to be rejected ("It would be easy to say that Dave made a
        // mistake, but …") is not blame: what follows a rejection does not count.
        // (Up to a "but" that makes a claim of its own: "Nobody could have predicted it, but Dave
        // should have checked.")
        if let rejected = fired.filter({ $0.feature == .rejection }).map(\.words.lowerBound).min() {
            let contrast = (rejected + 1..<n).first { ["but", "however", "yet"].contains(s.lower($0)) } ?? n
            fired.removeAll {
                blameFeatures.contains($0.feature) && $0.words.lowerBound > rejected && $0.words.lowerBound < contrast
            }
        }
        // What a rejection spans does not count besides it: "the board asked whether the outage
        // could have been foreseen" asks about "foreseen", it does not claim it.
        for rejection in fired where rejection.feature == .rejection && rejection.words.count > 1 {
            fired.removeAll {
                $0.feature != .rejection && rejection.words.contains($0.words.lowerBound)
                    && rejection.words.contains($0.words.upperBound)
            }
        }
        // "Whether a person could have caught this is the wrong question": a rejection of the
        // question itself takes back the blame and the counterfactual it asked about, before it too.
        if fired.contains(where: { $0.feature == .rejection && s.lower($0.words.upperBound) == "question" }) {
            fired.removeAll { blameFeatures.contains($0.feature) || $0.feature == .counterfactual }
        }
        return fired
    }

    /// A phrase beside an "obvious" or "clear" that places it in the moment ("within a minute",
    /// "immediately", "by 10:40", "right away"): the index of its first word.
    static func atTheTime(_ s: LanguageSentence, around i: Int) -> Int? {
        // (The moment may be told in the clause after: "… showed the spike, and the responder
        // acted on it within a minute.")
        let window = max(s.clauseStart(i), i - 4)..<min(s.count, i + 14)
        for j in window {
            let word = s.lower(j)
            if ["immediately", "instantly", "quickly", "soon", "early"].contains(word) { return j }
            if word == "within" || word == "after",
                ["a", "an", "one", "two", "few", "seconds", "minutes"].contains(
                    s.lower(j + 1)) || s.lower(j + 1).first?.isNumber == true
            {
                return j
            }
            // "by 14:05", "obvious at 21:04": a clock time names the moment.
            if word == "by" || word == "at", s.lower(j + 1).first?.isNumber == true { return j }
            if (word == "at" && s.lower(j + 1) == "once") || (word == "right" && s.lower(j + 1) == "away") {
                return j
            }
            // "obvious from the first failure": the incident's first signal.
            if word == "from", s.lower(j + 1) == "the", ["first", "very"].contains(s.lower(j + 2)) { return j }
        }
        return nil
    }

    /// Whether the words at `index` are negated or rejected in their clause: "not", "never",
    /// "avoid", "rather than" before them, or "was ruled out", "is not a" after them.
    static func negated(_ s: LanguageSentence, _ index: Int, _ length: Int) -> Bool {
        let start = max(s.clauseStart(index), index - 6)
        if (start..<index).contains(where: { s.has($0, .negators) }) { return true }
        let after = index + length
        return s.matches(["ruled", "out"], at: after + 1) || s.matches(["is", "not"], at: after)
            || s.matches(["is", "a", "label"], at: after) || s.matches(["is", "a", "symptom"], at: after)
            || s.matches(["is", "never"], at: after) || s.matches(["would", "be", "wrong"], at: after)
            || s.matches(["would", "be", "unfair"], at: after) || s.matches(["would", "be", "misleading"], at: after)
            || s.matches(["is", "wrong"], at: after)
            || s.matches(["was", "not"], at: after) || s.matches(["was", "ruled"], at: after)
    }

    /// An act that is harmful only with a harmful object or manner after it ("pushed bad
    /// config", "ran the script against production", "merged without waiting").
    /// Objects that are cleared away as a fix ("the stale keys", "the test tenant", "the
    /// runaway query"), unless the words also say they were the wrong ones or live.
    static let disposable: Set<String> = [
        "test", "testing", "unused", "stale", "orphaned", "poisoned", "runaway", "stuck", "hung", "zombie",
        "leftover", "temporary", "temp", "scratch", "sandbox", "staging", "duplicate", "duplicated", "expired",
        "obsolete", "dead", "old", "corrupt", "corrupted", "bad", "broken", "failed", "failing", "misbehaving",
    ]

    /// Words before a participle that make it name a thing ("the missed heartbeat").
    static let participleDeterminers: Set<String> = [
        "the", "a", "an", "each", "every", "one", "two", "three", "our", "their", "its", "this", "that", "these",
        "those",
    ]

    /// Acts that clear something away.
    static let clearingVerbs: Set<String> = [
        "wiped", "deleted", "killed", "dropped", "removed", "purged", "truncated", "overwrote", "overwritten",
        "disabled", "cleared", "flushed", "nuked", "destroyed", "trashed",
    ]

    /// Whether the act at `i` clears away something meant to go: a disposable word in the
    /// object's first words, and nothing there that makes it the wrong or a live thing.
    static func disposableObject(_ s: LanguageSentence, _ i: Int) -> Bool {
        // "@lena cut 4.2.1", "cut the release branch": a release is cut, not harmed.
        if s.lower(i) == "cut" || s.lower(i) == "cuts" {
            var j = i + 1
            if ["a", "an", "the", "our", "new"].contains(s.lower(j)) { j += 1 }
            let object = s.lower(j)
            if ["release", "releases", "branch", "tag", "rc", "candidate", "build", "version"].contains(object)
                || object.allSatisfy(\.isNumber)
                || object.hasPrefix("v")
                    && object.dropFirst().first?.isNumber == true
            {
                return true
            }
        }
        guard clearingVerbs.contains(s.lower(i)) else { return false }
        let object = (i + 1..<min(s.clauseEnd(i), i + 5))
        guard object.contains(where: { disposable.contains(s.lower($0)) }) else { return false }
        // ("nuked the staging db, then prod": production may follow past a comma.)
        let after = i + 1..<min(s.count, s.clauseEnd(i) + 3)
        return !object.contains { s[$0].person != nil || Self.liveWords.contains(s.lower($0)) }
            && !after.contains { ["prod", "production", "live"].contains(s.lower($0)) }
    }

    static func isHarmfulNeutralAct(_ s: LanguageSentence, _ i: Int) -> Bool {
        guard s.has(i, .neutralActs) else { return false }
        // "I have come to think …": an auxiliary, not an act.
        if ["has", "have", "had"].contains(s.lower(i)), isParticiple(s, i + 1) { return false }
        let end = min(s.count, s.clauseEnd(i) + 1, i + 7)
        // In a passive the object comes first: "the production database was deleted by Priya".
        let passive = s.lower(i + 1) == "by" && ["was", "were", "been", "is"].contains(s.lower(i - 1))
        let start = passive ? max(s.clauseStart(i), i - 5) : i + 1
        // (A word in quotes is named, not used: "'human error' is where an investigation stops".)
        if (start..<end).contains(where: {
            !s[$0].inQuote
                && (s.has($0, .harmQualifiers) || ["mistake", "error", "typo", "blunder"].contains(s[$0].stem))
        }) {
            return true
        }
        // "let the certificate expire", "allowed the disk to fill up": the harm is what the act
        // let happen, the verb after its object.
        return ["let", "allowed"].contains(s.lower(i)) && i + 2 < end
            && (i + 2..<end).contains {
                Self.lapsesWords.contains(s.lower($0)) && (s.lower($0) != "run" || s.lower($0 + 1) == "out")
            }
    }

    /// What, after a harmful verb or "missed", says nothing was harmed or missed ("forgot
    /// nothing", "missed no commands").
    static let nothingWords: Set<String> = ["nothing", "none", "no", "zero"]

    /// Whether what was missed at `index` is a target within the next five words ("missed our
    /// SLO", "missed 900 pickup windows"): an outcome, not a sign or an act.
    static func missesTarget(_ s: LanguageSentence, _ index: Int) -> Bool {
        (index + 1..<min(s.count, index + 6)).contains { s.has($0, .targetNouns) }
    }

    /// The machine that missed something at `index`: the subject ("Hermes, our notification
    /// service, missed …") or the agent of a passive ("missed by the planner's statistics").
    static func missedBySystem(_ s: LanguageSentence, _ index: Int) -> Int? {
        if s.lower(index + 1) == "by" {
            let window = index + 2..<min(s.count, index + 6)
            guard let agent = window.first(where: { s[$0].system && !s[$0].possessive }) else { return nil }
            return (index + 2..<agent).contains { s[$0].person != nil } ? nil : agent
        }
        return s.subject(before: index) == nil ? systemSubject(s, before: index) : nil
    }

    /// Whether what the result verb at `index` brought about is harm: the verb says so itself
    /// ("caused", "exposed") or an outage, error or worse follows it. "Farah's dashboard made
    /// the recovery faster" is no blame.
    static func harmfulResult(_ s: LanguageSentence, _ index: Int) -> Bool {
        // "exposed an old race": the act revealed a fault that was already there.
        if (index + 1..<min(s.count, index + 4)).contains(where: { Self.latentWords.contains(s.lower($0)) }) {
            return false
        }
        // "… exposed a race that had been there since 2022", "… already broken for years".
        let rest = index + 1..<s.count
        if rest.contains(where: { ["already", "latent", "dormant"].contains(s.lower($0)) })
            || rest.contains(where: { s.lower($0) == "been" && s.lower($0 + 1) == "there" })
            || rest.contains(where: {
                s.lower($0) == "since" && s.lower($0 + 1).count == 4 && s.lower($0 + 1).allSatisfy(\.isNumber)
            })
            || rest.contains(where: { s.lower($0) == "for" && s.lower($0 + 1) == "years" })
        {
            return false
        }
        if disposableObject(s, index) { return false }
        if ["caused", "causes", "exposed", "broke", "introduced", "resulted", "cost"].contains(s.lower(index)) {
            return true
        }
        return (index + 1..<min(s.count, index + 9)).contains {
            s.has($0, .eventNouns)
                || ["worse", "down", "offline", "lost", "loss", "outage", "data", "work", "records"].contains(
                    s.lower($0))
        }
    }

    /// The person who acts in the clause before "without …".
    static func actorBefore(_ s: LanguageSentence, _ index: Int) -> Int? {
        let start = s.clauseStart(index)
        return (start..<index).first { s[$0].person != nil && !s[$0].possessive }
    }

    /// A system noun that is the subject of the act at `index`.
    static func systemSubject(_ s: LanguageSentence, before index: Int) -> Int? {
        let clause = s.clauseStart(index)
        let start = max(clause, index - 6)
        if let system = (start..<index).last(where: { s[$0].system }) {
            // "The intern's script" is the intern's act.
            if system > 0, s[system - 1].possessive, s[system - 1].person != nil { return nil }
            // "The lab tech who copied the cron entry caused …": the system is in a relative
            // clause on someone ("who" is said of people); the verb is theirs.
            if (max(clause, index - 9)..<system).contains(where: { s.lower($0) == "who" }) { return nil }
            return system
        }
        // "The technician deviated from the procedure and thereby caused the outage": a verb
        // joined by "and" has the subject its clause opens with, not the last noun before it.
        if let and = (max(clause, index - 2)..<index).last(where: { s.lower($0) == "and" }),
            (and + 1..<index).allSatisfy({ ["thereby", "then", "so", "also", "thus"].contains(s.lower($0)) }),
            (clause..<min(and, clause + 4)).contains(where: { s[$0].person != nil })
        {
            return nil
        }
        // A verb that opens its clause has its subject in the clause before, set off by commas
        // ("Hermes, our notification service, missed …").
        guard clause == index, clause > 0 else { return nil }
        return (max(0, clause - 6)..<clause).last { s[$0].system }
    }

    /// Someone's claim reported ("X wrote that …", "the customer said that …") and answered later
    /// in the sentence by what was found ("but", "however", "the review found"): the index of
    /// the reporting verb and of the answer.
    static func reportedThenAnswered(_ s: LanguageSentence) -> (Int, Int)? {
        guard
            let verb = (1..<max(1, s.count - 1)).first(where: {
                Self.reportingWords.contains(s.lower($0)) && s.lower($0 + 1) == "that"
            })
        else { return nil }
        let answer = (verb + 2..<s.count).first { k in
            ["but", "however", "actually"].contains(s.lower(k))
                || (["found", "showed", "shows", "show"].contains(s.lower(k))
                    && (max(0, k - 3)..<k).contains { Self.findersWords.contains(s.lower($0)) })
        }
        return answer.map { (verb, $0) }
    }

    /// The person a fault, a doing or the blame at `i` belongs to: "Pablo's fault", "Ana's own
    /// doing", "Jonas is to blame".
    static func faultOwner(_ s: LanguageSentence, _ i: Int) -> Int? {
        var k = i - 1
        if k > 0, ["own", "entire", "whole"].contains(s.lower(k)) { k -= 1 }
        if k >= 0, s[k].possessive, s[k].person != nil { return k }
        if s.lower(i) == "blame", i >= 3, s.lower(i - 1) == "to",
            ["is", "was", "are", "were"].contains(s.lower(i - 2)),
            s[i - 3].person != nil
        {
            return i - 3
        }
        return nil
    }

    /// The person pronouns that can be a clause's subject (not "him", "her", "his").
    static let subjectPronouns: Set<String> = ["he", "she", "you", "i"]

    /// "because …" after the act, naming a condition: the index of "because".
    static func explanation(_ s: LanguageSentence, after index: Int) -> Int? {
        // "because …"; for a page or sign missed, also "while" and what the person was doing
        // ("missed the page while driving"; "deleted the queue while cleaning up" stays an act).
        let missing = s.has(index, .noticeVerbs)
        guard
            let reason = (index + 1..<s.count).first(where: {
                (s.has($0, .becauseWords) && s.lower($0) != "so")
                    || (missing && s.lower($0) == "while" && s.lower($0 + 1).hasSuffix("ing")
                        && s.lower($0 + 1).count > 4)
            })
        else { return nil }
        // A reason that names another person or a judgement moves the blame, it does not explain it.
        // A pronoun followed by a state ("because she was on the bridge call") is the person's
        // own circumstance: it explains.
        let clause = reason + 1..<s.clauseEnd(reason + 1)
        // ("because he was in a hurry", "… was distracted": a state held against the person.)
        let blames = clause.contains {
            s[$0].person == .named || s[$0].person == .role || s.has($0, .judgementWords)
                || [
                    "bother", "bothered", "cared", "hurry", "rush", "rushed", "rushing", "distracted", "impatient",
                    "bored", "lazy",
                ].contains(s.lower($0))
                // (Only a pronoun that can be a subject: "because the app had logged him out",
                // "sent the call to her old number" give the person's circumstance.)
                || (s[$0].person == .pronoun && subjectPronouns.contains(s.lower($0))
                    && !Self.statesWords.contains(s.lower($0 + 1)))
        }
        return blames ? nil : reason
    }

    /// "The pager app logged Tom out, so he missed the first two pages": a miss whose cause came
    /// first, joined by "so": the index of "so".
    static func explanation(_ s: LanguageSentence, before index: Int, subject: Int) -> Int? {
        guard s.has(index, .noticeVerbs), subject > 1, s.lower(subject - 1) == "so" else { return nil }
        // What came before must be a cause, not another person's act.
        let before = 0..<(subject - 1)
        guard !before.contains(where: { s.has($0, .judgementWords) }) else { return nil }
        return subject - 1
    }

    /// Whether the word at `i` is a past participle ("caught", "noticed", "taken").
    static func isParticiple(_ s: LanguageSentence, _ i: Int) -> Bool {
        let word = s.lower(i)
        return s.has(i, .irregularParticiples) || (word.count > 3 && word.hasSuffix("ed"))
            || (word.count > 4 && word.hasSuffix("en"))
    }

    /// A counterfactual about the past starting at `i`: the index of its last word.
    static func counterfactual(_ s: LanguageSentence, at i: Int) -> Int? {
        let word = s.lower(i)
        if s.has(i, .modals) {
            var j = i + 1
            while j < s.count, s.has(j, .modalAdverbs) { j += 1 }
            // ("should of known": "have" as it is often misheard and written.)
            guard s.lower(j) == "have" || s.lower(j) == "'ve" || s.lower(j) == "of" else { return nil }
            var k = j + 1
            while k < s.count, ["easily", "simply", "just", "already", "even", "really"].contains(s.lower(k)) { k += 1 }
            guard k < s.count, isParticiple(s, k) else { return nil }
            // "The dry run should have finished in ten minutes but took two hours": a duration
            // expected, set against the one seen, not a reproach.
            if ["finished", "completed", "taken", "lasted", "ended", "run", "returned", "converged", "drained"]
                .contains(s.lower(k)),
                (k + 1..<min(s.count, k + 3)).contains(where: { ["in", "within", "under"].contains(s.lower($0)) })
            {
                return nil
            }
            // "The pumps should have kept their setpoint, and they did": an expectation met.
            if let did = (k + 1..<s.count).first(where: { s.lower($0) == "did" }), did >= 2,
                ["they", "it"].contains(s.lower(did - 1)), ["and", "as", "which"].contains(s.lower(did - 2)),
                s.clauseEnd(did) <= did + 1
            {
                return nil
            }
            // "A look at the graph at 14:00 would have shown a normal pattern": what was there to
            // see at the time, which explains why nothing was seen.
            if ["shown", "showed"].contains(s.lower(k)),
                (k + 1..<min(s.count, k + 4)).contains(where: {
                    ["nothing", "normal", "no", "healthy", "green", "only"].contains(s.lower($0))
                })
            {
                return nil
            }
            // "would have had to read 40,000 lines": what it would have taken, not what should have been.
            if s.lower(k) == "had", s.lower(k + 1) == "to" { return nil }
            // "It would not have helped to page more people": a remedy weighed and found useless.
            if ["helped", "mattered", "changed"].contains(s.lower(k)),
                (i + 1..<j).contains(where: { ["not", "never", "n't"].contains(s.lower($0)) })
            {
                return nil
            }
            return k
        }
        if ["should've", "could've", "would've", "must've", "shouldn't've"].contains(word) {
            var k = i + 1
            while k < s.count, ["easily", "simply", "just", "already", "even", "really"].contains(s.lower(k)) { k += 1 }
            if k < s.count, isParticiple(s, k) { return k }
        }
        if word == "if", s.lower(i + 1) == "only" { return i + 1 }
        // "had we …", "had the runbook been followed", "had anyone looked"
        if word == "had", i == 0 || s[i - 1].breakAfter || s.lower(i - 1) == "and" {
            let next = s.lower(i + 1)
            if ["we", "they", "he", "she", "i", "someone", "anyone", "the", "this", "our", "it"].contains(next)
                || s[min(i + 1, s.count - 1)].person != nil
            {
                return i + 1
            }
        }
        // "if we had (just) …", "if X had …", "if we'd"
        if word == "if" {
            let window = (i + 1..<min(s.count, i + 6))
            if let had = window.first(where: {
                ["had", "we'd", "i'd", "they'd", "he'd", "she'd"].contains(s.lower($0))
            }),
                !window.prefix(while: { $0 < had }).contains(where: { s.lower($0) == "is" || s.lower($0) == "are" }),
                // "only if the export had a schema check": having, a condition on a state, not a
                // past act undone.
                s.lower(had) != "had" || !["a", "an", "any", "some", "no", "enough", "more"].contains(s.lower(had + 1))
            {
                return had
            }
            if let would = window.first(where: { s.lower($0) == "would" }), s.lower(would + 1) == "have" {
                return would + 1
            }
        }
        if word == "were", s.lower(i + 1) == "it", s.lower(i + 2) == "not" { return i + 2 }
        return nil
    }

    /// "All we needed to do", "just had to", "only needed to", "a simple … would have".
    static func minimizing(_ s: LanguageSentence, at i: Int) -> Int? {
        let word = s.lower(i)
        let next = s.lower(i + 1)
        if word == "all",
            ["we", "they", "he", "she", "anyone", "it", "that", "you"].contains(next),
            ["needed", "had", "would", "was", "it", "we", "took"].contains(s.lower(i + 2))
        {
            return i + 2
        }
        // "All the team had to do was …"
        if word == "all", i + 2 < s.count,
            let had = (i + 2..<min(s.count, i + 5)).first(where: {
                ["had", "needed"].contains(s.lower($0)) && s.lower($0 + 1) == "to"
            })
        {
            return had + 1
        }
        // ("Only to" is left out: "access only to staging", "only to find that …".)
        if word == "just" || word == "only" || word == "simply" {
            if ["had", "needed", "have"].contains(next) || (next == "to" && word != "only")
                || (next == "never" && s.lower(i + 2) == "applied")
            {
                return i + 1
            }
            // "If the test had just been set to fail, …", "had we simply waited": the fix made
            // small inside a counterfactual.
            if ["had", "we", "they"].contains(s.lower(i - 1)),
                (max(0, i - 4)..<i).contains(where: { ["if", "had"].contains(s.lower($0)) })
            {
                return i + 1
            }
        }
        if ["single", "simple", "basic", "five-minute", "one-line", "quick"].contains(word),
            (i + 1..<min(s.count, i + 9)).contains(where: { s.lower($0) == "would" || s.lower($0) == "could" })
        {
            return i + 1
        }
        return nil
    }
}
