import Foundation

/// Personal data in the text, and the GDPR duties of a personal-data breach.
enum PrivacyRules {
    static let all: [Rule] = [email, ipAddress, cardNumber, noAssessment, noNotification, lateNotification]

    /// Body lines (not the front matter, where authors may list their own addresses).
    static func bodyLines(_ context: LintContext) -> [DocumentLine] {
        context.document.lines.filter { $0.role != .frontMatter }
    }

    static let email = Rule(
        "privacy/email", .warning, "An e-mail address is in the text (personal data; redact it for a public version).",
        bad: "The reset link went to jane.doe@gmail.com.", good: "The reset link went to the customer's address."
    ) { context in
        bodyLines(context).flatMap { line -> [Hit] in
            guard line.text.utf8.contains(64) else { return [] }
            return PersonalData.emails(Array(line.text)).map {
                Hit(
                    SourceLocation(line: line.number, column: $0.lowerBound + 1),
                    "e-mail address in the text; replace it with a role or [REDACTED]")
            }
        }
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
            return PersonalData.ipAddresses(Array(line.text)).map { range, octets in
                Hit(
                    SourceLocation(line: line.number, column: range.lowerBound + 1),
                    "IP address \(octets.map(String.init).joined(separator: ".")) in the text; redact it or use a 192.0.2.x documentation address"
                )
            }
        }
    }

    static let cardNumber = Rule(
        "privacy/card-number", .error, "A payment card number (13–19 digits passing the Luhn check) is in the text.",
        bad: "The failed charge was on card 4111 1111 1111 1111.",
        good: "The failed charge was on a Visa card ending 1111."
    ) { context in
        context.document.lines.flatMap { line -> [Hit] in
            // A card number has at least 13 digits.
            guard line.text.hasDigitRun(13) else { return [] }
            return PersonalData.cardNumbers(Array(line.text)).map {
                Hit(
                    SourceLocation(line: line.number, column: $0.lowerBound + 1),
                    "payment card number in the text; keep at most the last four digits")
            }
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
