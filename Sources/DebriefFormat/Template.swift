import DebriefCore

/// The skeleton `debrief new` writes: the sections the policy asks for, with TODO prompts the
/// linter reports until they are replaced.
public enum Template {
    public static func skeleton(title: String, severity: Severity, kind: IncidentKind, policy: Policy, date: LocalDate)
        -> String
    {
        var pm = PostMortem(
            id: Slug.make(date.description + "-" + title), title: title, status: .draft, severity: severity, kind: kind)
        pm.extraMetadata = "date: \(date)\ntimezone: UTC"
        let required = Set(policy.requiredSections[severity] ?? [])
        func wanted(_ key: SectionKey) -> Bool {
            required.contains(key) || [.summary, .timeline, .actionItems].contains(key)
        }
        if wanted(.summary) {
            pm.summary = "TODO: two or three sentences: what happened, who was affected, for how long."
        }
        if wanted(.impact) {
            pm.impact.notes = "TODO: users or customers affected, data affected, services, error budget consumed."
        }
        if kind == .dataExposure || kind == .security {
            pm.impact.notes =
                (pm.impact.notes ?? "")
                + "\n\nTODO: was personal data exposed? Set `impact.personalData` and, if so, `impact.notified`."
        }
        pm.timelineNotes = "TODO: replace the example rows; times are UTC unless written otherwise."
        pm.timeline = [
            TimelineEntry(time: nil, kind: .start, text: "TODO: when impact began"),
            TimelineEntry(time: nil, kind: .detect, text: "TODO: when and how someone noticed"),
            TimelineEntry(time: nil, kind: .mitigate, text: "TODO: when impact stopped"),
            TimelineEntry(time: nil, kind: .resolve, text: "TODO: when it was fully resolved"),
        ]
        if wanted(.trigger) || required.contains(.rootCause) {
            pm.rootCause.trigger = "TODO: what set it off (a deploy, a config change, a traffic spike)."
        }
        if wanted(.rootCause) { pm.rootCause.text = "TODO: the systemic cause, not a person." }
        if wanted(.fiveWhys) {
            pm.rootCause.whys = (1...policy.whysDepth(for: severity)).map { n in
                Why(question: "TODO: why \(n)?", answer: "TODO")
            }
        }
        if wanted(.contributingFactors) {
            pm.rootCause.factors = [
                ContributingFactor(
                    category: nil, text: "TODO: tag each factor with a category, e.g. `- **monitoring** — …`")
            ]
        }
        if wanted(.detection) { pm.detection.notes = "TODO: how it was detected, and how it could be detected sooner." }
        pm.actionItems = [
            ActionItem(
                title: "TODO: an action that prevents or detects a recurrence", owner: "TODO", due: nil, priority: .p1,
                type: .prevent)
        ]
        if wanted(.lessons) {
            pm.lessons = Lessons(wentWell: ["TODO"], wentPoorly: ["TODO"], gotLucky: ["TODO"])
        }
        return MarkdownRenderer.render(pm)
    }
}
