import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `debrief serve` as a user starts it: the real binary on a loopback port.
struct Server {
    let process: Process
    let port: Int
    let output: Pipe

    /// A port nobody listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func start(db: String, extra: [String] = []) async throws -> Server {
        let port = try freePort()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--db", db, "--port", String(port), "--log-level", "error"] + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = Server(process: process, port: port, output: output)
        for _ in 0..<200 {
            if (try? await server.request("/healthz").0) == 200 { return server }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw CancellationError()
    }

    func request(_ path: String, method: String = "GET", token: String? = nil, json: [String: Any]? = nil)
        async throws -> (Int, Data)
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

@Suite("debrief serve, the real binary on loopback", .serialized)
struct ServeCLITests {
    @Test("first start creates the admin, seeds the demo and serves the sign-in page")
    func firstStart() async throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("debrief.sqlite").path
        let server = try await Server.start(db: db)
        #expect(try await server.request("/login").0 == 200)
        #expect(try await server.request("/api/v1/me").0 == 401)
        server.stop()
        let printed = String(decoding: server.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed.contains("Sign in as 'admin' with password: "))
        #expect(printed.contains("Seeded 12 demo post-mortems"))
        #expect(printed.contains("http://127.0.0.1:\(server.port)/"))

        let users = try CLI.run(["user", "list", "--db", db])
        #expect(users.stdout.hasPrefix("admin\tadmin\tactive"))
        let audit = try CLI.run(["audit", "--db", db])
        #expect(audit.stdout.contains("\tsystem\tuser-add\tadmin\tadmin"))
        #expect(try CLI.run(["demo", "remove", "--db", db]).stdout.contains("Removed 12 demo post-mortems"))
        let again = try await Server.start(db: db)
        again.stop()
        let second = String(decoding: again.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!second.contains("password"), "the admin password is shown once")
    }

    @Test("kill -9 during a stream of writes loses no acknowledged write")
    func killNine() async throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("debrief.sqlite").path
        let server = try await Server.start(db: db, extra: ["--no-demo"])
        let token = try CLI.run(["token", "create", "--user", "admin", "--db", db]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("dbt_"))

        // Writers keep posting; the server is killed while they do, once some writes are in (not
        // after a fixed time: a loaded machine may take longer to get going). Every 201 is an
        // acknowledged write.
        let written = WriteCount()
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for writer in 0..<4 {
                group.addTask {
                    var ids: [String] = []
                    for n in 0..<10_000 {
                        let id = "w\(writer)-\(n)"
                        let markdown =
                            "---\nid: \(id)\ntitle: Write \(n) of writer \(writer)\n---\n\n## Summary\n\nDurability.\n"
                        guard
                            let (code, _) = try? await server.request(
                                "/api/v1/postmortems", method: "POST", token: token, json: ["markdown": markdown])
                        else { break }
                        guard code == 201 else { break }
                        ids.append(id)
                        written.count.add(1, ordering: .relaxed)
                    }
                    return ids
                }
            }
            group.addTask {
                let start = ContinuousClock.now
                while written.count.load(ordering: .relaxed) < 40, ContinuousClock.now - start < .seconds(120) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                server.kill9()
                return []
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(acknowledged.count > 20, "the writers got going before the kill")

        let out = folder.appendingPathComponent("after")
        let export = try CLI.run(["export", out.path, "--db", db])
        #expect(export.code == 0, "\(export.stderr)")
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: out.path).map { String($0.dropLast(3)) })
        let lost = acknowledged.filter { !present.contains($0) }
        #expect(lost.isEmpty, "acknowledged but lost: \(lost.prefix(5))")
        print("kill -9: \(acknowledged.count) writes acknowledged, \(present.count) stored, \(lost.count) lost")
        // The database opens cleanly and serves again.
        let restarted = try await Server.start(db: db, extra: ["--no-demo"])
        #expect(try await restarted.request("/api/v1/postmortems?limit=1", token: token).0 == 200)
        restarted.stop()
    }
}

/// Writes acknowledged so far, shared by the writers and the task that kills the server.
final class WriteCount: Sendable {
    let count = Atomic<Int>(0)
}
