import DebriefCore
import Foundation

/// Turns a hand-written post-mortem into a tidy canonical one without inventing anything:
/// sorts the timeline and fills missing key instants from it, marking them inferred.
public enum Importer {
    public static func normalize(_ input: PostMortem) -> PostMortem {
        var pm = input
        // Stable sort: entries with no time stay right after the entry they followed.
        var keyed: [(key: Date, order: Int, entry: TimelineEntry)] = []
        var lastKey = Date.distantPast
        for (order, entry) in pm.timeline.enumerated() {
            if let time = entry.time { lastKey = time.date }
            keyed.append((lastKey, order, entry))
        }
        pm.timeline = keyed.sorted { ($0.key, $0.order) < ($1.key, $1.order) }.map(\.entry)
        func fill(
            _ field: WritableKeyPath<PostMortem, Instant?>, _ name: String, _ kinds: [TimelineKind], last: Bool = false,
            notBefore: Instant? = nil
        ) {
            guard pm[keyPath: field] == nil,
                let time = pm.timelineTime(of: kinds, last: last, notBefore: notBefore)
                    ?? pm.timelineTime(of: kinds, last: last)
            else { return }
            pm[keyPath: field] = time
            if !pm.inferred.contains(name) { pm.inferred.append(name) }
        }
        fill(\.started, "started", [.start])
        fill(\.detected, "detected", [.detect, .alert])
        // Impact is mitigated once it is known: a line guessed as mitigation before the
        // detection ("the rotated host starts failing") is passed over when a later one exists.
        fill(\.mitigated, "mitigated", [.mitigate], notBefore: pm.detected)
        fill(\.resolved, "resolved", [.resolve], last: true)
        return pm
    }
}

/// Finds post-mortem files: named files as they are, folders searched for `.md` files.
public enum PostMortemFiles {
    public static let extensions: Set<String> = ["md", "markdown", "mdown"]

    public static func collect(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ParseError(file: path, line: 1, message: "no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let enumerator = FileManager.default.enumerator(atPath: path) else { continue }
            var found: [String] = []
            for case let relative as String in enumerator {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".")
                    || relative.split(separator: "/").contains(where: { $0.hasPrefix(".") || $0 == "node_modules" })
                {
                    continue
                }
                if extensions.contains((name as NSString).pathExtension.lowercased()), name.lowercased() != "readme.md"
                {
                    found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
                }
            }
            files += found.sorted()
        }
        return files
    }

    /// Reads and parses one file.
    public static func read(_ path: String) throws -> SourceDocument {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ParseError(file: path, line: 1, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try PostMortemParser.parse(data: data, path: path)
    }
}
