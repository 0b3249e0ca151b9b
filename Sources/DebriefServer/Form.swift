import Foundation
import Hummingbird

/// Fields of an HTML form, URL-encoded or multipart, in order, with repeated names kept (a
/// timeline row is one `time`, one `kind` and one `text` each).
public struct Form: Sendable {
    public struct FileField: Sendable {
        public var filename: String
        public var contentType: String
        public var data: Data
    }

    public private(set) var fields: [(name: String, value: String)] = []
    public private(set) var files: [String: FileField] = [:]

    public init() {}

    /// The first value of `name`, trimmed; nil when missing or blank.
    public subscript(_ name: String) -> String? {
        guard
            let value = fields.first(where: { $0.name == name })?.value.trimmingCharacters(in: .whitespacesAndNewlines),
            !value.isEmpty
        else { return nil }
        return value
    }

    /// Every value of `name`, untrimmed, in order.
    public func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Parses `application/x-www-form-urlencoded` or `multipart/form-data`; other types give an
    /// empty form.
    public static func parse(body: Data, contentType: String?) -> Form {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data"), let boundary = boundary(contentType ?? "") {
            return multipart(body, boundary: boundary)
        }
        if type.hasPrefix("application/x-www-form-urlencoded") {
            return urlEncoded(String(decoding: body, as: UTF8.self))
        }
        return Form()
    }

    public static func urlEncoded(_ text: String) -> Form {
        var form = Form()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            form.add(decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
        return form
    }

    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    /// RFC 7578 bodies: parts separated by `--boundary`, each with headers, a blank line and
    /// the content. Malformed parts are skipped.
    static func multipart(_ body: Data, boundary: String) -> Form {
        var form = Form()
        let bytes = [UInt8](body)
        let delimiter = Array(("--" + boundary).utf8)
        var starts: [Int] = []
        var index = 0
        while let found = find(delimiter, in: bytes, from: index) {
            starts.append(found)
            index = found + delimiter.count
        }
        for (n, start) in starts.enumerated() where n + 1 < starts.count {
            var partStart = start + delimiter.count
            if partStart + 1 < bytes.count, bytes[partStart] == 13, bytes[partStart + 1] == 10 { partStart += 2 }
            var partEnd = starts[n + 1]
            if partEnd >= 2, bytes[partEnd - 2] == 13, bytes[partEnd - 1] == 10 { partEnd -= 2 }
            guard partStart <= partEnd, let split = find([13, 10, 13, 10], in: bytes, from: partStart), split < partEnd
            else { continue }
            let headerText = String(decoding: bytes[partStart..<split], as: UTF8.self)
            let content = Data(bytes[(split + 4)..<partEnd])
            var name: String?
            var filename: String?
            var type = "application/octet-stream"
            for line in headerText.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = parameter("name", in: line)
                    filename = parameter("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    type = String(line.dropFirst("content-type:".count)).trimmingCharacters(in: .whitespaces)
                }
            }
            guard let name else { continue }
            if let filename {
                form.files[name] = FileField(filename: filename, contentType: type, data: content)
            } else {
                form.add(name, String(decoding: content, as: UTF8.self))
            }
        }
        return form
    }

    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        var index = from
        let first = needle[0]
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }
}

extension Request {
    /// The query string's parameters, decoded like a form (`+` is a space).
    var queryFields: Form { Form.urlEncoded(uri.query ?? "") }
}
