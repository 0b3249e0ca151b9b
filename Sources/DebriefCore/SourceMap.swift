/// A 1-based line and column in a source file.
public struct SourceLocation: Sendable, Codable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int = 1) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// What a line of a post-mortem file is, so text rules know what to read.
public enum LineRole: Sendable, Equatable {
    case frontMatter, heading, prose, code, quote, tableHeader, blank
}

/// One line of the source with its role and the standard section it belongs to.
public struct DocumentLine: Sendable, Equatable {
    public var number: Int
    public var text: String
    public var role: LineRole
    public var section: SectionKey?

    public init(number: Int, text: String, role: LineRole, section: SectionKey?) {
        self.number = number
        self.text = text
        self.role = role
        self.section = section
    }
}

/// Where each part of the model came from in the file.
public struct SourceMap: Sendable, Equatable {
    /// Front-matter keys (`severity`, `started`, `impact.personalData`…) to their line.
    public var metadata: [String: SourceLocation] = [:]
    /// Standard sections to their heading line.
    public var sections: [SectionKey: SourceLocation] = [:]
    public var timeline: [SourceLocation] = []
    public var actionItems: [SourceLocation] = []
    public var whys: [SourceLocation] = []
    public var factors: [SourceLocation] = []
    /// The line after the front matter, where the body starts.
    public var bodyStart = SourceLocation(line: 1)

    public init() {}

    /// The best place to point at for a metadata key: the key, else the top of the body.
    public func metadata(_ key: String) -> SourceLocation {
        metadata[key] ?? SourceLocation(line: 1)
    }

    /// Where timeline entry `index` is, else the Timeline heading.
    public func timelineEntry(_ index: Int) -> SourceLocation { item(timeline, index, .timeline) }

    /// Where action item `index` is, else the Action items heading.
    public func actionItem(_ index: Int) -> SourceLocation { item(actionItems, index, .actionItems) }

    /// Where contributing factor `index` is, else the Contributing factors heading.
    public func factor(_ index: Int) -> SourceLocation { item(factors, index, .contributingFactors) }

    func item(_ locations: [SourceLocation], _ index: Int, _ key: SectionKey) -> SourceLocation {
        index < locations.count ? locations[index] : section(key)
    }

    /// The heading of a section, else the top of the body.
    public func section(_ key: SectionKey) -> SourceLocation {
        sections[key] ?? bodyStart
    }
}

/// A problem the parser found but could read past (an unreadable time, an unknown value).
public struct Diagnostic: Sendable, Equatable {
    public var code: String
    public var message: String
    public var location: SourceLocation

    public init(code: String, message: String, location: SourceLocation) {
        self.code = code
        self.message = message
        self.location = location
    }
}

/// A post-mortem as read from a file: the model plus what lint rules need to point at lines.
public struct SourceDocument: Sendable {
    public var path: String
    public var postMortem: PostMortem
    public var sourceMap: SourceMap
    public var lines: [DocumentLine]
    public var diagnostics: [Diagnostic]

    public init(
        path: String, postMortem: PostMortem, sourceMap: SourceMap = SourceMap(), lines: [DocumentLine] = [],
        diagnostics: [Diagnostic] = []
    ) {
        self.path = path
        self.postMortem = postMortem
        self.sourceMap = sourceMap
        self.lines = lines
        self.diagnostics = diagnostics
    }
}
