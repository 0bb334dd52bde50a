import Testing

@testable import NeuralNet

@Suite struct MatrixTests {
    /// [[1, 2, 3], [4, 5, 6]]
    let m23: Matrix
    /// [[7, 8], [9, 10], [11, 12]]
    let m32: Matrix

    init() throws {
        m23 = try Matrix(rowArrays: [[1, 2, 3], [4, 5, 6]])
        m32 = try Matrix(rowArrays: [[7, 8], [9, 10], [11, 12]])
    }

    // MARK: - Making matrices

    @Test func initializers() throws {
        let filled = try Matrix(rows: 2, columns: 3, repeating: 0.5)
        #expect(filled.rows == 2)
        #expect(filled.columns == 3)
        #expect(filled.elements == [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
        let fromElements = try Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        #expect(fromElements == m23)
        #expect(m23.elements == [1, 2, 3, 4, 5, 6])
        #expect(m23.shape == [2, 3])
        #expect(m23.shapeDescription == "2×3")
        #expect(m23.description == "[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]")
        let empty = try Matrix(rowArrays: [])
        #expect(empty.shape == [0, 0])
        #expect(empty.elements == [])
        #expect(try Matrix(rowArrays: [[], []]).shape == [2, 0])
        #expect(try Matrix(rows: 0, columns: 4, repeating: 1).shape == [0, 4])
    }

