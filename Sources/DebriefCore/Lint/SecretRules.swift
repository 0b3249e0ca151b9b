/// Credentials pasted into the text. Every line is read, code blocks and front matter too.
enum SecretRules {
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

    /// Finds every `prefix` followed by at least `length` characters from `allowed`, at a word start.
    static func matches(
        _ line: DocumentLine, prefixes: [String], length: ClosedRange<Int>, allowed: (Character) -> Bool
    ) -> [(column: Int, value: String)] {
        guard prefixes.contains(where: { line.text.containsASCII($0) }) else { return [] }
        let chars = Array(line.text)
        var found: [(Int, String)] = []
        for prefix in prefixes {
            let p = Array(prefix)
            var i = 0
            while i + p.count <= chars.count {
                if chars[i] == p[0], Array(chars[i..<i + p.count]) == p, i == 0 || !isAlnum(chars[i - 1]) {
                    let tail = run(chars, from: i + p.count, allowed)
                    if length.contains(tail) || (tail > length.upperBound && length.upperBound >= 200) {
                        let value = String(chars[i..<i + p.count + tail])
                        let after = i + p.count + tail
                        if after >= chars.count || !isAlnum(chars[after]), !isRedacted(value) {
                            found.append((i + 1, value))
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

    static func scan(
        _ context: LintContext, prefixes: [String], length: ClosedRange<Int>, allowed: @escaping (Character) -> Bool,
        message: (String) -> String
    ) -> [Hit] {
        context.tokenLines.flatMap { line in
            matches(line, prefixes: prefixes, length: length, allowed: allowed).map {
                Hit(SourceLocation(line: line.number, column: $0.column), message(String($0.value.prefix(8))))
            }
        }
    }

    static let rotate = "remove it, replace it with [REDACTED], and rotate the credential: it is in git history now"

    static let cloudKey = Rule(
        "secrets/cloud-key", .error, "A cloud access key (AWS AKIA…/ASIA…, Google AIza…) is in the text.",
        bad: "The key AKIAQ3EGRT5NW2KXYZ7P was used from a new IP.",
        good: "The key AKIA…[REDACTED] was used from a new IP."
    ) { context in
        scan(
            context, prefixes: ["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"], length: 16...16,
            allowed: { $0.isASCII && ($0.isUppercase || $0.isNumber) },
            message: { "AWS access key '\($0)…' in the text; \(rotate)" })
            + scan(
                context, prefixes: ["AIza"], length: 35...35, allowed: isBase64URL,
                message: { "Google API key '\($0)…' in the text; \(rotate)" })
            + context.tokenLines.compactMap { line in
                // aws_secret_access_key = 40 characters of base64
                guard
                    let range = line.text.asciiRange(of: "secret_access_key", ignoringCase: true)
                        ?? line.text.asciiRange(of: "secretaccesskey", ignoringCase: true)
                else { return nil }
                let value = line.text[range.upperBound...].drop(while: { " \t:=\"'".contains($0) }).prefix(while: {
                    isAlnum($0) || $0 == "/" || $0 == "+" || $0 == "="
                })
                guard value.count >= 40, !isRedacted(value) else { return nil }
                return Hit(
                    SourceLocation(line: line.number, column: line.text.column(of: range.lowerBound)),
                    "AWS secret access key in the text; \(rotate)")
            }
    }

    static let token = Rule(
        "secrets/token", .error, "An API token (GitHub, Slack, Stripe, npm, a bearer token) is in the text.",
        bad: "curl -H 'Authorization: Bearer 8f3a9c1e7b2d4f6a8c0e2b4d6f8a0c2e'",
        good: "curl -H 'Authorization: Bearer [REDACTED]'"
    ) { context in
        scan(
            context, prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], length: 36...255, allowed: isAlnum,
            message: { "GitHub token '\($0)…' in the text; \(rotate)" })
            + scan(
                context, prefixes: ["github_pat_"], length: 22...255, allowed: { isAlnum($0) || $0 == "_" },
                message: { "GitHub token '\($0)…' in the text; \(rotate)" })
            + scan(
                context, prefixes: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"], length: 10...255,
                allowed: { isAlnum($0) || $0 == "-" }, message: { "Slack token '\($0)…' in the text; \(rotate)" })
            + scan(
                context, prefixes: ["sk_live_", "rk_live_"], length: 16...255, allowed: isAlnum,
                message: { "Stripe live key '\($0)…' in the text; \(rotate)" })
            + scan(
                context, prefixes: ["npm_"], length: 36...36, allowed: isAlnum,
                message: { "npm token '\($0)…' in the text; \(rotate)" })
            + scan(
                context, prefixes: ["Bearer ", "bearer "], length: 20...255,
                allowed: { isAlnum($0) || "-._~+/=".contains($0) },
                message: { _ in "bearer token in the text; \(rotate)" })
            + scan(
                context, prefixes: ["hooks.slack.com/services/"], length: 20...255,
                allowed: { isAlnum($0) || $0 == "/" },
                message: { _ in "Slack webhook URL in the text; \(rotate)" })
    }

    static let privateKey = Rule(
        "secrets/private-key", .error, "A private key block is in the text.",
        bad: "-----BEGIN RSA PRIVATE KEY-----\nMIIEow…", good: "The deploy key (fingerprint SHA256:…) was replaced."
    ) { context in
        context.document.lines.compactMap { line in
            guard let range = line.text.asciiRange(of: "-----BEGIN "), line.text.containsASCII("PRIVATE KEY") else {
                return nil
            }
            return Hit(
                SourceLocation(line: line.number, column: line.text.column(of: range.lowerBound)),
                "private key in the text; \(rotate)")
        }
    }

    static let jwt = Rule(
        "secrets/jwt", .error, "A JSON Web Token (eyJ….eyJ….…) is in the text.",
        bad: "token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        good: "token=eyJ…[REDACTED]"
    ) { context in
        context.tokenLines.flatMap { line in
            matches(line, prefixes: ["eyJ"], length: 8...4096, allowed: { isBase64URL($0) || $0 == "." }).compactMap {
                let parts = $0.value.split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count == 3, parts[1].hasPrefix("eyJ"), parts.allSatisfy({ $0.count >= 8 }) else {
                    return nil
                }
                return Hit(
                    SourceLocation(line: line.number, column: $0.column), "JSON Web Token in the text; \(rotate)")
            }
        }
    }

    static let passwordInURL = Rule(
        "secrets/password-in-url", .error, "A URL carries a password (`scheme://user:password@host`).",
        bad: "postgres://app:s3cr3t-Pa55@db.internal:5432/orders",
        good: "postgres://app:[REDACTED]@db.internal:5432/orders"
    ) { context in
        context.document.lines.flatMap { line -> [Hit] in
            guard line.text.containsASCII("@") else { return [] }
            var hits: [Hit] = []
            var search = line.text.startIndex
            while let scheme = line.text.asciiRange(of: "://", from: search) {
                search = scheme.upperBound
                let authority = line.text[scheme.upperBound...].prefix(while: { !" /?#\"'<>`)".contains($0) })
                guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
                    continue
                }
                let password = authority[authority.index(after: colon)..<at]
                guard !password.isEmpty, !isRedacted(password), !password.allSatisfy({ $0 == "*" || $0 == "x" }) else {
                    continue
                }
                hits.append(
                    Hit(
                        SourceLocation(line: line.number, column: line.text.column(of: scheme.lowerBound)),
                        "URL with a password; \(rotate)"))
            }
            return hits
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
        let keys = [
            "password", "passwd", "pwd", "secret", "api_key", "apikey", "api-key", "access_token", "auth_token",
        ]
        return context.document.lines.compactMap { line in
            guard assignsToOneOf(keys, line.text) else { return nil }
            for key in keys {
                guard let range = line.text.asciiRange(of: key, ignoringCase: true) else { continue }
                let after = line.text[range.upperBound...].drop(while: { isAlnum($0) || $0 == "_" })
                guard let sign = after.first, sign == "=" || sign == ":" else { continue }
                let value = after.dropFirst().drop(while: { " \t\"'".contains($0) }).prefix(while: {
                    !" \t\"',;)`".contains($0)
                })
                guard value.count >= 8, value.contains(where: \.isNumber), value.contains(where: \.isLetter),
                    !isRedacted(value), !value.contains("://")
                else { continue }
                return Hit(
                    SourceLocation(line: line.number, column: line.text.column(of: range.lowerBound)),
                    "'\(key)' with what looks like a real value; \(rotate)")
            }
            return nil
        }
    }
}
