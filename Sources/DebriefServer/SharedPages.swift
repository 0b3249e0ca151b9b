import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A rendered page with holes where each reader's own parts go: their name and menu, the
/// CSRF token, the buttons their role allows, similar incidents (which depend on what they
/// may see). A hole is written as a mark, random and of characters HTML escaping leaves
/// alone, followed by two digits naming the hole.
struct HoledPage: Sendable {
    enum Hole: Int, Sendable, CaseIterable {
        case csrf, me, edit, attach, review, similar, url
    }

    /// The page's UTF-8 with the marks cut out; `cuts[i]` is where `holes[i]` goes.
    private let bytes: [UInt8]
    private let cuts: [Int]
    let holes: [Hole]

    static func marker(_ mark: String, _ hole: Hole) -> String {
        mark + (hole.rawValue < 10 ? "0" : "") + String(hole.rawValue)
    }

    /// Cuts `text` at every `mark` followed by two digits (`memchr` for its first byte, then
    /// `memcmp`).
    init(_ text: String, mark: String) {
        var text = text
        var mark = mark
        var kept: [UInt8] = []
        var cuts: [Int] = []
        var holes: [Hole] = []
        text.withUTF8 { bytes in
            mark.withUTF8 { needle in
                kept.reserveCapacity(bytes.count)
                guard let base = bytes.baseAddress, let needleBase = needle.baseAddress, !needle.isEmpty else {
                    kept.append(contentsOf: bytes)
                    return
                }
                var start = 0
                var from = 0
                while from + needle.count + 2 <= bytes.count,
                    let found = memchr(base + from, Int32(needle[0]), bytes.count - from - needle.count - 1)
                {
                    let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    let digits = index + needle.count
                    if memcmp(base + index, needleBase, needle.count) == 0,
                        let hole = Self.hole(bytes[digits], bytes[digits + 1])
                    {
                        kept.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                        cuts.append(kept.count)
                        holes.append(hole)
                        start = digits + 2
                        from = start
                    } else {
                        from = index + 1
                    }
                }
                kept.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            }
        }
        self.bytes = kept
        self.cuts = cuts
        self.holes = holes
    }

    private static func hole(_ tens: UInt8, _ units: UInt8) -> Hole? {
        let zero = UInt8(ascii: "0")
        guard (zero...zero + 9).contains(tens), (zero...zero + 9).contains(units) else { return nil }
        return Hole(rawValue: Int(tens - zero) * 10 + Int(units - zero))
    }

    /// The page with every hole filled.
    func text(_ value: (Hole) -> String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 2048)
        fill(value) {
            result.append(contentsOf: $0)
        } string: {
            result.append(contentsOf: $0.utf8)
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The page with every hole filled, as a response body (the page is written as bytes,
    /// not decoded again).
    func buffer(_ value: (Hole) -> String) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count + 4096)
        fill(value) {
            buffer.writeBytes($0)
        } string: {
            buffer.writeString($0)
        }
        return buffer
    }

    private func fill(
        _ value: (Hole) -> String, bytes write: (UnsafeBufferPointer<UInt8>) -> Void, string: (String) -> Void
    ) {
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for (cut, hole) in zip(cuts, holes) {
                write(UnsafeBufferPointer(rebasing: all[start..<cut]))
                string(value(hole))
                start = cut
            }
            write(UnsafeBufferPointer(rebasing: all[start...]))
        }
    }
}

/// Post-mortem pages rendered once for every reader who sees them as anyone of their role
/// does (see `PageStamp.readsAsAnyone`), kept in memory and in the database: the page under
/// its content stamp and the days it stays right, the similar incidents under the store's
/// generation. Holes are filled per request.
final class SharedPages: Sendable {
    /// For pages rendered by this process (a kept page carries the mark it was made with).
    let mark = "hole-" + Secrets.token(bytes: 16) + "-"
    /// The kept page with its text cut at the holes (the text itself is not kept twice).
    private let pages: BoundedCache<Int64, (validity: RenderedPage, holed: HoledPage)>
    private let similar: BoundedCache<Int64, RenderedSimilar>
    /// The `Prerenderer`'s last pass: pages looked at, of how many, and whether it is over.
    let progress = Mutex<(done: Int, total: Int, finished: Bool)>((0, 0, false))

