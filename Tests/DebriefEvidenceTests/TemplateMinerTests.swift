import Foundation
import Testing

@testable import DebriefEvidence

@Suite("Template mining")
struct TemplateMinerTests {
    @Test("lines that differ only in variables share a template; others do not")
    func grouping() {
        var miner = TemplateMiner()
        let a = miner.add("connection to 10.0.0.1 timed out after 3000 ms")
        let b = miner.add("connection to 10.0.0.7 timed out after 120 ms")
        let users = ["alice", "bob", "carol", "dave"].map { miner.add("user \($0) logged in from web") }
        let e = miner.add("disk /dev/sda1 is 93% full")
        #expect(a == b)
        #expect(Set(users.map(miner.resolve)).count == 1)
        #expect(Set([a, miner.resolve(users[0]), e]).count == 3)
        #expect(miner.template(a).text == "connection to <*> timed out after <*> ms")
        #expect(miner.template(users[0]).text == "user <*> logged in from web")
        #expect(miner.template(users[0]).count == 4)
        #expect(miner.template(a).count == 2)
        #expect(miner.templates.count == 3)
    }

    @Test("a position holding a few plain words keeps them apart; one more and it is a variable")
    func fewWords() {
        var miner = TemplateMiner()
        let root = (1...5).map { miner.add("authentication failure from 10.0.0.\($0) for root") }
        let guest = miner.add("authentication failure from 10.0.0.9 for guest")
        let usable = miner.add("BIOS-e820: 0000000000100000 - 000000001f6f0000 (usable)")
        let reserved = miner.add("BIOS-e820: 000000001f6f0000 - 000000001f6f3000 (reserved)")
        #expect(Set(root).count == 1 && root[0] != guest && reserved != usable)
        #expect(miner.template(root[0]).text == "authentication failure from <*> for root")
        #expect(miner.template(reserved).text == "BIOS<*> <*> - <*> (reserved)")
        // Numbers, and weekday or month names, never count as words.
        let jul = miner.add("connection from 10.1.1.1 at Sun Jul 24 02:38:23 2005")
        let jun = miner.add("connection from 10.1.1.2 at Mon Jun 13 04:01:02 2005")
        #expect(jul == jun)
        // A fourth user: the position was a variable after all, and every line says so.
        _ = miner.add("authentication failure from 10.0.0.7 for test")
        let admin = miner.add("authentication failure from 10.0.0.8 for admin")
        #expect(Set((root + [guest, admin]).map(miner.resolve)).count == 1)
        #expect(miner.template(guest).text == "authentication failure from <*> for <*>")
        #expect(miner.template(guest).count == 8)
        // With one word allowed, it is the plain Drain rule.
        var plain = TemplateMiner(wordValues: 1)
        #expect(plain.add("state changed to OK") == plain.add("state changed to DEGRADED"))
    }

