import DebriefCore
import DebriefFormat
import Foundation

/// Keeps a folder of Markdown post-mortems and the store in step, so a team can keep git as
/// its source of truth.
public enum Sync {
    /// What an import did, file by file.
    public struct ImportReport: Sendable, Equatable {
        public var created: [String] = []
        public var updated: [String] = []
        public var unchanged: [String] = []
        /// `file:line:col: error: message` for each file that could not be loaded.
        public var failed: [String] = []
    }

    /// Loads every post-mortem under `paths` (canonical or hand-written). A new id is created,
    /// a changed one gets a new version on top of the current one, an identical one is left
    /// alone. A bad file is reported and skipped; the others still load.
    public static func importFiles(_ paths: [String], into store: any Store, by author: String, demo: Bool = false)
        async throws -> ImportReport
    {
        var report = ImportReport()
        let files: [String]
        do {
            files = try PostMortemFiles.collect(paths)
        } catch let error as ParseError {
            report.failed.append("\(error)")
            return report
        }
        for file in files {
            do {
                let document = try PostMortemFiles.read(file)
                let pm = Importer.normalize(document.postMortem)
                guard PostMortemID.isValid(pm.id) else {
                    throw ParseError(file: file, line: 1, message: "'\(pm.id)' is not a usable id")
                }
                // An operator's tool: restricted post-mortems are matched by id like any other.
                if let current = try await store.exportOne(id: pm.id) {
                    if current.postMortem == pm {
                        report.unchanged.append(pm.id)
                    } else {
                        _ = try await store.update(
                            pm, baseVersion: current.version, by: author, note: "imported from \(file)")
                        report.updated.append(pm.id)
                    }
                } else {
                    _ = try await store.create(pm, by: author, note: "imported from \(file)", demo: demo)
                    report.created.append(pm.id)
                }
            } catch let error as ParseError {
                report.failed.append("\(error)")
            } catch let error as StoreError {
                report.failed.append("\(file):1:1: error: \(error)")
            }
        }
        return report
    }

    /// Writes every post-mortem as canonical Markdown to `directory/<id>.md`; returns the paths.
    public static func exportAll(from store: any Store, to directory: String) async throws -> [String] {
        let url = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        var written: [String] = []
        for (id, markdown) in try await store.exportAll() {
            // Ids are validated on the way in; checked again because the file name comes from one.
            guard PostMortemID.isValid(id) else { continue }
            let file = url.appendingPathComponent(id + ".md")
            try Data(markdown.utf8).write(to: file, options: .atomic)
            written.append(file.path)
        }
        return written
    }
}
