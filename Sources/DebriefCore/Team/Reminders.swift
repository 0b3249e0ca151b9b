import Foundation

/// Where and how reminders go, from the `reminders:` part of `.debrief.yml`.
public struct ReminderSettings: Sendable, Equatable {
    /// Items due within this many days get a "due soon" reminder.
    public var dueSoonDays: Int = 3
    /// The sender of reminder e-mails.
    public var from: String?
    /// Owners are account names; `owner@emailDomain` is their address unless `addresses`
    /// names another.
    public var emailDomain: String?
    public var addresses: [String: String] = [:]
    public var smtp: SMTPSettings?
    /// Incoming-webhook URLs: each digest is also posted there.
    public var slack: String?
    public var teams: String?
    public var webhook: String?
    /// The web app's address, for links in the messages.
    public var baseURL: String?

    public init() {}

    /// The address of `owner`, if one can be made.
    public func address(of owner: String) -> String? {
        if let explicit = addresses[owner] ?? addresses[owner.lowercased()] { return explicit }
        if owner.contains("@") { return owner }
        guard let domain = emailDomain, !domain.isEmpty,
            owner.allSatisfy({ $0.isLetter || $0.isNumber || ".-_+".contains($0) }), !owner.isEmpty
        else { return nil }
        return owner + "@" + domain
    }

    /// True when some channel is configured.
    public var hasChannel: Bool { smtp != nil || slack != nil || teams != nil || webhook != nil }
}

/// An SMTP relay.
public struct SMTPSettings: Sendable, Equatable {
    public enum TLS: String, Sendable, Equatable {
        /// STARTTLS when the server offers it.
        case auto
        /// Refuse to send unless the server offers STARTTLS.
        case require
        /// Plain text (a relay on the same host).
        case never
    }
    public var host: String
    public var port: Int = 25
    public var tls: TLS = .auto
    public var username: String?
    /// The password comes from the environment variable named here, never from the file.
    public var passwordEnvironment: String = "DEBRIEF_SMTP_PASSWORD"
    /// A PEM file of certificate authorities to trust besides the system's (an internal relay).
    public var caFile: String?

    public init(host: String) { self.host = host }
}

/// One action item to remind its owner of.
public struct Reminder: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case dueSoon = "due-soon", overdue }
    public var postMortem: String
    public var postMortemTitle: String
    public var index: Int
    public var item: ActionItem
    public var kind: Kind
    /// Sent once: the item, the kind and the due day (a new due day is a new reminder).
    public var key: String
}

/// Everything one owner is reminded of in one message.
public struct ReminderDigest: Sendable, Equatable {
    public var owner: String
    public var reminders: [Reminder]
}

/// Which reminders are due, pure: the caller passes the open items, the day and what was sent.
public enum Reminders {
    /// Open items due within `dueSoonDays` or overdue, not reminded of before, grouped by owner
    /// (items without an owner or a due day are left out: there is nobody or no time to remind).
    public static func plan(
        _ items: [(postMortem: String, title: String, index: Int, item: ActionItem)], today: LocalDate,
        dueSoonDays: Int, alreadySent: Set<String>
    ) -> [ReminderDigest] {
        var byOwner: [String: [Reminder]] = [:]
        for entry in items {
            let item = entry.item
            guard !item.status.isClosed, let due = item.due,
                let owner = item.owner?.trimmingCharacters(in: .whitespaces), !owner.isEmpty
            else { continue }
            let kind: Reminder.Kind
            if due < today {
                kind = .overdue
            } else if due.dayNumber - today.dayNumber <= dueSoonDays {
                kind = .dueSoon
            } else {
                continue
            }
            let key = key(postMortem: entry.postMortem, index: entry.index, kind: kind, due: due)
            guard !alreadySent.contains(key) else { continue }
            byOwner[owner, default: []].append(
                Reminder(
                    postMortem: entry.postMortem, postMortemTitle: entry.title, index: entry.index, item: item,
                    kind: kind, key: key))
        }
        return byOwner.keys.sorted().map { owner in
            ReminderDigest(
                owner: owner,
                reminders: byOwner[owner]!.sorted {
                    ($0.kind == .overdue ? 0 : 1, $0.item.due!.dayNumber, $0.postMortem, $0.index)
                        < ($1.kind == .overdue ? 0 : 1, $1.item.due!.dayNumber, $1.postMortem, $1.index)
                })
        }
    }

    /// What a reminder is recorded under: the item, the kind and the due day.
    public static func key(postMortem: String, index: Int, kind: Reminder.Kind, due: LocalDate) -> String {
        "\(postMortem)#\(index)#\(kind.rawValue)#\(due)"
    }

    /// The message: a subject and a plain-text body.
    public static func message(_ digest: ReminderDigest, today: LocalDate, baseURL: String?) -> (
        subject: String, body: String
    ) {
        let overdue = digest.reminders.filter { $0.kind == .overdue }.count
        let soon = digest.reminders.count - overdue
        var parts: [String] = []
        if overdue > 0 { parts.append("\(overdue) overdue") }
        if soon > 0 { parts.append("\(soon) due soon") }
        let subject = "Post-mortem action items: " + parts.joined(separator: ", ")
        var lines = ["Hello \(digest.owner),", "", "These post-mortem action items are yours:", ""]
        for r in digest.reminders {
            let due = r.item.due!
            let when =
                r.kind == .overdue
                ? "was due \(due) (\(today.dayNumber - due.dayNumber) days ago)"
                : (due == today ? "is due today" : "is due \(due)")
            lines.append("- \(r.item.title) — \(when)")
            var about = "  from “\(r.postMortemTitle)”"
            if let base = baseURL {
                about += ": " + WebAddress.incident(r.postMortem, base: base)
            }
            lines.append(about)
            if let link = r.item.link { lines.append("  tracker: \(link)") }
        }
        lines += ["", "Mark an item done on the post-mortem when it has landed. — Debrief"]
        return (subject, lines.joined(separator: "\n"))
    }
}
