import Foundation

/// One redaction pass over a document: the policy, the roles, and the redactions made so far.
struct Work {
    let policy: RedactionPolicy
    let people: PeopleRoles
    let customers: [String: String]
    var redactions: [Redaction] = []

    init(policy: RedactionPolicy, people: PeopleRoles, customers: [String: String]) {
        self.policy = policy
        self.people = people
        self.customers = customers
    }

    /// A piece of text found in `text` to be replaced; offsets into the plain view.
    struct Span {
        var range: Range<Int>
        var category: RedactionCategory
        var replacement: String
        var what: String
        /// Starts a sentence when it can: "the author" becomes "The author".
        var prose = true
    }

    mutating func drop(_ category: RedactionCategory, _ field: String, _ original: String, what: String) {
        redactions.append(
            Redaction(category: category, field: field, original: original, replacement: "", what: what))
    }

    /// Leaves out a whole field the policy keeps private.
    mutating func dropField<Value>(
        _ field: RedactionPolicy.NeverPublic, _ value: inout Value?, _ shown: (Value) -> String
    ) {
        guard policy.neverPublic.contains(field), let current = value else { return }
        drop(.neverPublic, field.rawValue, shown(current), what: field.rawValue)
        value = nil
    }

    /// A name in a people field, as its role.
    mutating func person(_ name: String, _ field: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !policy.isKept(trimmed) else { return name }
        let role = people.role(of: trimmed) ?? "team member"
        redactions.append(
            Redaction(category: .person, field: field, original: trimmed, replacement: role, what: role))
        return role
    }

    mutating func people(_ names: [String], _ field: String) -> [String] {
        var roles: [String] = []
        for (i, name) in names.enumerated() {
            let role = person(name, "\(field)[\(i)]")
            if !roles.contains(role) { roles.append(role) }
        }
        return roles
    }

    /// The post-mortem's id with customers' names taken out of the slug.
    mutating func identifier(_ id: String) -> String {
        var segments = id.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        for customer in policy.customers where !customer.isEmpty {
            let words = customer.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            // The whole name as segments ("acme-corp"), else a distinctive word of it ("acme").
            var candidates = [words]
            candidates += words.filter { $0.count >= 4 }.map { [$0] }
            for candidate in candidates where !candidate.isEmpty {
                guard
                    let start = segments.indices.first(where: { i in
                        i + candidate.count <= segments.count && Array(segments[i..<i + candidate.count]) == candidate
                    })
                else { continue }
                segments.replaceSubrange(start..<start + candidate.count, with: ["customer"])
                redactions.append(
                    Redaction(
                        category: .customer, field: "id", original: candidate.joined(separator: "-"),
                        replacement: "customer", what: "customer"))
                break
            }
        }
        return segments.joined(separator: "-")
    }

    /// True when a link's host is internal or a private address.
    func isInternalLink(_ url: String) -> Bool {
        guard let host = Self.host(of: url) else { return false }
        if let (octets, length) = PersonalData.ipv4(Array(host), at: 0), length == host.count {
            return PersonalData.isPrivate(octets)
        }
        return policy.isInternal(host: host)
    }

    /// The host of `scheme://[user@]host[:port]/…`, lower case.
    static func host(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        var authority = url[scheme.upperBound...].prefix(while: { !"/?#".contains($0) })
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if let colon = authority.firstIndex(of: ":") { authority = authority[..<colon] }
        return authority.isEmpty ? nil : authority.lowercased()
    }

    // MARK: Prose

