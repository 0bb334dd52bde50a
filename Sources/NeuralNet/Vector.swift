/// A column of `Double`s: an activation a^l, a pre-activation z^l, a delta δ^l.
///
/// A value type like Swift's arrays. Every operation that can fail on its
/// input throws a ``MathError`` instead of trapping.
public struct Vector: Sendable, Equatable, CustomStringConvertible {
    /// The elements, in order; index k is node k.
    public var elements: [Double]

    /// The lecture's name for this vector when it was read out of a network or a pass (b^1,
    /// δ^2), for display titles; nil otherwise. Not part of the value: `==` ignores it.
    public var notation: Notation?

    /// Equal elements (the ``notation`` does not count).
    public static func == (a: Vector, b: Vector) -> Bool {
        a.elements == b.elements
    }

    /// Creates a vector holding the given elements.
    public init(_ elements: [Double]) {
        self.elements = elements
    }

    /// Creates a vector of `count` copies of `value`.
    ///
    /// - Throws: ``MathError/Kind/value`` when `count` is negative or larger
    ///   than ``Matrix/maximumElementCount``.
    public init(repeating value: Double, count: Int) throws {
        guard count >= 0 else {
            throw MathError(.value, "cannot make a vector of length \(count): the length must be 0 or more")
        }
        guard count <= Matrix.maximumElementCount else {
            throw MathError(
                .value,
                "cannot make a vector of length \(count): the most a vector may hold is \(Matrix.maximumElementCount) elements"
            )
        }
        self.elements = [Double](repeating: value, count: count)
    }

    /// The number of elements.
    public var count: Int { elements.count }

    /// The vector printed the way Swift prints an array: `[1.0, 2.5]`.
    public var description: String { elements.description }

    /// The element at `index`, counting from 0.
    ///
    /// - Throws: ``MathError/Kind/value`` when `index` is out of range; the
    ///   message names the index and the length.
    public func element(at index: Int) throws -> Double {
        try checkIndex(index)
        return elements[index]
    }

    /// Replaces the element at `index`, counting from 0.
    ///
    /// - Throws: ``MathError/Kind/value`` when `index` is out of range.
    public mutating func setElement(_ v: Double, at index: Int) throws {
        try checkIndex(index)
        elements[index] = v
    }

    /// Throws unless `index` is a valid index of `elements`.
    private func checkIndex(_ index: Int) throws {
        guard index >= 0, index < elements.count else {
            let valid =
                elements.isEmpty ? "the vector is empty" : "use an index from 0 to \(elements.count - 1)"
            throw MathError(
                .value, "index \(index) is out of range for a vector of length \(elements.count): \(valid)")
        }
    }
}

// MARK: - Elementwise arithmetic

extension Vector {
    /// Throws a `.shape` error naming both lengths unless `a` and `b` have the same length.
    ///
    /// The message reads "cannot <verb> a vector of length 3 <preposition> a
    /// vector of length 2<suffix>: both must have the same length".
    private static func checkSameLength(
        _ a: Vector, _ b: Vector, _ verb: String, _ preposition: String, _ suffix: String = ""
    ) throws {
        guard a.count == b.count else {
            throw MathError(
                .shape,
                "cannot \(verb) a vector of length \(a.count) \(preposition) a vector of length \(b.count)\(suffix): both must have the same length"
            )
        }
    }

    /// The elementwise sum `a_k + b_k`.
    ///
    /// - Throws: ``MathError/Kind/shape`` when the lengths differ; the message names both.
    public static func + (a: Vector, b: Vector) throws -> Vector {
        try checkSameLength(a, b, "add", "and")
        return Vector(Elementwise.combine(a.elements, b.elements, +))
    }

    /// The elementwise difference `a_k − b_k`.
    ///
    /// - Throws: ``MathError/Kind/shape`` when the lengths differ; the message names both.
    public static func - (a: Vector, b: Vector) throws -> Vector {
        guard a.count == b.count else {
            throw MathError(
                .shape,
                "cannot subtract a vector of length \(b.count) from a vector of length \(a.count): both must have the same length"
            )
        }
        return Vector(Elementwise.combine(a.elements, b.elements, -))
    }

    /// The elementwise (Hadamard) product `a_k · b_k`, written a ⊙ b in the lecture.
    ///
    /// - Throws: ``MathError/Kind/shape`` when the lengths differ; the message names both.
    public static func * (a: Vector, b: Vector) throws -> Vector {
        try checkSameLength(a, b, "multiply", "by", " elementwise")
        return Vector(Elementwise.combine(a.elements, b.elements, *))
    }

