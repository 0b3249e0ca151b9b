import DebriefCore
import DebriefStore
import Foundation
import Hummingbird

/// Screenshots and files attached to a post-mortem. Only known types are accepted, their
/// bytes must match the type, and they are served so that nothing executes: images inline
/// under a sandbox policy, everything else as a download.
struct AttachmentController {
    let services: Services

    /// Types shown in the page; SVG is not among them because it can carry script.
    static let inlineTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]
    static let downloadTypes: Set<String> = ["application/pdf", "text/plain", "text/csv", "application/json"]

    func addRoutes(to router: RouterGroup<AppContext>) {
        router.post("incidents/:id/attachments", use: upload)
        router.get("attachments/:attachment", use: serve)
    }

    /// The type the bytes show, or nil when they match none we accept.
    static func sniff(_ data: Data, declared: String, filename: String) -> String? {
        let bytes = [UInt8](data.prefix(16))
        func starts(_ prefix: [UInt8]) -> Bool {
            bytes.count >= prefix.count && Array(bytes[0..<prefix.count]) == prefix
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)), bytes.count >= 12, Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        // Text: valid UTF-8 with no NUL; the declared or extension type decides which text.
        guard String(data: data, encoding: .utf8) != nil, !data.contains(0) else { return nil }
        let ext = (filename as NSString).pathExtension.lowercased()
        switch ext {
        case "csv": return "text/csv"
        case "json": return "application/json"
        case "txt", "log", "md": return "text/plain"
        default: return declared == "text/csv" || declared == "application/json" ? declared : "text/plain"
        }
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let id = try context.parameters.require("id")
        let stored = try await services.editing.loadForEditing(id, member)
        guard let file = context.form?.files["file"], !file.data.isEmpty else {
            throw HTTPError(.badRequest, message: "choose a file")
        }
        guard file.data.count <= services.settings.maxAttachmentBytes else {
            throw HTTPError(
                .contentTooLarge,
                message: "attachments are limited to \(services.settings.maxAttachmentBytes / 1_048_576) MB")
        }
        guard let type = Self.sniff(file.data, declared: file.contentType, filename: file.filename) else {
            throw HTTPError(
                .unsupportedMediaType,
                message: "\(file.filename): only PNG, JPEG, GIF, WebP, PDF and text files are accepted")
        }
        // Keep only the last path component and printable characters of the name.
        let base = (file.filename.replacingOccurrences(of: "\\", with: "/") as NSString).lastPathComponent
        let name = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }.prefix(120))
        _ = try await services.editing.attach(
            NewAttachment(
                postMortem: id, filename: name.isEmpty ? "attachment" : name, contentType: type, data: file.data,
                uploadedBy: member.name), to: stored, by: member)
        return .redirect(to: Present.url(id) + "#attachments")
    }

    @Sendable func serve(_ request: Request, context: AppContext) async throws -> Response {
        let member = try context.requireMember()
        let attachmentID = try context.parameters.require("attachment")
        guard let (info, data) = try await services.store.attachment(id: attachmentID),
            try await services.store.postMortem(id: info.postMortem, for: member) != nil
        else { throw HTTPError(.notFound, message: "no such attachment") }
        var response = Response(
            status: .ok, headers: [.contentType: info.contentType], body: .init(byteBuffer: .init(bytes: data)))
        let inline = Self.inlineTypes.contains(info.contentType)
        let asciiName = String(
            info.filename.unicodeScalars.filter { $0.isASCII && $0 != "\"" && $0 != "\\" }.map(Character.init))
        response.headers[.contentDisposition] = "\(inline ? "inline" : "attachment"); filename=\"\(asciiName)\""
        response.headers[.contentSecurityPolicy] = "default-src 'none'; sandbox"
        return response
    }
}
