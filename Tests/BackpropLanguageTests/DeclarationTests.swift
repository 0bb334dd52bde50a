import Testing
@testable import BackpropLanguage

/// `let` and `var`, annotations that check and convert, and the rules for constants.
@Suite struct DeclarationTests {
    @Test func letAndVarBindValues() throws {
        #expect(try output("let a = 1\nvar b = 2.5\nb = b * 2\nprint(a, b)") == "1 5.0\n")
    }

    @Test func bindingsPersistAcrossCells() throws {
        let session = Session()
        try session.run("let rate = 0.5\nvar steps = 0")
        try session.run("steps += 3")
        try session.run("func scaled(_ x: Double) -> Double { x * rate }")
        #expect(try session.run("scaled(Double(steps))") == "1.5")
    }

    @Test func compoundAssignmentOperators() throws {
        #expect(try output("var x = 10\nx += 5\nprint(x)\nx -= 3\nprint(x)\nx *= 2\nprint(x)\nx /= 4\nprint(x)\nx %= 4\nprint(x)") == "15\n12\n24\n6\n2\n")
    }

    @Test func annotationConvertsIntToDouble() throws {
        let session = Session()
        #expect(try session.run("let a: Double = 1\na") == "1.0")
        guard case .double(let value)? = session.global("a") else {
            Issue.record("a is not a Double: \(String(describing: session.global("a")))")
            return
        }
        #expect(value == 1.0)
    }

    @Test func annotationKeepsConvertingOnAssignment() throws {
        #expect(try output("var c: Double = 2\nc = 3\nprint(c)\nc += 1\nprint(c)\nc = c / 2 + 1\nprint(c)") == "3.0\n4.0\n3.0\n")
    }

    @Test func annotationsOfArraysVectorsAndMatrices() throws {
        let code = """
        var b: [Double] = [1, 2]
        let v: Vector = [1, 2]
        let m: Matrix = [[1, 2], [3, 4]]
        let rows: [[Double]] = [[1, 2], [3, 4]]
        print(b, v, m, rows)
        """
        #expect(try output(code) == "[1.0, 2.0] [1.0, 2.0] [[1.0, 2.0], [3.0, 4.0]] [[1.0, 2.0], [3.0, 4.0]]\n")
    }

    @Test func annotatedArrayConvertsAppendedAndStoredElements() throws {
        let code = """
        var b: [Double] = [1, 2]
        b.append(3)
        b[0] = 5
        b[1] += 1
        b.append(contentsOf: [7, 8])
        print(b, b[0] / 2)
        """
        #expect(try output(code) == "[5.0, 3.0, 3.0, 7.0, 8.0] 2.5\n")
    }

    @Test func annotatedNestedArrayConvertsStoredRows() throws {
        #expect(try output("var m: [[Double]] = [[1, 2]]\nm[0] = [3, 4]\nm[0][1] = 7\nm.append([5, 6])\nprint(m)") == "[[3.0, 7.0], [5.0, 6.0]]\n")
    }

