import DebriefCore
import Foundation
import Testing

@testable import DebriefFormat

/// A "billion laughs": each level an alias list of ten of the level before.
func yamlBomb(levels: Int, key: String = "lol") -> String {
    var lines = ["---", "title: Bomb", "a0: &a0 [\"lol\"]"]
    for level in 1...levels {
        let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
        lines.append("a\(level): &a\(level) [\(refs)]")
    }
    lines.append("\(key): *a\(levels)")
    lines.append("---")
    lines.append("")
    lines.append("## Summary")
    lines.append("")
    lines.append("Text.")
    return lines.joined(separator: "\n") + "\n"
}

@Suite("Hostile and oversized input is refused with its place, never expanded")
struct HostileInputTests {
    @Test("a billion-laughs front matter is refused at once, naming the key that expands", arguments: [5, 9, 12])
    func billionLaughs(levels: Int) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(throws: ParseError.self) {
            try PostMortemParser.parse(yamlBomb(levels: levels), path: "bomb.md")
        }
        #expect(clock.now - start < .seconds(5))
        #expect(error.file == "bomb.md")
        #expect(error.message.contains("expands to more than"), "\(error)")
        #expect(error.message.contains("aliases"))
        #expect(error.line >= 3)
    }

    @Test("a few aliases that stay small are still read")
    func smallAliases() throws {
        let text = """
            ---
            title: Aliases
            owners: &people [ana, ben]
            watchers: *people
            ---

            ## Summary

            Text.

            """
        let document = try PostMortemParser.parse(text, path: "ok.md")
        #expect(document.postMortem.extraMetadata?.contains("ana") == true)
    }

    @Test("lists nested past the limit are refused before composing", arguments: ["[", "{a: "])
    func deepNesting(opener: String) throws {
        let closer = opener == "[" ? "]" : "}"
        let text =
            "---\ntitle: Deep\nx: " + String(repeating: opener, count: 10_000) + "1"
            + String(repeating: closer, count: 10_000) + "\n---\n"
        let error = try #require(throws: ParseError.self) { try PostMortemParser.parse(text, path: "deep.md") }
        #expect(error.line == 3)
        #expect(error.message.contains("nests"))
    }

    @Test("block indentation past the limit is refused")
    func deepIndentation() throws {
        var lines = ["---", "title: Deep"]
        for depth in 0..<300 { lines.append(String(repeating: " ", count: depth) + "k\(depth):") }
        lines.append("---")
        let error = try #require(throws: ParseError.self) {
            try PostMortemParser.parse(lines.joined(separator: "\n"), path: "indent.md")
        }
        #expect(error.message.contains("indented"))
    }

    @Test("a front matter over its size limit names line 2")
    func hugeFrontMatter() throws {
        let text = "---\ntitle: Big\nnote: \"" + String(repeating: "x", count: 70_000) + "\"\n---\n"
        let error = try #require(throws: ParseError.self) { try PostMortemParser.parse(text, path: "big.md") }
        #expect(error.line == 2)
        #expect(error.message.contains("front matter is"))
    }

    @Test("a summary over the field limit names the summary and its heading's line")
    func hugeSummary() throws {
        let text = """
            ---
            title: Big summary
            ---

            ## Summary

            \(String(repeating: "word ", count: 20_000))

            """
        let error = try #require(throws: ParseError.self) { try PostMortemParser.parse(text, path: "sum.md") }
        #expect(error.message.hasPrefix("summary:"), "\(error)")
        #expect(error.line == 5)
    }

    @Test("a timeline row over the field limit names its own line")
    func hugeTimelineRow() throws {
        let text = """
            ---
            title: Big row
            started: 2026-03-04T10:00Z
            ---

            ## Timeline

            - 10:00 fine
            - 10:05 \(String(repeating: "y", count: 70_000))

            """
        let error = try #require(throws: ParseError.self) { try PostMortemParser.parse(text, path: "row.md") }
        #expect(error.message.hasPrefix("timeline[2].text"), "\(error)")
        #expect(error.line == 9)
    }

    @Test("size limits name every oversized field of a model")
    func violations() {
        var pm = PostMortem(id: "x", title: String(repeating: "t", count: 400))
        pm.summary = String(repeating: "s", count: 70_000)
        pm.actionItems = [ActionItem(title: "ok"), ActionItem(title: String(repeating: "a", count: 70_000))]
        let fields = SizeLimits.standard.violations(of: pm).map(\.field)
        #expect(fields == ["title", "summary", "actions[2].title"])
        #expect(SizeLimits.standard.documentViolation(bytes: 3 << 20)?.message.contains("3.0 MB") == true)
        #expect(SizeLimits.standard.violations(of: PostMortem(id: "t", title: "two\nlines")).map(\.field) == ["title"])
    }

    @Test("a title written over several lines in the front matter is read as one line")
    func titleLines() throws {
        let text = "---\ntitle: \"Small\\n{evam docOutage\\n======\"\n---\n"
        let pm = try PostMortemParser.parse(text, path: "t.md").postMortem
        #expect(pm.title == "Small {evam docOutage ======")
        #expect(try PostMortemParser.parse(MarkdownRenderer.render(pm), path: "t.md").postMortem == pm)
    }
}

@Suite("Lines that look like entries stay text across saves")
struct LineEscapeTests {
    static let tricky = [
        "- 14:02 looks like an entry", "* a bullet", "+ plus", "| a | table |", "1. numbered", "12) numbered",
        "\\- already escaped", "\\\\ two backslashes", "1\\. escaped number", "plain text", "*bold* start",
        "14:02 time",
        "  - indented", "-", "1.",
    ]

    @Test("a note line written and read back is the same line", arguments: tricky)
    func notes(line: String) {
        #expect(LineEscapes.unescapeNote(Substring(LineEscapes.escapeNote(Substring(line)))) == line)
    }

    @Test(
        "a kept Key: value line written and read back is the same line",
        arguments: ["Severity: high", "**Date:** 2024-04-09", "Owner\\: me", "no key here", "Root Causes: many"])
    func preamble(line: String) {
        #expect(LineEscapes.unescapePreamble(Substring(LineEscapes.escapePreamble(Substring(line)))) == line)
    }

    @Test("a code fence a section leaves open is closed there, whatever else the text holds")
    func openFence() throws {
        var pm = PostMortem(id: "fence", title: "Open fence")
        pm.summary = "```\nselect 1"
        pm.response = "Restarted the pool."
        let again = try PostMortemParser.parse(MarkdownRenderer.render(pm), path: "fence.md").postMortem
        #expect(again.summary == "```\nselect 1\n```")
        #expect(again.response == "Restarted the pool.")
    }

    @Test("notes of every list section keep list-like lines as notes, exactly")
    func model() throws {
        var pm = PostMortem(id: "notes", title: "Notes that look like lists")
        pm.timelineNotes = "- 14:02 not an entry\n| not | a row |"
        pm.rootCause.whysNotes = "1. not a why"
        pm.rootCause.factorsNotes = "- not a factor"
        pm.actionNotes = "- [ ] not an action"
        pm.extraSections = [Section(heading: "", body: "Severity: not a field\nSummary: not the summary")]
        let again = try PostMortemParser.parse(MarkdownRenderer.render(pm), path: "notes.md").postMortem
        #expect(again == pm)
    }
}
