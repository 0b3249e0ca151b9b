import DebriefCore
import DebriefFormat

/// Canonical Markdown for request bodies.
enum DebriefFormatBridge {
    static func render(_ pm: PostMortem) -> String { MarkdownRenderer.render(pm) }
}
