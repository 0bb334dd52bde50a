import Foundation
import Testing
import NeuralNet
@testable import BackpropLanguage

/// Vectors and matrices: products, elementwise arithmetic, broadcasting, shapes and math functions.
@Suite struct LinearAlgebraTests {
    private let m = "let m = Matrix([[1, 2], [3, 4]])\n"

    // MARK: - Products

    @Test func matrixTimesVector() throws {
        #expect(try output(m + "print(m * [1.0, 1.0], m * [1, 0], [[1.0, 2.0], [3.0, 4.0]] * [0, 1])") == "[3.0, 7.0] [1.0, 3.0] [2.0, 4.0]\n")
    }

    @Test func matrixTimesMatrix() throws {
        #expect(try output(m + "print(m * m, m * Matrix.identity(2), Matrix([[1, 2, 3]]) * Matrix([[1], [2], [3]]))") ==
                "[[7.0, 10.0], [15.0, 22.0]] [[1.0, 2.0], [3.0, 4.0]] [[14.0]]\n")
    }

    @Test func largeProductsAgreeWithTheDefinition() throws {
        // Big enough that the product goes through BLAS.
        let code = """
        let a = Matrix.random(rows: 60, columns: 70, seed: 1)
        let b = Matrix.random(rows: 70, columns: 50, seed: 2)
        let p = a * b
        var manual = 0.0
        for j in 0..<70 { manual += a[13][j] * b[j][29] }
        let v = Matrix.random(rows: 70, columns: 1, seed: 3).transposed()[0]
        let av = a * v
        var manualV = 0.0
        for j in 0..<70 { manualV += a[7][j] * v[j] }
        [p[13][29] - manual, av[7] - manualV, Double(p.rows), Double(p.columns), Double(av.count)]
        """
        let values = try evaluateNumbers(code)
        expectClose(values, [0, 0, 60, 50, 60], tolerance: 1e-12)
    }

    @Test func transposedProducts() throws {
        #expect(try output(m + "print(m.transposed() * m, m.transposed() * [1, 1])") == "[[10.0, 14.0], [14.0, 20.0]] [4.0, 6.0]\n")
    }

    // MARK: - Elementwise and broadcasting

    @Test func elementwiseOnNumericArrays() throws {
        #expect(try output("print([1.0, 2] + [3, 4], [1.0, 2] - [3, 4], [1.5, 2] * [2, 4], [1, 2] / [4, 4])") ==
                "[4.0, 6.0] [-2.0, -2.0] [3.0, 8.0] [0.25, 0.5]\n")
    }

    @Test func elementwiseOnIntArraysStaysInt() throws {
        #expect(try output("print([1, 2] + [3, 4], [5, 6] - [1, 1], [1, 2] * [3, 4])") == "[4, 6] [4, 5] [3, 8]\n")
    }

    @Test func elementwiseOnMatrices() throws {
        #expect(try output(m + "print(m + m, m - m, m / m, m.transposed() + [[1, 1], [1, 1]])") ==
                "[[2.0, 4.0], [6.0, 8.0]] [[0.0, 0.0], [0.0, 0.0]] [[1.0, 1.0], [1.0, 1.0]] [[2.0, 4.0], [3.0, 5.0]]\n")
    }

    @Test func scalarBroadcasts() throws {
        #expect(try output("print([1.0, 2] * 2, 2 * [1.0, 2], [1, 2] + 1, [2.0, 4] / 2, 1 - [1.0, 2], 1 / [2.0, 4])") ==
                "[2.0, 4.0] [2.0, 4.0] [2, 3] [1.0, 2.0] [0.0, -1.0] [0.5, 0.25]\n")
        #expect(try output(m + "print(m * 2, m / 2, 10 - m, m + 0.5)") ==
                "[[2.0, 4.0], [6.0, 8.0]] [[0.5, 1.0], [1.5, 2.0]] [[9.0, 8.0], [7.0, 6.0]] [[1.5, 2.5], [3.5, 4.5]]\n")
    }

    @Test func negation() throws {
        #expect(try output(m + "print(-m, -Vector([1, -2]), -[1, 2], -[0.5])") == "[[-1.0, -2.0], [-3.0, -4.0]] [-1.0, 2.0] [-1, -2] [-0.5]\n")
    }

    @Test func vectorsCompareElementwise() throws {
        #expect(try output(m + "print(Vector([1, 2]) == [1, 2], m == [[1, 2], [3, 4]], m == m.transposed())") == "true true false\n")
    }

    // MARK: - Shapes

    @Test func shapeProperties() throws {
        let code = m + "let w = Matrix(rows: 2, columns: 3, repeating: 0.5)\nlet v = Vector([1, 2, 3])\nprint(w.rows, w.columns, w.shape, w.count, v.count, m.transposed().shape, w.transposed().shape)"
        #expect(try output(code) == "2 3 [2, 3] 2 3 [2, 2] [3, 2]\n")
    }

    @Test func nestedArraysHaveMatrixShapes() throws {
        #expect(try output("let a = [[1.0, 2, 3], [4, 5, 6]]\nprint(a.rows, a.columns, a.shape, a.transposed())") == "2 3 [2, 3] [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]\n")
    }

    @Test func matrixTimesVectorOfTheWrongLengthIsAShapeError() {
        expectError(m + "let y = ⟪m * [1, 2, 3]⟫", .shapeError,
                    "cannot multiply a 2×2 matrix by a vector of length 3: the matrix's columns (2) must equal the vector's length (3)")
    }

    @Test func matrixTimesMatrixOfTheWrongShapeIsAShapeError() {
        expectError(m + "let y = ⟪m * Matrix([[1, 2, 3]])⟫", .shapeError,
                    "cannot multiply a 2×2 matrix by a 1×3 matrix: the left's columns (2) must equal the right's rows (1)")
    }

    @Test func elementwiseShapeErrorsNameBothShapes() {
        expectError("let y = ⟪[1, 2] + [1, 2, 3]⟫", .shapeError,
                    "cannot apply '+' elementwise to vectors of lengths 2 and 3; the lengths must match")
        expectError("let y = ⟪[1.0, 2] * [1, 2, 3]⟫", .shapeError,
                    "cannot multiply a vector of length 2 by a vector of length 3 elementwise: both must have the same length")
        expectError(m + "let y = ⟪m + Matrix([[1, 2, 3], [4, 5, 6]])⟫", .shapeError,
                    "cannot add a 2×2 matrix and a 2×3 matrix: both must have the same shape")
        expectError(m + "let y = ⟪m - [[1.0]]⟫", .shapeError,
                    "cannot subtract a 1×1 matrix from a 2×2 matrix: both must have the same shape")
    }

    @Test func vectorTimesMatrixIsAShapeErrorNamingBothShapes() {
        expectError(m + "let y = ⟪[1.0, 2] * m⟫", .shapeError,
                    "cannot multiply a vector of length 2 by a 2×2 matrix: Backprop's vectors are columns; write m.transposed() * v, or use outer(a, b)")
    }

    @Test func matrixPlusVectorIsAShapeErrorNamingBothShapes() {
        expectError(m + "let y = ⟪m + [1.0, 2]⟫", .shapeError,
                    "cannot apply '+' to a 2×2 matrix and a vector of length 2; elementwise operations need the same shape (a scalar broadcasts)")
    }

    @Test func raggedRowsAreAShapeError() {
        expectError("let r = Matrix(⟪[[1, 2], [3]]⟫)", .shapeError,
                    "row 1 has 1 element but row 0 has 2: every row of a matrix must have the same length")
    }

    @Test func dotShapeError() {
        expectError("let d = ⟪dot([1, 2], [1, 2, 3])⟫", .shapeError,
                    "cannot take the dot product of a vector of length 2 and a vector of length 3: both must have the same length")
    }

    // MARK: - Constructors

    @Test func constructors() throws {
        #expect(try output("print(Matrix(rows: 2, columns: 3, repeating: 0.5), Matrix.identity(3), Vector([1, 2]), Vector(repeating: 1, count: 2), Matrix([[1, 2]]))") ==
                "[[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]] [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]] [1.0, 2.0] [1.0, 1.0] [[1.0, 2.0]]\n")
    }

    @Test func randomMatricesAreReproducible() throws {
        let session = Session()
        try session.run("let a = Matrix.random(rows: 3, columns: 4, seed: 7)\nlet b = Matrix.random(rows: 3, columns: 4, seed: 7)\nlet c = Matrix.random(rows: 3, columns: 4, seed: 8)")
        #expect(try session.run("a == b") == "true")
        #expect(try session.run("a == c") == "false")
        #expect(try session.run("a.shape") == "[3, 4]")
        let values = try #require(numbers(session.global("a")))
        #expect(values.count == 12)
        #expect(values.allSatisfy { $0 >= -1 && $0 < 1 })
        #expect(Set(values).count == 12)
        // Another interpreter gives the same numbers.
        let again = Session()
        try again.run("let a = Matrix.random(rows: 3, columns: 4, seed: 7)")
        #expect(numbers(again.global("a")) == values)
    }

    @Test func randomSeedDefaultsToZero() throws {
        #expect(try result("Matrix.random(rows: 2, columns: 2) == Matrix.random(rows: 2, columns: 2, seed: 0)") == "true")
    }

    @Test func negativeSizesAreAValueError() {
        expectError("let z = ⟪Matrix(rows: -1, columns: 2, repeating: 0)⟫", .valueError,
                    "a matrix needs non-negative rows and columns, got -1×2")
    }

    // MARK: - Reductions and products of vectors

    @Test func dotAndOuter() throws {
        #expect(try output("print(dot([1, 2, 3], [4, 5, 6]), outer([1, 2], [3, 4, 5]))") == "32.0 [[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]]\n")
    }

    @Test func reductions() throws {
        #expect(try output(m + "print(sum([1.0, 2]), mean([1, 2, 3, 4]), max([1.0, 5, 2]), min([3.5, 1, 2]), sum(m), mean(m), max(m), min(m))") ==
                "3.0 2.5 5.0 1.0 10.0 2.5 4.0 1.0\n")
        #expect(try output("let v = Vector([2, 4, 9])\nprint(v.sum(), v.mean(), v.max(), v.min(), max(1, 2.5), min(3, 2), max(4, 9, 1))") ==
                "15.0 5.0 9.0 2.0 2.5 2 9\n")
    }

    @Test func meanOfNothingIsAnError() {
        expectError("let e: [Double] = []\n⟪mean(e)⟫", .valueError,
                    "cannot take the mean of an empty vector: it needs at least one element")
    }

    // MARK: - Math functions

    @Test func scalarMathFunctions() throws {
        let values = try evaluateNumbers("[abs(-2.5), exp(1.0), log(10.0), sqrt(2.0), pow(2, 10), pow(2.0, 0.5), sigmoid(2.0), sigmoidPrime(2.0), tanh(0.5), relu(-3.0), relu(1.5)]")
        let s = 1 / (1 + Foundation.exp(-2.0))
        expectClose(values, [2.5, Foundation.exp(1), Foundation.log(10), 2.0.squareRoot(), 1024, 2.0.squareRoot(), s, s * (1 - s), Foundation.tanh(0.5), 0, 1.5])
    }

    @Test func mathFunctionsAreElementwiseOnVectors() throws {
        let x: [Double] = [-1, 0, 0.5, 2]
        let source = "[-1.0, 0, 0.5, 2]"
        func check(_ name: String, _ f: (Double) -> Double, sourceLocation: SourceLocation = #_sourceLocation) throws {
            expectClose(try evaluateNumbers("\(name)(\(source))"), x.map(f), sourceLocation: sourceLocation)
        }
        try check("abs") { Swift.abs($0) }
        try check("exp") { Foundation.exp($0) }
        try check("sigmoid") { 1 / (1 + Foundation.exp(-$0)) }
        try check("sigmoidPrime") { let s = 1 / (1 + Foundation.exp(-$0)); return s * (1 - s) }
        try check("tanh") { Foundation.tanh($0) }
        try check("relu") { Swift.max(0, $0) }
        expectClose(try evaluateNumbers("sqrt([4.0, 9, 2])"), [2, 3, 2.0.squareRoot()])
        expectClose(try evaluateNumbers("log([1.0, 10])"), [0, Foundation.log(10)])
    }

    @Test func powIsElementwiseWithAScalarExponent() throws {
        #expect(try output("print(pow(2, 10), pow([1.0, 2, 3], 2), pow(Matrix([[4, 9]]), 0.5), pow([[1, 2]], 3))") ==
                "1024.0 [1.0, 4.0, 9.0] [[2.0, 3.0]] [[1.0, 8.0]]\n")
        expectError("let p = pow([1.0], ⟪[2.0]⟫)", .typeError, "expected a number for the exponent, found a value of type '[Double]'")
    }

    @Test func mathFunctionsAreElementwiseOnMatrices() throws {
        #expect(try output("print(relu(Matrix([[-1, 2], [3, -4]])), abs([[-1.5, 2], [3, -4]]))") == "[[0.0, 2.0], [3.0, 0.0]] [[1.5, 2.0], [3.0, 4.0]]\n")
    }

    @Test func mathFunctionResultsPrintAsVectors() throws {
        #expect(try output("print(sigmoid([0.0, 0]), sigmoidPrime([0.0]), relu([-1.0, 2]), abs(-3), abs(-2.5))") == "[0.5, 0.5] [0.25] [0.0, 2.0] 3 2.5\n")
    }

    @Test func sigmoidIsStableForLargeInputs() throws {
        expectClose(try evaluateNumbers("sigmoid([-1000.0, 1000, -40])"), [0, 1, 1 / (1 + Foundation.exp(40))], tolerance: 1e-15)
    }

    @Test func logOfNegativeIsNaN() throws {
        #expect(try output("print(log(-1.0), sqrt(-1.0))") == "nan nan\n")
    }

    @Test func mathFunctionsRejectStrings() {
        expectError("let x = sigmoid(⟪\"a\"⟫)", .typeError, "sigmoid needs a number, vector or matrix, found a value of type 'String'")
    }

    // MARK: - Element access

    @Test func matrixSubscripts() throws {
        let code = m + "var w = m\nw[0][1] = 9\nw[1] = [7, 8]\nprint(w, m[1][0], m[0], w.transposed()[1])"
        #expect(try output(code) == "[[1.0, 9.0], [7.0, 8.0]] 3.0 [1.0, 2.0] [9.0, 8.0]\n")
    }

    @Test func matrixRowOfTheWrongLengthIsAShapeError() {
        expectError(m + "var w = m\n⟪w[0]⟫ = [1, 2, 3]", .shapeError,
                    "cannot store a row of 3 elements in a 2×2 matrix; a row needs 2")
    }

    @Test func vectorSubscriptsAndAppend() throws {
        #expect(try output("var v = Vector([1, 2])\nv[0] = 5\nv.append(3)\nprint(v, v[2], v.count)") == "[5.0, 2.0, 3.0] 3.0 3\n")
    }
}

