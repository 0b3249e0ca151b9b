import DebriefCore
import Foundation

/// The public version of a post-mortem file: the redacted Markdown, where each redaction was
/// in the source, and what the secret and personal-data rules still find in the result.
public struct PublicVersion: Sendable {
    /// A redaction with the line and column of the text it removed in the source file (nil
    /// when the text could not be found word for word, e.g. a whole front-matter block).
    public struct Located: Sendable, Codable, Equatable {
        public var category: RedactionCategory
        public var field: String
        public var line: Int?
        public var column: Int?
        /// How many characters it covers on that line.
        public var length: Int
        public var original: String
        public var replacement: String
        public var what: String
    }

    public var markdown: String
    /// The public version's id (customers' names taken out of it).
    public var id: String
    public var redactions: [Located]
    /// Findings of the secret and personal-data rules on the public text: must be empty before
    /// it is published.
    public var remaining: [Finding]

    /// The rules a public version must pass.
    public static let checkRules = Linter.allRules.filter {
        $0.id.hasPrefix("secrets/") || ["privacy/email", "privacy/ip-address", "privacy/card-number"].contains($0.id)
    }

    /// What the secret and personal-data rules find in a public text (they do not depend on
    /// the day).
    public static func remaining(in published: SourceDocument) -> [Finding] {
        Linter(rules: checkRules).lint(published, today: LocalDate(year: 2000, month: 1, day: 1))
    }

    public init(_ document: SourceDocument, policy: RedactionPolicy, path: String? = nil) throws {
        let (pm, redactions) = Redactor(policy: policy).redact(document.postMortem)
        markdown = MarkdownRenderer.render(pm)
        id = pm.id
        self.redactions = Self.locate(redactions, in: document)
        let published = try PostMortemParser.parse(markdown, path: path ?? "public/" + document.path)
        remaining = Self.remaining(in: published)
    }

    /// Finds each redaction's text in the source: its first occurrence not yet claimed, from
    /// the line where its field starts (the source map's), else from the top.
    static func locate(_ redactions: [Redaction], in document: SourceDocument) -> [Located] {
        var claimed = Set<[Int]>()
        return redactions.map { r in
            let needle = r.needle.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
            let from = fieldLine(r.field, document)
            var position: (Int, Int)?
            search: for start in [from, 1] {
                for line in document.lines where line.number >= start {
                    guard !needle.isEmpty else { break search }
                    var index = line.text.startIndex
                    while let range = line.text.range(of: needle, range: index..<line.text.endIndex) {
                        let column = line.text.distance(from: line.text.startIndex, to: range.lowerBound) + 1
                        if claimed.insert([line.number, column]).inserted {
                            position = (line.number, column)
                            break search
                        }
                        index = range.upperBound
                    }
                }
            }
            return Located(
                category: r.category, field: r.field, line: position?.0, column: position?.1,
                length: position == nil ? 0 : needle.count, original: r.original,
                replacement: r.replacement, what: r.what)
        }
    }

    /// The line a redaction's field starts on: `timeline[3].text` → the fourth entry's line.
    static func fieldLine(_ field: String, _ document: SourceDocument) -> Int {
        let map = document.sourceMap
        func index(_ prefix: String) -> Int? {
            guard field.hasPrefix(prefix + "[") else { return nil }
            return Int(field.dropFirst(prefix.count + 1).prefix(while: \.isNumber))
        }
        if let i = index("timeline") { return map.timelineEntry(i).line }
        if let i = index("actionItems") { return map.actionItem(i).line }
        if let i = index("factors") { return map.factor(i).line }
        if let i = index("whys") { return i < map.whys.count ? map.whys[i].line : map.section(.fiveWhys).line }
        if field.hasPrefix("lessons") { return map.section(.lessons).line }
        if field.hasPrefix("section ") {
            let heading = field.dropFirst("section ".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return document.lines.first { $0.role == .heading && $0.text.contains(heading) }?.number ?? 1
        }
        if let key = SectionKey(rawValue: field) { return map.section(key).line }
        let head = String(field.prefix(while: { $0 != "[" }))
        return map.metadata[head]?.line ?? map.metadata[head.lowercased()]?.line ?? 1
    }

    /// The report as JSON: one `{"file", "output", "redactions", "counts", "remaining"}` per file.
    public static func reportJSON(_ entries: [(file: String, output: String, version: PublicVersion)]) throws -> String
    {
        struct File: Encodable {
            var file: String
            var output: String
            var redactions: [Located]
            var counts: [String: Int]
            var remaining: [Finding]
        }
        let files = entries.map { entry in
            File(
                file: entry.file, output: entry.output, redactions: entry.version.redactions,
                counts: Dictionary(grouping: entry.version.redactions, by: \.category.rawValue).mapValues(\.count),
                remaining: entry.version.remaining)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(files), as: UTF8.self) + "\n"
    }
}
