import DebriefCore
import DebriefNotify
import DebriefStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A loopback server that answers as GitHub's REST API does for issues: creation (201),
/// listing by label with `Link` pagination, one issue by number, 401 without the token, and one
/// 429 with `Retry-After` before the first creation. Nothing here talks to github.com.
actor FakeGitHub {
    struct Issue {
        var number: Int
        var title: String
        var body: String
        var labels: [String]
        var closed: Bool
        var assignees: [String]
    }
    var issues: [Int: Issue] = [:]
    var creations = 0
    var limitNextCreation = true
    let pageSize = 2

    func seed(_ body: String, closed: Bool) -> Int {
        let number = issues.count + 1
        issues[number] = Issue(
            number: number, title: "seeded", body: body, labels: ["post-mortem"], closed: closed, assignees: [])
        return number
    }

    func create(title: String, body: String, labels: [String], assignees: [String]) -> Issue? {
        if limitNextCreation {
            limitNextCreation = false
            return nil
        }
        creations += 1
        let number = issues.count + 1
        let issue = Issue(number: number, title: title, body: body, labels: labels, closed: false, assignees: assignees)
        issues[number] = issue
        return issue
    }

    func page(_ n: Int, label: String) -> (items: [Issue], more: Bool) {
        let all = issues.values.filter { $0.labels.contains(label) }.sorted { $0.number > $1.number }
        let start = (n - 1) * pageSize
        guard start < all.count else { return ([], false) }
        return (Array(all[start..<min(all.count, start + pageSize)]), start + pageSize < all.count)
    }

    func issue(_ n: Int) -> Issue? { issues[n] }

    static func json(_ issue: Issue, port: Int) -> [String: Any] {
        [
            "number": issue.number, "html_url": "https://github.com/acme/app/issues/\(issue.number)",
            "state": issue.closed ? "closed" : "open", "body": issue.body, "title": issue.title,
            "url": "http://127.0.0.1:\(port)/repos/acme/app/issues/\(issue.number)",
            "closed_at": issue.closed ? "2026-11-02T23:30:00Z" : NSNull(),
        ]
    }

    static func router(_ state: FakeGitHub, port: @escaping @Sendable () -> Int) -> Router<BasicRequestContext> {
        let router = Router()
        @Sendable func authorized(_ request: Request) -> Bool {
            request.headers[.authorization] == "Bearer test-token"
                && request.headers[.init("X-GitHub-Api-Version")!] == "2022-11-28"
        }
        @Sendable func json(_ object: Any, _ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
            var fields = headers
            fields[.contentType] = "application/json"
            let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
            return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: data)))
        }
        router.post("/repos/acme/app/issues") { request, _ -> Response in
            guard authorized(request) else { return json(["message": "Bad credentials"], .unauthorized) }
            let body = try await request.body.collect(upTo: 1 << 20)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
            guard let title = object["title"] as? String, !title.isEmpty else {
                return json(["message": "Validation Failed"], .unprocessableContent)
            }
            guard
                let issue = await state.create(
                    title: title, body: object["body"] as? String ?? "", labels: object["labels"] as? [String] ?? [],
                    assignees: object["assignees"] as? [String] ?? [])
            else {
                return json(
                    ["message": "You have exceeded a secondary rate limit."], .tooManyRequests,
                    headers: [.retryAfter: "1"])
            }
            return json(FakeGitHub.json(issue, port: port()), .created)
        }
        router.get("/repos/acme/app/issues") { request, _ -> Response in
            guard authorized(request) else { return json(["message": "Bad credentials"], .unauthorized) }
            let query = request.uri.queryParameters
            let n = query["page"].flatMap { Int(String($0)) } ?? 1
            let label = query["labels"].map { String($0) } ?? ""
            let (items, more) = await state.page(n, label: label)
            var headers: HTTPFields = [:]
            if more {
                headers[.init("Link")!] =
                    "<http://127.0.0.1:\(port())/repos/acme/app/issues?state=all&per_page=100&labels=\(label)&page=\(n + 1)>; rel=\"next\", <http://127.0.0.1:\(port())/repos/acme/app/issues?page=9>; rel=\"last\""
            }
            return json(items.map { FakeGitHub.json($0, port: port()) }, .ok, headers: headers)
        }
        router.get("/repos/acme/app/issues/:number") { request, context -> Response in
            guard authorized(request) else { return json(["message": "Bad credentials"], .unauthorized) }
            guard let n = context.parameters.get("number").flatMap(Int.init), let issue = await state.issue(n) else {
                return json(["message": "Not Found"], .notFound)
            }
            return json(FakeGitHub.json(issue, port: port()), .ok)
        }
        return router
    }
}

