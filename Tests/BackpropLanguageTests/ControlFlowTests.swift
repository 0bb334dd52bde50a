import Testing
@testable import BackpropLanguage

/// `if`/`else if`/`else`, `while`, `repeat`, `for … in`, `break`, `continue`.
@Suite struct ControlFlowTests {
    @Test func ifElseIfElseTakesTheFirstTrueBranch() throws {
        let code = """
        func size(_ x: Int) -> String {
            if x > 10 { return "big" } else if x > 3 { return "mid" } else { return "small" }
        }
        print(size(11), size(10), size(4), size(3), size(-1))
        """
        #expect(try output(code) == "big mid mid small small\n")
    }

    @Test func ifWithoutElse() throws {
        #expect(try output("var log = \"\"\nif 1 > 2 { log += \"a\" }\nif 2 > 1 { log += \"b\" }\nprint(log)") == "b\n")
    }

    @Test func conditionsMustBeBool() {
        expectError("if ⟪1⟫ { }", .typeError,
                    "an 'if' condition must be a Bool, found a value of type 'Int'; compare explicitly, e.g. x != 0")
        expectError("while ⟪\"yes\"⟫ { }", .typeError, "a 'while' condition must be a Bool, found a value of type 'String'")
        expectError("let x = ⟪1⟫ ? 2 : 3", .typeError,
                    "the condition of '?:' must be a Bool, found a value of type 'Int'; compare explicitly, e.g. x != 0")
        expectError("let ok = ⟪0⟫ && true", .typeError,
                    "the left side of '&&' must be a Bool, found a value of type 'Int'; compare explicitly, e.g. x != 0")
    }

    @Test func logicalOperatorsShortCircuit() throws {
        #expect(try output("print(false && 1 / 0 == 0, true || 1 / 0 == 0)") == "false true\n")
    }

    @Test func whileLoop() throws {
        #expect(try output("var i = 0\nvar sum = 0\nwhile i < 5 {\n    sum += i\n    i += 1\n}\nprint(i, sum)") == "5 10\n")
    }

    @Test func repeatWhileRunsTheBodyAtLeastOnce() throws {
        #expect(try output("var j = 10\nrepeat { j += 1 } while j < 5\nprint(j)\nvar k = 0\nrepeat {\n    k += 2\n} while k < 7\nprint(k)") == "11\n8\n")
    }

    @Test func forOverRanges() throws {
        let code = """
        var seen: [Int] = []
        for i in 0..<4 { seen.append(i) }
        for i in 1...3 { seen.append(i * 10) }
        for _ in 0..<0 { seen.append(-1) }
        for i in 5...5 { seen.append(i) }
        print(seen)
        """
        #expect(try output(code) == "[0, 1, 2, 3, 10, 20, 30, 5]\n")
    }

    @Test func forOverRangeWithVariableBounds() throws {
        #expect(try output("let n = 3\nvar total = 0\nfor i in 1...n { total += i }\nfor i in n..<(n + 2) { total += i * 100 }\nprint(total)") == "706\n")
    }

    @Test func reversedRangeIsARuntimeError() {
        expectError("for i in ⟪5..<1⟫ { }", .runtimeError, "a range's lower bound (5) must not exceed its upper bound (1)")
    }

    @Test func forOverArrays() throws {
        #expect(try output("var out = \"\"\nfor name in [\"a\", \"b\", \"c\"] { out += name }\nvar s = 0.0\nfor x in [1.5, 2.5] { s += x }\nprint(out, s)") == "abc 4.0\n")
    }

    @Test func forOverVectorsGivesDoubles() throws {
        #expect(try output("for v in Vector([1, 2]) { print(v) }") == "1.0\n2.0\n")
    }

    @Test func forOverMatricesGivesRows() throws {
        #expect(try output("for row in Matrix([[1, 2], [3, 4]]) { print(row, row.count) }") == "[1.0, 2.0] 2\n[3.0, 4.0] 2\n")
        #expect(try output("for row in [[1, 2], [3, 4]] { print(row.reduce(0, +)) }") == "3\n7\n")
    }

    @Test func forOverStringsGivesCharacters() throws {
        #expect(try output("var parts: [String] = []\nfor c in \"héllo\" { parts.append(c) }\nprint(parts.count, parts[1], parts)") == "5 é [\"h\", \"é\", \"l\", \"l\", \"o\"]\n")
    }

    @Test func forOverANonSequenceIsATypeError() {
        expectError("for x in ⟪3⟫ { }", .typeError,
                    "a value of type 'Int' is not a sequence; loop over an array, a range, a vector, a matrix or a string")
    }

    @Test func breakAndContinue() throws {
        #expect(try output("var out: [Int] = []\nfor k in 0..<10 {\n    if k == 2 { continue }\n    if k == 5 { break }\n    out.append(k)\n}\nprint(out)") == "[0, 1, 3, 4]\n")
    }

    @Test func breakAndContinueInWhileLoops() throws {
        #expect(try output("var i = 0\nvar odd = 0\nwhile true {\n    i += 1\n    if i > 9 { break }\n    if i % 2 == 0 { continue }\n    odd += 1\n}\nprint(i, odd)") == "10 5\n")
    }

    @Test func breakLeavesOnlyTheInnermostLoop() throws {
        #expect(try output("var n = 0\nfor i in 0..<3 {\n    for j in 0..<3 {\n        if j == 1 { break }\n        n += 1\n    }\n    n += 10\n}\nprint(n)") == "33\n")
    }

    @Test func breakOrContinueOutsideALoopIsASyntaxError() {
        expectError("⟪break⟫", .syntaxError, "'break' is only allowed inside a loop")
        expectError("if true { ⟪continue⟫ }", .syntaxError, "'continue' is only allowed inside a loop")
        // A closure is a new function: the loop around it does not count.
        expectError("for i in 0..<2 {\n    let f = { ⟪break⟫ }\n}", .syntaxError, "'break' is only allowed inside a loop")
    }

    @Test func returnOutsideAFunctionIsASyntaxError() {
        expectError("⟪return 1⟫", .syntaxError, "'return' is only allowed inside a function or closure")
    }

    @Test func loopBodiesGetFreshVariablesEachIteration() throws {
        #expect(try output("var out: [Int] = []\nfor i in 0..<3 {\n    var local = 0\n    local += i\n    out.append(local)\n}\nprint(out)") == "[0, 1, 2]\n")
    }

    @Test func loopVariableIsNotVisibleAfterTheLoop() {
        expectError("for item in [1] { }\nprint(⟪item⟫)", .nameError,
                    "cannot find 'item' in scope; declare it with 'let item = …' first")
    }

    @Test func changingTheArrayInsideTheLoopDoesNotChangeWhatIsVisited() throws {
        #expect(try output("var a = [1, 2, 3]\nvar visited = 0\nfor x in a {\n    a.append(x)\n    visited += 1\n}\nprint(visited, a)") == "3 [1, 2, 3, 1, 2, 3]\n")
    }
}
