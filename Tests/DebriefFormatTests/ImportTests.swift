import DebriefCore
import Foundation
import Testing

@testable import DebriefFormat

func fixture(_ name: String) throws -> (path: String, data: Data) {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/import/" + name, withExtension: nil))
    return (url.path, try Data(contentsOf: url))
}

/// Words of the author's prose (three letters or more), ignoring headings, table header rows and
/// the time notations that import rewrites as ISO 8601.
func proseWords(_ text: String) -> [String] {
    // Date lines and zone names are read into the instants, written again as ISO 8601.
    let timeWords: Set<String> = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "january", "february",
        "march", "april", "june", "july", "august", "september", "october", "november", "december", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "utc", "pst", "pdt", "cet", "cest",
        "pacific", "eastern", "central", "mountain", "european", "summer", "standard", "daylight", "all", "times",
        "date", "time", "event", "who", "owner", "due", "priority", "type",
    ]
    var words: [String] = []
    let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
    // Canonical output opens with front matter; its closing `---` does not underline a heading.
    let frontMatterEnd = lines.first == "---" ? (lines.dropFirst().firstIndex(of: "---") ?? 0) : 0
    for (index, line) in lines.enumerated() {
        let next = index + 1 < lines.count && index + 1 != frontMatterEnd ? lines[index + 1] : ""
        // Headings, including those written as a bold line or a capitalised label, are renamed
        // to the standard sections.
        if line.hasPrefix("#") || MarkdownStructure.pseudoHeading(String(line).trimmedWhitespace()) != nil
            || JiraWiki.heading(String(line).trimmedWhitespace()) != nil
            || next.allSatisfy({ $0 == "=" || $0 == "-" }) && !next.isEmpty
            || line.allSatisfy({ "-=| ".contains($0) })
        {
            continue
        }
        if line.hasPrefix("|"), next.hasPrefix("|-") || next.hasPrefix("| -") { continue }
        // A "Root Causes:" label becomes a section heading; the text after it is the content.
        var content = Substring(line)
        // So does the first cell of a two-column table of fields (`| Severity | SEV2 |`).
        let cells = line.hasPrefix("|") ? MarkdownStructure.cells(String(line)) : []
        if cells.count == 2, cells[0].count <= 24, cells[0].allSatisfy({ $0.isLetter || $0 == " " || $0 == "*" }) {
            content = Substring(cells[1])
        }
        // So does a bold "**Severity:**" label read as a field.
        if let colon = line.firstIndex(of: ":"), line[..<colon].count <= 24,
            line[..<colon].allSatisfy({ $0.isLetter || $0 == " " || $0 == "*" || $0 == "_" })
        {
            content = line[line.index(after: colon)...]
        }
        for word in content.split(whereSeparator: { !$0.isLetter }) where word.count >= 3 {
            let lower = word.lowercased()
            // A status word ("Completed", "yes" in a Done column) is written as the canonical status.
            if !timeWords.contains(lower), Synonyms.actionStatus(lower) == nil, DocumentParser.yesNo[lower] == nil {
                words.append(lower)
            }
        }
    }
    return words
}

@Suite("Importing hand-written post-mortems")
struct ImportTests {
    /// Every import fixture: those with an expected model (`ImportFixtureTests`) and the one
    /// whose narrative paragraphs are kept as text.
    static let files = ImportFixtureTests.fixtures + ["narrative-paragraphs.txt"]