@Suite("Tracker sync with GitHub's issues API, against a loopback server that speaks it")
struct TrackerSyncTests {
    @Test(
        "open items become issues (through a rate limit), a cut-off run's issue is found, closed issues close items, nothing twice"
    )
    func sync() async throws {
        let github = FakeGitHub()
        let portBox = PortBox()
        let app = Application(
            router: FakeGitHub.router(github, port: { portBox.value }),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            portBox.value = client.port!
            let store = try SQLiteStore()
            var pm = PostMortem(id: "pool", title: "Connection pool exhausted", authors: ["alice"])
            pm.actionItems = [
                ActionItem(
                    title: "Alert on pool saturation", owner: "alice", due: LocalDate(year: 2026, month: 12, day: 20),
                    priority: .p1),
                ActionItem(title: "Roll back", owner: "bob", status: .done),
                ActionItem(title: "Tracked in Jira", link: "https://jira.example.com/browse/OPS-1"),
                ActionItem(title: "Already in GitHub, closed there", link: "https://github.com/acme/app/issues/1"),
                ActionItem(title: "Sent by a run that was cut off"),
            ]
            _ = try await store.create(pm, by: "alice", note: "", demo: false)
            // Issue 1 is closed; issue 2 carries the marker of item 5; 3 and 4 are unrelated, so
            // the listing takes two pages.
            _ = await github.seed("x", closed: true)
            _ = await github.seed("made earlier\n<!-- debrief-action: pool#5 -->", closed: false)
            _ = await github.seed("unrelated", closed: false)
            _ = await github.seed("unrelated too", closed: true)
            var settings = TrackerSettings(repository: "acme/app")
            settings.apiURL = "http://127.0.0.1:\(client.port!)"
            settings.logins = ["alice": "alice-gh"]
            let tracker = GitHubTracker(settings: settings, token: "test-token", maxWait: 5)
            let sync = TrackerSync(tracker: tracker, store: store, baseURL: "https://debrief.example.com")

            let dry = try await sync.run(dryRun: true)
            #expect(dry.created == ["pool#1 → (new issue)"])
            #expect(await github.creations == 0)
            #expect(try await store.exportOne(id: "pool")?.version == 1)

            let report = try await sync.run(dryRun: false)
            #expect(report.failed.isEmpty, "\(report.failed)")
            #expect(report.created == ["pool#1 → https://github.com/acme/app/issues/5"])
            #expect(report.found == ["pool#5 → https://github.com/acme/app/issues/2"])
            #expect(report.closed == ["pool#4"])
            let made = try #require(await github.issue(5))
            #expect(made.title == "[P1] Alert on pool saturation" && made.labels == ["post-mortem", "P1"])
            #expect(made.assignees == ["alice-gh"])
            #expect(made.body.contains("https://debrief.example.com/incidents/pool"))
            #expect(made.body.contains("<!-- debrief-action: pool#1 -->"))
            let stored = try #require(try await store.exportOne(id: "pool"))
            #expect(stored.version == 2)
            let items = stored.postMortem.actionItems
            #expect(items[0].link == "https://github.com/acme/app/issues/5")
            #expect(items[2].link == "https://jira.example.com/browse/OPS-1" && items[2].status == .open)
            // Done on the day GitHub closed it (its `closed_at`), not the day of the sync.
            #expect(items[3].status == .done && items[3].closed == LocalDate(iso: "2026-11-02"))
            #expect(items[4].link == "https://github.com/acme/app/issues/2")
            let history = try await store.history(id: "pool", for: Member(name: "alice", role: .author))
            #expect(history.first?.note.hasPrefix("tracker sync:") == true)

            // Again: nothing new is made.
            let again = try await sync.run(dryRun: false)
            #expect(again.created.isEmpty && again.found.isEmpty && again.closed.isEmpty)
            #expect(await github.creations == 1)

            // A wrong token is GitHub's 401, said plainly.
            let denied = TrackerSync(
                tracker: GitHubTracker(settings: settings, token: "wrong"), store: store, baseURL: nil)
            await #expect(throws: DeliveryError.self) { _ = try await denied.run(dryRun: false) }
        }
    }

