/// A piece of program text with a name, as the lexer and diagnostics see it.
///
/// Tokens and AST nodes carry byte offsets into `bytes`; line and column are computed
/// only when a diagnostic is rendered (columns count Unicode scalars, 1-based).
public final class Source: Sendable {
    /// The name diagnostics print: a file path as given, `<stdin>`, or a cell name.
    public let name: String
    /// The text as written.
    public let text: String
    /// The UTF-8 bytes of `text`, which every offset indexes.
    public let bytes: [UInt8]
    /// Byte offsets at which each line starts; line 1 starts at 0.
    private let lineStarts: [Int]

    /// Creates a source from its name and text.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// The number of lines (a trailing newline does not start a new one worth printing).
    public var lineCount: Int { lineStarts.count }

    /// The 1-based line and column of a byte offset; columns count Unicode scalars.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = Swift.max(0, Swift.min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        var column = 1
        var index = start
        while index < clamped {
            // Count only scalar-leading bytes, so a column is a Unicode scalar.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        // An offset in the middle of a scalar counts as that scalar.
        if clamped < bytes.count, clamped > start, bytes[clamped] & 0xC0 == 0x80 { column -= 1 }
        return (low + 1, column)
    }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<Swift.max(start, end)], as: UTF8.self)
    }

    /// The text between two byte offsets.
    func slice(_ range: SourceRange) -> String {
        let start = Swift.max(0, Swift.min(range.start, bytes.count))
        let end = Swift.max(start, Swift.min(range.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// A half-open range of byte offsets into a `Source`.
public struct SourceRange: Sendable, Equatable, Hashable {
    /// The first byte.
    public var start: Int
    /// One past the last byte.
    public var end: Int

    /// Creates a range from its bounds.
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = Swift.max(start, end)
    }

    /// The smallest range that covers both.
    func union(_ other: SourceRange) -> SourceRange {
        SourceRange(Swift.min(start, other.start), Swift.max(end, other.end))
    }
}
