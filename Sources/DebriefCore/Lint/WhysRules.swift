/// The Five Whys chain: deep enough, and ending at a system cause.
enum WhysRules {
    static let all: [Rule] = [tooFew, stopsAtPerson]

    static let tooFew = Rule(
        "whys/too-few", .error, "The Five Whys chain is shorter than the policy asks (5 for SEV1–2, 3 otherwise).",
        bad: "1. **Why did checkout fail?** The pool was exhausted.",
        good: "1. **Why did checkout fail?** …\n2. **Why was the pool exhausted?** …\n3. …\n4. …\n5. …"
    ) { context in
        let pm = context.postMortem
        let needed = context.policy.whysDepth(for: pm.severity)
        let count = pm.rootCause.whys.count
        guard count < needed, count > 0 || pm.severity != nil else { return [] }
        return [
            Hit(
                context.map.section(.fiveWhys),
                "the Five Whys chain has \(count) whys; \(pm.severity?.rawValue ?? "this severity") needs \(needed)")
        ]
    }

    static let stopsAtPerson = Rule(
        "whys/stops-at-person", .error,
        "The Five Whys chain ends at a person (\"human error\", \"the engineer forgot\") instead of a system cause.",
        bad: "5. **Why was the flag left on?** The engineer forgot to turn it off.",
        good: "5. **Why was the flag left on?** Flags have no expiry, and nothing reports stale ones."
    ) { context in
        let whys = context.postMortem.rootCause.whys
        guard let last = whys.last else { return [] }
        let words = ProseText.words(last.answer)
        guard
            LanguageModel.standard.read(line: last.answer, people: context.people).contains(where: { $0.flags(.blame) })
                || words.contains(where: {
                    ["forgot", "forgotten", "mistake", "careless", "carelessness"].contains($0.lower)
                })
        else { return [] }
        let location = context.map.whys.last ?? context.map.section(.fiveWhys)
        return [
            Hit(
                location,
                "the chain stops at a person; ask one more why: what made that slip possible, and why did nothing catch it?"
            )
        ]
    }
}
