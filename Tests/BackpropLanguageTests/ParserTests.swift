import Testing
@testable import BackpropLanguage

/// The parser: precedence, Swift's line-break rules, closures, and recovery from errors.
@Suite struct ParserTests {
    private func parse(_ text: String, maxDepth: Int = Parser.defaultMaxDepth) -> Result<[Stmt], LanguageError> {
        Parser.parse(Source(name: "<cell>", text: text), maxDepth: maxDepth)
    }

    // MARK: - Precedence and associativity

    @Test func arithmeticPrecedenceIsSwifts() throws {
        #expect(try output("print(2 + 3 * 4, (2 + 3) * 4, 10 - 2 - 3, 2 * 3 % 4, -2 * 3, 20 / 2 / 5)") == "14 20 5 2 -6 2\n")
    }

    @Test func logicalAndComparisonPrecedence() throws {
        #expect(try output("print(1 + 2 == 3 && !false || false, true || false && false, !(1 < 2) == false)") == "true true true\n")
    }

    @Test func rangesBindLooserThanArithmetic() throws {
        #expect(try output("print(0..<1 + 2, 1...2 * 2)") == "0..<3 1...4\n")
    }

    @Test func ternaryIsRightAssociative() throws {
        #expect(try output("print(false ? 1 : true ? 2 : 3, 1 > 2 ? \"a\" : \"b\")") == "2 b\n")
    }

    @Test func comparisonsDoNotChain() {
        expectError("let ok = 1 < 2 ⟪< 3", .syntaxError,
                    "'<' cannot follow '<' without parentheses: comparisons and ranges do not chain")
    }

    // MARK: - Statements and line breaks

    @Test func newlinesAndSemicolonsEndStatements() throws {
        #expect(try output("let a = 1; let b = 2\nprint(a + b); print(a - b)") == "3\n-1\n")
    }

    @Test func lineEndingInAnOperatorContinues() throws {
        #expect(try output("let a = 1 +\n    2 *\n    3\nprint(a)") == "7\n")
    }

    @Test func lineStartingWithMemberAccessContinues() throws {
        #expect(try output("let b = [1, 2, 3]\n    .map { $0 * 2 }\n    .filter { $0 > 2 }\nprint(b)") == "[4, 6]\n")
    }

    @Test func lineStartingWithBinaryOperatorAndSpaceContinues() throws {
        #expect(try output("let c = 10\n    - 3\n    + 1\nprint(c)") == "8\n")
    }

    @Test func lineStartingWithPrefixMinusIsANewStatement() throws {
        let session = Session()
        #expect(try session.run("let e = 5\n-3") == "-3")
        #expect(try session.run("e") == "5")
    }

    @Test func newlinesInsideParenthesesAndBracketsAreIgnored() throws {
        #expect(try output("let d = (1\n+ 2)\nlet m = [\n  [1, 2],\n  [3, 4]\n]\nprint(d, max(\n  1,\n  m[1][1]\n))") == "3 4\n")
    }

    @Test func blockCommentsAndLineCommentsAreIgnored() throws {
        #expect(try output("/* a /* nested */ comment */ print(1) // the end\n// print(2)\nprint(/* inline */ 3)") == "1\n3\n")
    }

    @Test func trailingCommaInArrayLiteral() throws {
        #expect(try output("let a = [\n  1,\n  2,\n]\nprint(a)") == "[1, 2]\n")
    }

    @Test func closureSignatures() throws {
        let code = """
        let add = { (x: Double, y: Double) -> Double in x + y }
        let mul = { x, y in x * y }
        let one = { _ in 1 }
        let typed = { (x: Int) -> Int in
            let doubled = x * 2
            return doubled + 1
        }
        print(add(1, 2), mul(3, 4), one(9), typed(5))
        """
        #expect(try output(code) == "3.0 12 1 11\n")
    }

    @Test func trailingClosureIsNotTakenInConditions() throws {
        // `if x == y {` must read `{` as the body, not as a trailing closure of `y`.
        #expect(try output("let y = 1\nif 1 == y { print(\"body\") }\nwhile false { }\nfor i in [1] { print(i) }") == "body\n1\n")
    }

    @Test func missingInitialValueIsExplained() {
        expectError("let ⟪x⟫\nprint(1)", .syntaxError, "'x' needs an initial value, as in 'let x = 0'")
        expectError("var ⟪total⟫: Double", .syntaxError, "'total' needs an initial value, as in 'var total = 0'")
    }

    @Test func assignmentToANonPlaceIsASyntaxError() {
        expectError("⟪1 + 2⟫ = 3", .syntaxError,
                    "cannot assign to this expression; assign to a variable, an element 'a[i]' or a property")
    }

    @Test func swiftKeywordsOutsideTheLanguageAreExplained() {
        expectError("⟪class⟫ Net {}", .syntaxError,
                    "'class' is not part of Backprop; use functions, arrays and the library's types")
        expectError("let x = 1\n⟪switch⟫ x {}", .syntaxError, "'switch' is not part of Backprop; use 'if … else if … else'")
        expectError("let x = ⟪nil⟫", .syntaxError, "'nil' is not part of Backprop: there are no optionals")
        expectError("⟪import⟫ Foundation", .syntaxError, "'import' is not needed: the whole library is always available")
    }

    @Test func tuplesAndDictionariesAreExplained() {
        expectError("let t = (1⟪,⟫ 2)", .syntaxError, "tuples are not part of Backprop; use an array [a, b]")
        expectError("let d = [\"a\"⟪:⟫ 1]", .syntaxError, "dictionaries are not part of Backprop; use arrays")
    }

