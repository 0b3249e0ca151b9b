import Foundation
import Testing

@Suite("debrief db copy and migrate")
struct DbCLITests {
    /// The middle of the round trip: the test PostgreSQL when there is one, else another file.
    static func middle(in folder: URL) -> String {
        ProcessInfo.processInfo.environment["DEBRIEF_TEST_POSTGRES"]
            ?? folder.appendingPathComponent("middle.sqlite").path
    }

    @Test("the demo workspace goes to PostgreSQL and back with nothing lost, and a full target is refused")
    func roundTrip() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("first.sqlite").path
        let last = folder.appendingPathComponent("last.sqlite").path
        let middle = Self.middle(in: folder)
        if !middle.hasPrefix("postgres") {
            print("note: DEBRIEF_TEST_POSTGRES is not set; the round trip goes through a second SQLite file")
        }
        #expect(try CLI.run(["demo", "seed", "--db", first]).code == 0)
        #expect(
            try CLI.run(["import", CLI.repository.appendingPathComponent("examples").path, "--db", first]).code == 0)
        let edit = try CLI.run(["user", "add", "carol", "--role", "author", "--db", first])
        #expect(edit.code == 0, "\(edit.stderr)")
        #expect(try CLI.run(["token", "create", "--user", "carol", "--name", "ci", "--db", first]).code == 0)

        let there = try CLI.run(["db", "copy", "--from", first, "--to", middle])
        #expect(there.code == 0, "\(there.stderr)")
        #expect(there.stdout.contains("1 accounts (1 API tokens)"), "\(there.stdout)")
        #expect(!there.stdout.contains("0 post-mortems"))
        let back = try CLI.run(["db", "copy", "--from", middle, "--to", last])
        #expect(back.code == 0, "\(back.stderr)")
        // The same counts both ways.
        func counts(_ text: String) -> Substring { text.split(separator: ":", maxSplits: 3).last ?? "" }
        #expect(counts(there.stdout) == counts(back.stdout))

        // Byte for byte: every post-mortem's Markdown, the accounts, the audit trail.
        let one = folder.appendingPathComponent("one")
        let two = folder.appendingPathComponent("two")
        #expect(try CLI.run(["export", one.path, "--db", first]).code == 0)
        #expect(try CLI.run(["export", two.path, "--db", last]).code == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: one.path).sorted()
        #expect(files.count >= 10)
        #expect(try FileManager.default.contentsOfDirectory(atPath: two.path).sorted() == files)
        for file in files {
            #expect(
                try Data(contentsOf: one.appendingPathComponent(file))
                    == Data(contentsOf: two.appendingPathComponent(file)),
                "\(file)")
        }
        #expect(try CLI.run(["user", "list", "--db", first]).stdout == CLI.run(["user", "list", "--db", last]).stdout)
        #expect(try CLI.run(["audit", "--db", first]).stdout == CLI.run(["audit", "--db", last]).stdout)

        // A target that holds data is refused, unless merging is asked for; then nothing is doubled.
        let again = try CLI.run(["db", "copy", "--from", first, "--to", last])
        #expect(again.code == 2)
        #expect(again.stderr.contains("already holds"))
        let merged = try CLI.run(["db", "copy", "--from", first, "--to", last, "--into-non-empty"])
        #expect(merged.code == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("0 post-mortems"))
        #expect(merged.stdout.contains("skipped, already in the target: account carol"))
        #expect(try CLI.run(["db", "copy", "--from", first, "--to", first]).code == 2)
        // A mistyped source is refused, not created empty and copied.
        let typo = folder.appendingPathComponent("firts.sqlite").path
        let missing = try CLI.run(["db", "copy", "--from", typo, "--to", last, "--into-non-empty"])
        #expect(missing.code == 2)
        #expect(missing.stderr.contains("no such database"))
        #expect(!FileManager.default.fileExists(atPath: typo))
    }

    @Test("migrate says which migrations ran, and that none were needed the second time")
    func migrate() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("new.sqlite").path
        let first = try CLI.run(["db", "migrate", "--db", db])
        #expect(first.code == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied now: v1"))
        let second = try CLI.run(["db", "migrate", "--db", db])
        #expect(second.stdout.contains("none needed now"))
        let bad = try CLI.run(["db", "migrate", "--db", "postgres://u:hunter2@127.0.0.1:1/x?sslmode=disable"])
        #expect(bad.code == 2)
        #expect(!bad.stderr.contains("hunter2"))
    }
}