    @Test func initializersRejectBadSizes() {
        expectMathError(.value, mentioning: ["-1 rows"]) {
            _ = try Matrix(rows: -1, columns: 2, repeating: 0)
        }
        expectMathError(.value, mentioning: ["-3 columns"]) {
            _ = try Matrix(rows: 2, columns: -3, repeating: 0)
        }
        expectMathError(.value, mentioning: ["\(Int.max)×\(Int.max)"]) {
            _ = try Matrix(rows: Int.max, columns: Int.max, repeating: 0)
        }
        expectMathError(.value, mentioning: ["4294967296×4294967296"]) {
            _ = try Matrix(rows: 1 << 32, columns: 1 << 32, repeating: 0)
        }
        expectMathError(.value, mentioning: ["100000×100000", "\(Matrix.maximumElementCount)"]) {
            _ = try Matrix(rows: 100_000, columns: 100_000, repeating: 0)
        }
        expectMathError(.value, mentioning: ["-2 rows"]) {
            _ = try Matrix(rows: -2, columns: 2, elements: [])
        }
        expectMathError(.shape, mentioning: ["2×3", "5 elements", "6"]) {
            _ = try Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5])
        }
    }

    @Test func raggedRowsNameTheRowAndBothLengths() {
        expectMathError(.shape, mentioning: ["row 2 has 1", "row 0 has 2"]) {
            _ = try Matrix(rowArrays: [[1, 2], [3, 4], [5]])
        }
        expectMathError(.shape, mentioning: ["row 1 has 3", "row 0 has 2"]) {
            _ = try Matrix(rowArrays: [[1, 2], [3, 4, 5]])
        }
    }

    @Test func identity() throws {
        #expect(try Matrix.identity(3).rowArrays == [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        #expect(try Matrix.identity(1).rowArrays == [[1]])
        #expect(try Matrix.identity(0).shape == [0, 0])
        expectMathError(.value, mentioning: ["-1"]) { _ = try Matrix.identity(-1) }
        expectMathError(.value, mentioning: ["\(Int.max)"]) { _ = try Matrix.identity(Int.max) }
    }

    @Test func randomIsSeededUniformAndRowMajor() throws {
        let r = try Matrix.random(rows: 20, columns: 30, seed: 0)
        #expect(r.shape == [20, 30])
        // The first two draws of SplitMix64 seed 0, scaled to [-1, 1).
        #expect(r.elements[0] == -1 + 2 * (Double(UInt64(0xE220_A839_7B1D_CDAF) >> 11) * 0x1p-53))
        #expect(r.elements[1] == -1 + 2 * (Double(UInt64(0x6E78_9E6A_A1B9_65F4) >> 11) * 0x1p-53))
        #expect(r.elements.allSatisfy { $0 >= -1 && $0 < 1 })
        #expect(try r.min() < -0.9)
        #expect(try r.max() > 0.9)
        #expect(abs(try r.mean()) < 0.1)
        #expect(try Matrix.random(rows: 20, columns: 30, seed: 0) == r)
        #expect(try Matrix.random(rows: 20, columns: 30, seed: 1) != r)
        #expect(try Matrix.random(rows: 0, columns: 3, seed: 5).shape == [0, 3])
        expectMathError(.value, mentioning: ["-1 rows"]) {
            _ = try Matrix.random(rows: -1, columns: 3, seed: 0)
        }
    }

    // MARK: - Elements and rows

    @Test func readsAndWritesElements() throws {
        var m = m23
        #expect(try m.element(0, 0) == 1)
        #expect(try m.element(1, 2) == 6)
        #expect(try m.element(0, 2) == 3)
        try m.setElement(-5, 1, 0)
        #expect(m.rowArrays == [[1, 2, 3], [-5, 5, 6]])
        #expect(m23.rowArrays == [[1, 2, 3], [4, 5, 6]], "value semantics")
    }

    @Test func elementIndexErrorsNameTheIndexAndShape() {
        expectMathError(.value, mentioning: ["[2, 0]", "2×3", "0 to 1", "0 to 2"]) {
            _ = try m23.element(2, 0)
        }
        expectMathError(.value, mentioning: ["[0, 3]", "2×3"]) { _ = try m23.element(0, 3) }
        expectMathError(.value, mentioning: ["[-1, 0]"]) { _ = try m23.element(-1, 0) }
        expectMathError(.value, mentioning: ["[0, -1]"]) { _ = try m23.element(0, -1) }
        expectMathError(.value, mentioning: ["0×0", "no elements"]) {
            _ = try Matrix(rowArrays: []).element(0, 0)
        }
        var m = m23
        expectMathError(.value, mentioning: ["[5, 5]", "2×3"]) { try m.setElement(0, 5, 5) }
        #expect(m == m23)
    }

    @Test func rowsAndColumns() throws {
        #expect(try m23.row(1).elements == [4, 5, 6])
        #expect(try m23.column(2).elements == [3, 6])
        var m = m23
        try m.setRow(0, Vector([7, 8, 9]))
        #expect(m.rowArrays == [[7, 8, 9], [4, 5, 6]])
        #expect(m23.rowArrays == [[1, 2, 3], [4, 5, 6]])
        expectMathError(.value, mentioning: ["row 2", "2×3", "0 to 1"]) { _ = try m23.row(2) }
        expectMathError(.value, mentioning: ["column 3", "2×3", "0 to 2"]) { _ = try m23.column(3) }
        expectMathError(.value, mentioning: ["row 0", "0×3", "no rows"]) {
            _ = try Matrix(rows: 0, columns: 3, repeating: 0).row(0)
        }
        expectMathError(.value, mentioning: ["row -1"]) { try m.setRow(-1, Vector([1, 2, 3])) }
        expectMathError(.shape, mentioning: ["2×3", "length 2", "3 elements"]) {
            try m.setRow(0, Vector([1, 2]))
        }
        #expect(m.rowArrays == [[7, 8, 9], [4, 5, 6]], "a failed write changes nothing")
    }

    @Test func transposed() throws {
        let t = m23.transposed()
        #expect(t.shape == [3, 2])
        #expect(t.rowArrays == [[1, 4], [2, 5], [3, 6]])
        #expect(t.transposed() == m23)
        #expect(try Matrix(rows: 0, columns: 3, repeating: 0).transposed().shape == [3, 0])
        let r = try Matrix.random(rows: 7, columns: 5, seed: 9)
        for i in 0..<7 {
            for j in 0..<5 {
                #expect(try r.transposed().element(j, i) == r.element(i, j))
            }
        }
    }

    @Test func elementsKeepTheirCountAndMutateInPlace() throws {
        var m = m23
        m.elements[4] = 50
        #expect(try m.element(1, 1) == 50)
        m.elements = [1, 2]
        #expect(m.elements == [1, 2, 0, 0, 0, 0], "padded to rows × columns")
        m.elements = Array(repeating: 1, count: 10)
        #expect(m.elements == [1, 1, 1, 1, 1, 1], "truncated to rows × columns")
        m.elements.append(3)
        #expect(m.elements.count == 6)
        #expect(m.transposed().shape == [3, 2])
    }

    @Test func writingOneElementDoesNotCopyTheStorage() throws {
        var m = try Matrix.random(rows: 100, columns: 100, seed: 1)
        let before = m.elements.withUnsafeBufferPointer { $0.baseAddress }
        m.elements[5] = 42
        m.elements.withUnsafeMutableBufferPointer { $0[6] = 43 }
        let after = m.elements.withUnsafeBufferPointer { $0.baseAddress }
        #expect(before == after)
        #expect(try m.element(0, 5) == 42)
        #expect(try m.element(0, 6) == 43)
    }

    // MARK: - Products

    @Test func matrixProductOfAHandComputedExample() throws {
        let p = try m23 * m32
        #expect(p.shape == [2, 2])
        #expect(p.rowArrays == [[58, 64], [139, 154]])
        let q = try m32 * m23
        #expect(q.rowArrays == [[39, 54, 69], [49, 68, 87], [59, 82, 105]])
        #expect(try m23 * Matrix.identity(3) == m23)
        #expect(try Matrix.identity(2) * m23 == m23)
    }

    @Test func matrixProductMismatchNamesBothShapes() throws {
        let error = #expect(throws: MathError.self) {
            _ = try m23 * Matrix(rows: 2, columns: 2, repeating: 1)
        }
        #expect(error?.kind == .shape)
        #expect(
            error?.message
                == "cannot multiply a 2×3 matrix by a 2×2 matrix: the left's columns (3) must equal the right's rows (2)"
        )
        expectMathError(.shape, mentioning: ["2×3", "2×3"]) { _ = try m23 * m23 }
    }

    @Test func blasAndLoopAgreeOnRandomMatrices() throws {
        let a = try Matrix.random(rows: 50, columns: 40, seed: 1)
        let b = try Matrix.random(rows: 40, columns: 30, seed: 2)
        let loop = Matrix.loopProduct(a, b)
        let blas = try #require(Matrix.blasProduct(a, b))
        let reference = try referenceProduct(a, b)
        #expect(loop.shape == [50, 30])
        #expect(blas.shape == [50, 30])
        #expect(maxDifference(loop.elements, blas.elements) < 1e-12)
        #expect(maxDifference(loop.elements, reference.elements) < 1e-12)
        #expect(maxDifference(blas.elements, reference.elements) < 1e-12)
        #expect(
            loop.elements.contains { abs($0) > 1 }, "values large enough for the comparison to mean something"
        )
    }

    @Test func productDispatchesByThreshold() throws {
        // 50·40·30 multiply-adds: BLAS; the result is bit for bit the BLAS one.
        let a = try Matrix.random(rows: 50, columns: 40, seed: 1)
        let b = try Matrix.random(rows: 40, columns: 30, seed: 2)
        #expect(try a * b == Matrix.blasProduct(a, b))
        // 3·3·3: the loop.
        let c = try Matrix.random(rows: 3, columns: 3, seed: 3)
        let d = try Matrix.random(rows: 3, columns: 3, seed: 4)
        #expect(try c * d == Matrix.loopProduct(c, d))
        // Many rows but a 2-element inner size: the loop, at any size.
        let e = try Matrix.random(rows: 300, columns: 2, seed: 5)
        let f = try Matrix.random(rows: 2, columns: 300, seed: 6)
        #expect(try e * f == Matrix.loopProduct(e, f))
        #expect(Matrix.usesBLAS(multiplyAdds: 16, 16, 16, threshold: Matrix.gemmThreshold))
        #expect(!Matrix.usesBLAS(multiplyAdds: 8, 8, 8, threshold: Matrix.gemmThreshold))
        #expect(
            Matrix.usesBLAS(multiplyAdds: Int.max, Int.max, 2, threshold: Matrix.gemmThreshold),
            "overflow counts as large")
    }

    @Test func productsOfZeroSizedMatricesAreShapedZeros() throws {
        let p = try Matrix(rows: 2, columns: 0, repeating: 0) * Matrix(rows: 0, columns: 3, repeating: 0)
        #expect(p.shape == [2, 3])
        #expect(p.elements == [0, 0, 0, 0, 0, 0])
        let q = try Matrix(rows: 0, columns: 3, repeating: 0) * Matrix.random(rows: 3, columns: 2, seed: 1)
        #expect(q.shape == [0, 2])
        let r = try Matrix.random(rows: 3, columns: 2, seed: 1) * Matrix(rows: 2, columns: 0, repeating: 0)
        #expect(r.shape == [3, 0])
        let big =
            try Matrix(rows: 100, columns: 0, repeating: 0) * Matrix(rows: 0, columns: 100, repeating: 0)
        #expect(big.shape == [100, 100])
        #expect(big.elements.allSatisfy { $0 == 0 })
        let v = try Matrix(rows: 3, columns: 0, repeating: 0) * Vector([])
        #expect(v.elements == [0, 0, 0])
        #expect(try Matrix(rows: 0, columns: 300, repeating: 0).transposedTimes(Vector([])).count == 300)
        #expect(BLAS.gemm([], [], m: 2, n: 3, k: 0) == nil)
        #expect(BLAS.gemm([], [1, 2], m: 0, n: 2, k: 1) == nil)
        #expect(BLAS.gemv([], [], m: 3, n: 0) == nil)
    }

    @Test func productTooLargeThrows() throws {
        let tall = try Matrix(rows: 1 << 20, columns: 0, repeating: 0)
        let wide = try Matrix(rows: 0, columns: 1 << 20, repeating: 0)
        expectMathError(.value, mentioning: ["1048576×1048576"]) { _ = try tall * wide }
    }

    @Test func blasRejectsSizesItCannotTake() {
        #expect(BLAS.gemm([1], [1], m: Int(Int32.max) + 1, n: 1, k: 1) == nil)
        #expect(BLAS.gemm([1, 2], [1], m: 1, n: 1, k: 1) == nil, "counts that do not match the sizes")
        #expect(BLAS.gemv([1], [1], m: 1, n: Int(Int32.max) + 1) == nil)
        #expect(BLAS.gemv([1, 2], [1], m: 1, n: 2) == nil)
        #expect(BLAS.gemm([2], [3], m: 1, n: 1, k: 1) == [6])
        #expect(BLAS.gemv([1, 2, 3, 4], [1, 1], m: 2, n: 2) == [3, 7])
        #expect(BLAS.gemv([1, 2, 3, 4], [1, 1], m: 2, n: 2, transposed: true) == [4, 6])
    }

    @Test func matrixVectorProduct() throws {
        #expect(try (m23 * Vector([1, 0, -1])).elements == [-2, -2])
        #expect(try (m32 * Vector([1, 2])).elements == [23, 29, 35])
        #expect(try m23.transposedTimes(Vector([1, 2])).elements == [9, 12, 15])
        expectMathError(.shape, mentioning: ["2×3", "length 2", "columns (3)"]) {
            _ = try m23 * Vector([1, 2])
        }
        expectMathError(.shape, mentioning: ["2×3", "length 3", "rows (2)"]) {
            _ = try m23.transposedTimes(Vector([1, 2, 3]))
        }
    }

    @Test func matrixVectorBlasAndLoopAgree() throws {
        let a = try Matrix.random(rows: 50, columns: 40, seed: 7)
        let v = Vector(try Matrix.random(rows: 1, columns: 40, seed: 8).elements)
        let w = Vector(try Matrix.random(rows: 1, columns: 50, seed: 9).elements)
        let loop = Matrix.loopProduct(a, v)
        let blas = try #require(BLAS.gemv(a.elements, v.elements, m: 50, n: 40))
        #expect(maxDifference(loop.elements, blas) < 1e-12)
        #expect(try (a * v).elements == blas, "50·40 is above the threshold")
        let column = try Matrix(rows: 40, columns: 1, elements: v.elements)
        #expect(maxDifference(try (a * column).elements, loop.elements) < 1e-12)
        let transposedLoop = a.loopTransposedProduct(w)
        let transposedBlas = try #require(BLAS.gemv(a.elements, w.elements, m: 50, n: 40, transposed: true))
        #expect(maxDifference(transposedLoop.elements, transposedBlas) < 1e-12)
        #expect(maxDifference(try a.transposedTimes(w).elements, try (a.transposed() * w).elements) < 1e-12)
        let small = try Matrix.random(rows: 3, columns: 4, seed: 10)
        let x = Vector([1, -2, 0.5, 3])
        #expect(try (small * x) == Matrix.loopProduct(small, x), "3·4 is below the threshold")
    }

    // MARK: - Elementwise arithmetic

    @Test func elementwiseArithmetic() throws {
        let b = try Matrix(rowArrays: [[2, 4, 6], [8, 10, 12]])
        #expect(try (m23 + b).rowArrays == [[3, 6, 9], [12, 15, 18]])
        #expect(try (b - m23).rowArrays == [[1, 2, 3], [4, 5, 6]])
        #expect(try m23.hadamard(b).rowArrays == [[2, 8, 18], [32, 50, 72]])
        #expect(try (b / m23).rowArrays == [[2, 2, 2], [2, 2, 2]])
        #expect(try (m23 + b).shape == [2, 3])
    }

    @Test func elementwiseShapeMismatchNamesBothShapes() {
        expectMathError(.shape, mentioning: ["add", "2×3", "3×2"]) { _ = try m23 + m32 }
        expectMathError(.shape, mentioning: ["subtract", "3×2 matrix from a 2×3"]) { _ = try m23 - m32 }
        expectMathError(.shape, mentioning: ["multiply", "2×3", "3×2", "elementwise"]) {
            _ = try m23.hadamard(m32)
        }
        expectMathError(.shape, mentioning: ["divide", "3×2", "2×3"]) { _ = try m32 / m23 }
        // Same element count, different shape: still an error.
        expectMathError(.shape, mentioning: ["1×6", "2×3"]) {
            _ = try Matrix(rows: 1, columns: 6, repeating: 1) + m23
        }
    }

    @Test func scalarsBroadcastOnBothSides() {
        #expect((m23 + 1).rowArrays == [[2, 3, 4], [5, 6, 7]])
        #expect((1 + m23).rowArrays == [[2, 3, 4], [5, 6, 7]])
        #expect((m23 - 1).rowArrays == [[0, 1, 2], [3, 4, 5]])
        #expect((10 - m23).rowArrays == [[9, 8, 7], [6, 5, 4]])
        #expect((m23 * 2).rowArrays == [[2, 4, 6], [8, 10, 12]])
        #expect((0.5 * m23).rowArrays == [[0.5, 1, 1.5], [2, 2.5, 3]])
        #expect((m23 / 2).rowArrays == [[0.5, 1, 1.5], [2, 2.5, 3]])
        #expect((60 / m23).rowArrays == [[60, 30, 20], [15, 12, 10]])
        #expect((-m23).rowArrays == [[-1, -2, -3], [-4, -5, -6]])
        #expect((m23 * 2).shape == [2, 3])
    }

    @Test func reductions() throws {
        let m = try Matrix(rowArrays: [[3, -1], [4, 1.5]])
        #expect(m.sum() == 7.5)
        #expect(try m.mean() == 1.875)
        #expect(try m.max() == 4)
        #expect(try m.min() == -1)
        let empty = try Matrix(rows: 0, columns: 3, repeating: 0)
        #expect(empty.sum() == 0)
        expectMathError(.value, mentioning: ["mean", "0×3"]) { _ = try empty.mean() }
        expectMathError(.value, mentioning: ["maximum", "0×3"]) { _ = try empty.max() }
        expectMathError(.value, mentioning: ["minimum", "0×3"]) { _ = try empty.min() }
    }

    @Test func mapKeepsTheShapeAndRethrows() throws {
        let squared = m23.map { $0 * $0 }
        #expect(squared.shape == [2, 3])
        #expect(squared.rowArrays == [[1, 4, 9], [16, 25, 36]])
        struct Stop: Error {}
        #expect(throws: Stop.self) { _ = try m23.map { _ in throw Stop() } }
    }

    @Test func equalityComparesShapeAndElements() throws {
        #expect(try Matrix(rows: 2, columns: 3, repeating: 1) == Matrix(rows: 2, columns: 3, repeating: 1))
        #expect(try Matrix(rows: 2, columns: 3, repeating: 1) != Matrix(rows: 3, columns: 2, repeating: 1))
        #expect(try Matrix(rows: 1, columns: 1, repeating: 1) != Matrix(rows: 1, columns: 1, repeating: 2))
    }
}
