/// A three-way merge of two edits of one post-mortem, field by field, against the version
/// both started from. A field only one side changed takes that side's value; a field both
/// changed the same way is kept; a field both changed differently is a clash. Lists whose
/// rows both sides kept in number (the timeline, action items, whys, factors, links) are
/// merged row by row, so two people fixing different timeline rows do not clash.
///
/// What the workflow owns (id, status, review) is not merged: the stored version's stands.
public enum FieldMerge {
    /// One field both sides changed differently: its name as a person reads it and the three values.
    public struct Clash: Sendable, Equatable {
        public var field: String
        public var base: String
        public var theirs: String
        public var mine: String

        public init(field: String, base: String, theirs: String, mine: String) {
            self.field = field
            self.base = base
            self.theirs = theirs
            self.mine = mine
        }
    }

    public struct Result: Sendable {
        /// The merge, with each clash resolved to `mine` (what the person saving typed).
        public var mine: PostMortem
        /// The merge, with each clash resolved to `theirs` (what was saved first).
        public var theirs: PostMortem
        public var clashes: [Clash]
        /// The fields `mine` changed and kept as typed, for the version note.
        public var merged: [String]
    }

    public static func merge(base: PostMortem, mine: PostMortem, theirs: PostMortem) -> Result {
        var state = State(base: base, mine: mine, theirs: theirs)
        state.field("title", \.title)
        state.field("severity", \.severity)
        state.field("kind", \.kind)
        state.field("services", \.services)
        state.field("tags", \.tags)
        state.field("authors", \.authors)
        state.field("commander", \.commander)
        state.field("reviewers", \.reviewers)
        state.field("restricted", \.restricted)
        state.field("started", \.started)
        state.field("detected", \.detected)
        state.field("reported", \.reported)
        state.field("mitigated", \.mitigated)
        state.field("resolved", \.resolved)
        state.field("inferred", \.inferred)
        state.field("summary", \.summary)
        state.field("impact", \.impact)
        state.rows("timeline", \.timeline)
        state.field("timeline notes", \.timelineNotes)
        state.field("trigger", \.rootCause.trigger)
        state.field("root cause", \.rootCause.text)
        state.rows("five whys", \.rootCause.whys)
        state.field("five whys notes", \.rootCause.whysNotes)
        state.rows("contributing factors", \.rootCause.factors)
        state.field("contributing factors notes", \.rootCause.factorsNotes)
        state.field("detection", \.detection)
        state.field("response", \.response)
        state.field("lessons", \.lessons)
        state.rows("action items", \.actionItems)
        state.field("action notes", \.actionNotes)
        state.rows("attachments", \.attachments)
        state.rows("links", \.links)
        state.field("other sections", \.extraSections)
        state.field("other front matter", \.extraMetadata)
        return Result(mine: state.mineWins, theirs: state.theirsWin, clashes: state.clashes, merged: state.merged)
    }

    struct State {
        let base: PostMortem
        let mine: PostMortem
        let theirs: PostMortem
        var mineWins: PostMortem
        var theirsWin: PostMortem
        var clashes: [Clash] = []
        var merged: [String] = []

        init(base: PostMortem, mine: PostMortem, theirs: PostMortem) {
            self.base = base
            self.mine = mine
            self.theirs = theirs
            // Start from theirs: what was saved first stands wherever this edit changed nothing.
            mineWins = theirs
            theirsWin = theirs
        }

        mutating func field<T: Equatable>(_ name: String, _ path: WritableKeyPath<PostMortem, T>) {
            let (b, m, t) = (base[keyPath: path], mine[keyPath: path], theirs[keyPath: path])
            guard m != b, m != t else { return }
            if t == b {
                mineWins[keyPath: path] = m
                theirsWin[keyPath: path] = m
                merged.append(name)
            } else {
                mineWins[keyPath: path] = m
                clashes.append(Clash(field: name, base: show(b), theirs: show(t), mine: show(m)))
            }
        }

        mutating func rows<T: Equatable>(_ name: String, _ path: WritableKeyPath<PostMortem, [T]>) {
            let (b, m, t) = (base[keyPath: path], mine[keyPath: path], theirs[keyPath: path])
            guard m != b, m != t else { return }
            guard b.count == m.count, b.count == t.count else { return field(name, path) }
            for i in b.indices where m[i] != b[i] && m[i] != t[i] {
                let label = "\(name), row \(i + 1)"
                if t[i] == b[i] {
                    mineWins[keyPath: path][i] = m[i]
                    theirsWin[keyPath: path][i] = m[i]
                    merged.append(label)
                } else {
                    mineWins[keyPath: path][i] = m[i]
                    clashes.append(Clash(field: label, base: show(b[i]), theirs: show(t[i]), mine: show(m[i])))
                }
            }
        }

        func show<T>(_ value: T) -> String { FieldMerge.text(value) }
    }
}

extension FieldMerge {
    /// A field's value as a person reads it on the conflict page.
    static func text(_ value: Any) -> String {
        switch value {
        case let text as String: return text
        case let flag as Bool: return flag ? "yes" : "no"
        case let list as [String]: return list.joined(separator: ", ")
        case let instant as Instant: return instant.iso8601
        case let severity as Severity: return severity.rawValue
        case let kind as IncidentKind: return kind.rawValue
        case let entry as TimelineEntry:
            let time = entry.time.map { $0.iso8601 + (entry.until.map { "/" + $0.iso8601 } ?? "") } ?? "unknown"
            return "\(time) \(entry.kind.rawValue): \(entry.text)" + (entry.actor.map { " (\($0))" } ?? "")
                + (entry.evidence.isEmpty ? "" : " [" + entry.evidence.map(\.description).joined(separator: ", ") + "]")
        case let why as Why: return "\(why.question) — \(why.answer)"
        case let factor as ContributingFactor: return (factor.category.map { "\($0.rawValue): " } ?? "") + factor.text
        case let item as ActionItem:
            let parts =
                [item.owner, item.due?.description, item.priority?.rawValue, item.type?.rawValue, item.link]
                .compactMap { $0 } + [item.status.rawValue]
            return "\(item.title) (\(parts.joined(separator: ", ")))"
        case let link as Link: return "\(link.title) <\(link.url)>"
        case let attachment as Attachment: return "\(attachment.path): \(attachment.caption)"
        case let section as Section: return "## \(section.heading)\n\n\(section.body)"
        case let detection as Detection:
            return [detection.method?.rawValue, detection.notes].compactMap { $0 }.joined(separator: "\n\n")
        case let lessons as Lessons:
            return [
                lessons.wentWell.map { "+ " + $0 }, lessons.wentPoorly.map { "- " + $0 },
                lessons.gotLucky.map { "~ " + $0 }, [lessons.notes ?? ""],
            ].flatMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
        case let impact as Impact:
            let facts: [(String, String?)] = [
                ("users", impact.users.map(String.init)), ("customers", impact.customers.map(String.init)),
                ("data", impact.data), ("personal data", impact.personalData.map { $0 ? "yes" : "no" }),
                ("services", impact.services.isEmpty ? nil : impact.services.joined(separator: ", ")),
                ("duration", impact.statedDuration), ("SLO budget", impact.sloBudget), ("cost", impact.cost),
                ("notified", impact.notified?.iso8601),
            ]
            return (facts.compactMap { name, value in value.map { "\(name): \($0)" } } + [impact.notes ?? ""])
                .filter { !$0.isEmpty }.joined(separator: "\n")
        case let list as [Any]: return list.map(text).joined(separator: "\n")
        default:
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional { return mirror.children.first.map { text($0.value) } ?? "" }
            return String(describing: value)
        }
    }
}
