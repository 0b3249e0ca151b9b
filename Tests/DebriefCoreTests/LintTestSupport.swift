import DebriefCore
import DebriefFormat
import Foundation

/// A clean SEV1 post-mortem, edited by each rule case.
enum Base {
    static let text: String = {
        // An unreadable fixture leaves the text empty, which the clean-base test reports.
        guard let url = Bundle.module.url(forResource: "Fixtures/base", withExtension: "md") else { return "" }
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    static let today = LocalDate(year: 2026, month: 11, day: 26)
}

/// Text edits on a canonical document.
extension String {
    /// Replaces the body of `## heading` (up to the next `## `).
    func section(_ heading: String, _ body: String) -> String {
        guard let start = range(of: "\n## \(heading)\n") else { return self + "\n## \(heading)\n\n\(body)\n" }
        let rest = self[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? endIndex
        return String(self[..<start.upperBound]) + "\n" + body + "\n" + String(self[end...])
    }

    /// Removes a `## heading` section.
    func removingSection(_ heading: String) -> String {
        guard let start = range(of: "\n## \(heading)\n") else { return self }
        let rest = self[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? endIndex
        return String(self[..<start.lowerBound]) + String(self[end...])
    }

    /// Sets (or with nil removes) a top-level front-matter key.
    func front(_ key: String, _ value: String?) -> String {
        var lines = components(separatedBy: "\n")
        let close = lines.indices.dropFirst().first { lines[$0] == "---" }!
        if let index = lines[1..<close].firstIndex(where: { $0.hasPrefix(key + ":") }) {
            var end = index + 1
            while end < close, lines[end].hasPrefix(" ") { end += 1 }
            lines.removeSubrange(index..<end)
            if let value { lines.insert("\(key): \(value)", at: index) }
        } else if let value {
            lines.insert("\(key): \(value)", at: close)
        }
        return lines.joined(separator: "\n")
    }

    func replacing(_ old: String, _ new: String) -> String {
        precondition(contains(old), "base document has no '\(old)'")
        return replacingOccurrences(of: old, with: new)
    }
}

/// Lints a document text with an optional policy.
func lint(_ text: String, policy: Policy = Policy(), today: LocalDate = Base.today) throws -> [Finding] {
    let document = try PostMortemParser.parse(text, path: "case.md")
    return Linter().lint(document, policy: policy, today: today)
}
