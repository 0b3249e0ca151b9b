/// A sentence of prose as the language model reads it: its words, where clauses break, and
/// which words stand for people and which for systems.
struct LanguageSentence: Sendable {
    /// Things people have, after which a role noun is a modifier ("student laptops"). (Not
    /// words that are also verbs of a person: "the engineer records", "emails", "accounts for".)
    static let ownedThings: Set<String> = [
        "laptop", "laptops", "machine", "machines", "device", "devices", "workstation", "workstations", "desktop",
        "desktops", "login", "logins", "profile", "profiles", "portal", "portals", "data", "tablet", "tablets",
    ]

    struct Token: Sendable {
        var word: Word
        /// The word without a possessive `'s`.
        var stem: String
        var possessive: Bool
        var capitalised: Bool
        /// A comma, semicolon, colon, dash or bracket follows the word: a clause ends there.
        var breakAfter: Bool
        var person: PersonKind?
        var system: Bool
        /// The lists the word belongs to, and its stem's.
        var classes: WordClass
        var stemClasses: WordClass
        /// The word stands inside quotation marks: mentioned ("the label "human error""), not used.
        var inQuote = false

        var lower: String { word.lower }
    }

    /// How a word stands for a person, strongest first.
    enum PersonKind: Sendable, Equatable {
        /// A name the document lists, an @handle, a known given name, a title and surname.
        case named
        /// A role noun: "the intern", "the on-call engineer", "ops".
        case role
        /// He, she, you, I.
        case pronoun
        /// A team of people: "the infra team".
        case team
        /// A capitalised word that is not a known system: likely a name.
        case nameLike
    }

    var tokens: [Token]
    /// The sentence starts with a clock time, as a timeline entry does.
    var startsWithTime: Bool
    /// The sentence reports speech: a quotation of four words or more, or one it does not
    /// close. Words in it may be reported, not meant.
    var quotes: Bool

    var count: Int { tokens.count }
    subscript(_ i: Int) -> Token {
        _read { yield tokens[i] }
    }

    func lower(_ i: Int) -> String { i >= 0 && i < tokens.count ? tokens[i].word.lower : "" }

    /// Whether the word at `i` is in the list; false outside the sentence.
    func has(_ i: Int, _ kind: WordClass) -> Bool { i >= 0 && i < tokens.count && tokens[i].classes.contains(kind) }