    /// Holds up to `capacity` pages in memory (see `ServerSettings.memoryPages`).
    init(capacity: Int) {
        pages = BoundedCache(capacity: capacity)
        similar = BoundedCache(capacity: capacity)
    }

    /// Whether memory holds `stamp`'s page and similar incidents, right on `today`: when it
    /// does not, the read of the stamp may as well bring what the database kept.
    func holds(stamp: PageStamp, today: LocalDate) -> Bool {
        let held = inMemory(stamp: stamp, today: today)
        return held.page != nil && held.similar != nil
    }

    /// What memory holds for `stamp` that is still right on `today`.
    private func inMemory(stamp: PageStamp, today: LocalDate) -> (page: HoledPage?, similar: String?) {
        (
            pages.value(for: stamp.key).flatMap {
                $0.validity.isValid(stamp: stamp.content, on: today) ? $0.holed : nil
            },
            similar.value(for: stamp.key).flatMap { $0.generation == stamp.generation ? $0.text : nil }
        )
    }

    /// The holed page and similar-incidents HTML for `stamp` on `today`: from memory, the
    /// database (`kept`, when read with the stamp, or read now), or `render` and `rank` (whose
    /// results are kept in both).
    func page(
        stamp: PageStamp, kept read: (page: RenderedPage?, similar: RenderedSimilar?)? = nil, today: LocalDate,
        store: any Store, render: () async throws -> (text: String, validUntil: LocalDate?),
        rank: () async throws -> String
    ) async throws -> (HoledPage, String) {
        let content = stamp.content
        var (holed, similarText) = inMemory(stamp: stamp, today: today)
        if holed == nil || similarText == nil {
            let kept = if let read { read } else { try await store.rendered(key: stamp.key) }
            if holed == nil, let page = kept.page, page.isValid(stamp: content, on: today) {
                let made = HoledPage(page.text, mark: page.mark)
                pages.keep((Self.validity(page), made), for: stamp.key)
                holed = made
            }
            if similarText == nil, let list = kept.similar, list.generation == stamp.generation {
                similar.keep(list, for: stamp.key)
                similarText = list.text
            }
        }
        var newPage: RenderedPage?
        var newSimilar: RenderedSimilar?
        let page: HoledPage
        if let holed {
            page = holed
        } else {
            let (text, until) = try await render()
            let rendered = RenderedPage(stamp: content, validFrom: today, validUntil: until, mark: mark, text: text)
            page = HoledPage(text, mark: mark)
            pages.keep((Self.validity(rendered), page), for: stamp.key)
            newPage = rendered
        }
        let list: String
        if let similarText {
            list = similarText
        } else {
            list = try await rank()
            newSimilar = RenderedSimilar(generation: stamp.generation, text: list)
            similar.keep(RenderedSimilar(generation: stamp.generation, text: list), for: stamp.key)
        }
        if newPage != nil || newSimilar != nil {
            // Keeping is a cache write: if the database refuses it (read-only, busy past its
            // timeout), the page is still shown and the next view renders it again.
            try? await store.keepRendered(key: stamp.key, page: newPage, similar: newSimilar)
        }
        return (page, list)
    }

    private static func validity(_ page: RenderedPage) -> RenderedPage {
        var validity = page
        validity.text = ""
        return validity
    }

    /// Whether `stamp`'s page and similar incidents are kept (in the database) and right on `today`.
    func isKept(stamp: PageStamp, today: LocalDate, store: any Store) async throws -> Bool {
        let kept = try await store.rendered(key: stamp.key)
        return kept.page?.isValid(stamp: stamp.content, on: today) == true
            && kept.similar?.generation == stamp.generation
    }
}

