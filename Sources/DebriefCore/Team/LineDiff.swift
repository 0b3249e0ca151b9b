/// A line-by-line difference between two texts, for the history page.
public enum LineDiff {
    public enum Change: Sendable, Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The edit script from `old` to `new` by longest common subsequence. Texts longer than
    /// `limit` lines in both are compared with their common head and tail only, the middle
    /// shown as removed then added, to bound the work.
    public static func diff(_ old: String, _ new: String, limit: Int = 4000) -> [Change] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        let midA = Array(a[head..<(a.count - tail)])
        let midB = Array(b[head..<(b.count - tail)])
        var changes = a[..<head].map { Change.same($0) }
        if midA.count > limit || midB.count > limit || midA.count * midB.count > limit * limit {
            changes += midA.map { .removed($0) } + midB.map { .added($0) }
        } else {
            changes += lcs(midA, midB)
        }
        changes += a[(a.count - tail)...].map { .same($0) }
        return changes
    }

    private static func lcs(_ a: [String], _ b: [String]) -> [Change] {
        let n = a.count
        let m = b.count
        // lengths[i][j] = LCS of a[i...] and b[j...], flattened.
        var lengths = [Int](repeating: 0, count: (n + 1) * (m + 1))
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lengths[i * (m + 1) + j] =
                        a[i] == b[j]
                        ? lengths[(i + 1) * (m + 1) + j + 1] + 1
                        : max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1])
                }
            }
        }
        var changes: [Change] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                changes.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < n, j == m || lengths[(i + 1) * (m + 1) + j] >= lengths[i * (m + 1) + j + 1] {
                changes.append(.removed(a[i]))
                i += 1
            } else {
                changes.append(.added(b[j]))
                j += 1
            }
        }
        return changes
    }
}
