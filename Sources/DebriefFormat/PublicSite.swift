import DebriefCore
import Foundation

/// The published public versions as a site: an index, one page per post-mortem, an Atom feed
/// and a JSON list a status page can embed. The server serves it at `/public/` and
/// `debrief publish` writes it as files, from these same functions.
public enum PublicSite {
    /// One published post-mortem.
    public struct Entry: Sendable {
        public var publicID: String
        public var postMortem: PostMortem
        public var publishedAt: Date
        public var version: Int

        public init(publicID: String, postMortem: PostMortem, publishedAt: Date, version: Int) {
            self.publicID = publicID
            self.postMortem = postMortem
            self.publishedAt = publishedAt
            self.version = version
        }
    }

    /// A published text as an entry; nil when it no longer parses (left out rather than shown
    /// broken).
    public static func entry(publicID: String, markdown: String, publishedAt: Date, version: Int) -> Entry? {
        guard let document = try? PostMortemParser.parse(markdown, path: publicID + ".md") else { return nil }
        return Entry(publicID: publicID, postMortem: document.postMortem, publishedAt: publishedAt, version: version)
    }

    /// Where the site's parts are: relative file names for a static site, paths for the server.
    public struct Links: Sendable {
        public var index: String
        public var feed: String
        public var json: String
        /// The page of one post-mortem, by public id.
        public var page: @Sendable (String) -> String
        /// The site's absolute address (`https://status.example.com/postmortems/`), when known:
        /// the feed and the JSON list then carry absolute links.
        public var base: String?

        public init(
            index: String, feed: String, json: String, page: @escaping @Sendable (String) -> String,
            base: String? = nil
        ) {
            self.index = index
            self.feed = feed
            self.json = json
            self.page = page
            self.base = base
        }

        /// The server's: `/public/`, `/public/ID`, `/public/feed.atom`, `/public/index.json`.
        public static let server = Links(
            index: "/public/", feed: "/public/feed.atom", json: "/public/index.json", page: { "/public/" + $0 })

        /// A static site's: `index.html`, `ID.html`, `feed.atom`, `index.json`.
        public static func files(base: String? = nil) -> Links {
            Links(
                index: "index.html", feed: "feed.atom", json: "index.json", page: { $0 + ".html" },
                base: base.map { $0.hasSuffix("/") ? $0 : $0 + "/" })
        }

        func absolute(_ link: String) -> String {
            guard let base, !link.hasPrefix("/") else { return link }
            return base + link
        }
    }

    static let e = HTMLRenderer.escape

    /// Marks the site's pages, so `debrief publish` removes only pages it wrote.
    public static let generator = "<meta name=\"generator\" content=\"Debrief public site\">"

    /// The page of one published post-mortem: the standalone report, shown as published, with
    /// a way back to the index and to the feed.
    public static func page(_ entry: Entry, links: Links) -> String {
        var pm = entry.postMortem
        pm.status = .published
        let html = HTMLRenderer.render(pm)
        let nav = """
            <nav class="public"><a href="\(e(links.index))">All public post-mortems</a> · \
            <a href="\(e(links.feed))">Atom feed</a> · published \(e(day(entry.publishedAt)))</nav>
            """
        return html.replacingOccurrences(
            of: "<head>",
            with:
                "<head>\n\(generator)\n<link rel=\"alternate\" type=\"application/atom+xml\" href=\"\(e(links.feed))\">"
        )
        .replacingOccurrences(of: "<body>", with: "<body>\n" + nav)
    }