    @Test("webhook closings mark the linked items done", arguments: NotifyBackend.allCases)
    func close(_ backend: NotifyBackend) async throws {
        guard let store = try await backend.store() else { return }
        defer { (store as? PostgresStore)?.close() }
        var pm = PostMortem(id: "pool", title: "Pool", authors: ["alice"])
        pm.actionItems = [
            ActionItem(title: "Alert", link: "https://github.com/acme/app/issues/7"), ActionItem(title: "Other"),
        ]
        _ = try await store.create(pm, by: "alice", note: "", demo: false)
        let closed = try await TrackerSync.close(
            url: "https://github.com/acme/app/issues/7", at: TrackedIssue.time("2026-10-30T01:00:00Z"), in: store,
            actor: "github")
        #expect(closed == ["pool#1"])
        let items = try #require(try await store.exportOne(id: "pool")).postMortem.actionItems
        #expect(items[0].status == .done && items[1].status == .open)
        #expect(items[0].closed == LocalDate(iso: "2026-10-30") && items[1].closed == nil)
        #expect(
            try await TrackerSync.close(url: "https://github.com/acme/app/issues/7", in: store, actor: "github").isEmpty
        )
    }
}

/// The loopback port, known once the server listens.
final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port = 0
    var value: Int {
        get { lock.withLock { port } }
        set { lock.withLock { port = newValue } }
    }
}

/// A loopback server that answers as GitLab's issues API (v4) does: `PRIVATE-TOKEN`, `iid`
/// numbers, `X-Next-Page` pagination, 201 on creation, one 429 first.
actor FakeGitLab {
    var issues: [Int: (title: String, description: String, labels: String, closed: Bool)] = [:]
    var limited = true
    var creations = 0

    func seed(_ description: String, closed: Bool) {
        issues[issues.count + 1] = ("seeded", description, "post-mortem", closed)
    }

    func create(title: String, description: String, labels: String) -> Int? {
        if limited {
            limited = false
            return nil
        }
        creations += 1
        let iid = issues.count + 1
        issues[iid] = (title, description, labels, false)
        return iid
    }

    struct Item: Sendable {
        var iid: Int
        var description: String
        var title: String
        var closed: Bool
    }

    func item(_ iid: Int) -> Item? {
        issues[iid].map { Item(iid: iid, description: $0.description, title: $0.title, closed: $0.closed) }
    }

    static func json(_ item: Item?) -> [String: Any]? {
        item.map {
            [
                "iid": $0.iid, "web_url": "https://gitlab.example.com/ops/platform/app/-/issues/\($0.iid)",
                "state": $0.closed ? "closed" : "opened", "description": $0.description, "title": $0.title,
                "closed_at": $0.closed ? "2026-11-03T08:00:00.000Z" : NSNull(),
            ]
        }
    }

    var count: Int { issues.count }

    static func router(_ state: FakeGitLab) -> Router<BasicRequestContext> {
        let router = Router()
        let base = "/api/v4/projects/ops%2Fplatform%2Fapp"
        @Sendable func json(_ object: Any, _ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
            var fields = headers
            fields[.contentType] = "application/json"
            let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
            return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: data)))
        }
        router.post("\(base)/issues") { request, _ -> Response in
            guard request.headers[.init("PRIVATE-TOKEN")!] == "gl-token" else {
                return json(["message": "401 Unauthorized"], .unauthorized)
            }
            let body = try await request.body.collect(upTo: 1 << 20)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
            guard
                let iid = await state.create(
                    title: object["title"] as? String ?? "", description: object["description"] as? String ?? "",
                    labels: object["labels"] as? String ?? "")
            else { return json(["message": "Retry later"], .tooManyRequests, headers: [.retryAfter: "1"]) }
            return json(FakeGitLab.json(await state.item(iid)) ?? [:], .created)
        }
        router.get("\(base)/issues") { request, _ -> Response in
            guard request.headers[.init("PRIVATE-TOKEN")!] == "gl-token" else {
                return json(["message": "401 Unauthorized"], .unauthorized)
            }
            let page = request.uri.queryParameters["page"].flatMap { Int(String($0)) } ?? 1
            let total = await state.count
            var items: [[String: Any]] = []
            for iid in stride(from: (page - 1) * 2 + 1, through: min(total, page * 2), by: 1) {
                if let item = FakeGitLab.json(await state.item(iid)) { items.append(item) }
            }
            return json(items, .ok, headers: [.init("X-Next-Page")!: page * 2 < total ? String(page + 1) : ""])
        }
        router.get("\(base)/issues/:iid") { request, context -> Response in
            guard let iid = context.parameters.get("iid").flatMap(Int.init),
                let item = FakeGitLab.json(await state.item(iid))
            else {
                return json(["message": "404 Not found"], .notFound)
            }
            return json(item, .ok)
        }
        return router
    }
}

