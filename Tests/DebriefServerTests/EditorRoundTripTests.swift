import DebriefCore
import DebriefFormat
import DebriefServer
import DebriefStore
import Foundation
import Testing

/// What a browser would send for the first `<form class="editor">` of a page: inputs with
/// their values, checked checkboxes only, textareas' text, each select's selected (or first) option.
func editorFields(_ html: String) throws -> [(String, String)] {
    let start = try #require(html.range(of: "<form class=\"editor\""))
    let end = try #require(html.range(of: "</form>", range: start.upperBound..<html.endIndex))
    let form = String(html[start.lowerBound..<end.upperBound])
    func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
    func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[range.upperBound...].prefix { $0 != "\"" })
    }
    var fields: [(String, String)] = []
    let pattern = try NSRegularExpression(
        pattern: "<input[^>]*>|<textarea[^>]*>[\\s\\S]*?</textarea>|<select[^>]*>[\\s\\S]*?</select>")
    let ns = form as NSString
    for match in pattern.matches(in: form, range: NSRange(location: 0, length: ns.length)) {
        let element = ns.substring(with: match.range)
        let tagEnd = element.firstIndex(of: ">") ?? element.endIndex
        let tag = String(element[..<tagEnd])
        guard let name = attribute("name", in: tag) else { continue }
        if element.hasPrefix("<input") {
            if attribute("type", in: tag) == "checkbox" {
                if tag.contains(" checked") { fields.append((name, "on")) }
            } else {
                fields.append((name, unescape(attribute("value", in: tag) ?? "")))
            }
        } else if element.hasPrefix("<textarea") {
            let body = element[element.index(after: tagEnd)...].dropLast("</textarea>".count)
            fields.append((name, unescape(String(body))))
        } else {
            let options = element.components(separatedBy: "<option").dropFirst()
            let chosen = options.first { $0.contains(" selected") } ?? options.first ?? ""
            fields.append((name, unescape(attribute("value", in: "<option" + chosen) ?? "")))
        }
    }
    return fields
}

/// The field whose `name` is the `index`-th of that name, replaced by `value`.
func replacing(_ fields: [(String, String)], _ name: String, at index: Int = 0, with value: String) -> [(
    String, String
)] {
    var seen = 0
    return fields.map { field in
        guard field.0 == name else { return field }
        defer { seen += 1 }
        return seen == index ? (name, value) : field
    }
}

func everyFieldFixture() throws -> PostMortem {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/every-field", withExtension: "md"))
    return try PostMortemParser.parse(data: try Data(contentsOf: url), path: url.path).postMortem
}

@Suite("The editor round trip")
struct EditorRoundTripTests {
    static let demo = [
        "2025-12-09-mesh-certificate-expired", "2026-02-04-search-latency-index-rebuild",
        "2026-03-17-partner-gateway-certificate-expired", "2026-05-21-support-export-personal-data",
        "2026-06-12-backups-silently-failing", "2026-07-08-payments-provider-outage",
        "2026-08-19-queue-backlog-notifications", "2026-09-02-leaked-deploy-credential",
        "2026-09-24-dns-record-deleted", "2026-10-14-checkout-connection-pool-exhaustion",
        "2026-11-03-near-miss-certificate-expiry", "2026-11-18-feature-flag-free-shipping",
    ]

    /// A harness holding `id` (a demo post-mortem, or the every-field fixture) with root
    /// named in it so the admin may edit it, restricted or not.
    static func holding(_ id: String) async throws -> (Harness, StoredPostMortem) {
        let harness = try await Harness.make()
        if id == "every-field" {
            _ = try await harness.store.create(try everyFieldFixture(), by: "root", note: "", demo: false)
        } else {
            _ = try await Workspace.seedDemo(into: harness.store)
        }
        var original = try #require(try await harness.store.exportOne(id: id))
        original.postMortem.reviewers.append("root")
        let base = try await harness.store.update(original.postMortem, baseVersion: original.version, by: "x", note: "")
        return (harness, base)
    }

