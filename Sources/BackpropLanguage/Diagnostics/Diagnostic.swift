/// One located error message, like a line of the Swift compiler's output.
public struct Diagnostic: Error, Sendable {
    /// What kind of error this is.
    public var kind: ErrorKind
    /// A one-line message that says what went wrong and what to do.
    public var message: String
    /// Where it happened, if anywhere.
    public var range: SourceRange?
    /// The text `range` points into; attached as the error leaves the code it came from.
    public var source: Source?

    /// Creates a diagnostic.
    public init(_ kind: ErrorKind, _ message: String, at range: SourceRange? = nil, in source: Source? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.source = source
    }

    /// The longest source line a rendering shows whole, in Unicode scalars.
    static let maxShownLine = 150

    /// The 1-based line and column of the start, when located.
    public var lineAndColumn: (line: Int, column: Int)? {
        guard let range, let source else { return nil }
        return source.location(of: range.start)
    }

    /// Renders `FILE:LINE:COLUMN: error: ENAME: message`, the source line and a caret line.
    ///
    /// - Parameter colors: whether to add ANSI colours (only for terminals and notebooks).
    public func rendered(colors: Bool = false) -> String {
        let bold = colors ? "\u{1B}[1m" : ""
        let red = colors ? "\u{1B}[1;31m" : ""
        let green = colors ? "\u{1B}[1;32m" : ""
        let reset = colors ? "\u{1B}[0m" : ""
        guard let range, let source else {
            return "\(bold)error: \(kind.rawValue): \(message)\(reset)"
        }
        let (line, startColumn) = source.location(of: range.start)
        var out = "\(bold)\(source.name):\(line):\(startColumn): \(red)error:\(reset)\(bold) \(kind.rawValue): \(message)\(reset)"
        var column = startColumn
        var text = source.lineText(line)
        // Underline to the end of the range, but not past the end of this line.
        let endLocation = source.location(of: range.end)
        var lineLength = text.unicodeScalars.count
        var width = 1
        if endLocation.line == line {
            width = Swift.max(1, endLocation.column - column)
        } else {
            width = Swift.max(1, lineLength - column + 1)
        }
        // A very long line is shown as a window around the column, so messages stay readable.
        if lineLength > Diagnostic.maxShownLine {
            let scalars = Array(text.unicodeScalars)
            let start = Swift.max(0, Swift.min(column - 1 - Diagnostic.maxShownLine / 3, lineLength - Diagnostic.maxShownLine))
            let end = Swift.min(lineLength, start + Diagnostic.maxShownLine)
            var window = String(String.UnicodeScalarView(scalars[start..<end]))
            if start > 0 { window = "…" + window }
            if end < lineLength { window += "…" }
            column = column - start + (start > 0 ? 1 : 0)
            width = Swift.max(1, Swift.min(width, end - (column - 1) + (start > 0 ? 1 : 0)))
            text = window
            lineLength = window.unicodeScalars.count
        }
        out += "\n" + text
        // Keep the caret under the same column even when the line has tabs.
        var prefix = ""
        for (index, scalar) in text.unicodeScalars.enumerated() where index < column - 1 {
            prefix.append(scalar == "\t" ? "\t" : " ")
        }
        if text.unicodeScalars.count < column - 1 {
            prefix += String(repeating: " ", count: column - 1 - text.unicodeScalars.count)
        }
        out += "\n" + prefix + green + "^" + String(repeating: "~", count: width - 1) + reset
        return out
    }
}
