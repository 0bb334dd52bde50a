/// A JSON document in memory, for saving and loading networks with every `Double` exactly preserved.
///
/// Objects keep their keys in order, so a saved file reads in the order it
/// was written. Numbers are written in Swift's shortest form that reads
/// back to the same `Double` (`0.1`, `1e-05`, `3.0`), and read with
/// `Double(_:)`, which rounds correctly, so a write and a read give back
/// every bit. Neither direction recurses without a bound: documents may
/// nest at most ``maximumDepth`` arrays and objects.
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number; only finite numbers can be written.
    case number(Double)
    /// A whole number written without a fraction or exponent (`3`, not `3.0`); the parser gives
    /// this for such literals that fit in an `Int`. It equals the `.number` of the same value.
    case integer(Int)
    /// A string.
    case string(String)
    /// An array of values.
    case array([JSONValue])
    /// An object: its members as (key, value) pairs in their order.
    case object([(String, JSONValue)])

    /// The most arrays and objects that may be nested inside each other, when writing and when parsing.
    public static let maximumDepth = 512

    /// Whether two values are equal: same case, same contents, object members in the same order.
    ///
    /// Numbers compare as `Double`s do, so `0.0 == -0.0` and NaN equals nothing.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): Double(a) == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The value of the first member named `key`, or nil when there is none or this is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The number, or nil when this is not a number.
    public var double: Double? {
        switch self {
        case .number(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// The number as an `Int`, or nil when this is not a whole number that fits.
    public var int: Int? {
        switch self {
        case .integer(let value): return value
        case .number(let value):
            guard value.rounded(.towardZero) == value, abs(value) < 0x1p53 else { return nil }
            return Int(value)
        default: return nil
        }
    }

    /// The string, or nil when this is not a string.
    public var string: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The elements, or nil when this is not an array.
    public var array: [JSONValue]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The Boolean, or nil when this is not `true` or `false`.
    public var bool: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The members in order, or nil when this is not an object.
    public var members: [(String, JSONValue)]? {
        guard case .object(let value) = self else { return nil }
        return value
    }
}

// MARK: - Writing

extension JSONValue {
    /// The value as JSON text, pretty printed with `indent` spaces per level (0 writes it all on one line).
    ///
    /// Object members are written in their stored order. An array whose
    /// elements are all scalars (no arrays or objects) stays on one line,
    /// `[1.0, 2.0]`, so a weight matrix reads as one row per line; other
    /// arrays and objects put each element on its own line. Empty ones are
    /// `[]` and `{}`. Numbers are written with `Double.description`, the
    /// shortest text that reads back to the same bits (`-0.0`, `1e-05`,
    /// `1e+21`, integral values as `3.0`). Strings escape `"`, `\` and the
    /// control characters below U+0020 and keep all other characters as
    /// they are. `indent` is clamped to 0...16.
    ///
    /// With `pythonStyle`, the text is what Python's `json.dumps(value, indent=indent,
    /// sort_keys=True, ensure_ascii=False)` writes (as nbformat writes notebooks): object members
    /// sorted by key (by their UTF-16 code units, as Python compares), and every array element on
    /// its own line.
    ///
    /// - Throws: ``JSONError`` for a NaN or infinite number,
    ///   which JSON cannot hold, or for nesting deeper than ``maximumDepth``.
    public func serialized(indent: Int = 2, pythonStyle: Bool = false) throws -> String {
        var writer = JSONWriter(indent: Swift.min(Swift.max(indent, 0), 16), pythonStyle: pythonStyle)
        try writer.write(self, depth: 0)
        return writer.output
    }
}

/// Writes JSON text for ``JSONValue/serialized(indent:pythonStyle:)``.
private struct JSONWriter {
    let indent: Int
    let pythonStyle: Bool
    var output = ""

    /// Writes `value`, whose first line is already indented for `depth` levels.
    mutating func write(_ value: JSONValue, depth: Int) throws {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number):
            guard number.isFinite else {
                throw JSONError("JSON cannot hold nan or infinity, but a number to be written is \(number)")
            }
            output += number.description
        case .integer(let number): output += String(number)
        case .string(let text): writeString(text)
        case .array(let elements):
            guard !elements.isEmpty else {
                output += "[]"
                return
            }
            try checkDepth(depth)
            if indent > 0, !pythonStyle, elements.allSatisfy(\.isScalar) {
                output += "["
                for (index, element) in elements.enumerated() {
                    if index > 0 { output += ", " }
                    try write(element, depth: depth + 1)
                }
                output += "]"
                return
            }
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                newLine(depth + 1)
                try write(element, depth: depth + 1)
            }
            newLine(depth)
            output += "]"
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            try checkDepth(depth)
            output += "{"
            let ordered = pythonStyle ? members.sorted { Array($0.0.utf16).lexicographicallyPrecedes(Array($1.0.utf16)) } : members
            for (index, member) in ordered.enumerated() {
                if index > 0 { output += "," }
                newLine(depth + 1)
                writeString(member.0)
                output += indent > 0 ? ": " : ":"
                try write(member.1, depth: depth + 1)
            }
            newLine(depth)
            output += "}"
        }
    }

    /// Throws before opening an array or object inside `depth` others when that would exceed the limit.
    private func checkDepth(_ depth: Int) throws {
        guard depth < JSONValue.maximumDepth else {
            throw JSONError("the JSON value is nested too deeply: at most \(JSONValue.maximumDepth) arrays and objects may be inside each other"
            )
        }
    }

    /// Starts a new line indented for `depth` levels; nothing when writing on one line.
    private mutating func newLine(_ depth: Int) {
        guard indent > 0 else { return }
        output += "\n"
        output += String(repeating: " ", count: indent * depth)
    }

    /// Writes `text` as a quoted JSON string.
    private mutating func writeString(_ text: String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: false)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}

