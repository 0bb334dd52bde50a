import Testing
@testable import BackpropLanguage

/// Strings: interpolation, escapes, concatenation, multi-line literals, and their methods.
@Suite struct StringTests {
    @Test func interpolation() throws {
        #expect(try output("let n = 3\nlet name = \"δ\"\nprint(\"n = \\(n), name = \\(name), sum = \\(n + 1)\")") == "n = 3, name = δ, sum = 4\n")
    }

    @Test func interpolationOfEveryKindOfValue() throws {
        let code = #"print("\(1.0) \(true) \(0.1 + 0.2) \([1, 2]) \([0.5]) \(Matrix([[1, 2]])) \(["a"]) \(1..<3)")"#
        #expect(try output(code) == "1.0 true 0.30000000000000004 [1, 2] [0.5] [[1.0, 2.0]] [\"a\"] 1..<3\n")
    }

    @Test func nestedInterpolationAndExpressions() throws {
        let code = #"""
        let n = 3
        let f = { (x: Int) in x * 2 }
        print("a \("inner \(n * 2)") b \([1, 2].map { $0 * n }) c \(f(n)) d \(n > 2 ? "yes" : "no")")
        """#
        #expect(try output(code) == "a inner 6 b [3, 6] c 6 d yes\n")
    }

    @Test func interpolationAtTheEdges() throws {
        #expect(try output(#"let x = 7; print("\(x)", "\(x)\(x)", "[\(x)]")"#) == "7 77 [7]\n")
    }

    @Test func escapes() throws {
        let code = #"print("tab\tq\"uote\\ nl\nend \u{1F600} \u{3B4} it\'s")"#
        #expect(try output(code) == "tab\tq\"uote\\ nl\nend 😀 δ it's\n")
    }

    @Test func concatenation() throws {
        #expect(try output("var s = \"a\" + \"b\"\ns += \"c\"\ns = s + \"!\"\nprint(s, \"\" + \"\")") == "abc! \n")
    }

    @Test func concatenatingANumberIsATypeError() {
        expectError("let s = ⟪\"n = \" + 1⟫", .typeError,
                    "cannot apply '+' to values of type 'String' and 'Int'; convert numbers with String(x) or use interpolation \"\\(x)\"")
    }

    @Test func multiLineStrings() throws {
        let code = "let m = \"\"\"\n    line one\n      indented \\(1 + 1)\n    last \"quoted\"\n    \"\"\"\nprint(m)\nprint(m.count)"
        #expect(try output(code) == "line one\n  indented 2\nlast \"quoted\"\n35\n")
    }

    @Test func multiLineStringMustStartOnItsOwnLine() {
        expectError("let m = ⟪\"\"\"text\n\"\"\"", .syntaxError, "a multi-line string starts with '\"\"\"' followed by a new line")
        expectError("let m = ⟪\"\"\"\nno end", .syntaxError, "unterminated multi-line string; close it with '\"\"\"' on its own line")
    }

    @Test func countCountsCharacters() throws {
        #expect(try output("print(\"abc\".count, \"héllo\".count, \"😀\".count, \"\".count, \"\".isEmpty, \"a\".isEmpty)") == "3 5 1 0 true false\n")
    }

    @Test func comparison() throws {
        #expect(try output("print(\"x\" == \"x\", \"x\" != \"y\", \"a\" < \"b\", \"b\" <= \"a\")") == "true true true false\n")
    }

    @Test func stringMethods() throws {
        let code = #"print("Hi".uppercased(), "Hi".lowercased(), "hello".contains("ell"), "hello".hasPrefix("he"), "hello".hasSuffix("x"), "a,b,c".split(separator: ","))"#
        #expect(try output(code) == "HI hi true true false [\"a\", \"b\", \"c\"]\n")
    }

    @Test func conversions() throws {
        #expect(try output("print(String(3) + String(2.5) + String(true), Array(\"ab\"))") == "32.5true [\"a\", \"b\"]\n")
    }

    @Test func indexingAStringIsExplained() {
        expectError("let c = ⟪\"abc\"[0]⟫", .typeError, "strings cannot be indexed by Int (as in Swift); use Array(text)[i]")
    }

    @Test func resultOfAStringIsQuotedAndEscaped() throws {
        #expect(try result("\"multi\\nline \\\"q\\\"\"") == "\"multi\\nline \\\"q\\\"\"")
    }

    @Test func printWritesStringsRaw() throws {
        #expect(try output("print(\"multi\\nline\")") == "multi\nline\n")
    }

    @Test func unicodeIdentifiersInInterpolation() throws {
        #expect(try output("let η = 0.5\nlet δ = [0.1]\nprint(\"η = \\(η), δ = \\(δ)\")") == "η = 0.5, δ = [0.1]\n")
    }
}

/// String methods that take a String say so when given something else.
@Suite struct StringArgumentTests {
    @Test func containsNeedsAString() {
        expectError("\"abc\".contains(⟪1⟫)", .typeError, "contains(_:) takes a String, found a value of type 'Int'")
    }

    @Test func prefixAndSuffix() throws {
        #expect(try output("let s = \"backprop\"\nprint(s.hasPrefix(\"back\"), s.hasSuffix(\"prop\"), s.contains(\"kp\"), s.contains(\"x\"))") == "true true true false\n")
    }
}