    @Test func annotatedRowsConvertAppendedElements() throws {
        #expect(try output("var rows: [[Double]] = [[], [0.5]]\nrows[0].append(1)\nrows[1].append(2)\nrows.append([3])\nprint(rows)") ==
                "[[1.0], [0.5, 2.0], [3.0]]\n")
    }

    @Test func annotatedArrayRejectsWrongElements() {
        expectError("var s: [String] = [\"a\"]\ns.append(⟪1⟫)", .typeError,
                    "cannot use an element of type 'Int' as 'String'; convert it with String(x) or \"\\(x)\"")
        expectError("var s: [String] = [\"a\"]\n⟪s[0]⟫ = true", .typeError,
                    "cannot use a value of type 'Bool' as 'String'; convert it with String(x) or \"\\(x)\"")
        expectError("var b: [Double] = [1, 2]\nb.append(⟪\"x\"⟫)", .typeError, "cannot use an element of type 'String' as 'Double'")
        expectError("var b: [Int] = [1, 2]\n⟪b[0]⟫ = 2.5", .typeError,
                    "cannot use a value of type 'Double' as 'Int'; convert it with Int(x), which truncates")
    }

    @Test func annotationMismatchIsATypeError() {
        expectError("let s: String = ⟪3⟫", .typeError,
                    "cannot use a value of type 'Int' as 'String'; convert it with String(x) or \"\\(x)\"")
        expectError("let n: Int = ⟪2.5⟫", .typeError,
                    "cannot use a value of type 'Double' as 'Int'; convert it with Int(x), which truncates")
        expectError("var c: Double = 2\n⟪c = \"x\"⟫", .typeError, "cannot use a value of type 'String' as 'Double'")
        expectError("var n: Int = 1\n⟪n += 0.5⟫", .typeError,
                    "cannot use a value of type 'Double' as 'Int'; convert it with Int(x), which truncates")
        expectError("let v: [Int] = ⟪[1, \"a\"]⟫", .typeError, "cannot use a value of type 'String' as 'Int'")
    }

    @Test func unknownTypeIsANameError() {
        expectError("let x: ⟪Foo⟫ = 1", .nameError,
                    "unknown type 'Foo'; the types are Int, Double, Bool, String, Vector, Matrix, [T], (T) -> U and the library's Network, Dataset, Gradients, …")
    }

    // MARK: - Constants

    @Test func reassigningALetIsATypeError() {
        expectError("let x = 1\n⟪x⟫ = 2", .typeError, "cannot assign to 'x': it is a 'let' constant; declare it with 'var'")
        expectError("let x = 1\n⟪x⟫ += 1", .typeError, "cannot assign to 'x': it is a 'let' constant; declare it with 'var'")
    }

    @Test func reassigningALetOfAnEarlierCellIsATypeError() throws {
        let session = Session()
        #expect(session.error("let x = 1") == nil)
        expectError("⟪x⟫ = 2", .typeError, "cannot assign to 'x': it is a 'let' constant; declare it with 'var'", in: session)
        #expect(try session.run("x") == "1")
    }

    @Test func reassigningALocalLetIsATypeError() {
        expectError("func f() {\n    let y = 1\n    ⟪y⟫ = 2\n}", .typeError, "cannot assign to 'y': it is a 'let' constant; declare it with 'var'")
        expectError("func f(_ p: Int) {\n    ⟪p⟫ += 1\n}", .typeError, "cannot assign to 'p': it is a 'let' constant; declare it with 'var'")
        expectError("let k = 1\nlet change = { ⟪k⟫ = 2 }", .typeError, "cannot assign to 'k': it is a 'let' constant; declare it with 'var'")
        expectError("for i in 0..<3 {\n    ⟪i⟫ = 1\n}", .typeError, "cannot assign to 'i': it is a 'let' constant; declare it with 'var'")
    }

    @Test func mutatingALetArrayIsATypeError() {
        expectError("let a = [1, 2]\n⟪a⟫.append(3)", .typeError, "cannot assign to 'a': it is a 'let' constant; declare it with 'var'")
        expectError("let a = [1, 2]\n⟪a⟫[0] = 3", .typeError, "cannot assign to 'a': it is a 'let' constant; declare it with 'var'")
        expectError("let w = [[0.0, 0.0]]\n⟪w⟫[0][1] = 0.5", .typeError, "cannot assign to 'w': it is a 'let' constant; declare it with 'var'")
        expectError("func f() {\n    let a = [1]\n    ⟪a⟫.removeLast()\n}\nf()", .typeError, "cannot assign to 'a': it is a 'let' constant; declare it with 'var'")
    }

    @Test func mutatingALetMatrixIsATypeError() {
        expectError("let m = Matrix([[1, 2], [3, 4]])\n⟪m⟫[0][0] = 9", .typeError, "cannot assign to 'm': it is a 'let' constant; declare it with 'var'")
        expectError("let v = Vector([1, 2])\n⟪v⟫[1] += 1", .typeError, "cannot assign to 'v': it is a 'let' constant; declare it with 'var'")
    }

    @Test func aFailedMutationOfALetLeavesItUnchanged() throws {
        let session = Session()
        try session.run("let a = [1, 2]")
        #expect(session.error("a.append(3)") != nil)
        #expect(try session.run("a") == "[1, 2]")
    }

    @Test func assigningAFunctionOrALibraryNameIsExplained() {
        expectError("func f() {}\n⟪f⟫ = 1", .typeError, "cannot assign to 'f': it is a function")
        expectError("⟪print⟫ = 1", .typeError, "cannot assign to 'print': it is a library function; choose another name with 'var'")
    }

    // MARK: - Scopes

    @Test func innerScopesShadowOuterNames() throws {
        #expect(try output("let x = 1\nif true {\n    let x = 2\n    print(x)\n}\nprint(x)") == "2\n1\n")
    }

    @Test func redeclaringInTheSameLocalScopeIsANameError() {
        expectError("func f() {\n    let x = 1\n    var ⟪x⟫ = 2\n}", .nameError,
                    "invalid redeclaration of 'x' in the same scope; assign with 'x = …' or choose another name")
    }

    @Test func redeclaringAGlobalInALaterCellReplacesIt() throws {
        // Re-running a notebook cell must work, so a later cell may declare the same name again.
        let session = Session()
        try session.run("let x = 1")
        try session.run("var x = \"two\"")
        try session.run("x += \"!\"")
        #expect(try session.run("x") == "\"two!\"")
    }

    @Test func localsAreNotVisibleOutsideTheirBlock() {
        expectError("if true {\n    let inner = 1\n}\nprint(⟪inner⟫)", .nameError,
                    "cannot find 'inner' in scope; declare it with 'let inner = …' first")
    }

    @Test func bindingsBeforeARuntimeErrorStay() throws {
        let session = Session()
        let error = try #require(session.error("var a = 1\na = 2\nlet b = 1 / 0\nlet c = 3"))
        #expect(error.name == "RuntimeError")
        #expect(try session.run("a") == "2")
        expectError("⟪b⟫", .nameError, .contains("'b' is declared but has no value"), in: session)
        expectError("⟪c⟫", .nameError, .contains("'c' is declared but has no value"), in: session)
    }

    @Test func aCellThatFailsToCompileBindsNothing() {
        let session = Session()
        #expect(session.error("let q = 1\nprint(undefinedName)") != nil)
        expectError("⟪q⟫", .nameError, "cannot find 'q' in scope; declare it with 'let q = …' first", in: session)
    }
}