extension JSONValue {
    /// Whether this is neither an array nor an object.
    fileprivate var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}

// MARK: - Parsing

extension JSONValue {
    /// Parses JSON text strictly by RFC 8259.
    ///
    /// Exactly one value, with optional whitespace (space, tab, line feed,
    /// carriage return) around it; numbers by the JSON grammar (no leading
    /// zeros, no `+`, no `.5`, no NaN or Infinity), converted with
    /// `Double(_:)`; strings with the escapes `\" \\ \/ \b \f \n \r \t` and
    /// `\uXXXX`, UTF-16 surrogate pairs combined and lone surrogates
    /// rejected. Duplicate keys in an object are an error, since a lookup
    /// could only see one of them. The parser keeps its own stack instead
    /// of recursing, so the depth limit is the only bound on nesting.
    ///
    /// - Throws: ``JSONError`` with the line and column (both
    ///   from 1, columns counting Unicode scalars) of the first error, e.g.
    ///   "line 3, column 14: expected ',' or '}'"; also for more than
    ///   ``maximumDepth`` nested arrays and objects and for a number too
    ///   large for a `Double`.
    public static func parse(_ text: String) throws -> JSONValue {
        var parser = JSONParser(Array(text.utf8))
        return try parser.parse()
    }

    /// Parses JSON from UTF-8 bytes, as ``parse(_:)`` does text; invalid UTF-8 inside strings
    /// becomes U+FFFD.
    public static func parse(utf8 bytes: [UInt8]) throws -> JSONValue {
        var parser = JSONParser(bytes)
        return try parser.parse()
    }
}

/// A strict, iterative JSON parser over UTF-8 bytes.
private struct JSONParser {
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let comma = UInt8(ascii: ",")
    private static let colon = UInt8(ascii: ":")
    private static let lineFeed = UInt8(ascii: "\n")