    /// `text` with everything the policy keeps out replaced, each replacement recorded.
    mutating func text(_ text: String, _ field: String) -> String {
        guard !text.isEmpty else { return text }
        var source = removeInternalFences(text, field)
        source = unlinkInternal(source, field)
        let original = Array(source)
        // The plain view: emphasis and code markers taken out, so "**Pri**ya" and "`AKIA`…" are
        // seen as the words they are. `origin[i]` is where plain character i came from.
        var plain: [Character] = []
        var origin: [Int] = []
        for (i, c) in original.enumerated() where !Self.isMarker(original, i) {
            plain.append(c)
            origin.append(i)
        }
        let code = Self.codeRanges(original)
        var spans = detect(plain).filter { !policy.isKept(String(plain[$0.range])) }
        spans += SecretRules.highEntropyTokens(plain).filter { range in
            code.contains { $0.contains(origin[range.lowerBound]) }
        }.map { Span(range: $0, category: .secret, replacement: "[REDACTED]", what: "random-looking token in code") }
        // Earliest first, the longest of those starting together; a span inside one taken is dropped.
        spans.sort {
            $0.range.lowerBound != $1.range.lowerBound
                ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count
        }
        var taken: [Span] = []
        for span in spans where taken.last.map({ span.range.lowerBound >= $0.range.upperBound }) ?? true {
            taken.append(span)
        }
        var result = original
        var made: [Redaction] = []
        for span in taken.reversed() {
            var start = origin[span.range.lowerBound]
            var end = origin[span.range.upperBound - 1] + 1
            // Markers inside the match go with it, and so do the ones that close around it.
            if (start..<end).contains(where: { Self.isMarker(original, $0) }) {
                while start > 0, Self.isMarker(original, start - 1) { start -= 1 }
                while end < original.count, Self.isMarker(original, end) { end += 1 }
            }
            let removed = String(original[start..<end])
            var replacement = span.replacement
            // In code, words read as a placeholder: `an internal host` becomes `[internal host]`.
            if code.contains(where: { $0.contains(start) }), replacement.first?.isLowercase == true {
                let words = replacement.split(separator: " ")
                let article = ["a", "an", "the"].contains(String(words[0]))
                replacement = "[" + words.dropFirst(article ? 1 : 0).joined(separator: " ") + "]"
            } else if span.prose, Self.startsSentence(result, at: start), let first = replacement.first,
                first.isLowercase
            {
                replacement = first.uppercased() + replacement.dropFirst()
            }
            result.replaceSubrange(start..<end, with: Array(replacement))
            let shown =
                span.category == .secret ? String(removed.filter { !"*`_~".contains($0) }.prefix(4)) + "…" : removed
            made.append(
                Redaction(
                    category: span.category, field: field, original: shown, replacement: replacement, what: span.what,
                    needle: removed))
        }
        redactions += made.reversed()
        return String(result)
    }

    /// Everything found in the plain view.
    func detect(_ plain: [Character]) -> [Span] {
        let text = String(plain)
        var spans: [Span] = []
        for (range, label) in SecretRules.spans(text) {
            spans.append(Span(range: range, category: .secret, replacement: "[REDACTED]", what: label))
        }
        for range in PersonalData.emails(plain, includingExamples: true) {
            let address = String(plain[range]).lowercased()
            let local = String(address.prefix(while: { $0 != "@" }))
            let domain = String(address.drop(while: { $0 != "@" }).dropFirst())
            if let role = people.role(of: local) {
                spans.append(Span(range: range, category: .person, replacement: people.prose(role), what: role))
            } else if PersonalData.isExampleDomain(domain) && !policy.isInternal(host: domain) {
                continue  // an address made up for documentation
            } else {
                spans.append(
                    Span(
                        range: range, category: .personalData, replacement: "[e-mail address]",
                        what: "e-mail address", prose: false))
            }
        }
        for range in PersonalData.phoneNumbers(plain) {
            spans.append(
                Span(
                    range: range, category: .personalData, replacement: "[phone number]", what: "phone number",
                    prose: false))
        }
        for (range, kind) in PersonalData.nationalIDs(plain) {
            spans.append(
                Span(range: range, category: .personalData, replacement: "[\(kind)]", what: kind, prose: false))
        }
        for range in PersonalData.cardNumbers(plain) {
            spans.append(
                Span(
                    range: range, category: .personalData, replacement: "[card number]", what: "payment card number",
                    prose: false))
        }
        for (range, octets) in PersonalData.ipAddresses(plain) where !policy.isKept(String(plain[range])) {
            if PersonalData.isPrivate(octets) {
                spans.append(
                    Span(
                        range: range, category: .internalSystem, replacement: "[internal address]",
                        what: "private IP address", prose: false))
            } else {
                spans.append(
                    Span(
                        range: range, category: .personalData, replacement: "[IP address]", what: "IP address",
                        prose: false))
            }
        }
        spans += urls(plain) + hosts(plain) + customerNames(plain) + handles(plain) + names(plain) + extraTerms(plain)
        return spans
    }

    /// URLs whose host is internal.
    func urls(_ plain: [Character]) -> [Span] {
        var spans: [Span] = []
        var i = 0
        while i + 3 <= plain.count {
            guard plain[i] == ":", i + 2 < plain.count, plain[i + 1] == "/", plain[i + 2] == "/" else {
                i += 1
                continue
            }
            var start = i
            while start > 0, plain[start - 1].isLetter || plain[start - 1].isNumber || "+.-".contains(plain[start - 1])
            {
                start -= 1
            }
            var end = i + 3
            while end < plain.count, !plain[end].isWhitespace, !"<>\"'|)]`".contains(plain[end]) { end += 1 }
            while end > i + 3, ".,;:!?".contains(plain[end - 1]) { end -= 1 }
            let url = String(plain[start..<end])
            let compact = url.lowercased().filter { $0.isLetter || $0.isNumber }
            let namesCustomer = policy.customers.contains { customer in
                let name = customer.lowercased().filter { $0.isLetter || $0.isNumber }
                return name.count >= 3 && compact.contains(name)
            }
            if start < i, namesCustomer, !policy.isKept(Self.host(of: url) ?? "") {
                spans.append(
                    Span(
                        range: start..<end, category: .customer, replacement: "[link]", what: "link naming a customer",
                        prose: false))
            } else if start < i, isInternalLink(url), !policy.isKept(Self.host(of: url) ?? "") {
                spans.append(
                    Span(
                        range: start..<end, category: .internalSystem, replacement: "[internal link]",
                        what: "internal URL", prose: false))
            }
            i = end
        }
        return spans
    }

