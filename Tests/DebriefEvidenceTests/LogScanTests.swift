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

    @Test("two halves scanned apart and merged give the same report as one pass")
    func merge() throws {
        let lines = Self.incidentLog()
        var whole = LogScan()
        for (i, line) in lines.enumerated() {
            var text = line
            text.withUTF8 { _ = whole.add($0, number: i + 1) }
        }
        let half = lines.count / 2
        var first = LogScan()
        var second = LogScan()
        for (i, line) in lines.enumerated() {
            var text = line
            if i < half {
                text.withUTF8 { _ = first.add($0, number: i + 1) }
            } else {
                text.withUTF8 { _ = second.add($0, number: i - half + 1) }
            }
        }
        var merged = LogScan()
        merged.merge(first, lineOffset: 0)
        merged.merge(second, lineOffset: half)
        #expect(merged.incidentWindow == whole.incidentWindow)
        #expect(merged.levels == whole.levels && merged.lines == whole.lines)
        #expect(merged.minutes.mapValues { $0.errors } == whole.minutes.mapValues { $0.errors })
        #expect(merged.miner.templates.map(\.count).sorted() == whole.miner.templates.map(\.count).sorted())
        let window = try #require(whole.incidentWindow)
        #expect(merged.errorLines(in: window)?.first.position == whole.errorLines(in: window)?.first.position)
        #expect(merged.errorLines(in: window)?.last.position == whole.errorLines(in: window)?.last.position)
    }

    @Test("--from and --to bound the time a line is placed at: with the assumed year and zone")
    func boundsAfterPlacing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func scan(_ text: String, year: Int? = nil, offset: Int? = nil, from: String, to: String) throws -> LogScan {
            let path = folder.appendingPathComponent(UUID().uuidString).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            var reader = try LineReader(path: path)
            var scan = LogScan()
            scan.assumedYear = year
            scan.assumedOffset = offset
            let lower = try #require(LogTimestampParser.find(in: from)?.seconds)
            let upper = try #require(LogTimestampParser.find(in: to)?.seconds)
            _ = scan.read(&reader, from: lower, to: upper)
            return scan
        }
        // Syslog gives no year: its lines are 2026's once --year says so.
        let syslog =
            "Mar  5 12:00:01 host app[1]: error one\nMar  5 12:10:01 host app[1]: error two\n"
            + "Mar  5 12:20:01 host app[1]: error three\n"
        let year = try scan(syslog, year: 2026, from: "2026-03-05T12:05:00Z", to: "2026-03-05T12:15:00Z")
        #expect(year.lines == 1 && year.linesWithoutYear == 1)
        #expect(year.first == LogTimestampParser.find(in: "2026-03-05T12:10:01Z")?.seconds)
        // Local times two hours ahead of UTC: 12:10 there is 10:10 UTC.
        let local = "2026-03-05T12:00:01 ERROR one\n2026-03-05T12:10:01 ERROR two\n2026-03-05T12:20:01 ERROR three\n"
        let zone = try scan(local, offset: 7200, from: "2026-03-05T10:05:00Z", to: "2026-03-05T10:15:00Z")
        #expect(zone.lines == 1 && zone.linesWithoutZone == 1)
        #expect(zone.first == LogTimestampParser.find(in: "2026-03-05T10:10:01Z")?.seconds)
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

    @Test("a level written in digits is read on every line, though lines of that shape were seen")
    func levelsInDigits() {
        var scan = LogScan()
        let lines = [
            "<11>Mar  4 14:02:01 web1 app[12]: cache refill done",
            "<14>Mar  4 14:02:02 web1 app[12]: cache refill done",
            #"10.0.0.1 - - [04/Mar/2026:14:02:03 +0000] "GET /cart HTTP/1.1" 503 12 "-" "curl""#,
            #"10.0.0.2 - - [04/Mar/2026:14:02:04 +0000] "GET /cart HTTP/1.1" 200 13 "-" "curl""#,
            "2026-03-04 14:02:05 ERROR cache refill failed after 3 tries",
            "2026-03-04 14:02:06 ERROR cache refill failed after 4 tries",
        ]
        let levels = lines.enumerated().map { i, line in
            var text = line
            return text.withUTF8 { scan.add($0, number: i + 1).level }
        }
        #expect(levels == [.error, .info, .error, .info, .error, .error])
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

@Suite("Structured log formats")
struct StructuredFormatTests {
    static func record(_ line: String) -> (LogRecord, LogScan) {
        var scan = LogScan()
        var text = line
        let record = text.withUTF8 { scan.add($0, number: 1) }
        return (record, scan)
    }

    @Test(
        "level and message come from the format's own fields",
        arguments: [
            (
                #"ts=2026-03-05T13:00:01Z level=error msg="db pool timeout after 50 ms" service=checkout"#,
                LogLevel.error,
                "db pool timeout after <*> ms"
            ),
            (
                #"time="2026-03-05T13:00:02Z" lvl=warn msg="slow request 42 took 900 ms""#, .warning,
                "slow request <*> took <*> ms"
            ),
            (#"ts=2026-03-05T13:00:02Z level=info msg=started"#, .info, "started"),
            (
                #"{"date":"2026-03-05T13:00:03.000Z","host":"web-1","status":"error","message":"payment 4411 declined"}"#,
                .error,
                "payment <*> declined"
            ),
            (
                #"{"result":{"_time":"2026-03-05T13:00:04.000+00:00","_raw":"2026-03-05 13:00:04 ERROR api.Pay: payment 991 declined"}}"#,
                .error, "payment <*> declined"
            ),
            (
                #"<34>1 2026-03-05T13:00:01.003Z web-1 su 1234 ID47 [exampleSDID@32473 iut="3" eventSource="App]"] 'su root' failed for lonvick"#,
                .critical, "'su root' failed for lonvick"
            ),
            (
                "<165>1 2026-03-05T13:00:02Z web-1 evntslog - ID47 - connection to db-3 restored after 2 retries",
                .notice,
                "connection to <*> restored after <*> retries"
            ),
            ("<11>Mar  5 13:00:03 web-1 cron[99]: job nightly failed", .error, "job nightly failed"),
        ])
    func fields(_ line: String, _ level: LogLevel, _ template: String) {
        let (record, scan) = Self.record(line)
        #expect(record.level == level)
        #expect(record.time != nil)
        #expect(scan.miner.template(record.template).text == template)
    }
}

@Suite("Hostile evidence")
struct HostileEvidenceTests {
    static let seeds = [
        "2026-03-05T13:00:01.250Z ERROR [db-1] db.Pool: pool exhausted (100/100)",
        #"{"time":"2026-03-05T13:00:01Z","level":"error","message":"boom \"quoted\" \\ x"}"#,
        "Mar  5 13:00:01 web-1 sshd[42]: Failed password for root from 192.0.2.7 port 22 ssh2",
        #"192.0.2.1 - - [05/Mar/2026:13:00:01 +0000] "GET / HTTP/1.1" 503 12 "-" "x""#,
        "20260305-13:0:1:5|Step|1|onStep 12", "[23:58] sam: paging", "- 1772715601 2026.03.05 R00 RAS KERNEL FATAL x",
    ]

    @Test("random cuts and bytes through the scan, the timestamp parser and the transcript reader never crash")
    func fuzz() throws {
        var generator = SystemRandomNumberGenerator()
        var scan = LogScan()
        var transcript: [String] = []
        for round in 0..<3000 {
            var bytes = Array(Self.seeds[round % Self.seeds.count].utf8)
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            for _ in 0..<Int.random(in: 0...6, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if round % 50 == 0 {
                bytes += (0..<Int.random(in: 0...3000, using: &generator)).map { _ in UInt8.random(in: 0...255) }
            }
            bytes.withUnsafeBufferPointer { buffer in
                _ = scan.add(buffer, number: round + 1)
                _ = LogTimestampParser.find(in: buffer, window: buffer.count)
            }
            transcript.append(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: " "))
        }
        _ = scan.incidentWindow
        _ = IncidentChart.svg(scan: scan, window: scan.incidentWindow)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chat-\(UUID().uuidString).txt").path
        try transcript.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        _ = try ChatExport.readTranscript(path: path, date: DateComponents(year: 2026, month: 3, day: 5))
        #expect(scan.lines == 3000)
    }

    @Test("JSON lines of many shapes: the time by its key, levels as words, numbers and booleans")
    func variedJSON() {
        let lines = [
            #"{"svc":{"pod":"api-9f3a2c"},"trace_id":"b64c812bc0a5fd94","ts":"2026-03-05T12:00:01Z","level":"error","msg":"boom"}"#,
            #"{"level":50,"ts":"2026-03-05T12:00:02Z","msg":"boom","svc":{"pod":"api-aa01ff"}}"#,
            #"{"msg":"boom","error":true,"svc":{"pod":"api-beef12"},"ts":"2026-03-05T12:00:03Z"}"#,
            #"{"time":"2026-03-05T12:00:04Z","msg":"ok","level":30,"http":{"status":200}}"#,
            #"{"msg":"upstream failed","http":{"status":503,"path":"/v1/x"},"ts":"2026-03-05T12:00:05Z"}"#,
            #"{"msg":"fine","error":false,"ts":"2026-03-05T12:00:06Z","trace":"deadbeefcafe"}"#,
        ]
        var scan = LogScan()
        for (i, line) in lines.enumerated() {
            var text = line
            text.withUTF8 { _ = scan.add($0, number: i + 1) }
        }
        scan.settle()
        #expect(scan.linesWithoutTime == 0)
        #expect(scan.first.map { ScanReportTime.iso($0) } == "2026-03-05T12:00:01Z")
        #expect(scan.last.map { ScanReportTime.iso($0) } == "2026-03-05T12:00:06Z")
        #expect(scan.levels[.error] == 4)
        #expect(scan.levels[.info] == 1)
        #expect(scan.levels[.unknown] == 1)
    }

    @Test("a level and a colon opening a line give its level: uvicorn's and Python logging's default")
    func levelPrefix() {
        var scan = LogScan()
        for (i, line) in ["INFO:     Started server process [7]", "ERROR:root:boom", "WARNING:  slow", "INFOS: x"]
            .enumerated()
        {
            var text = line
            text.withUTF8 { _ = scan.add($0, number: i + 1) }
        }
        #expect(scan.levels[.info] == 1 && scan.levels[.error] == 1 && scan.levels[.warning] == 1)
        #expect(scan.levels[.unknown] == 1)
    }

    @Test("Apache httpd's error log: the level after the module, the message from its code on")
    func apacheErrorLog() {
        let header =
            "[Wed Mar 04 09:00:0%d.224270 2026] [%@] [pid 14724:tid 382797216101023] [client 203.0.113.9:52984] "
        let lines = [
            ("authz_core:error", "AH01630: client denied by server configuration: /var/www/html/u1"),
            ("authz_core:error", "AH01630: client denied by server configuration: /var/www/html/u22"),
            // The same bytes as the first but for digits: another code, another message.
            ("authz_core:error", "AH01797: client denied by server configuration: /var/www/html/u1"),
            ("core:info", "AH00128: File does not exist: /var/www/html/favicon.ico"),
            ("mpm_event:notice", "AH00489: Apache/2.4.58 (Unix) configured -- resuming normal operations"),
        ]
        var scan = LogScan()
        var records: [LogRecord] = []
        for (i, (module, message)) in lines.enumerated() {
            var text = String(format: header, i + 1, module) + message
            text.withUTF8 { records.append(scan.add($0, number: i + 1)) }
        }
        scan.settle()
        #expect(scan.levels[.error] == 3 && scan.levels[.info] == 1 && scan.levels[.notice] == 1)
        #expect(records[0].template == records[1].template)
        #expect(records[0].template != records[2].template)
        #expect(
            scan.miner.template(records[0].template).text
                == "AH01630: client denied by server configuration: /var/www/html/u<*>")
        #expect(scan.linesWithoutTime == 0)
    }
}

/// ISO 8601 of a scan's seconds, for the expectations above.
enum ScanReportTime {
    static func iso(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