@Suite("Tracker sync with GitLab's issues API, against a loopback server that speaks it")
struct GitLabSyncTests {
    @Test("the same sync through GitLab: an issue made, one found by its marker, a closed one closing its item")
    func sync() async throws {
        let gitlab = FakeGitLab()
        let app = Application(
            router: FakeGitLab.router(gitlab), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let store = try SQLiteStore()
            var pm = PostMortem(id: "queue", title: "Queue stalled", authors: ["ana"])
            pm.actionItems = [
                ActionItem(title: "Alert on consumer lag", owner: "ana", priority: .p2),
                ActionItem(title: "Closed over there", link: "https://gitlab.example.com/ops/platform/app/-/issues/1"),
                ActionItem(title: "Made by a cut-off run"),
            ]
            _ = try await store.create(pm, by: "ana", note: "", demo: false)
            await gitlab.seed("done", closed: true)
            await gitlab.seed("<!-- debrief-action: queue#3 -->", closed: false)
            await gitlab.seed("other", closed: false)
            var settings = TrackerSettings(kind: .gitlab, repository: "ops/platform/app")
            settings.apiURL = "http://127.0.0.1:\(client.port!)/api/v4"
            let sync = TrackerSync(tracker: settings.client(token: "gl-token", maxWait: 5), store: store, baseURL: nil)
            let report = try await sync.run(dryRun: false)
            #expect(report.failed.isEmpty, "\(report.failed)")
            #expect(report.created == ["queue#1 → https://gitlab.example.com/ops/platform/app/-/issues/4"])
            #expect(report.found == ["queue#3 → https://gitlab.example.com/ops/platform/app/-/issues/2"])
            #expect(report.closed == ["queue#2"])
            let items = try #require(try await store.exportOne(id: "queue")).postMortem.actionItems
            #expect(items[0].link == "https://gitlab.example.com/ops/platform/app/-/issues/4")
            #expect(items[1].status == .done && items[1].closed == LocalDate(iso: "2026-11-03"))
            #expect(try await sync.run(dryRun: false).created.isEmpty)
            #expect(await gitlab.creations == 1)
        }
    }
}