    /// Host names (with a port, if any) under an internal domain.
    func hosts(_ plain: [Character]) -> [Span] {
        var spans: [Span] = []
        var i = 0
        let hostChar: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        while i < plain.count {
            guard hostChar(plain[i]), plain[i] != ".", i == 0 || !(hostChar(plain[i - 1]) || plain[i - 1] == "@") else {
                i += 1
                continue
            }
            var end = i
            while end < plain.count, hostChar(plain[end]) { end += 1 }
            var stop = end
            while stop > i, plain[stop - 1] == "." || plain[stop - 1] == "-" { stop -= 1 }
            let host = String(plain[i..<stop]).lowercased()
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            if labels.count >= 2, !labels.contains(where: \.isEmpty), labels.last!.contains(where: \.isLetter),
                policy.matches(host, policy.internalDomains + RedactionPolicy.internalSuffixes), !policy.isKept(host)
            {
                var last = stop
                // host:5432
                if last + 1 < plain.count, plain[last] == ":", plain[last + 1].isNumber {
                    last += 1
                    while last < plain.count, plain[last].isNumber { last += 1 }
                }
                spans.append(
                    Span(
                        range: i..<last, category: .internalSystem, replacement: "an internal host",
                        what: "internal host"))
            }
            i = max(end, i + 1)
        }
        return spans
    }

    func customerNames(_ plain: [Character]) -> [Span] {
        let lower = Array(String(plain).lowercased())
        guard lower.count == plain.count else { return [] }
        return policy.customers.filter { !$0.isEmpty && !policy.isKept($0) }.flatMap { customer in
            let label = customers[customer.lowercased()] ?? "a customer"
            return TextMatch.wordOccurrences(of: Array(customer.lowercased()), in: lower).map {
                Span(range: $0..<$0 + customer.count, category: .customer, replacement: label, what: "customer")
            }
        }
    }

    /// Words an author marked for redaction in this post-mortem.
    func extraTerms(_ plain: [Character]) -> [Span] {
        let lower = Array(String(plain).lowercased())
        guard lower.count == plain.count else { return [] }
        return policy.extraTerms.filter { !$0.isEmpty }.flatMap { term in
            TextMatch.wordOccurrences(of: Array(term.lowercased()), in: lower).map {
                Span(
                    range: $0..<$0 + term.count, category: .markedInternal, replacement: "[redacted]",
                    what: "marked by an author", prose: false)
            }
        }
    }

    /// `@handle`s: a person's role when the handle is theirs, "a team member" otherwise.
    func handles(_ plain: [Character]) -> [Span] {
        var spans: [Span] = []
        let emails = PersonalData.emails(plain)
        for (i, c) in plain.enumerated() where c == "@" {
            guard i == 0 || !(plain[i - 1].isLetter || plain[i - 1].isNumber || ".-_+".contains(plain[i - 1])),
                i + 1 < plain.count, plain[i + 1].isLetter
            else { continue }
            var end = i + 1
            while end < plain.count, plain[end].isLetter || plain[end].isNumber || "._-".contains(plain[end]) {
                end += 1
            }
            while end > i + 1, ".-".contains(plain[end - 1]) { end -= 1 }
            let handle = String(plain[(i + 1)..<end]).lowercased()
            if ["here", "channel", "everyone"].contains(handle) { continue }
            // An e-mail-like "@domain.com" after a space is not a handle.
            if handle.contains("."), emails.contains(where: { $0.contains(i) }) { continue }
            let role = people.role(of: handle) ?? firstNameRole(handle)
            spans.append(
                Span(
                    range: i..<end, category: .person, replacement: role.map(people.prose) ?? "a team member",
                    what: role ?? "chat handle"))
        }
        return spans
    }

    /// The role of the one person whose first name is `name`, if exactly one has it.
    func firstNameRole(_ name: String) -> String? {
        let matches = Set(
            people.variants.filter { $0.caseSensitive && String($0.words).lowercased() == name }.map(\.id))
        return matches.count == 1 ? people.role(of: matches.first!) : nil
    }

