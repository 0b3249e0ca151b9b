import Foundation
import Testing

@testable import DebriefEvidence

@Suite("Log timestamps")
struct LogTimestampTests {
    /// (line, expected time in UTC, has year, has zone)
    static let cases: [(String, String, Bool, Bool)] = [
        ("2015-10-18 18:01:47,978 INFO [main] x", "2015-10-18T18:01:47.978", true, false),
        ("2015-07-29 17:41:44,747 - INFO  [QuorumPeer]", "2015-07-29T17:41:44.747", true, false),
        ("2026-03-04T14:02:00Z api ok", "2026-03-04T14:02:00.000", true, true),
        ("2026-03-04T16:02:00.5+02:00 api ok", "2026-03-04T14:02:00.500", true, true),
        ("[Sun Dec 04 04:47:44 2005] [notice] x", "2005-12-04T04:47:44.000", true, false),
        ("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: x", "2000-06-14T15:16:01.000", false, false),
        ("081109 203615 148 INFO dfs.DataNode", "2008-11-09T20:36:15.000", true, false),
        ("20171223-22:15:29:606|Step_LSC|30002312|x", "2017-12-23T22:15:29.606", true, false),
        (
            "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 x", "2005-06-03T22:42:50.000", true,
            true
        ),
        (
            "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326", "2000-10-10T20:55:36.000",
            true, true
        ),
        ("{\"ts\": 1700000000123, \"level\": \"error\"}", "2023-11-14T22:13:20.123", true, true),
        // Windows and spreadsheet exports in US English: month first, a 12-hour clock.
        ("\"3/4/2026 9:00:01 AM\",\"4625\",\"Information\"", "2026-03-04T09:00:01.000", true, false),
        ("\"3/4/2026 12:30:00 PM\",\"7036\"", "2026-03-04T12:30:00.000", true, false),
        ("12/31/2026 12:05:09 AM,Security", "2026-12-31T00:05:09.000", true, false),
        ("11/2/2026 11:59 pm backup done", "2026-11-02T23:59:00.000", true, false),
        // Day first when the first number cannot be a month.
        ("25/12/2026 18:00:00 shop closed", "2026-12-25T18:00:00.000", true, false),
    ]

    static func iso(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    @Test("timestamps in the formats logs use", arguments: cases.indices)
    func formats(_ index: Int) throws {
        let (line, expected, year, zone) = Self.cases[index]
        let stamp = try #require(LogTimestampParser.find(in: line), "\(line)")
        #expect(Self.iso(stamp.seconds) == expected, "\(line)")
        #expect(stamp.hasYear == year, "\(line)")
        #expect(stamp.hasZone == zone, "\(line)")
    }

    @Test(
        "lines without a timestamp give none",
        arguments: [
            "connection reset by peer", "retry 3 of 5", "version 2.4.1 ok", "25:99 nope", "13/13/2026 9:00 AM",
            "2/30/2026 9:00 AM",
        ])
    func none(_ line: String) {
        #expect(LogTimestampParser.find(in: line) == nil)
    }
}
