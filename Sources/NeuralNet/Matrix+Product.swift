// Matrix products: a plain loop for small sizes, OpenBLAS above a measured threshold.

extension Matrix {
    /// Matrix–matrix products with at least this many multiply-adds (rows × inner × columns) call `cblas_dgemm`.
    ///
    /// Measured in a release build on a 2-core AMD EPYC with Debian's
    /// OpenBLAS (pthreads; 1 or 2 threads made no difference at these
    /// sizes). A call costs about 150 ns, so the loop wins up to about 200
    /// multiply-adds (4×4·4×4: 100 vs 150 ns); BLAS leads by under 100 ns
    /// at 8×8·8×8 (512) and clearly from 1000 on: 2× at 16×16·16×16, 2.4×
    /// at 100×16·16×16, 4× at 128³.
    static let gemmThreshold = 1024

    /// Products whose inner size is below this use the loop at any size.
    ///
    /// With 1 or 2 inner columns (rank-1 or rank-2 updates, e.g. the 4×2·2×3
    /// of an XOR batch) the loop is up to 2× faster than `cblas_dgemm`
    /// (measured up to 200×1·1×200 and 256×2·2×16); from 4 on BLAS wins.
    static let gemmMinimumInner = 4

    /// Matrix–vector products with at least this many multiply-adds (rows × columns) call `cblas_dgemv`.
    ///
    /// Measured as above: break-even at 16×16 (256), BLAS 3× faster at
    /// 32×32 and 5–7× from 100×100 on (1.5–2× for the transposed product).
    static let gemvThreshold = 256

    /// The matrix product: a `rows × b.columns` matrix with (i, j) = Σ_p self(i, p) · b(p, j).
    ///
    /// Products of 0-sized matrices are correctly shaped zeros (a 2×0 by a
    /// 0×3 matrix is the 2×3 zero matrix).
    ///
    /// - Throws: ``MathError/Kind/shape`` when `a.columns != b.rows`; the
    ///   message names both shapes. ``MathError/Kind/value`` when the result
    ///   would have more than ``maximumElementCount`` elements.
    public static func * (a: Matrix, b: Matrix) throws -> Matrix {
        guard a.columns == b.rows else {
            throw MathError(
                .shape,
                "cannot multiply a \(a.shapeDescription) matrix by a \(b.shapeDescription) matrix: the left's columns (\(a.columns)) must equal the right's rows (\(b.rows))"
            )
        }
        let count = try MathError.elementCount(rows: a.rows, columns: b.columns)
        if count == 0 || a.columns == 0 {
            return Matrix(unchecked: a.rows, b.columns, [Double](repeating: 0, count: count))
        }
        if a.columns >= gemmMinimumInner,
            usesBLAS(multiplyAdds: a.rows, a.columns, b.columns, threshold: gemmThreshold),
            let product = blasProduct(a, b)
        {
            return product
        }
        return loopProduct(a, b)
    }

    /// The matrix–vector product: a vector of length `rows` with element i = Σ_j self(i, j) · v_j.
    ///
    /// This is z^l = W^l a^(l−1) (before adding b^l).
    ///
    /// - Throws: ``MathError/Kind/shape`` when `v.count != a.columns`; the
    ///   message names the matrix's shape and the vector's length.
    public static func * (a: Matrix, v: Vector) throws -> Vector {
        guard a.columns == v.count else {
            throw MathError(
                .shape,
                "cannot multiply a \(a.shapeDescription) matrix by a vector of length \(v.count): the matrix's columns (\(a.columns)) must equal the vector's length (\(v.count))"
            )
        }
        if usesBLAS(multiplyAdds: a.rows, a.columns, threshold: gemvThreshold),
            let y = BLAS.gemv(a.elements, v.elements, m: a.rows, n: a.columns)
        {
            return Vector(y)
        }
        return loopProduct(a, v)
    }

