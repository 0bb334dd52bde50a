/// A token of Backprop code as tools see it (completion, inspection): its kind, text and
/// position in Unicode scalars, the unit Jupyter counts cursor positions in.
public struct CodeToken: Sendable, Equatable {
    /// What the token is, coarsely.
    public enum Kind: Sendable, Equatable {
        /// A name, including `$0` and a backquoted name.
        case identifier
        /// A keyword (`let`, `for`, and Swift's that Backprop only explains, like `class`).
        case keyword
        /// An Int or Double literal.
        case number
        /// A string literal, interpolations included.
        case string
        /// An operator, including `..<`, `...` and `->`.
        case `operator`
        /// Brackets, `,`, `:`, `;`, `.`, `?` and `_`.
        case punctuation
        /// Text the lexer could not read (an unterminated string, a stray character).
        case invalid
    }

    /// What the token is.
    public let kind: Kind
    /// The token's text as written.
    public let text: String
    /// The name of an identifier (without backquotes) or keyword; nil for other tokens.
    public let name: String?
    /// Where it starts, in Unicode scalars from the start of the code.
    public let start: Int
    /// Where it ends (exclusive), in Unicode scalars.
    public let end: Int
    /// Whether a newline (or a comment holding one) comes before it.
    public let newlineBefore: Bool

    /// The tokens of `code`, in order, without the end-of-input token; never fails (bad text
    /// becomes `.invalid` tokens). Comments and whitespace are not tokens.
    public static func tokenize(_ code: String) -> [CodeToken] {
        let source = Source(name: "<code>", text: code)
        var lexer = Lexer(source)
        let tokens = lexer.tokenize()
        // Byte offset → the number of scalars before it (tokens start and end on scalar boundaries).
        var scalarIndex = [Int](repeating: 0, count: source.bytes.count + 1)
        var count = 0
        for (offset, byte) in source.bytes.enumerated() {
            if byte & 0xC0 != 0x80 { count += 1 }
            scalarIndex[offset + 1] = count
        }
        var result: [CodeToken] = []
        result.reserveCapacity(tokens.count)
        for token in tokens {
            let kind: Kind
            var name: String?
            switch token.kind {
            case .eof: continue
            case .identifier, .dollarIdentifier:
                kind = .identifier
                if case .name(let identifier) = token.payload { name = identifier } else { name = source.slice(token.range) }
            case .keyword(let keyword):
                kind = .keyword
                name = keyword.rawValue
            case .intLiteral, .doubleLiteral: kind = .number
            case .stringLiteral: kind = .string
            case .op, .arrow: kind = .operator
            case .invalid: kind = .invalid
            case .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
                 .comma, .colon, .semicolon, .dot, .question, .underscore:
                kind = .punctuation
            }
            let start = Swift.min(token.range.start, source.bytes.count)
            let end = Swift.min(token.range.end, source.bytes.count)
            result.append(CodeToken(kind: kind, text: source.slice(token.range), name: name,
                                    start: scalarIndex[start], end: scalarIndex[end], newlineBefore: token.newlineBefore))
        }
        return result
    }
}