/// A loopback server that answers as Jira Cloud's REST API v3 does: Basic auth, issues created
/// with an Atlassian Document description, `search/jql` pages by `nextPageToken`, status
/// categories, one 429 first.
actor FakeJira {
    struct Issue: Sendable {
        var key: String
        var description: String
        var done: Bool
    }
    var issues: [Issue] = []
    var limited = true
    var created: [String] = []
    var payloads: [String] = []

    func record(_ payload: String) { payloads.append(payload) }

    func seed(_ description: String, done: Bool) {
        issues.append(Issue(key: "OPS-\(issues.count + 1)", description: description, done: done))
    }

    func create(description: String) -> String? {
        if limited {
            limited = false
            return nil
        }
        let key = "OPS-\(issues.count + 1)"
        issues.append(Issue(key: key, description: description, done: false))
        created.append(key)
        return key
    }

    func all() -> [Issue] { issues }

    static func json(_ issue: Issue) -> [String: Any] {
        [
            "key": issue.key,
            "fields": [
                "status": ["statusCategory": ["key": issue.done ? "done" : "new"]],
                "resolutiondate": issue.done ? "2026-11-04T10:15:00.000+0000" : NSNull(),
                "description": [
                    "type": "doc", "version": 1,
                    "content": issue.description.split(separator: "\n").map {
                        ["type": "paragraph", "content": [["type": "text", "text": String($0)]]]
                    },
                ],
            ],
        ]
    }

    static func router(_ state: FakeJira) -> Router<BasicRequestContext> {
        let router = Router()
        let auth = "Basic " + Data("bot@acme.example:jira-token".utf8).base64EncodedString()
        @Sendable func json(_ object: Any, _ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
            var fields = headers
            fields[.contentType] = "application/json"
            let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
            return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: data)))
        }
        router.post("/rest/api/3/issue") { request, _ -> Response in
            guard request.headers[.authorization] == auth else {
                return json(["errorMessages": ["unauthorized"]], .unauthorized)
            }
            let body = try await request.body.collect(upTo: 1 << 20)
            await state.record(String(buffer: body))
            let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
            let fields = object["fields"] as? [String: Any] ?? [:]
            guard (fields["project"] as? [String: Any])?["key"] as? String == "OPS", fields["summary"] is String else {
                return json(["errors": ["project": "required"]], .badRequest)
            }
            // The description's text, as Jira keeps it.
            let paragraphs = (fields["description"] as? [String: Any])?["content"] as? [[String: Any]] ?? []
            let text = paragraphs.map { p in
                ((p["content"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }.joined()
            }.joined(separator: "\n")
            guard let key = await state.create(description: text) else {
                return json(["errorMessages": ["rate limit"]], .tooManyRequests, headers: [.retryAfter: "1"])
            }
            return json(["id": "10001", "key": key, "self": "http://jira/rest/api/3/issue/10001"], .created)
        }
        router.get("/rest/api/3/search/jql") { request, _ -> Response in
            guard request.headers[.authorization] == auth else {
                return json(["errorMessages": ["unauthorized"]], .unauthorized)
            }
            let page = request.uri.queryParameters["nextPageToken"].flatMap { Int(String($0).dropFirst(4)) } ?? 1
            let all = await state.all()
            let slice = all.dropFirst((page - 1) * 2).prefix(2)
            let last = page * 2 >= all.count
            var answer: [String: Any] = ["issues": slice.map(FakeJira.json), "isLast": last]
            if !last { answer["nextPageToken"] = "page\(page + 1)" }
            return json(answer, .ok)
        }
        router.get("/rest/api/3/issue/:key") { _, context -> Response in
            let key = context.parameters.get("key") ?? ""
            guard let issue = await state.all().first(where: { $0.key == key }) else {
                return json(["errorMessages": ["Issue does not exist"]], .notFound)
            }
            return json(FakeJira.json(issue), .ok)
        }
        return router
    }
}

