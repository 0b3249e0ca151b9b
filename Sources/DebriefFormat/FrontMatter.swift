import DebriefCore
import Foundation
import Yams

/// Reads the YAML front matter into the model's metadata, key instants, impact and review.
struct FrontMatterReader {
    let path: String
    /// File line of the first YAML line (the one after `---`).
    let firstLine: Int
    var map: SourceMap
    var context = TimeContext()

    init(path: String, firstLine: Int, map: SourceMap) {
        self.path = path
        self.firstLine = firstLine
        self.map = map
    }

    func location(_ node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(line: firstLine) }
        return SourceLocation(line: mark.line + firstLine - 1, column: mark.column)
    }

    func error(_ node: Node, _ message: String) -> ParseError {
        let at = location(node)
        return ParseError(file: path, line: at.line, column: at.column, message: message)
    }

    /// The most nodes (scalars, lists and mappings, each alias counted as what it stands for)
    /// a front matter may expand to. Real ones hold a few hundred; a "billion laughs" of
    /// nested aliases holds billions, and walking or re-serialising it would never end.
    static let maxExpandedNodes = 20_000
    /// The most scalar text, in UTF-8 bytes, a front matter may expand to.
    static let maxExpandedBytes = 256 * 1024
    /// The deepest nesting of lists and mappings read; deeper input could exhaust the stack.
    static let maxNesting = 64

    /// Composes the YAML, mapping libyaml's errors to this file's lines. Nesting is checked on
    /// the text before composing, and the expansion of aliases on the composed tree before
    /// anything walks it.
    func compose(_ yaml: String) throws -> Node? {
        try checkNesting(yaml)
        guard let node = try composeUnchecked(yaml) else { return nil }
        try checkExpansion(node)
        return node
    }

    func composeUnchecked(_ yaml: String) throws -> Node? {
        do {
            // Naming the encoding spares Yams reading the process environment on every parse.
            return try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch let error as YamlError {
            var mark: Mark?
            var problem = "\(error)"
            switch error {
            case .scanner(let context, let p, let m, _), .parser(let context, let p, let m, _),
                .composer(let context, let p, let m, _):
                mark = m
                problem = [context?.text, p].compactMap { $0 }.joined(separator: " ")
            case .reader(let p, _, _, _):
                problem = p
            case .duplicatedKeysInMapping(let duplicates, let context):
                mark = context.mark
                problem = "duplicated key \(duplicates.joined(separator: ", "))"
            default:
                break
            }
            throw ParseError(
                file: path, line: (mark?.line ?? 1) + firstLine - 1, column: mark?.column ?? 1,
                message: "front matter is not valid YAML: \(problem)")
        }
    }

    /// Refuses flow collections (`[[[…`) and block indentation nested deeper than
    /// `maxNesting`, counted on the text, so the recursive composer never goes that deep.
    func checkNesting(_ yaml: String) throws {
        var line = firstLine
        var column = 0
        var depth = 0
        var quote: UInt8? = nil
        var lineStart = true
        var indent = 0
        for byte in yaml.utf8 {
            column += 1
            if byte == 0x0A {
                line += 1
                column = 0
                lineStart = true
                indent = 0
                quote = nil
                continue
            }
            if lineStart {
                if byte == 0x2D { continue }  // the dash of `- - item`; its space counts
                if byte == 0x20 {
                    indent += 1
                    if indent > Self.maxNesting * 4 {
                        throw ParseError(
                            file: path, line: line, column: column,
                            message:
                                "front matter is indented more than \(Self.maxNesting * 4) columns deep; flatten it")
                    }
                    continue
                }
                lineStart = false
            }
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case 0x22, 0x27: quote = byte
            case 0x5B, 0x7B:
                depth += 1
                if depth > Self.maxNesting {
                    throw ParseError(
                        file: path, line: line, column: column,
                        message: "front matter nests lists or mappings more than \(Self.maxNesting) deep")
                }
            case 0x5D, 0x7D: depth = max(0, depth - 1)
            case 0x23 where column == 1: quote = 0x0A  // a comment: skip to the line's end
            default: break
            }
        }
    }

    /// Counts what the tree expands to, stopping at the budget, and names the top-level key
    /// where it went over.
    func checkExpansion(_ root: Node) throws {
        var nodes = 0
        var bytes = 0
        func fits(_ node: Node) -> Bool {
            var stack = [node]
            while let next = stack.popLast() {
                nodes += 1
                switch next {
                case .scalar(let scalar): bytes += scalar.string.utf8.count
                case .sequence(let sequence): stack.append(contentsOf: sequence)
                case .mapping(let mapping):
                    for (key, value) in mapping {
                        stack.append(key)
                        stack.append(value)
                    }
                case .alias: break
                }
                if nodes > Self.maxExpandedNodes || bytes > Self.maxExpandedBytes { return false }
            }
            return true
        }
        let entries: [(Node, Node)] =
            if case .mapping(let mapping) = root { mapping.map { ($0.key, $0.value) } } else { [(root, root)] }
        for (key, value) in entries where !fits(key) || !fits(value) {
            let name = key.scalar.map { "`\($0.string.prefix(60))`" } ?? "a key"
            throw error(
                key,
                "front matter at \(name) expands to more than \(Self.maxExpandedNodes) values or \(SizeLimits.size(Self.maxExpandedBytes)) of text (YAML aliases repeated inside each other); write the values out"
            )
        }
    }

    /// `In Review` → `in-review`: the raw value form of a written enum value.
    static func enumValue(_ text: String) -> String {
        let lower = text.lowercased()
        return lower.utf8.contains(32) ? lower.replacingOccurrences(of: " ", with: "-") : lower
    }

    static func normalizedKey(_ key: String) -> String {
        key.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
    }

    mutating func read(_ root: Node, into pm: inout PostMortem) throws {
        guard case .mapping(let mapping) = root else {
            throw error(root, "front matter must be a mapping of `key: value` lines")
        }
        // Context first: a `date` and a `timezone` shape how the instants are read.
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            switch Self.normalizedKey(key) {
            case "date":
                guard let text = value.string, let date = TimeParser.parseDate(text) else {
                    throw error(value, "`date` must be a calendar date such as 2026-03-04")
                }
                context.date = date
            case "timezone", "tz", "zone":
                guard let text = value.string, let zone = TimeParser.findZone(in: text) else {
                    throw error(value, "`\(key)` is not a time zone; write UTC, +02:00, PST or Europe/Berlin")
                }
                context.offset = zone.offset(on: context.date)
                context.zone = zone.name
            default: break
            }
        }
        var extra: [(Node, Node)] = []
        // `started` gives the date and zone for the other instants when `date` is absent, unless
        // it is `inferred`: then it was read off the timeline, and the timeline is read as it was
        // before that value was written down.
        let inferred =
            mapping.first { Self.normalizedKey($0.key.string ?? "") == "inferred" }
            .flatMap { try? list($0.value) } ?? []
        if let startedNode = mapping.first(where: {
            ["started", "start", "startedat", "began"].contains(Self.normalizedKey($0.key.string ?? ""))
        }) {
            let started = try instant(startedNode.value, key: startedNode.key.string ?? "started")
            if !inferred.contains("started") {
                if context.date == nil { context.date = started?.localDate }
                if context.offset == nil, let started, started.hasZone {
                    context.offset = started.offset
                    context.zone = started.zone
                }
            }
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                extra.append((keyNode, value))
                continue
            }
            let normalized = Self.normalizedKey(key)
            map.metadata[Self.canonicalKey(normalized) ?? key] = location(keyNode)
            switch normalized {
            case "id", "slug": pm.id = try string(value) ?? ""
            case "title":
                // A title is one line: the H1 it is written as cannot hold a line break.
                pm.title = (try string(value) ?? "").split(whereSeparator: \.isNewline).map { $0.trimmedWhitespace() }
                    .filter { !$0.isEmpty }.joined(separator: " ")
            case "status":
                guard let text = try string(value),
                    let status = Status(rawValue: Self.enumValue(text))
                else {
                    throw error(
                        value, "unknown status; use one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                pm.status = status
            case "severity", "sev":
                if value.null != nil { break }
                guard let text = try string(value), let severity = Severity(loose: text) else {
                    throw error(value, "unknown severity; use SEV1 (worst) to SEV5")
                }
                pm.severity = severity
            case "kind", "type", "incidenttype":
                if value.null != nil { break }
                guard let text = try string(value),
                    let kind = IncidentKind(rawValue: Self.enumValue(text))
                else {
                    throw error(
                        value,
                        "unknown kind; use one of \(IncidentKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                pm.kind = kind
            case "services", "service": pm.services = try list(value)
            case "tags", "labels": pm.tags = try list(value)
            case "authors", "author": pm.authors = try list(value)
            case "commander", "incidentcommander", "ic": pm.commander = try string(value)
            case "reviewers": pm.reviewers = try list(value)
            case "restricted":
                guard let flag = value.bool else { throw error(value, "`restricted` must be true or false") }
                pm.restricted = flag
            case "started", "start", "startedat", "began": pm.started = try instant(value, key: key)
            case "detected", "detectedat": pm.detected = try instant(value, key: key)
            case "reported", "reportedat": pm.reported = try instant(value, key: key)
            case "mitigated", "mitigatedat": pm.mitigated = try instant(value, key: key)
            case "resolved", "resolvedat", "ended", "end": pm.resolved = try instant(value, key: key)
            case "inferred": pm.inferred = try list(value)
            case "detection", "detectionmethod", "detectedby":
                if value.null != nil { break }
                guard let text = try string(value),
                    let method = DetectionMethod(rawValue: Self.enumValue(text))
                else {
                    throw error(
                        value,
                        "unknown detection method; use one of \(DetectionMethod.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                pm.detection.method = method
            case "impact": try readImpact(value, into: &pm.impact)
            case "review": try readReview(value, into: &pm.review)
            default: extra.append((keyNode, value))
            }
        }
        if !extra.isEmpty {
            let node = Node.mapping(Node.Mapping(extra))
            pm.extraMetadata = try Yams.serialize(node: node).trimmingCharacters(in: .newlines)
        }
    }

    static func canonicalKey(_ normalized: String) -> String? {
        switch normalized {
        case "started", "start", "startedat", "began": "started"
        case "detected", "detectedat": "detected"
        case "reported", "reportedat": "reported"
        case "mitigated", "mitigatedat": "mitigated"
        case "resolved", "resolvedat", "ended", "end": "resolved"
        case "severity", "sev": "severity"
        case "kind", "type", "incidenttype": "kind"
        case "commander", "incidentcommander", "ic": "commander"
        case "detection", "detectionmethod", "detectedby": "detection"
        default: nil
        }
    }

    func string(_ node: Node) throws -> String? {
        switch node {
        case .scalar:
            if node.null != nil, node.scalar?.style == .plain { return nil }
            return node.string
        default: throw error(node, "expected a single value here, not a list or mapping")
        }
    }

    func list(_ node: Node) throws -> [String] {
        switch node {
        case .sequence(let items):
            return try items.compactMap { try string($0) }
        case .scalar:
            guard let text = try string(node) else { return [] }
            return text.split(separator: ",").map { $0.trimmedWhitespace() }.filter { !$0.isEmpty }
        default: throw error(node, "expected a list")
        }
    }

    func instant(_ node: Node, key: String) throws -> Instant? {
        guard let text = try string(node)?.trimmedWhitespace(), !text.isEmpty else { return nil }
        guard let parsed = TimeParser.parse(text, context: context), parsed.consumed == text.unicodeScalars.count,
            let start = parsed.start, parsed.until == nil, parsed.hasDate || context.date != nil
        else {
            throw error(node, "`\(key)` is not a date and time: '\(text)'; write it like 2026-03-04T14:02:00Z")
        }
        return start
    }

    func date(_ node: Node, key: String) throws -> LocalDate? {
        guard let text = try string(node), !text.isEmpty else { return nil }
        guard let date = TimeParser.parseDate(text) else {
            throw error(node, "`\(key)` is not a date: '\(text)'; write it like 2026-03-04")
        }
        return date
    }

    mutating func readImpact(_ node: Node, into impact: inout Impact) throws {
        guard case .mapping(let mapping) = node else { throw error(node, "`impact` must be a mapping") }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let normalized = Self.normalizedKey(key)
            map.metadata["impact." + normalized] = location(keyNode)
            switch normalized {
            case "users", "usersaffected": impact.users = try count(value, key: key)
            case "customers", "customersaffected": impact.customers = try count(value, key: key)
            case "data", "dataaffected": impact.data = try string(value)
            case "personaldata", "pii":
                if value.null != nil { break }
                guard let flag = value.bool else { throw error(value, "`\(key)` must be true or false") }
                impact.personalData = flag
            case "services": impact.services = try list(value)
            case "duration": impact.statedDuration = try string(value)
            case "slobudget", "errorbudget", "slo": impact.sloBudget = try string(value)
            case "cost", "money", "revenue": impact.cost = try string(value)
            case "notified", "notification", "notifiedat":
                map.metadata["impact.notified"] = location(keyNode)
                impact.notified = try instant(value, key: key)
            default:
                throw error(
                    keyNode,
                    "unknown impact field `\(key)`; known: users, customers, data, personalData, services, duration, sloBudget, cost, notified"
                )
            }
        }
    }

    func count(_ node: Node, key: String) throws -> Int? {
        guard let text = try string(node) else { return nil }
        let digits = text.filter { $0 != "," && $0 != "_" && $0 != " " }
        guard let value = Int(digits), value >= 0 else {
            throw error(node, "`\(key)` must be a whole number, e.g. 12000")
        }
        return value
    }

    mutating func readReview(_ node: Node, into review: inout Review) throws {
        guard case .mapping(let mapping) = node else { throw error(node, "`review` must be a mapping") }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch Self.normalizedKey(key) {
            case "meeting", "date": review.meeting = try date(value, key: key)
            case "attendees": review.attendees = try list(value)
            case "approvals":
                guard case .sequence(let items) = value else { throw error(value, "`approvals` must be a list") }
                review.approvals = try items.map { item in
                    guard case .mapping(let fields) = item,
                        let reviewer = try fields["reviewer"].flatMap({ try string($0) })
                    else { throw error(item, "an approval needs `reviewer`, `date` and `decision`") }
                    let decisionText = try fields["decision"].flatMap { try string($0) } ?? "approved"
                    guard
                        let decision = ReviewDecision(
                            rawValue: Self.enumValue(decisionText))
                    else {
                        throw error(item, "unknown decision '\(decisionText)'; use approved or changes-requested")
                    }
                    return Approval(
                        reviewer: reviewer, date: try fields["date"].flatMap { try date($0, key: "date") },
                        decision: decision)
                }
            default:
                throw error(keyNode, "unknown review field `\(key)`; known: meeting, attendees, approvals")
            }
        }
    }
}
