/// Which parts of a post-mortem an edit touched, for the history page ("timeline, action items").
public enum ChangeSummary {
    public static func between(_ old: PostMortem?, _ new: PostMortem) -> [String] {
        guard let old else { return ["created"] }
        var parts: [String] = []
        func check(_ name: String, _ changed: Bool) { if changed { parts.append(name) } }
        check("title", old.title != new.title)
        check("status", old.status != new.status)
        check(
            "metadata",
            old.severity != new.severity || old.kind != new.kind || old.services != new.services
                || old.tags != new.tags || old.authors != new.authors || old.commander != new.commander
                || old.reviewers != new.reviewers || old.restricted != new.restricted)
        check(
            "key instants",
            old.started != new.started || old.detected != new.detected || old.reported != new.reported
                || old.mitigated != new.mitigated || old.resolved != new.resolved)
        check("summary", old.summary != new.summary)
        check("impact", old.impact != new.impact)
        check("timeline", old.timeline != new.timeline || old.timelineNotes != new.timelineNotes)
        check("root cause", old.rootCause != new.rootCause)
        check("detection", old.detection != new.detection || old.response != new.response)
        check("action items", old.actionItems != new.actionItems || old.actionNotes != new.actionNotes)
        check("lessons", old.lessons != new.lessons)
        check("review", old.review != new.review)
        check(
            "other sections",
            old.attachments != new.attachments || old.links != new.links || old.extraSections != new.extraSections
                || old.extraMetadata != new.extraMetadata)
        return parts.isEmpty ? ["no change"] : parts
    }
}
