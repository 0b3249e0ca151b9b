import Foundation
import Testing

@testable import DebriefEvidence

@Suite("Git history")
struct GitHistoryTests {
    /// A repository with a config change, a merge and the revert of the change, at known times.
    static func repository() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("repo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        func git(_ arguments: [String], at time: Int? = nil) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", path] + arguments
            var environment = ProcessInfo.processInfo.environment
            environment["GIT_AUTHOR_NAME"] = "Dev Patel"
            environment["GIT_AUTHOR_EMAIL"] = "dev@example.com"
            environment["GIT_COMMITTER_NAME"] = "Dev Patel"
            environment["GIT_COMMITTER_EMAIL"] = "dev@example.com"
            if let time {
                environment["GIT_AUTHOR_DATE"] = "@\(time) +0000"
                environment["GIT_COMMITTER_DATE"] = "@\(time) +0000"
            }
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }
        func write(_ file: String, _ text: String) throws {
            try text.write(toFile: (path as NSString).appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        try git(["init", "-q", "-b", "main"])
        try write("pool.yaml", "size: 20\n")
        try git(["add", "."])
        try git(["commit", "-q", "-m", "Add pool config"], at: 1_772_700_000)
        try write("pool.yaml", "size: 80\n")
        try git(["commit", "-q", "-am", "Raise pool size to 80"], at: 1_772_715_000)
        try git(["revert", "--no-edit", "HEAD"], at: 1_772_718_000)
        return path
    }

    @Test("commits come with dates, files and the commit a revert undoes")
    func read() throws {
        let path = try Self.repository()
        let commits = try GitHistory.read(repository: path)
        #expect(commits.count == 3)
        let change = try #require(commits.first { $0.subject == "Raise pool size to 80" })
        #expect(change.time == 1_772_715_000)
        #expect(change.files == ["pool.yaml"])
        #expect(change.author == "Dev Patel")
        let revert = try #require(commits.first { $0.isRevert })
        #expect(revert.reverts == change.sha)
        #expect(revert.time == 1_772_718_000)
        let window = try GitHistory.read(repository: path, since: 1_772_710_000)
        #expect(window.count == 2)
    }

    @Test("a folder that is not a repository is a clear error")
    func notARepository() {
        #expect(throws: GitError.self) { try GitHistory.read(repository: FileManager.default.temporaryDirectory.path) }
    }
}
