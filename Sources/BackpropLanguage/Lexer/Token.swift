/// One token: its kind, its byte range, and the spacing around it that Swift's grammar reads.
struct Token: Sendable {
    /// What the token is.
    var kind: TokenKind
    /// Where it is.
    var range: SourceRange
    /// A newline (or a comment containing one) comes between the previous token and this one.
    var newlineBefore: Bool
    /// Whitespace (or a comment, or the start of input) comes right before this token.
    var spaceBefore: Bool
    /// Whitespace (or a comment, or the end of input) comes right after this token.
    var spaceAfter: Bool
    /// The decoded payload of literals and identifiers.
    var payload: TokenPayload = .none
}

/// The decoded value of a literal or an identifier.
enum TokenPayload: Sendable {
    case none
    case name(String)
    case int(Int)
    case double(Double)
    case string([StringPart])
    case error(String)
}

/// A piece of a string literal: text, or the byte range of an interpolated expression.
enum StringPart: Sendable {
    case text(String)
    case interpolation(SourceRange)
}

/// The kinds of tokens.
enum TokenKind: Sendable, Equatable {
    case identifier, dollarIdentifier, intLiteral, doubleLiteral, stringLiteral
    case keyword(Keyword)
    case op(Operator)
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, semicolon, dot, arrow, question, underscore
    case invalid
    case eof
}

/// The keywords of the language (and a few of Swift's that get a helpful error).
enum Keyword: String, Sendable, CaseIterable {
    case `let`, `var`, `func`, `return`, `if`, `else`, `while`, `for`, `in`, `break`, `continue`
    case `true`, `false`, `repeat`
    // Swift keywords the language does not have; the parser explains.
    case `class`, `struct`, `enum`, `switch`, `guard`, `import`, `defer`, `do`, `try`, `throw`
    case `nil`, `protocol`, `extension`, `case`, `where`, `inout`, `static`, `self`, `Self`
}

/// The operators of the language.
enum Operator: String, Sendable, CaseIterable {
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case assign = "=", plusAssign = "+=", minusAssign = "-=", starAssign = "*=", slashAssign = "/="
    case percentAssign = "%="
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "&&", or = "||", not = "!"
    case halfOpenRange = "..<", closedRange = "..."
}