    /// The index: newest publication first, with severity, dates and the summary's first lines.
    public static func index(_ entries: [Entry], links: Links, title: String = "Public post-mortems") -> String {
        let items = entries.map { entry in
            let pm = entry.postMortem
            let badges = [pm.severity?.rawValue, pm.kind?.rawValue].compactMap { $0 }.map {
                "<span class=\"badge\">\(e($0))</span>"
            }.joined(separator: " ")
            return """
                <li><a href="\(e(links.page(entry.publicID)))">\(e(pm.title.isEmpty ? entry.publicID : pm.title))</a> \(badges)
                <div class="when">\(e(pm.started.map { day($0.date) } ?? "")) · published \(e(day(entry.publishedAt)))</div>
                <p>\(e(excerpt(pm)))</p></li>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(generator)
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>\(e(title))</title>
            <link rel="alternate" type="application/atom+xml" href="\(e(links.feed))">
            <style>\(style)</style>
            </head>
            <body>
            <h1>\(e(title))</h1>
            <p class="when"><a href="\(e(links.feed))">Atom feed</a> · <a href="\(e(links.json))">JSON</a></p>
            \(entries.isEmpty ? "<p>Nothing is published yet.</p>" : "<ul class=\"public\">\n" + items.joined(separator: "\n") + "\n</ul>")
            </body>
            </html>

            """
    }

    /// An Atom feed (RFC 4287): one entry per published post-mortem.
    public static func atom(_ entries: [Entry], links: Links, title: String = "Public post-mortems") -> String {
        let updated = entries.map(\.publishedAt).max() ?? Date(timeIntervalSince1970: 0)
        let items = entries.map { entry in
            """
              <entry>
                <id>urn:debrief:public:\(e(entry.publicID))</id>
                <title>\(e(entry.postMortem.title))</title>
                <updated>\(timestamp(entry.publishedAt))</updated>
                <link rel="alternate" type="text/html" href="\(e(links.absolute(links.page(entry.publicID))))"/>
                <summary>\(e(excerpt(entry.postMortem)))</summary>
              </entry>
            """
        }
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>urn:debrief:public</id>
              <title>\(e(title))</title>
              <updated>\(timestamp(updated))</updated>
              <author><name>\(e(title))</name></author>
              <link rel="self" href="\(e(links.absolute(links.feed)))"/>
              <link rel="alternate" type="text/html" href="\(e(links.absolute(links.index)))"/>
            \(items.joined(separator: "\n"))
            </feed>

            """
    }

    /// The JSON list a status page embeds: `{"postMortems": [{id, title, severity, …, url}]}`.
    public static func json(_ entries: [Entry], links: Links) throws -> String {
        struct Item: Encodable {
            var id: String
            var title: String
            var severity: String?
            var kind: String?
            var services: [String]
            var started: String?
            var resolved: String?
            var publishedAt: String
            var summary: String
            var url: String
        }
        struct List: Encodable { var postMortems: [Item] }
        let list = List(
            postMortems: entries.map { entry in
                let pm = entry.postMortem
                return Item(
                    id: entry.publicID, title: pm.title, severity: pm.severity?.rawValue, kind: pm.kind?.rawValue,
                    services: pm.services, started: pm.started?.iso8601, resolved: pm.resolved?.iso8601,
                    publishedAt: timestamp(entry.publishedAt), summary: excerpt(pm),
                    url: links.absolute(links.page(entry.publicID)))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(list), as: UTF8.self) + "\n"
    }

    /// The summary's first paragraph as plain text, at most about 300 characters.
    static func excerpt(_ pm: PostMortem) -> String {
        let paragraph =
            (pm.summary ?? "").components(separatedBy: "\n\n").first?.replacingOccurrences(of: "\n", with: " ") ?? ""
        let plain = paragraph.filter { !"*`_".contains($0) }.trimmingCharacters(in: .whitespaces)
        guard plain.count > 300 else { return plain }
        let cut = plain.prefix(300)
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + "…"
    }

    static func day(_ date: Date) -> String { String(timestamp(date).prefix(10)) }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    static let style = """
        body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
        a{color:#0b57d0}.badge{font-size:.75rem;border:1px solid #999;border-radius:.3rem;padding:0 .3rem}
        ul.public{list-style:none;padding:0}ul.public li{margin:1.2rem 0}.when{color:#555;font-size:.9rem}
        @media print{a{color:inherit;text-decoration:none}}
        """
}
