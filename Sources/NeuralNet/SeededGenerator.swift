#if canImport(Glibc)
    // For libm: `squareRoot()` compiles to `sqrtsd` with a call to libm's
    // `sqrt` on the negative-input path, so every binary using this module
    // must link libm, and importing Glibc autolinks it. No libm function is
    // called for its value (see ``PortableMath``).
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// SplitMix64: portable seeded generator, same sequence on every machine.
///
/// The algorithm of Steele, Lea and Flood ("Fast splittable pseudorandom
/// number generators", 2014), as in Vigna's reference `splitmix64.c`: the
/// state advances by the golden-ratio constant and each output is a mix of
/// the state. Its wrapping arithmetic is part of the definition. Doubles
/// are derived with exact operations only (and ``PortableMath`` for the
/// Gaussian), so seeds give bit-identical numbers on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The state: the seed plus the number of outputs so far times the increment, modulo 2^64.
    private var state: UInt64

    /// Creates a generator whose first output depends only on `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform `Double` in [0, 1) from the top 53 bits of ``next()``.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform `Double` in [lo, hi): `lo + (hi − lo) · u` for one ``nextUniform()`` draw u.
    ///
    /// When rounding would give `hi` itself, the result is the largest
    /// `Double` below `hi`. With `hi <= lo` the same formula applies (a
    /// value between `hi` and `lo`, or `lo` when they are equal).
    public mutating func nextUniform(in lo: Double, _ hi: Double) -> Double {
        let value = lo + (hi - lo) * nextUniform()
        if lo < hi, value >= hi {
            return hi.nextDown
        }
        return value
    }

    /// A standard normal `Double` (mean 0, standard deviation 1) by the Box–Muller transform.
    ///
    /// Uses two ``nextUniform()`` draws per call, u₁ then u₂, and returns
    /// √(−2 ln(1 − u₁)) · cos(2π u₂); 1 − u₁ is in (0, 1], so the
    /// logarithm is finite. The logarithm and cosine are ``PortableMath``'s,
    /// built from exactly rounded operations only, so a seed gives the same
    /// numbers on every machine.
    public mutating func nextGaussian() -> Double {
        let u1 = 1.0 - nextUniform()
        let u2 = nextUniform()
        let radius = (-2.0 * PortableMath.log(u1)).squareRoot()
        // + 0.0 turns a -0.0 (when u1 is 1) into 0.0.
        return radius * PortableMath.cosTwoPi(u2) + 0.0
    }
}

extension SeededGenerator {
    /// A uniform index in 0..<n; 0 when n ≤ 1. Lemire's multiply-and-reject method.
    ///
    /// Draws x = ``next()`` and takes the high 64 bits of x · n; when the low 64 bits fall
    /// below 2⁶⁴ mod n the draw is rejected and repeated, so every index is exactly equally
    /// likely. Written out here because the standard library's algorithm may change between
    /// Swift versions, and seeds must give the same order everywhere.
    public mutating func nextIndex(below n: Int) -> Int {
        guard n > 1 else { return 0 }
        let range = UInt64(n)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Shuffles `elements` in place with the Fisher–Yates algorithm, from the last index down,
    /// drawing one ``nextIndex(below:)`` per position.
    public mutating func shuffle<T>(_ elements: inout [T]) {
        var i = elements.count - 1
        while i > 0 {
            let j = nextIndex(below: i + 1)
            elements.swapAt(i, j)
            i -= 1
        }
    }
}
