import Testing
@testable import BackpropLanguage

/// Arrays: value semantics, properties, methods, subscripts and slices.
@Suite struct ArrayTests {
    // MARK: - Value semantics

    @Test func assignmentCopies() throws {
        #expect(try output("let a = [1, 2, 3]\nvar b = a\nb.append(1)\nprint(a, b)") == "[1, 2, 3] [1, 2, 3, 1]\n")
    }

    @Test func elementAssignmentOfACopyLeavesTheOriginal() throws {
        #expect(try output("var a = [1, 2]\nvar b = a\nb[0] = 99\nprint(a, b)") == "[1, 2] [99, 2]\n")
    }

    @Test func nestedArraysAreCopiedToo() throws {
        let code = """
        var grid = [[1, 2], [3, 4]]
        var row = grid[0]
        row[0] = 100
        var copy = grid
        copy[1][1] = 0
        print(grid, row, copy)
        """
        #expect(try output(code) == "[[1, 2], [3, 4]] [100, 2] [[1, 2], [3, 0]]\n")
    }

    @Test func passingToAFunctionCopies() throws {
        #expect(try output("func change(_ a: [Int]) -> [Int] {\n    var b = a\n    b[0] = 99\n    return b\n}\nlet orig = [1, 2]\nprint(change(orig), orig)") == "[99, 2] [1, 2]\n")
    }

    @Test func closuresCaptureTheVariableNotACopy() throws {
        #expect(try output("var a = [1]\nlet add = { a.append(2) }\nadd()\nadd()\nprint(a)") == "[1, 2, 2]\n")
    }

    @Test func arraysStoredInArraysAreCopies() throws {
        #expect(try output("var inner = [1]\nvar outer = [inner, inner]\ninner.append(2)\nouter[0].append(3)\nprint(inner, outer)") == "[1, 2] [[1, 3], [1]]\n")
    }

    // MARK: - Properties

    @Test func countIsEmptyFirstLast() throws {
        #expect(try output("let a = [4, 5, 6]\nlet e: [Int] = []\nprint(a.count, a.isEmpty, e.count, e.isEmpty, a.first, a.last)") == "3 false 0 true 4 6\n")
    }

    @Test func firstOfAnEmptyArrayIsARuntimeError() {
        expectError("let e: [Int] = []\nprint(⟪e.first⟫)", .runtimeError,
                    "'first' of an empty collection: there is no element; check 'isEmpty' first")
        expectError("let e: [Double] = []\nprint(⟪e.last⟫)", .runtimeError,
                    "'last' of an empty collection: there is no element; check 'isEmpty' first")
    }

    @Test func emptyArrayInitializers() throws {
        #expect(try output("var a = [Int]()\nvar b = [Double]()\na.append(1)\nb.append(1)\nprint(a, b, [String]().isEmpty)") == "[1] [1.0] true\n")
    }

    @Test func repeatingInitializer() throws {
        #expect(try output("print(Array(repeating: 0, count: 3), Array(repeating: 0.5, count: 2), [Int](repeating: 7, count: 1))") == "[0, 0, 0] [0.5, 0.5] [7]\n")
    }

    // MARK: - Methods

    @Test func append() throws {
        #expect(try output("var a: [Int] = []\nfor i in 0..<5 { a.append(i * i) }\na.append(contentsOf: [100, 200])\nprint(a, a.count)") == "[0, 1, 4, 9, 16, 100, 200] 7\n")
    }

    @Test func appendInALongLoop() throws {
        #expect(try output("var a: [Int] = []\nfor i in 0..<20000 { a.append(i) }\nprint(a.count, a[19999], a.sum())") == "20000 19999 199990000\n")
    }

    @Test func mapFilterReduce() throws {
        let code = """
        let a = [1, 2, 3, 4]
        print(a.map { $0 * 2 })
        print(a.filter { $0 % 2 == 0 })
        print(a.reduce(0, +), a.reduce(1, *), a.reduce(0) { $0 + $1 * $1 })
        print(a.map { Double($0) / 2 })
        print(a.map { "n\\($0)" })
        """
        #expect(try output(code) == "[2, 4, 6, 8]\n[2, 4]\n10 24 30\n[0.5, 1.0, 1.5, 2.0]\n[\"n1\", \"n2\", \"n3\", \"n4\"]\n")
    }

