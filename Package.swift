// swift-tools-version: 6.1
import Foundation
import PackageDescription

let package = Package(
    name: "Debrief",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "debrief", targets: ["debrief"]),
        .library(name: "DebriefCore", targets: ["DebriefCore"]),
        .library(name: "DebriefFormat", targets: ["DebriefFormat"]),
        .library(name: "DebriefEvidence", targets: ["DebriefEvidence"]),
        .library(name: "DebriefStore", targets: ["DebriefStore"]),
        .library(name: "DebriefServer", targets: ["DebriefServer"]),
        .library(name: "DebriefFuzzing", targets: ["DebriefFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // The model and the reasoning: pure, no I/O, no clock.
        .target(name: "DebriefCore"),
        // Bytes <-> model: Markdown with YAML front matter, JSON, HTML, SARIF, CSV.
        .target(
            name: "DebriefFormat",
            dependencies: ["DebriefCore", .product(name: "Yams", package: "Yams")]
        ),
        // Byte masks 64 bytes at a time (vector compares Swift cannot turn into bits), for the scan.
        .target(name: "CByteMarks"),
        // Evidence: log readers, template mining, incident windows, timeline drafting.
        .target(
            name: "DebriefEvidence",
            dependencies: [
                "DebriefCore", "CByteMarks", .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The team's store: post-mortems with versions, users, sessions, tokens, comments, attachments;
        // SQLite (GRDB) by default, PostgreSQL (PostgresNIO) for several servers.
        .target(
            name: "DebriefStore",
            dependencies: [
                "DebriefCore", "DebriefFormat", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Reminders out: an SMTP client (STARTTLS) and incoming webhooks (Slack, Teams, any).
        .target(
            name: "DebriefNotify",
            dependencies: [
                "DebriefCore", "DebriefFormat", "DebriefStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The web app and the JSON API (Hummingbird, mustache templates).
        .target(
            name: "DebriefServer",
            dependencies: [
                "DebriefCore", "DebriefFormat", "DebriefStore", "DebriefNotify",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Templates"), .copy("Assets"), .copy("Demo")]
        ),
        // The command-line tool: one command per file, thin.
        .executableTarget(
            name: "debrief",
            dependencies: [
                "DebriefCore", "DebriefFormat", "DebriefEvidence", "DebriefStore", "DebriefServer", "DebriefNotify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What each fuzz target checks, for libFuzzer (scripts/fuzz) and for the corpus replay in tests.
        .target(name: "DebriefFuzzing", dependencies: ["DebriefCore", "DebriefFormat", "DebriefEvidence"]),
        // Scores the blame and hindsight model on Evaluation/language for scripts/language-eval.
        .executableTarget(
            name: "LanguageEval", dependencies: ["DebriefCore", "DebriefFormat"], path: "Evaluation/LanguageEval"),
        // Generates corpora for scripts/bench; prints figures, never pass/fail.
        .executableTarget(
            name: "DebriefBench",
            dependencies: ["DebriefCore", "DebriefFormat", "DebriefEvidence", "DebriefStore"],
            path: "Benchmarks/DebriefBench"
        ),
        .testTarget(
            name: "DebriefCoreTests",
            dependencies: [
                "DebriefCore", "DebriefFormat", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DebriefFormatTests",
            dependencies: [
                "DebriefCore", "DebriefFormat",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DebriefEvidenceTests",
            dependencies: [
                "DebriefEvidence", .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "DebriefNotifyTests",
            dependencies: [
                "DebriefNotify", "DebriefStore", "DebriefCore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "DebriefStoreTests",
            dependencies: ["DebriefStore", "DebriefFormat"]
        ),
        .testTarget(
            name: "DebriefServerTests",
            dependencies: [
                "DebriefServer", "DebriefStore", "DebriefFormat", .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DebriefFuzzingTests",
            dependencies: ["DebriefFuzzing"]
        ),
        .testTarget(
            name: "debriefTests",
            dependencies: ["debrief", "DebriefCore", "DebriefFormat", "DebriefStore"],
            // Read from the checkout by path, not bundled.
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer's driver, only when scripts/fuzz builds it (with -sanitize=fuzzer, which links
// the libFuzzer it calls): an ordinary build has no libFuzzer to link.
if ProcessInfo.processInfo.environment["DEBRIEF_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(name: "debrief-fuzz", dependencies: ["DebriefFuzzing"], path: "Fuzz/Sources/debrief-fuzz"))
}