/// The small pieces that fill holes (the reader's menu, buttons and forms), rendered once per
/// kind with holes of their own for the post-mortem's URL and the CSRF token.
final class HoleFills: Sendable {
    private let mark = "fill-" + Secrets.token(bytes: 16) + "-"
    private let pieces = BoundedCache<[String], HoledPage>(capacity: 512)

    /// The piece named `key` for `url` (already HTML-escaped) and `csrf`; `render` makes it on
    /// a miss from the marks it is given for both.
    func text(_ key: [String], url: String, csrf: String, render: (_ url: String, _ csrf: String) -> String) -> String {
        let piece =
            pieces.value(for: key)
            ?? {
                let made = HoledPage(
                    render(HoledPage.marker(mark, .url), HoledPage.marker(mark, .csrf)), mark: mark)
                pieces.keep(made, for: key)
                return made
            }()
        return piece.text { hole in
            switch hole {
            case .url: url
            case .csrf: csrf
            default: ""
            }
        }
    }
}

/// Renders and keeps the shared pages of the most recent post-mortems before anyone asks: all
/// of them at start, then those saved since the last pass whenever the store's generation
/// moves, so that a first view costs a read. (Other pages' similar incidents, which a save
/// can change, are ranked again on their next view.) One page at a time, in the background.
struct Prerenderer: Service {
    /// Someone named in no post-mortem: sees what everyone sees. (A space is in no account
    /// name; a NUL, which was, is refused by PostgreSQL in any text.)
    static let anyone = Member(name: " anyone", role: .viewer)

    let services: Services
    let logger: Logger
    /// How many of the most recent post-mortems to keep rendered; 0 turns it off.
    let limit: Int
    /// How often to look for changes.
    var interval: Duration = .seconds(30)

    func run() async throws {
        guard limit > 0 else { return try await gracefulShutdown() }
        try await cancelWhenGracefulShutdown {
            var renderedAt: Int64?
            var since: Double?
            while !Task.isCancelled {
                do {
                    let generation = try await services.store.generation()
                    if generation != renderedAt {
                        // A second of slack: a save stamped just before the pass began is included.
                        let started = Date().timeIntervalSince1970 - 1
                        try await render(savedSince: since)
                        since = started
                        renderedAt = generation
                    }
                } catch is CancellationError {
                    return
                } catch {
                    // Pages render on first view anyway; the server must not stop for this.
                    logger.warning("pre-rendering stopped, to be tried again: \(error)")
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Renders every missing or stale page among the `limit` most recent (saved since
    /// `savedSince`, when given); returns how many.
    @discardableResult
    func render(savedSince: Double? = nil) async throws -> Int {
        let ids = try await services.store.recentUnrestrictedIDs(limit: limit, savedSince: savedSince)
        let controller = IncidentController(services: services)
        let started = ContinuousClock.now
        var rendered = 0
        services.shared.progress.withLock { $0 = (0, ids.count, false) }
        for (index, id) in ids.enumerated() {
            try Task.checkCancellation()
            let today = todayUTC()
            if let stamp = try await services.store.pageStamp(id: id, for: Self.anyone), stamp.readsAsAnyone,
                try await !services.shared.isKept(stamp: stamp, today: today, store: services.store)
            {
                do {
                    _ = try await controller.sharedPage(id, stamp: stamp, member: Self.anyone, today: today)
                    rendered += 1
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    logger.warning("could not pre-render \(id): \(error)")
                }
            }
            services.shared.progress.withLock { $0.done = index + 1 }
        }
        services.shared.progress.withLock { $0.finished = true }
        logger.info(
            "pre-rendered \(rendered) of the \(ids.count) most recent post-mortem pages in \(ContinuousClock.now - started)"
        )
        return rendered
    }
}
