import Foundation

/// Personal data in the text, and the GDPR duties of a personal-data breach.
enum PrivacyRules {
    static let all: [Rule] = [email, ipAddress, cardNumber, noAssessment, noNotification, lateNotification]

    /// Body lines (not the front matter, where authors may list their own addresses).
    static func bodyLines(_ context: LintContext) -> [DocumentLine] {
        context.document.lines.filter { $0.role != .frontMatter }
    }

    static let exampleDomains = [
        "example.com", "example.org", "example.net", "example.invalid", "test", "localhost", "invalid",
    ]

    static let email = Rule(
        "privacy/email", .warning, "An e-mail address is in the text (personal data; redact it for a public version).",
        bad: "The reset link went to jane.doe@gmail.com.", good: "The reset link went to the customer's address."
    ) { context in
        bodyLines(context).flatMap { line -> [Hit] in
            guard line.text.utf8.contains(64) else { return [] }
            let chars = Array(line.text)
            var hits: [Hit] = []
            for (i, c) in chars.enumerated() where c == "@" && i > 0 {
                var start = i
                while start > 0, SecretRules.isAlnum(chars[start - 1]) || "._%+-".contains(chars[start - 1]) {
                    start -= 1
                }
                var end = i + 1
                while end < chars.count, SecretRules.isAlnum(chars[end]) || ".-".contains(chars[end]) { end += 1 }
                while end > i + 1, chars[end - 1] == "." || chars[end - 1] == "-" { end -= 1 }
                guard start < i, end > i + 1 else { continue }
                let domain = String(chars[(i + 1)..<end]).lowercased()
                let labels = domain.split(separator: ".")
                guard labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter) else {
                    continue
                }
                if exampleDomains.contains(where: { domain == $0 || domain.hasSuffix("." + $0) }) { continue }
                hits.append(
                    Hit(
                        SourceLocation(line: line.number, column: start + 1),
                        "e-mail address in the text; replace it with a role or [REDACTED]"))
            }
            return hits
        }
    }

    /// Parses a dotted quad at `start`; returns its octets and length.
    static func ipv4(_ chars: [Character], at start: Int) -> (octets: [Int], length: Int)? {
        var octets: [Int] = []
        var i = start
        while octets.count < 4 {
            var digits = 0
            var value = 0
            while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII, digits < 3 {
                value = value * 10 + d
                digits += 1
                i += 1
            }
            guard digits > 0, value <= 255 else { return nil }
            octets.append(value)
            if octets.count < 4 {
                guard i < chars.count, chars[i] == "." else { return nil }
                i += 1
            }
        }
        if i < chars.count, chars[i].isNumber || (chars[i] == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
            return nil
        }
        return (octets, i - start)
    }

    /// Addresses that identify nobody: loopback, unspecified, and the documentation ranges of RFC 5737.
    static func isHarmless(_ o: [Int]) -> Bool {
        (o[0] == 127) || o.allSatisfy { $0 == 0 } || (o[0] == 192 && o[1] == 0 && o[2] == 2)
            || (o[0] == 198 && o[1] == 51 && o[2] == 100) || (o[0] == 203 && o[1] == 0 && o[2] == 113)
            || o == [255, 255, 255, 255]
    }

    static let ipAddress = Rule(
        "privacy/ip-address", .warning,
        "An IP address is in the text (it can identify a person or map the network; documentation ranges like 192.0.2.x are fine).",
        bad: "Requests came from 81.2.69.142.",
        good: "Requests came from a single residential address (192.0.2.10 in this write-up)."
    ) { context in
        bodyLines(context).flatMap { line -> [Hit] in
            // A dotted quad needs at least three dots and four digits.
            var dots = 0
            for byte in line.text.utf8 where byte == 46 { dots += 1 }
            guard dots >= 3 else { return [] }
            let chars = Array(line.text)
            var hits: [Hit] = []
            var i = 0
            while i < chars.count {
                let boundary = i == 0 || !(chars[i - 1].isNumber || chars[i - 1] == "." || chars[i - 1].isLetter)
                if boundary, chars[i].isNumber, let (octets, length) = ipv4(chars, at: i) {
                    if !isHarmless(octets) {
                        hits.append(
                            Hit(
                                SourceLocation(line: line.number, column: i + 1),
                                "IP address \(octets.map(String.init).joined(separator: ".")) in the text; redact it or use a 192.0.2.x documentation address"
                            ))
                    }
                    i += length
                } else {
                    i += 1
                }
            }
            return hits
        }
    }

    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    static let cardNumber = Rule(
        "privacy/card-number", .error, "A payment card number (13–19 digits passing the Luhn check) is in the text.",
        bad: "The failed charge was on card 4111 1111 1111 1111.",
        good: "The failed charge was on a Visa card ending 1111."
    ) { context in
        context.document.lines.flatMap { line -> [Hit] in
            // A card number has at least 13 digits.
            guard line.text.hasDigitRun(13) else { return [] }
            let chars = Array(line.text)
            var hits: [Hit] = []
            var i = 0
            while i < chars.count {
                guard chars[i].isASCII, chars[i].isNumber, i == 0 || !(chars[i - 1].isNumber || chars[i - 1].isLetter)
                else {
                    i += 1
                    continue
                }
                var digits: [Int] = []
                var j = i
                while j < chars.count {
                    if chars[j].isASCII, let d = chars[j].wholeNumberValue {
                        digits.append(d)
                        j += 1
                    } else if (chars[j] == " " || chars[j] == "-"), j + 1 < chars.count, chars[j + 1].isNumber,
                        !digits.isEmpty
                    {
                        j += 1
                    } else {
                        break
                    }
                }
                let isolated = j >= chars.count || !(chars[j].isLetter || chars[j].isNumber)
                if isolated, (13...19).contains(digits.count), Set(digits).count > 1, luhn(digits) {
                    hits.append(
                        Hit(
                            SourceLocation(line: line.number, column: i + 1),
                            "payment card number in the text; keep at most the last four digits"))
                }
                i = max(j, i + 1)
            }
            return hits
        }
    }

    static let noAssessment = Rule(
        "privacy/no-assessment", .error,
        "A data-exposure incident does not say whether personal data was affected (`impact.personalData`).",
        bad: "kind: data-exposure\nimpact:\n  data: order exports",
        good: "kind: data-exposure\nimpact:\n  data: order exports\n  personalData: true"
    ) { context in
        let pm = context.postMortem
        guard pm.kind == .dataExposure, pm.impact.personalData == nil else { return [] }
        return [
            Hit(
                context.map.metadata["impact.data"] ?? context.map.metadata("kind"),
                "data-exposure post-mortems must assess personal data: set `impact.personalData: true` or `false`")
        ]
    }

    static let noNotification = Rule(
        "privacy/no-notification", .error,
        "A personal-data breach has no notification time (`impact.notified`).",
        bad: "impact:\n  personalData: true", good: "impact:\n  personalData: true\n  notified: 2026-03-05T10:00:00Z"
    ) { context in
        let pm = context.postMortem
        guard pm.impact.personalData == true, pm.impact.notified == nil else { return [] }
        return [
            Hit(
                context.map.metadata["impact.personaldata"] ?? context.map.metadata("impact"),
                "personal data was affected: record when the regulator and customers were notified (`impact.notified`); GDPR art. 33 allows 72 hours"
            )
        ]
    }

    static let lateNotification = Rule(
        "privacy/late-notification", .error,
        "A personal-data breach was notified more than 72 hours after detection (GDPR article 33).",
        bad: "detected: 2026-03-01T09:00:00Z\nimpact:\n  personalData: true\n  notified: 2026-03-05T10:00:00Z",
        good: "detected: 2026-03-01T09:00:00Z\nimpact:\n  personalData: true\n  notified: 2026-03-02T16:00:00Z"
    ) { context in
        let pm = context.postMortem
        guard pm.impact.personalData == true, let notified = pm.impact.notified, let aware = pm.detected ?? pm.reported
        else {
            return []
        }
        let delay = notified.date.timeIntervalSince(aware.date)
        guard delay > 72 * 3600 else { return [] }
        return [
            Hit(
                context.map.metadata["impact.notified"] ?? context.map.metadata("impact"),
                "notified \(formatDuration(delay)) after detection; GDPR art. 33 requires notifying the authority within 72 hours, or explaining the delay"
            )
        ]
    }
}
