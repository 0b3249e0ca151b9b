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

@Suite("The editor round trip")
struct EditorRoundTripTests {
    @Test(
        "submitting the editor of a full post-mortem unchanged changes nothing",
        arguments: [
            "2026-10-14-checkout-connection-pool-exhaustion", "2026-07-08-payments-provider-outage",
            "2026-11-03-near-miss-certificate-expiry",
        ])
    func unchanged(id: String) async throws {
        let harness = try await Harness.make()
        _ = try await Workspace.seedDemo(into: harness.store)
        // Name root in it so the admin may edit it, then compare the model before and after.
        var original = try #require(try await harness.store.exportOne(id: id))
        original.postMortem.reviewers.append("root")
        let base = try await harness.store.update(original.postMortem, baseVersion: original.version, by: "x", note: "")
        try await harness.run { anonymous in
            let root = try await anonymous.login("root").0!
            let form = try await root.get("/incidents/\(id)/edit")
            #expect(form.code == 200)
            var fields = try editorFields(form.body)
            fields.append(("do", "save"))
            let saved = try await root.post("/incidents/\(id)", fields)
            #expect(saved.code == 303, "\(saved.body.prefix(500))")
            let after = try #require(try await harness.store.exportOne(id: id))
            #expect(after.version == base.version + 1)
            let history = try await harness.store.history(id: id, for: Member(name: "root", role: .admin))
            #expect(
                history.first?.changes == ["no change"],
                "\(LineDiff.diff(base.markdown, after.markdown).filter { if case .same = $0 { false } else { true } })")
        }
    }
}
