import ArgumentParser
import DebriefFormat
import DebriefStore
import Foundation

/// `debrief publish`: the published public versions as a static site.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write the published public versions as a static site: index, one page each, Atom feed, JSON list.",
        discussion: """
            The same pages the server shows at /public/, as files: index.html, ID.html for each \
            published post-mortem, feed.atom and index.json. Only versions a reviewer approved and \
            published in the web app are written (docs/open-postmortems.md). Files of post-mortems \
            no longer published are removed from the folder.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "The folder to write the site into (created if missing).")
    var out: String

    @Option(help: "The site's address (https://status.example.com/postmortems/), for absolute links in the feed.")
    var baseURL: String?

    func run() async throws {
        let entries = try await store.refusing { database in
            try await database.published().filter { PostMortemID.isValid($0.publicID) }.compactMap {
                PublicSite.entry(
                    publicID: $0.publicID, markdown: $0.markdown, publishedAt: $0.publishedAt, version: $0.version)
            }
        }
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let links = PublicSite.Links.files(base: baseURL)
        var written: Set<String> = ["index.html", "feed.atom", "index.json"]
        try write(PublicSite.index(entries, links: links), to: folder.appendingPathComponent("index.html").path)
        try write(PublicSite.atom(entries, links: links), to: folder.appendingPathComponent("feed.atom").path)
        try write(try PublicSite.json(entries, links: links), to: folder.appendingPathComponent("index.json").path)
        for entry in entries {
            let name = links.page(entry.publicID)
            written.insert(name)
            try write(PublicSite.page(entry, links: links), to: folder.appendingPathComponent(name).path)
        }
        // Pages of post-mortems taken off the site go from the folder too; only pages this
        // command wrote (they carry its generator mark), never other files.
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where name.hasSuffix(".html") && !written.contains(name) {
            let file = folder.appendingPathComponent(name)
            let head = (try? FileHandle(forReadingFrom: file).readData(ofLength: 4096)) ?? Data()
            if String(decoding: head, as: UTF8.self).contains(PublicSite.generator) {
                try FileManager.default.removeItem(at: file)
            }
        }
        printError("\(out): \(entries.count) published post-mortem\(entries.count == 1 ? "" : "s")")
    }
}
