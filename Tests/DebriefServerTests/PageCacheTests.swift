import DebriefCore
import Foundation
import NIOCore
import Synchronization
import Testing

@testable import DebriefServer

@Suite("The server's page cache")
struct PageCacheTests {
    let key = PageCache.Key(
        uri: "/incidents?q=dns", reader: "alice", displayName: "Alice", role: .author, csrf: "t",
        today: LocalDate(year: 2026, month: 12, day: 7))

    @Test("readers asking at once for a page being rendered wait for that one rendering")
    func singleFlight() async throws {
        let cache = PageCache(capacity: 16)
        let renders = Mutex(0)
        let render: @Sendable () async throws -> ByteBuffer = {
            renders.withLock { $0 += 1 }
            try await Task.sleep(for: .milliseconds(100))
            return ByteBuffer(string: "page")
        }
        let bodies = try await withThrowingTaskGroup(of: ByteBuffer.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await cache.body(for: key, generation: 1, contentType: "text/html", render: render)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(bodies.count == 8 && bodies.allSatisfy { $0 == ByteBuffer(string: "page") })
        #expect(renders.withLock { $0 } == 1)
        // A new generation renders again; another reader has a page of their own.
        _ = try await cache.body(for: key, generation: 2, contentType: "text/html", render: render)
        var bob = key
        bob.reader = "bob"
        _ = try await cache.body(for: bob, generation: 2, contentType: "text/html", render: render)
        #expect(renders.withLock { $0 } == 3)
    }

    @Test("a rendering that fails is not kept")
    func failures() async throws {
        let cache = PageCache(capacity: 16)
        struct Missing: Error {}
        await #expect(throws: Missing.self) {
            _ = try await cache.body(for: key, generation: 1, contentType: "text/html") { throw Missing() }
        }
        let body = try await cache.body(for: key, generation: 1, contentType: "text/html") {
            ByteBuffer(string: "found")
        }
        #expect(body == ByteBuffer(string: "found"))
    }
}