    @Test("every file in the import fixtures folder is checked")
    func everyFixtureListed() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/import", withExtension: nil))
        let present = try FileManager.default.contentsOfDirectory(atPath: url.path)
        #expect(Set(present) == Set(Self.files))
    }

    @Test("no word of the author's text is lost", arguments: files)
    func nothingLost(_ name: String) throws {
        let (path, data) = try fixture(name)
        let source = String(decoding: data, as: UTF8.self)
        let imported = MarkdownRenderer.render(
            Importer.normalize(try PostMortemParser.parse(data: data, path: path).postMortem))
        let outputWords = Set(proseWords(imported))
        let missing = proseWords(source).filter { !outputWords.contains($0) }
        #expect(missing.isEmpty, "lost: \(missing)")
    }

    @Test("importing, then formatting, changes nothing the second time", arguments: files)
    func idempotent(_ name: String) throws {
        let (path, data) = try fixture(name)
        let once = MarkdownRenderer.render(
            Importer.normalize(try PostMortemParser.parse(data: data, path: path).postMortem))
        let twice = MarkdownRenderer.render(try PostMortemParser.parse(once, path: path).postMortem)
        #expect(once == twice)
    }

    @Test("Google SRE style: preamble fields, a date line with its zone, plain time lines")
    func google() throws {
        let (path, data) = try fixture("google-sre-style.md")
        let pm = Importer.normalize(try PostMortemParser.parse(data: data, path: path).postMortem)
        #expect(pm.authors == ["priya", "tomas", "wen"])
        #expect(pm.summary?.hasPrefix("Lyric search was unavailable") == true)
        #expect(pm.rootCause.trigger?.hasPrefix("A surprise album release") == true)
        #expect(pm.timeline.count == 6)
        #expect(pm.started?.iso8601 == "2024-04-09T14:54:00Z")
        #expect(pm.resolved?.iso8601 == "2024-04-09T16:05:00Z")
        #expect(pm.detected?.iso8601 == "2024-04-09T14:56:00Z")
        #expect(pm.actionItems.map(\.owner) == ["tomas", "wen"])
        #expect(pm.actionItems.map(\.type) == [.prevent, .mitigate])
        #expect(pm.lessons.wentWell.count == 2 && pm.lessons.wentPoorly.count == 1 && pm.lessons.gotLucky.count == 1)
    }

    @Test("Atlassian style: setext headings, date and time columns, zone from the heading, unknown times")
    func atlassian() throws {
        let (path, data) = try fixture("atlassian-style.md")
        let pm = try PostMortemParser.parse(data: data, path: path).postMortem
        #expect(pm.title == "Payment webhooks delayed")
        #expect(pm.timeline.count == 7)
        #expect(pm.timeline[0].time?.iso8601 == "2026-03-07T20:50:00-08:00[PST]")
        #expect(pm.timeline[2].time?.approximate == true)
        #expect(pm.timeline[5].time?.iso8601 == "2026-03-08T00:20:00-08:00[PST]")
        #expect(pm.timeline[6].time == nil)
        #expect(pm.actionItems.count == 4)
        #expect(pm.actionItems[0].due == LocalDate(year: 2026, month: 3, day: 21))
        #expect(pm.actionItems[1].status == .done)
        #expect(pm.actionItems[2].link == "OPS-7781")
        #expect(pm.extraSections.map(\.heading) == ["Leadup", "Fault"])
    }

    @Test("CRLF bullets: a date line, midnight rollover, mixed zones, continuation lines")
    func bullets() throws {
        let (path, data) = try fixture("plain-bullets-crlf.txt")
        let pm = try PostMortemParser.parse(data: data, path: path).postMortem
        #expect(pm.title == "Search latency")
        let times = pm.timeline.map { $0.time?.iso8601 ?? "-" }
        #expect(
            times == [
                "2015-10-21T23:50:00Z", "2015-10-21T23:58:00Z", "2015-10-22T00:07:00Z",
                "2015-10-22T01:31:00+01:00[CET]",
                "2015-10-22T00:45:30Z",
            ])
        #expect(pm.timeline[1].text.contains("first seen on the API dashboard"))
        #expect(pm.actionItems[0].owner == "kim" && pm.actionItems[0].type == .detect)
    }

    @Test("a timeline of `10/20/2022 - 15:38 CST - text` lines is read, not swallowed as date lines")
    func dateDashTimeline() throws {
        let (path, data) = try fixture("date-dash-cst.md")
        let pm = try PostMortemParser.parse(data: data, path: path).postMortem
        #expect(pm.timeline.count == 5)
        #expect(pm.timeline[0].time?.iso8601 == "2022-10-20T15:38:00-06:00[CST]")
        #expect(pm.timeline[0].text == "a user converted a 900-page document and the converter pool locked up")
        #expect(pm.timeline[4].text == "backlog drained, incident closed")
    }

    @Test("a date without its year takes the year of the entry before it, and reads the same once saved")
    func yearlessDate() throws {
        let text = """
            # Search latency

            ## Timeline

            | Time | Event |
            | --- | --- |
            | 2026-10-14T13:48:00Z | config change rolled out |

            **Oct 21, 11:50 PM UTC** — deploy of ranking v2 begins
            """
        let pm = try PostMortemParser.parse(text, path: "yearless.md").postMortem
        #expect(pm.timeline.map { $0.time?.iso8601 ?? "-" } == ["2026-10-14T13:48:00Z", "2026-10-21T23:50:00Z"])
        #expect(pm.timeline[1].text == "deploy of ranking v2 begins")

        // A line the first reading could not place stays a note when saved, even though the
        // canonical file now carries the `started` that was inferred from the timeline.
        let unplaced = "# T\n\n## Timeline\n\nOct 21, 1:50 the pool filled\n\n- 00:20 first errors\n"
        let first = Importer.normalize(try PostMortemParser.parse(unplaced, path: "unplaced.md").postMortem)
        #expect(first.inferred.contains("started"))
        let again = try PostMortemParser.parse(MarkdownRenderer.render(first), path: "canonical.md").postMortem
        #expect(again.timeline == first.timeline)
        #expect(again.timelineNotes == first.timelineNotes)
    }

    @Test("lines with a time that no reader understands are kept above the timeline and reported")
    func unreadLinesReported() throws {
        let (path, data) = try fixture("wiki-export-odd-lines.md")
        let document = try PostMortemParser.parse(data: data, path: path)
        let notes = try #require(document.postMortem.timelineNotes)
        #expect(notes.contains("13:5O job re-run by hand for the three regions"))
        #expect(notes.contains("Shift change at roughly 2 pm"))
        let unread = document.diagnostics.filter { $0.code == "timeline/unread-line" }.map(\.location.line)
        #expect(unread == [18, 19])
        #expect(document.postMortem.timeline.count == 5)
    }

    @Test("a date line may name its zone, and nothing else")
    func dateLines() {
        #expect(TimeParser.parseDateLine("October 20, 2022 (all times CST)")?.zone != nil)
        #expect(TimeParser.parseDateLine("2022-10-20") != nil)
        #expect(TimeParser.parseDateLine("10/20/2022 - 15:38 CST - a user converted a file") == nil)
        #expect(TimeParser.parseDateLine("Oct 20 2022 CST the pool locked up") == nil)
    }

    @Test("the examples are canonical: fmt changes nothing")
    func examplesCanonical() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".md") }
        #expect(files.count >= 3)
        for file in files {
            let data = try Data(contentsOf: root.appendingPathComponent(file))
            let rendered = MarkdownRenderer.render(try PostMortemParser.parse(data: data, path: file).postMortem)
            #expect(rendered == String(decoding: data, as: UTF8.self), "\(file)")
        }
    }
}

