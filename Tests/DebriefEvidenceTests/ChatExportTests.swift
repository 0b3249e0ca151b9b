import Foundation
import Testing
import ZIPFoundation

@testable import DebriefEvidence

@Suite("Chat exports")
struct ChatExportTests {
    static func folder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("inc-checkout"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("general"), withIntermediateDirectories: true)
        try #"[{"id":"C1","name":"inc-checkout"},{"id":"C2","name":"general"}]"#.write(
            to: root.appendingPathComponent("channels.json"), atomically: true, encoding: .utf8)
        try #"[{"id":"U1","name":"sam","profile":{"display_name":"Sam O"}},{"id":"U2","name":"li"}]"#.write(
            to: root.appendingPathComponent("users.json"), atomically: true, encoding: .utf8)
        try #"""
        [{"type":"message","user":"U1","text":"Checkout is throwing 503s, declaring SEV1","ts":"1772719740.000100"},
         {"type":"message","subtype":"channel_join","user":"U2","text":"<@U2> has joined","ts":"1772719750.000200"},
         {"type":"message","subtype":"tombstone","user":"USLACKBOT","text":"This message was deleted.","ts":"1772719760.000100"},
         {"type":"message","subtype":"message_deleted","hidden":true,"deleted_ts":"1772719700.000100","ts":"1772719770.000100"},
         {"type":"message","user":"U1","text":"first words, since edited","ts":"1772720400.000100"},
         {"type":"message","subtype":"message_changed","hidden":true,"ts":"1772720410.000100","message":{"type":"message","user":"U1","text":"edited words","ts":"1772720400.000100","edited":{"user":"U1","ts":"1772720410.000000"}}},
         {"type":"message","user":"U2","text":"orders-db is at max connections &gt; 1,000 &amp; climbing; <@U1> see <#C2> and <https://grafana.example.com/d/db?a=1&amp;b=2|the dashboard>","ts":"1772720460.000300"}]
        """#.write(to: root.appendingPathComponent("inc-checkout/2026-03-05.json"), atomically: true, encoding: .utf8)
        try "not json {".write(
            to: root.appendingPathComponent("general/2026-03-05.json"), atomically: true, encoding: .utf8)
        return root
    }

    @Test("a Slack export gives messages with names, channels and ids, and reports broken files")
    func slack() throws {
        let root = try Self.folder()
        let (messages, problems) = try ChatExport.readSlack(folder: root.path)
        #expect(messages.count == 3)
        #expect(
            messages.map(\.text).contains("edited words")
                && !messages.map(\.text).contains { $0.contains("since edited") })
        #expect(messages[0].author == "Sam O" && messages[0].channel == "inc-checkout")
        #expect(messages[0].id == "1772719740.000100" && messages[0].time == 1_772_719_740.0001)
        #expect(messages[2].author == "li")
        #expect(
            messages[2].text
                == "orders-db is at max connections > 1,000 & climbing; @Sam O see #general and the dashboard (https://grafana.example.com/d/db?a=1&b=2)"
        )
        #expect(problems.count == 1 && problems[0].file.hasSuffix("general/2026-03-05.json"))
    }

    @Test(
        "Slack markup reads as people saw it",
        arguments: [
            ("a &lt;b&gt; &amp;amp;", "a <b> &amp;"), ("<@U9>", "@li"), ("<@U9|lee>", "@lee"),
            ("<!here> now", "@here now"),
            ("<!subteam^S1|@dbas> please", "@dbas please"), ("<#C7|general>", "#general"),
            ("<https://x.example/a|a>", "a (https://x.example/a)"), ("<https://x.example/a>", "https://x.example/a"),
            ("<mailto:a@b.example|a@b.example>", "a@b.example"), ("5 < 6 and no close", "5 < 6 and no close"),
            ("<!date^1392734382^{date}|Feb 18, 2014>", "Feb 18, 2014"),
        ])
    func markup(text: String, shown: String) {
        #expect(SlackText.plain(text, users: ["U9": "li"]) == shown)
    }

    @Test("a zipped Slack export reads like the folder, the export one folder down")
    func zipped() throws {
        let root = try Self.folder()
        let wrapper = root.deletingLastPathComponent().appendingPathComponent("wrap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: wrapper, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root, to: wrapper.appendingPathComponent("Acme Slack export"))
        let zip = wrapper.deletingLastPathComponent().appendingPathComponent("export-\(UUID().uuidString).zip")
        try FileManager.default.zipItem(at: wrapper, to: zip, shouldKeepParent: false)
        #expect(ChatExport.isZip(zip.path))
        let (messages, problems) = try ChatExport.readSlackArchive(zip: zip.path)
        #expect(messages.count == 3 && messages[0].author == "Sam O")
        #expect(
            problems.count == 1 && problems[0].file.hasPrefix(zip.path + ":")
                && problems[0].file.hasSuffix("general/2026-03-05.json"))
        let notZip = root.appendingPathComponent("channels.json").path
        #expect(!ChatExport.isZip(notZip))
        #expect(throws: ChatExportError.self) { try ChatExport.readSlackArchive(zip: notZip) }
    }

    @Test("a plain transcript gives messages, crossing midnight")
    func transcript() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("war-room-\(UUID().uuidString).txt")
            .path
        try """
        [23:58] sam: paging the db on-call
        still no answer
        [00:03] li: on it
        00:10 <sam> thanks
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let messages = try ChatExport.readTranscript(
            path: path, date: DateComponents(year: 2026, month: 3, day: 5))
        #expect(messages.map(\.author) == ["sam", "li", "sam"])
        #expect(messages[0].text == "paging the db on-call\nstill no answer")
        #expect(messages[1].time - messages[0].time == 5 * 60)
        #expect(messages[0].id.hasSuffix(":1") && messages[1].id.hasSuffix(":3"))
    }
}

@Suite("Requests for follow-up work in chat")
struct ChatRequestTests {
    @Test(
        "a list of follow-ups after a colon gives one candidate per item",
        arguments: [
            (
                "follow-ups I'd like in the doc: alert on saturation, load-test config changes",
                ["Alert on saturation", "Load-test config changes"]
            ),
            ("Action items:\n- add a canary\n- page on pool waits", ["Add a canary", "Page on pool waits"]),
            ("for the postmortem: why did the alert take 7 minutes?", ["Why did the alert take 7 minutes"]),
            ("TODO: rotate the token; audit the registry", ["Rotate the token", "Audit the registry"]),
        ])
    func requests(text: String, expected: [String]) {
        #expect(ChatRequests.candidates(in: text) == expected)
    }

    @Test(
        "live tasks and talk are not follow-ups",
        arguments: [
            "can someone check the logs?", "we should see recovery soon", "alert firing: error rate above 5%",
            "the follow-up deploy is going out now", "rolling back: v4.2.0 is on its way",
        ])
    func notRequests(text: String) {
        #expect(ChatRequests.candidates(in: text).isEmpty)
    }
}
