import DebriefCore
import DebriefFormat
import Foundation

let path = CommandLine.arguments[1]
let data = try Data(contentsOf: URL(fileURLWithPath: path))
do {
    let doc = try PostMortemParser.parse(data: data, path: path)
    print(MarkdownRenderer.render(doc.postMortem))
    print(doc.diagnostics)
} catch { print(error) }