    /// An array or object whose elements are still being read.
    private struct Container {
        let isObject: Bool
        var elements: [JSONValue] = []
        var members: [(String, JSONValue)] = []
        var keys: Set<String> = []
        /// The key of the member whose value comes next.
        var key = ""
    }

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parse() throws -> JSONValue {
        var stack: [Container] = []
        readingValues: while true {
            skipWhitespace()
            guard let byte = peek() else {
                throw error("expected a value but the text ended")
            }
            var value: JSONValue
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < JSONValue.maximumDepth else {
                    throw error(
                        "nested too deeply: at most \(JSONValue.maximumDepth) arrays and objects may be inside each other"
                    )
                }
                let isObject = byte == UInt8(ascii: "{")
                position += 1
                skipWhitespace()
                if peek() == UInt8(ascii: isObject ? "}" : "]") {
                    position += 1
                    value = isObject ? .object([]) : .array([])
                } else {
                    var container = Container(isObject: isObject)
                    if isObject {
                        try readKey(into: &container, expecting: "expected a string key or '}'")
                    }
                    stack.append(container)
                    continue readingValues
                }
            case Self.quote:
                value = .string(try readString())
            case UInt8(ascii: "t"):
                try readLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try readLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try readLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = try readNumber()
            default:
                throw error("expected a value")
            }
            // Hand the value to its container, closing every container that ends here.
            while let top = stack.indices.last {
                if stack[top].isObject {
                    stack[top].members.append((stack[top].key, value))
                } else {
                    stack[top].elements.append(value)
                }
                skipWhitespace()
                let isObject = stack[top].isObject
                if peek() == Self.comma {
                    position += 1
                    if isObject {
                        try readKey(into: &stack[top], expecting: "expected a string key")
                    }
                    continue readingValues
                }
                guard peek() == UInt8(ascii: isObject ? "}" : "]") else {
                    throw error(isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
                position += 1
                let finished = stack.removeLast()
                value = finished.isObject ? .object(finished.members) : .array(finished.elements)
            }
            skipWhitespace()
            guard position == bytes.count else {
                throw error("unexpected text after the JSON value")
            }
            return value
        }
    }

    /// Reads a member's key and its colon into `container`.
    private mutating func readKey(into container: inout Container, expecting message: String) throws {
        skipWhitespace()
        guard peek() == Self.quote else { throw error(message) }
        let start = position
        let key = try readString()
        guard container.keys.insert(key).inserted else {
            throw error("duplicate key \"\(key)\" in an object", at: start)
        }
        container.key = key
        skipWhitespace()
        guard peek() == Self.colon else { throw error("expected ':'") }
        position += 1
    }

    /// Reads a string from its opening quote at `position`.
    private mutating func readString() throws -> String {
        let start = position
        position += 1
        var content: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error("the string is never closed: a closing '\"' is missing", at: start)
            }
            switch byte {
            case Self.quote:
                position += 1
                return String(decoding: content, as: UTF8.self)
            case Self.backslash:
                try readEscape(into: &content)
            case 0..<0x20:
                let hex = String(byte, radix: 16, uppercase: true)
                throw error(
                    "control character U+\(String(repeating: "0", count: 4 - hex.count) + hex) must be escaped in a string"
                )
            default:
                content.append(byte)
                position += 1
            }
        }
    }

    /// Reads an escape sequence from its backslash at `position`, appending the character's UTF-8 bytes.
    private mutating func readEscape(into content: inout [UInt8]) throws {
        let start = position
        position += 1
        guard let letter = peek() else {
            throw error("the string is never closed: a closing '\"' is missing", at: start)
        }
        position += 1
        switch letter {
        case Self.quote, Self.backslash, UInt8(ascii: "/"): content.append(letter)
        case UInt8(ascii: "b"): content.append(0x08)
        case UInt8(ascii: "f"): content.append(0x0C)
        case UInt8(ascii: "n"): content.append(0x0A)
        case UInt8(ascii: "r"): content.append(0x0D)
        case UInt8(ascii: "t"): content.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHexDigits(escapeStart: start)
            var scalarValue = UInt32(unit)
            if (0xDC00...0xDFFF).contains(unit) {
                throw error(
                    "lone surrogate \(escapeText(start)): a low surrogate must follow a high surrogate",
                    at: start)
            }
            if (0xD800...0xDBFF).contains(unit) {
                let lowStart = position
                guard peek() == Self.backslash, peek(1) == UInt8(ascii: "u") else {
                    throw error(
                        "lone surrogate \(escapeText(start)): a high surrogate must be followed by a \\u escape of a low surrogate",
                        at: start)
                }
                position += 2
                let low = try readHexDigits(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error(
                        "lone surrogate \(escapeText(start)): it is followed by \(escapeText(lowStart)), which is not a low surrogate",
                        at: start)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            }
            // Surrogates are excluded above, so every remaining value is a scalar.
            guard let scalar = Unicode.Scalar(scalarValue) else {
                throw error("invalid escape \(escapeText(start))", at: start)
            }
            UTF8.encode(scalar) { content.append($0) }
        default:
            throw error(
                "invalid escape '\\\(String(decoding: [letter], as: UTF8.self))' in a string; the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
                at: start)
        }
    }

    /// Reads the four hex digits of a `\u` escape at `position`.
    private mutating func readHexDigits(escapeStart: Int) throws -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            let digit: UInt8
            switch peek() {
            case .some(let byte) where (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
                digit = byte - UInt8(ascii: "0")
            case .some(let byte) where (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte):
                digit = byte - UInt8(ascii: "a") + 10
            case .some(let byte) where (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte):
                digit = byte - UInt8(ascii: "A") + 10
            default:
                throw error("\\u must be followed by four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// The six characters of the `\uXXXX` escape starting at `start`, as written.
    private func escapeText(_ start: Int) -> String {
        String(decoding: bytes[start..<Swift.min(start + 6, bytes.count)], as: UTF8.self)
    }

    /// Reads a number by the JSON grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func readNumber() throws -> JSONValue {
        let start = position
        var isWhole = true
        if peek() == UInt8(ascii: "-") {
            position += 1
        }
        if peek() == UInt8(ascii: "0") {
            position += 1
            if isDigit(peek()) {
                throw error("a number cannot have a leading zero")
            }
        } else {
            guard isDigit(peek()) else { throw error("expected a digit after '-'") }
            skipDigits()
        }
        if peek() == UInt8(ascii: ".") {
            isWhole = false
            position += 1
            guard isDigit(peek()) else { throw error("expected a digit after '.'") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isWhole = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") {
                position += 1
            }
            guard isDigit(peek()) else { throw error("expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        // "-0" stays a Double so its sign survives.
        if isWhole, text != "-0", let whole = Int(text) { return .integer(whole) }
        guard let value = Double(text), value.isFinite else {
            throw error("the number \(text) is too large for a Double", at: start)
        }
        return .number(value)
    }

    /// Reads `word` (true, false or null) at `position`.
    private mutating func readLiteral(_ word: String) throws {
        let expected = Array(word.utf8)
        guard bytes[position...].starts(with: expected) else {
            throw error("expected a value")
        }
        position += expected.count
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    private func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while isDigit(peek()) {
            position += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == Self.lineFeed
                || byte == UInt8(ascii: "\r")
        {
            position += 1
        }
    }

    /// A parse error at byte `offset` (the current position by default), located by line and column.
    private func error(_ message: String, at offset: Int? = nil) -> JSONError {
        let end = Swift.min(offset ?? position, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == Self.lineFeed {
            line += 1
            lineStart = index + 1
        }
        // Columns count Unicode scalars: every UTF-8 byte except continuation bytes starts one.
        var column = 1
        for index in lineStart..<end where bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        return JSONError("line \(line), column \(column): \(message)")
    }
}
