/// Loops over `[Double]` storage shared by ``Vector`` and ``Matrix``.
///
/// Callers check lengths before calling; these functions only read indices
/// that exist in both arrays, so a mismatch can never trap here.
enum Elementwise {
    /// `op(a[i], b[i])` for every index the two arrays share.
    @inline(__always)
    static func combine(_ a: [Double], _ b: [Double], _ op: (Double, Double) -> Double) -> [Double] {
        let count = Swift.min(a.count, b.count)
        return a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                [Double](unsafeUninitializedCapacity: count) { out, initialized in
                    for i in 0..<count {
                        out[i] = op(ap[i], bp[i])
                    }
                    initialized = count
                }
            }
        }
    }

    /// `op(a[i])` for every element, without the closure being able to throw.
    @inline(__always)
    static func apply(_ a: [Double], _ op: (Double) -> Double) -> [Double] {
        a.withUnsafeBufferPointer { ap in
            [Double](unsafeUninitializedCapacity: ap.count) { out, initialized in
                for i in 0..<ap.count {
                    out[i] = op(ap[i])
                }
                initialized = ap.count
            }
        }
    }

    /// The sum of the elements, added in order from the first (0 for none).
    static func sum(_ a: [Double]) -> Double {
        var total = 0.0
        for x in a {
            total += x
        }
        return total
    }

    /// The sum of `a[i] * b[i]` over the indices the two arrays share, in order.
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        let count = Swift.min(a.count, b.count)
        return a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                var total = 0.0
                for i in 0..<count {
                    total += ap[i] * bp[i]
                }
                return total
            }
        }
    }

    /// The largest element, NaN if any element is NaN, nil when empty.
    static func maximum(_ a: [Double]) -> Double? {
        guard var best = a.first else { return nil }
        for x in a {
            if x.isNaN { return x }
            if x > best { best = x }
        }
        return best
    }

    /// The smallest element, NaN if any element is NaN, nil when empty.
    static func minimum(_ a: [Double]) -> Double? {
        guard var best = a.first else { return nil }
        for x in a {
            if x.isNaN { return x }
            if x < best { best = x }
        }
        return best
    }
}
