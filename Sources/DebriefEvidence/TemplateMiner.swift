/// A group of log lines that share one message template, such as
/// `connection to <*> timed out after <*> ms`.
public struct LogTemplate: Sendable, Equatable {
    public let id: Int
    /// The template's tokens; `<*>` marks a variable position.
    public internal(set) var tokens: [String]
    public internal(set) var count: Int

    public var text: String { tokens.joined(separator: " ") }
}

/// Groups log lines into templates online, one line at a time, with no per-format settings.
///
/// Drain-style: a line's tokens are masked (anything with a digit, weekday and month names
/// become `<*>`), candidate templates are found by token count and the first masked token,
/// and the line joins the most similar one when enough positions agree; positions that
/// disagree become variables.
public struct TemplateMiner: Sendable {
    public static let variable = "<*>"

    /// The share of non-variable positions that must agree for a line to join a template.
    public let similarity: Double
    public private(set) var templates: [LogTemplate] = []
    var index: [Key: [Int]] = [:]

    struct Key: Hashable {
        var length: Int
        var first: String
    }

    /// The one setting, the same for every log format.
    public static let defaultSimilarity = 0.7

    public init(similarity: Double = TemplateMiner.defaultSimilarity) {
        self.similarity = similarity
    }

    static let calendarWords: Set<String> = [
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
        "sep", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]

    /// Splits on white space and masks what is plainly variable: weekday and month names, and
    /// inside a token each run of number-like characters (digits, hex, `.:-+x`) that holds a
    /// digit, so `rhost=218.188.2.4` → `rhost=<*>` and `LOGIN(uid=0)` → `LOGIN(uid=<*>)`.
    public static func tokens(_ line: Substring) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { token in
            if token.utf8.contains(where: { $0 >= 48 && $0 <= 57 }) { return maskNumbers(token) }
            let bare = token.lowercased().filter { $0.isLetter }
            return calendarWords.contains(bare) ? variable : String(token)
        }
    }

    static func maskNumbers(_ token: Substring) -> String {
        @inline(__always) func numberLike(_ b: UInt8) -> Bool {
            (b >= 48 && b <= 57) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70) || b == 46 || b == 58 || b == 45
                || b == 43 || b == 120
        }
        let bytes = Array(token.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard numberLike(bytes[i]) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            var j = i
            var digit = false
            while j < bytes.count, numberLike(bytes[j]) {
                if bytes[j] >= 48 && bytes[j] <= 57 { digit = true }
                j += 1
            }
            if digit { out += Array(variable.utf8) } else { out += bytes[i..<j] }
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Adds one line; returns the id of the template it joined (templates are numbered from 1).
    /// The header (timestamp, level, component), when `LogHeader` finds one, is not mined.
    public mutating func add(_ line: Substring) -> Int {
        let tokens = Self.tokens(LogHeader.message(line))
        let key = Key(length: tokens.count, first: tokens.first ?? "")
        var best: (index: Int, score: Double)?
        for candidate in index[key] ?? [] {
            let score = Self.score(templates[candidate].tokens, tokens)
            if score >= similarity, best.map({ score > $0.score }) ?? true { best = (candidate, score) }
        }
        if let best {
            var template = templates[best.index]
            for (position, token) in tokens.enumerated() where template.tokens[position] != token {
                template.tokens[position] = Self.variable
            }
            template.count += 1
            templates[best.index] = template
            return template.id
        }
        let template = LogTemplate(id: templates.count + 1, tokens: tokens, count: 1)
        templates.append(template)
        index[key, default: []].append(templates.count - 1)
        return template.id
    }

    public mutating func add(_ line: String) -> Int { add(Substring(line)) }

    /// Agreeing positions over all positions; a template's variables count as agreeing.
    static func score(_ template: [String], _ tokens: [String]) -> Double {
        guard !tokens.isEmpty else { return 1 }
        var same = 0
        for (t, token) in zip(template, tokens) where t == token || t == variable { same += 1 }
        return Double(same) / Double(tokens.count)
    }

    /// The template with this id.
    public func template(_ id: Int) -> LogTemplate { templates[id - 1] }
}
