import Foundation

/// A CloudTrail file that could not be read.
public struct CloudTrailError: Error, CustomStringConvertible {
    public var description: String
}

/// AWS CloudTrail logs: one JSON document (`{"Records": [...]}`, often gzipped) per file. Each
/// event becomes a record for the scan, cited by its eventID.
public enum CloudTrail {
    /// True when the text starts like a CloudTrail document (`{` then `"Records"`).
    public static func looksLikeCloudTrail(_ start: some Collection<UInt8>) -> Bool {
        let text = start.filter { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }
        return text.starts(with: Array("{\"Records\"".utf8))
    }

    /// One event as a JSON line the scan reads (time, level, message), and its id to cite.
    public struct Event: Sendable {
        public var line: String
        public var citation: String
    }

    /// The start of a file (after gzip), enough to tell a CloudTrail document.
    public static func peek(path: String) throws -> [UInt8] {
        var reader = try LineReader(path: path)
        var start: [UInt8] = []
        while start.count < 32, let line = reader.next() { start += Array(line.utf8.prefix(64)) }
        return start
    }

    /// The whole document (gzip inflated), read through the line reader.
    public static func document(path: String) throws -> Data {
        var reader = try LineReader(path: path, maxLineBytes: 512 << 20)
        var data = Data()
        while let chunk = reader.readLine({ Data($0) }) {
            data.append(chunk)
            data.append(10)
        }
        return data
    }

    /// The events of a CloudTrail document, oldest first. An error code makes an event an error.
    public static func events(_ document: Data, file: String) throws -> [Event] {
        guard let root = try JSONSerialization.jsonObject(with: document) as? [String: Any],
            let records = root["Records"] as? [[String: Any]]
        else {
            throw CloudTrailError(description: "\(file):1:1: error: not a CloudTrail document (no \"Records\" list)")
        }
        var events: [(time: String, event: Event)] = []
        for (index, record) in records.enumerated() {
            guard let time = record["eventTime"] as? String else { continue }
            let identity = record["userIdentity"] as? [String: Any]
            let principal =
                identity?["userName"] as? String ?? (identity?["arn"] as? String) ?? (identity?["type"] as? String)
                ?? "unknown"
            let source = record["eventSource"] as? String ?? "?"
            let name = record["eventName"] as? String ?? "?"
            let error = record["errorCode"] as? String
            var message = "\(source) \(name) by \(principal)"
            if let error { message += " failed: \(error)" }
            let object: [String: String] = ["time": time, "level": error == nil ? "info" : "error", "message": message]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            let id = record["eventID"] as? String ?? "record-\(index + 1)"
            events.append((time, Event(line: String(decoding: data, as: UTF8.self), citation: "cloudtrail:\(id)")))
        }
        return events.sorted { $0.time < $1.time }.map(\.event)
    }
}
