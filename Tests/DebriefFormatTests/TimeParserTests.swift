import DebriefCore
import Foundation
import Testing

@testable import DebriefFormat

@Suite("Time notations")
struct TimeParserTests {
    static let day = LocalDate(year: 2015, month: 10, day: 21)
    static let utc = TimeContext(date: day, offset: 0, zone: nil)

    /// (text, context, expected ISO form)
    static let cases: [(String, TimeContext, String)] = [
        ("2015-10-21T14:02:33Z", TimeContext(), "2015-10-21T14:02:33Z"),
        ("2015-10-21 14:02", utc, "2015-10-21T14:02:00Z"),
        ("2015-10-21T14:02+02:00", TimeContext(), "2015-10-21T14:02:00+02:00"),
        ("14:02 PST", TimeContext(date: day), "2015-10-21T14:02:00-08:00[PST]"),
        ("Oct 21, 2015 2:02 PM", utc, "2015-10-21T14:02:00Z"),
        ("October 21 2015 at 2:02pm UTC", TimeContext(), "2015-10-21T14:02:00Z"),
        ("21 Oct 2015 14:02 GMT", TimeContext(), "2015-10-21T14:02:00Z"),
        ("14:02:33", utc, "2015-10-21T14:02:33Z"),
        ("~19:30", utc, "~2015-10-21T19:30:00Z"),
        ("approx. 19:30", utc, "~2015-10-21T19:30:00Z"),
        ("2:02 a.m.", utc, "2015-10-21T02:02:00Z"),
        ("12:15 AM", utc, "2015-10-21T00:15:00Z"),
        ("12:15 PM", utc, "2015-10-21T12:15:00Z"),
        ("14:02 UTC+2", TimeContext(date: day), "2015-10-21T14:02:00+02:00"),
        ("14:02 Europe/Berlin", TimeContext(date: day), "2015-10-21T14:02:00+02:00[Europe/Berlin]"),
        ("14:02 ET", TimeContext(date: day), "2015-10-21T14:02:00-04:00[ET]"),
        ("2015/10/21 14:02", utc, "2015-10-21T14:02:00Z"),
        ("10/21/2015 2:02 PM", utc, "2015-10-21T14:02:00Z"),
        ("Wed, Oct 21 14:02", utc, "2015-10-21T14:02:00Z"),
        ("2015-10-21T06:02:00-08:00[PST]", TimeContext(), "2015-10-21T06:02:00-08:00[PST]"),
    ]

    @Test("hand-written notations read as the same instant", arguments: cases.indices)
    func notation(_ index: Int) throws {
        let (text, context, expected) = Self.cases[index]
        let parsed = try #require(TimeParser.parse(text, context: context), "\(text)")
        #expect(parsed.start?.iso8601 == expected, "\(text)")
        #expect(parsed.consumed == text.unicodeScalars.count, "\(text) not read to the end")
    }

    @Test("ranges give a start and an end, crossing midnight when needed")
    func ranges() throws {
        let range = try #require(TimeParser.parse("23:50–00:10 UTC", context: Self.utc))
        #expect(range.start?.iso8601 == "2015-10-21T23:50:00Z")
        #expect(range.until?.iso8601 == "2015-10-22T00:10:00Z")
    }

    @Test("unknown times and non-times", arguments: ["--:--", "??:??", "unknown"])
    func unknown(_ text: String) throws {
        let parsed = try #require(TimeParser.parse(text, context: Self.utc))
        #expect(parsed.start == nil)
    }

    @Test(
        "text that is not a time is not read as one",
        arguments: ["3 engineers joined", "10.0.0.1 answered", "25:61", "version 2", "the 14th"])
    func notATime(_ text: String) {
        #expect(
            TimeParser.parse(text, context: Self.utc)?.start == nil || TimeParser.parse(text, context: Self.utc) == nil)
    }

    @Test("date lines, with the zone of a heading")
    func dateLines() throws {
        let line = try #require(TimeParser.parseDateLine("2015-10-21 (all times UTC)"))
        #expect(line.date == Self.day)
        #expect(line.zone?.offset(on: Self.day) == 0)
        #expect(TimeParser.parseDateLine("**Wednesday, October 21, 2015**")?.date == Self.day)
        #expect(TimeParser.parseDateLine("14:02 alert fired") == nil)
    }

    @Test("the canonical instant parser rejects impossible dates")
    func strictInstant() {
        #expect(Instant(iso8601: "2026-02-30T10:00:00Z") == nil)
        #expect(Instant(iso8601: "2026-02-28T24:00:00Z") == nil)
        #expect(Instant(iso8601: "2024-02-29T10:00:00+05:30")?.iso8601 == "2024-02-29T10:00:00+05:30")
    }
}

@Suite("Table rows")
struct TableRowTests {
    @Test(
        "the byte-level splitter agrees with the general one",
        arguments: [
            "| a | b | c |", "|a|b|", "| 2026-03-04T14:02:00Z | alert | Paged on-call |  | x.log:12, y.log:3 |",
            "a | b", "| café | naïve |", "|\u{00A0}x\u{00A0}| y |", "| | |", "|x|", "| — | 日本 |", "|\u{2003}|",
        ])
    func plainMatchesGeneral(_ row: String) {
        let plain = MarkdownStructure.plainCells(row)
        if let plain { #expect(plain == MarkdownStructure.generalCells(row), "\(row)") }
    }

    @Test("escapes and code spans go to the general splitter")
    func escapes() {
        #expect(MarkdownStructure.plainCells(#"| a \| b | c |"#) == nil)
        #expect(MarkdownStructure.cells(#"| a \| b | c |"#) == ["a | b", "c"])
        #expect(MarkdownStructure.cells("| `a|b` | c |") == ["`a|b`", "c"])
    }
}

@Suite("Heading names")
struct HeadingNameTests {
    @Test(
        "the ASCII path normalises headings as the general one does",
        arguments: [
            "Timeline (all times UTC)", "3. Root Causes:", "## Five  Whys ##", "**Action Items**",
            "  Lessons   learned.",
            "1) Summary", "What went well", "TL;DR", "Follow-ups", "_Impact_", "12. ", "",
        ])
    func asciiMatchesUnicode(_ heading: String) {
        #expect(Synonyms.normalizedASCIIHeading(heading) == Synonyms.normalizedUnicodeHeading(heading), "\(heading)")
    }
}
