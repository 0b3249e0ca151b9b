import DebriefCore
import Foundation

/// The model as JSON with camelCase keys, plus the derived metrics.
public enum JSONFormat {
    struct Export: Encodable {
        var postMortem: PostMortem
        var metrics: IncidentMetrics

        func encode(to encoder: Encoder) throws {
            try postMortem.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(metrics, forKey: .metrics)
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
            static let metrics = Key(stringValue: "metrics")
        }
    }

    public static func encode(_ pm: PostMortem) throws -> String {
        String(
            decoding: try FindingsOutput.encoder().encode(Export(postMortem: pm, metrics: IncidentMetrics(pm))),
            as: UTF8.self)
    }

    /// Reads a post-mortem back from its JSON export (the `metrics` key is ignored).
    public static func decode(_ data: Data) throws -> PostMortem {
        try JSONDecoder().decode(PostMortem.self, from: data)
    }
}