    @Test("submitting the editor of a post-mortem unchanged changes nothing", arguments: demo + ["every-field"])
    func unchanged(id: String) async throws {
        let (harness, base) = try await Self.holding(id)
        try await harness.run { anonymous in
            let root = try await anonymous.login("root").0!
            let form = try await root.get("/incidents/\(id)/edit")
            #expect(form.code == 200)
            var fields = try editorFields(form.body)
            fields.append(("do", "save"))
            let saved = try await root.post("/incidents/\(id)", fields)
            #expect(saved.code == 303, "\(saved.body.prefix(2000))")
            let after = try #require(try await harness.store.exportOne(id: id))
            #expect(after.version == base.version + 1)
            #expect(after.postMortem == base.postMortem)
            #expect(
                after.markdown == base.markdown,
                "\(LineDiff.diff(base.markdown, after.markdown).filter { if case .same = $0 { false } else { true } })")
        }
    }

    @Test("the post-mortem page shows every section the editor edits")
    func pageShowsEverything() async throws {
        let (harness, _) = try await Self.holding("every-field")
        try await harness.run { anonymous in
            let root = try await anonymous.login("root").0!
            let page = try await root.get("/incidents/every-field").body.htmlUnescaped
            for text in [
                "The customer report came four minutes before the alert.", "customer-report",
                "The commander rolled the config back before investigating", "Status page post",
                "https://grafana.example.com/d/checkout", "Customer communication", "Appendix: query used",
                "All times are Europe/Berlin", "Asked in the review meeting", "The first two were also seen in March",
                "These were agreed in the review meeting", "about 41,000 EUR in lost orders", "Reported", "runbook:",
                "The review found the same pattern",
            ] {
                #expect(page.contains(text), "\(text)")
            }
        }
    }

    @Test("editing a timeline row's text keeps its actor, evidence and range")
    func timelineRowKeepsItsFields() async throws {
        let (harness, base) = try await Self.holding("every-field")
        try await harness.run { anonymous in
            let root = try await anonymous.login("root").0!
            let fields = try editorFields(try await root.get("/incidents/every-field/edit").body)
            let edited = replacing(fields, "t_text", at: 1, with: "Checkout errors climb to 100% in the EU")
            let saved = try await root.post("/incidents/every-field", edited + [("do", "save")])
            #expect(saved.code == 303)
            let after = try #require(try await harness.store.exportOne(id: "every-field")).postMortem
            let row = after.timeline[1]
            #expect(row.text == "Checkout errors climb to 100% in the EU")
            #expect(row.evidence == base.postMortem.timeline[1].evidence)
            #expect(row.until == base.postMortem.timeline[1].until)
            #expect(after.timeline[0].actor == "dev.patel")
            var expected = base.postMortem
            expected.timeline[1].text = row.text
            #expect(after == expected)
        }
    }

    @Test("an unreadable time or date stays in its field beside its message, and nothing is saved")
    func invalidInputStays() async throws {
        let (harness, base) = try await Self.holding("every-field")
        try await harness.run { anonymous in
            let root = try await anonymous.login("root").0!
            let fields = try editorFields(try await root.get("/incidents/every-field/edit").body)
            var edited = replacing(fields, "detected", with: "half past two-ish")
            edited = replacing(edited, "t_time", at: 2, with: "25:99")
            edited = replacing(edited, "a_due", at: 1, with: "next Tuesday")
            edited = replacing(edited, "summary", with: "A summary typed before the mistake.")
            let page = try await root.post("/incidents/every-field", edited + [("do", "save")])
            #expect(page.code == 422)
            let shown = try editorFields(page.body)
            #expect(shown.first { $0.0 == "detected" }?.1 == "half past two-ish")
            #expect(shown.filter { $0.0 == "t_time" }.map(\.1)[2] == "25:99")
            #expect(shown.filter { $0.0 == "a_due" }.map(\.1)[1] == "next Tuesday")
            #expect(shown.first { $0.0 == "summary" }?.1 == "A summary typed before the mistake.")
            #expect(page.body.htmlUnescaped.contains("field-error\">Detected: 'half past two-ish' is not a time"))
            #expect(page.body.htmlUnescaped.contains("Timeline row 3: '25:99' is not a time"))
            #expect(try await harness.store.exportOne(id: "every-field")?.version == base.version)
        }
    }

    @Test("rows added in the blank rows and the add box go in by time, in one save")
    func rowsAdded() async throws {
        let (harness, _) = try await Self.holding("every-field")
        try await harness.run { anonymous in
            let root = try await anonymous.login("root").0!
            let fields = try editorFields(try await root.get("/incidents/every-field/edit").body)
            let rows = fields.filter { $0.0 == "t_text" }.count
            var edited = replacing(fields, "t_time", at: rows - 3, with: "14:30")
            edited = replacing(edited, "t_text", at: rows - 3, with: "Second pod restart")
            edited = replacing(
                edited, "t_add", with: "14:20 Incident channel opened\n14:40 Pool raised on one replica")
            edited = replacing(
                edited, "a_add", with: "Document the pool settings (owner: dev.patel, due: 2026-12-01, P3)")
            let saved = try await root.post("/incidents/every-field", edited + [("do", "save")])
            #expect(saved.code == 303, "\(saved.body.prefix(1500))")
            let after = try #require(try await harness.store.exportOne(id: "every-field")).postMortem
            let texts = after.timeline.map(\.text)
            let opened = try #require(texts.firstIndex(of: "Incident channel opened"))
            let restart = try #require(texts.firstIndex(of: "Second pod restart"))
            let raised = try #require(texts.firstIndex(of: "Pool raised on one replica"))
            #expect(opened < restart && restart < raised)
            #expect(texts.firstIndex(of: "Error-rate alert pages the on-call engineer")! < opened)
            #expect(after.timeline[raised].time?.offset == 7200)
            let item = try #require(after.actionItems.last)
            #expect(item.title == "Document the pool settings" && item.owner == "dev.patel" && item.priority == .p3)
        }
    }

    @Test("two people editing different fields both keep their change; the same field is shown side by side")
    func conflictsMergePerField() async throws {
        let (harness, base) = try await Self.holding("every-field")
        try await harness.run { anonymous in
            let first = try await anonymous.login("root").0!
            let second = try await anonymous.login("root").0!
            let firstForm = try editorFields(try await first.get("/incidents/every-field/edit").body)
            let secondForm = try editorFields(try await second.get("/incidents/every-field/edit").body)
            let one = try await first.post(
                "/incidents/every-field",
                replacing(firstForm, "summary", with: "Summary rewritten by the first editor.") + [("do", "save")])
            #expect(one.code == 303)
            // The second editor started from the same version and changed other fields.
            var theirs = replacing(secondForm, "response", with: "Response rewritten by the second editor.")
            theirs = replacing(theirs, "t_actor", at: 3, with: "on-call")
            let two = try await second.post("/incidents/every-field", theirs + [("do", "save")])
            #expect(two.code == 303, "\(two.body.prefix(1500))")
            let merged = try #require(try await harness.store.exportOne(id: "every-field"))
            #expect(merged.version == base.version + 2)
            #expect(merged.postMortem.summary == "Summary rewritten by the first editor.")
            #expect(merged.postMortem.response == "Response rewritten by the second editor.")
            #expect(merged.postMortem.timeline[3].actor == "on-call")

            // Now both change the summary: a real clash, shown with both texts.
            let a = try editorFields(try await first.get("/incidents/every-field/edit").body)
            let b = try editorFields(try await second.get("/incidents/every-field/edit").body)
            #expect(
                try await first.post(
                    "/incidents/every-field",
                    replacing(replacing(a, "summary", with: "First says this."), "trigger", with: "Trigger by first.")
                        + [("do", "save")]
                ).code == 303)
            let clash = try await second.post(
                "/incidents/every-field",
                replacing(replacing(b, "summary", with: "Second says that."), "i_cost", with: "50,000 EUR")
                    + [("do", "save")])
            #expect(clash.code == 409)
            #expect(clash.body.contains("First says this.") && clash.body.contains("Second says that."))
            #expect(clash.body.contains("<th>summary</th>"))
            // "Keep yours" keeps the first editor's trigger: only the clash takes the second's side.
            let opening = try #require(clash.body.range(of: "<textarea name=\"markdown\" hidden>"))
            let closing = try #require(
                clash.body.range(of: "</textarea>", range: opening.upperBound..<clash.body.endIndex))
            let mine = String(clash.body[opening.upperBound..<closing.lowerBound]).htmlUnescaped
            let current = try #require(Browser.hidden("base", in: clash.body))
            let kept = try await second.post("/incidents/upload", [("base", current), ("markdown", mine)])
            #expect(kept.code == 303, "\(kept.body.prefix(1500))")
            let final = try #require(try await harness.store.exportOne(id: "every-field")).postMortem
            #expect(final.summary == "Second says that.")
            #expect(final.rootCause.trigger == "Trigger by first.")
            #expect(final.impact.cost == "50,000 EUR")
        }
    }
}

extension String {
    var htmlUnescaped: String {
        replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
