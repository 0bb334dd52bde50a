import Testing
@testable import BackpropLanguage

/// A first end-to-end check of the interpreter on a cell with most constructs.
@Suite struct SmokeTests {
    @Test func printsArithmeticAndCollections() throws {
        #expect(try output("print(1 + 2, 0.1 + 0.2, [1, 2], \"a\")") == "3 0.30000000000000004 [1, 2] a\n")
    }

    @Test func bindingsPersistAcrossCells() throws {
        let session = Session()
        try session.run("var total = 40")
        try session.run("total += 2")
        #expect(try session.run("total") == "42")
    }

    @Test func syntaxErrorLocation() throws {
        let (code, line, column) = marked("let x = 1\nlet y = ⟪)\n")
        let error = try #require(Session().error(code))
        #expect(error.name == "SyntaxError")
        let location = try #require(error.primary.lineAndColumn)
        #expect(location.line == line && location.column == column)
    }
}