    /// The elementwise quotient `a_k / b_k` (IEEE: dividing by 0 gives ±infinity or NaN).
    ///
    /// - Throws: ``MathError/Kind/shape`` when the lengths differ; the message names both.
    public static func / (a: Vector, b: Vector) throws -> Vector {
        try checkSameLength(a, b, "divide", "by", " elementwise")
        return Vector(Elementwise.combine(a.elements, b.elements, /))
    }

    /// Adds `s` to every element.
    public static func + (v: Vector, s: Double) -> Vector { Vector(Elementwise.apply(v.elements) { $0 + s }) }
    /// Adds every element to `s`.
    public static func + (s: Double, v: Vector) -> Vector { Vector(Elementwise.apply(v.elements) { s + $0 }) }
    /// Subtracts `s` from every element.
    public static func - (v: Vector, s: Double) -> Vector { Vector(Elementwise.apply(v.elements) { $0 - s }) }
    /// Subtracts every element from `s`: `s − v_k`.
    public static func - (s: Double, v: Vector) -> Vector { Vector(Elementwise.apply(v.elements) { s - $0 }) }
    /// Multiplies every element by `s`.
    public static func * (v: Vector, s: Double) -> Vector { Vector(Elementwise.apply(v.elements) { $0 * s }) }
    /// Multiplies `s` by every element.
    public static func * (s: Double, v: Vector) -> Vector { Vector(Elementwise.apply(v.elements) { s * $0 }) }
    /// Divides every element by `s`.
    public static func / (v: Vector, s: Double) -> Vector { Vector(Elementwise.apply(v.elements) { $0 / s }) }
    /// Divides `s` by every element: `s / v_k`.
    public static func / (s: Double, v: Vector) -> Vector { Vector(Elementwise.apply(v.elements) { s / $0 }) }

    /// Negates every element.
    public static prefix func - (v: Vector) -> Vector { Vector(Elementwise.apply(v.elements) { -$0 }) }
}

// MARK: - Products and reductions

extension Vector {
    /// The dot product Σ_k self_k · other_k.
    ///
    /// - Throws: ``MathError/Kind/shape`` when the lengths differ; the message names both.
    public func dot(_ other: Vector) throws -> Double {
        guard count == other.count else {
            throw MathError(
                .shape,
                "cannot take the dot product of a vector of length \(count) and a vector of length \(other.count): both must have the same length"
            )
        }
        return Elementwise.dot(elements, other.elements)
    }

    /// The outer product: a `self.count × other.count` matrix with entry (k, j) = self_k · other_j.
    ///
    /// This is ∂C/∂W^l = δ^l (a^(l−1))^T when `self` is δ^l and `other` is a^(l−1).
    /// The sizes come from two arrays that already exist, so the result's
    /// element count fits in memory's address range in practice; if it ever
    /// did not fit in an `Int`, the result would be an empty 0×0 matrix.
    public func outer(_ other: Vector) -> Matrix {
        let m = count
        let n = other.count
        guard case (let total, false) = m.multipliedReportingOverflow(by: n) else {
            return Matrix(unchecked: 0, 0, [])
        }
        let result = elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                [Double](unsafeUninitializedCapacity: total) { out, initialized in
                    var index = 0
                    for k in 0..<m {
                        let ak = a[k]
                        for j in 0..<n {
                            out[index] = ak * b[j]
                            index += 1
                        }
                    }
                    initialized = total
                }
            }
        }
        return Matrix(unchecked: m, n, result)
    }

    /// The sum of the elements (0 for an empty vector).
    public func sum() -> Double {
        Elementwise.sum(elements)
    }

    /// The mean of the elements.
    ///
    /// - Throws: ``MathError/Kind/value`` when the vector is empty.
    public func mean() throws -> Double {
        guard !elements.isEmpty else {
            throw MathError(.value, "cannot take the mean of an empty vector: it needs at least one element")
        }
        return sum() / Double(count)
    }

    /// The largest element (NaN if any element is NaN).
    ///
    /// - Throws: ``MathError/Kind/value`` when the vector is empty.
    public func max() throws -> Double {
        guard let result = Elementwise.maximum(elements) else {
            throw MathError(
                .value, "cannot take the maximum of an empty vector: it needs at least one element")
        }
        return result
    }

    /// The smallest element (NaN if any element is NaN).
    ///
    /// - Throws: ``MathError/Kind/value`` when the vector is empty.
    public func min() throws -> Double {
        guard let result = Elementwise.minimum(elements) else {
            throw MathError(
                .value, "cannot take the minimum of an empty vector: it needs at least one element")
        }
        return result
    }

    /// A vector of `f` applied to each element, in order.
    public func map(_ f: (Double) throws -> Double) rethrows -> Vector {
        Vector(try elements.map(f))
    }
}