    /// The post-mortem's people named in prose: their identifier, full name or first name.
    func names(_ plain: [Character]) -> [Span] {
        let lower = Array(String(plain).lowercased())
        guard lower.count == plain.count else { return [] }
        var spans: [Span] = []
        for variant in people.variants {
            let haystack = variant.caseSensitive ? plain : lower
            let needle = variant.caseSensitive ? variant.words : Array(String(variant.words).lowercased())
            for start in TextMatch.wordOccurrences(of: needle, in: haystack) {
                if start > 0, plain[start - 1] == "@" { continue }  // a handle, found above
                guard let role = people.role(of: variant.id) else { continue }
                spans.append(
                    Span(
                        range: start..<start + needle.count, category: .person, replacement: people.prose(role),
                        what: role))
            }
        }
        return spans
    }

    // MARK: Markdown

    /// Emphasis and code markers: `*`, `~`, a backtick, and `_` at the edge of a word.
    static func isMarker(_ chars: [Character], _ i: Int) -> Bool {
        switch chars[i] {
        case "*", "~", "`": return true
        case "_":
            let before = i > 0 && (chars[i - 1].isLetter || chars[i - 1].isNumber)
            let after = i + 1 < chars.count && (chars[i + 1].isLetter || chars[i + 1].isNumber)
            return !(before && after)
        default: return false
        }
    }

    /// Ranges of inline code spans and fenced code blocks.
    static func codeRanges(_ chars: [Character]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        while i < chars.count {
            guard chars[i] == "`" else {
                i += 1
                continue
            }
            var run = 0
            while i + run < chars.count, chars[i + run] == "`" { run += 1 }
            // Find the same run of backticks again.
            var j = i + run
            var close: Int?
            while j < chars.count {
                if chars[j] == "`" {
                    var r = 0
                    while j + r < chars.count, chars[j + r] == "`" { r += 1 }
                    if r == run {
                        close = j
                        break
                    }
                    j += r
                } else {
                    j += 1
                }
            }
            guard let close else {
                i += run
                continue
            }
            ranges.append(i..<close + run)
            i = close + run
        }
        return ranges
    }

    /// True when a replacement at `index` starts a sentence, a line, a list item or a cell.
    static func startsSentence(_ chars: [Character], at index: Int) -> Bool {
        var i = index - 1
        while i >= 0, chars[i] == " " || isMarker(chars, i) || chars[i] == "\"" || chars[i] == "(" { i -= 1 }
        guard i >= 0 else { return true }
        if ".!?\n|".contains(chars[i]) { return true }
        // "- " or "1. " at the start of a line.
        if chars[i] == "-" || chars[i] == "+", i == 0 || chars[i - 1] == "\n" || chars[i - 1] == " " { return true }
        return false
    }

    /// Takes out what the author fenced: `<!-- internal -->` up to `<!-- /internal -->` (or
    /// `<!-- end internal -->`), or to the end of the paragraph when the fence is not closed.
    mutating func removeInternalFences(_ text: String, _ field: String) -> String {
        guard text.range(of: "<!--", options: .literal) != nil else { return text }
        var result = text
        while let open = result.range(
            of: #"<!--\s*internal\s*-->"#, options: [.regularExpression, .caseInsensitive])
        {
            let rest = result[open.upperBound...]
            let close = rest.range(
                of: #"<!--\s*(/|end\s+)internal\s*-->"#, options: [.regularExpression, .caseInsensitive])
            let end = close?.upperBound ?? rest.range(of: "\n\n")?.lowerBound ?? result.endIndex
            let removed = String(result[open.upperBound..<(close?.lowerBound ?? end)])
            drop(
                .markedInternal, field, removed.trimmingCharacters(in: .whitespacesAndNewlines), what: "marked internal"
            )
            result.removeSubrange(open.lowerBound..<end)
        }
        // Tidy the blank lines a removed paragraph leaves.
        while result.contains("\n\n\n") { result = result.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return result == text ? text : result.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `[label](internal URL)` becomes `label`: the words stay, the link goes.
    mutating func unlinkInternal(_ text: String, _ field: String) -> String {
        guard text.contains("](") else { return text }
        var chars = Array(text)
        var i = chars.count - 1
        while i > 0 {
            defer { i -= 1 }
            guard chars[i] == "(", chars[i - 1] == "]" else { continue }
            guard let close = chars[i...].firstIndex(of: ")"),
                let open = chars[..<(i - 1)].lastIndex(of: "[")
            else { continue }
            let url = String(chars[(i + 1)..<close]).trimmingCharacters(in: .whitespaces)
            guard isInternalLink(url), !policy.isKept(Self.host(of: url) ?? "") else { continue }
            let label = Array(chars[(open + 1)..<(i - 1)])
            drop(.internalSystem, field, url, what: "internal link")
            chars.replaceSubrange(open...close, with: label)
            i = open + 1
        }
        return String(chars)
    }
}
