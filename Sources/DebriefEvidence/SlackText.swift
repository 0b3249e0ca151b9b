/// Slack's message markup read as the text a person saw: the three HTML escapes undone
/// (`&amp;` `&lt;` `&gt;`), mentions and links in angle brackets shown as Slack shows them
/// (`<@U0X2AAL3GM>` → `@priya`, `<#C024BE91L|general>` → `#general`, `<!here>` → `@here`,
/// `<https://example.com|the runbook>` → `the runbook (https://example.com)`), following
/// Slack's documented message formatting. Anything not markup is left as it is.
public enum SlackText {
    /// `users` and `channels` map ids to names, for mentions written without a label.
    public static func plain(_ text: String, users: [String: String] = [:], channels: [String: String] = [:]) -> String
    {
        guard text.contains("<") || text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            out += unescape(rest[..<open])
            guard let close = rest[open...].firstIndex(of: ">") else {
                rest = rest[open...]
                break
            }
            out += markup(rest[rest.index(after: open)..<close], users: users, channels: channels)
            rest = rest[rest.index(after: close)...]
        }
        return out + unescape(rest)
    }

    /// One `<…>` element: what Slack shows for it.
    static func markup(_ inner: Substring, users: [String: String], channels: [String: String]) -> String {
        let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let target = String(parts[0])
        let label = parts.count > 1 ? unescape(parts[1]) : nil
        switch target.first {
        case "@":
            let id = String(target.dropFirst())
            return "@" + (label ?? users[id] ?? id)
        case "#":
            let id = String(target.dropFirst())
            return "#" + (label ?? channels[id] ?? id)
        case "!":
            // <!here>, <!channel>, <!everyone>, <!subteam^ID|@team>, <!date^…|fallback>
            if let label { return label }
            let name = target.dropFirst().prefix { $0 != "^" }
            return "@" + name
        default:
            let url = unescape(Substring(target))
            if let label, label != url {
                return url.hasPrefix("mailto:") ? label : "\(label) (\(url))"
            }
            return url.hasPrefix("mailto:") ? String(url.dropFirst("mailto:".count)) : url
        }
    }

    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