@Suite("Bad input")
struct BadInputTests {
    func error(_ text: String) -> ParseError? {
        do {
            _ = try PostMortemParser.parse(text, path: "bad.md")
            return nil
        } catch {
            return error as? ParseError
        }
    }

    @Test("an action table's closing-day column and a list item's 'closed:' are read")
    func closingDays() throws {
        let text = """
            # Queue backlog

            ## Action items

            | Action | Owner | Due | Status | Completed on |
            | --- | --- | --- | --- | --- |
            | Alert on consumer lag | sam | 2026-11-20 | done | 2026-11-18 |
            | Cap batch size | lee | 2026-12-01 | open | |

            ## Follow-ups

            - Add a load test — @kim, due 2026-12-10, status done, closed on 2026-12-12
            """
        let pm = try PostMortemParser.parse(text, path: "closing.md").postMortem
        #expect(pm.actionItems.map(\.closed) == [LocalDate(iso: "2026-11-18"), nil, LocalDate(iso: "2026-12-12")])
        #expect(pm.actionItems[0].doneOnTime == true && pm.actionItems[2].doneOnTime == false)
        #expect(pm.actionItems[2].due == LocalDate(iso: "2026-12-10"))
    }

    @Test("broken YAML names the line and column")
    func brokenYAML() throws {
        let e = try #require(error("---\ntitle: ok\nservices: [a, b\nseverity: SEV2\n---\n"))
        #expect(e.file == "bad.md")
        #expect(e.line >= 3)
        #expect(e.description.hasPrefix("bad.md:"))
    }

