import DebriefCore
import Testing

@Suite("Calendar days")
struct LocalDateTests {
    @Test("YYYY-MM-DD is read exactly, and only days that exist")
    func iso() {
        #expect(LocalDate(iso: "2026-11-26") == LocalDate(year: 2026, month: 11, day: 26))
        #expect(LocalDate(iso: "2024-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LocalDate(iso: "0001-01-01") == LocalDate(year: 1, month: 1, day: 1))
        for bad in [
            "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01",
            "2026-1-05", "2026-01-5", "26-01-05", "2026-01-051", "2026/01/05", "2026-01-0x", "+026-01-05",
            "２０２６-01-05", "", "2026-01-05 ",
        ] {
            #expect(LocalDate(iso: bad) == nil, "\(bad)")
        }
        #expect(LocalDate(iso: "x2026-11-26".dropFirst()) == LocalDate(year: 2026, month: 11, day: 26))
    }
}
