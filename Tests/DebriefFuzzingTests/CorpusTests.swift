import DebriefFuzzing
import Foundation
import Testing

/// The repository's root, from this file's place in it.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Every file of `Fuzz/corpus/TARGET`, crashes found by fuzzing included, plus the examples and
/// import fixtures for the targets that read post-mortems.
func corpus(_ target: String) throws -> [URL] {
    var folders = [repository.appendingPathComponent("Fuzz/corpus/\(target)")]
    if target == "markdown" || target == "importer" {
        folders.append(repository.appendingPathComponent("examples"))
        folders.append(repository.appendingPathComponent("Tests/DebriefFormatTests/Fixtures/import"))
    }
    return try folders.flatMap { folder in
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.hasDirectoryPath }.sorted { $0.path < $1.path }
    }
}

@Suite("Fuzz targets on their corpus")
struct CorpusTests {
    @Test("each input of the corpus keeps every promise the target checks", arguments: FuzzTargets.names)
    func replay(target: String) throws {
        let inputs = try corpus(target)
        #expect(inputs.count >= 3, "the \(target) corpus is nearly empty")
        for input in inputs {
            #expect(throws: Never.self, "\(input.lastPathComponent)") {
                try FuzzTargets.run(target, try Data(contentsOf: input))
            }
        }
    }

    @Test("a broken promise is reported, not swallowed")
    func failuresAreSeen() {
        #expect(throws: FuzzFailure.self) { try FuzzTargets.run("no-such-target", Data()) }
    }
}