@Suite("Tracker sync with Jira Cloud's REST API v3, against a loopback server that speaks it")
struct JiraSyncTests {
    @Test("issues made with an Atlassian Document description, found again by JQL pages, done by status category")
    func sync() async throws {
        let jira = FakeJira()
        let app = Application(
            router: FakeJira.router(jira), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let site = "http://127.0.0.1:\(client.port!)"
            let store = try SQLiteStore()
            var pm = PostMortem(id: "dns", title: "DNS record deleted", authors: ["tom"])
            pm.actionItems = [
                ActionItem(
                    title: "Protect zone records", owner: "tom", due: LocalDate(year: 2026, month: 12, day: 20),
                    priority: .p1),
                ActionItem(title: "Done in Jira", link: site + "/browse/OPS-1"),
                ActionItem(title: "Made by a cut-off run"),
            ]
            _ = try await store.create(pm, by: "tom", note: "", demo: false)
            await jira.seed("closed one", done: true)
            await jira.seed("made earlier\n<!-- debrief-action: dns#3 -->", done: false)
            await jira.seed("unrelated", done: false)
            var settings = TrackerSettings(kind: .jira, repository: "OPS")
            settings.apiURL = site
            settings.user = "bot@acme.example"
            let sync = TrackerSync(
                tracker: settings.client(token: "jira-token", maxWait: 5), store: store, baseURL: nil)
            let report = try await sync.run(dryRun: false)
            #expect(report.failed.isEmpty, "\(report.failed)")
            #expect(report.created == ["dns#1 → \(site)/browse/OPS-4"])
            #expect(report.found == ["dns#3 → \(site)/browse/OPS-2"])
            #expect(report.closed == ["dns#2"])
            let closedItem = try #require(try await store.exportOne(id: "dns")).postMortem.actionItems[1]
            #expect(closedItem.closed == LocalDate(iso: "2026-11-04"), "Jira's resolutiondate, +0000 offset")
            let made = try #require(await jira.all().last)
            #expect(made.description.contains("<!-- debrief-action: dns#1 -->"))
            #expect(try await sync.run(dryRun: false).created.isEmpty)
            #expect(await jira.created == ["OPS-4"])
            let sent = await jira.payloads.last ?? ""
            #expect(sent.contains("\"duedate\":\"2026-12-20\"") && sent.contains("\"name\":\"High\""), "\(sent)")
        }
    }
}

/// A loopback server that answers Linear's GraphQL requests as the API does: the team by key,
/// `issueCreate`, `issues` filtered by description with cursor pages, one issue by identifier,
/// GraphQL errors in a 200 answer, and the key in `Authorization`.
actor FakeLinear {
    struct Issue: Sendable {
        var identifier: String
        var description: String
        var completed: Bool
    }
    var issues: [Issue] = []
    var created = 0
    var inputs: [String] = []

    func record(_ input: String) { inputs.append(input) }

    func seed(_ description: String, completed: Bool) {
        issues.append(Issue(identifier: "OPS-\(issues.count + 1)", description: description, completed: completed))
    }

    func create(_ description: String) -> Issue {
        created += 1
        let issue = Issue(identifier: "OPS-\(issues.count + 1)", description: description, completed: false)
        issues.append(issue)
        return issue
    }

    func all() -> [Issue] { issues }

    static func json(_ issue: Issue) -> [String: Any] {
        [
            "identifier": issue.identifier, "url": "https://linear.app/acme/issue/\(issue.identifier)/title",
            "description": issue.description, "state": ["type": issue.completed ? "completed" : "started"],
            "completedAt": issue.completed ? "2026-11-05T12:00:00.000Z" : NSNull(),
        ]
    }

    static func router(_ state: FakeLinear) -> Router<BasicRequestContext> {
        let router = Router()
        @Sendable func answer(_ object: Any) -> Response {
            let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(data: data)))
        }
        router.post("/graphql") { request, _ -> Response in
            guard request.headers[.authorization] == "lin_api_test" else {
                return answer(["errors": [["message": "Authentication required, not authenticated"]]])
            }
            let body = try await request.body.collect(upTo: 1 << 20)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
            let query = object["query"] as? String ?? ""
            let variables = object["variables"] as? [String: Any] ?? [:]
            if query.contains("teams(") {
                let known = variables["key"] as? String == "OPS"
                return answer(["data": ["teams": ["nodes": known ? [["id": "team-uuid-1"]] : []]]])
            }
            if query.contains("issueCreate") {
                let input = variables["input"] as? [String: Any] ?? [:]
                await state.record(
                    String(
                        decoding: (try? JSONSerialization.data(withJSONObject: input, options: .sortedKeys)) ?? Data(),
                        as: UTF8.self))
                guard input["teamId"] as? String == "team-uuid-1" else {
                    return answer(["errors": [["message": "Argument Validation Error"]]])
                }
                let issue = await state.create(input["description"] as? String ?? "")
                return answer(["data": ["issueCreate": ["success": true, "issue": FakeLinear.json(issue)]]])
            }
            if query.contains("issues(") {
                let after = (variables["after"] as? String).flatMap { Int($0) } ?? 0
                // (The filter Linear applies is not modelled: every issue comes, which the sync
                // must cope with anyway.)
                let matching = await state.all()
                let page = Array(matching.dropFirst(after).prefix(2))
                let more = after + 2 < matching.count
                return answer([
                    "data": [
                        "issues": [
                            "nodes": page.map(FakeLinear.json),
                            "pageInfo": [
                                "hasNextPage": more, "endCursor": more ? String(after + 2) as Any : NSNull() as Any,
                            ],
                        ]
                    ]
                ])
            }
            if query.contains("issue(") {
                let id = variables["id"] as? String
                let issue = await state.all().first { $0.identifier == id }
                return answer(["data": ["issue": issue.map { FakeLinear.json($0) as Any } ?? (NSNull() as Any)]])
            }
            return answer(["errors": [["message": "Unknown query"]]])
        }
        return router
    }
}

