/// A group of log lines that share one message template, such as
/// `connection to <*> timed out after <*> ms`.
public struct LogTemplate: Sendable, Equatable {
    public let id: Int
    /// The template's tokens as the lines held them (escapes and all); `<*>` marks a variable
    /// position.
    public internal(set) var tokens: [String]
    public internal(set) var count: Int
    /// How the text of its lines was escaped: a JSON string's or a quoted CSV field's.
    public internal(set) var escaping: TextEscaping = .none

    /// The template as a person reads it: a JSON message's `\"` and `\u00e9` decoded, a CSV
    /// field's `""` made one quote.
    public var text: String { escaping.decode(tokens.joined(separator: " ")) }
}

/// The escaping of a message's text in its line, undone only when a template is shown (the
/// miner groups the bytes as they are).
public enum TextEscaping: UInt8, Sendable, Equatable {
    case none
    /// A JSON string's (and a logfmt quoted value's): `\"`, `\\`, `\/`, `\uXXXX`. Line breaks and
    /// tabs (`\n`, `\t`) stay written as escapes, so a template stays one line.
    case json
    /// A quoted CSV field's: `""` for one quote.
    case csv

    public func decode(_ text: String) -> String {
        switch self {
        case .none: return text
        case .csv: return text.replacingOccurrences(of: "\"\"", with: "\"")
        case .json:
            guard text.contains("\\") else { return text }
            var out = String.UnicodeScalarView()
            var scalars = Array(text.unicodeScalars)[...]
            while let scalar = scalars.popFirst() {
                guard scalar == "\\", let next = scalars.first else {
                    out.append(scalar)
                    continue
                }
                switch next {
                case "\"", "\\", "/":
                    out.append(next)
                    scalars.removeFirst()
                case "u":
                    let hex = String(String.UnicodeScalarView(scalars.dropFirst().prefix(4)))
                    if hex.count == 4, let value = UInt32(hex, radix: 16), value >= 0x20,
                        let decoded = Unicode.Scalar(value)
                    {
                        out.append(decoded)
                        scalars.removeFirst(5)
                    } else {
                        out.append(scalar)
                    }
                default:
                    out.append(scalar)
                }
            }
            return String(out)
        }
    }
}

/// Groups log lines into templates online, one line at a time, with no per-format settings.
///
/// Drain-style: the header is set aside (`LogHeader`); in the message, weekday and month names
/// and each number-like run inside a token (digits, hex, `.:-+x` holding a digit) become `<*>`,
/// so `rhost=218.188.2.4` → `rhost=<*>` and `LOGIN(uid=0)` → `LOGIN(uid=<*>)`. Candidates share
/// the token count and the first token; a line joins the most similar one when enough positions
/// agree, and the positions that disagree become variables. Except for plain words: where a
/// line and its template hold different words with no number in them (`user=root` against
/// `user=guest`, `(reserved)` against `(usable)`), the line starts a sibling template, until a
/// position has taken more than `wordValues` (2) words; then the siblings fold into one template
/// with a variable there (`session opened for user <*>`), and lines given a folded template's
/// id resolve to the one it joined (`resolve`). Works on bytes, with tokens interned as
/// integers, since it runs for every line of every log.
public struct TemplateMiner: Sendable {
    public static let variable = "<*>"
    /// The settings, the same for every log format, chosen by `scripts/accuracy --all --loso`
    /// on every development system (the eight loghub samples and the development half of
    /// Debrief's own set): 0.5 and 2 did best there, and in nearly every leave-one-out fold.
    public static let defaultSimilarity = 0.5
    /// How many different plain words a position may hold before it is a variable.
    public static let defaultWordValues = 2

    /// The share of positions that must agree for a line to join a template.
    public let similarity: Double
    /// The file's CSV layout, when it is a CSV export: its records are mined on their message
    /// column (`addRecord`).
    public var csv: CSVLayout?
    /// How many different plain words a position may hold before it is a variable.
    public let wordValues: Int

    /// Interned tokens: id 0 is the variable.
    var tokens: TokenTable = {
        var table = TokenTable()
        var variable = TemplateMiner.variable
        _ = variable.withUTF8 { table.id($0[...]) }
        return table
    }()
    var templateTokens: [[Int32]] = []
    var counts: [Int] = []
    /// The template each one was folded into (itself while it stands).
    var parent: [Int] = []
    /// Per token id: 1 a plain word, 2 not (the variable, or a token with a masked number).
    var wordKinds: [UInt8] = [2]
    /// Per token id, once asked: 2 when, as a line's first token, it is a dotted name (see
    /// `firstKey`), 1 when not.
    var firstIsName: [UInt8] = []
    /// Standing templates by token count and first token.
    var index: [Key: [Int]] = [:]
    /// Line shapes (see `shape`) → the template a line of that shape joined; emptied when full.
    var shapes = ShapeMap<Int32>(capacity: 1 << 16)
    /// How many shapes are kept at most (0: none, every line is tokenized).
    var shapeCapacity: Int {
        get { shapes.capacity }
        set { shapes = ShapeMap(capacity: newValue) }
    }
    // Scratch space reused across lines.
    var ranges: [Range<Int>] = []
    var ids: [Int32] = []
    var masked: [UInt8] = []
    /// Per template: how its first line's text was escaped.
    var escapings: [TextEscaping] = []
    /// How the text of the line being added is escaped (set by the callers that read a field).
    var escaping = TextEscaping.none
    /// Whether the line placed last kept a token with digits whole (a message code such as
    /// `AH01630:`): lines of its shape may hold another code, so the shape is not remembered.
    public private(set) var keptDigits = false

