import CompressNIO
import Foundation
import NIOCore
import Testing

@testable import DebriefEvidence

@Suite("CloudTrail")
struct CloudTrailTests {
    static let document = """
        {"Records":[
          {"eventTime":"2026-03-05T13:02:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey",
           "userIdentity":{"type":"IAMUser","userName":"ci-deployer"},"eventID":"e-2"},
          {"eventTime":"2026-03-05T13:01:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject",
           "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123:assumed-role/app/x"},"eventID":"e-1"},
          {"eventTime":"2026-03-05T13:03:00Z","eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress",
           "userIdentity":{"type":"IAMUser","userName":"ci-deployer"},"errorCode":"AccessDenied","eventID":"e-3"}
        ]}
        """

    @Test("a gzipped CloudTrail document becomes records, oldest first, errors by errorCode, cited by eventID")
    func records() throws {
        var buffer = ByteBuffer(string: Self.document)
        var compressed = try buffer.compress(with: .gzip())
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trail-\(UUID().uuidString).json.gz")
            .path
        try Data(compressed.readBytes(length: compressed.readableBytes)!).write(to: URL(fileURLWithPath: path))
        #expect(CloudTrail.looksLikeCloudTrail(try CloudTrail.peek(path: path)))
        let events = try CloudTrail.events(try CloudTrail.document(path: path), file: path)
        #expect(events.map(\.citation) == ["cloudtrail:e-1", "cloudtrail:e-2", "cloudtrail:e-3"])
        var scan = LogScan()
        for (i, event) in events.enumerated() {
            var line = event.line
            _ = line.withUTF8 { scan.add($0, number: i + 1, record: event.citation) }
        }
        #expect(scan.levels[.error] == 1 && scan.levels[.info] == 2)
        let failed = try #require(scan.miner.templates.first { $0.text.contains("AccessDenied") })
        #expect(failed.text.hasSuffix("AuthorizeSecurityGroupIngress by ci-deployer failed: AccessDenied"))
        #expect(scan.firstLine[failed.id]?.record == "cloudtrail:e-3")
        #expect(!CloudTrail.looksLikeCloudTrail(Array(#"{"time":"x","level":"info"}"#.utf8)))
        #expect(throws: CloudTrailError.self) { try CloudTrail.events(Data(#"{"Records": 3}"#.utf8), file: "x") }
    }
}
