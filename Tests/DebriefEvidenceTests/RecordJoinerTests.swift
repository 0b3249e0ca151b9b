import Foundation
import Testing

@testable import DebriefEvidence

@Suite("Multi-line records: stack traces and JSON bodies are one event")
struct RecordJoinerTests {
    /// Which lines of `text` open a record (1-based), as `RecordJoiner` reads them.
    func starts(_ text: String, csv: CSVLayout? = nil) -> [Int] {
        var joiner = RecordJoiner()
        joiner.csv = csv
        var opened: [Int] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var bytes = String(line)
            if !bytes.withUTF8({ joiner.continues($0) }) { opened.append(index + 1) }
        }
        return opened
    }

    @Test("a Java stack trace, with its exception line, frames, cause and 'more', goes on its log line")
    func java() {
        let log = """
            2026-03-04 09:00:01.371 ERROR 1 --- [nio-8080-exec-3] c.e.orders.OrderController : Failed to load order 40171
            java.lang.NullPointerException: Cannot invoke "Order.getItems()" because "order" is null
            \tat com.example.orders.OrderService.load(OrderService.java:42)
            \tat com.example.orders.OrderController.get(OrderController.java:17)
            Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available
            \t... 12 more
            2026-03-04 09:00:02.004  INFO 1 --- [           main] c.e.orders.OrderApplication : Started in 4.2 seconds
            """
        #expect(starts(log) == [1, 7])
    }

    @Test("a Python traceback, down to its exception line, goes on its log line")
    func python() {
        let log = """
            [2026-03-04 09:00:01,902: ERROR/MainProcess] Task send_email[8cc8a0f8] raised unexpected
            Traceback (most recent call last):
              File "/app/tasks.py", line 42, in send_email
                smtp.send_message(msg)
            smtplib.SMTPServerDisconnected: Connection unexpectedly closed
            [2026-03-04 09:00:05,288: INFO/ForkPoolWorker-1] Connected to redis://10.1.2.3:6379/0
            """
        #expect(starts(log) == [1, 6])
    }

    @Test("a chained Python traceback, blank lines and all, goes on its log line; other blank lines are records")
    func chainedPython() {
        let log = """
            ERROR:    Exception in ASGI application
            Traceback (most recent call last):
              File "/srv/app/client.py", line 41, in charge
            httpx.HTTPStatusError: Server error '503 Service Unavailable'

            The above exception was the direct cause of the following exception:

            Traceback (most recent call last):
              File "/srv/app/routes.py", line 12, in create_payment
            payments.errors.PaymentFailed: order 4411
            INFO:     Shutting down

            INFO:     Finished server process [1234]
            """
        #expect(starts(log) == [1, 11, 12, 13])
    }

    @Test("a Go goroutine dump after a recovered panic goes on its log line, frames and all")
    func goPanic() {
        let log = """
            2026/03/04 09:00:03 http: panic serving 10.0.0.7:51234: runtime error: invalid memory address
            goroutine 21584 [running]:
            net/http.(*conn).serve.func1()
            \t/usr/local/go/src/net/http/server.go:1868 +0xb9
            panic({0x9d8e40?, 0xd9f7a0?})
            \t/usr/local/go/src/runtime/panic.go:920 +0x270
            main.(*api).orderHandler(0xc000123, {0xa1b2c3, 0xc000456}, 0xc000789)
            \t/src/cmd/api/orders.go:88 +0x1c4
            created by net/http.(*Server).Serve in goroutine 1
            \t/usr/local/go/src/net/http/server.go:3086 +0x5cb
            2026/03/04 09:00:04 listening on :8080
            """
        #expect(starts(log) == [1, 11])
    }

    @Test("in a file of timed records, the lines of a message logged in one call go on it; an address is not a time")
    func untimedLines() {
        let log = """
            2026-03-04 09:00:10,603 WARNING [app.db] Slow query (5661ms):
            SELECT o.id, o.total FROM orders o
            WHERE o.created_at > now() - interval '1 day'
            ORDER BY o.total DESC LIMIT 50
            2026-03-04 09:00:14,410 INFO [app.http] GET /api/cart/68187 -> 404 in 933ms
            2026-03-04 09:00:15,001 WARNING [app.deps] pip check reported:
            urllib3 2.2.1 has requirement idna<4,>=2.5
            2026-03-04 09:00:16,220 INFO [app.http] GET /healthz -> 200 in 1ms
            """
        #expect(starts(log) == [1, 5, 6, 8])
        // Lines opening with an address, a count or a duration are records, not continuations:
        // such a file is not one of timed records.
        let access = (0..<20).map { "10.1.2.\($0) - - \"GET /v1/orders HTTP/1.1\" 200" }.joined(separator: "\n")
        #expect(starts(access + "\nStarted server process [12]\n404 responses in the last minute") == Array(1...22))
        // Times of other shapes open records.
        for stamp in ["081109 203615 148 INFO", "1709542801.123 INFO", "3/4/2026 9:00:01 AM", "20171223-22:15:29:606|"]
        {
            #expect(starts("\(stamp) first\n\(stamp) second") == [1, 2])
        }
    }

    @Test("a pretty-printed JSON document is one record")
    func json() {
        let log = """
            2026-03-04T09:00:01Z request failed
            {
              "error": "timeout",
              "upstream": {"host": "10.0.0.4", "port": 8080}
            }
            2026-03-04T09:00:02Z request ok
            """
        #expect(starts(log) == [1, 6])
        // A stream of pretty-printed documents: each one is a record.
        #expect(starts("{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}") == [1, 4])
    }

    @Test("lines of a log without times, or with a space of their own, are records")
    func untimed() {
        // A message column: no line starts with a time, one starts with a space.
        let content = """
            onStandStepChanged 3579
             getTodayTotalDetailSteps = 1514038440000##6993
            Server be_api/api7 is UP, reason: Layer7 check passed
            10.0.0.5:51234 [04/Mar/2026:09:12:01.123] fe_https~ be_api/api2 200
            Server be_api/api2 is DOWN, reason: Layer4 connection problem
            """
        #expect(starts(content) == [1, 2, 3, 4, 5])
    }

    /// A temporary Spring Boot log of twenty failures, each an error line and a two-line trace,
    /// with a request line before each when `completed`.
    static func springLog(completed: Bool) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("records-\(UUID()).log")
        var text = ""
        for k in 0..<20 {
            if completed {
                text += "2026-03-04 09:00:\(10 + k).000  INFO 1 --- [main] c.e.Job : Completed request \(k)\n"
            }
            let at = completed ? "500" : "000"
            text += "2026-03-04 09:00:\(10 + k).\(at) ERROR 1 --- [main] c.e.Job : Failed to load order \(k)\n"
            text += "java.lang.IllegalStateException: order \(k) is gone\n\tat c.e.Job.run(Job.java:\(k))\n"
        }
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("templates are mined on each record's first line and cited there; the joined lines are counted")
    func mined() async throws {
        let url = try Self.springLog(completed: false)
        defer { try? FileManager.default.removeItem(at: url) }
        var miner = TemplateMiner()
        let result = try await ParallelMining.mine(path: url.path, into: &miner, workers: 1)
        #expect(result.lineTemplates.count == 20)
        let firstLines: [Int32] = (0..<20).map { Int32(1 + 3 * $0) }
        #expect(result.recordStarts == firstLines)
        #expect(result.joinedLines == 40)
        #expect(Set(result.lineTemplates.map { miner.resolve(Int($0)) }).count == 1)
        #expect(miner.template(Int(result.lineTemplates[0])).text == "Failed to load order <*>")
    }

    @Test("the scan counts records, not frames, and says how many lines it joined")
    func scan() throws {
        let url = try Self.springLog(completed: true)
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = try LineReader(path: url.path)
        var scan = LogScan()
        let read = scan.read(&reader)
        scan.settle()
        #expect(read == 80)
        #expect(scan.lines == 40)
        #expect(scan.joinedLines == 40)
        #expect(scan.levels[.error] == 20)
        #expect(scan.miner.templates.count == 2)
    }

    static let dotnetConsole = """
        info: Microsoft.Hosting.Lifetime[14]
              Now listening on: http://[::]:8080
        info: Microsoft.Hosting.Lifetime[0]
              Application started. Press Ctrl+C to shut down.
        info: Microsoft.Hosting.Lifetime[0]
              Hosting environment: Production
        fail: Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware[1]
              An unhandled exception has occurred while executing the request.
              System.InvalidOperationException: Sequence contains no elements
                 at Orders.Api.Controllers.OrdersController.Get(Int32 id) in /src/OrdersController.cs:line 42
        info: Microsoft.Hosting.Lifetime[14]
              Now listening on: http://[::]:8081
        info: Microsoft.Hosting.Lifetime[0]
              Application is shutting down...
        warn: Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionMiddleware[3]
        info: Orders.Api.Startup

        """

    @Test("a record whose first line is only a level and a category is mined with its message line, cited at the first")
    func categoryOnlyFirstLine() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dotnet-\(UUID().uuidString).log")
        try Data(Self.dotnetConsole.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var miner = TemplateMiner()
        let result = try await ParallelMining.mine(path: url.path, into: &miner, workers: 1)
        #expect(result.recordStarts == [1, 3, 5, 7, 11, 13, 15, 16])
        let texts = result.lineTemplates.map { miner.template(Int($0)).text }
        #expect(texts[0] == "Microsoft.Hosting.Lifetime[<*>] Now listening on: http://[::]<*>")
        #expect(texts[1].hasSuffix("Application started. Press Ctrl+C to shut down."))
        #expect(Set(result.lineTemplates.prefix(3)).count == 3)
        #expect(result.lineTemplates[0] == result.lineTemplates[4])
        #expect(texts[3].hasSuffix("An unhandled exception has occurred while executing the request."))
        // With no message line after it, a category line is a record of its own, the last one too.
        #expect(texts[6] == "Microsoft.AspNetCore.HttpsPolicy.HttpsRedirectionMiddleware[<*>]")
        #expect(texts[7] == "Orders.Api.Startup")

        // The scan reads them the same way, and `fail:` is an error, `warn:` a warning.
        var reader = try LineReader(path: url.path)
        var scan = LogScan()
        #expect(scan.read(&reader) == 16)
        scan.settle()
        #expect(scan.lines == 8)
        #expect(scan.levels[.error] == 1 && scan.levels[.warning] == 1 && scan.levels[.info] == 6)
        #expect(scan.miner.templates.count == 7)
    }

    static let eventHeader = #""TimeCreated","Id","LevelDisplayName","ProviderName","Message""#

    /// A Windows event export: `records` events, every other one with a message of six lines
    /// (one of them blank, one holding `""`), the others of one.
    static func eventExport(records: Int) -> String {
        var lines = [eventHeader]
        for k in 0..<records {
            let time = "3/4/2026 9:\(10 + k % 50):0\(k % 10) AM"
            if k % 2 == 0 {
                lines.append(#""\#(time)","4625","Information","Security","An account failed to log on."#)
                lines += [
                    "", "Subject:", "\tAccount Name:\t\tuser\(k)", "\tCaller: \"\"svchost.exe\"\"",
                    "\tStatus:\t\t0xC000006D\"",
                ]
            } else {
                lines.append(
                    #""\#(time)","7036","Information","Service Control Manager","The service entered the running state.""#
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("a CSV record whose quoted message holds line breaks is one record, up to the line that closes it")
    func csvRecords() throws {
        let text = Self.eventExport(records: 4)
        var header = Self.eventHeader
        let csv = try #require(header.withUTF8 { CSVLayout.header($0) })
        #expect(starts(text, csv: csv) == [1, 2, 8, 9, 15, 16])
        // Without the layout, the message's unindented lines would be records of their own.
        #expect(starts(text) != [1, 2, 8, 9, 15, 16])
        // Read from inside a record (a part of a file split between cores), the rest of it is
        // read as lines of their own, and the next record is found again.
        let rest = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(4).joined(separator: "\n")
        #expect(starts(rest, csv: csv) == [1, 4, 5, 11, 12])
        // A quote that never closes (a cut export) holds at most 256 lines.
        let cut =
            [Self.eventHeader, #""3/4/2026 9:10:00 AM","4625","Information","Security","An account"#]
            + Array(repeating: "x", count: 300)
        #expect(starts(cut.joined(separator: "\n"), csv: csv) == [1, 2] + Array(259...302))
    }

    @Test("a Windows event export is mined on its messages' first lines, on one core or two")
    func eventExportMined() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString).csv")
        try Data(Self.eventExport(records: 400).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var one = TemplateMiner()
        let whole = try await ParallelMining.mine(path: url.path, into: &one, workers: 1)
        #expect(whole.recordStarts.count == 401)
        #expect(whole.joinedLines == 1000)
        let texts = Set(whole.lineTemplates.map { one.template(one.resolve(Int($0))).text })
        #expect(texts.contains("An account failed to log on."))
        #expect(texts.contains("The service entered the running state."))
        #expect(texts.count == 3)
        // Split in two, the second part may start inside a record: only that record's rest is
        // read as lines of its own.
        var two = TemplateMiner()
        let split = try await ParallelMining.mine(path: url.path, into: &two, workers: 2, splitAbove: 0)
        #expect((401...406).contains(split.recordStarts.count))
        var reader = try LineReader(path: url.path)
        var scan = LogScan()
        #expect(scan.read(&reader) == 1 + 400 + 1000)
        #expect(scan.lines == 401 && scan.joinedLines == 1000)
        #expect(scan.linesWithoutTime == 1)
        #expect(scan.levels[.info] == 400, "the LevelDisplayName column")
    }
}
