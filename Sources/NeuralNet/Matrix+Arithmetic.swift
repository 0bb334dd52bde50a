// Elementwise arithmetic, scalar broadcasting and reductions on matrices.

extension Matrix {
    /// Throws a `.shape` error naming both shapes unless `a` and `b` have the same shape.
    ///
    /// The message reads "cannot <verb> a 2×3 matrix <preposition> a 3×2
    /// matrix<suffix>: both must have the same shape".
    private static func checkSameShape(
        _ a: Matrix, _ b: Matrix, _ verb: String, _ preposition: String, _ suffix: String = ""
    ) throws {
        guard a.rows == b.rows, a.columns == b.columns else {
            throw MathError(
                .shape,
                "cannot \(verb) a \(a.shapeDescription) matrix \(preposition) a \(b.shapeDescription) matrix\(suffix): both must have the same shape"
            )
        }
    }

    /// A matrix of this shape holding `elements`, which has the same count as `self.elements`.
    private func withElements(_ elements: [Double]) -> Matrix {
        Matrix(unchecked: rows, columns, elements)
    }

    /// The elementwise sum.
    ///
    /// - Throws: ``MathError/Kind/shape`` when the shapes differ; the message names both.
    public static func + (a: Matrix, b: Matrix) throws -> Matrix {
        try checkSameShape(a, b, "add", "and")
        return a.withElements(Elementwise.combine(a.elements, b.elements, +))
    }

    /// The elementwise difference `a − b`.
    ///
    /// - Throws: ``MathError/Kind/shape`` when the shapes differ; the message names both.
    public static func - (a: Matrix, b: Matrix) throws -> Matrix {
        guard a.rows == b.rows, a.columns == b.columns else {
            throw MathError(
                .shape,
                "cannot subtract a \(b.shapeDescription) matrix from a \(a.shapeDescription) matrix: both must have the same shape"
            )
        }
        return a.withElements(Elementwise.combine(a.elements, b.elements, -))
    }

    /// The elementwise (Hadamard) product a ⊙ b; `*` between matrices is the matrix product.
    ///
    /// - Throws: ``MathError/Kind/shape`` when the shapes differ; the message names both.
    public func hadamard(_ b: Matrix) throws -> Matrix {
        try Matrix.checkSameShape(self, b, "multiply", "by", " elementwise")
        return withElements(Elementwise.combine(elements, b.elements, *))
    }

    /// The elementwise quotient (IEEE: dividing by 0 gives ±infinity or NaN).
    ///
    /// - Throws: ``MathError/Kind/shape`` when the shapes differ; the message names both.
    public static func / (a: Matrix, b: Matrix) throws -> Matrix {
        try checkSameShape(a, b, "divide", "by", " elementwise")
        return a.withElements(Elementwise.combine(a.elements, b.elements, /))
    }

    /// Adds `s` to every element.
    public static func + (m: Matrix, s: Double) -> Matrix {
        m.withElements(Elementwise.apply(m.elements) { $0 + s })
    }
    /// Adds every element to `s`.
    public static func + (s: Double, m: Matrix) -> Matrix {
        m.withElements(Elementwise.apply(m.elements) { s + $0 })
    }
    /// Subtracts `s` from every element.
    public static func - (m: Matrix, s: Double) -> Matrix {
        m.withElements(Elementwise.apply(m.elements) { $0 - s })
    }
    /// Subtracts every element from `s`: `s − m_kj`.
    public static func - (s: Double, m: Matrix) -> Matrix {
        m.withElements(Elementwise.apply(m.elements) { s - $0 })
    }
    /// Multiplies every element by `s`.
    public static func * (m: Matrix, s: Double) -> Matrix {
        m.withElements(Elementwise.apply(m.elements) { $0 * s })
    }
    /// Multiplies `s` by every element.
    public static func * (s: Double, m: Matrix) -> Matrix {
        m.withElements(Elementwise.apply(m.elements) { s * $0 })
    }
    /// Divides every element by `s`.
    public static func / (m: Matrix, s: Double) -> Matrix {
        m.withElements(Elementwise.apply(m.elements) { $0 / s })
    }
    /// Divides `s` by every element: `s / m_kj`.
    public static func / (s: Double, m: Matrix) -> Matrix {
        m.withElements(Elementwise.apply(m.elements) { s / $0 })
    }

    /// Negates every element.
    public static prefix func - (m: Matrix) -> Matrix {
        m.withElements(Elementwise.apply(m.elements) { -$0 })
    }

    /// The sum of all elements (0 for an empty matrix).
    public func sum() -> Double {
        Elementwise.sum(elements)
    }

    /// The mean of all elements.
    ///
    /// - Throws: ``MathError/Kind/value`` when the matrix has no elements.
    public func mean() throws -> Double {
        guard !elements.isEmpty else {
            throw MathError(
                .value, "cannot take the mean of a \(shapeDescription) matrix: it needs at least one element")
        }
        return sum() / Double(elements.count)
    }

    /// The largest element (NaN if any element is NaN).
    ///
    /// - Throws: ``MathError/Kind/value`` when the matrix has no elements.
    public func max() throws -> Double {
        guard let result = Elementwise.maximum(elements) else {
            throw MathError(
                .value,
                "cannot take the maximum of a \(shapeDescription) matrix: it needs at least one element")
        }
        return result
    }

    /// The smallest element (NaN if any element is NaN).
    ///
    /// - Throws: ``MathError/Kind/value`` when the matrix has no elements.
    public func min() throws -> Double {
        guard let result = Elementwise.minimum(elements) else {
            throw MathError(
                .value,
                "cannot take the minimum of a \(shapeDescription) matrix: it needs at least one element")
        }
        return result
    }

    /// A matrix of the same shape with `f` applied to each element, in row-major order.
    public func map(_ f: (Double) throws -> Double) rethrows -> Matrix {
        withElements(try elements.map(f))
    }
}
