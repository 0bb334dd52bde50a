import Testing
@testable import BackpropLanguage

/// The lexer: token kinds, literal values, byte offsets, spacing, comments and lexical errors.
@Suite struct LexerTests {
    private func tokens(_ text: String) -> [Token] {
        var lexer = Lexer(Source(name: "t", text: text))
        return lexer.tokenize()
    }

    private func kinds(_ text: String) -> [TokenKind] { tokens(text).map(\.kind) }

    @Test func operatorsAndPunctuation() {
        #expect(kinds("a += 1..<b ... c -> d && e || !f != g == h <= i >= j % k") == [
            .identifier, .op(.plusAssign), .intLiteral, .op(.halfOpenRange), .identifier, .op(.closedRange),
            .identifier, .arrow, .identifier, .op(.and), .identifier, .op(.or), .op(.not), .identifier,
            .op(.notEqual), .identifier, .op(.equal), .identifier, .op(.lessEqual), .identifier,
            .op(.greaterEqual), .identifier, .op(.percent), .identifier, .eof,
        ])
        #expect(kinds("( ) [ ] { } , : ; ? . _ -= *= /= %=") == [
            .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .colon,
            .semicolon, .question, .dot, .underscore, .op(.minusAssign), .op(.starAssign), .op(.slashAssign),
            .op(.percentAssign), .eof,
        ])
    }

    @Test func keywordsAndIdentifiers() {
        #expect(kinds("let var func return if else while for in break continue true false repeat") == [
            .keyword(.let), .keyword(.var), .keyword(.func), .keyword(.return), .keyword(.if), .keyword(.else),
            .keyword(.while), .keyword(.for), .keyword(.in), .keyword(.break), .keyword(.continue),
            .keyword(.true), .keyword(.false), .keyword(.repeat), .eof,
        ])
        let names = tokens("δ η2 _x café Σ_k `let`").compactMap { token -> String? in
            if case .name(let name) = token.payload { return name }
            return nil
        }
        #expect(names == ["δ", "η2", "_x", "café", "Σ_k", "let"])
    }

    @Test func integerLiterals() {
        let values = tokens("0 42 1_000_000 0xff 0b101 0o17 9223372036854775807").compactMap { token -> Int? in
            if case .int(let value) = token.payload { return value }
            return nil
        }
        #expect(values == [0, 42, 1_000_000, 255, 5, 15, Int.max])
    }

    @Test func doubleLiterals() {
        let values = tokens("2.5 1e3 1.5E-2 0.1 6.02e+23 1_0.5").compactMap { token -> Double? in
            if case .double(let value) = token.payload { return value }
            return nil
        }
        #expect(values == [2.5, 1000, 0.015, 0.1, 6.02e23, 10.5])
    }

    @Test func rangeAfterIntegerIsNotADecimalPoint() {
        #expect(kinds("0..<3") == [.intLiteral, .op(.halfOpenRange), .intLiteral, .eof])
        #expect(kinds("1...2") == [.intLiteral, .op(.closedRange), .intLiteral, .eof])
        #expect(kinds("x.count") == [.identifier, .dot, .identifier, .eof])
    }

    @Test func anonymousArguments() {
        let lexed = tokens("$0 + $12")
        #expect(lexed.map(\.kind) == [.dollarIdentifier, .op(.plus), .dollarIdentifier, .eof])
        guard case .int(let first) = lexed[0].payload, case .int(let second) = lexed[2].payload else {
            Issue.record("no argument numbers")
            return
        }
        #expect(first == 0 && second == 12)
    }

    @Test func byteOffsetsCountUTF8() {
        // "let δ = 1": δ takes two bytes, so '=' starts at byte 7 and '1' at byte 9.
        let lexed = tokens("let δ = 1")
        #expect(lexed.map(\.range) == [SourceRange(0, 3), SourceRange(4, 6), SourceRange(7, 8), SourceRange(9, 10), SourceRange(10, 10)])
        let source = Source(name: "t", text: "let δ = 1")
        #expect(source.location(of: 7) == (1, 7))
        #expect(source.location(of: 9) == (1, 9))
    }

    @Test func spacingFlags() {
        let lexed = tokens("a -b\n  c")
        // '-' has a space before it and none after: a prefix operator.
        #expect(lexed[1].spaceBefore && !lexed[1].spaceAfter)
        #expect(!lexed[2].spaceBefore && !lexed[2].newlineBefore)
        #expect(lexed[3].newlineBefore)
        #expect(lexed[0].newlineBefore, "the first token starts a line")
    }

    @Test func commentsAreSkippedAndBlockCommentsNest() {
        #expect(kinds("1 // two\n/* three /* four */ still */ 5") == [.intLiteral, .intLiteral, .eof])
        let lexed = tokens("a /* line\nbreak */ b")
        #expect(lexed[1].newlineBefore, "a block comment with a newline separates statements")
    }

    @Test func stringLiteralsDecodeEscapes() {
        let lexed = tokens(#""a\tb\n\\ \"q\" \u{3B4} \0 \'""#)
        guard case .string(let parts) = lexed[0].payload, parts.count == 1, case .text(let text) = parts[0] else {
            Issue.record("not a plain string: \(lexed[0])")
            return
        }
        #expect(text == "a\tb\n\\ \"q\" δ \0 '")
    }

    @Test func interpolationRecordsTheExpressionRange() {
        let text = #""x = \(a + 1)!""#
        let lexed = tokens(text)
        guard case .string(let parts) = lexed[0].payload, parts.count == 3,
              case .text(let before) = parts[0], case .interpolation(let range) = parts[1],
              case .text(let after) = parts[2] else {
            Issue.record("unexpected parts: \(lexed[0])")
            return
        }
        #expect(before == "x = " && after == "!")
        #expect(Source(name: "t", text: text).slice(range) == "a + 1")
    }

    @Test func invalidTokensCarryMessages() {
        func message(_ text: String) -> String? {
            for token in tokens(text) {
                if token.kind == .invalid, case .error(let message) = token.payload { return message }
            }
            return nil
        }
        #expect(message("3x") == "'3x' is not a valid number")
        #expect(message("0x") == "a number needs digits after its prefix")
        #expect(message("a & b") == "unexpected '&'; did you mean '&&'?")
        #expect(message("a | b") == "unexpected '|'; did you mean '||'?")
        #expect(message("@") == "unexpected character '@'")
        #expect(message("$") == "'$' must be followed by an argument number, as in $0")
        #expect(message("\"abc") == "unterminated string literal; close it with '\"' on the same line")
        #expect(message(#""\q""#) == #"invalid escape sequence '\q' in string; use \n, \t, \\, \" or \u{…}"#)
        #expect(message(#""\é""#) == #"invalid escape sequence '\é' in string; use \n, \t, \\, \" or \u{…}"#)
        #expect(message(#""\u{110000}""#) == #"invalid Unicode escape; write it as \u{1F600} with 1 to 8 hex digits"#)
        #expect(message("/* open") == "unterminated '/*' comment; close it with '*/'")
        #expect(message("99999999999999999999") == "integer literal '99999999999999999999' overflows Int (at most 9223372036854775807); write it as a Double, e.g. 99999999999999999999.0")
        #expect(message("1e999") == "floating-point literal '1e999' is too large for a Double")
        #expect(message("`abc") == "unterminated '`' identifier")
    }

    @Test func lexicalErrorsAreLocatedSyntaxErrors() {
        expectError("let x = ⟪9223372036854775808", .syntaxError,
                    "integer literal '9223372036854775808' overflows Int (at most 9223372036854775807); write it as a Double, e.g. 9223372036854775808.0")
        expectError("let s = 1\nlet t = ⟪\"open", .syntaxError, "unterminated string literal; close it with '\"' on the same line")
        expectError("let δ = ⟪3δ", .syntaxError, "'3δ' is not a valid number")
        expectError("let a = 1 ⟪# 2", .syntaxError, "unexpected character '#'")
        // The range of a bad escape ends after the whole escaped character, never inside its UTF-8 bytes.
        expectError("let s = ⟪\"a\\😀⟫ b\"", .syntaxError, "invalid escape sequence '\\😀' in string; use \\n, \\t, \\\\, \\\" or \\u{…}")
    }

    @Test func escapedIdentifiersAndUnicodeNamesWork() throws {
        #expect(try output("let `let` = 2\nlet δ = 3\nlet η_1 = 0.5\nprint(`let` * δ, η_1)") == "6 0.5\n")
    }
}
