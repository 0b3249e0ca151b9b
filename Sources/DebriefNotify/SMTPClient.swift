import DebriefCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Why a message could not be sent: what the server said, or what went wrong on the way.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A small SMTP client (RFC 5321): EHLO, STARTTLS when offered (or required), AUTH PLAIN when
/// a user is configured, one message to one or more recipients, QUIT.
public struct SMTPClient: Sendable {
    public var settings: SMTPSettings
    /// The name this client gives in EHLO.
    public var localName: String
    public var timeout: TimeAmount

    public init(_ settings: SMTPSettings, localName: String = "debrief.localhost", timeout: TimeAmount = .seconds(20)) {
        self.settings = settings
        self.localName = localName
        self.timeout = timeout
    }

    /// Sends one plain-text message.
    public func send(from: String, to recipients: [String], subject: String, body: String, date: Date = Date())
        async throws
    {
        for address in [from] + recipients where !Self.isAddress(address) {
            throw DeliveryError("'\(address)' is not an e-mail address")
        }
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let password = settings.username.map { _ in
            ProcessInfo.processInfo.environment[settings.passwordEnvironment] ?? ""
        }
        try await channel.executeThenClose { inbound, outbound in
            var session = Session(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            try await session.expect(220)
            var features = try await session.command("EHLO \(localName)", expect: 250)
            if features.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }), settings.tls != .never {
                try await session.command("STARTTLS", expect: 220)
                try await startTLS(on: channel.channel)
                features = try await session.command("EHLO \(localName)", expect: 250)
            } else if settings.tls == .require {
                throw DeliveryError("\(settings.host) does not offer STARTTLS, and the policy requires it")
            }
            if let user = settings.username {
                guard
                    features.contains(where: { $0.uppercased().hasPrefix("AUTH") && $0.uppercased().contains("PLAIN") })
                else { throw DeliveryError("\(settings.host) offers no AUTH PLAIN for the configured user") }
                let token = Data("\u{0}\(user)\u{0}\(password ?? "")".utf8).base64EncodedString()
                try await session.command("AUTH PLAIN \(token)", expect: 235)
            }
            try await session.command("MAIL FROM:<\(from)>", expect: 250)
            for recipient in recipients { try await session.command("RCPT TO:<\(recipient)>", expect: 250, 251) }
            try await session.command("DATA", expect: 354)
            try await session.send(Self.message(from: from, to: recipients, subject: subject, body: body, date: date))
            try await session.expect(250)
            _ = try? await session.command("QUIT", expect: 221)
        }
    }

    /// Puts TLS in front of the connection after the server's 220 to STARTTLS.
    func startTLS(on channel: any Channel) async throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile {
            configuration.additionalTrustRoots = [.file(caFile)]
        }
        let context = try NIOSSLContext(configuration: configuration)
        let host = settings.host
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(
                context: context, serverHostname: host.first?.isNumber == true ? nil : host)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    /// The message text, headers and body, with CRLF line ends and dot-stuffing, ended by
    /// the lone dot.
    static func message(from: String, to: [String], subject: String, body: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let headers = [
            "From: \(from)", "To: \(to.joined(separator: ", "))", "Subject: \(encodedHeader(subject))",
            "Date: \(formatter.string(from: date))", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "Auto-Submitted: auto-generated",
        ]
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        return (headers + [""] + lines).joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// A header value as RFC 2047 encoded words when it is not plain ASCII.
    static func encodedHeader(_ text: String) -> String {
        let clean = text.filter { $0 != "\r" && $0 != "\n" }
        guard !clean.allSatisfy(\.isASCII) else { return clean }
        return "=?utf-8?B?" + Data(clean.utf8).base64EncodedString() + "?="
    }

    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !text.contains(where: { $0.isWhitespace || "<>\r\n,;".contains($0) })
    }

    /// One SMTP conversation: commands out, replies (possibly of several lines) in.
    struct Session {
        var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        var pending = ""

        mutating func send(_ text: String) async throws {
            try await outbound.write(ByteBuffer(string: text))
        }

        /// Sends `line` and reads the reply, which must carry one of `codes`; the reply's
        /// lines after the code (EHLO's features).
        @discardableResult
        mutating func command(_ line: String, expect codes: Int...) async throws -> [String] {
            try await send(line + "\r\n")
            return try await expect(codes)
        }

        @discardableResult
        mutating func expect(_ codes: Int...) async throws -> [String] { try await expect(codes) }

        mutating func expect(_ codes: [Int]) async throws -> [String] {
            var lines: [String] = []
            while true {
                let line = try await nextLine()
                lines.append(line)
                guard line.count >= 3, let code = Int(line.prefix(3)) else {
                    throw DeliveryError("the mail server answered '\(line)'")
                }
                // "250-" continues, "250 " (or a bare code) ends the reply.
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                    guard codes.contains(code) else {
                        throw DeliveryError("the mail server answered '\(lines.joined(separator: " / "))'")
                    }
                    return lines.map { String($0.dropFirst(4)) }
                }
            }
        }

        mutating func nextLine() async throws -> String {
            while true {
                if let end = pending.range(of: "\r\n") {
                    let line = String(pending[..<end.lowerBound])
                    pending.removeSubrange(..<end.upperBound)
                    return line
                }
                guard pending.utf8.count < 64 * 1024 else {
                    throw DeliveryError("the mail server sent a line too long")
                }
                guard var buffer = try await inbound.next() else {
                    throw DeliveryError("the mail server closed the connection")
                }
                pending += buffer.readString(length: buffer.readableBytes) ?? ""
            }
        }
    }
}
