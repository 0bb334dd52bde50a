/// Whether a piece of code is ready to run, needs more lines, or can never parse: what a
/// console asks (Jupyter's is_complete) before it runs or continues the input on Enter.
///
/// Reads only the text (lexer and parser), never an interpreter's state, so any thread may
/// call it while code runs elsewhere.
public enum SyntaxCheck {
    /// What the check found.
    public enum Status: Sendable, Equatable {
        /// It parses as it is.
        case complete
        /// An open construct at the end needs more lines: `openBrackets` brackets (`(`, `[`,
        /// `{`) are open, and `inString` says the end is inside a `"""` string.
        case incomplete(openBrackets: Int, inString: Bool)
        /// A syntax error that no continuation can fix (or a close bracket that matches nothing).
        case invalid
    }

    /// Checks `code`.
    ///
    /// Open brackets, an unterminated `"""` string or `/*` comment, and a syntax error at the
    /// end of the input (`let x =`, `1 +`, `if x`) are incomplete; a syntax error before the
    /// end, or a close bracket that does not match, is invalid. An unterminated `"…` string is
    /// invalid: a single-line string cannot continue on the next line.
    public static func status(of code: String) -> Status {
        let source = Source(name: "<code>", text: code)
        var lexer = Lexer(source)
        let tokens = lexer.tokenize()
        var open: [TokenKind] = []
        var cut: Int?
        var inString = false
        var lastEnd = 0
        scan: for token in tokens {
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace:
                open.append(token.kind)
            case .rightParen, .rightBracket, .rightBrace:
                let opening: TokenKind = token.kind == .rightParen ? .leftParen : token.kind == .rightBracket ? .leftBracket : .leftBrace
                guard open.last == opening else { return .invalid }
                open.removeLast()
            case .invalid:
                if case .error(let message) = token.payload {
                    if message.hasPrefix("unterminated multi-line string") {
                        cut = token.range.start
                        inString = true
                        break scan
                    }
                    if message.hasPrefix("unterminated '/*' comment") {
                        cut = token.range.start
                        break scan
                    }
                }
            case .eof:
                break scan
            default:
                break
            }
            lastEnd = token.range.end
        }
        // Close what is open and parse: errors only in the added text (or at the very end)
        // mean more lines can complete the code.
        var closed = Array(source.bytes[0..<(cut ?? source.bytes.count)])
        if inString { closed += Array("\"\"".utf8) }
        for kind in open.reversed() {
            closed += Array((kind == .leftParen ? "\n)" : kind == .leftBracket ? "\n]" : "\n}").utf8)
        }
        let boundary = cut ?? lastEnd
        let closedSource = Source(name: "<code>", text: String(decoding: closed, as: UTF8.self))
        var status = Status.complete
        LargeStackThread.run { _ in
            switch Parser.parse(closedSource) {
            case .success:
                status = open.isEmpty && cut == nil ? .complete : .incomplete(openBrackets: open.count, inString: inString)
            case .failure(let error):
                let atEnd = error.diagnostics.allSatisfy { diagnostic in
                    diagnostic.kind == .syntaxError && (diagnostic.range?.start ?? 0) >= boundary
                }
                status = atEnd ? .incomplete(openBrackets: open.count, inString: inString) : .invalid
            }
        }
        return status
    }
}