/// Nested arrays answer matrix methods, ranges reduce as Ints, and large products stay correct
/// and interruptible.
@Suite struct MatrixLikeAndLargeProductTests {
    @Test func nestedArraysAnswerMatrixMethods() throws {
        #expect(try output("let w = [[1.0, -2.0], [3.0, 4.5]]\nprint(w.max(), w.min(), w.mean(), w.row(1), w.sum())")
                == "4.5 -2.0 1.625 [3.0, 4.5] 6.5\n")
    }

    @Test func sumOfARangeIsAnInt() throws {
        #expect(try output("print(sum(1...3), (1...3).sum(), sum([1, 2, 3]), mean(1...4))") == "6 6 6 2.5\n")
    }

    @Test func blockedProductEqualsTheDirectProduct() throws {
        // 400 × 450 · 450 × 420 is 75.6M multiply-adds, above one block, so it is computed in blocks.
        let session = Session()
        try session.run("let a = Matrix.random(rows: 400, columns: 450, seed: 1)\nlet b = Matrix.random(rows: 450, columns: 420, seed: 2)\nlet p = a * b")
        guard case .matrix(let a) = try #require(session.interpreter.value(of: "a")),
              case .matrix(let b) = try #require(session.interpreter.value(of: "b")),
              case .matrix(let p) = try #require(session.interpreter.value(of: "p")) else {
            Issue.record("expected matrices")
            return
        }
        #expect(400 * 450 * 420 > Operators.productChunk)
        let direct = try a * b
        #expect(p.rows == 400 && p.columns == 420)
        let largest = zip(p.elements, direct.elements).map { abs($0 - $1) }.max() ?? 1
        #expect(largest < 1e-9)
    }

    @Test func aLongProductStopsAtAnInterrupt() throws {
        let session = Session()
        try session.run("let m = Matrix.random(rows: 4000, columns: 4000, seed: 1)")
        let flag = session.interpreter.interruptFlag
        let start = ContinuousClock.now
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            flag.set()
        }
        let error = try #require(session.error("let p = m * m"))
        let elapsed = ContinuousClock.now - start
        #expect(error.name == "Interrupted")
        #expect(error.primary.message.contains("during a matrix product"))
        // The whole product takes several seconds; a block is about 50 ms.
        #expect(elapsed < .seconds(2))
        #expect(session.interpreter.value(of: "p") == nil)
    }
}
