import Foundation
import Testing

@testable import DebriefEvidence

@Suite("Scanning logs for the incident")
struct LogScanTests {
    /// Two hours of traffic from 12:00 UTC with one error every ten minutes, and from 13:00 to
    /// 13:30 a new error at 40 a minute.
    static func incidentLog() -> [String] {
        var lines: [String] = []
        let base = 1_772_712_000  // 2026-03-05T12:00:00Z
        for minute in 0..<120 {
            for second in stride(from: 0, to: 60, by: 6) {
                let t = base + minute * 60 + second
                let stamp = Instant(t)
                lines.append(
                    "\(stamp) INFO [http-\(second % 4)] api.Checkout: request \(t) served in \(second + 20) ms")
            }
            if minute % 10 == 0 {
                lines.append(
                    "\(Instant(base + minute * 60 + 30)) ERROR [cron] jobs.Cleanup: temp dir not empty, retrying")
            }
            if (60..<90).contains(minute) {
                for k in 0..<40 {
                    lines.append(
                        "\(Instant(base + minute * 60 + k)) ERROR [db-\(k % 8)] db.Pool: connection pool exhausted (100/100 in use)"
                    )
                }
            }
        }
        return lines
    }

    /// ISO 8601 in UTC for epoch seconds.
    struct Instant: CustomStringConvertible {
        let seconds: Int
        init(_ seconds: Int) { self.seconds = seconds }
        var description: String {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
            return f.string(from: Date(timeIntervalSince1970: Double(seconds)))
        }
    }

    @Test("the error spike is found to the minute, with its new template")
    func window() throws {
        var scan = LogScan()
        for (i, line) in Self.incidentLog().enumerated() {
            var text = line
            text.withUTF8 { _ = scan.add($0, number: i + 1) }
        }
        let window = try #require(scan.incidentWindow)
        #expect(window.start == 1_772_712_000 + 60 * 60)
        #expect(window.end == 1_772_712_000 + 90 * 60)
        #expect(window.peakErrorsPerMinute == 41)
        #expect(window.baselineErrorsPerMinute == 0)
        #expect(window.confidence > 0.9)
        let newTemplates = scan.miner.templates.filter { t in
            scan.firstSeen[t.id].map { $0 >= window.start && $0 < window.end } ?? false
        }
        #expect(newTemplates.map(\.text) == ["connection pool exhausted (<*>/<*> in use)"])
        #expect(scan.levels[.error] == 12 + 1200)
        #expect(scan.linesWithoutTime == 0)
    }

    @Test("steady logs have no incident window")
    func quiet() {
        var scan = LogScan()
        for (i, line) in Self.incidentLog().filter({ !$0.contains("pool exhausted") }).enumerated() {
            var text = line
            text.withUTF8 { _ = scan.add($0, number: i + 1) }
        }
        #expect(scan.incidentWindow == nil)
    }

    @Test("JSON lines give their level and message fields")
    func json() {
        var scan = LogScan()
        var line =
            #"{"ts":"2026-03-05T13:00:01Z","level":"error","msg":"payment 4411 declined by gateway","service":"pay"}"#
        let record = line.withUTF8 { scan.add($0, number: 1) }
        #expect(record.level == .error)
        #expect(record.time == 1_772_715_601)
        #expect(scan.miner.template(record.template).text == "payment <*> declined by gateway")
    }
}