    /// The product of the transpose with a vector, Aᵀv, without forming Aᵀ.
    ///
    /// A vector of length `columns` with element j = Σ_k self(k, j) · v_k:
    /// the (W^(l+1))^T δ^(l+1) of backpropagation.
    ///
    /// - Throws: ``MathError/Kind/shape`` when `v.count != rows`; the message
    ///   names the matrix's shape and the vector's length.
    public func transposedTimes(_ v: Vector) throws -> Vector {
        guard rows == v.count else {
            throw MathError(
                .shape,
                "cannot multiply the transpose of a \(shapeDescription) matrix by a vector of length \(v.count): the matrix's rows (\(rows)) must equal the vector's length (\(v.count))"
            )
        }
        if Matrix.usesBLAS(multiplyAdds: rows, columns, threshold: Matrix.gemvThreshold),
            let y = BLAS.gemv(elements, v.elements, m: rows, n: columns, transposed: true)
        {
            return Vector(y)
        }
        return loopTransposedProduct(v)
    }

    /// Whether the product of the given sizes has at least `threshold` multiply-adds (true on overflow).
    static func usesBLAS(multiplyAdds sizes: Int..., threshold: Int) -> Bool {
        var total = 1
        for size in sizes {
            let (product, overflow) = total.multipliedReportingOverflow(by: size)
            if overflow { return true }
            total = product
        }
        return total >= threshold
    }

    /// `a * b` by `cblas_dgemm`, or nil when BLAS cannot take these sizes. Shapes must already match.
    static func blasProduct(_ a: Matrix, _ b: Matrix) -> Matrix? {
        guard a.columns == b.rows,
            let c = BLAS.gemm(a.elements, b.elements, m: a.rows, n: b.columns, k: a.columns)
        else { return nil }
        return Matrix(unchecked: a.rows, b.columns, c)
    }

    /// `a * b` by a plain i-p-j loop (contiguous inner loop). Shapes must already match.
    ///
    /// Returns the zero matrix of the right shape for mismatched shapes
    /// instead of reading out of bounds.
    static func loopProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        let m = a.rows
        let n = b.columns
        let k = Swift.min(a.columns, b.rows)
        guard case (let count, false) = m.multipliedReportingOverflow(by: n) else {
            return Matrix(unchecked: 0, 0, [])
        }
        var c = [Double](repeating: 0, count: count)
        guard a.columns == b.rows else { return Matrix(unchecked: m, n, c) }
        a.elements.withUnsafeBufferPointer { ap in
            b.elements.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    guard let aBase = ap.baseAddress, let bBase = bp.baseAddress, let cBase = cp.baseAddress
                    else { return }
                    // Row pointers advance by whole rows, so the inner loop indexes with j alone.
                    var aRow = aBase
                    var cRow = cBase
                    for _ in 0..<m {
                        var bRow = bBase
                        for p in 0..<k {
                            let aip = aRow[p]
                            for j in 0..<n {
                                cRow[j] += aip * bRow[j]
                            }
                            bRow += n
                        }
                        aRow += k
                        cRow += n
                    }
                }
            }
        }
        return Matrix(unchecked: m, n, c)
    }

    /// `a * v` by a plain loop. The shapes must already match (zeros otherwise).
    static func loopProduct(_ a: Matrix, _ v: Vector) -> Vector {
        let m = a.rows
        let n = a.columns
        var y = [Double](repeating: 0, count: m)
        guard v.count == n else { return Vector(y) }
        a.elements.withUnsafeBufferPointer { ap in
            v.elements.withUnsafeBufferPointer { vp in
                y.withUnsafeMutableBufferPointer { yp in
                    guard let aBase = ap.baseAddress, let vBase = vp.baseAddress else { return }
                    var aRow = aBase
                    for i in 0..<m {
                        var total = 0.0
                        for j in 0..<n {
                            total += aRow[j] * vBase[j]
                        }
                        yp[i] = total
                        aRow += n
                    }
                }
            }
        }
        return Vector(y)
    }

    /// `transposed() * v` by a plain loop. The shapes must already match (zeros otherwise).
    func loopTransposedProduct(_ v: Vector) -> Vector {
        let m = rows
        let n = columns
        var y = [Double](repeating: 0, count: n)
        guard v.count == m else { return Vector(y) }
        elements.withUnsafeBufferPointer { ap in
            v.elements.withUnsafeBufferPointer { vp in
                y.withUnsafeMutableBufferPointer { yp in
                    guard let aBase = ap.baseAddress, let yBase = yp.baseAddress else { return }
                    var aRow = aBase
                    for k in 0..<m {
                        let vk = vp[k]
                        for j in 0..<n {
                            yBase[j] += aRow[j] * vk
                        }
                        aRow += n
                    }
                }
            }
        }
        return Vector(y)
    }
}
