/// Turns source bytes into tokens, with byte offsets and the spacing Swift's grammar needs.
///
/// The lexer never fails: bad input becomes `.invalid` tokens carrying a message, which the
/// parser reports as syntax errors at their exact location.
struct Lexer {
    private let bytes: [UInt8]
    private var position: Int
    private let end: Int

    /// Creates a lexer over `source.bytes[range]` (the whole text by default); offsets stay global.
    init(_ source: Source, range: SourceRange? = nil) {
        self.bytes = source.bytes
        self.position = range?.start ?? 0
        self.end = Swift.min(range?.end ?? source.bytes.count, source.bytes.count)
    }

    /// Lexes everything up to and including an `.eof` token.
    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        var sawNewline = true
        var sawSpace = true
        while true {
            let trivia = skipTrivia()
            sawNewline = sawNewline || trivia.newline
            sawSpace = sawSpace || trivia.space
            if !tokens.isEmpty {
                tokens[tokens.count - 1].spaceAfter = trivia.space || trivia.newline || position >= end
            }
            if let message = trivia.error {
                tokens.append(Token(kind: .invalid, range: SourceRange(trivia.errorAt, trivia.errorAt + 2),
                                    newlineBefore: sawNewline, spaceBefore: sawSpace, spaceAfter: true,
                                    payload: .error(message)))
            }
            if position >= end {
                tokens.append(Token(kind: .eof, range: SourceRange(end, end), newlineBefore: true,
                                    spaceBefore: true, spaceAfter: true))
                return tokens
            }
            var token = next()
            token.newlineBefore = sawNewline
            token.spaceBefore = sawSpace
            tokens.append(token)
            sawNewline = false
            sawSpace = false
        }
    }

    // MARK: - Trivia

    private struct Trivia {
        var newline = false
        var space = false
        var error: String?
        var errorAt = 0
    }

    /// Skips spaces, newlines and comments (block comments nest, as in Swift).
    private mutating func skipTrivia() -> Trivia {
        var trivia = Trivia()
        while position < end {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                trivia.space = true
                position += 1
            case UInt8(ascii: "\n"):
                trivia.newline = true
                position += 1
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                trivia.space = true
                while position < end, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                trivia.space = true
                let start = position
                position += 2
                var depth = 1
                while position < end, depth > 0 {
                    if bytes[position] == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                        depth += 1
                        position += 2
                    } else if bytes[position] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                        depth -= 1
                        position += 2
                    } else {
                        if bytes[position] == UInt8(ascii: "\n") { trivia.newline = true }
                        position += 1
                    }
                }
                if depth > 0 {
                    trivia.error = "unterminated '/*' comment; close it with '*/'"
                    trivia.errorAt = start
                }
            default:
                return trivia
            }
        }
        return trivia
    }

    private func peek(_ offset: Int) -> UInt8? {
        let index = position + offset
        return index < end ? bytes[index] : nil
    }

    // MARK: - Tokens

    private func make(_ kind: TokenKind, _ start: Int, _ payload: TokenPayload = .none) -> Token {
        Token(kind: kind, range: SourceRange(start, position), newlineBefore: false, spaceBefore: false,
              spaceAfter: false, payload: payload)
    }

    private mutating func next() -> Token {
        let start = position
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number()
        case UInt8(ascii: "\""):
            return string()
        case UInt8(ascii: "$"):
            position += 1
            var digits = 0
            var value = 0
            while position < end, let digit = digitValue(bytes[position], radix: 10) {
                position += 1
                digits += 1
                if digits <= 6 { value = value * 10 + digit }
            }
            if digits == 0 || digits > 6 {
                return make(.invalid, start, .error("'$' must be followed by an argument number, as in $0"))
            }
            return make(.dollarIdentifier, start, .int(value))
        case UInt8(ascii: "("): position += 1; return make(.leftParen, start)
        case UInt8(ascii: ")"): position += 1; return make(.rightParen, start)
        case UInt8(ascii: "["): position += 1; return make(.leftBracket, start)
        case UInt8(ascii: "]"): position += 1; return make(.rightBracket, start)
        case UInt8(ascii: "{"): position += 1; return make(.leftBrace, start)
        case UInt8(ascii: "}"): position += 1; return make(.rightBrace, start)
        case UInt8(ascii: ","): position += 1; return make(.comma, start)
        case UInt8(ascii: ":"): position += 1; return make(.colon, start)
        case UInt8(ascii: ";"): position += 1; return make(.semicolon, start)
        case UInt8(ascii: "?"): position += 1; return make(.question, start)
        case UInt8(ascii: "."):
            if peek(1) == UInt8(ascii: "."), peek(2) == UInt8(ascii: "<") {
                position += 3
                return make(.op(.halfOpenRange), start)
            }
            if peek(1) == UInt8(ascii: "."), peek(2) == UInt8(ascii: ".") {
                position += 3
                return make(.op(.closedRange), start)
            }
            position += 1
            return make(.dot, start)
        default:
            break
        }
        if let op = operatorToken(start) { return op }
        if isIdentifierStart(at: position) {
            while position < end, isIdentifierContinue(at: position) { position += scalarLength(at: position) }
            let name = String(decoding: bytes[start..<position], as: UTF8.self)
            if name == "_" { return make(.underscore, start) }
            if let keyword = Keyword(rawValue: name) { return make(.keyword(keyword), start) }
            return make(.identifier, start, .name(name))
        }
        if byte == UInt8(ascii: "`") {
            // Swift's escaped identifiers: `name`.
            position += 1
            let nameStart = position
            while position < end, bytes[position] != UInt8(ascii: "`"), bytes[position] != UInt8(ascii: "\n") {
                position += 1
            }
            if position < end, bytes[position] == UInt8(ascii: "`"), position > nameStart {
                let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
                position += 1
                return make(.identifier, start, .name(name))
            }
            return make(.invalid, start, .error("unterminated '`' identifier"))
        }
        position += Swift.max(1, scalarLength(at: position))
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        return make(.invalid, start, .error("unexpected character '\(text)'"))
    }

    /// Two-byte operators by their bytes.
    private static let twoByteOperators: [(UInt8, UInt8, Operator)] = [
        ("+=", Operator.plusAssign), ("-=", .minusAssign), ("*=", .starAssign), ("/=", .slashAssign),
        ("%=", .percentAssign), ("==", .equal), ("!=", .notEqual), ("<=", .lessEqual),
        (">=", .greaterEqual), ("&&", .and), ("||", .or),
    ].map { text, op in
        let utf8 = Array(text.utf8)
        return (utf8[0], utf8[1], op)
    }

    /// One-byte operators by their byte.
    private static let oneByteOperators: [UInt8: Operator] = [
        UInt8(ascii: "+"): .plus, UInt8(ascii: "-"): .minus, UInt8(ascii: "*"): .star,
        UInt8(ascii: "/"): .slash, UInt8(ascii: "%"): .percent, UInt8(ascii: "="): .assign,
        UInt8(ascii: "<"): .less, UInt8(ascii: ">"): .greater, UInt8(ascii: "!"): .not,
    ]

    private mutating func operatorToken(_ start: Int) -> Token? {
        let first = bytes[position]
        if let second = peek(1) {
            if first == UInt8(ascii: "-"), second == UInt8(ascii: ">") {
                position += 2
                return make(.arrow, start)
            }
            for (a, b, op) in Lexer.twoByteOperators where a == first && b == second {
                position += 2
                return make(.op(op), start)
            }
        }
        if let op = Lexer.oneByteOperators[first] {
            position += 1
            return make(.op(op), start)
        }
        if first == UInt8(ascii: "&") || first == UInt8(ascii: "|") {
            position += 1
            let text = first == UInt8(ascii: "&") ? "&&" : "||"
            return make(.invalid, start, .error("unexpected '\(Character(Unicode.Scalar(first)))'; did you mean '\(text)'?"))
        }
        return nil
    }

    // MARK: - Numbers

    private func digitValue(_ byte: UInt8, radix: Int) -> Int? {
        let value: Int
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return value < radix ? value : nil
    }

    private mutating func number() -> Token {
        let start = position
        var radix = 10
        if bytes[position] == UInt8(ascii: "0"), let marker = peek(1) {
            switch marker {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: break
            }
            if radix != 10 { position += 2 }
        }
        var digits: [UInt8] = []
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "_") { position += 1; continue }
            if digitValue(byte, radix: radix) != nil { digits.append(byte); position += 1; continue }
            break
        }
        var isDouble = false
        if radix == 10 {
            if position < end, bytes[position] == UInt8(ascii: "."), let after = peek(1),
               after >= UInt8(ascii: "0"), after <= UInt8(ascii: "9") {
                isDouble = true
                digits.append(UInt8(ascii: "."))
                position += 1
                while position < end, bytes[position] == UInt8(ascii: "_") || digitValue(bytes[position], radix: 10) != nil {
                    if bytes[position] != UInt8(ascii: "_") { digits.append(bytes[position]) }
                    position += 1
                }
            }
            if position < end, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                var look = position + 1
                if look < end, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-") { look += 1 }
                if look < end, digitValue(bytes[look], radix: 10) != nil {
                    isDouble = true
                    digits.append(UInt8(ascii: "e"))
                    digits.append(contentsOf: bytes[(position + 1)..<look])
                    position = look
                    while position < end, digitValue(bytes[position], radix: 10) != nil {
                        digits.append(bytes[position])
                        position += 1
                    }
                }
            }
        }
        // A letter glued to a number is a typo like `3x`, not two tokens.
        if position < end, isIdentifierContinue(at: position) {
            while position < end, isIdentifierContinue(at: position) { position += scalarLength(at: position) }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            return make(.invalid, start, .error("'\(text)' is not a valid number"))
        }
        if digits.isEmpty {
            return make(.invalid, start, .error("a number needs digits after its prefix"))
        }
        let text = String(decoding: digits, as: UTF8.self)
        if isDouble {
            guard let value = Double(text), value.isFinite else {
                return make(.invalid, start, .error("floating-point literal '\(text)' is too large for a Double"))
            }
            return make(.doubleLiteral, start, .double(value))
        }
        guard let value = Int(text, radix: radix) else {
            let written = String(decoding: bytes[start..<position], as: UTF8.self)
            return make(.invalid, start, .error("integer literal '\(written)' overflows Int (at most \(Int.max)); write it as a Double, e.g. \(written).0"))
        }
        return make(.intLiteral, start, .int(value))
    }

    // MARK: - Strings

    private mutating func string() -> Token {
        let start = position
        if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
            return multilineString()
        }
        position += 1
        var parts: [StringPart] = []
        var text: [UInt8] = []
        while true {
            guard position < end, bytes[position] != UInt8(ascii: "\n") else {
                return make(.invalid, start, .error("unterminated string literal; close it with '\"' on the same line"))
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                if let error = escape(into: &text, parts: &parts) { return make(.invalid, start, .error(error)) }
                continue
            }
            text.append(byte)
            position += 1
        }
        if !text.isEmpty || parts.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        return make(.stringLiteral, start, .string(parts))
    }

    /// `"""` strings: the lines between the delimiters, less the closing delimiter's indentation.
    private mutating func multilineString() -> Token {
        let start = position
        position += 3
        while position < end, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") { position += 1 }
        guard position < end, bytes[position] == UInt8(ascii: "\n") else {
            return make(.invalid, start, .error("a multi-line string starts with '\"\"\"' followed by a new line"))
        }
        position += 1
        // Find the closing delimiter first to learn the indentation to strip.
        var scan = position
        var closing = -1
        var lineStart = position
        while scan < end {
            if bytes[scan] == UInt8(ascii: "\n") { lineStart = scan + 1; scan += 1; continue }
            if bytes[scan] == UInt8(ascii: "\""), scan + 2 < end, bytes[scan + 1] == UInt8(ascii: "\""), bytes[scan + 2] == UInt8(ascii: "\"") {
                let indentation = bytes[lineStart..<scan]
                if indentation.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                    closing = scan
                    break
                }
            }
            if bytes[scan] == UInt8(ascii: "\\"), scan + 1 < end { scan += 2; continue }
            scan += 1
        }
        guard closing >= 0 else {
            return make(.invalid, start, .error("unterminated multi-line string; close it with '\"\"\"' on its own line"))
        }
        let indent = closing - lineStart
        var parts: [StringPart] = []
        var text: [UInt8] = []
        var atLineStart = true
        while position < lineStart {
            if atLineStart {
                var skipped = 0
                while skipped < indent, position < lineStart,
                      bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") {
                    position += 1
                    skipped += 1
                }
                atLineStart = false
                if position >= lineStart { break }
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                if let error = escape(into: &text, parts: &parts) { return make(.invalid, start, .error(error)) }
                continue
            }
            if byte == UInt8(ascii: "\n") { atLineStart = true }
            text.append(byte)
            position += 1
        }
        // The newline before the closing delimiter is not part of the string.
        if text.last == UInt8(ascii: "\n") { text.removeLast() }
        position = closing + 3
        if !text.isEmpty || parts.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        return make(.stringLiteral, start, .string(parts))
    }

    /// Reads one escape at `position` (a backslash); returns an error message if it is bad.
    private mutating func escape(into text: inout [UInt8], parts: inout [StringPart]) -> String? {
        position += 1
        guard position < end else { return "unterminated string literal" }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
        case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t"))
        case UInt8(ascii: "r"): text.append(UInt8(ascii: "\r"))
        case UInt8(ascii: "0"): text.append(0)
        case UInt8(ascii: "\\"): text.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "\""): text.append(UInt8(ascii: "\""))
        case UInt8(ascii: "'"): text.append(UInt8(ascii: "'"))
        case UInt8(ascii: "u"):
            guard position < end, bytes[position] == UInt8(ascii: "{") else {
                return "write a Unicode escape as \\u{1F600}"
            }
            position += 1
            var value: UInt32 = 0
            var count = 0
            while position < end, let digit = digitValue(bytes[position], radix: 16), count < 8 {
                value = value * 16 + UInt32(digit)
                count += 1
                position += 1
            }
            guard position < end, bytes[position] == UInt8(ascii: "}"), count > 0, let scalar = Unicode.Scalar(value) else {
                return "invalid Unicode escape; write it as \\u{1F600} with 1 to 8 hex digits"
            }
            position += 1
            text.append(contentsOf: Array(String(Character(scalar)).utf8))
        case UInt8(ascii: "("):
            // Find the matching ')' outside nested strings, so the parser can read the expression.
            let exprStart = position
            var depth = 1
            var inString = false
            while position < end {
                let b = bytes[position]
                if b == UInt8(ascii: "\n") { break }
                if inString {
                    if b == UInt8(ascii: "\\") { position += 2; continue }
                    if b == UInt8(ascii: "\"") { inString = false }
                } else if b == UInt8(ascii: "\"") {
                    inString = true
                } else if b == UInt8(ascii: "(") {
                    depth += 1
                } else if b == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { break }
                }
                position += 1
            }
            guard position < end, bytes[position] == UInt8(ascii: ")"), depth == 0 else {
                position = Swift.min(position, end)
                return "unterminated interpolation '\\(' in string; close it with ')'"
            }
            if !text.isEmpty {
                parts.append(.text(String(decoding: text, as: UTF8.self)))
                text.removeAll()
            }
            parts.append(.interpolation(SourceRange(exprStart, position)))
            position += 1
        default:
            // Step over the whole escaped character, so the token never ends inside a UTF-8 sequence.
            let escapeStart = position - 1
            while position < end, bytes[position] & 0xC0 == 0x80 { position += 1 }
            let character = String(decoding: bytes[escapeStart..<position], as: UTF8.self)
            return "invalid escape sequence '\\\(character)' in string; use \\n, \\t, \\\\, \\\" or \\u{…}"
        }
        return nil
    }

    // MARK: - Identifiers

    private func scalar(at index: Int) -> (Unicode.Scalar, Int)? {
        guard index < end else { return nil }
        let first = bytes[index]
        if first < 0x80 { return (Unicode.Scalar(first), 1) }
        let length: Int
        var value: UInt32
        if first & 0xE0 == 0xC0 { length = 2; value = UInt32(first & 0x1F) }
        else if first & 0xF0 == 0xE0 { length = 3; value = UInt32(first & 0x0F) }
        else if first & 0xF8 == 0xF0 { length = 4; value = UInt32(first & 0x07) }
        else { return nil }
        guard index + length <= end else { return nil }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    private func scalarLength(at index: Int) -> Int {
        scalar(at: index)?.1 ?? 1
    }

    private func isIdentifierStart(at index: Int) -> Bool {
        guard let (scalar, _) = scalar(at: index) else { return false }
        if scalar == "_" { return true }
        if scalar.isASCII { return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.generalCategory == .otherSymbol || properties.isEmojiPresentation
    }

    private func isIdentifierContinue(at index: Int) -> Bool {
        guard let (scalar, _) = scalar(at: index) else { return false }
        if scalar.isASCII {
            return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "_"
        }
        if isIdentifierStart(at: index) { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value)
        }
    }
}
