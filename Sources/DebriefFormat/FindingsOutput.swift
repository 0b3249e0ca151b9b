import DebriefCore
import Foundation

/// Writes lint findings for people (text), scripts (JSON) and code-scanning tools (SARIF 2.1.0).
public enum FindingsOutput {
    /// `file:line:col: severity [rule] message`, one per line.
    public static func text(_ findings: [Finding]) -> String {
        findings.map { f in
            var line = "\(f.file):\(f.line):\(f.column): \(f.severity.rawValue) [\(f.rule)] \(f.message)"
            if let suggestion = f.suggestion { line += "\n    suggestion: \(suggestion)" }
            return line
        }.joined(separator: "\n")
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `{"findings": [{"rule", "severity", "message", "file", "line", "column"}]}`.
    public static func json(_ findings: [Finding]) throws -> String {
        struct Report: Encodable { var findings: [Finding] }
        return String(decoding: try encoder().encode(Report(findings: findings)), as: UTF8.self)
    }

    /// A SARIF 2.1.0 log with one run, the rule catalogue and one result per finding.
    public static func sarif(_ findings: [Finding], rules: [RuleDescription], version: String) throws -> String {
        func level(_ severity: FindingSeverity) -> String {
            switch severity {
            case .error: "error"
            case .warning: "warning"
            case .info: "note"
            }
        }
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                [
                    "tool": [
                        "driver": [
                            "name": "debrief",
                            "version": version,
                            "informationUri": "https://github.com/debrief-postmortems/debrief",
                            "rules": rules.map { rule in
                                [
                                    "id": rule.id,
                                    "name": rule.id.replacingOccurrences(of: "/", with: "-"),
                                    "shortDescription": ["text": rule.summary],
                                    "fullDescription": ["text": rule.summary],
                                    "help": ["text": "Bad:\n\(rule.bad)\n\nGood:\n\(rule.good)"],
                                    "defaultConfiguration": ["level": level(rule.severity)],
                                ] as [String: Any]
                            },
                        ] as [String: Any]
                    ],
                    "results": findings.map { f in
                        var result: [String: Any] = [
                            "ruleId": f.rule,
                            "level": level(f.severity),
                            "message": ["text": f.suggestion.map { "\(f.message) Suggestion: \($0)" } ?? f.message],
                            "locations": [
                                [
                                    "physicalLocation": [
                                        "artifactLocation": ["uri": f.file],
                                        "region": ["startLine": max(1, f.line), "startColumn": max(1, f.column)],
                                    ]
                                ]
                            ],
                        ]
                        if let index = ruleIndex[f.rule] { result["ruleIndex"] = index }
                        return result
                    },
                ] as [String: Any]
            ],
        ]
        let data = try JSONSerialization.data(
            withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
