import DebriefCore
import DebriefFormat
import DebriefStore
import Foundation

/// Generates corpora and times the lint pipeline's stages, for `scripts/bench lint`, and seeds
/// stores for `scripts/bench server`.
/// Usage: DebriefBench generate-postmortems N DIR | DebriefBench stages DIR | DebriefBench seed-store N DB
let arguments = CommandLine.arguments
if arguments.count == 4, arguments[1] == "seed-store", let count = Int(arguments[2]) {
    let store = try SQLiteStore(path: arguments[3])
    let started = ContinuousClock.now
    for start in stride(from: 0, to: count, by: 1000) {
        try await store.createMany((start..<min(count, start + 1000)).map(variedPostMortem), by: "bench")
    }
    print("seeded \(count) post-mortems in \(ContinuousClock.now - started)")
    exit(0)
}
if arguments.count == 3, arguments[1] == "stages" {
    let files = try PostMortemFiles.collect([arguments[2]])
    let clock = ContinuousClock()
    var datas: [(String, Data)] = []
    let read = try clock.measure { datas = try files.map { ($0, try Data(contentsOf: URL(fileURLWithPath: $0))) } }
    var documents: [SourceDocument] = []
    let parse = try clock.measure { documents = try datas.map { try PostMortemParser.parse(data: $0.1, path: $0.0) } }
    var findings = 0
    let linter = Linter()
    let today = LocalDate(year: 2026, month: 1, day: 1)
    let lint = clock.measure {
        findings = documents.reduce(0) { $0 + linter.lint($1, policy: Policy(), today: today).count }
    }
    func ms(_ d: Duration) -> String {
        String(format: "%.0f ms", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000)
    }
    print(
        "stages over \(files.count) files: read \(ms(read)), parse \(ms(parse)), lint \(ms(lint)) (\(findings) findings)"
    )
    exit(0)
}
guard arguments.count == 4, arguments[1] == "generate-postmortems", let count = Int(arguments[2]) else {
    FileHandle.standardError.write(
        Data("usage: DebriefBench generate-postmortems N DIR | DebriefBench stages DIR\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[3])
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
for n in 0..<count {
    let pm = generatedPostMortem(n)
    let text = MarkdownRenderer.render(pm)
    try Data(text.utf8).write(to: folder.appendingPathComponent(String(format: "pm-%05d.md", n)))
}
print("wrote \(count) post-mortems to \(folder.path)")
