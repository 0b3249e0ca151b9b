import DebriefCore
import DebriefNotify
import DebriefStore
import Foundation
import Testing

/// A real SMTP server (Python's aiosmtpd) and a webhook receiver on loopback, started for one
/// test and stopped after it (see Fixtures/mailsink.py; `scripts/test` installs aiosmtpd).
final class MailSink: Sendable {
    let process: Process
    let input: Pipe
    let folder: URL
    let smtpPort: Int
    let httpPort: Int

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mailsink.py")

    static let available: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import aiosmtpd"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    init(tls: (cert: String, key: String)? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailsink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, folder.path] + (tls.map { [$0.cert, $0.key] } ?? [])
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard words.count == 3, words[0] == "ready", let smtp = Int(words[1]), let http = Int(words[2]) else {
            throw DeliveryError("the mail sink did not start: \(words)")
        }
        smtpPort = smtp
        httpPort = http
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    func records(_ name: String) throws -> [[String: Any]] {
        let url = folder.appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }
}

@Suite("Reminders through a real SMTP server and webhook receiver on loopback")
struct RemindingTests {
    static let today = LocalDate(year: 2026, month: 12, day: 7)

    /// A store with one post-mortem: alice's item due tomorrow, bob's overdue, carol's in a
    /// month, a done overdue one and one without an owner.
    static func store(_ backend: NotifyBackend = .sqlite) async throws -> (any Store)? {
        guard let store = try await backend.store() else { return nil }
        var pm = PostMortem(id: "pool", title: "Connection pool exhausted", status: .draft, authors: ["alice"])
        pm.actionItems = [
            ActionItem(title: "Alert on pool saturation", owner: "alice", due: today.adding(days: 1), status: .open),
            ActionItem(title: "Cap retries", owner: "bob", due: today.adding(days: -4), status: .inProgress),
            ActionItem(title: "Load-test the pool", owner: "carol", due: today.adding(days: 30)),
            ActionItem(title: "Roll back", owner: "bob", due: today.adding(days: -9), status: .done),
            ActionItem(title: "Find an owner", due: today.adding(days: -2)),
        ]
        _ = try await store.create(pm, by: "alice", note: "", demo: false)
        return store
    }

    func settings(_ sink: MailSink) -> ReminderSettings {
        var settings = ReminderSettings()
        settings.from = "debrief@example.com"
        settings.emailDomain = "example.org"
        settings.addresses = ["bob": "bob.builder@example.net"]
        var smtp = SMTPSettings(host: "127.0.0.1")
        smtp.port = sink.smtpPort
        settings.smtp = smtp
        settings.slack = "http://127.0.0.1:\(sink.httpPort)/slack"
        settings.webhook = "http://127.0.0.1:\(sink.httpPort)/hook"
        settings.baseURL = "https://debrief.example.com"
        return settings
    }