    struct Key: Hashable {
        var length: Int
        var first: Int32
    }

    public init(similarity: Double = TemplateMiner.defaultSimilarity, wordValues: Int = TemplateMiner.defaultWordValues)
    {
        self.similarity = similarity
        self.wordValues = wordValues
    }

    /// The standing templates (those not folded into another), by id.
    public var templates: [LogTemplate] {
        templateTokens.indices.filter { parent[$0] == $0 }.map { template($0 + 1) }
    }

    /// The standing template a line given `id` belongs to now (ids start at 1).
    public func resolve(_ id: Int) -> Int {
        var index = id - 1
        while parent[index] != index { index = parent[index] }
        return index + 1
    }

    /// The template with this id, or the one it was folded into.
    public func template(_ id: Int) -> LogTemplate {
        let index = resolve(id) - 1
        return LogTemplate(
            id: index + 1, tokens: templateTokens[index].map { tokens.texts[Int($0)] }, count: counts[index],
            escaping: escapings[index])
    }

    public mutating func add(_ line: String) -> Int {
        var text = line
        return text.withUTF8 { add(bytes: $0) }
    }

    public mutating func add(_ line: Substring) -> Int { add(String(line)) }

    @inline(__always) static func numberLike(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70) || b == 46 || b == 58 || b == 45
            || b == 43 || b == 120
    }

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Int32 {
        let id = tokens.id(bytes)
        if Int(id) == wordKinds.count {
            wordKinds.append(bytes.contains(42) && tokens.texts[Int(id)].contains(Self.variable) ? 2 : 1)
        }
        return id
    }

    /// Whether a token is a message code: two to six capital letters, a hyphen or not, three
    /// to seven digits and a colon (`AH01630:`, `ORA-00942:`, `MY-010584:`). It names the
    /// message, as its words do, so it is kept whole although it holds digits.
    static func isMessageCode(_ token: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
        guard token.count >= 6, token.count <= 15, token.last == 58 else { return false }
        var i = token.startIndex
        while i < token.endIndex, token[i] >= 65, token[i] <= 90 { i += 1 }
        let letters = i - token.startIndex
        guard letters >= 2, letters <= 6 else { return false }
        if token[i] == 45 { i += 1 }
        let digitsStart = i
        while i < token.endIndex, LogHeader.isDigit(token[i]) { i += 1 }
        let digits = i - digitsStart
        return digits >= 3 && digits <= 7 && i == token.endIndex - 1
    }

    /// The token's id after masking.
    mutating func tokenID(_ token: UnsafeBufferPointer<UInt8>.SubSequence) -> Int32 {
        if token.last == 58, Self.isMessageCode(token) {
            keptDigits = true
            return intern(token)
        }
        guard token.contains(where: LogHeader.isDigit) else {
            if LogHeader.isCalendarWord(token) { return 0 }
            if let value = Self.valueRange(token) {
                // A value by its shape, a variable whatever its words: `user=carol` is
                // `user=<*>`, `"tls-cert"` is `"<*>"`, as log-parsing preprocessing does.
                masked.removeAll(keepingCapacity: true)
                masked.append(contentsOf: token[token.startIndex..<value.lowerBound])
                masked.append(contentsOf: [60, 42, 62])
                masked.append(contentsOf: token[value.upperBound..<token.endIndex])
                let scratch = masked
                return scratch.withUnsafeBufferPointer { intern($0[...]) }
            }
            return intern(token)
        }
        masked.removeAll(keepingCapacity: true)
        var i = token.startIndex
        while i < token.endIndex {
            // A JSON escape (`caf\u00e9`) is a character, not a number.
            if token[i] == 92, i + 5 < token.endIndex, token[i + 1] == 117,
                token[(i + 2)..<(i + 6)].allSatisfy({ LogHeader.isDigit($0) || (97...102).contains($0 | 0x20) })
            {
                masked.append(contentsOf: token[i..<(i + 6)])
                i += 6
                continue
            }
            guard Self.numberLike(token[i]) else {
                masked.append(token[i])
                i += 1
                continue
            }
            var j = i
            var digit = false
            while j < token.endIndex, Self.numberLike(token[j]) {
                if LogHeader.isDigit(token[j]) { digit = true }
                j += 1
            }
            if digit {
                masked.append(60)
                masked.append(42)
                masked.append(62)
            } else {
                masked.append(contentsOf: token[i..<j])
            }
            i = j
        }
        if masked.count == 3, masked[0] == 60, masked[1] == 42, masked[2] == 62 { return 0 }
        let scratch = masked
        return scratch.withUnsafeBufferPointer { intern($0[...]) }
    }

    /// Where a token of no digits holds a value by its shape: after the `=` of `key=value`
    /// (a key of letters, `_`, `.` or `-`), or inside quotes or brackets that enclose the whole
    /// token (`"tls-cert"`, `'Functions.Resize'`, `[GREEN]`, trailing punctuation aside). Nil
    /// otherwise. A word in parentheses stays a word: `(usable)` and `(reserved)` name two
    /// kinds of memory map entry.
    static func valueRange(_ token: UnsafeBufferPointer<UInt8>.SubSequence) -> Range<Int>? {
        guard let first = token.first else { return nil }
        // The byte that closes what `first` opens: a quote closes itself.
        let close: UInt8? =
            switch first {
            case 34, 39: first
            case 91: 93
            default: nil
            }
        if let close {
            var end = token.endIndex
            while end > token.startIndex + 1, [44, 46, 58, 59, 41].contains(token[end - 1]) { end -= 1 }
            guard end - token.startIndex >= 3, token[end - 1] == close,
                !token[(token.startIndex + 1)..<(end - 1)].contains(where: { $0 == first || $0 == close })
            else { return nil }
            return (token.startIndex + 1)..<(end - 1)
        }
        guard LogHeader.isLetter(first), let equals = token.firstIndex(of: 61), equals + 1 < token.endIndex,
            token[token.startIndex..<equals].allSatisfy({ LogHeader.isLetter($0) || $0 == 95 || $0 == 46 || $0 == 45 })
        else { return nil }
        if LogHeader.equalsAny(token[token.startIndex..<equals], Self.eventKeys) { return nil }
        var end = token.endIndex
        while end > equals + 1, [44, 59, 41].contains(token[end - 1]) { end -= 1 }
        return end > equals + 1 ? (equals + 1)..<end : nil
    }

    /// Keys whose word names the event a line reports rather than a value in it: the audit log's
    /// `type=SYSCALL`, a firewall's `action=deny`, logfmt's `event=login_failed`. Their words stay
    /// words (a value with digits is masked still).
    static let eventKeys: [[UInt8]] = ["type", "event", "event_type", "eventtype", "event_name", "action", "kind"].map {
        Array($0.utf8)
    }

    /// Adds one log line as the scan reads it: a JSON line by its message field (`message`,
    /// `msg`, `MESSAGE`, `textPayload`, `log`…), a record of a CSV export (`csv`) by its message
    /// column, a logfmt line by its `msg=`, any other line whole, its header set aside. Returns the id of the template it joined.
    public mutating func addRecord(bytes line: UnsafeBufferPointer<UInt8>) -> Int {
        if line.first == 123, let message = LogLineReader.jsonFields(line).message {
            return add(bytes: UnsafeBufferPointer(rebasing: line[message]), escaping: .json)
        }
        if let (message, escaping) = Self.messageField(line, csv: csv) {
            return add(bytes: UnsafeBufferPointer(rebasing: line[message]), escaping: escaping)
        }
        return add(bytes: line)
    }

    /// The message field of a line that is not JSON, and how its text is escaped: a CSV
    /// record's message column (`csv`), else a logfmt line's `msg=`; nil when it has neither.
    /// An unquoted `msg=` value with a digit in it is not a message but a stamp or an id (the
    /// Linux audit log's `msg=audit(1709542801.123:4411):`), and the line is mined whole.
    static func messageField(_ line: UnsafeBufferPointer<UInt8>, csv: CSVLayout?) -> (Range<Int>, TextEscaping)? {
        if let range = csv?.message(in: line) { return (range, .csv) }
        guard let range = LogLineReader.logfmtValue(line, keys: LogLineReader.logfmtMessageKeys) else { return nil }
        let quoted = range.lowerBound > 0 && line[range.lowerBound - 1] == 34
        if !quoted, LogHeader.hasDigit(line[range]) { return nil }
        return (range, .json)
    }

    /// Adds one message read from a field whose text is escaped as `escaping` says.
    public mutating func add(bytes message: UnsafeBufferPointer<UInt8>, escaping: TextEscaping) -> Int {
        self.escaping = escaping
        defer { self.escaping = .none }
        return add(bytes: message)
    }

    /// Adds one line (UTF-8 bytes); returns the id of the template it joined.
    public mutating func add(bytes line: UnsafeBufferPointer<UInt8>) -> Int {
        let shape = Self.shape(line)
        keptDigits = false
        if let known = known(shape) { return known }
        LogHeader.tokenRanges(line, into: &ranges)
        let id = place(line, tokens: ranges)
        return keptDigits ? id : remember(shape, id)
    }

    /// The same, for a caller that has the line's shape (`shape(_:)`), and its token ranges
    /// when `tokenized` (else they are found here, and only if the shape is new).
    mutating func add(
        bytes line: UnsafeBufferPointer<UInt8>, shape: UInt64, tokens: inout [Range<Int>], tokenized: Bool
    ) -> Int {
        // Lines that differ only in their digits become the same tokens, so the template one of
        // them joined takes the next as it is: counted, without tokenizing or comparing again.
        keptDigits = false
        if let known = known(shape) { return known }
        if !tokenized { LogHeader.tokenRanges(line, into: &tokens) }
        let id = place(line, tokens: tokens)
        return keptDigits ? id : remember(shape, id)
    }

    /// The template a line of this shape joined before, counting one more line, or nil.
    private mutating func known(_ shape: UInt64) -> Int? {
        guard let known = shapes.value(shape) else { return nil }
        return count(known: Int(known))
    }

    /// Counts one more line of the template a line of a known shape joined (`id` as `add`
    /// returned it then); returns the standing template it belongs to now.
    @inline(__always) mutating func count(known id: Int) -> Int {
        let id = resolve(id)
        counts[id - 1] += 1
        return id
    }

    private mutating func remember(_ shape: UInt64, _ id: Int) -> Int {
        shapes.set(Int32(id), for: shape)
        return id
    }

    /// A hash of the line with every digit read as `0`: lines of one shape differ only in the
    /// values of their digits, so they tokenize alike. Sixteen bytes at a time (the digits are
    /// found and replaced in a whole vector at once), since every line of a scan is hashed.
    static func shape(_ line: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var bytes: UInt64 = 0
        return shape(line, or: &bytes)
    }

    /// Every byte of `line` OR-ed into each byte of a word, as `shape(_:or:)` does, without the
    /// hash: a high bit set says the line is not ASCII.
    static func orOfBytes(_ line: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = line.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let count = line.count
        guard count >= 16 else {
            var bytes: UInt64 = 0
            for byte in line { bytes |= UInt64(byte) }
            return bytes
        }
        // Whole vectors, and a last one ending where the line ends (it may overlap).
        var seen = raw.loadUnaligned(fromByteOffset: count - 16, as: SIMD16<UInt8>.self)
        var i = 0
        while i + 32 <= count {
            seen |=
                raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                | raw.loadUnaligned(fromByteOffset: i + 16, as: SIMD16<UInt8>.self)
            i += 32
        }
        if i + 16 <= count { seen |= raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) }
        let words = unsafeBitCast(seen, to: SIMD2<UInt64>.self)
        return words[0] | words[1]
    }

    /// The same, also OR-ing every byte of the line into each byte of `bytes`: a high bit set
    /// there says the line is not ASCII, found in the same pass.
    @inline(__always)
    static func shape(_ line: UnsafeBufferPointer<UInt8>, or bytes: inout UInt64) -> UInt64 {
        guard let base = line.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let count = line.count
        // Two lanes, each vector's halves hashed apart and joined at the end: each lane's
        // chain of multiplications is half as long, and the two run side by side.
        var h = 0xcbf2_9ce4_8422_2325 ^ UInt64(count)
        var g: UInt64 = 0x8422_2325_cbf2_9ce4
        if count >= 16 {
            // Whole vectors, two at a time in four lanes; the last one ends where the line
            // ends (it may overlap the one before: the hash is still a function of the bytes,
            // and the count is in it).
            var h2: UInt64 = 0x2325_cbf2_9ce4_8422
            var g2: UInt64 = 0x9ce4_8422_2325_cbf2
            var seen = SIMD16<Int8>()
            var i = 0
            while i + 32 <= count {
                let a = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<Int8>.self)
                let b = raw.loadUnaligned(fromByteOffset: i + 16, as: SIMD16<Int8>.self)
                seen |= a | b
                let x = unsafeBitCast(digitsAsZero(a), to: SIMD2<UInt64>.self)
                let y = unsafeBitCast(digitsAsZero(b), to: SIMD2<UInt64>.self)
                h = mix(h, x[0])
                g = mix(g, x[1])
                h2 = mix(h2, y[0])
                g2 = mix(g2, y[1])
                i += 32
            }
            if i < count {
                let a = raw.loadUnaligned(fromByteOffset: min(i, count - 16), as: SIMD16<Int8>.self)
                seen |= a
                let x = unsafeBitCast(digitsAsZero(a), to: SIMD2<UInt64>.self)
                h = mix(h, x[0])
                g = mix(g, x[1])
                if i + 16 < count {
                    let b = raw.loadUnaligned(fromByteOffset: count - 16, as: SIMD16<Int8>.self)
                    seen |= b
                    let y = unsafeBitCast(digitsAsZero(b), to: SIMD2<UInt64>.self)
                    h2 = mix(h2, y[0])
                    g2 = mix(g2, y[1])
                }
            }
            let words = unsafeBitCast(seen, to: SIMD2<UInt64>.self)
            bytes |= words[0] | words[1]
            // The lanes hashed disjoint bytes from different seeds: XOR-ed, nothing cancels.
            h ^= h2
            g ^= g2
        } else {
            // The first and the last eight bytes (overlapping), or the bytes one at a time, in
            // the low end of a word of zeros (a zero byte is not a digit).
            var first: UInt64 = 0
            var last: UInt64 = 0
            if count >= 8 {
                first = raw.loadUnaligned(as: UInt64.self)
                last = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else {
                for k in 0..<count { first |= UInt64(line[k]) << UInt64(8 * k) }
            }
            bytes |= first | last
            h = mix(h, digitsAsZero(first))
            g = mix(g, digitsAsZero(last))
        }
        // One full-width product of the two halves, folded (wyhash's finish): every bit of
        // both reaches the low bits a table slot is taken from, in one multiply's latency
        // (every line's lookup waits on it).
        let product = (h ^ 0xA076_1D64_78BD_642F).multipliedFullWidth(by: g ^ 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }

    /// `vector` with each byte that is an ASCII digit replaced by `0`. The bytes are compared
    /// as signed, so bytes of 0x80 and above (negative) are never digits; the masks the
    /// comparisons give are all ones or all zeros per byte.
    @inline(__always) static func digitsAsZero(_ vector: SIMD16<Int8>) -> SIMD16<Int8> {
        let above = unsafeBitCast(vector .> SIMD16<Int8>(repeating: 0x2F), to: SIMD16<Int8>.self)
        let below = unsafeBitCast(vector .< SIMD16<Int8>(repeating: 0x3A), to: SIMD16<Int8>.self)
        // 0x0F in each digit byte; clearing those bits leaves 0x30.
        return vector & ~(above & below & SIMD16<Int8>(repeating: 0x0F))
    }

    /// One step of a lane: the 128-bit product's halves folded together. A full-width multiply
    /// has no SSE form, so the compiler keeps the lanes in general registers (a 64-bit `&*` of
    /// two lanes side by side was turned into SSE2 `pmuludq` sequences, three times the latency).
    @inline(__always) static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let product = (h ^ word).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return product.high ^ product.low
    }

    /// `word` with each byte that is an ASCII digit replaced by `0` (SWAR: no carry crosses a
    /// byte, and bytes of 0x80 and above are never digits).
    @inline(__always) static func digitsAsZero(_ word: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let t = word ^ 0x3030_3030_3030_3030
        // High bit set where the byte is not 0x30...0x39: t ≥ 10, or the byte is ≥ 0x80.
        let notDigit = (((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | t) & high
        // 0x0F in each digit byte (0x10 - 0x01: no borrow crosses a byte); clearing those bits
        // leaves 0x30.
        let digits = ~notDigit & high
        return word & ~((digits >> 3) &- (digits >> 7))
    }

    private mutating func place(_ line: UnsafeBufferPointer<UInt8>, tokens ranges: [Range<Int>]) -> Int {
        let start = LogHeader.messageStart(line, tokens: ranges)
        ids.removeAll(keepingCapacity: true)
        let message = ranges.firstIndex { $0.lowerBound >= start } ?? ranges.endIndex
        var i = message
        while i < ranges.endIndex {
            // A double-quoted string of several words is one value, as a one-word one is: a
            // user agent or a request line (`"Mozilla/5.0 (X11; Linux x86_64)"`) is `"<*>"`,
            // however many words it has, so its lines keep one length. Not when the quotes hold
            // the whole message: that is the message, not a value in it.
            if let end = Self.quotedSpan(line, ranges, from: i), !(i == message && end == ranges.endIndex - 1) {
                ids.append(quotedValueID(line[ranges[end]]))
                i = end + 1
                continue
            }
            // An HTTP status and its reason phrase are one value (`200 OK`, `503 Service
            // Unavailable`): the phrase's length would otherwise keep their lines apart.
            if let words = Self.reasonPhrase(line, ranges, after: i) {
                ids.append(0)
                i += 1 + words
                continue
            }
            ids.append(tokenID(line[ranges[i]]))
            i += 1
        }
        if start > 0, let first = ranges.first(where: { $0.upperBound > start }), first.lowerBound < start {
            // The message began inside a token (after a `|`): that token's tail is its first word.
            ids.insert(tokenID(line[start..<first.upperBound]), at: 0)
        }
        return place(ids, count: 1)
    }

    /// HTTP's reason phrases (RFC 9110, and a few older names), as words.
    static let reasonPhrases: [[[UInt8]]] = [
        "Continue", "Switching Protocols", "OK", "Created", "Accepted", "Non-Authoritative Information",
        "No Content", "Reset Content", "Partial Content", "Multiple Choices", "Moved Permanently", "Found",
        "See Other", "Not Modified", "Temporary Redirect", "Permanent Redirect", "Bad Request", "Unauthorized",
        "Payment Required", "Forbidden", "Not Found", "Method Not Allowed", "Not Acceptable",
        "Proxy Authentication Required", "Request Timeout", "Conflict", "Gone", "Length Required",
        "Precondition Failed", "Content Too Large", "Payload Too Large", "URI Too Long", "Unsupported Media Type",
        "Range Not Satisfiable", "Expectation Failed", "Misdirected Request", "Unprocessable Content",
        "Unprocessable Entity", "Too Early", "Upgrade Required", "Precondition Required", "Too Many Requests",
        "Request Header Fields Too Large", "Unavailable For Legal Reasons", "Internal Server Error",
        "Not Implemented", "Bad Gateway", "Service Unavailable", "Gateway Timeout", "HTTP Version Not Supported",
    ].map { $0.split(separator: " ").map { Array($0.utf8) } }
        .sorted { $0.count > $1.count }

    /// How many tokens after token `index`, a three-digit HTTP status, spell its reason phrase
    /// (the longest that fits); nil when `index` is no status or no phrase follows.
    static func reasonPhrase(_ line: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], after index: Int) -> Int? {
        let status = line[ranges[index]]
        guard status.count == 3, let first = status.first, first >= 49, first <= 53,
            status.allSatisfy(LogHeader.isDigit), index + 1 < ranges.count,
            let next = line[ranges[index + 1]].first, LogHeader.isUpper(next)
        else { return nil }
        for phrase in reasonPhrases where index + phrase.count < ranges.count {
            if phrase.indices.allSatisfy({ line[ranges[index + 1 + $0]].elementsEqual(phrase[$0]) }) {
                return phrase.count
            }
        }
        return nil
    }

    /// The index of the token that closes a double-quoted string opened by token `index` and
    /// spanning more than one token (at most 64), or nil: the opening token starts with `"` and
    /// does not close it, the closing one ends with an unescaped `"` (trailing `,;:)]` aside).
    static func quotedSpan(_ line: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], from index: Int) -> Int? {
        let open = ranges[index]
        guard line[open.lowerBound] == 34, closingQuote(line, open.lowerBound + 1..<open.upperBound) == nil else {
            return nil
        }
        for next in (index + 1)..<min(ranges.endIndex, index + 64) {
            let range = ranges[next]
            if let close = closingQuote(line, range) {
                return close == range.upperBound ? next : nil
            }
        }
        return nil
    }

    /// Where a token's text ends when it holds an unescaped `"`: the end of the token if the
    /// quote is its last byte or followed only by `,;:)]`, else the quote's position (an inner
    /// quote). Nil when there is none.
    static func closingQuote(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i < range.upperBound {
            if line[i] == 34, i == 0 || line[i - 1] != 92 {
                let rest = line[(i + 1)..<range.upperBound]
                return rest.allSatisfy({ [44, 59, 58, 41, 93].contains($0) }) ? range.upperBound : i
            }
            i += 1
        }
        return nil
    }

    /// `"<*>"` with the punctuation that followed the closing quote (`"<*>",`).
    mutating func quotedValueID(_ last: UnsafeBufferPointer<UInt8>.SubSequence) -> Int32 {
        masked.removeAll(keepingCapacity: true)
        masked.append(contentsOf: [34, 60, 42, 62, 34])
        var tail = last.endIndex
        while tail > last.startIndex, last[tail - 1] != 34 { tail -= 1 }
        masked.append(contentsOf: last[tail..<last.endIndex])
        let scratch = masked
        return scratch.withUnsafeBufferPointer { intern($0[...]) }
    }

    /// Joins the token ids to the most similar template (or starts one), counting `count` lines.
    mutating func place(_ ids: [Int32], count: Int) -> Int {
        let key = Key(length: ids.count, first: ids.isEmpty ? -1 : firstKey(ids[0]))
        var best: (index: Int, score: Double)?
        for candidate in index[key] ?? [] {
            let score = Self.score(templateTokens[candidate], ids)
            if parent[candidate] != candidate {
                // A tail folded into another template (`foldWordRuns`) takes its own lines only.
                if score == 1 {
                    let root = resolve(candidate + 1) - 1
                    counts[root] += count
                    return candidate + 1
                }
                continue
            }
            if score >= similarity, best.map({ score > $0.score }) ?? true { best = (candidate, score) }
        }
        guard let best else { return start(ids, count: count, key: key) }
        let target = best.index
        var words: [Int] = []
        for p in ids.indices where templateTokens[target][p] != ids[p] {
            let held = templateTokens[target][p]
            if isWord(held) && isWord(ids[p]) { words.append(p) }
        }
        if !words.isEmpty {
            let family = siblings(of: target, differingAt: words, key: key)
            if family.count < wordValues {
                var sibling = templateTokens[target]
                for p in ids.indices where sibling[p] != ids[p] { sibling[p] = words.contains(p) ? ids[p] : 0 }
                return start(sibling, count: count, key: key)
            }
            // One word too many: those positions are variables, and the siblings one template.
            for other in family where other != target {
                for p in ids.indices where templateTokens[target][p] != templateTokens[other][p] {
                    templateTokens[target][p] = 0
                }
                fold(other, into: target, key: key)
            }
        }
        var widened = false
        for position in ids.indices where templateTokens[target][position] != ids[position] {
            templateTokens[target][position] = 0
            widened = true
        }
        if widened { foldCovered(by: target, key: key) }
        counts[target] += count
        return target + 1
    }

    /// Folds into `target` the standing templates of its key it now covers: ones that differ
    /// from it only where it has a variable. A word sibling kept apart from `target` (see
    /// `wordValues`) must not outlive the position becoming a variable by another way (a token
    /// with digits, say): the lines it would take, `target` takes as well.
    private mutating func foldCovered(by target: Int, key: Key) {
        let tokens = templateTokens[target]
        for other in index[key] ?? [] where other != target && parent[other] == other {
            let candidate = templateTokens[other]
            guard tokens.indices.allSatisfy({ tokens[$0] == 0 || tokens[$0] == candidate[$0] }) else { continue }
            fold(other, into: target, key: key)
        }
    }

    /// Makes `other` part of `target`: its lines count there, and its id resolves there.
    private mutating func fold(_ other: Int, into target: Int, key: Key) {
        parent[other] = target
        counts[target] += counts[other]
        index[key]?.removeAll { $0 == other }
    }

    private mutating func start(_ ids: [Int32], count: Int, key: Key) -> Int {
        escapings.append(escaping)
        templateTokens.append(ids)
        counts.append(count)
        parent.append(parent.count)
        index[key, default: []].append(templateTokens.count - 1)
        return templateTokens.count
    }

    /// Folds together templates that differ only in runs of one to three plain words drawn from
    /// a set. Lines of different lengths never meet in `place`, and it keeps a position of at most
    /// `wordValues` words apart; here, looking at the standing templates together:
    /// - **A run of several lengths.** Templates that share everything around a run of one to
    ///   three plain words (`checkpoint starting: time`, `… wal`, `… immediate force wait`; `The
    ///   Windows Update service entered …`, `The Windows Defender Antivirus Service service
    ///   entered …`), whose runs have more than one length, are one template when the runs hold
    ///   more than `wordValues` values, the rule `place` keeps for one position.
    /// - **Two runs in every combination.** When two runs of one template each hold another
    ///   value elsewhere, and the template with both changed exists too (`Print Spooler … running`,
    ///   `Print Spooler … stopped`, `Windows Update … running`, `Windows Update … stopped`), the
    ///   runs vary independently of each other, as values do: the four are one template. One
    ///   run of two words (`(usable)` and `(reserved)`) stays two events.
    /// A run does not open the line, and the words around it must hold two plain words. The template kept is the one with most
    /// lines, with a variable wherever the others differ from it; the folded ones stay as
    /// aliases: a later line equal to one joins it and counts for the template it was folded
    /// into. Call it once the lines are in (before reading `templates` or `resolve`); calling it
    /// again folds what came since.
    public mutating func foldWordRuns() {
        let standing = templateTokens.indices.filter { parent[$0] == $0 }
        guard standing.count > 1 else { return }
        // Candidates: templates holding a run of plain words between the same words, found by
        // hashing what precedes and what follows each run.
        struct Around: Hashable {
            var before: UInt64, after: UInt64, beforeCount: Int, afterCount: Int
        }
        var buckets: [Around: [Int]] = [:]
        for t in standing {
            let tokens = templateTokens[t]
            let n = tokens.count
            guard n >= 3, n <= 128 else { continue }
            var before = [UInt64](repeating: 0, count: n + 1)
            for i in 0..<n { before[i + 1] = Self.mix(before[i], UInt64(UInt32(bitPattern: tokens[i]))) }
            var after = [UInt64](repeating: 0, count: n + 1)
            for i in stride(from: n - 1, through: 0, by: -1) {
                after[i] = Self.mix(after[i + 1], UInt64(UInt32(bitPattern: tokens[i])))
            }
            // A run never opens the line: the first words name what the line is about, and key
            // its templates in `place` as well (`Dentry cache hash table …`, `Inode-cache …`).
            for start in 1..<n {
                for length in 1...3 where start + length <= n {
                    guard isWord(tokens[start + length - 1]) else { break }
                    let key = Around(
                        before: before[start], after: after[start + length], beforeCount: start,
                        afterCount: n - start - length)
                    if buckets[key]?.last != t { buckets[key, default: []].append(t) }
                }
            }
        }
        // The pairs, each by its widest context: what the two share before and after their run.
        struct Slot {
            var members: Set<Int> = []
            var values: Set<[Int32]> = []
            var lengths: Set<Int> = []
        }
        struct Change {
            var range: Range<Int>
            var partner: Int
            var value: ArraySlice<Int32>
        }
        var slots: [[Int32]: Slot] = [:]
        var changes: [Int: [Change]] = [:]
        var paired: Set<[Int]> = []
        for members in buckets.values where members.count > 1 {
            let members = members.prefix(64)
            for (i, a) in members.enumerated() {
                for b in members.dropFirst(i + 1) where paired.insert([a, b]).inserted {
                    let x = templateTokens[a]
                    let y = templateTokens[b]
                    var prefix = 0
                    while prefix < min(x.count, y.count), x[prefix] == y[prefix] { prefix += 1 }
                    var suffix = 0
                    while suffix < min(x.count, y.count) - prefix, x[x.count - 1 - suffix] == y[y.count - 1 - suffix] {
                        suffix += 1
                    }
                    let runX = prefix..<(x.count - suffix)
                    let runY = prefix..<(y.count - suffix)
                    guard prefix > 0, (1...3).contains(runX.count), (1...3).contains(runY.count),
                        x[runX].allSatisfy(isWord), y[runY].allSatisfy(isWord)
                    else { continue }
                    let context = Array(x[..<prefix]) + [-1] + Array(x[runX.upperBound...])
                    guard context.filter({ $0 >= 0 && isWord($0) }).count >= 2 else { continue }
                    slots[context, default: Slot()].members.formUnion([a, b])
                    slots[context]!.values.formUnion([Array(x[runX]), Array(y[runY])])
                    slots[context]!.lengths.formUnion([runX.count, runY.count])
                    changes[a, default: []].append(Change(range: runX, partner: b, value: y[runY]))
                    changes[b, default: []].append(Change(range: runY, partner: a, value: x[runX]))
                }
            }
        }
        guard !slots.isEmpty else { return }
        var group = [Int: Int]()
        func root(_ t: Int) -> Int {
            var r = t
            while let up = group[r], up != r { r = up }
            return r
        }
        func join(_ members: [Int]) {
            guard let first = members.first else { return }
            let r = root(first)
            group[r] = r
            for m in members.dropFirst() where root(m) != r { group[root(m)] = r }
        }
        for slot in slots.values where slot.lengths.count > 1 && slot.values.count > wordValues {
            join(slot.members.sorted())
        }
        let byTokens = Dictionary(standing.map { (templateTokens[$0], $0) }, uniquingKeysWith: { first, _ in first })
        for (a, list) in changes {
            let tokens = templateTokens[a]
            for first in list {
                for second in list where first.range.upperBound <= second.range.lowerBound {
                    let both =
                        Array(tokens[..<first.range.lowerBound]) + first.value
                        + tokens[first.range.upperBound..<second.range.lowerBound] + second.value
                        + tokens[second.range.upperBound...]
                    if let d = byTokens[both], d != a { join([a, first.partner, second.partner, d]) }
                }
            }
        }
        var components: [Int: [Int]] = [:]
        for t in group.keys { components[root(t), default: []].append(t) }
        for members in components.values where members.count > 1 {
            let target = members.max(by: { (counts[$0], $1) < (counts[$1], $0) })!
            var varying = Set<Int>()
            for other in members where other != target {
                varying.formUnion(Self.unaligned(templateTokens[target], templateTokens[other]))
                parent[other] = target
                counts[target] += counts[other]
                counts[other] = 0
            }
            for position in varying { templateTokens[target][position] = 0 }
        }
    }

    /// The positions of `x` outside a longest common subsequence of `x` and `y`.
    static func unaligned(_ x: [Int32], _ y: [Int32]) -> [Int] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var outside: [Int] = []
        var i = 0
        var j = 0
        while i < x.count {
            if j < y.count, x[i] == y[j] {
                i += 1
                j += 1
            } else if j < y.count, table[i][j + 1] > table[i + 1][j] {
                j += 1
            } else {
                outside.append(i)
                i += 1
            }
        }
        return outside
    }

    /// `template` and the standing templates that differ from it only by a plain word at some
    /// of `positions` (a variable elsewhere agrees with anything).
    private func siblings(of template: Int, differingAt positions: [Int], key: Key) -> [Int] {
        let tokens = templateTokens[template]
        return (index[key] ?? []).filter { other in
            guard parent[other] == other else { return false }
            let candidate = templateTokens[other]
            for p in tokens.indices {
                if positions.contains(p) {
                    if !isWord(candidate[p]) { return false }
                } else if candidate[p] != tokens[p], candidate[p] != 0, tokens[p] != 0 {
                    return false
                }
            }
            return true
        }
    }

    /// What the first token contributes to a candidate's key: itself, except a dotted name
    /// (`nginx.service:`, `redis-server.service:`) or a word in parentheses (`(carol)`), which
    /// contribute nothing (0, as a variable): such a name opens lines of one template as often
    /// as a number does.
    private mutating func firstKey(_ id: Int32) -> Int32 {
        if id == 0 { return 0 }
        if Int(id) < firstIsName.count, firstIsName[Int(id)] != 0 { return firstIsName[Int(id)] == 1 ? id : 0 }
        let text = tokens.texts[Int(id)].utf8
        var core = text.last == 58 || text.last == 44 ? text.dropLast() : text[...]
        // A call's name (`sync.pull_orders(<*>)`) is read without its arguments.
        if core.last == 41, let open = core.firstIndex(of: 40), open > core.startIndex { core = core[..<open] }
        // A dotted name (`nginx.service`, `redis-server.service`, `com.example.Job`,
        // `tasks.sync(<*>)`): letters, `-` and `_` around dots, nothing masked. Or a word in
        // parentheses (cron's `(carol) CMD (…)`), which names who or what the line is about, as
        // a value does.
        let nameByte = { (b: UInt8) in LogHeader.isLetter(b) || b == 46 || b == 45 || b == 95 }
        let dotted =
            core.contains(46) && core.first.map(LogHeader.isLetter) == true && core.last.map(LogHeader.isLetter) == true
            && core.allSatisfy(nameByte)
        let enclosed =
            core.count > 2 && core.first == 40 && core.last == 41 && core.dropFirst().dropLast().allSatisfy(nameByte)
        let name = dotted || enclosed
        if firstIsName.count <= Int(id) { firstIsName += [UInt8](repeating: 0, count: Int(id) + 1 - firstIsName.count) }
        firstIsName[Int(id)] = name ? 2 : 1
        return name ? 0 : id
    }

    /// A token that is a plain word: not a variable, no masked number in it.
    private func isWord(_ id: Int32) -> Bool { wordKinds[Int(id)] == 1 }

    /// Folds a template mined elsewhere (another part of the file, on another core) into this
    /// miner, as if its lines had been added here; returns the template it joined.
    public mutating func absorb(_ template: LogTemplate) -> Int {
        let ids = template.tokens.map { token -> Int32 in
            guard token != Self.variable else { return 0 }
            var text = token
            return text.withUTF8 { intern($0[...]) }
        }
        escaping = template.escaping
        defer { escaping = .none }
        return place(ids, count: template.count)
    }

    /// Folds every standing template of `other` (another part of the file, mined on another
    /// core) into this miner; returns, for each id `other` gave out, folded ones too, the id its
    /// lines have here: `mapping[old - 1]`.
    public mutating func absorb(all other: TemplateMiner) -> [Int] {
        var placed: [Int: Int] = [:]
        for template in other.templates { placed[template.id] = absorb(template) }
        // `resolve` always lands on a standing template, which `placed` holds.
        return other.templateTokens.indices.map { placed[other.resolve($0 + 1)] ?? 0 }
    }

    /// The share of positions where the line's token is the template's, or the template has a
    /// variable there. A line that shares none of the template's fixed words agrees only on
    /// values: it scores 0 unless it agrees on twice as many positions as it differs on, as
    /// the fields of two access lines do, and `<*>: removed` and `<*>: client=<*>` do not.
    static func score(_ template: [Int32], _ tokens: [Int32]) -> Double {
        guard !tokens.isEmpty else { return 1 }
        var same = 0
        var fixed = 0
        for i in tokens.indices where template[i] == tokens[i] || template[i] == 0 {
            same += 1
            if tokens[i] != 0, template[i] != 0 { fixed += 1 }
        }
        if fixed == 0, same < 2 * (tokens.count - same) { return 0 }
        return Double(same) / Double(tokens.count)
    }
}
