import AsyncHTTPClient
import DebriefCore
import DebriefStore
import Foundation
import NIOCore
import NIOHTTP1

/// One run of reminders: the open action items from the store, what was sent before, the
/// digests `Reminders.plan` makes, sent by e-mail and to the configured webhooks, and recorded
/// so that none is sent twice. Used by `debrief remind` and by `serve --remind-every`.
public struct Reminding: Sendable {
    public var settings: ReminderSettings
    public var store: any Store

    public init(settings: ReminderSettings, store: any Store) {
        self.settings = settings
        self.store = store
    }

    /// What one digest came to.
    public struct Outcome: Sendable {
        public var digest: ReminderDigest
        /// Channels that took it ("email priya@…", "slack", "teams", "webhook").
        public var delivered: [String]
        /// Channels that refused, with why.
        public var failed: [String]
    }

    /// The digests due now, or with `dryRun` only planned: nothing sent, nothing recorded.
    public func run(today: LocalDate, dryRun: Bool) async throws -> [Outcome] {
        // Every open item of every post-mortem: reminders are an operator's job, restricted
        // ones included (the owner is named in them, so may see them).
        let unique = try await OpenActionItems.all(in: store).map {
            ($0.postMortem, $0.postMortemTitle, $0.index, $0.item)
        }
        let keys = unique.flatMap { entry in
            entry.3.due.map { due in
                Reminder.Kind.allCases.map { Reminders.key(postMortem: entry.0, index: entry.2, kind: $0, due: due) }
            } ?? []
        }
        let sent = try await store.sentReminders(keys: keys)
        let digests = Reminders.plan(
            unique.map { (postMortem: $0.0, title: $0.1, index: $0.2, item: $0.3) }, today: today,
            dueSoonDays: settings.dueSoonDays, alreadySent: sent)
        var outcomes: [Outcome] = []
        for digest in digests {
            guard !dryRun else {
                outcomes.append(Outcome(digest: digest, delivered: [], failed: []))
                continue
            }
            var outcome = await deliver(digest, today: today)
            if !outcome.delivered.isEmpty {
                do {
                    try await store.recordReminders(digest.reminders.map(\.key), owner: digest.owner, at: Date())
                } catch {
                    outcome.failed.append("record: \(error)")
                }
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Sends one digest through every configured channel.
    func deliver(_ digest: ReminderDigest, today: LocalDate) async -> Outcome {
        let (subject, body) = Reminders.message(digest, today: today, baseURL: settings.baseURL)
        var outcome = Outcome(digest: digest, delivered: [], failed: [])
        if let smtp = settings.smtp {
            if let to = settings.address(of: digest.owner), let from = settings.from {
                do {
                    try await SMTPClient(smtp).send(from: from, to: [to], subject: subject, body: body)
                    outcome.delivered.append("email \(to)")
                } catch {
                    outcome.failed.append("email \(to): \(error)")
                }
            } else {
                outcome.failed.append(
                    "email: no address for \(digest.owner) (set emailDomain or addresses)\(settings.from == nil ? " and no from" : "")"
                )
            }
        }
        let text = "*\(subject)* for \(digest.owner)\n" + body
        let hooks: [(String, String?, [String: String])] = [
            ("slack", settings.slack, ["text": text]),
            ("teams", settings.teams, ["text": text.replacingOccurrences(of: "\n", with: "\n\n")]),
        ]
        for (name, url, payload) in hooks {
            guard let url else { continue }
            record(&outcome, name, await post(url, payload))
        }
        if let url = settings.webhook {
            struct Item: Encodable {
                var postMortem: String
                var title: String
                var due: String
                var kind: String
                var link: String?
            }
            struct Payload: Encodable {
                var owner: String
                var subject: String
                var text: String
                var items: [Item]
            }
            let payload = Payload(
                owner: digest.owner, subject: subject, text: body,
                items: digest.reminders.map {
                    Item(
                        postMortem: $0.postMortem, title: $0.item.title, due: $0.item.due?.description ?? "",
                        kind: $0.kind.rawValue, link: $0.item.link)
                })
            record(&outcome, "webhook", await post(url, payload))
        }
        return outcome
    }

    func record(_ outcome: inout Outcome, _ name: String, _ error: String?) {
        if let error { outcome.failed.append("\(name): \(error)") } else { outcome.delivered.append(name) }
    }

    /// POSTs JSON; nil when the receiver took it (2xx), else why not.
    func post(_ url: String, _ payload: some Encodable) async -> String? {
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Debrief reminders")
            request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(payload)))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(15))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return (200..<300).contains(Int(response.status.code)) ? nil : "answered \(response.status.code)"
        } catch {
            return "\(error)"
        }
    }
}
