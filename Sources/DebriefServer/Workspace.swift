import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation

/// First start of a new database: an admin account and the demo workspace.
public enum Workspace {
    /// What `prepare` did, for `debrief serve` to print.
    public struct FirstRun: Sendable {
        /// The admin's generated password, when the admin was created now (shown once).
        public var adminPassword: String?
        public var demoSeeded: Int
    }

    /// Creates the `admin` account when there are no accounts, and seeds the demo workspace
    /// when the database holds no post-mortems and `demo` is true.
    public static func prepare(store: any Store, settings: ServerSettings, demo: Bool) async throws -> FirstRun {
        var run = FirstRun(adminPassword: nil, demoSeeded: 0)
        if try await store.users().isEmpty {
            let password = Accounts.generatePassword()
            do {
                _ = try await Accounts(store: store, settings: settings).addUser(
                    name: "admin", displayName: "Administrator", role: .admin, password: password)
                run.adminPassword = password
            } catch StoreError.duplicate {
                // Another server on the same database started at the same moment and made it;
                // that one prints the password.
            }
        }
        if demo, try await store.count() == 0 {
            run.demoSeeded = try await seedDemo(into: store)
        }
        return run
    }

    /// The demo post-mortems shipped with the server (a dozen, all severities and kinds),
    /// marked demo so that `debrief demo remove` takes them out again.
    public static func seedDemo(into store: any Store) async throws -> Int {
        guard let folder = Bundle.module.url(forResource: "Demo", withExtension: nil) else { return 0 }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
            .sorted()
        var count = 0
        for name in files {
            let document = try PostMortemFiles.read(folder.appendingPathComponent(name).path)
            let pm = Importer.normalize(document.postMortem)
            if try await store.exists(id: pm.id) { continue }
            do {
                _ = try await store.create(pm, by: "demo", note: "demo workspace", demo: true)
                count += 1
            } catch StoreError.duplicate {
                // Seeded at the same moment by another server on the same database.
            }
        }
        return count
    }
}
