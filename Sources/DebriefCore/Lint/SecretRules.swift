import Foundation

/// Credentials pasted into the text. Every line is read, code blocks and front matter too.
public enum SecretRules {
    static let all: [Rule] = [cloudKey, token, privateKey, jwt, passwordInURL, passwordAssignment]

    /// A run of characters from `allowed` starting at `start`.
    static func run(_ chars: [Character], from start: Int, _ allowed: (Character) -> Bool) -> Int {
        var end = start
        while end < chars.count, allowed(chars[end]) { end += 1 }
        return end - start
    }

    /// True when the line has a run of 14 or more characters that tokens are made of
    /// (`[A-Za-z0-9_.~+/=-]`). Every cloud key, API token and JWT the rules look for contains
    /// such a run, so lines without one are not searched for them.
    static func mayHoldToken(_ text: String) -> Bool {
        var run = 0
        for byte in text.utf8 {
            let tokenByte =
                (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
                || byte == 45 || byte == 46 || byte == 126 || byte == 43 || byte == 47 || byte == 61
            run = tokenByte ? run + 1 : 0
            if run >= 14 { return true }
        }
        return false
    }

    static func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
    static func isBase64URL(_ c: Character) -> Bool { isAlnum(c) || c == "-" || c == "_" }

    /// Text that says the value was already hidden: `****`, `REDACTED`, `<token>`, `${VAR}`, `xxxx`.
    static func isRedacted(_ value: some StringProtocol) -> Bool {
        let lower = value.lowercased()
        return lower.contains("***") || lower.contains("redacted") || lower.contains("xxxx") || lower.contains("…")
            || lower.contains("...") || lower.hasPrefix("<") || lower.hasPrefix("${") || lower.hasPrefix("$")
            || lower.hasPrefix("{{")
            || lower.contains("example") || lower.contains("placeholder")
    }

    /// Every `prefix` followed by a run of `length` characters from `allowed`, at a word start,
    /// that does not say it was already hidden: the character range of prefix and run.
    /// The prefixes are ASCII; they are compared with the characters' ASCII values (`ascii`,
    /// 0 for any other character).
    static func prefixed(
        _ chars: [Character], ascii bytes: [UInt8], prefixes: [String], length: ClosedRange<Int>,
        allowed: (Character) -> Bool
    ) -> [Range<Int>] {
        var found: [Range<Int>] = []
        for prefix in prefixes {
            let p = Array(prefix.utf8)
            var i = 0
            while i + p.count <= chars.count {
                if bytes[i] == p[0], (1..<p.count).allSatisfy({ bytes[i + $0] == p[$0] }),
                    i == 0 || !isAlnum(chars[i - 1])
                {
                    let tail = run(chars, from: i + p.count, allowed)
                    if length.contains(tail) || (tail > length.upperBound && length.upperBound >= 200) {
                        let after = i + p.count + tail
                        if after >= chars.count || !isAlnum(chars[after]), !isRedacted(String(chars[i..<after])) {
                            found.append(i..<after)
                        }
                    }
                    i += p.count
                } else {
                    i += 1
                }
            }
        }
        return found
    }

    /// A family of keys or tokens recognised by their prefix.
    struct TokenShape: Sendable {
        var label: String
        var prefixes: [String]
        var length: ClosedRange<Int>
        var allowed: @Sendable (Character) -> Bool
    }

    static let cloudKeyShapes = [
        TokenShape(
            label: "AWS access key", prefixes: ["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"],
            length: 16...16, allowed: { $0.isASCII && ($0.isUppercase || $0.isNumber) }),
        TokenShape(label: "Google API key", prefixes: ["AIza"], length: 35...35, allowed: isBase64URL),
    ]

    static let tokenShapes = [
        TokenShape(
            label: "GitHub token", prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], length: 36...255,
            allowed: isAlnum),
        TokenShape(
            label: "GitHub token", prefixes: ["github_pat_"], length: 22...255, allowed: { isAlnum($0) || $0 == "_" }),
        TokenShape(
            label: "Slack token", prefixes: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"], length: 10...255,
            allowed: { isAlnum($0) || $0 == "-" }),
        TokenShape(label: "Stripe live key", prefixes: ["sk_live_", "rk_live_"], length: 16...255, allowed: isAlnum),
        TokenShape(label: "npm token", prefixes: ["npm_"], length: 36...36, allowed: isAlnum),
        TokenShape(
            label: "bearer token", prefixes: ["Bearer ", "bearer "], length: 20...255,
            allowed: { isAlnum($0) || "-._~+/=".contains($0) }),
        TokenShape(
            label: "Slack webhook URL", prefixes: ["hooks.slack.com/services/"], length: 20...255,
            allowed: { isAlnum($0) || $0 == "/" }),
    ]

