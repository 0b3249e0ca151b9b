import Foundation
import ZIPFoundation

/// One chat message, with what is needed to cite it.
public struct ChatMessage: Sendable, Codable, Equatable {
    public var channel: String
    /// The message id: Slack's `ts` (`1700000000.000100`), or `file:line` for transcripts.
    public var id: String
    /// Seconds since 1970.
    public var time: Double
    public var author: String
    public var text: String
    /// The id of the message this one replies to, in a thread (Slack's `thread_ts`, Teams'
    /// `replyToId`, a Mattermost reply); nil for a message of the channel itself.
    public var thread: String?
    /// The chat service, as citations name it: `msg:<service>:#channel/id`.
    public var service: String

    public init(
        channel: String, id: String, time: Double, author: String, text: String, thread: String? = nil,
        service: String = "slack"
    ) {
        self.channel = channel
        self.id = id
        self.time = time
        self.author = author
        self.text = text
        self.thread = thread
        self.service = service
    }
}

/// A problem reading a chat export, with the file it is in.
public struct ChatExportError: Error, CustomStringConvertible {
    public var file: String
    public var message: String
    /// The line the problem is on (1 when it concerns the whole file).
    public var line: Int

    public init(file: String, message: String, line: Int = 1) {
        self.file = file
        self.message = message
        self.line = line
    }

    public var description: String { "\(file):\(line):1: error: \(message)" }
}

