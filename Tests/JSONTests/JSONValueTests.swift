import Testing

@testable import JSON

/// Expects parsing `text` to throw a ``JSONError`` with exactly `message`.
private func expectParseError(
    _ text: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = #expect(throws: JSONError.self, sourceLocation: sourceLocation) { try JSONValue.parse(text) }
    guard let error else { return }
    #expect(error.message == message, sourceLocation: sourceLocation)
}

/// A value nested `depth` arrays deep around 1.
private func nested(_ depth: Int) -> JSONValue {
    var value = JSONValue.number(1)
    for _ in 0..<depth {
        value = .array([value])
    }
    return value
}

@Suite struct JSONValueTests {
    // MARK: - Numbers

    /// 0.1, 1/3, 5e-324 (the least subnormal), 1.7976931348623157e308 (the greatest finite), −0.0, 0, 1e21,
    /// 123456789012345680000 (written as the Double it rounds to), …, 2^53 + 2, −1e−300.
    static let trickyDoubles: [Double] = [
        0.1, 1.0 / 3.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -0.0, 0, 1e21,
        123_456_789_012_345_683_968,
        3, -2.5, 1e-5, 2.2250738585072014e-308, 0.30000000000000004, 9_007_199_254_740_994, -1e-300,
    ]

    @Test func doublesRoundTripBitExactly() throws {
        let value = JSONValue.array(Self.trickyDoubles.map(JSONValue.number))
        for indent in [0, 2] {
            let text = try value.serialized(indent: indent)
            let parsed = try JSONValue.parse(text)
            let numbers = try #require(parsed.array).map { $0.double ?? .nan }
            #expect(numbers.map(\.bitPattern) == Self.trickyDoubles.map(\.bitPattern))
        }
        // Each number alone, too: a top-level number is valid JSON.
        for x in Self.trickyDoubles {
            let back = try JSONValue.parse(JSONValue.number(x).serialized()).double
            #expect(back?.bitPattern == x.bitPattern, "\(x)")
        }
    }

