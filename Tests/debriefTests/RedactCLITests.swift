import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Testing

/// `debrief redact` on fixtures with planted secrets, personal data, people, internal systems
/// and customers in every section and in tricky places (code spans and blocks, table cells,
/// links, the front matter, split across emphasis). `Fixtures/redaction/planted.txt` lists them.
@Suite("Redaction: the public version of a post-mortem")
struct RedactCLITests {
    static let fixtures = CLI.repository.appendingPathComponent("Tests/debriefTests/Fixtures/redaction")

    static var planted: [String] {
        get throws {
            try String(contentsOf: fixtures.appendingPathComponent("planted.txt"), encoding: .utf8)
                .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
    }

    /// True when `needle` occurs in `text` with no letter or digit either side.
    static func occurs(_ needle: String, in text: String) -> Bool {
        let lower = text.lowercased()
        var from = lower.startIndex
        while let range = lower.range(of: needle.lowercased(), range: from..<lower.endIndex) {
            let before = range.lowerBound == lower.startIndex ? nil : lower[lower.index(before: range.lowerBound)]
            let after = range.upperBound == lower.endIndex ? nil : lower[range.upperBound]
            if !(before.map { $0.isLetter || $0.isNumber } ?? false),
                !(after.map { $0.isLetter || $0.isNumber } ?? false)
            {
                return true
            }
            from = range.upperBound
        }
        return false
    }

    static func words(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) where word.count >= 2 {
            counts[String(word), default: 0] += 1
        }
        return counts
    }