    @Test func unmatchedDelimiters() {
        expectError("print⟪(⟫1, 2", .syntaxError, "expected ')' to match this '('")
        expectError("let a = ⟪[⟫1, 2", .syntaxError, "expected ']' to match this '['")
        expectError("if true ⟪{⟫\n  print(1)\n", .syntaxError, "expected '}' to close the block opened here")
        expectError("print(1)\n⟪}⟫", .syntaxError, "unexpected '}' without a matching '{'")
        expectError("print(1)⟪}⟫", .syntaxError, "unexpected '}' without a matching '{'")
    }

    @Test func elseWithoutIf() {
        expectError("⟪else⟫ { print(1) }", .syntaxError, "'else' must follow the closing '}' of an 'if' block")
    }

    @Test func consecutiveStatementsNeedASemicolon() {
        expectError("let x = 1⟪ let y = 2", .syntaxError, "consecutive statements on a line must be separated by ';'")
    }

    // MARK: - Recovery

    @Test func threeIndependentSyntaxErrorsGiveThreeLocatedDiagnostics() throws {
        let code = """
        let a = = 1
        let b = 2
        print(b +)
        let c = 3
        var = 4
        """
        let error = try failure(code)
        #expect(error.diagnostics.count == 3)
        #expect(error.diagnostics.allSatisfy { $0.kind == .syntaxError })
        let locations = error.diagnostics.compactMap(\.lineAndColumn)
        #expect(locations.map(\.line) == [1, 3, 5])
        #expect(locations.map(\.column) == [9, 10, 5])
        #expect(error.diagnostics.map(\.message) == [
            "expected an expression, found '='",
            "expected an expression, found ')'",
            "expected a name after 'var', found '='",
        ])
        #expect(error.name == "SyntaxError")
        #expect(error.value == "expected an expression, found '=' (and 2 more)")
    }

    @Test func recoveryReportsErrorsOnSeparateLinesInOrder() throws {
        let code = """
        let x = )
        let y = 2
        let z = *
        func f() {
            let = 3
        }
        print(y)
        """
        let error = try failure(code)
        #expect(error.diagnostics.compactMap(\.lineAndColumn).map(\.line) == [1, 3, 5])
        #expect(error.value.hasSuffix(" (and 2 more)"))
        #expect(error.rendered().components(separatedBy: "\n").count == 9, "three diagnostics of three lines each")
    }

    @Test func aSingleErrorHasNoCountSuffix() throws {
        let error = try failure("let = 1")
        #expect(error.diagnostics.count == 1)
        #expect(error.value == "expected a name after 'let', found '='")
    }

    @Test func syntaxErrorsStopTheWholeCellBeforeItRuns() {
        let session = Session()
        #expect(session.error("print(\"ran\")\nvar counter = 1\nlet = 2") != nil)
        #expect(session.host.stdout == "")
        #expect(session.global("counter") == nil)
    }

    @Test func nameErrorsAreFoundBeforeAnythingRuns() throws {
        let session = Session()
        let error = try #require(session.error("print(\"ran\")\nprint(undefinedA)\nprint(undefinedB)"))
        #expect(session.host.stdout == "")
        #expect(error.diagnostics.map(\.kind) == [.nameError, .nameError])
        #expect(error.value.hasSuffix("(and 1 more)"))
    }

    // MARK: - Depth

    @Test func nestingBelowTheLimitParses() throws {
        let depth = 100
        let code = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        #expect(try result(code) == "1")
        let arrays = String(repeating: "[", count: 50) + "2" + String(repeating: "]", count: 50)
        #expect(try result(arrays + "[0]") == String(repeating: "[", count: 49) + "2" + String(repeating: "]", count: 49))
    }

    @Test func nestingLimitComesFromLimits() throws {
        var limits = Limits()
        limits.maxNesting = 10
        let error = try failure(String(repeating: "(", count: 20) + "1" + String(repeating: ")", count: 20), limits: limits)
        #expect(error.name == "ResourceError")
        #expect(error.primary.message == "nesting limit reached: expressions and blocks may nest at most 10 levels; split this into smaller pieces")
    }

    @Test func parserProducesStatementsWithRanges() throws {
        let statements = try parse("let x = 1\nx + 2;").get()
        #expect(statements.count == 2)
        #expect(statements[0].range == SourceRange(0, 9))
        #expect(statements[1].range == SourceRange(10, 15))
        #expect(statements[1].endsWithSemicolon)
        #expect(!statements[0].endsWithSemicolon)
    }
}

/// Swift habits the language does not have get a message that says so.
@Suite struct SwiftHabitMessageTests {
    @Test func whereClauseInAForLoop() {
        expectError("for i in 1...3 ⟪where⟫ i > 1 { print(i) }", .syntaxError, "'where' is not part of Backprop; use 'if' inside the loop")
    }

    @Test func severalNamesInOneDeclaration() {
        expectError("let a = 1⟪,⟫ b = 2", .syntaxError, "declare one name per 'let': put the next declaration on its own line")
    }

    @Test func forceUnwrap() {
        expectError("let a = [1]\nprint(a.first⟪!⟫)", .syntaxError, "'!' after a value force-unwraps an optional in Swift; Backprop has no optionals, so remove the '!'")
    }

    @Test func prefixNotStillWorks() throws {
        #expect(try output("let t = true\nprint(!t, !(1 > 2))") == "false true\n")
    }

    @Test func aFunctionDeclaredTwiceInOneCell() {
        expectError("func f() -> Int { 1 }\nprint(f())\nfunc ⟪f⟫() -> Int { 2 }", .nameError,
                    "invalid redeclaration of function 'f' in this cell; give it another name (a later cell may redefine it)")
    }

    @Test func aLaterCellMayRedefineAFunction() throws {
        let session = Session()
        try session.run("func f() -> Int { 1 }")
        try session.run("func f() -> Int { 2 }")
        #expect(try session.run("f()") == "2")
    }
}