    @Test(
        "one digest per owner, by e-mail, Slack and a webhook; nothing twice; a dry run sends nothing",
        arguments: NotifyBackend.allCases)
    func digests(_ backend: NotifyBackend) async throws {
        guard MailSink.available else {
            print("skipped: python3 has no aiosmtpd (scripts/test installs it)")
            return
        }
        guard let store = try await Self.store(backend) else { return }
        defer { (store as? PostgresStore)?.close() }
        let sink = try MailSink()
        defer { sink.stop() }
        let reminding = Reminding(settings: settings(sink), store: store)
        let planned = try await reminding.run(today: Self.today, dryRun: true)
        #expect(planned.map(\.digest.owner) == ["alice", "bob"])
        #expect(try sink.records("mail.jsonl").isEmpty)

        let outcomes = try await reminding.run(today: Self.today, dryRun: false)
        #expect(outcomes.map(\.digest.owner) == ["alice", "bob"])
        for outcome in outcomes {
            #expect(outcome.failed.isEmpty, "\(outcome.failed)")
            #expect(outcome.delivered.count == 3)
        }
        let mail = try sink.records("mail.jsonl")
        #expect(mail.compactMap { ($0["to"] as? [String])?.first } == ["alice@example.org", "bob.builder@example.net"])
        let alice = try #require(mail.first?["text"] as? String)
        #expect(alice.contains("Subject: Post-mortem action items: 1 due soon"))
        #expect(alice.contains("Alert on pool saturation — is due 2026-12-08"))
        #expect(alice.contains("https://debrief.example.com/incidents/pool"))
        let bob = try #require(mail.last?["text"] as? String)
        #expect(bob.contains("Cap retries — was due 2026-12-03 (4 days ago)"))
        #expect(!bob.contains("Roll back"))
        let hooks = try sink.records("hooks.jsonl")
        #expect(hooks.filter { $0["path"] as? String == "/slack" }.count == 2)
        let hook = try #require(hooks.first { $0["path"] as? String == "/hook" }?["body"] as? [String: Any])
        #expect(hook["owner"] as? String == "alice")
        #expect((hook["items"] as? [[String: Any]])?.first?["kind"] as? String == "due-soon")

        // Run again: everything was recorded, so nothing goes out.
        #expect(try await reminding.run(today: Self.today, dryRun: false).isEmpty)
        #expect(try sink.records("mail.jsonl").count == 2)
        // Two days later alice's item is overdue: that is a new reminder.
        let later = try await reminding.run(today: Self.today.adding(days: 2), dryRun: false)
        #expect(later.map(\.digest.owner) == ["alice"])
        #expect(later.first?.digest.reminders.first?.kind == .overdue)
    }

    @Test("a channel that fails is reported; the digest counts as sent when another took it")
    func failures() async throws {
        guard MailSink.available else { return }
        let sink = try MailSink()
        defer { sink.stop() }
        let store = try #require(try await Self.store())
        var settings = settings(sink)
        settings.slack = "http://127.0.0.1:\(sink.httpPort)/fail"
        settings.addresses = [:]
        settings.emailDomain = nil
        let outcomes = try await Reminding(settings: settings, store: store).run(today: Self.today, dryRun: false)
        for outcome in outcomes {
            #expect(outcome.delivered == ["webhook"])
            #expect(outcome.failed.contains { $0.hasPrefix("slack: answered 500") })
            #expect(outcome.failed.contains { $0.contains("no address for") })
        }
        #expect(try await store.sentReminders(keys: outcomes.flatMap { $0.digest.reminders.map(\.key) }).count == 2)
    }

    @Test("STARTTLS: required and offered, the message goes encrypted; required and not offered, it does not go")
    func startTLS() async throws {
        guard MailSink.available else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl could not make a test certificate")

        let secure = try MailSink(tls: (cert, key))
        defer { secure.stop() }
        var smtp = SMTPSettings(host: "localhost")
        smtp.port = secure.smtpPort
        smtp.tls = .require
        smtp.caFile = cert
        try await SMTPClient(smtp).send(
            from: "debrief@example.com", to: ["alice@example.org"], subject: "Überfällig: 1", body: "Hello.\n.dot")
        let mail = try secure.records("mail.jsonl")
        #expect(mail.count == 1 && mail.first?["tls"] as? Bool == true)
        let text = try #require(mail.first?["text"] as? String)
        #expect(text.contains("Subject: =?utf-8?B?"))
        #expect(text.contains("\n.dot") || text.contains("\r\n.dot"))

        let plain = try MailSink()
        defer { plain.stop() }
        smtp.port = plain.smtpPort
        smtp.host = "127.0.0.1"
        await #expect(throws: DeliveryError.self) {
            try await SMTPClient(smtp).send(from: "debrief@example.com", to: ["a@example.org"], subject: "x", body: "y")
        }
        #expect(try plain.records("mail.jsonl").isEmpty)
    }
}

/// The stores these tests run on: SQLite, and PostgreSQL when `scripts/test` provides one
/// (`DEBRIEF_TEST_POSTGRES`), each fresh.
enum NotifyBackend: String, CaseIterable, Sendable {
    case sqlite, postgres

    func store() async throws -> (any Store)? {
        switch self {
        case .sqlite: return try SQLiteStore()
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["DEBRIEF_TEST_POSTGRES"] else { return nil }
            return try await PostgresStore(
                try PostgresLocation(url: url),
                schema: "ntf_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
        }
    }
}