    /// The original's words that should stay: planted items, the parts marked internal and the
    /// never-public evidence and attachments taken out first.
    static func wordsToKeep(_ original: String, planted: [String]) -> [String: Int] {
        var text = original
        if let fence = text.range(of: "<!-- internal -->"), let end = text.range(of: "<!-- /internal -->") {
            text.removeSubrange(fence.lowerBound..<end.upperBound)
        }
        if let notes = text.range(of: "## Internal notes (internal)") { text.removeSubrange(notes.lowerBound...) }
        // Front-matter fields that never go public: cost, unknown keys, attachments.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inAttachments = false
        lines = lines.filter { line in
            if line.hasPrefix("attachments:") { inAttachments = true; return false }
            if inAttachments, line.hasPrefix("  ") { return false }
            inAttachments = false
            return !(line.hasPrefix("  cost:") || line.hasPrefix("ticket-system:"))
        }
        text = lines.joined(separator: "\n")
        for item in planted.sorted(by: { $0.count > $1.count }) {
            let pattern = "(?<![A-Za-z0-9])" + NSRegularExpression.escapedPattern(for: item) + "(?![A-Za-z0-9])"
            text = text.replacingOccurrences(of: pattern, with: " ", options: [.regularExpression, .caseInsensitive])
        }
        // Table cells that never go public: the timeline's evidence column.
        text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.hasPrefix("| 2026-") else { return String(line) }
            var cells = line.split(separator: "|", omittingEmptySubsequences: false)
            if cells.count >= 7 { cells[5] = "" }
            return cells.joined(separator: "|")
        }.joined(separator: "\n")
        return words(text)
    }

    @Test("no planted item survives, at least 95 % of the other words do, and the report places every redaction")
    func plantedItems() throws {
        let out = try CLI.temporaryFolder()
        let report = out.appendingPathComponent("report.json")
        let result = try CLI.run([
            "redact", Self.fixtures.path, "--out-dir", out.appendingPathComponent("public").path, "--report",
            report.path,
        ])
        #expect(result.code == 0, "\(result.stderr)")
        let planted = try Self.planted
        let files = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [[String: Any]])
        #expect(files.count == 2)
        var kept = 0
        var total = 0
        for file in files {
            let name = try #require(file["file"] as? String)
            let output = try #require(file["output"] as? String)
            #expect(!output.contains("acme"), "the public file name names the customer: \(output)")
            let original = try String(contentsOf: URL(fileURLWithPath: name), encoding: .utf8)
            let published = try String(contentsOf: URL(fileURLWithPath: output), encoding: .utf8)
            for item in planted {
                #expect(!Self.occurs(item, in: published), "'\(item)' survived in the public \(name)")
            }
            let want = Self.wordsToKeep(original, planted: planted)
            let have = Self.words(published)
            for (word, count) in want {
                total += count
                kept += min(count, have[word] ?? 0)
            }
            // Still a post-mortem: it parses and lints (exit 0 or 1, never 2).
            let lint = try CLI.run(["lint", output])
            #expect(lint.code != 2, "\(lint.stderr)")
        }
        let share = Double(kept) / Double(total)
        #expect(share >= 0.95, "kept \(kept) of \(total) words")
        print("redaction fixtures: kept \(kept) of \(total) other words (\(String(format: "%.1f", share * 100)) %)")

        let redactions = files.flatMap { ($0["redactions"] as? [[String: Any]]) ?? [] }
        let categories = Set(redactions.compactMap { $0["category"] as? String })
        #expect(
            categories == [
                "secret", "personal-data", "person", "internal-system", "customer", "marked-internal", "never-public",
            ])
        // Text redactions carry the line and column they were found at.
        let located = redactions.filter { $0["line"] is Int }
        #expect(Double(located.count) >= 0.9 * Double(redactions.count))
        // A secret is shown by its first four characters only.
        for secret in redactions where secret["category"] as? String == "secret" {
            #expect((secret["original"] as? String ?? "").count <= 5)
        }
    }

    @Test("a post-mortem written after the redactor was finished: nothing planted survives")
    func heldOut() throws {
        let folder = CLI.repository.appendingPathComponent("Tests/debriefTests/Fixtures/redaction-heldout")
        let out = try CLI.temporaryFolder().appendingPathComponent("public.md")
        let result = try CLI.run([
            "redact", folder.appendingPathComponent("2026-08-30-billing-retry-storm.md").path, "-o", out.path,
        ])
        #expect(result.code == 0, "\(result.stderr)")
        let published = try String(contentsOf: out, encoding: .utf8)
        let planted = try String(contentsOf: folder.appendingPathComponent("planted.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(planted.count == 17)
        for item in planted {
            #expect(!Self.occurs(item, in: published), "'\(item)' survived")
        }
        // The documentation address stays: it identifies nobody.
        #expect(published.contains("198.51.100.7"))
    }

    @Test("the same person is the same role everywhere in one document")
    func consistentRoles() throws {
        let result = try CLI.run([
            "redact", Self.fixtures.appendingPathComponent("2026-04-02-acme-export-leak.md").path,
        ])
        #expect(result.code == 0)
        let text = result.stdout
        #expect(text.contains("commander: incident commander"))
        #expect(text.contains("The incident commander noticed the access"))
        #expect(text.contains("| incident commander |"))
        #expect(text.contains("customer A") && text.contains("customer B"))
        #expect(!text.contains("[an"))
    }

    @Test("a broken file is an error naming it and its line; the others are still written")
    func brokenInput() throws {
        let folder = try CLI.temporaryFolder()
        let bad = folder.appendingPathComponent("bad.md")
        try "---\ntitle: [unclosed\n---\n# x\n".write(to: bad, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: Self.fixtures.appendingPathComponent("2026-05-11-login-outage.md"),
            to: folder.appendingPathComponent("good.md"))
        let out = folder.appendingPathComponent("public")
        let result = try CLI.run(["redact", folder.path, "--out-dir", out.path])
        #expect(result.code == 2)
        #expect(result.stderr.contains("bad.md:3:"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2026-05-11-login-outage.md").path))
        // Several files need a folder.
        let many = try CLI.run(["redact", folder.path])
        #expect(many.code != 0 && many.stderr.contains("--out-dir"))
    }
}

@Suite("debrief publish: the public site as files")
struct PublishCLITests {
    @Test("index, pages, feed and JSON of what is published; pages taken off go, other files stay")
    func staticSite() async throws {
        let folder = try CLI.temporaryFolder()
        let db = folder.appendingPathComponent("team.sqlite").path
        do {
            let store = try SQLiteStore(path: db)
            let pm = try PostMortemParser.parse(
                try String(contentsOf: URL(fileURLWithPath: CLI.example()), encoding: .utf8), path: "pool.md"
            ).postMortem
            _ = try await store.create(pm, by: "alice", note: "", demo: false)
            let version = try PublicVersion(
                try PostMortemParser.parse(
                    try String(contentsOf: URL(fileURLWithPath: CLI.example()), encoding: .utf8)),
                policy: RedactionPolicy())
            _ = try await store.savePublic(
                postMortem: pm.id, markdown: version.markdown, baseVersion: 0, by: "alice", note: "")
            _ = try await store.updatePublic(postMortem: pm.id) { state in
                state.approvedVersion = 1
                state.publishedVersion = 1
                state.publishedID = "checkout-pool"
                state.publishedAt = Date(timeIntervalSince1970: 1_790_000_000)
            }
        }
        // The redaction fixtures, redacted under their policy and published too.
        let policy = try PolicyFile.load(RedactCLITests.fixtures.appendingPathComponent(".debrief.yml")).redaction
        do {
            let store = try SQLiteStore(path: db)
            for name in ["2026-04-02-acme-export-leak.md", "2026-05-11-login-outage.md"] {
                let document = try PostMortemParser.parse(
                    try String(contentsOf: RedactCLITests.fixtures.appendingPathComponent(name), encoding: .utf8),
                    path: name)
                _ = try await store.create(document.postMortem, by: "alice", note: "", demo: false)
                let version = try PublicVersion(document, policy: policy)
                _ = try await store.savePublic(
                    postMortem: document.postMortem.id, markdown: version.markdown, baseVersion: 0, by: "alice",
                    note: "")
                let publicID = version.id
                _ = try await store.updatePublic(postMortem: document.postMortem.id) { state in
                    state.approvedVersion = 1
                    state.publishedVersion = 1
                    state.publishedID = publicID
                    state.publishedAt = Date(timeIntervalSince1970: 1_790_000_000)
                }
            }
        }
        let site = folder.appendingPathComponent("site")
        let result = try CLI.run([
            "publish", "--db", db, "--out", site.path, "--base-url", "https://status.example.com/pm",
        ])
        #expect(result.code == 0, "\(result.stderr)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: site.path))
        #expect(
            names == [
                "index.html", "feed.atom", "index.json", "checkout-pool.html", "2026-04-02-customer-export-leak.html",
                "2026-05-11-login-outage.html",
            ])
        let planted = try RedactCLITests.planted
        for name in names {
            let body = try String(contentsOf: site.appendingPathComponent(name), encoding: .utf8)
            let text = body.replacingOccurrences(of: "<style>[^<]*</style>", with: " ", options: .regularExpression)
                .replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
            for item in planted {
                #expect(!RedactCLITests.occurs(item, in: text), "'\(item)' in the published \(name)")
            }
        }
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("href=\"checkout-pool.html\""))
        let feed = try String(contentsOf: site.appendingPathComponent("feed.atom"), encoding: .utf8)
        #expect(feed.contains("https://status.example.com/pm/checkout-pool.html"))
        let page = try String(contentsOf: site.appendingPathComponent("checkout-pool.html"), encoding: .utf8)
        #expect(!page.contains("dev.patel"), "a person's name on the public page")
        // Unpublished: its page goes, a file the site did not write stays.
        try "mine".write(to: site.appendingPathComponent("about.html"), atomically: true, encoding: .utf8)
        do {
            let store = try SQLiteStore(path: db)
            _ = try await store.updatePublic(postMortem: "2026-10-14-checkout-connection-pool-exhaustion") { state in
                state.publishedVersion = nil
                state.publishedID = nil
                state.publishedAt = nil
            }
        }
        #expect(try CLI.run(["publish", "--db", db, "--out", site.path]).code == 0)
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: site.path))
        #expect(
            after == [
                "index.html", "feed.atom", "index.json", "about.html", "2026-04-02-customer-export-leak.html",
                "2026-05-11-login-outage.html",
            ])
    }
}
