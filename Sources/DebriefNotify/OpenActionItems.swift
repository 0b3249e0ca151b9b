import DebriefCore
import DebriefStore

/// What reminders and tracker sync both work through: every open action item of the store.
public enum OpenActionItems {
    /// Every open action item, once each: an operator's job, so restricted post-mortems' items
    /// too (read as each account named in them, as no anonymous reader sees them).
    public static func all(in store: any Store) async throws -> [ActionRow] {
        var rows = try await store.actionItems(
            ActionFilter(openOnly: true, limit: 1_000_000), for: Member(name: "", role: .admin))
        for user in try await store.users() where !user.disabled {
            rows += try await store.actionItems(
                ActionFilter(owner: user.name, openOnly: true, limit: 100_000),
                for: Member(name: user.name, role: user.role))
        }
        var seen = Set<String>()
        return rows.filter { seen.insert("\($0.postMortem)#\($0.index)").inserted }
    }
}
