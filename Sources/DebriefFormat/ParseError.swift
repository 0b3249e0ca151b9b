import DebriefCore

/// Input Debrief cannot read, with where it is and what to do about it.
public struct ParseError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int = 1, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: error: message`, the form editors and CI logs link to.
    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

/// Bounds on what the parser reads, so a hostile file cannot exhaust memory.
public struct ParseLimits: Sendable {
    /// The longest line read, in bytes.
    public var maxLineBytes: Int
    /// The largest file read, in bytes.
    public var maxFileBytes: Int
    /// The largest front matter read, in bytes (real ones are a few hundred).
    public var maxFrontMatterBytes: Int
    /// What the post-mortem read may hold, field by field; a file over them is refused.
    public var sizes: SizeLimits

    public init(
        maxLineBytes: Int = 1 << 20, maxFileBytes: Int = 32 << 20, maxFrontMatterBytes: Int = 64 << 10,
        sizes: SizeLimits = .standard
    ) {
        self.maxLineBytes = maxLineBytes
        self.maxFileBytes = maxFileBytes
        self.maxFrontMatterBytes = maxFrontMatterBytes
        self.sizes = sizes
    }
}