    /// Each character's ASCII value, 0 for any other.
    static func ascii(_ chars: [Character]) -> [UInt8] { chars.map { $0.asciiValue ?? 0 } }

    /// Where each shape matches in `text`: (range in characters, label). Most lines hold none
    /// of the prefixes: a byte search passes them over before the text is split into characters.
    static func tokens(_ text: String, _ shapes: [TokenShape]) -> [(range: Range<Int>, label: String)] {
        guard shapes.contains(where: { $0.prefixes.contains { text.containsASCII($0) } }) else { return [] }
        let chars = Array(text)
        let bytes = ascii(chars)
        return shapes.flatMap { shape in
            prefixed(chars, ascii: bytes, prefixes: shape.prefixes, length: shape.length, allowed: shape.allowed).map {
                // A bearer token's secret is the token, not the word before it.
                shape.label == "bearer token" ? ($0.lowerBound + 7..<$0.upperBound, shape.label) : ($0, shape.label)
            }
        }
    }

    /// The value of an `aws_secret_access_key` assignment (40 or more characters of base64).
    static func awsSecretKeys(_ text: String) -> [Range<Int>] {
        guard
            let range = text.asciiRange(of: "secret_access_key", ignoringCase: true)
                ?? text.asciiRange(of: "secretaccesskey", ignoringCase: true)
        else { return [] }
        let start = text.distance(from: text.startIndex, to: range.upperBound)
        let value = text[range.upperBound...].drop(while: { " \t:=\"'".contains($0) })
        let key = value.prefix(while: { isAlnum($0) || $0 == "/" || $0 == "+" || $0 == "=" })
        guard key.count >= 40, !isRedacted(key) else { return [] }
        let offset = start + text[range.upperBound...].count - value.count
        return [offset..<offset + key.count]
    }

    /// Private key blocks: from `-----BEGIN … PRIVATE KEY-----` to its END line, or to the end
    /// of the text when the block was cut off.
    static func privateKeys(_ text: String) -> [Range<Int>] {
        guard text.containsASCII("PRIVATE KEY") else { return [] }
        var found: [Range<Int>] = []
        var from = text.startIndex
        while let begin = text.asciiRange(of: "-----BEGIN ", from: from) {
            let lineEnd = text[begin.upperBound...].firstIndex(of: "\n") ?? text.endIndex
            guard String(text[begin.upperBound..<lineEnd]).containsASCII("PRIVATE KEY") else {
                from = begin.upperBound
                continue
            }
            var end = text.endIndex
            if let close = text.asciiRange(of: "-----END ", from: lineEnd) {
                let closeEnd = text.asciiRange(of: "-----", from: close.upperBound)?.upperBound ?? close.upperBound
                end = closeEnd
            }
            found.append(
                text.distance(
                    from: text.startIndex, to: begin.lowerBound)..<text.distance(
                        from: text.startIndex, to: end))
            from = end
        }
        return found
    }

    /// JSON Web Tokens: three base64url parts, the first two JSON objects.
    static func jwts(_ text: String) -> [Range<Int>] {
        guard text.containsASCII("eyJ") else { return [] }
        let chars = Array(text)
        return prefixed(
            chars, ascii: ascii(chars), prefixes: ["eyJ"], length: 8...4096,
            allowed: { isBase64URL($0) || $0 == "." }
        ).filter {
            let parts = chars[$0].split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 3 && parts[1].starts(with: "eyJ") && parts.allSatisfy({ $0.count >= 8 })
        }
    }

