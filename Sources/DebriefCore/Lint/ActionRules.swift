/// Action items: there, owned, dated, specific, and aimed at recurrence.
enum ActionRules {
    static let all: [Rule] = [none, noOwner, noDueDate, overdue, vague, onlyRepair, noPriority, dueTooFar]

    /// A hit on every open (not done, not dropped) item that lacks a field.
    static func openItems(
        _ context: LintContext, missing: (ActionItem) -> Bool, message: (ActionItem) -> String
    ) -> [Hit] {
        context.postMortem.actionItems.enumerated().compactMap { index, item in
            !item.status.isClosed && missing(item) ? Hit(context.map.actionItem(index), message(item)) : nil
        }
    }

    static let none = Rule(
        "actions/none", .error, "There are no action items.",
        bad: "## Action items\n\nNone.",
        good: "| Add a pool-saturation alert | alice | 2026-04-01 | P1 | detect | open | |"
    ) { context in
        guard context.postMortem.actionItems.isEmpty else { return [] }
        return [
            Hit(
                context.map.section(.actionItems),
                "add action items: what will stop this happening again, or catch it sooner?")
        ]
    }

    static let noOwner = Rule(
        "actions/no-owner", .error, "An action item has no owner.",
        bad: "- [ ] Add a pool-saturation alert — due 2026-04-01, P1",
        good: "- [ ] Add a pool-saturation alert — @alice, due 2026-04-01, P1"
    ) { context in
        openItems(context, missing: { $0.owner == nil }) {
            "'\($0.title)' has no owner; name one person who will drive it"
        }
    }

    static let noDueDate = Rule(
        "actions/no-due-date", .error, "An action item has no due date.",
        bad: "- [ ] Add a pool-saturation alert — @alice, P1",
        good: "- [ ] Add a pool-saturation alert — @alice, due 2026-04-01, P1"
    ) { context in
        openItems(context, missing: { $0.due == nil }) { "'\($0.title)' has no due date" }
    }

    static let overdue = Rule(
        "actions/overdue", .warning, "An action item is past its due date and not done (as of `--today`).",
        bad: "| Add alert | alice | 2026-01-10 | P1 | detect | open | |",
        good: "| Add alert | alice | 2026-01-10 | P1 | detect | done | |"
    ) { context in
        context.postMortem.actionItems.enumerated().compactMap { index, item in
            guard item.isOverdue(on: context.today), let due = item.due else { return nil }
            let days = context.today.dayNumber - due.dayNumber
            return Hit(
                context.map.actionItem(index),
                "'\(item.title)' was due \(due) (\(days) days ago) and is \(item.status.rawValue)")
        }
    }

    /// Openings and phrases that promise effort rather than a change.
    static let vaguePhrases: PhraseList = [
        ["investigate"], ["look", "into"], ["be", "more", "careful"], ["be", "careful"], ["monitor", "closely"],
        ["keep", "an", "eye", "on"], ["pay", "more", "attention"], ["pay", "attention"], ["try", "to"],
        ["consider"], ["think", "about"], ["double-check"], ["remind"], ["be", "more", "vigilant"],
        ["improve", "communication"], ["communicate", "better"], ["raise", "awareness"],
    ]

    static let vague = Rule(
        "actions/vague", .warning,
        "An action item is vague (\"investigate\", \"be more careful\", \"monitor closely\"): it cannot be verified as done.",
        bad: "- [ ] Monitor the database more closely — @alice, due 2026-04-01",
        good: "- [ ] Alert when pool usage stays above 80% for 5 minutes — @alice, due 2026-04-01"
    ) { context in
        context.postMortem.actionItems.enumerated().compactMap { index, item in
            let words = ProseText.words(item.title)
            guard let (_, phrase) = words.firstPhrase(in: vaguePhrases) else { return nil }
            return Hit(
                context.map.actionItem(index),
                "'\(item.title)' is vague ('\(phrase.joined(separator: " "))'); say what will change and how anyone can tell it is done"
            )
        }
    }

    static let onlyRepair = Rule(
        "actions/only-repair", .warning,
        "Every action item repairs this incident; none prevents a recurrence or detects it sooner.",
        bad: "| Restore the deleted rows | bob | … | P0 | repair | done | |",
        good:
            "| Restore the deleted rows | bob | … | P0 | repair | done | |\n| Require review for production SQL | carol | … | P1 | prevent | open | |"
    ) { context in
        let items = context.postMortem.actionItems
        guard !items.isEmpty, !items.contains(where: { $0.type == .prevent || $0.type == .detect }),
            items.contains(where: { $0.type != nil })
        else { return [] }
        return [
            Hit(
                context.map.section(.actionItems),
                "no action item is of type prevent or detect; add one that stops a recurrence or catches it sooner")
        ]
    }

    static let noPriority = Rule(
        "actions/no-priority", .warning, "An action item has no priority (P0–P3).",
        bad: "- [ ] Add a pool-saturation alert — @alice, due 2026-04-01",
        good: "- [ ] Add a pool-saturation alert — @alice, due 2026-04-01, P1"
    ) { context in
        openItems(context, missing: { $0.priority == nil }) { "'\($0.title)' has no priority (P0–P3)" }
    }

    static let dueTooFar = Rule(
        "actions/due-too-far", .warning,
        "An action item is due later than the policy allows for its priority (P0 7 days, P1 30, P2 90, P3 180 after the incident).",
        bad: "| Add alert | alice | 2027-06-01 | P0 | detect | open | |",
        good: "| Add alert | alice | 2026-03-10 | P0 | detect | open | |"
    ) { context in
        let pm = context.postMortem
        guard let incident = (pm.resolved ?? pm.started)?.localDate else { return [] }
        return pm.actionItems.enumerated().compactMap { index, item in
            guard let due = item.due, let priority = item.priority, !item.status.isClosed,
                let days = context.policy.actionDeadlineDays[priority], due.dayNumber - incident.dayNumber > days
            else { return nil }
            return Hit(
                context.map.actionItem(index),
                "'\(item.title)' is \(priority.rawValue) but due \(due.dayNumber - incident.dayNumber) days after the incident; the policy allows \(days)"
            )
        }
    }
}
