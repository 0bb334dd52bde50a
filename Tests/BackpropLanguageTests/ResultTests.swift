import Testing
@testable import BackpropLanguage

/// The cell's result: the last top-level expression statement, unless `;` or Void; and the
/// `.everyExpression` mode of scripts, which sends every expression value to the host.
@Suite struct ResultTests {
    @Test func lastExpressionIsTheResult() throws {
        #expect(try result("let x = 20\nx + 1") == "21")
        #expect(try result("1\n2\n3") == "3")
    }

    @Test func earlierExpressionsAreNotResults() throws {
        let session = Session()
        #expect(try session.run("1 + 1\n\"two\"\nlet y = 3\ny * 2") == "6")
        #expect(session.host.events.isEmpty)
    }

    @Test func semicolonSuppressesTheResult() throws {
        #expect(try result("let x = 5\nx;") == nil)
        #expect(try result("1; 2;") == nil)
        #expect(try result("1; 2") == "2")
    }

    @Test func voidResultsAreNil() throws {
        let session = Session()
        #expect(try session.run("print(\"hi\")") == nil)
        #expect(try session.run("func nothing() {}\nnothing()") == nil)
        #expect(try session.run("var a = [1]\na.append(2)") == nil)
        #expect(session.host.stdout == "hi\n")
    }

    @Test func declarationsAndStatementsAreNotResults() throws {
        #expect(try result("let x = 1") == nil)
        #expect(try result("var y = 1\ny = 2") == nil)
        #expect(try result("var z = 0\nfor i in 0..<3 { z += i }") == nil)
        #expect(try result("if true { 42 }") == nil)
        #expect(try result("") == nil)
        #expect(try result("// only a comment") == nil)
    }

    @Test func anExpressionFollowedByAStatementIsNotTheResult() throws {
        #expect(try result("let a = 1\na\nlet b = 2") == nil)
    }

    @Test func aFunctionDeclarationAfterTheLastExpressionDoesNotHideIt() throws {
        #expect(try result("double(4)\nfunc double(_ x: Int) -> Int { x * 2 }") == "8")
    }

    @Test func resultTextPlainOfEachKind() throws {
        #expect(try result("\"text\"") == "\"text\"")
        #expect(try result("[1, 2]") == "[1, 2]")
        #expect(try result("[\"a\", \"b\"]") == "[\"a\", \"b\"]")
        #expect(try result("true") == "true")
        #expect(try result("0..<3") == "0..<3")
        #expect(try result("[1.5, 2]") == "Vector (2)\nk = 0  1.5\nk = 1  2.0")
        #expect(try result("Vector([1, 2])") == "Vector (2)\nk = 0  1.0\nk = 1  2.0")
        #expect(try result("Matrix([[1, 2], [3, 4]])") == "Matrix 2×2\n       j = 0  j = 1\nk = 0    1.0    2.0\nk = 1    3.0    4.0")
        #expect(try result("[[1, 2], [3, 4]]") == "[[1, 2], [3, 4]]")
    }

    @Test func aFailingCellHasNoResult() {
        let session = Session()
        #expect(session.error("let x = 1\nx + 1\n1 / 0") != nil)
        #expect(session.host.events.isEmpty)
    }

    @Test func resultsAreTheValueNotAReference() throws {
        let session = Session()
        let value = try session.value("var a = [1, 2]\na")
        try session.run("a.append(3)")
        #expect(numbers(value) == [1, 2], "the earlier result does not change")
        #expect(numbers(session.global("a")) == [1, 2, 3])
    }

    // MARK: - Echo modes

    @Test func everyExpressionModeSendsEachValueInOrder() {
        let session = Session()
        let outcome = session.interpreter.execute("1\nlet x = 2\nx * 10\nprint(\"p\")\n\"s\"\nx;\n[0.5]", echo: .everyExpression)
        guard case .success(let value) = outcome else {
            Issue.record("the run failed")
            return
        }
        #expect(value == nil, "in this mode the values go to the host, not to the result")
        #expect(session.host.events == [
            .value("1"), .value("20"), .stdout("p\n"), .value("\"s\""), .value("Vector (1)\nk = 0  0.5"),
        ])
    }

    @Test func everyExpressionModeSkipsVoidAndNested() {
        let session = Session()
        _ = session.interpreter.execute("func f() {}\nf()\nif true { 7 }\nfor i in 0..<2 { i }\n8", echo: .everyExpression)
        #expect(session.host.events == [.value("8")])
    }

    @Test func everyExpressionModeKeepsValuesSentBeforeAnError() {
        let session = Session()
        guard case .failure(let error) = session.interpreter.execute("1\n2\n[0][3]\n4", echo: .everyExpression) else {
            Issue.record("expected an error")
            return
        }
        #expect(error.name == "RuntimeError")
        #expect(session.host.events == [.value("1"), .value("2")])
    }

    @Test func lastExpressionModeIsTheDefault() {
        let session = Session()
        guard case .success(let value) = session.interpreter.execute("1\n2") else {
            Issue.record("the run failed")
            return
        }
        #expect(value.map(ValueFormatter.plainText) == "2")
        #expect(session.host.events.isEmpty)
    }
}