@Suite("Tracker sync with Linear's GraphQL API, against a loopback server that speaks it")
struct LinearSyncTests {
    @Test(
        "the team found by key, an issue made, one found again by its marker across pages, a completed one closing its item"
    )
    func sync() async throws {
        let linear = FakeLinear()
        let app = Application(
            router: FakeLinear.router(linear), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let store = try SQLiteStore()
            var pm = PostMortem(id: "cache", title: "Cache stampede", authors: ["li"])
            pm.actionItems = [
                ActionItem(
                    title: "Jitter the expiry", owner: "li", due: LocalDate(year: 2027, month: 1, day: 5), priority: .p0
                ),
                ActionItem(title: "Completed in Linear", link: "https://linear.app/acme/issue/OPS-1/completed"),
                ActionItem(title: "Made by a cut-off run"),
            ]
            _ = try await store.create(pm, by: "li", note: "", demo: false)
            await linear.seed("debrief-action: elsewhere#1", completed: true)
            await linear.seed("unrelated", completed: false)
            await linear.seed("<!-- debrief-action: cache#3 -->", completed: false)
            var settings = TrackerSettings(kind: .linear, repository: "OPS")
            settings.apiURL = "http://127.0.0.1:\(client.port!)/graphql"
            let sync = TrackerSync(
                tracker: settings.client(token: "lin_api_test", maxWait: 5), store: store, baseURL: nil)
            let report = try await sync.run(dryRun: false)
            #expect(report.failed.isEmpty, "\(report.failed)")
            #expect(report.created == ["cache#1 → https://linear.app/acme/issue/OPS-4/title"])
            #expect(report.found == ["cache#3 → https://linear.app/acme/issue/OPS-3/title"])
            #expect(report.closed == ["cache#2"])
            let closedItem = try #require(try await store.exportOne(id: "cache")).postMortem.actionItems[1]
            #expect(closedItem.closed == LocalDate(iso: "2026-11-05"))
            #expect(try await sync.run(dryRun: false).created.isEmpty)
            #expect(await linear.created == 1)
            let input = await linear.inputs.last ?? ""
            #expect(input.contains("\"dueDate\":\"2027-01-05\"") && input.contains("\"priority\":1"), "\(input)")
            // A wrong key is Linear's GraphQL error, said plainly.
            let denied = TrackerSync(tracker: settings.client(token: "nope"), store: store, baseURL: nil)
            await #expect(throws: DeliveryError.self) { _ = try await denied.run(dryRun: false) }
        }
    }
}
