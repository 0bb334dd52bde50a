import CBLAS

/// The only place that calls OpenBLAS: row-major `dgemm` and `dgemv` on `[Double]` storage.
///
/// Each function returns nil instead of calling BLAS when a size is 0
/// (OpenBLAS rejects zero leading dimensions), does not fit in the `Int32`
/// that CBLAS takes, or does not match the arrays it describes; the caller
/// then uses its plain loop. Pointers never escape `withUnsafeBufferPointer`.
enum BLAS {
    /// The row-major product C = A·B of an `m × k` matrix A and a `k × n` matrix B.
    static func gemm(_ a: [Double], _ b: [Double], m: Int, n: Int, k: Int) -> [Double]? {
        guard m > 0, n > 0, k > 0,
            let m32 = Int32(exactly: m), let n32 = Int32(exactly: n), let k32 = Int32(exactly: k),
            case (let aCount, false) = m.multipliedReportingOverflow(by: k), aCount == a.count,
            case (let bCount, false) = k.multipliedReportingOverflow(by: n), bCount == b.count,
            case (let cCount, false) = m.multipliedReportingOverflow(by: n)
        else { return nil }
        // Zero-filled even though beta = 0 means C is not read: no uninitialized memory reaches BLAS.
        var c = [Double](repeating: 0, count: cCount)
        let called = a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp -> Bool in
                    guard let aBase = ap.baseAddress, let bBase = bp.baseAddress, let cBase = cp.baseAddress
                    else { return false }
                    cblas_dgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, m32, n32, k32,
                        1.0, aBase, k32, bBase, n32, 0.0, cBase, n32)
                    return true
                }
            }
        }
        return called ? c : nil
    }

    /// The row-major matrix–vector product y = A·x (or Aᵀ·x when `transposed`) of an `m × n` matrix A.
    ///
    /// `x` has `n` elements (or `m` when `transposed`); the result has `m` (or `n`).
    static func gemv(_ a: [Double], _ x: [Double], m: Int, n: Int, transposed: Bool = false) -> [Double]? {
        guard m > 0, n > 0,
            let m32 = Int32(exactly: m), let n32 = Int32(exactly: n),
            case (let aCount, false) = m.multipliedReportingOverflow(by: n), aCount == a.count,
            x.count == (transposed ? m : n)
        else { return nil }
        var y = [Double](repeating: 0, count: transposed ? n : m)
        let called = a.withUnsafeBufferPointer { ap in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp -> Bool in
                    guard let aBase = ap.baseAddress, let xBase = xp.baseAddress, let yBase = yp.baseAddress
                    else { return false }
                    cblas_dgemv(
                        CblasRowMajor, transposed ? CblasTrans : CblasNoTrans, m32, n32,
                        1.0, aBase, n32, xBase, 1, 0.0, yBase, 1)
                    return true
                }
            }
        }
        return called ? y : nil
    }
}

extension BLAS {
    /// Products below this many multiply-adds, or with an inner size below 4, use the loop.
    ///
    /// The same measured break-even as ``Matrix/gemmThreshold``: a BLAS call costs about
    /// 150 ns, which the loop beats on the tiny layers of teaching networks (2-3-1 on XOR).
    static let pointerGemmThreshold = 1024

    /// C = alpha · op(A) · op(B) + beta · C on row-major storage, where op transposes when asked.
    ///
    /// op(A) is `m × k`, op(B) is `k × n`, C is `m × n`; `lda`, `ldb`, `ldc` are the row
    /// lengths of the stored A, B and C. When beta is 0, C is only written, never read, so it
    /// may be uninitialized. The caller guarantees the pointers cover the sizes; this is the
    /// one unchecked routine under every layer's forward and backward pass.
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
        _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
        beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        let (work, overflow) = m.multipliedReportingOverflow(by: n)
        let large = !overflow && k >= 4 && (work.multipliedReportingOverflow(by: k).overflow || work * k >= pointerGemmThreshold)
        if large, let m32 = Int32(exactly: m), let n32 = Int32(exactly: n), let k32 = Int32(exactly: k),
            let lda32 = Int32(exactly: lda), let ldb32 = Int32(exactly: ldb), let ldc32 = Int32(exactly: ldc)
        {
            cblas_dgemm(
                CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m32, n32, k32, alpha, a, lda32, b, ldb32, beta, c, ldc32)
            return
        }
        for i in 0..<m {
            let row = c + i * ldc
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transA ? a[p * lda + i] : a[i * lda + p]
                    let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += x * y
                }
                row[j] = beta == 0 ? alpha * sum : alpha * sum + beta * row[j]
            }
        }
    }
}
