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
        let c = miner.add("user alice logged in from web")
        let d = miner.add("user bob logged in from web")
        let e = miner.add("disk /dev/sda1 is 93% full")
        #expect(a == b)
        #expect(c == d)
        #expect(Set([a, c, e]).count == 3)
        #expect(miner.template(a).text == "connection to <*> timed out after <*> ms")
        #expect(miner.template(c).text == "user <*> logged in from web")
        #expect(miner.template(a).count == 2)
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
}
