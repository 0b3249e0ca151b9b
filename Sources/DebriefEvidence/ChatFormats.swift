import Foundation

/// Chat exports besides Slack's: Microsoft Teams (the Microsoft Graph `chatMessage` list a
/// channel's or chat's messages come in) and Mattermost (the bulk export, JSON lines).
extension ChatExport {
    /// What kind of chat file `path` is, from its first bytes.
    public enum FileKind: Sendable { case teams, mattermost, transcript }

    public static func kind(of path: String) -> FileKind {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .transcript }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 4096), as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace }
        if trimmed.hasPrefix("{"), head.contains("\"createdDateTime\"") || head.contains("\"@odata.context\"") {
            return .teams
        }
        if trimmed.hasPrefix("["), head.contains("\"createdDateTime\"") { return .teams }
        if trimmed.hasPrefix("{"), head.contains("\"type\""),
            head.contains("\"version\"") || head.contains("\"post\"") || head.contains("\"channel\"")
        {
            return .mattermost
        }
        return .transcript
    }

    // MARK: Microsoft Teams

    /// Messages of a Teams export: a Graph `chatMessage` list (`{"value": [...]}`) or a bare
    /// array of them. System messages and deleted messages are left out; an edited message reads
    /// as its last text; a reply (`replyToId`) belongs to the thread of the message it answers.
    /// The HTML body reads as people saw it: `<at>` mentions as `@Name`, links as `label (url)`.
    public static func readTeams(path: String) throws -> [ChatMessage] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ChatExportError(file: path, message: "not valid JSON: \(error.localizedDescription)")
        }
        let list = (object as? [String: Any])?["value"] as? [[String: Any]] ?? object as? [[String: Any]]
        guard let list else {
            throw ChatExportError(file: path, message: "expected a Teams message list (\"value\": [...])")
        }
        let channel = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plainParser = ISO8601DateFormatter()
        var messages: [ChatMessage] = []
        for entry in list {
            if let type = entry["messageType"] as? String, type != "message" { continue }
            if let deleted = entry["deletedDateTime"], !(deleted is NSNull) { continue }
            guard let id = entry["id"] as? String, let created = entry["createdDateTime"] as? String,
                let date = parser.date(from: created) ?? plainParser.date(from: created)
            else { continue }
            let from = entry["from"] as? [String: Any]
            let author =
                ((from?["user"] as? [String: Any])?["displayName"] as? String)
                ?? ((from?["application"] as? [String: Any])?["displayName"] as? String) ?? "unknown"
            let body = entry["body"] as? [String: Any]
            let content = body?["content"] as? String ?? ""
            let text = (body?["contentType"] as? String) == "html" ? Self.plainHTML(content) : content
            var message = ChatMessage(
                channel: channel, id: id, time: date.timeIntervalSince1970, author: author, text: text,
                service: "teams")
            if let parent = entry["replyToId"] as? String, parent != id { message.thread = parent }
            messages.append(message)
        }
        return messages.sorted { $0.time < $1.time }
    }

    /// The text a Teams HTML body shows: tags taken out, `<at>Name</at>` as `@Name`, a link as
    /// `label (url)` (or the url), paragraphs and `<br>` as line breaks, entities undone.
    static func plainHTML(_ html: String) -> String {
        var out = ""
        var rest = Substring(html)
        var link: String?
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else {
                out += rest[open...]
                rest = ""
                break
            }
            let tag = rest[rest.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            let name = tag.lowercased().prefix { $0.isLetter || $0 == "/" }
            switch name {
            case "at": out += "@"
            case "br", "br/", "/p", "/div", "/li": out += "\n"
            case "a":
                if let range = tag.range(of: "href=\"") {
                    let value = tag[range.upperBound...].prefix { $0 != "\"" }
                    link = String(value)
                }
            case "/a":
                if let url = link, !out.hasSuffix(url) { out += " (\(url))" }
                link = nil
            default: break
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        let text = entities(out)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// HTML entities undone: the named ones chat uses and numeric ones.
    static func entities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";") {
                let name = String(after[..<semi])
                var replacement: String?
                if let value = named[name] {
                    replacement = value
                } else if name.hasPrefix("#x"), let code = UInt32(name.dropFirst(2), radix: 16) {
                    replacement = Unicode.Scalar(code).map { String(Character($0)) }
                } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()) {
                    replacement = Unicode.Scalar(code).map { String(Character($0)) }
                }
                if let replacement {
                    out += replacement
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }

    // MARK: Mattermost

    /// Messages of a Mattermost bulk export (JSON lines: `version`, `team`, `channel`, `user`,
    /// `post` and `direct_post` lines). A post's replies are messages of its thread. A line
    /// that is not valid JSON is skipped and returned as a problem naming its line.
    public static func readMattermost(path: String) throws -> (messages: [ChatMessage], problems: [ChatExportError]) {
        var reader = try LineReader(path: path)
        var messages: [ChatMessage] = []
        var problems: [ChatExportError] = []
        while let line = reader.next() {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                problems.append(ChatExportError(file: path, message: "not a JSON object", line: reader.lineNumber))
                continue
            }
            guard let type = object["type"] as? String, type == "post" || type == "direct_post",
                let post = object[type] as? [String: Any]
            else { continue }
            let channel =
                post["channel"] as? String
                ?? (post["channel_members"] as? [String]).map { $0.joined(separator: "-") } ?? "direct"
            let id = "\(path):\(reader.lineNumber)"
            guard let parent = Self.mattermostMessage(post, channel: channel, id: id) else { continue }
            messages.append(parent)
            for (index, reply) in ((post["replies"] as? [[String: Any]]) ?? []).enumerated() {
                guard var message = Self.mattermostMessage(reply, channel: channel, id: "\(id)#\(index + 1)") else {
                    continue
                }
                message.thread = id
                messages.append(message)
            }
        }
        return (messages.sorted { $0.time < $1.time }, problems)
    }

    static func mattermostMessage(_ post: [String: Any], channel: String, id: String) -> ChatMessage? {
        guard let text = post["message"] as? String else { return nil }
        let millis = (post["create_at"] as? NSNumber)?.doubleValue ?? 0
        guard millis > 0 else { return nil }
        if let deleted = (post["delete_at"] as? NSNumber)?.doubleValue, deleted > 0 { return nil }
        return ChatMessage(
            channel: channel, id: id, time: millis / 1000, author: post["user"] as? String ?? "unknown", text: text)
    }
}