    /// Whether the word at `i`, without a possessive `'s`, is in the list.
    func hasStem(_ i: Int, _ kind: WordClass) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].stemClasses.contains(kind)
    }

    /// Whether the words from `start` match `phrase`.
    func matches(_ phrase: [String], at start: Int) -> Bool {
        guard start >= 0, start + phrase.count <= tokens.count else { return false }
        for (offset, word) in phrase.enumerated() where tokens[start + offset].lower != word { return false }
        return true
    }

    /// Every place a phrase of the list starts, with the phrase's length; `start` is the class of
    /// the list's first words.
    func find(_ list: PhraseList, startingWith start: WordClass) -> [(index: Int, length: Int)] {
        var found: [(Int, Int)] = []
        for i in tokens.indices where tokens[i].classes.contains(start) {
            guard let ranks = list.byFirstWord[tokens[i].lower] else {
                continue
            }
            for rank in ranks where matches(list.phrases[rank], at: i) { found.append((i, list.phrases[rank].count)) }
        }
        return found
    }

    /// The start of the clause `index` stands in.
    func clauseStart(_ index: Int) -> Int {
        var i = index
        while i > 0, !tokens[i - 1].breakAfter { i -= 1 }
        return i
    }

    /// The end (exclusive) of the clause `index` stands in.
    func clauseEnd(_ index: Int) -> Int {
        var i = index
        while i < tokens.count - 1, !tokens[i].breakAfter { i += 1 }
        return min(tokens.count, i + 1)
    }

    // MARK: Splitting

    static let clockWords: WordSet = ["am", "pm", "utc", "z", "gmt"]

    /// Words a chat line opens with before its subject ("lol tariq nuked …").
    static let chatOpeners: Set<String> = [
        "lol", "ok", "okay", "so", "omg", "welp", "ugh", "and", "then", "also", "fyi",
    ]

    static let determiners: WordSet = ["the", "our", "a", "an", "their", "this", "that", "new", "one", "any"]

    static let abbreviations: WordSet = ["mr", "ms", "mrs", "dr", "vs", "e.g", "i.e", "etc", "no", "st", "approx"]

    /// Splits a line of prose into sentences: at `.`, `!` or `?` followed by a space or the end
    /// of the line, except after a title or abbreviation. `words` are the line's words when the
    /// caller has them already.
    static func sentences(in text: String, words given: [Word]? = nil, people: WordSet) -> [LanguageSentence] {
        let words = given ?? ProseText.words(text)
        guard !words.isEmpty else { return [] }
        var sentences: [LanguageSentence] = []
        var current: [Token] = []
        var startsWithTime = false
        var inClock = false
        // Reported speech is a quotation of four words or more; a shorter one is a name or scare
        // quotes ("to save costs"). A quotation the sentence does not close counts.
        var quotes = false
        var quoteOpenedAt: Int? = Gap(text[text.startIndex..<words[0].original.startIndex]).quote ? 0 : nil
        for (i, word) in words.enumerated() {
            let end = i + 1 < words.count ? words[i + 1].original.startIndex : text.endIndex
            let gap = Gap(text[word.original.endIndex..<end])
            if current.isEmpty {
                startsWithTime = isClockTime(word.lower, colonNext: gap.startsWithColon)
                inClock = startsWithTime
            }
            // After a leading "14:02" the next word starts the sentence proper.
            let clockWord = word.lower.allSatisfy(\.isNumber) || Self.clockWords.contains(word.lower)
            let opensSentence = current.isEmpty || (inClock && !clockWord)
            if !clockWord { inClock = false }
            let ends =
                gap.stop && gap.endsOpen && !abbreviations.contains(word.lower)
                && !(gap.startsWithDot && word.lower.count == 1)
            // A capital after a clause break ("**change-management** — Pipeline changes …") is a
            // sentence's capital as much as a name's.
            let afterBreak = current.last?.breakAfter ?? false
            current.append(
                token(
                    word, breakAfter: ends || gap.clauseBreak, sentenceStart: opensSentence || afterBreak,
                    people: people))
            if gap.quote {
                if let opened = quoteOpenedAt {
                    if current.count - opened >= 4 { quotes = true }
                    for k in opened..<current.count { current[k].inQuote = true }
                    quoteOpenedAt = nil
                } else {
                    quoteOpenedAt = current.count
                }
            }
            if ends || i == words.count - 1 {
                let unclosed = quoteOpenedAt.map { $0 < current.count } ?? false
                sentences.append(
                    LanguageSentence(tokens: current, startsWithTime: startsWithTime, quotes: quotes || unclosed))
                current = []
                quotes = false
                // A quotation still open (not closed, or opened by a mark after the last word) goes
                // on into the next sentence.
                quoteOpenedAt = quoteOpenedAt.map { _ in 0 }
            }
        }
        for index in sentences.indices { sentences[index].markPeople() }
        return sentences
    }

    /// What stands between two words, read in one pass over its scalars.
    struct Gap {
        var stop = false, clauseBreak = false, quote = false
        var startsWithDot = false, startsWithColon = false
        /// The gap ends with a space, a quote or the end of the line: a stop before it ends a sentence.
        var endsOpen = true

        init(_ text: Substring) {
            var previous: Unicode.Scalar = "x"
            var dashAfterSpace = false
            var first = true
            for c in text.unicodeScalars {
                switch c {
                case ".", "!", "?": stop = true
                case ",", ";", ":", "—", "–": clauseBreak = true
                case "\"", "“", "”": quote = true
                default: break
                }
                if first {
                    startsWithDot = c == "."
                    startsWithColon = c == ":"
                    first = false
                }
                if dashAfterSpace, c == " " { clauseBreak = true }
                dashAfterSpace = c == "-" && previous == " "
                previous = c
            }
            if !first { endsOpen = previous == " " || previous == "\t" || previous == "\"" || previous == "”" }
        }
    }

    /// "14:02", "09:14", "3pm" at the start of a line.
    static func isClockTime(_ word: String, colonNext: Bool) -> Bool {
        guard let first = word.first, first.isNumber else { return false }
        return colonNext || word.hasSuffix("am") || word.hasSuffix("pm") || word.hasSuffix("z")
    }

    /// Words whose `'s` is a contracted "is" or "has".
    static let contractedIs: Set<String> = ["it", "that", "there", "here", "what", "who", "where", "let", "he", "she"]

    static func token(_ word: Word, breakAfter: Bool, sentenceStart: Bool, people: WordSet) -> Token {
        var stem = word.lower
        var possessive = false
        if stem.hasSuffix("'s"), stem.count > 2 {
            stem.removeLast(2)
            // "it's", "he's": "is" or "has", not an owner.
            possessive = !Self.contractedIs.contains(stem)
        }
        let first = word.original.unicodeScalars.first
        let classes = Lexicon.classes(of: word.lower)
        let stemClasses = possessive ? Lexicon.classes(of: stem) : classes
        let capitalised =
            first.map { $0.isASCII ? ($0.value >= 65 && $0.value <= 90) : $0.properties.isUppercase } ?? false
        var person: PersonKind?
        if stem.hasPrefix("@"), stem.count > 1 {
            person = .named
        } else if people.contains(stem) && (capitalised || !stemClasses.contains(.systemNouns)) {
            person = .named
        } else if stemClasses.contains(.givenNames) {
            person = .named
        } else if stemClasses.contains(.personPronouns) {
            person = .pronoun
        } else if stemClasses.contains(.roleNouns) {
            person = .role
        } else if capitalised, !sentenceStart, stem.count > 1, !stemClasses.contains(.systemNames),
            !stemClasses.contains(.functionWords),
            word.original.dropFirst().allSatisfy({ $0.isLowercase || $0 == "'" || $0 == "’" })
        {
            person = .nameLike
        }
        // ("us" is the region only as `US`: "lost us an hour" is the pronoun.)
        let named = stemClasses.contains(.systemNames) && (stem != "us" || word.original.hasPrefix("US"))
        let system = person == nil && stemClasses.contains(.systemNouns) || named
        return Token(
            word: word, stem: stem, possessive: possessive, capitalised: capitalised, breakAfter: breakAfter,
            person: person, system: system, classes: classes, stemClasses: stemClasses)
    }

    /// Settles the words whose part depends on their neighbours: a role noun is a system when a
    /// system noun stands right before or after it ("the monitoring agent", "the operator
    /// pattern"); a weak role noun needs a determiner; a word after a title is a name; a team
    /// noun after a role or a name is a team ("the dev team").
    mutating func markPeople() {
        let opening =
            startsWithTime
            ? tokens.firstIndex { !($0.lower.allSatisfy(\.isNumber) || $0.classes.contains(.clockWords)) } ?? 0 : 0
        for i in tokens.indices {
            let previous = i > 0 ? tokens[i - 1] : nil
            let next = i + 1 < tokens.count ? tokens[i + 1] : nil
            if let previous, previous.classes.contains(.honorifics) {
                tokens[i].person = .named
                tokens[i].system = false
            }
            if tokens[i].person == .role {
                // "the monitoring agent", "the operator pattern": a machine; "the network
                // engineer" stays a person.
                let ambiguous = tokens[i].stemClasses.contains(.ambiguousRoleNouns)
                // ("the backup admin" is a person; "the admin console" a machine.)
                if ambiguous,
                    (previous?.system == true && !["admin", "admins"].contains(tokens[i].lower))
                        || (next?.system == true && !tokens[i].breakAfter && !tokens[i].possessive
                            && next?.lower != "team")
                {
                    tokens[i].person = nil
                    tokens[i].system = true
                } else if !tokens[i].possessive, !tokens[i].breakAfter,
                    next.map({ $0.system || Self.ownedThings.contains($0.lower) }) ?? false
                {
                    // "student laptops", "developer accounts": what a person has, not a person.
                    tokens[i].person = nil
                } else if tokens[i].stemClasses.contains(.weakRoleNouns),
                    !(max(0, i - 2)..<i).contains(where: {
                        tokens[$0].classes.contains(.determiners) || tokens[$0].person != nil
                    })
                {
                    tokens[i].person = nil
                }
            }
            // "The lab tech who copied …": "who" is said of people, so the noun before it is one.
            if tokens[i].person == nil, !tokens[i].system, next?.lower == "who", i > 0,
                !tokens[i].stemClasses.contains(.functionWords), tokens[i].lower.allSatisfy(\.isLetter),
                previous.map({ $0.classes.contains(.determiners) || $0.stemClasses.isEmpty }) ?? false
            {
                tokens[i].person = .role
            }
            // "Tier 1", "tier-2": a support or SOC level, a group of people ("the storage tier" is not).
            if tokens[i].person == nil, tokens[i].lower.utf8.first == 116, tokens[i].lower.utf8.count >= 4,
                tokens[i].lower == "tier" || tokens[i].lower.hasPrefix("tier-"),
                tokens[i].lower != "tier" || next?.lower.first?.isNumber == true, !(previous?.system ?? false),
                !["free", "paid", "storage", "cache", "web", "app", "data"].contains(previous?.lower ?? "")
            {
                tokens[i].person = .team
                tokens[i].system = false
            }
            // "Our team" is the writers speaking of themselves, as "we" is.
            if tokens[i].stemClasses.contains(.teamNouns), tokens[i].person == nil,
                !["our", "my", "whole", "entire"].contains(previous?.lower ?? ""),
                // A bare "the team" is the writers too; "the infra team" is another team.
                !(previous?.lower == "the" && tokens[i].stem == "team"
                    && !["that", "who", "which", "responsible", "behind", "owning"].contains(next?.lower ?? ""))
            {
                tokens[i].person = .team
                tokens[i].system = false
            }
            // "Sam" at the start of a sentence is a name when a verb of a person follows.
            // (past an adverb: "Alina accidentally deleted …")
            let verb = next.flatMap { $0.lower.hasSuffix("ly") && i + 2 < tokens.count ? tokens[i + 2] : $0 }
            // In lower-case chat and notes a name is written small: an unknown word right before a
            // harmful act ("lol tariq nuked the staging db"), or opening a timed line before a
            // verb ("14:50 gabe forgot to drain …"), is taken for one.
            let opensLine =
                i == opening
                || (i > opening && i <= opening + 2
                    && tokens[opening..<i].allSatisfy { Self.chatOpeners.contains($0.lower) })
            if opensLine, tokens[i].person == nil, !tokens[i].capitalised, !tokens[i].system,
                tokens[i].classes.isEmpty, tokens[i].stemClasses.isEmpty, tokens[i].lower.count >= 3,
                tokens[i].lower.allSatisfy(\.isLetter), !tokens[i].possessive, let next,
                next.classes.contains(.harmVerbs)
                    || (startsWithTime
                        && (next.classes.contains(.neutralActs) || next.classes.contains(.pastVerbs)
                            || (next.lower.hasSuffix("ed") && next.lower.count > 3)))
            {
                tokens[i].person = .nameLike
            }
            // The same after a comma or a colon, for a word no list knows ("Today, Bram forgot …").
            let opensClause = i > opening && tokens[i - 1].breakAfter && tokens[i].stemClasses.isEmpty
            if i == opening || opensClause, tokens[i].person == nil, tokens[i].capitalised, !tokens[i].system,
                !tokens[i].stemClasses.contains(.functionWords), let next = verb,
                next.classes.contains(.harmVerbs) || next.classes.contains(.neutralActs)
                    || next.classes.contains(.pastVerbs) || next.classes.contains(.modals)
                    || (next.lower.hasSuffix("ed") && next.lower.count > 3)
                    || tokens[i].possessive
            {
                tokens[i].person = .nameLike
            }
        }
    }

    /// The nearest person before `index` in its clause, within `reach` words, unless a system
    /// stands nearer: the likely subject of the word at `index`.
    func subject(before index: Int, reach: Int = 7) -> Int? {
        let clause = clauseStart(index)
        // "The maintainer who merged that patch didn't run …": the person a relative clause
        // describes, past the clause's own object.
        if let who = (max(clause, index - 10)..<index).last(where: { ["who", "whose"].contains(tokens[$0].lower) }),
            who > 0, who + 2 < index, tokens[who - 1].person != nil, !tokens[who - 1].possessive,
            (who + 2..<index).contains(where: { !tokens[$0].system && tokens[$0].person == nil })
        {
            return who - 1
        }
        let start = max(clause, index - reach)
        var i = index - 1
        while i >= start {
            if tokens[i].person != nil, !tokens[i].possessive { return i }
            if tokens[i].system, !tokens[i].possessive { return nil }
            i -= 1
        }
        // "A staff member acted outside of policy and caused …": a verb joined by "and" shares
        // the subject its clause opens with.
        if index > 0, tokens[index - 1].lower == "and",
            let opener = (clause..<min(index, clause + 4)).first(where: {
                tokens[$0].person != nil && !tokens[$0].possessive
            })
        {
            return opener
        }
        // "The intern, who had been given too much access, ran …": the person before a
        // relative clause set off by commas.
        var j = clause - 1
        while j >= max(0, index - 20) {
            if tokens[j].person != nil, !tokens[j].possessive, tokens[j].breakAfter || j == clause - 1,
                j + 1 < tokens.count, ["who", "whose", "which"].contains(tokens[j + 1].lower) || j + 1 == clause
            {
                return j
            }
            j -= 1
        }
        return nil
    }
}