    @Test func reduceWithADoubleStart() throws {
        #expect(try output("print([1, 2, 3].reduce(0.5, +))") == "6.5\n")
    }

    @Test func sumOfIntsIsAnIntAndOfDoublesADouble() throws {
        #expect(try output("print([1, 2, 3].sum(), [1.5, 2.5].sum(), [Int]().sum())") == "6 4.0 0\n")
    }

    @Test func otherArrayMethods() throws {
        let code = """
        var a = [3, 1, 2]
        print(a.sorted(), a.reversed(), a.contains(2), a.contains(9), a.firstIndex(of: 2), a.max(), a.min())
        a.insert(0, at: 1)
        let removed = a.remove(at: 0)
        let last = a.removeLast()
        a.sort()
        print(a, removed, last)
        print(["x", "y"].joined(separator: "-"))
        """
        #expect(try output(code) == "[1, 2, 3] [2, 1, 3] true false 2 3 1\n[0, 1] 3 2\nx-y\n")
    }

    @Test func methodsOnAMissingMemberAreExplained() {
        expectError("let a = [1, 2]\nlet n = ⟪a.cout⟫", .typeError, "a value of type '[Int]' has no member 'cout'; did you mean 'count'?")
        expectError("let a = [1, 2]\nlet n = ⟪a.count()⟫", .typeError, "'count' is a property of [Int], not a method; remove the parentheses: .count")
        expectError("let a = [1, 2]\nlet n = ⟪a.map⟫", .typeError, "'map' is a method of [Int]; call it with parentheses: .map(…)")
    }

    @Test func mutatingMethodOnATemporaryIsExplained() {
        expectError("⟪[1, 2].append(3)⟫", .typeError, "'append' changes its receiver, so call it on a variable declared with 'var'")
    }

    // MARK: - Subscripts

    @Test func subscriptsReadElements() throws {
        #expect(try output("let a = [10, 20, 30]\nlet i = 2\nprint(a[0], a[i], a[i - 1])") == "10 30 20\n")
    }

    @Test func indexOutOfRangeIsARuntimeError() {
        expectError("let a = [1, 2]\nprint(⟪a[5]⟫)", .runtimeError,
                    "index 5 is out of range for an array of 2 elements (valid indices: 0..<2)")
        expectError("let a = [1, 2]\nprint(⟪a[-1]⟫)", .runtimeError,
                    "index -1 is out of range for an array of 2 elements (valid indices: 0..<2)")
        expectError("var e: [Int] = []\n⟪e[0]⟫ = 1", .runtimeError, "index 0 is out of range for an array of 0 elements")
    }

    @Test func indexMustBeAnInt() {
        expectError("let a = [1, 2]\nprint(⟪a[0.5]⟫)", .typeError,
                    "an index must be an Int, found a value of type 'Double'; convert it with Int(x)")
    }

    @Test func slicing() throws {
        #expect(try output("let s = [10, 20, 30, 40]\nprint(s[1..<3], s[1...2], s[0..<0], s[2...3].count)") == "[20, 30] [20, 30] [] 2\n")
    }

    @Test func sliceOutOfRangeIsARuntimeError() {
        expectError("let s = [1, 2, 3]\nprint(⟪s[1..<5]⟫)", .runtimeError, "slice 1..<5 is out of range for 3 elements")
    }

    @Test func nestedElementAssignment() throws {
        let code = """
        var w = [[0.0, 0.0], [0.0, 0.0]]
        w[0][1] = 0.5
        w[1][0] += 2
        w[1][1] -= 1
        print(w)
        """
        #expect(try output(code) == "[[0.0, 0.5], [2.0, -1.0]]\n")
    }

    @Test func elementOfAnElementThroughAVariableIndex() throws {
        #expect(try output("var m = [[1, 2, 3], [4, 5, 6]]\nfor k in 0..<2 { for j in 0..<3 { m[k][j] *= 10 } }\nprint(m)") == "[[10, 20, 30], [40, 50, 60]]\n")
    }

    // MARK: - Ranges

