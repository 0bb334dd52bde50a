import Testing
@testable import BackpropLanguage

/// Builder blocks (the `Network { … }` body of the next issue) collect the value of each
/// expression statement, one per iteration inside `for`.
@Suite struct BuilderTests {
    private func collect(_ code: String) throws -> [String] {
        let session = Session()
        try session.run("let block = " + code)
        let closure = try #require(session.interpreter.value(of: "block"))
        switch session.interpreter.collectBuilder(closure) {
        case .success(let values): return values.map(ValueFormatter.printed)
        case .failure(let error): throw error
        }
    }

    @Test func collectsEachExpressionStatement() throws {
        #expect(try collect("{\n  3\n  [1, 2]\n  \"x\"\n}") == ["3", "[1, 2]", "x"])
    }

    @Test func semicolonsSeparateStatements() throws {
        #expect(try collect("{ 1; 2 * 3 }") == ["1", "6"])
    }

    @Test func singleExpressionBlockGivesOneValue() throws {
        #expect(try collect("{ 4 + 1 }") == ["5"])
    }

    @Test func forAddsOneValuePerIteration() throws {
        #expect(try collect("{\n  0\n  for i in 1...3 { i * 10 }\n  99\n}") == ["0", "10", "20", "30", "99"])
    }

    @Test func voidStatementsAreNotCollected() throws {
        #expect(try collect("{\n  let unit = 2\n  print(unit)\n  unit * unit\n}") == ["4"])
    }

    @Test func errorsInTheBlockPropagate() throws {
        #expect(throws: LanguageError.self) { try collect("{\n  1\n  1 / 0\n}") }
    }
}
