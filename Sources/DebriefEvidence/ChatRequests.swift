import Foundation

/// Requests for follow-up work in chat ("follow-ups I'd like in the doc: alert on saturation,
/// load-test config changes"), read as candidate action items for the draft. Such a message is
/// a request, not an event: it is not a timeline entry of any kind, whatever words it holds.
public enum ChatRequests {
    /// Words that introduce follow-up work; the list of requests follows a colon after them.
    /// Live tasks ("can someone check the logs?", "we should see recovery soon") are not
    /// follow-ups, so words without a list after a colon are not read as requests.
    static let openers = [
        "follow-ups", "follow ups", "followups", "follow-up", "follow up", "action items", "action item",
        "next steps", "todo", "to-do", "for the postmortem", "for the post-mortem", "for the doc", "in the doc",
        "for the retro",
    ]

    /// The requests a message makes, in order; empty when it makes none.
    public static func candidates(in text: String) -> [String] {
        let lower = text.lowercased()
        guard let opener = openers.compactMap({ lower.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }),
            let colon = text[opener.upperBound...].firstIndex(of: ":"),
            text[opener.upperBound..<colon].count <= 40
        else { return [] }
        var items: [String] = []
        for line in text[text.index(after: colon)...].split(whereSeparator: \.isNewline) {
            for part in line.split(whereSeparator: { $0 == "," || $0 == ";" }) {
                let item = part.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "-*•.?!")))
                if item.count >= 4 { items.append(item.prefix(1).uppercased() + item.dropFirst()) }
            }
        }
        return items
    }
}
