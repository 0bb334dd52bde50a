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