    /// The password part of `scheme://user:password@host`.
    static func urlPasswords(_ text: String) -> [Range<Int>] {
        guard text.containsASCII("@") else { return [] }
        var found: [Range<Int>] = []
        var search = text.startIndex
        while let scheme = text.asciiRange(of: "://", from: search) {
            search = scheme.upperBound
            let authority = text[scheme.upperBound...].prefix(while: { !" /?#\"'<>`)\n".contains($0) })
            guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
                continue
            }
            let password = authority[authority.index(after: colon)..<at]
            guard !password.isEmpty, !isRedacted(password), !password.allSatisfy({ $0 == "*" || $0 == "x" }) else {
                continue
            }
            let start = text.distance(from: text.startIndex, to: password.startIndex)
            found.append(start..<start + password.count)
        }
        return found
    }

    static let passwordKeys = [
        "password", "passwd", "pwd", "secret", "api_key", "apikey", "api-key", "access_token", "auth_token",
    ]

    /// The value of `password=…`, `api_key: …` and the like, when it looks real (eight or more
    /// characters with letters and digits): (range, key).
    static func assignedPasswords(_ text: String) -> [(range: Range<Int>, key: String)] {
        guard assignsToOneOf(passwordKeys, text) else { return [] }
        var found: [(Range<Int>, String)] = []
        for key in passwordKeys {
            var from = text.startIndex
            while let range = text.asciiRange(of: key, ignoringCase: true, from: from) {
                from = range.upperBound
                let after = text[range.upperBound...].drop(while: { isAlnum($0) || $0 == "_" })
                guard let sign = after.first, sign == "=" || sign == ":" else { continue }
                let valueStart = after.dropFirst().drop(while: { " \t\"'".contains($0) })
                let value = valueStart.prefix(while: { !" \t\"',;)`\n".contains($0) })
                guard value.count >= 8, value.contains(where: \.isNumber), value.contains(where: \.isLetter),
                    !isRedacted(value), !value.contains("://")
                else { continue }
                let start = text.distance(from: text.startIndex, to: value.startIndex)
                if !found.contains(where: { $0.0.contains(start) }) { found.append((start..<start + value.count, key)) }
            }
        }
        return found
    }

    /// Long random-looking tokens (20 or more characters mixing upper case, lower case and
    /// digits, with high entropy): what a credential pasted into a code span looks like when no
    /// known prefix gives it away. Used by redaction inside code, not by the lint rules.
    public static func highEntropyTokens(_ chars: [Character]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var i = 0
        // `=` ends a token (`KEY=value` is two), so only the value goes.
        let tokenChar: (Character) -> Bool = { isAlnum($0) || "+/_-".contains($0) }
        while i < chars.count {
            guard tokenChar(chars[i]), i == 0 || !tokenChar(chars[i - 1]) else {
                i += 1
                continue
            }
            let length = run(chars, from: i, tokenChar)
            let token = chars[i..<i + length]
            if length >= 20, token.contains(where: { $0.isASCII && $0.isUppercase }),
                token.contains(where: { $0.isASCII && $0.isLowercase }), token.contains(where: \.isNumber),
                entropy(token) >= 3.5, !isRedacted(String(token))
            {
                found.append(i..<i + length)
            }
            i += max(length, 1)
        }
        return found
    }

    /// Shannon entropy in bits per character.
    static func entropy(_ token: ArraySlice<Character>) -> Double {
        var counts: [Character: Int] = [:]
        for c in token { counts[c, default: 0] += 1 }
        let n = Double(token.count)
        return counts.values.reduce(0) { sum, count in
            let p = Double(count) / n
            return sum - p * log2(p)
        }
    }

    /// Every secret the rules look for in `text`, as (range, label): what redaction removes.
    public static func spans(_ text: String) -> [(range: Range<Int>, label: String)] {
        var found: [(Range<Int>, String)] = []
        if mayHoldToken(text) {
            found += tokens(text, cloudKeyShapes) + tokens(text, tokenShapes)
            found += awsSecretKeys(text).map { ($0, "AWS secret access key") }
            found += jwts(text).map { ($0, "JSON Web Token") }
        }
        found += privateKeys(text).map { ($0, "private key") }
        found += urlPasswords(text).map { ($0, "password in a URL") }
        found += assignedPasswords(text).map { ($0.range, "password") }
        return found
    }

    /// One hit per match of `shapes` on the token lines.
    static func scan(_ context: LintContext, _ shapes: [TokenShape]) -> [Hit] {
        context.tokenLines.flatMap { line -> [Hit] in
            let found = tokens(line.text, shapes)
            guard !found.isEmpty else { return [] }
            let chars = Array(line.text)
            return found.map { range, label in
                let value = String(chars[range])
                let shown = label == "bearer token" || label == "Slack webhook URL" ? "" : " '\(value.prefix(8))…'"
                return Hit(
                    SourceLocation(line: line.number, column: range.lowerBound + 1 - (label == "bearer token" ? 7 : 0)),
                    "\(label)\(shown) in the text; \(rotate)")
            }
        }
    }

    static let rotate = "remove it, replace it with [REDACTED], and rotate the credential: it is in git history now"

    static let cloudKey = Rule(
        "secrets/cloud-key", .error, "A cloud access key (AWS AKIA…/ASIA…, Google AIza…) is in the text.",
        bad: "The key AKIAQ3EGRT5NW2KXYZ7P was used from a new IP.",
        good: "The key AKIA…[REDACTED] was used from a new IP."
    ) { context in
        scan(context, cloudKeyShapes)
            + context.tokenLines.flatMap { line in
                awsSecretKeys(line.text).map { range in
                    // The column of the key's name, as before.
                    let name =
                        line.text.asciiRange(of: "secret_access_key", ignoringCase: true)
                        ?? line.text.asciiRange(of: "secretaccesskey", ignoringCase: true)
                    return Hit(
                        SourceLocation(
                            line: line.number,
                            column: name.map { line.text.column(of: $0.lowerBound) } ?? range.lowerBound + 1),
                        "AWS secret access key in the text; \(rotate)")
                }
            }
    }

    static let token = Rule(
        "secrets/token", .error, "An API token (GitHub, Slack, Stripe, npm, a bearer token) is in the text.",
        bad: "curl -H 'Authorization: Bearer 8f3a9c1e7b2d4f6a8c0e2b4d6f8a0c2e'",
        good: "curl -H 'Authorization: Bearer [REDACTED]'"
    ) { context in
        scan(context, tokenShapes)
    }

    static let privateKey = Rule(
        "secrets/private-key", .error, "A private key block is in the text.",
        bad: "-----BEGIN RSA PRIVATE KEY-----\nMIIEow…", good: "The deploy key (fingerprint SHA256:…) was replaced."
    ) { context in
        context.document.lines.flatMap { line in
            privateKeys(line.text).map {
                Hit(SourceLocation(line: line.number, column: $0.lowerBound + 1), "private key in the text; \(rotate)")
            }
        }
    }

    static let jwt = Rule(
        "secrets/jwt", .error, "A JSON Web Token (eyJ….eyJ….…) is in the text.",
        bad: "token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        good: "token=eyJ…[REDACTED]"
    ) { context in
        context.tokenLines.flatMap { line in
            jwts(line.text).map {
                Hit(
                    SourceLocation(line: line.number, column: $0.lowerBound + 1),
                    "JSON Web Token in the text; \(rotate)")
            }
        }
    }

    static let passwordInURL = Rule(
        "secrets/password-in-url", .error, "A URL carries a password (`scheme://user:password@host`).",
        bad: "postgres://app:s3cr3t-Pa55@db.internal:5432/orders",
        good: "postgres://app:[REDACTED]@db.internal:5432/orders"
    ) { context in
        context.document.lines.flatMap { line -> [Hit] in
            urlPasswords(line.text).map { range in
                // The column of the URL's scheme separator's scheme, as a reader looks for it.
                let prefix = String(Array(line.text)[..<range.lowerBound])
                let scheme = prefix.range(of: "://", options: .backwards).map {
                    prefix[..<$0.lowerBound].reversed().prefix(while: {
                        $0.isLetter || $0.isNumber || "+.-".contains($0)
                    })
                    .count
                }
                let column =
                    prefix.range(of: "://", options: .backwards).map {
                        prefix.distance(from: prefix.startIndex, to: $0.lowerBound) + 1 - (scheme ?? 0)
                    } ?? range.lowerBound + 1
                return Hit(SourceLocation(line: line.number, column: column), "URL with a password; \(rotate)")
            }
        }
    }

    /// True when some `=` or `:` follows a run of identifier characters that contains one of the
    /// (lower-case) keys: what a match needs, checked in one pass over the bytes.
    static func assignsToOneOf(_ keys: [String], _ text: String) -> Bool {
        @inline(__always) func isIdentifier(_ b: UInt8) -> Bool {
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45
        }
        @inline(__always) func fold(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
        var line = text
        return line.withUTF8 { bytes in
            for index in bytes.indices where bytes[index] == 61 || bytes[index] == 58 {
                var start = index
                while start > 0, isIdentifier(bytes[start - 1]) { start -= 1 }
                guard index - start >= 3 else { continue }
                // Does the identifier run before the sign contain a key, ignoring case?
                for key in keys where key.utf8.count <= index - start {
                    for position in start...(index - key.utf8.count) {
                        var offset = position
                        var matched = true
                        for b in key.utf8 {
                            if fold(bytes[offset]) != b {
                                matched = false
                                break
                            }
                            offset += 1
                        }
                        if matched { return true }
                    }
                }
            }
            return false
        }
    }

    static let passwordAssignment = Rule(
        "secrets/password-assignment", .warning,
        "Something that looks like a password or secret assigned in the text (`password=…`, `api_key: …`).",
        bad: "DB_PASSWORD=hunter2hunter2", good: "DB_PASSWORD=[REDACTED]"
    ) { context in
        context.document.lines.compactMap { line in
            guard let first = assignedPasswords(line.text).min(by: { $0.range.lowerBound < $1.range.lowerBound }),
                let key = line.text.asciiRange(of: first.key, ignoringCase: true)
            else { return nil }
            return Hit(
                SourceLocation(line: line.number, column: line.text.column(of: key.lowerBound)),
                "'\(first.key)' with what looks like a real value; \(rotate)")
        }
    }
}