    @Test("a date that is not a date names its line")
    func badDate() throws {
        let e = try #require(error("---\ntitle: x\nstarted: yesterday afternoon\n---\n"))
        #expect(e.line == 3)
        #expect(e.message.contains("started"))
        let impossible = try #require(error("---\ntitle: x\nstarted: 2026-02-30T10:00:00Z\n---\n"))
        #expect(impossible.line == 3)
    }

    @Test("unknown values are refused with their line")
    func unknownValues() throws {
        #expect(try #require(error("---\nseverity: critical\n---\n")).line == 2)
        #expect(try #require(error("---\nkind: meltdown\n---\n")).line == 2)
        #expect(try #require(error("---\ntitle: x\n")).message.contains("never closed"))
    }

    @Test("binary files, invalid UTF-8 and huge lines are refused, not crashed on")
    func hostileBytes() throws {
        var binary = Data("# Title\n".utf8)
        binary.append(contentsOf: [0x00, 0x01, 0xFF])
        #expect(throws: ParseError.self) { try PostMortemParser.parse(data: binary, path: "x.bin") }
        var invalid = Data("ok line\nbad ".utf8)
        invalid.append(contentsOf: [0xC3, 0x28])
        do {
            _ = try PostMortemParser.parse(data: invalid, path: "x.md")
            Issue.record("invalid UTF-8 was accepted")
        } catch let e as ParseError {
            #expect(e.line == 2 && e.column == 5)
        }
        let huge = Data(repeating: UInt8(ascii: "a"), count: 50 << 20)
        do {
            _ = try PostMortemParser.parse(data: huge, path: "huge.md")
            Issue.record("a 50 MB line was accepted")
        } catch let e as ParseError {
            #expect(e.line == 1 && e.message.contains("bytes"))
        }
    }

    @Test("random bytes never crash the parser")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        let seed = try? PostMortemParser.parse(Base.sample, path: "seed.md")
        #expect(seed != nil)
        let sample = Array(Base.sample.utf8)
        for _ in 0..<300 {
            var bytes = sample
            let cut = Int.random(in: 0...bytes.count, using: &generator)
            bytes.removeLast(bytes.count - cut)
            for _ in 0..<Int.random(in: 0...8, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? PostMortemParser.parse(data: Data(bytes), path: "fuzz.md")
        }
    }
}

enum Base {
    static let sample = """
        ---
        title: "Fuzz seed"
        severity: SEV2
        started: 2026-03-04T14:02:00Z
        impact:
          users: 10
        ---

        # Fuzz seed

        ## Timeline

        | Time | Kind | Event | Actor | Evidence |
        | --- | --- | --- | --- | --- |
        | 2026-03-04T14:02:00Z | start | began | a | x.log:1 |

        - 14:05 UTC — alert fired
        - [ ] Do a thing — @a, due 2026-04-01, P1, prevent

        ## Five whys

        1. **Why?** Because.
        """
}