    @Test("values by shape: key=value and a quoted token are variables whatever their words")
    func valuesByShape() {
        var miner = TemplateMiner()
        let carol = miner.add("connection authorized: user=carol database=orders")
        let bob = miner.add("connection authorized: user=bob database=users")
        #expect(carol == bob)
        #expect(miner.template(carol).text == "connection authorized: user=<*> database=<*>")
        let a = miner.add(#"secret "tls-cert" not found"#)
        let b = miner.add(#"secret "db-creds" not found"#)
        #expect(a == b)
        #expect(miner.template(a).text == #"secret "<*>" not found"#)
        // A quote that does not enclose the token, and a bare `=`, are words as before.
        #expect(TemplateMiner.valueRange(Array("\"GET".utf8).withUnsafeBufferPointer { $0[...] }) == nil)
        // A key that names the event keeps its word: the audit log's record types are events.
        let cwd = miner.add(#"type=CWD msg=audit(1772668551.333:246): cwd="/home/alice""#)
        let title = miner.add("type=PROCTITLE msg=audit(1772668551.333:246): proctitle=2f7573722f62696e")
        let cwd2 = miner.add(#"type=CWD msg=audit(1772668552.101:247): cwd="/srv""#)
        #expect(cwd == cwd2 && cwd != title)
        #expect(miner.template(cwd).text == "type=CWD msg=audit(<*>): cwd=<*>")
        let deny = miner.add("action=deny src=10.0.0.1 dst=10.0.0.2")
        let allow = miner.add("action=allow src=10.0.0.7 dst=10.0.0.9")
        #expect(deny != allow)
    }

    @Test("a double-quoted string of several words is one value; a quoted whole message is not")
    func quotedStrings() {
        var miner = TemplateMiner()
        let curl = miner.add(#"GET /v1/orders/7 200 1.2 "curl/8.4.0" "-""#)
        let browser = miner.add(#"GET /v1/orders/9 200 0.4 "Mozilla/5.0 (X11; Linux x86_64)" "-""#)
        let phone = miner.add(#"GET /v1/cart/3 404 0.1 "okhttp/4.12.0 (Android 14; Pixel 8)" "-""#)
        #expect(Set([curl, browser, phone].map(miner.resolve)).count == 1)
        #expect(miner.template(browser).text == #"GET <*> <*> <*> <*> "<*>""#)
        var alone = TemplateMiner()
        let agent = alone.add(#"agent "Mozilla/5.0 (X11; Linux x86_64)", seen"#)
        #expect(alone.template(agent).text == #"agent "<*>", seen"#, "the comma after the quote is kept")
        // The quotes around a whole message hold the message: its words still count.
        let a = miner.add(#""The Print Spooler service terminated unexpectedly.""#)
        let b = miner.add(#""An account failed to log on from 10.0.0.1""#)
        #expect(miner.resolve(a) != miner.resolve(b))
        // An escaped or unbalanced quote is not a string.
        let open = miner.add(#"value "abc def without end"#)
        #expect(miner.template(open).text == #"value "abc def without end"#)
    }

    @Test("a value of one to three plain words at the end folds its templates, once it has more than two")
    func wordTails() {
        var miner = TemplateMiner()
        let time = miner.add("checkpoint starting: time")
        let wal = miner.add("checkpoint starting: wal")
        let forced = miner.add("checkpoint starting: immediate force wait")
        let other = miner.add("checkpoint complete: wrote 12 buffers")
        miner.foldWordRuns()
        #expect(Set([time, wal, forced].map(miner.resolve)).count == 1)
        #expect(miner.template(forced).text == "checkpoint starting: <*>")
        #expect(miner.template(forced).count == 3)
        #expect(miner.resolve(other) != miner.resolve(time))
        // A later line equal to a folded tail joins it, and counts where it was folded.
        let again = miner.add("checkpoint starting: immediate force wait")
        #expect(miner.resolve(again) == miner.resolve(time) && miner.template(again).count == 4)
        // Two tails are two events, as two words at one position are (`wordValues`).
        var two = TemplateMiner()
        let up = two.add("Reached target Timers.")
        let multi = two.add("Reached target Multi-User System.")
        two.foldWordRuns()
        #expect(two.resolve(up) != two.resolve(multi))
        // A tail after a prefix of fewer than two plain words stays apart.
        var short = TemplateMiner()
        let a = short.add("ok 7 done")
        let b = short.add("ok 7 all good now")
        let c = short.add("ok 7 fine")
        short.foldWordRuns()
        #expect(Set([a, b, c].map(short.resolve)).count > 1)
    }

    @Test("a run of words inside a line folds like a tail; two runs seen in every combination are values")
    func wordRuns() {
        // A service name of two or four words, a state of one: six templates from `place`.
        var miner = TemplateMiner()
        var lines: [Int] = []
        for name in ["Windows Update", "Print Spooler", "Windows Defender Antivirus Service"] {
            for state in ["running", "stopped"] {
                lines.append(miner.add("The \(name) service entered the \(state) state."))
            }
        }
        let uptime = miner.add("The system uptime is 4411 seconds.")
        miner.foldWordRuns()
        #expect(Set(lines.map(miner.resolve)).count == 1)
        #expect(miner.template(lines[0]).text == "The <*> <*> service entered the <*> state.")
        #expect(miner.template(lines[0]).count == 6)
        #expect(miner.resolve(uptime) != miner.resolve(lines[0]))
        // A later line equal to a folded one counts where it was folded.
        let again = miner.add("The Windows Defender Antivirus Service service entered the running state.")
        #expect(miner.resolve(again) == miner.resolve(lines[0]) && miner.template(again).count == 7)

        // Two names and two states, in every combination: the four are one template.
        var grid = TemplateMiner()
        let four = ["Windows Update", "Print Spooler"].flatMap { name in
            ["running", "stopped"].map { grid.add("The \(name) service entered the \($0) state.") }
        }
        grid.foldWordRuns()
        #expect(Set(four.map(grid.resolve)).count == 1)

        // Three of the four combinations are not enough; nor is one run of two values
        // (`(usable)`, `(reserved)`), which is two events.
        var three = TemplateMiner()
        let some = [("Windows Update", "running"), ("Print Spooler", "running"), ("Windows Update", "stopped")].map {
            three.add("The \($0.0) service entered the \($0.1) state.")
        }
        three.foldWordRuns()
        #expect(Set(some.map(three.resolve)).count > 1)

        // A run opening the line names what the line is about, as the first token does in `place`.
        var opening = TemplateMiner()
        let tables = ["Dentry cache", "Inode-cache", "Mount-cache"].map {
            opening.add("\($0) hash table entries: 4096 (order: 3, 32768 bytes)")
        }
        opening.foldWordRuns()
        #expect(Set(tables.map(opening.resolve)).count == 3)
    }

    @Test("a dotted name opening a line does not keep templates apart; a word does")
    func dottedFirstToken() {
        var miner = TemplateMiner()
        let a = miner.add("nginx.service: Main process exited, code=killed, status=9/KILL")
        let b = miner.add("postgresql.service: Main process exited, code=killed, status=9/KILL")
        let c = miner.add("redis-server.service: Main process exited, code=killed, status=9/KILL")
        #expect(Set([a, b, c].map(miner.resolve)).count == 1)
        #expect(miner.template(a).text == "<*> Main process exited, code=<*>, status=<*>/KILL")
        let started = miner.add("Started session 4 of user alice")
        let stopped = miner.add("Stopped session 4 of user alice")
        #expect(miner.resolve(started) != miner.resolve(stopped))
    }

    @Test("a word in brackets is a value; a word in parentheses or a call opening a line keeps no key")
    func enclosedWords() {
        var miner = TemplateMiner()
        let green = miner.add("Cluster health status changed from [GREEN] to [YELLOW] (reason: [shards started]).")
        let red = miner.add("Cluster health status changed from [YELLOW] to [RED] (reason: [shards started]).")
        #expect(green == red)
        #expect(
            miner.template(red).text == "Cluster health status changed from [<*>] to [<*>] (reason: [shards started]).")
        // Cron's `(user) CMD (…)`: the user opens the line and is a value, as a number would be.
        let users = ["carol", "root", "svc-deploy"].map { miner.add("(\($0)) CMD (/usr/local/bin/backup.sh)") }
        #expect(Set(users.map(miner.resolve)).count == 1)
        // Mid-line, a word in parentheses stays a word (two kinds of memory map entry).
        let usable = miner.add("BIOS-e820: 0000000000100000 - 000000001f6f0000 (usable)")
        let reserved = miner.add("BIOS-e820: 000000001f6f0000 - 000000001f6f3000 (reserved)")
        #expect(miner.resolve(usable) != miner.resolve(reserved))
        // A job's call opening its line: the function's name is a value.
        let calls = ["sync.pull_orders", "mail.send_digest", "reports.build_invoice"].map {
            miner.add("\($0)(4411) (ce41bf4e-c4a9-a7e3-acc8-8683277232be)")
        }
        #expect(Set(calls.map(miner.resolve)).count == 1)
    }

    @Test("lines that share no fixed word join only when their values line up far more than they differ")
    func nothingFixedInCommon() {
        var miner = TemplateMiner()
        let client = miner.add("C8D45F868EA: client=unknown[203.0.113.6]")
        let removed = miner.add("4F2A31C0D2E: removed")
        let again = miner.add("0A1B2C3D4E5: removed")
        #expect(miner.resolve(client) != miner.resolve(removed))
        #expect(removed == again)
        // An access line is values end to end: its fields line up, whatever the path.
        let orders = miner.add("10.0.0.1 443 200 0.25 15 /v1/orders/7")
        let cart = miner.add("10.0.0.2 80 404 1.5 7 /v1/cart/9")
        #expect(orders == cart)
        // Two tokens, one a value in common: not enough.
        let short = miner.add("10.0.0.3 /v1/cart/9")
        #expect(miner.add("10.0.0.4 /v1/users/3") != short)
    }

    @Test("a JSON line is mined on its message field, a logfmt line on its msg")
    func records() {
        var miner = TemplateMiner()
        func add(_ line: String) -> Int {
            var text = line
            return text.withUTF8 { miner.addRecord(bytes: $0) }
        }
        let a = add(#"{"time":"2026-03-04T09:00:01Z","MESSAGE":"Started Session 4 of User alice.","_PID":"12"}"#)
        let b = add(#"{"_PID":"9","MESSAGE":"Started Session 17 of User alice.","time":"2026-03-04T09:00:02Z"}"#)
        let c = add(
            #"{"properties":{"message":"Host lock lease acquired by instance ID 'ab12'."},"level":"Information"}"#)
        let d = add(#"ts=2026-03-04T09:00:03Z level=warn msg="retrying call to inventory (attempt 2 of 3)""#)
        #expect(a == b)
        #expect(miner.template(a).text == "Started Session <*> of User alice.")
        #expect(miner.template(c).text == "Host lock lease acquired by instance ID '<*>'.")
        #expect(miner.template(d).text == "retrying call to inventory (attempt <*> of <*>)")
        // An unquoted `msg=` with digits is a stamp, not the message: the line is mined whole.
        let e = add(#"type=CWD msg=audit(1772668551.333:246): cwd="/home/alice""#)
        #expect(miner.template(e).text == "type=CWD msg=audit(<*>): cwd=<*>")
        let f = add("ts=2026-03-04T09:00:04Z level=info msg=started")
        #expect(miner.template(f).text == "started")
    }

    @Test("a word kept apart folds in once its position becomes a variable another way")
    func wordSiblingFolds() {
        // BGL: two paths without digits are two words, kept apart; a path with digits makes
        // the position a variable in the first, which then covers the second.
        var miner = TemplateMiner()
        let tail = ": invalid or missing program image, No such file or directory"
        let draeger = miner.add("ciod: Error loading /home/draeger/testQbox" + tail)
        let malloc = miner.add("ciod: Error loading ./runtime_malloc" + tail)
        #expect(draeger != malloc)
        let glosli = miner.add("ciod: Error loading /home/glosli/ddcMD/1.1.13/ddcMDbglV" + tail)
        #expect(Set([draeger, malloc, glosli].map(miner.resolve)).count == 1)
        #expect(miner.templates.count == 1 && miner.templates[0].count == 3)
        #expect(miner.resolve(miner.add("ciod: Error loading ./runtime_malloc" + tail)) == miner.resolve(glosli))
        // A sibling that differs elsewhere too stays apart.
        var other = TemplateMiner()
        _ = other.add("job alpha finished on node-a")
        let beta = other.add("job beta finished on node-b")
        _ = other.add("job gamma finished on node-c")
        _ = other.add("job 12 finished on node-a")
        #expect(other.templates.contains { $0.id == other.resolve(beta) })
    }

    @Test(
        "headers are found without knowing the format",
        arguments: [
            (
                "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
                "workerEnv.init() ok /etc/httpd/conf/workers2.properties"
            ),
            (
                "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_3 terminating",
                "PacketResponder 1 for block blk_3 terminating"
            ),
            (
                "2015-10-18 18:01:47,978 INFO [RMCommunicator Allocator] org.apache.A: Created app",
                "Created app"
            ),
            ("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown", "check pass; user unknown"),
            ("20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579", "onStandStepChanged 3579"),
            (
                "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:2181:FastLeaderElection@774] - Notification time out: 3200",
                "Notification time out: 3200"
            ),
            (
                "- 1117838570 2005.06.03 R02-M1-N0 2005-06-03-15.42.50.675872 R02-M1-N0 RAS KERNEL INFO instruction cache parity error corrected",
                "instruction cache parity error corrected"
            ),
            // No header: the whole line is the message.
            ("Notification time out: 3200", "Notification time out: 3200"),
            (
                "pam_unix(sshd:auth): authentication failure; logname= uid=0",
                "pam_unix(sshd:auth): authentication failure; logname= uid=0"
            ),
            ("instruction cache parity error corrected", "instruction cache parity error corrected"),
        ])
    func header(_ line: String, _ message: String) {
        #expect(String(LogHeader.message(Substring(line))) == message)
    }
}

@Suite("Reading lines")
struct LineReaderTests {
    func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).log").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("CRLF, a missing final newline, invalid UTF-8 and a huge line are read without stopping")
    func hostile() throws {
        var bytes = Array("first\r\nsecond\n".utf8)
        bytes += [0x62, 0x61, 0x64, 0xFF, 0x0A]  // "bad\xFF"
        bytes += Array(repeating: UInt8(ascii: "x"), count: 5000) + [0x0A]
        bytes += Array("last".utf8)
        var reader = try LineReader(path: try file(bytes), chunkSize: 64, maxLineBytes: 1000)
        var lines: [String] = []
        while let line = reader.next() { lines.append(line) }
        #expect(lines.count == 5)
        #expect(lines[0] == "first" && lines[1] == "second" && lines[4] == "last")
        #expect(lines[3].count == 1000)
        #expect(reader.damage.invalidUTF8Lines == [3])
        #expect(reader.damage.truncatedLines == [4])
    }

    @Test("random bytes never crash the reader or the miner")
    func fuzz() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let bytes = (0..<Int.random(in: 0...4000, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            var reader = try LineReader(path: try file(bytes), chunkSize: 97, maxLineBytes: 300)
            var miner = TemplateMiner()
            while let line = reader.next() { _ = miner.add(line) }
        }
    }
}

@Suite("Grouping accuracy on loghub-2k")
struct AccuracyTests {
    static let data: URL? = {
        let env = ProcessInfo.processInfo.environment["LOGHUB_DIR"]
        let url =
            env.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/loghub-2k")
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("HDFS").path) ? url : nil
    }()

    @Test(
        "HDFS content groups as the ground truth does",
        .enabled(if: data != nil, "needs ../shared/data/loghub-2k or LOGHUB_DIR; skipped in a clone without it"))
    func hdfs() throws {
        let csv = try String(
            contentsOf: Self.data!.appendingPathComponent("HDFS/HDFS_2k.log_structured.csv"), encoding: .utf8)
        var miner = TemplateMiner()
        var truth: [String] = []
        var predicted: [Int] = []
        for row in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            // LineId,Date,Time,Pid,Level,Component,Content,EventId,EventTemplate; HDFS content has no commas.
            truth.append(String(fields[7]))
            predicted.append(miner.add(fields[6]))
        }
        var groups: [Int: [Int]] = [:]
        for (i, p) in predicted.enumerated() { groups[p, default: []].append(i) }
        let trueSize = Dictionary(grouping: truth, by: { $0 }).mapValues(\.count)
        var correct = 0
        for lines in groups.values
        where Set(lines.map { truth[$0] }).count == 1 && trueSize[truth[lines[0]]] == lines.count {
            correct += lines.count
        }
        #expect(Double(correct) / Double(truth.count) >= 0.99)
    }

    @Test(
        "every raw line of the eight loghub systems has a timestamp",
        .enabled(if: data != nil, "needs ../shared/data/loghub-2k or LOGHUB_DIR; skipped in a clone without it"))
    func timestamps() throws {
        for system in ["Apache", "BGL", "HDFS", "Hadoop", "HealthApp", "Linux", "OpenSSH", "Zookeeper"] {
            var reader = try LineReader(path: Self.data!.appendingPathComponent("\(system)/\(system)_2k.log").path)
            var missing: [Int] = []
            while let found = reader.readLine({ LogTimestampParser.find(in: $0) != nil }) {
                if !found { missing.append(reader.lineNumber) }
            }
            #expect(missing.isEmpty, "\(system): no timestamp on lines \(missing.prefix(5))")
        }
    }
}

@Suite("Mining on several cores")
struct ParallelMiningTests {
    @Test("splitting a file between workers groups its lines as one pass does")
    func sameGrouping() async throws {
        let shapes = [
            "2026-03-05T12:00:%02d Z INFO request %d served in %d ms",
            "2026-03-05T12:00:%02d Z WARN slow query %d took %d ms",
            "2026-03-05T12:00:%02d Z ERROR connection to 10.0.%d.%d timed out",
            "2026-03-05T12:00:%02d Z INFO cache hit for user:%d (%d bytes)",
        ]
        var text = ""
        for i in 0..<20000 {
            text += String(format: shapes[(i * 7) % shapes.count], i % 60, i, i % 97) + "\n"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("split-\(UUID().uuidString).log").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var one = TemplateMiner()
        let sequential = try await ParallelMining.mine(path: path, into: &one, workers: 1)
        var many = TemplateMiner()
        let parallel = try await ParallelMining.mine(path: path, into: &many, workers: 3, splitAbove: 0)
        #expect(parallel.lineTemplates.count == 20000)
        #expect(sequential.lineTemplates.count == 20000)
        // The same partition of lines: a one-to-one mapping between the two sets of ids.
        var forward: [Int32: Int32] = [:]
        var backward: [Int32: Int32] = [:]
        for (a, b) in zip(sequential.lineTemplates, parallel.lineTemplates) {
            #expect(forward[a, default: b] == b)
            #expect(backward[b, default: a] == a)
            forward[a] = b
            backward[b] = a
        }
        #expect(one.templates.map(\.count).sorted() == many.templates.map(\.count).sorted())
    }

    @Test(
        "a JSON message's escapes and a CSV field's doubled quotes are shown decoded; the bytes are mined as they are")
    func escapedText() {
        var miner = TemplateMiner()
        func add(_ text: String, _ escaping: TextEscaping) -> Int {
            var text = text
            return text.withUTF8 { miner.add(bytes: $0, escaping: escaping) }
        }
        let json = (1...3).map { add(#"parse of \"order-\#($0)\" failed in caf\u00e9 C:\\tmp\nretry"#, .json) }
        #expect(Set(json).count == 1)
        #expect(miner.template(json[0]).text == #"parse of "order<*>" failed in café C:\tmp\nretry"#)
        let csv = add(#"Rate limit for token ""ab12"", again"#, .csv)
        #expect(miner.template(csv).text == #"Rate limit for token "<*>", again"#)
        // A text line keeps its backslashes: a Windows path is not an escape.
        let plain = miner.add(#"copied C:\new\u0041 to \"x\""#)
        #expect(miner.template(plain).text == #"copied C:\new\u0041 to \"x\""#)
        // Four hex digits make an escape; `\u00x9` is no escape, and its digits are a value.
        let broken = add(#"caf\u00x9 closed"#, .json)
        #expect(miner.template(broken).text == #"caf\u<*> closed"#)
        // A lone or broken escape is shown as written.
        #expect(TextEscaping.json.decode(#"a \u12 b \q c \"#) == #"a \u12 b \q c \"#)
        #expect(TextEscaping.json.decode(#"bell \u0007 kept"#) == #"bell \u0007 kept"#)
    }

    @Test("an HTTP status and its reason phrase are one value; a level and a colon open a line")
    func statusAndLevelPrefix() {
        var miner = TemplateMiner()
        let lines = [
            #"INFO:     10.0.0.1:51234 - "GET /v1/orders HTTP/1.1" 200 OK"#,
            #"INFO:     10.0.0.2:51235 - "POST /v1/payments HTTP/1.1" 503 Service Unavailable"#,
            #"INFO:     10.0.0.3:51236 - "POST /v1/payments HTTP/1.1" 402 Payment Required"#,
        ].map { miner.add($0) }
        #expect(Set(lines).count == 1)
        #expect(miner.template(lines[0]).text == #"<*> - "<*>" <*>"#)
        // Other lines with the same level prefix and as many words stay apart.
        let waiting = miner.add("INFO:     Waiting for application startup.")
        let started = miner.add("INFO:     Started server process [4411]")
        #expect(Set([lines[0], waiting, started]).count == 3)
        #expect(miner.template(started).text == "Started server process [<*>]")
        // Python logging's default format: the logger's name goes with the level.
        let root = miner.add("ERROR:root:Payment provider timed out after 30 s")
        #expect(miner.template(root).text == "Payment provider timed out after <*> s")
        // A number followed by a capitalised word that is no reason phrase stays two tokens.
        let plain = miner.add("retry 200 Orders left")
        #expect(miner.template(plain).text == "retry <*> Orders left")
    }

    @Test("a message code (AH01630:, ORA-00942:) names its message: kept whole, even in one line shape")
    func messageCodes() {
        var miner = TemplateMiner()
        let a = (1...3).map { miner.add("AH01630: client denied by server configuration: /srv/app\($0)") }
        // The same bytes but for the code's digits: one shape, another message.
        let b = miner.add("AH01797: client denied by server configuration: /srv/app1")
        let c = miner.add("ORA-00942: table or view does not exist")
        #expect(Set(a).count == 1 && a[0] != b)
        #expect(miner.template(a[0]).text == "AH01630: client denied by server configuration: /srv/app<*>")
        #expect(miner.template(c).text == "ORA-00942: table or view does not exist")
        for code in ["AH01630:", "ORA-00942:", "MY-010584:", "SQL30081:"] {
            var bytes = Array(code.utf8)
            #expect(bytes.withUnsafeMutableBufferPointer { TemplateMiner.isMessageCode(UnsafeBufferPointer($0)[...]) })
        }
        // Ids, counters and words with digits are values still.
        for token in ["user123:", "AH01630", "A01630:", "AH12:", "AH-:", "TOOLONGX1234:", "AH0163x:", "ab01630:"] {
            var bytes = Array(token.utf8)
            #expect(
                !bytes.withUnsafeMutableBufferPointer { TemplateMiner.isMessageCode(UnsafeBufferPointer($0)[...]) },
                "\(token)")
        }
        let ids = (1...3).map { miner.add("request req\($0)12: served") }
        #expect(Set(ids).count == 1)
    }

    @Test("remembering line shapes changes no template: the same groups as tokenizing every line")
    func shapesChangeNothing() {
        var random = SystemRandomNumberGenerator()
        let words = ["root", "guest", "test", "admin", "cyrus", "news", "OK", "DEGRADED", "FAILED"]
        var lines: [String] = []
        for _ in 0..<20_000 {
            let n = Int.random(in: 0..<100_000, using: &random)
            let word = words[Int.random(in: 0..<words.count, using: &random)]
            switch Int.random(in: 0..<9, using: &random) {
            case 0: lines.append("2026-03-04 14:02:\(n % 60) INFO session opened for user \(word) by (uid=\(n % 3))")
            case 1: lines.append("connection to 10.0.\(n % 256).\(n % 7) timed out after \(n) ms")
            case 2: lines.append("state of node-\(n % 9) changed to \(word)")
            case 3: lines.append("block 0x\(String(n, radix: 16)) g\(n % 10) \(n % 10)g replicated")
            case 4: lines.append("Jul \(n % 28 + 1) 04:0\(n % 10):11 combo sshd[\(n)]: check pass; user \(word)")
            case 5: lines.append("{\"msg\":\"cache hit\",\"key\":\"user:\(n)\",\"bytes\":\(n % 4096)}")
            case 6: lines.append(n % 2 == 0 ? "job g\(n)h finished" : "job \(n)gh finished")
            case 7: lines.append("AH0\(1630 + n % 3 * 11): client denied by server configuration: /srv/\(n % 5)")
            default: lines.append("request \(word)-\(n) served in \(n % 999) ms")
            }
        }
        var remembering = TemplateMiner()
        var tokenizing = TemplateMiner()
        tokenizing.shapeCapacity = 0
        let a = lines.map { remembering.add($0) }.map(remembering.resolve)
        let b = lines.map { tokenizing.add($0) }.map(tokenizing.resolve)
        #expect(a == b)
        #expect(remembering.templates == tokenizing.templates)
        #expect(remembering.shapes.count > 0 && tokenizing.shapes.isEmpty)
    }
}

@Suite("Line shapes")
struct ShapeTests {
    func shape(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { TemplateMiner.shape($0) }
    }

    @Test("lines that differ only in their digits' values share a shape; any other byte tells them apart")
    func digitsOnly() {
        let line = "2026-03-05T12:00:01.003Z ERROR connection to 10.0.3.17 timed out after 2500 ms"
        #expect(shape(line) == shape("2026-03-05T12:59:59.999Z ERROR connection to 10.9.9.99 timed out after 9999 ms"))
        for other in [
            "2026-03-05T12:00:01.003Z ERROR connection to 10.0.3.177 timed out after 2500 ms",
            "2026-03-05T12:00:01.003Z ERROR connection to 10.0.3.17 timed out after 2500 ms ",
            "2026-03-05T12:00:01.003Z ERROR connection to 10.0.3.17 timed out after 2500 mS",
            "2026-03-05T12:00:01.003Z ERROR connection to 10.0.3.1a timed out after 2500 ms",
            "2026-03-05T12:00:01.003Z ERROR connection to 10.0.3.17 timed out after 2500 m",
        ] {
            #expect(shape(line) != shape(other), "\(other)")
        }
        // Bytes of 0x80 and above are not digits, whatever their low bits.
        #expect(shape("caf\u{e9} 1") != shape("caf\u{e8} 1"))
        #expect(shape("x") != shape("x\u{0}"))
        #expect(shape("") == shape(""))
    }

    @Test("at every length up to 100 bytes, digits' values never change a shape and any other byte does")
    func everyLength() {
        var random = SystemRandomNumberGenerator()
        let letters = Array("abcXYZ:/=[] -_.,\"".utf8) + [0xC3, 0xA9, 0x80, 0xFF]
        for length in 0...100 {
            for _ in 0..<20 {
                let line = (0..<length).map { _ in
                    Bool.random(using: &random)
                        ? UInt8.random(in: 48...57, using: &random) : letters.randomElement(using: &random)!
                }
                var otherDigits = line
                for i in line.indices where LogHeader.isDigit(line[i]) {
                    otherDigits[i] = UInt8.random(in: 48...57, using: &random)
                }
                let a = line.withUnsafeBufferPointer { TemplateMiner.shape($0) }
                #expect(a == otherDigits.withUnsafeBufferPointer { TemplateMiner.shape($0) }, "length \(length)")
                guard length > 0 else { continue }
                // A non-digit byte changed anywhere, the vectors' overlap included.
                var changed = line
                let at = Int.random(in: 0..<length, using: &random)
                changed[at] = LogHeader.isDigit(line[at]) ? 0x71 : (line[at] == 0x61 ? 0x62 : 0x61)
                #expect(a != changed.withUnsafeBufferPointer { TemplateMiner.shape($0) }, "length \(length) at \(at)")
                // And the line's bytes, OR-ed together, are the OR of the word's bytes: a high
                // bit there says the line is not ASCII.
                var seen: UInt64 = 0
                _ = line.withUnsafeBufferPointer { TemplateMiner.shape($0, or: &seen) }
                let folded = (0..<8).reduce(UInt8(0)) { $0 | UInt8(truncatingIfNeeded: seen >> UInt64(8 * $1)) }
                #expect(folded == line.reduce(UInt8(0), |), "length \(length)")
            }
        }
    }

    @Test("sixteen bytes at a time and eight at a time read the same bytes as digits")
    func digitsAsZeroBothWays() {
        for start in stride(from: 0, through: 255, by: 16) {
            let bytes = (start..<start + 16).map { UInt8($0) }
            let vector = bytes.withUnsafeBytes { $0.loadUnaligned(as: SIMD16<Int8>.self) }
            let zeroed = withUnsafeBytes(of: TemplateMiner.digitsAsZero(vector)) { Array($0) }
            for half in 0..<2 {
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8 * half, as: UInt64.self) }
                let byWord = withUnsafeBytes(of: TemplateMiner.digitsAsZero(word)) { Array($0) }
                #expect(Array(zeroed[8 * half..<8 * half + 8]) == byWord)
            }
            for (i, byte) in bytes.enumerated() {
                #expect(zeroed[i] == (LogHeader.isDigit(byte) ? 48 : byte), "byte \(byte)")
            }
        }
    }

    @Test("the shape map finds what it holds, misses what it does not, and empties when full")
    func shapeMap() {
        var map = ShapeMap<Int32>(capacity: 4)
        for key: UInt64 in [0, 1, 2, 3] { map.set(Int32(key) + 10, for: key &* 0x1_0000_0001) }
        #expect(map.count == 4)
        for key: UInt64 in [0, 1, 2, 3] { #expect(map.value(key &* 0x1_0000_0001) == Int32(key) + 10) }
        #expect(map.value(99) == nil)
        map.set(7, for: 3 &* 0x1_0000_0001)
        #expect(map.count == 4 && map.value(3 &* 0x1_0000_0001) == 7)
        map.set(5, for: 12345)
        #expect(map.count == 1 && map.value(12345) == 5 && map.value(0) == nil)
        // Keys that want the same slot (eight slots: 8, 16 and 24 all start at slot 0).
        var crowded = ShapeMap<Int32>(capacity: 4)
        for key: UInt64 in [8, 16, 24] { crowded.set(Int32(key), for: key) }
        crowded.set(25, for: 24)
        #expect(crowded.count == 3 && crowded.value(8) == 8 && crowded.value(16) == 16 && crowded.value(24) == 25)
        #expect(crowded.value(32) == nil)
        var none = ShapeMap<Int32>(capacity: 0)
        none.set(1, for: 1)
        #expect(none.value(1) == nil && none.isEmpty)
    }

    @Test("ASCII is told from UTF-8 eight bytes at a time, tail included")
    func ascii() {
        for (text, expected) in [
            ("", true), ("short", true), ("exactly8", true), ("sixteen bytes!!!", true),
            ("seventeen bytes!\u{e9}", false), ("\u{e9}", false), ("1234567\u{e9}", false),
        ] {
            var text = text
            #expect(text.withUTF8 { LineReader.isASCII($0) } == expected, "\(text)")
        }
    }
}
