import Foundation
import Testing

@testable import DebriefEvidence

@Suite("CSV exports: mined on the message column the header names")
struct CSVLayoutTests {
    static func layout(_ line: String) -> CSVLayout? {
        Array(line.utf8).withUnsafeBufferPointer { CSVLayout.header($0) }
    }

    static func message(_ layout: CSVLayout, _ line: String) -> String? {
        Array(line.utf8).withUnsafeBufferPointer { buffer in
            layout.message(in: buffer).map { String(decoding: buffer[$0], as: UTF8.self) }
        }
    }

    @Test("a header names the message column, by name or as the last; log lines are not headers")
    func headers() throws {
        let idp = try #require(Self.layout("published,actor.alternateId,eventType,outcome.result,displayMessage"))
        #expect(idp == CSVLayout(columns: 5, message: 4))
        let named = try #require(Self.layout("Time,Message,Host,Severity\r"))
        #expect(named.message == 1)
        let viewer = try #require(Self.layout("Level,Date and Time,Source,Event ID,Task Category"))
        #expect(viewer.message == 4, "no column named like a message: the last")
        // A column named like a level gives the level.
        #expect(named.level == 3 && viewer.level == 0 && idp.level == nil)
        let export = try #require(Self.layout(#""TimeCreated","Id","LevelDisplayName","ProviderName","Message""#))
        #expect(export == CSVLayout(columns: 5, message: 4, level: 2))
        let record = #""3/4/2026 9:00:01 AM","4625","Warning","Security","An account failed to log on."#
        let level = Array(record.utf8).withUnsafeBufferPointer { buffer in
            export.level(in: buffer).map { String(decoding: buffer[$0], as: UTF8.self) }
        }
        #expect(level == "Warning")
        #expect(Self.message(export, record) == "An account failed to log on.", "a message open for more lines")
        for line in [
            "081109 203615 148 INFO dfs.DataNode$PacketResponder: Received block", "[Sun Dec 04 04:47:44 2005] x, y, z",
            "Starting up, please wait while the service loads its configuration files, then retry", "a,b",
            #"{"time":"2026-03-04","msg":"x"}"#,
        ] {
            #expect(Self.layout(line) == nil, "\(line)")
        }
    }

    @Test("quoted fields hold commas and doubled quotes; a record of other columns is not read")
    func records() throws {
        let layout = CSVLayout(columns: 4, message: 3)
        #expect(
            Self.message(layout, "2026-03-04T09:00:00Z,ana@example.com,SUCCESS,User login to Okta")
                == "User login to Okta")
        #expect(
            Self.message(layout, #"2026-03-04T09:00:00Z,ana@example.com,DENY,"Verify user identity, factor: SMS""#)
                == "Verify user identity, factor: SMS")
        #expect(
            Self.message(layout, #"t,a,b,"Rate limit for token ""ab12"", again""#)
                == #"Rate limit for token ""ab12"", again"#)
        #expect(Self.message(layout, "t,a,b") == nil)
        // A last field whose quotes stay open goes on over the next lines: its first line is read.
        #expect(Self.message(layout, #"t,a,b,"open quote"#) == "open quote")
        #expect(Self.message(CSVLayout(columns: 4, message: 2), #"t,a,b,"open quote"#) == nil)
        #expect(Self.message(layout, #"t,"open,a,b"#) == nil)
    }

    @Test("a CSV file's records group by their message, not by the columns before it")
    func mining() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("debrief-csv-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var lines = ["published,actor,outcome,ip,displayMessage"]
        let actors = ["ana@example.com", "svc-deploy7@example.com", "bo@example.com"]
        for i in 0..<30 {
            let actor = actors[i % 3]
            let outcome = ["SUCCESS", "FAILURE", "DENY"][i % 3]
            lines.append(
                i % 2 == 0
                    ? "2026-03-04T09:00:\(10 + i)Z,\(actor),\(outcome),203.0.113.\(i),User login to Okta"
                    : "2026-03-04T09:00:\(10 + i)Z,\(actor),\(outcome),203.0.113.\(i),\"Reset password, user \(actor)\""
            )
        }
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        var miner = TemplateMiner()
        let result = try await ParallelMining.mine(path: url.path, into: &miner, workers: 1)
        let groups = Set(result.lineTemplates.dropFirst().map { miner.resolve(Int($0)) })
        #expect(groups.count == 2, "\(miner.templates.map(\.text))")
        #expect(miner.templates.contains { $0.text == "User login to Okta" })
    }
}
