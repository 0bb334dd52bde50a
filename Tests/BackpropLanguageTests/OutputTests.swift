import Testing
@testable import BackpropLanguage

/// `print`, `show`, `clearOutput` and `input`: what reaches the host, in order.
@Suite struct OutputTests {
    // MARK: - print

    @Test func printSeparatesWithSpacesAndEndsWithANewline() throws {
        #expect(try output("print(1, 2.5, \"a\", true, [1, 2])\nprint()\nprint(\"end\")") == "1 2.5 a true [1, 2]\n\nend\n")
    }

    @Test func printSeparatorAndTerminator() throws {
        #expect(try output("print(1, 2, 3, separator: \", \", terminator: \"!\\n\")\nprint(\"a\", \"b\", separator: \"\")\nprint(\"x\", terminator: \"\")\nprint(\"y\")") ==
                "1, 2, 3!\nab\nxy\n")
    }

    @Test func printToStandardError() throws {
        let session = Session()
        try session.run("print(\"out\")\nprint(\"err\", 1, to: .standardError)\nprint(\"out2\", to: .standardOutput)")
        #expect(session.host.stdout == "out\nout2\n")
        #expect(session.host.stderr == "err 1\n")
        #expect(session.host.events == [.stdout("out\n"), .stderr("err 1\n"), .stdout("out2\n")])
    }

    @Test func printToAnUnknownStreamIsAValueError() {
        expectError("print(1, to: ⟪.nowhere⟫)", .valueError, "print(…, to:) takes .standardOutput or .standardError")
    }

    @Test func printWithAnUnknownLabelIsATypeError() {
        expectError("print(1, sep: ⟪\",\"⟫)", .typeError, .contains("print has no argument 'sep'"))
    }

    @Test func printFormatsEveryKindOfValue() throws {
        let code = """
        func f() {}
        print([1.0, 2.5], Vector([1, 2]), Matrix([[1, 2], [3, 4]]), [[1, 2], [3, 4]], ["a", "b"], 0..<3, 1...2, [Int](), f, .sigmoid)
        """
        #expect(try output(code) == "[1.0, 2.5] [1.0, 2.0] [[1.0, 2.0], [3.0, 4.0]] [[1, 2], [3, 4]] [\"a\", \"b\"] 0..<3 1...2 [] (Function f) .sigmoid\n")
    }

    @Test func outputArrivesInProgramOrder() throws {
        let session = Session()
        try session.run("print(1)\nshow(2)\nprint(3, to: .standardError)\nclearOutput()\nprint(4)")
        #expect(session.host.events == [.stdout("1\n"), .display("2"), .stderr("3\n"), .clear(wait: false), .stdout("4\n")])
    }

    // MARK: - show

    @Test func showVectorAsATableWithKLabels() throws {
        let session = Session()
        try session.run("show([1.0, 2.5, -3])")
        #expect(session.host.events == [.display("Vector (3)\nk = 0   1.0\nk = 1   2.5\nk = 2  -3.0")])
    }

    @Test func showMatrixAsATableWithKAndJLabels() throws {
        let session = Session()
        try session.run("show(Matrix([[1, -2.5], [3, 4]]))")
        #expect(session.host.events == [.display("Matrix 2×2\n       j = 0  j = 1\nk = 0    1.0   -2.5\nk = 1    3.0    4.0")])
    }

    @Test func showNestedDoubleArrayAsAMatrixTable() throws {
        let session = Session()
        try session.run("show([[0.15, 0.2], [0.25, 0.3], [0.1, 0.1]])")
        #expect(session.host.events == [.display("Matrix 3×2\n       j = 0  j = 1\nk = 0   0.15    0.2\nk = 1   0.25    0.3\nk = 2    0.1    0.1")])
    }

    @Test func showScalarsStringsAndIntArraysAsText() throws {
        let session = Session()
        try session.run("show(3)\nshow(0.5)\nshow(\"hi\")\nshow([1, 2])\nshow(true)")
        #expect(session.host.events == [.display("3"), .display("0.5"), .display("\"hi\""), .display("[1, 2]"), .display("true")])
    }

    @Test func showLongNumbersWithSixSignificantDigits() throws {
        let session = Session()
        try session.run("show([1.0 / 3.0, 2])")
        #expect(session.host.events == [.display("Vector (2)\nk = 0  0.333333\nk = 1       2.0")])
    }

    @Test func showSummarisesLargeVectors() throws {
        let session = Session()
        try session.run("var v: [Double] = []\nfor i in 0..<100 { v.append(Double(i)) }\nshow(v)")
        guard case .display(let text)? = session.host.events.last else {
            Issue.record("no display: \(session.host.events)")
            return
        }
        let lines = text.components(separatedBy: "\n")
        #expect(lines.count == 12)
        #expect(lines[0] == "Vector (100)")
        #expect(lines[1] == "k = 0    0.0")
        #expect(lines[6] == "⋮" + String(repeating: " ", count: 10) + "⋮")
        #expect(lines[11] == "k = 99  99.0")
    }

    @Test func showOfEmptyVectorAndMatrix() throws {
        let session = Session()
        try session.run("show(Vector([Double]()))\nshow(Matrix(rows: 0, columns: 3, repeating: 0))")
        #expect(session.host.events == [.display("Vector (0)"), .display("Matrix 0×3")])
    }

    @Test func showNeedsOneArgument() {
        expectError("⟪show()⟫", .typeError, "missing argument in call to show; the signature is show(_ value: Any)")
    }

    // MARK: - clearOutput

    @Test func clearOutput() throws {
        let session = Session()
        try session.run("print(1)\nclearOutput(wait: false)\nclearOutput(wait: true)\nclearOutput()")
        #expect(session.host.events == [.stdout("1\n"), .clear(wait: false), .clear(wait: true), .clear(wait: false)])
    }

    @Test func clearOutputWaitMustBeABool() {
        expectError("clearOutput(wait: ⟪1⟫)", .typeError, .contains("the wait argument must be a Bool, found a value of type 'Int'"))
    }

    // MARK: - input

    @Test func inputReturnsALineFromTheHost() throws {
        let session = Session()
        session.host.inputs = ["Ada", "3"]
        try session.run("let name = input(\"Name? \")\nlet n = Int(input())\nprint(\"Hello, \\(name) x\\(n * 2)\")")
        #expect(session.host.prompts == ["Name? ", ""])
        #expect(session.host.stdout == "Hello, Ada x6\n")
    }

    @Test func inputWithoutAFrontEndIsARuntimeError() {
        let session = Session()
        expectError("let x = ⟪input(\"name? \")⟫", .runtimeError,
                    "input() got no line: standard input is closed or not available here (under 'run -' the script itself is standard input; in a notebook the front end must allow input)",
                    in: session)
        #expect(session.host.prompts == ["name? "])
    }
}

/// One print, String(x) or interpolation writes a bounded amount.
@Suite struct OutputLimitTests {
    private func limited() -> Session {
        var limits = Limits()
        limits.maxPrintedElements = 10
        return Session(limits: limits)
    }

    @Test func printOfTooManyElementsIsAResourceError() throws {
        let session = limited()
        let error = try #require(session.error("print([1, 2, 3, 4, 5], [[6, 7], [8, 9, 10]])"))
        #expect(error.name == "ResourceError")
        #expect(error.value == "output limit: one print, String(x) or interpolation writes at most 10 elements; show(x) displays a summary of a large matrix")
        #expect(session.host.stdout.isEmpty)
    }

    @Test func atTheLimitPrintWorks() throws {
        let session = limited()
        try session.run("print([1, 2, 3], [4, 5, 6, 7])")
        #expect(session.host.stdout == "[1, 2, 3] [4, 5, 6, 7]\n")
    }

    @Test func stringAndInterpolationObeyTheLimit() throws {
        let session = limited()
        #expect(session.error("let s = String(Vector.zeros(11))")?.name == "ResourceError")
        #expect(session.error("let t = \"\\(Matrix.zeros(rows: 4, columns: 3))\"")?.name == "ResourceError")
    }
}
