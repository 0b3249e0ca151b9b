import NIOCore
import Testing

@testable import DebriefServer

@Suite("Pages with holes")
struct HoledPageTests {
    let mark = "hole-Ab3-"

    func marker(_ hole: HoledPage.Hole) -> String { HoledPage.marker(mark, hole) }

    func fill(_ hole: HoledPage.Hole) -> String { "[\(hole)]" }

    @Test("holes are cut at the mark and two digits, and filled in order, as text and as bytes")
    func cutAndFill() {
        let text =
            "\(marker(.me))<p>hé \(marker(.csrf))\(marker(.url))</p>hole-Ab3-x hole-Ab hole-Ab3-9"
            + "\(marker(.similar))"
        let page = HoledPage(text, mark: mark)
        #expect(page.holes == [.me, .csrf, .url, .similar])
        let expected = "[me]<p>hé [csrf][url]</p>hole-Ab3-x hole-Ab hole-Ab3-9[similar]"
        #expect(page.text(fill) == expected)
        #expect(String(buffer: page.buffer(fill)) == expected)
    }

    @Test("a page without holes, an empty page and a mark too near the end come back whole")
    func noHoles() {
        for text in ["", "plain <b>page</b>", "ends in hole-Ab3-0", "hole-Ab3-"] {
            let page = HoledPage(text, mark: mark)
            #expect(page.holes.isEmpty)
            #expect(page.text(fill) == text)
            #expect(String(buffer: page.buffer(fill)) == text)
        }
    }

    @Test("URLs keep ASCII letters, digits and -_. and percent-encode every other byte")
    func percentEncoding() {
        #expect(Present.url("pm-2026_01.a") == "/incidents/pm-2026_01.a")
        #expect(Present.url("a b/é<") == "/incidents/a%20b%2F%C3%A9%3C")
        #expect(Present.query("disk full & more") == "disk%20full%20%26%20more")
        #expect(Present.query("a-b.c_d") == "a%2Db%2Ec%5Fd")
    }
}