    @Test func numbersAreWrittenInTheShortestForm() throws {
        let written = try Self.trickyDoubles.map { try JSONValue.number($0).serialized() }
        #expect(
            written == [
                "0.1", "0.3333333333333333", "5e-324", "1.7976931348623157e+308", "-0.0", "0.0", "1e+21",
                "1.2345678901234568e+20", "3.0", "-2.5", "1e-05", "2.2250738585072014e-308",
                "0.30000000000000004",
                "9.007199254740994e+15", "-1e-300",
            ])
    }

    @Test func nonFiniteNumbersCannotBeWritten() {
        for bad in [Double.nan, .infinity, -.infinity] {
            let error = #expect(throws: JSONError.self) {
                _ = try JSONValue.object([("w", .array([.number(1), .number(bad)]))]).serialized()
            }
            #expect(
                error?.message == "JSON cannot hold nan or infinity, but a number to be written is \(bad)")
        }
    }

    @Test func numbersParseByTheJSONGrammar() throws {
        #expect(try JSONValue.parse("0") == .number(0))
        #expect(try JSONValue.parse("-0").double?.bitPattern == (-0.0).bitPattern)
        #expect(try JSONValue.parse("12.5e-1") == .number(1.25))
        #expect(try JSONValue.parse("1E+2") == .number(100))
        #expect(try JSONValue.parse(" -7 ") == .number(-7))
        #expect(try JSONValue.parse("1e-400") == .number(0))
        expectParseError("01", "line 1, column 2: a number cannot have a leading zero")
        expectParseError("-", "line 1, column 2: expected a digit after '-'")
        expectParseError("-a", "line 1, column 2: expected a digit after '-'")
        expectParseError("1.", "line 1, column 3: expected a digit after '.'")
        expectParseError("1.e5", "line 1, column 3: expected a digit after '.'")
        expectParseError("1e", "line 1, column 3: expected a digit in the exponent")
        expectParseError("1e+", "line 1, column 4: expected a digit in the exponent")
        expectParseError("+1", "line 1, column 1: expected a value")
        expectParseError(".5", "line 1, column 1: expected a value")
        expectParseError("NaN", "line 1, column 1: expected a value")
        expectParseError("Infinity", "line 1, column 1: expected a value")
        expectParseError("[1, 1e400]", "line 1, column 5: the number 1e400 is too large for a Double")
    }

    @Test func wholeNumberLiteralsParseAsIntegersAndWriteWithoutAFraction() throws {
        // The Jupyter protocol's counts must stay integers on the wire (1, not 1.0).
        let parsed = try JSONValue.parse("[7, -12, 9223372036854775807, 9223372036854775808, 2.0, 1e2]")
        guard case .array(let items) = parsed else {
            Issue.record("expected an array")
            return
        }
        #expect(items[0].int == 7 && items[1].int == -12 && items[2].int == Int.max)
        if case .integer = items[0] {} else { Issue.record("7 should parse as .integer") }
        // Too large for an Int: a Double, as before.
        if case .number(let big) = items[3] { #expect(big == 9223372036854775808.0) } else { Issue.record("2^63 should be a Double") }
        if case .number = items[4] {} else { Issue.record("2.0 should stay a Double") }
        #expect(items[5].int == 100 && items[4].int == 2)
        #expect(JSONValue.number(2.5).int == nil && JSONValue.string("1").int == nil)
        #expect(try JSONValue.array([.integer(3), .integer(-4), .number(3)]).serialized(indent: 0) == "[3,-4,3.0]")
        #expect(JSONValue.integer(3) == .number(3) && JSONValue.integer(3) != .number(3.5))
        #expect(try JSONValue.parse(utf8: Array("{\"a\": 1}".utf8))["a"] == .integer(1))
    }

    // MARK: - Writing

    @Test func prettyPrintingKeepsKeyOrder() throws {
        let value = JSONValue.object([
            ("zeta", .number(1)),
            ("alpha", .array([.number(0.5), .bool(true), .null, .string("s")])),
            ("rows", .array([.array([.number(1), .number(2)]), .array([])])),
            ("empty", .object([])),
            ("nested", .object([("b", .bool(false))])),
        ])
        let expected = """
            {
              "zeta": 1.0,
              "alpha": [0.5, true, null, "s"],
              "rows": [
                [1.0, 2.0],
                []
              ],
              "empty": {},
              "nested": {
                "b": false
              }
            }
            """
        #expect(try value.serialized() == expected)
        #expect(
            try value.serialized(indent: 0)
                == #"{"zeta":1.0,"alpha":[0.5,true,null,"s"],"rows":[[1.0,2.0],[]],"empty":{},"nested":{"b":false}}"#
        )
        #expect(try value.serialized(indent: -3) == value.serialized(indent: 0))
        #expect(try value.serialized(indent: 4).contains("\n        [1.0, 2.0],\n"))
        #expect(try value.serialized(indent: 1000) == value.serialized(indent: 16))
        #expect(try JSONValue.parse(value.serialized()) == value)
        #expect(try JSONValue.parse(value.serialized(indent: 0)) == value)
    }

    @Test func stringsAreEscapedAndRoundTrip() throws {
        let text =
            "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{00} unit \u{1F} é 😀 \u{2028}"
        let written = try JSONValue.string(text).serialized()
        #expect(
            written
                == #""quote \" backslash \\ slash / newline \n tab \t cr \r bell \u0007 nul \u0000 unit \u001f é 😀 "#
                + "\u{2028}\"")
        #expect(try JSONValue.parse(written) == .string(text))
        #expect(try JSONValue.string("\u{08}\u{0C}").serialized() == #""\b\f""#)
        let keyed = JSONValue.object([("a\"b", .string("")), ("", .null)])
        #expect(try keyed.serialized(indent: 0) == #"{"a\"b":"","":null}"#)
        #expect(try JSONValue.parse(keyed.serialized()) == keyed)
    }

    @Test func writingIsDepthLimited() throws {
        #expect(try JSONValue.parse(nested(512).serialized(indent: 0)) == nested(512))
        let error = #expect(throws: JSONError.self) { _ = try nested(513).serialized() }
        #expect(
            error?.message
                == "the JSON value is nested too deeply: at most 512 arrays and objects may be inside each other"
        )
    }

    // MARK: - Parsing

    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue.parse(
            " {\"a\" : [true, false, null, \"x\", -1.5e3, {}, []],\r\n\t\"b\":{\"c\":\"d\"}} \n")
        #expect(
            value
                == .object([
                    (
                        "a",
                        .array([
                            .bool(true), .bool(false), .null, .string("x"), .number(-1500), .object([]),
                            .array([]),
                        ])
                    ),
                    ("b", .object([("c", .string("d"))])),
                ]))
        #expect(try JSONValue.parse("\"top\"") == .string("top"))
        #expect(try JSONValue.parse("null") == .null)
        #expect(try JSONValue.parse("[[[]]]") == .array([.array([.array([])])]))
    }

    @Test func unicodeEscapes() throws {
        #expect(try JSONValue.parse(#""\u00e9\u00E9""#) == .string("éé"))
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONValue.parse(#""\uD834\uDD1E clef""#) == .string("𝄞 clef"))
        #expect(try JSONValue.parse(#""\u0000\u001f\u4e2d""#) == .string("\u{00}\u{1F}中"))
        #expect(try JSONValue.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try JSONValue.parse("\"é 😀 raw\"") == .string("é 😀 raw"))
        expectParseError(
            #""ab\ud83d""#,
            #"line 1, column 4: lone surrogate \ud83d: a high surrogate must be followed by a \u escape of a low surrogate"#
        )
        expectParseError(
            #""\ud83dx""#,
            #"line 1, column 2: lone surrogate \ud83d: a high surrogate must be followed by a \u escape of a low surrogate"#
        )
        expectParseError(
            #""\ud83d\u0041""#,
            #"line 1, column 2: lone surrogate \ud83d: it is followed by \u0041, which is not a low surrogate"#
        )
        expectParseError(
            #""\ude00""#,
            #"line 1, column 2: lone surrogate \ude00: a low surrogate must follow a high surrogate"#)
        expectParseError(#""\u12G4""#, #"line 1, column 2: \u must be followed by four hex digits"#)
        expectParseError(#""\u12"#, #"line 1, column 2: \u must be followed by four hex digits"#)
        expectParseError(#""\ud83d\u12""#, #"line 1, column 8: \u must be followed by four hex digits"#)
        expectParseError(
            #""\q""#,
            #"line 1, column 2: invalid escape '\q' in a string; the escapes are \" \\ \/ \b \f \n \r \t and \uXXXX"#
        )
    }

    @Test func parseErrorsGiveLineAndColumn() {
        let text = """
            {
              "a": [1, 2],
              "ab": "cd" 7
            }
            """
        expectParseError(text, "line 3, column 14: expected ',' or '}'")
        expectParseError("[1, 2 3]", "line 1, column 7: expected ',' or ']'")
        expectParseError("[1, 2,]", "line 1, column 7: expected a value")
        expectParseError("{\"a\": 1,}", "line 1, column 9: expected a string key")
        expectParseError("{a: 1}", "line 1, column 2: expected a string key or '}'")
        expectParseError("{\"a\" 1}", "line 1, column 6: expected ':'")
        expectParseError("{\"a\": 1, \"a\": 2}", "line 1, column 10: duplicate key \"a\" in an object")
        expectParseError("", "line 1, column 1: expected a value but the text ended")
        expectParseError("  \n ", "line 2, column 2: expected a value but the text ended")
        expectParseError("[1,\n", "line 2, column 1: expected a value but the text ended")
        expectParseError("[1", "line 1, column 3: expected ',' or ']'")
        expectParseError("{} x", "line 1, column 4: unexpected text after the JSON value")
        expectParseError("1 2", "line 1, column 3: unexpected text after the JSON value")
        expectParseError("tru", "line 1, column 1: expected a value")
        expectParseError("nul", "line 1, column 1: expected a value")
        expectParseError("[True]", "line 1, column 2: expected a value")
        expectParseError("\"abc", "line 1, column 1: the string is never closed: a closing '\"' is missing")
        expectParseError("[\"a\\", "line 1, column 4: the string is never closed: a closing '\"' is missing")
        expectParseError("\"a\nb\"", "line 1, column 3: control character U+000A must be escaped in a string")
        expectParseError("\"\t\"", "line 1, column 2: control character U+0009 must be escaped in a string")
        // Columns count Unicode scalars, not bytes.
        expectParseError("[\"é😀\" x]", "line 1, column 7: expected ',' or ']'")
        expectParseError("\u{FEFF}1", "line 1, column 1: expected a value")
    }

    @Test func nestingIsLimitedTo512() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        var value = try JSONValue.parse(deepest)
        var depth = 0
        while let inner = value.array {
            depth += 1
            guard let first = inner.first else { break }
            value = first
        }
        #expect(depth == 512)
        expectParseError(
            String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
            "line 1, column 513: nested too deeply: at most 512 arrays and objects may be inside each other")
        expectParseError(
            String(repeating: "{\"k\":", count: 513) + "1" + String(repeating: "}", count: 513),
            "line 1, column 2561: nested too deeply: at most 512 arrays and objects may be inside each other")
        // Far deeper input fails at the limit without exhausting the stack.
        expectParseError(
            String(repeating: "[", count: 1_000_000),
            "line 1, column 513: nested too deeply: at most 512 arrays and objects may be inside each other")
    }

    // MARK: - Reading values

    @Test func accessorsReturnContentsOrNil() throws {
        let value = try JSONValue.parse(#"{"n": 2.5, "s": "x", "a": [1], "b": true, "m": 1}"#)
        #expect(value["n"]?.double == 2.5)
        #expect(value["s"]?.string == "x")
        #expect(value["a"]?.array == [.number(1)])
        #expect(value["b"]?.bool == true)
        #expect(value["missing"] == nil)
        #expect(value.members?.map(\.0) == ["n", "s", "a", "b", "m"])
        #expect(value["n"]?.string == nil)
        #expect(value["s"]?.double == nil)
        #expect(value["a"]?.bool == nil)
        #expect(value["b"]?.array == nil)
        #expect(JSONValue.array([])["n"] == nil)
        #expect(JSONValue.null.members == nil)
        // The first of equal keys wins (only values built in code can repeat a key).
        #expect(JSONValue.object([("k", .number(1)), ("k", .number(2))])["k"] == .number(1))
    }

    @Test func equalityComparesCaseContentsAndOrder() {
        let ab = JSONValue.object([("a", .number(1)), ("b", .number(2))])
        let ba = JSONValue.object([("b", .number(2)), ("a", .number(1))])
        #expect(ab == ab)
        #expect(ab != ba)
        #expect(ab != .object([("a", .number(1))]))
        #expect(JSONValue.number(1) != .string("1"))
        #expect(JSONValue.bool(false) != .null)
        #expect(JSONValue.array([.null]) != .array([.null, .null]))
        #expect(JSONValue.number(0) == .number(-0.0))
        #expect(JSONValue.number(.nan) != .number(.nan))
    }
}