    @Test func rangesAreValues() throws {
        let code = """
        let r = 0..<5
        print(r, r.count, r.isEmpty, (2...4).count, r.lowerBound, r.upperBound, r[3], (0..<0).isEmpty)
        print(Array(1...3), (2..<5).map { $0 * $0 }, (1...4).reduce(0, +), (1...3).contains(2), (0..<4).filter { $0 % 2 == 1 })
        """
        #expect(try output(code) == "0..<5 5 false 3 0 5 3 true\n[1, 2, 3] [4, 9, 16] 10 true [1, 3]\n")
    }

    @Test func rangeIndexOutOfRangeIsARuntimeError() {
        expectError("let r = 0..<3\nlet x = ⟪r[3]⟫", .runtimeError, "index 3 is out of range for a range of 3 elements (valid indices: 0..<3)")
    }

    @Test func propertiesOfValuesAreReadOnly() {
        expectError("var a = [1]\n⟪a.count⟫ = 3", .typeError, "cannot assign to property 'count' of a value of type '[Int]': it is read-only")
    }

    // MARK: - Element types

    @Test func literalsKeepTheirElementType() throws {
        #expect(try output("print([1, 2], [1.0, 2.0], [\"a\"], [true, false])") == "[1, 2] [1.0, 2.0] [\"a\"] [true, false]\n")
    }

    @Test func mixedIntAndDoubleLiteralsAreDoubles() throws {
        // As in Swift, [1, 2.5] is a [Double].
        #expect(try output("let a = [1, 2.5]\nprint(a, a[0] / 2, [[1, 2], [3.5, 4]])") == "[1.0, 2.5] 0.5 [[1.0, 2.0], [3.5, 4.0]]\n")
    }

    @Test func storingAnIntInAnArrayOfDoublesMakesItADouble() throws {
        #expect(try output("var a = [0.5, 1.5]\na.append(2)\na[0] = 1\nprint(a, a[0] / 2)") == "[1.0, 1.5, 2.0] 0.5\n")
    }

    @Test func appendingToARowOfDoublesMakesIntsDoubles() throws {
        #expect(try output("var r = [[0.5], [1.5]]\nr[0].append(1)\nr[1].insert(2, at: 0)\nr.append([3, 4])\nprint(r)") == "[[0.5, 1.0], [2.0, 1.5], [3.0, 4.0]]\n")
    }

    @Test func equality() throws {
        #expect(try output("print([1, 2] == [1, 2], [1, 2] == [2, 1], [1, 2] == [1.0, 2.0], [[1]] == [[1]], [1] != [1, 1])") == "true false true true true\n")
    }

    @Test func plusOnArraysIsElementwiseNotConcatenation() throws {
        #expect(try output("print([1, 2] + [3, 4], [1.5] + [1])") == "[4, 6] [2.5]\n")
        expectError("let j = ⟪[\"a\"] + [\"b\"]⟫", .typeError,
                    "cannot apply '+' to values of type '[String]' and '[String]'; '+' on arrays is elementwise on numbers; to join arrays use a.append(contentsOf: b)")
    }
}

/// Long searches and sorts stop at the check point like loops do (interrupts and the step budget).
@Suite struct LongArrayOperationTests {
    private func budgeted() -> Session {
        var limits = Limits()
        limits.stepBudget = 1_000
        return Session(limits: limits)
    }

    @Test func sortingStopsAtTheStepBudget() {
        let error = budgeted().error("let a = Array(0..<5000).reversed()\nlet b = a.sorted()")
        #expect(error?.name == "ResourceError")
        #expect(error?.primary.message.hasPrefix("step budget exhausted") == true)
    }

    @Test func searchingStopsAtTheStepBudget() {
        #expect(budgeted().error("let a = Array(0..<5000)\nlet found = a.contains(-1)")?.name == "ResourceError")
        #expect(budgeted().error("let a = Array(0..<5000)\nlet index = a.firstIndex(of: -1)")?.name == "ResourceError")
    }

    @Test func withinTheBudgetTheyAnswer() throws {
        let session = budgeted()
        try session.run("let a = [3, 1, 2]")
        #expect(try session.run("a.sorted()") == "[1, 2, 3]")
        #expect(try session.run("a.contains(2)") == "true")
        #expect(try session.run("a.firstIndex(of: 2)") == "2")
    }
}
