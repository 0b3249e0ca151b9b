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

    public init(maxLineBytes: Int = 1 << 20, maxFileBytes: Int = 32 << 20) {
        self.maxLineBytes = maxLineBytes
        self.maxFileBytes = maxFileBytes
    }
}