/// Reads chat exports: a Slack workspace export folder (`channels.json`, `users.json`,
/// `<channel>/<YYYY-MM-DD>.json`) and plain transcripts (`[14:02] alice: text`).
public enum ChatExport {
    /// Every message of a Slack export folder, oldest first. Files that are not valid JSON are
    /// skipped and returned as problems; they never stop the read.
    public static func readSlack(folder: String) throws -> (messages: [ChatMessage], problems: [ChatExportError]) {
        let root = URL(fileURLWithPath: folder)
        var problems: [ChatExportError] = []
        func json(_ url: URL) -> Any? {
            do {
                return try JSONSerialization.jsonObject(with: Data(contentsOf: url))
            } catch {
                problems.append(
                    ChatExportError(file: url.path, message: "not valid JSON: \(error.localizedDescription)"))
                return nil
            }
        }
        var users: [String: String] = [:]
        let usersFile = root.appendingPathComponent("users.json")
        if FileManager.default.fileExists(atPath: usersFile.path), let list = json(usersFile) as? [[String: Any]] {
            for user in list {
                guard let id = user["id"] as? String else { continue }
                let profile = user["profile"] as? [String: Any]
                let name =
                    (profile?["display_name"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                    ?? user["name"] as? String ?? (user["real_name"] as? String) ?? id
                users[id] = name
            }
        }
        var channels: [String] = []
        var channelNames: [String: String] = [:]
        let channelsFile = root.appendingPathComponent("channels.json")
        if FileManager.default.fileExists(atPath: channelsFile.path), let list = json(channelsFile) as? [[String: Any]]
        {
            channels = list.compactMap { $0["name"] as? String }
            for channel in list {
                if let id = channel["id"] as? String, let name = channel["name"] as? String { channelNames[id] = name }
            }
        } else {
            // No channels.json: every folder is a channel.
            channels = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(
                    atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory)
                    && isDirectory.boolValue && !name.hasPrefix(".")
            }
        }
        guard !channels.isEmpty else {
            throw ChatExportError(
                file: folder, message: "no channels found: expected channels.json or one folder per channel")
        }
        var messages: [ChatMessage] = []
        for channel in channels.sorted() {
            let directory = root.appendingPathComponent(channel)
            let days = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter {
                $0.hasSuffix(".json")
            }
            for day in days.sorted() {
                let file = directory.appendingPathComponent(day)
                guard let list = json(file) as? [[String: Any]] else { continue }
                for original in list {
                    var entry = original
                    let subtype = entry["subtype"] as? String
                    // Joins and leaves are no messages; a deleted message (its tombstone or the
                    // deletion event) is gone; an edit event carries the message as edited.
                    if ["channel_join", "channel_leave", "tombstone", "message_deleted"].contains(subtype ?? "") {
                        continue
                    }
                    if subtype == "message_changed", let changed = entry["message"] as? [String: Any] {
                        entry = changed
                    }
                    guard let ts = entry["ts"] as? String, let time = Double(ts) else { continue }
                    let user =
                        (entry["user"] as? String).flatMap { users[$0] ?? $0 }
                        ?? entry["username"] as? String ?? (entry["bot_id"] as? String) ?? "unknown"
                    // The text as people saw it in Slack, not its markup.
                    let text = SlackText.plain(
                        entry["text"] as? String ?? "", users: users, channels: channelNames)
                    // A reply in a thread names the message that opened it.
                    let thread = (entry["thread_ts"] as? String).flatMap { $0 == ts ? nil : $0 }
                    messages.append(
                        ChatMessage(channel: channel, id: ts, time: time, author: user, text: text, thread: thread))
                }
            }
        }
        // An edit event repeats its message's ts: the last text of each message stands.
        var latest: [String: Int] = [:]
        for (index, message) in messages.enumerated() { latest[message.channel + "/" + message.id] = index }
        let kept = messages.indices.filter { latest[messages[$0].channel + "/" + messages[$0].id] == $0 }.map {
            messages[$0]
        }
        return (kept.sorted { ($0.time, $0.channel) < ($1.time, $1.channel) }, problems)
    }

    /// A Slack export as the zip Slack hands out: extracted to a temporary folder (removed
    /// afterwards), then read as a folder. The export may sit at the top or one folder down.
    public static func readSlackArchive(zip path: String) throws -> (
        messages: [ChatMessage], problems: [ChatExportError]
    ) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "debrief-slack-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try FileManager.default.unzipItem(at: URL(fileURLWithPath: path), to: scratch)
        } catch {
            throw ChatExportError(file: path, message: "not a readable zip archive: \(error.localizedDescription)")
        }
        var root = scratch
        if !FileManager.default.fileExists(atPath: scratch.appendingPathComponent("channels.json").path) {
            let inner = ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []).map {
                scratch.appendingPathComponent($0)
            }
            if let folder = inner.first(where: {
                FileManager.default.fileExists(atPath: $0.appendingPathComponent("channels.json").path)
            }) {
                root = folder
            }
        }
        let (messages, problems) = try readSlack(folder: root.path)
        // Problems name files inside the archive, not the temporary folder.
        let named = problems.map { problem in
            ChatExportError(
                file: path + ":" + problem.file.replacingOccurrences(of: root.path + "/", with: ""),
                message: problem.message)
        }
        return (messages, named)
    }

    /// True when the file starts like a zip archive (`PK\u{3}\u{4}`).
    public static func isZip(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return handle.readData(ofLength: 4) == Data([0x50, 0x4B, 0x03, 0x04])
    }

    /// A plain transcript: `[14:02] alice: text` or `14:02 <alice> text`, on `date` (UTC unless
    /// `offset` says otherwise). Lines that are not messages continue the previous one.
    public static func readTranscript(path: String, date: DateComponents, offset: Int = 0) throws -> [ChatMessage] {
        let channel = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var reader = try LineReader(path: path)
        var messages: [ChatMessage] = []
        var calendar = Calendar(identifier: .gregorian)
        guard let zone = TimeZone(secondsFromGMT: offset) else {
            throw ChatExportError(file: path, message: "\(offset) seconds is not a UTC offset")
        }
        calendar.timeZone = zone
        guard let dayStart = calendar.date(from: date)?.timeIntervalSince1970 else {
            throw ChatExportError(file: path, message: "the transcript date is not a date")
        }
        var lastTime = dayStart
        while let line = reader.next() {
            var rest = Substring(line.trimmingCharacters(in: .whitespaces))
            let bracketed = rest.first == "["
            if bracketed { rest = rest.dropFirst() }
            let clock = rest.prefix(while: { $0.isNumber || $0 == ":" })
            let parts = clock.split(separator: ":").compactMap { Int($0) }
            guard (2...3).contains(parts.count), parts[0] < 24, parts[1] < 60 else {
                if !messages.isEmpty, !line.isEmpty { messages[messages.count - 1].text += "\n" + line }
                continue
            }
            rest = rest.dropFirst(clock.count)
            if bracketed, rest.first == "]" { rest = rest.dropFirst() }
            rest = rest.drop(while: { $0 == " " })
            var author: Substring
            if rest.first == "<", let close = rest.firstIndex(of: ">") {
                author = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
            } else if let colon = rest.firstIndex(of: ":") {
                author = rest[..<colon]
                rest = rest[rest.index(after: colon)...]
            } else {
                author = "unknown"
            }
            var time = dayStart + Double(parts[0] * 3600 + parts[1] * 60 + (parts.count == 3 ? parts[2] : 0))
            while time + 12 * 3600 < lastTime { time += 86400 }  // past midnight
            lastTime = time
            messages.append(
                ChatMessage(
                    channel: channel, id: "\(path):\(reader.lineNumber)", time: time,
                    author: author.trimmingCharacters(in: .whitespaces),
                    text: rest.trimmingCharacters(in: .whitespaces)))
        }
        return messages
    }
}
