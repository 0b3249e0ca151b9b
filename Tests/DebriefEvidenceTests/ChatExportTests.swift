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

@Suite("Teams and Mattermost exports, and threads")
struct ChatFormatTests {
    func write(_ text: String, _ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("a Teams message list reads as people saw it: mentions, links, entities; replies keep their thread")
    func teams() throws {
        let path = try write(
            #"""
            {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#chats('19%3Aabc')/messages","value":[
             {"id":"1772720460300","replyToId":"1772719740100","messageType":"message","createdDateTime":"2026-03-05T14:21:00.300Z",
              "deletedDateTime":null,"from":{"user":{"id":"u2","displayName":"Li Wei"}},
              "body":{"contentType":"html","content":"<p><at id=\"0\">Sam Okafor</at> pool is at max &gt; 1,000 &amp; climbing, see <a href=\"https://grafana.example.com/d/db\">the dashboard</a></p>"}},
             {"id":"1772719740100","messageType":"message","createdDateTime":"2026-03-05T14:09:00.100Z","deletedDateTime":null,
              "from":{"user":{"id":"u1","displayName":"Sam Okafor"}},"body":{"contentType":"text","content":"Checkout is throwing 503s, declaring SEV1"}},
             {"id":"1772719800000","messageType":"systemEventMessage","createdDateTime":"2026-03-05T14:10:00Z","from":null,
              "body":{"contentType":"html","content":"<systemEventMessage/>"}},
             {"id":"1772719900000","messageType":"message","createdDateTime":"2026-03-05T14:11:40Z","deletedDateTime":"2026-03-05T14:12:00Z",
              "from":{"user":{"displayName":"Sam Okafor"}},"body":{"contentType":"text","content":"gone"}}
            ]}
            """#, "inc-checkout.json")
        #expect(ChatExport.kind(of: path) == .teams)
        let messages = try ChatExport.readTeams(path: path)
        #expect(messages.map(\.author) == ["Sam Okafor", "Li Wei"])
        #expect(
            messages[1].text
                == "@Sam Okafor pool is at max > 1,000 & climbing, see the dashboard (https://grafana.example.com/d/db)"
        )
        #expect(messages[1].thread == "1772719740100" && messages[0].thread == nil)
        #expect(messages[0].channel == "inc-checkout" && messages[0].service == "teams")
        #expect(abs(messages[0].time - 1_772_719_740.1) < 0.01)
    }

    @Test("a Mattermost bulk export gives posts and their replies; a broken line is named and skipped")
    func mattermost() throws {
        let path = try write(
            #"""
            {"type":"version","version":1}
            {"type":"channel","channel":{"team":"eng","name":"inc-checkout","display_name":"Incident checkout"}}
            {"type":"post","post":{"team":"eng","channel":"inc-checkout","user":"sam","message":"Checkout is throwing 503s, declaring SEV1","create_at":1772719740100,"replies":[{"user":"li","message":"on it, looking at @sam's graphs","create_at":1772719800000}]}}
            {"type":"post","post":{"team":"eng"
            {"type":"post","post":{"team":"eng","channel":"inc-checkout","user":"li","message":"deleted","create_at":1772719900000,"delete_at":1772719950000}}
            """#, "export.jsonl")
        #expect(ChatExport.kind(of: path) == .mattermost)
        let (messages, problems) = try ChatExport.readMattermost(path: path)
        #expect(
            messages.map(\.text) == ["Checkout is throwing 503s, declaring SEV1", "on it, looking at @sam's graphs"])
        #expect(messages[1].thread == messages[0].id)
        #expect(messages[0].id == "\(path):3")
        #expect(problems.map(\.description) == ["\(path):4:1: error: not a JSON object"])
    }

    @Test("a Slack reply names the message that opened its thread")
    func slackThread() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("inc"), withIntermediateDirectories: true)
        try #"[{"id":"C1","name":"inc"}]"#.write(
            to: root.appendingPathComponent("channels.json"), atomically: true, encoding: .utf8)
        try #"""
        [{"type":"message","user":"U1","text":"rolling back now","ts":"1772720000.000100","thread_ts":"1772720000.000100","reply_count":1},
         {"type":"message","user":"U2","text":"rollback done, errors falling","ts":"1772720100.000200","thread_ts":"1772720000.000100"}]
        """#.write(to: root.appendingPathComponent("inc/2026-03-05.json"), atomically: true, encoding: .utf8)
        let (messages, _) = try ChatExport.readSlack(folder: root.path)
        #expect(messages.map(\.thread) == [nil, "1772720000.000100"])
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
