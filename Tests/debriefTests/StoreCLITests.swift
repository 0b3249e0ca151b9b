import Foundation
import Testing

@Suite("debrief import DIR / export DIR keep a folder and the database in step")
struct StoreCLITests {
    @Test("a folder loads, re-loads as unchanged, picks up an edit as a new version, and exports canonical files")
    func roundTrip() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("git")
        try FileManager.default.copyItem(at: CLI.repository.appendingPathComponent("examples"), to: source)
        let db = folder.appendingPathComponent("team.sqlite").path

        let first = try CLI.run(["import", source.path, "--db", db])
        #expect(first.code == 0, "\(first.stderr)")
        #expect(first.stdout.contains("3 created, 0 updated, 0 unchanged, 0 failed"))
        #expect(try CLI.run(["import", source.path, "--db", db]).stdout.contains("0 created, 0 updated, 3 unchanged"))

        let file = source.appendingPathComponent("2026-10-14-checkout-connection-pool-exhaustion.md")
        let edited = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "72 minutes", with: "seventy-two minutes")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        try "---\ntitle: [unclosed\n---\n# x\n".write(
            to: source.appendingPathComponent("broken.md"), atomically: true, encoding: .utf8)
        let second = try CLI.run(["import", source.path, "--db", db])
        #expect(second.code == 2)
        #expect(second.stdout.contains("0 created, 1 updated, 2 unchanged, 1 failed"))
        #expect(second.stderr.contains("broken.md:"))

        let out = folder.appendingPathComponent("export")
        let export = try CLI.run(["export", out.path, "--db", db])
        #expect(export.code == 0, "\(export.stderr)")
        #expect(export.stdout.contains("wrote 3 post-mortems"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files.count == 3)
        // What comes back is canonical: fmt --check finds nothing to change, and the edit is there.
        #expect(try CLI.run(["fmt", "--check", out.path]).code == 0)
        let exported = try String(
            contentsOf: out.appendingPathComponent("2026-10-14-checkout-connection-pool-exhaustion.md"), encoding: .utf8
        )
        #expect(exported.contains("seventy-two minutes"))
        // One file still converts to standard output, as before.
        #expect(try CLI.run(["import", CLI.example()]).stdout.hasPrefix("---\nid: 2026-10-14"))
    }
}
