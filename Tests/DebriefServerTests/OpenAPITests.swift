import DebriefServer
import DebriefStore
import Foundation
import HTTPTypes
import Testing
import Yams

/// `openapi.yaml` checked against the running server: every documented operation is called,
/// answers with a documented status, and its JSON matches the documented schema.
@Suite("openapi.yaml against the live server")
struct OpenAPITests {
    static let specURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("openapi.yaml")

    @Test("every documented operation answers as documented")
    func spec() async throws {
        let text = try String(contentsOf: Self.specURL, encoding: .utf8)
        let harness = try await Harness.make()
        try await harness.run { anonymous in
            let spec = try #require(try Yams.load(yaml: text) as? [String: Any])
            let paths = try #require(spec["paths"] as? [String: Any])
            let validator = SchemaValidator(root: spec)
            // The validator does reject what does not match.
            #expect(
                !validator.validate([String: Any](), against: ["$ref": "#/components/schemas/Document"], at: "x")
                    .isEmpty)
            #expect(
                !validator.validate(
                    ["name": "a", "displayName": "b", "role": "king"], against: ["$ref": "#/components/schemas/Me"],
                    at: "x"
                ).isEmpty)
            let alice = try await anonymous.withToken(for: "alice")
            // Reads first, then writes, so each write finds the state it needs.
            let order = ["get", "post", "put"]
            var called = 0
            for method in order {
                for (template, item) in paths.sorted(by: { $0.key < $1.key }) {
                    guard let operation = (item as? [String: Any])?[method] as? [String: Any] else { continue }
                    let path = "/api/v1" + template.replacingOccurrences(of: "{id}", with: "pool")
                    let page: Browser.Page
                    switch (method, template) {
                    case ("get", "/search"): page = try await alice.get(path + "?q=pool")
                    case ("get", _):
                        page = try await alice.get(path + (template == "/postmortems" ? "?limit=10&severity=SEV3" : ""))
                    case ("post", "/postmortems"):
                        page = try await alice.json(.post, path, ["markdown": "---\ntitle: Spec check\n---\n"])
                    case ("post", "/postmortems/{id}/transitions"):
                        page = try await alice.json(.post, path, ["action": "submit"])
                    case ("put", "/postmortems/{id}"):
                        let current = try #require(try await harness.store.exportOne(id: "pool"))
                        page = try await alice.json(
                            .put, path, ["baseVersion": current.version, "markdown": current.markdown])
                    default:
                        Issue.record("no request written for \(method.uppercased()) \(template)")
                        continue
                    }
                    called += 1
                    let responses = try #require(operation["responses"] as? [String: Any])
                    let documented = try #require(
                        responses[String(page.code)] as? [String: Any], "\(method) \(template) answered \(page.code)")
                    let response = validator.resolve(documented)
                    guard let content = response["content"] as? [String: Any],
                        let media = content["application/json"] as? [String: Any], let schema = media["schema"]
                    else { continue }
                    #expect(page.headers[.contentType] == "application/json")
                    let json = try JSONSerialization.jsonObject(
                        with: Data(page.body.utf8), options: [.fragmentsAllowed])
                    let problems = validator.validate(json, against: schema, at: "\(method) \(template)")
                    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
                }
            }
            #expect(called == 11)
            #expect(try await alice.get("/api/v1/undocumented").code == 404)
        }
    }
}

/// The part of JSON Schema (OpenAPI 3.0 flavour) the spec uses: $ref, type, required,
/// properties, items, enum, additionalProperties, date and date-time formats.
struct SchemaValidator {
    let root: [String: Any]

    func resolve(_ node: [String: Any]) -> [String: Any] {
        guard let ref = node["$ref"] as? String, ref.hasPrefix("#/") else { return node }
        var current: Any = root
        for key in ref.dropFirst(2).split(separator: "/") {
            current = (current as? [String: Any])?[String(key)] ?? [:]
        }
        return resolve(current as? [String: Any] ?? [:])
    }

    func validate(_ value: Any, against schemaNode: Any, at path: String) -> [String] {
        let schema = resolve(schemaNode as? [String: Any] ?? [:])
        var problems: [String] = []
        if let allowed = schema["enum"] as? [Any], let text = value as? String,
            !allowed.contains(where: { ($0 as? String) == text })
        {
            problems.append("\(path): '\(text)' is not one of \(allowed)")
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(path): expected an object"] }
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing required '\(key)'")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, child) in object {
                if let childSchema = properties[key] {
                    problems += validate(child, against: childSchema, at: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    problems += validate(child, against: extra, at: "\(path).\(key)")
                }
            }
        case "array":
            guard let array = value as? [Any] else { return ["\(path): expected an array"] }
            for (index, element) in array.enumerated() {
                problems += validate(element, against: schema["items"] ?? [:], at: "\(path)[\(index)]")
            }
        case "string":
            guard let text = value as? String else { return ["\(path): expected a string"] }
            if schema["format"] as? String == "date-time", ISO8601DateFormatter().date(from: text) == nil {
                problems.append("\(path): '\(text)' is not an RFC 3339 date-time")
            }
            if schema["format"] as? String == "date", text.count != 10 {
                problems.append("\(path): '\(text)' is not a date")
            }
        case "integer":
            if !(value is Int) { problems.append("\(path): expected an integer, got \(value)") }
        case "number":
            if !(value is Double || value is Int) { problems.append("\(path): expected a number") }
        case "boolean":
            if !(value is Bool) { problems.append("\(path): expected a boolean") }
        default: break
        }
        return problems
    }
}
