import Testing
@testable import BackpropLanguage

/// Diagnostics as the Swift compiler renders them: `FILE:LINE:COLUMN: error: ENAME: message`,
/// the source line, and a caret line with `^~~~` under the range. Columns count Unicode scalars.
@Suite struct DiagnosticTests {
    @Test func renderedFormat() throws {
        let error = try #require(expectError("let x = 1\nlet y = ⟪x + true⟫", .typeError, "cannot apply '+' to values of type 'Int' and 'Bool'"))
        #expect(error.rendered() == """
        <cell>:2:9: error: TypeError: cannot apply '+' to values of type 'Int' and 'Bool'
        let y = x + true
                ^~~~~~~~
        """)
    }

    @Test func caretWithoutTildesForASingleCharacter() throws {
        let error = try #require(expectError("let a = ⟪)⟫", .syntaxError, "expected an expression, found ')'"))
        #expect(error.rendered() == "<cell>:1:9: error: SyntaxError: expected an expression, found ')'\nlet a = )\n        ^")
    }

    @Test func renderedUsesTheCellName() {
        let session = Session()
        guard case .failure(let error) = session.interpreter.execute("\n\nprint(nope)", name: "In [7]") else {
            Issue.record("expected an error")
            return
        }
        #expect(error.rendered() == "In [7]:3:7: error: NameError: cannot find 'nope' in scope; declare it with 'let nope = …' first\nprint(nope)\n      ^~~~")
    }

    @Test func columnsCountUnicodeScalars() throws {
        let error = try #require(expectError("let δ = ⟪foo⟫", .nameError, "cannot find 'foo' in scope; declare it with 'let foo = …' first"))
        #expect(error.primary.lineAndColumn?.column == 9)
        #expect(error.rendered() == "<cell>:1:9: error: NameError: cannot find 'foo' in scope; declare it with 'let foo = …' first\nlet δ = foo\n        ^~~")
    }

    @Test func columnsAfterEmojiAndCombiningMarks() throws {
        // 😀 is one scalar (four bytes); "é" written as e + U+0301 is two scalars.
        expectError("let s = \"😀😀\"; let y = ⟪s * 2⟫", .typeError, .contains("cannot apply '*'"))
        let error = try #require(expectError("let e = \"e\u{301}\"; let z = ⟪e - 1⟫", .typeError, .contains("cannot apply '-'")))
        #expect(error.primary.lineAndColumn?.column == 23)
    }

    @Test func columnsOnLaterLinesWithUnicode() {
        expectError("let η = 0.5\nlet δ = [η]\nlet ε = δ + ⟪ζ⟫", .nameError, .contains("cannot find 'ζ' in scope"))
    }

    @Test func caretKeepsTabs() throws {
        let error = try #require(expectError("\tlet x = ⟪foo⟫", .nameError, .contains("cannot find 'foo'")))
        #expect(error.rendered().components(separatedBy: "\n")[2] == "\t        ^~~")
    }

    @Test func rangeAcrossLinesIsUnderlinedToTheEndOfTheFirstLine() throws {
        let error = try #require(expectError("let a = ⟪[1,\n  \"x\"] + 1⟫", .typeError, .contains("cannot apply '+'")))
        #expect(error.rendered().components(separatedBy: "\n").suffix(2) == ["let a = [1,", "        ^~~"])
    }

    @Test func errorAtTheEndOfInputPointsPastTheLastCharacter() throws {
        let error = try #require(expectError("print(1 +⟪", .syntaxError, "expected an expression, found end of input"))
        #expect(error.rendered() == "<cell>:1:10: error: SyntaxError: expected an expression, found end of input\nprint(1 +\n         ^")
    }

    @Test func everyErrorIsLocated() {
        expectError("let x = 1\n⟪x⟫ = 2", .typeError, "cannot assign to 'x': it is a 'let' constant; declare it with 'var'")
        expectError("let a = [1]\nlet b = ⟪a[1]⟫", .runtimeError, .contains("index 1 is out of range"))
        expectError("func f() -> Int {\n    return ⟪1 / 0⟫\n}\nf()", .runtimeError, .contains("division by zero"))
        expectError("let m = Matrix.identity(2)\n\n  let v = ⟪m * [1.0]⟫", .shapeError, .contains("2×2 matrix"))
        expectError("let x = ⟪Double(\"?\")⟫", .valueError, "cannot convert \"?\" to Double")
    }

    @Test func errorInAFunctionOfAnEarlierCellPointsIntoThatCell() throws {
        let session = Session()
        guard case .success = session.interpreter.execute("func risky(_ d: Int) -> Int {\n    return 10 / d\n}", name: "cell1") else {
            Issue.record("definition failed")
            return
        }
        guard case .failure(let error) = session.interpreter.execute("let ok = risky(2)\nrisky(0)", name: "cell2") else {
            Issue.record("expected an error")
            return
        }
        #expect(error.rendered() == "cell1:2:12: error: RuntimeError: division by zero in Int division; check the divisor, or divide Doubles (which give inf)\n    return 10 / d\n           ^~~~~~")
        #expect(numbers(session.global("ok")) == [5])
    }

    @Test func severalDiagnosticsRenderOneAfterAnother() throws {
        let error = try failure("let a = )\nlet b = ]")
        #expect(error.rendered() == """
        <cell>:1:9: error: SyntaxError: expected an expression, found ')'
        let a = )
                ^
        <cell>:2:9: error: SyntaxError: expected an expression, found ']'
        let b = ]
                ^
        """)
    }

    @Test func colorsWrapTheParts() throws {
        let error = try failure("let a = )")
        let colored = error.rendered(colors: true)
        #expect(colored.contains("\u{1B}[1;31merror:"))
        #expect(colored.contains("\u{1B}[1;32m^"))
        #expect(!error.rendered().contains("\u{1B}"))
    }

    @Test func unlocatedDiagnosticRendersWithoutAPosition() {
        let diagnostic = Diagnostic(.runtimeError, "something odd")
        #expect(diagnostic.rendered() == "error: RuntimeError: something odd")
        #expect(diagnostic.lineAndColumn == nil)
    }

    @Test func windowsLineEndingsAreNotShown() throws {
        let error = try failure("let a = 1\r\nlet b = a + true\r\n")
        #expect(error.rendered() == "<cell>:2:9: error: TypeError: cannot apply '+' to values of type 'Int' and 'Bool'\nlet b = a + true\n        ^~~~~~~~")
    }

    @Test func sourceLocationsAreComputedFromByteOffsets() {
        let source = Source(name: "s", text: "aδ\nb😀c\n")
        #expect(source.lineCount == 3)
        #expect(source.location(of: 0) == (1, 1))
        #expect(source.location(of: 1) == (1, 2))
        #expect(source.location(of: 3) == (1, 3))
        #expect(source.location(of: 4) == (2, 1))
        #expect(source.location(of: 9) == (2, 3))
        #expect(source.location(of: 100) == (3, 1))
        #expect(source.lineText(2) == "b😀c")
        #expect(source.lineText(9) == "")
    }
}

/// Output stays readable however broken the input: a capped number of syntax errors, and long
/// lines shown as a window around the error.
@Suite struct DiagnosticVolumeTests {
    @Test func syntaxErrorsAreCappedAtFifty() throws {
        let code = "print(1)" + String(repeating: "}", count: 10_000)
        let error = try #require(Session().error(code))
        #expect(error.diagnostics.count == 50)
        #expect(error.value == "unexpected '}' without a matching '{' (and 49 more)")
        #expect(error.rendered().utf8.count < 20_000)
    }

    @Test func longLinesAreShownAsAWindowWithTheCaretUnderTheError() throws {
        let code = "let x = 1" + String(repeating: " + 1", count: 100) + " + y"
        let error = try #require(Session().error(code))
        let lines = error.rendered().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "<cell>:1:413: error: NameError: cannot find 'y' in scope; declare it with 'let y = …' first")
        #expect(lines[1].hasPrefix("… 1 + 1"))
        #expect(lines[1].hasSuffix(" + y"))
        #expect(lines[1].unicodeScalars.count <= Diagnostic.maxShownLine + 2)
        // The caret sits under the 'y', counting the window's columns.
        let caret = try #require(lines[2].unicodeScalars.firstIndex(of: "^"))
        let caretColumn = lines[2].unicodeScalars.distance(from: lines[2].unicodeScalars.startIndex, to: caret)
        let yColumn = lines[1].unicodeScalars.count - 1
        #expect(caretColumn == yColumn)
    }
}
