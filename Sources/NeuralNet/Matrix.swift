/// A dense matrix of `Double`s stored row-major: a weight matrix W^l, a batch of inputs.
///
/// W^l has one row per node k of layer l and one column per node j of layer
/// l−1, so `element(k, j)` is W^l_kj. A value type like Swift's arrays.
/// Every operation that can fail on its input throws a ``MathError``
/// instead of trapping.
public struct Matrix: Sendable, Equatable, CustomStringConvertible {
    /// The number of rows (nodes k of the receiving layer, for a weight matrix).
    public let rows: Int

    /// The number of columns (nodes j of the emitting layer, for a weight matrix).
    public let columns: Int

    /// The elements in row-major order: element (r, c) is at `r * columns + c`.
    ///
    /// The count is always `rows * columns`. Assigning an array of another
    /// count is a programming error; to stay crash-free the matrix keeps its
    /// shape and truncates the array or pads it with zeros. To change the
    /// shape, make a new matrix with ``init(rows:columns:elements:)``, which
    /// checks. Mutating single elements in place (`m.elements[i] = x`) does
    /// not copy the storage when it is uniquely referenced.
    public var elements: [Double] {
        get { storage }
        set {
            storage = newValue
            keepCount()
        }
        _modify {
            // In place: `m.elements[i] = x` and `withUnsafeMutableBufferPointer` do not copy.
            defer { keepCount() }
            yield &storage
        }
    }

    /// The elements; `storage.count == rows * columns` after every public mutation.
    private var storage: [Double]

    /// The lecture's name for this matrix when it was read out of a network or a pass (W^1),
    /// for display titles; nil otherwise. Not part of the value: `==` ignores it.
    public var notation: Notation?

    /// Equal shapes and equal elements (the ``notation`` does not count).
    public static func == (a: Matrix, b: Matrix) -> Bool {
        a.rows == b.rows && a.columns == b.columns && a.storage == b.storage
    }

    /// The most elements (and the most rows or columns) a matrix made here may have: 2^27, 1 GiB of `Double`s.
    ///
    /// A backstop so that no size a user types can exhaust memory or
    /// overflow `rows * columns`: the initializers, ``identity(_:)``,
    /// ``random(rows:columns:seed:)``, products and
    /// ``Vector/init(repeating:count:)`` throw ``MathError/Kind/value``
    /// above it. The language may enforce a smaller limit of its own first.
    /// ``Vector/outer(_:)`` does not throw: check `a.count * b.count` before calling it.
    public static let maximumElementCount = 1 << 27

    /// Creates a matrix of the given size filled with `value`.
    ///
    /// - Throws: ``MathError/Kind/value`` when a size is negative or the
    ///   matrix would have more than ``maximumElementCount`` elements.
    public init(rows: Int, columns: Int, repeating value: Double) throws {
        let count = try MathError.elementCount(rows: rows, columns: columns)
        self.init(unchecked: rows, columns, [Double](repeating: value, count: count))
    }

    /// Creates a matrix of the given size from its elements in row-major order.
    ///
    /// - Throws: ``MathError/Kind/value`` when a size is negative or too
    ///   large; ``MathError/Kind/shape`` when `elements.count` is not
    ///   `rows * columns`.
    public init(rows: Int, columns: Int, elements: [Double]) throws {
        let count = try MathError.elementCount(rows: rows, columns: columns)
        guard elements.count == count else {
            throw MathError(
                .shape,
                "cannot make a \(MathError.shapeText(rows, columns)) matrix from \(elements.count) elements: it needs rows × columns = \(count)"
            )
        }
        self.init(unchecked: rows, columns, elements)
    }

    /// Creates a matrix from an array of rows; `[]` is the 0×0 matrix.
    ///
    /// - Throws: ``MathError/Kind/shape`` when the rows have different
    ///   lengths; the message names the first row that differs, its length
    ///   and the length of row 0.
    public init(rowArrays: [[Double]]) throws {
        guard let first = rowArrays.first else {
            self.init(unchecked: 0, 0, [])
            return
        }
        let columns = first.count
        for (index, row) in rowArrays.enumerated() where row.count != columns {
            throw MathError(
                .shape,
                "row \(index) has \(row.count) element\(row.count == 1 ? "" : "s") but row 0 has \(columns): every row of a matrix must have the same length"
            )
        }
        let count = try MathError.elementCount(rows: rowArrays.count, columns: columns)
        var elements: [Double] = []
        elements.reserveCapacity(count)
        for row in rowArrays {
            elements.append(contentsOf: row)
        }
        self.init(unchecked: rowArrays.count, columns, elements)
    }

    /// Creates a matrix whose shape and element count the caller has already checked.
    init(unchecked rows: Int, _ columns: Int, _ elements: [Double]) {
        self.rows = rows
        self.columns = columns
        self.storage = elements
    }

    /// Restores `storage.count == rows * columns` after a caller assigned an array of another count.
    private mutating func keepCount() {
        let count = rows * columns
        if storage.count != count {
            storage = Matrix.fitted(storage, to: count)
        }
    }

    /// `elements` cut or zero-padded to `count`, keeping the leading elements.
    private static func fitted(_ elements: [Double], to count: Int) -> [Double] {
        if elements.count > count {
            return Array(elements.prefix(count))
        }
        return elements + [Double](repeating: 0, count: count - elements.count)
    }

    /// The `n × n` identity matrix: ones on the diagonal, zeros elsewhere.
    ///
    /// - Throws: ``MathError/Kind/value`` when `n` is negative or too large.
    public static func identity(_ n: Int) throws -> Matrix {
        guard n >= 0 else {
            throw MathError(.value, "cannot make an identity matrix of size \(n): the size must be 0 or more")
        }
        var m = try Matrix(rows: n, columns: n, repeating: 0)
        m.elements.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<n {
                buffer[i * n + i] = 1
            }
        }
        return m
    }

    /// A matrix of numbers drawn uniformly from [-1, 1) by a ``SeededGenerator``, row by row.
    ///
    /// The same seed gives the same matrix on every machine.
    ///
    /// - Throws: ``MathError/Kind/value`` when a size is negative or too large.
    public static func random(rows: Int, columns: Int, seed: UInt64) throws -> Matrix {
        let count = try MathError.elementCount(rows: rows, columns: columns)
        var generator = SeededGenerator(seed: seed)
        let elements = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                buffer[i] = generator.nextUniform(in: -1, 1)
            }
            initialized = count
        }
        return Matrix(unchecked: rows, columns, elements)
    }

    /// The shape `[rows, columns]`.
    public var shape: [Int] { [rows, columns] }

    /// The shape as text with the multiplication sign, e.g. "2×3", as error messages write it.
    public var shapeDescription: String { MathError.shapeText(rows, columns) }

    /// The matrix printed as nested arrays, the way Swift prints `[[Double]]`: `[[1.0, 2.0], [3.0, 4.0]]`.
    public var description: String { rowArrays.description }
}

// MARK: - Elements, rows and columns

extension Matrix {
    /// The element in row `row`, column `column`, both counting from 0 (W^l_kj is `element(k, j)`).
    ///
    /// - Throws: ``MathError/Kind/value`` when either index is out of range.
    public func element(_ row: Int, _ column: Int) throws -> Double {
        try checkIndex(row, column)
        return elements[row * columns + column]
    }

    /// Replaces the element in row `row`, column `column`.
    ///
    /// - Throws: ``MathError/Kind/value`` when either index is out of range.
    public mutating func setElement(_ v: Double, _ row: Int, _ column: Int) throws {
        try checkIndex(row, column)
        elements[row * columns + column] = v
    }

    /// Row `index` as a vector (for a weight matrix: the weights into node k).
    ///
    /// - Throws: ``MathError/Kind/value`` when `index` is out of range.
    public func row(_ index: Int) throws -> Vector {
        try checkRow(index)
        let start = index * columns
        return Vector(Array(elements[start..<(start + columns)]))
    }

    /// Replaces row `index` with the elements of `v`.
    ///
    /// - Throws: ``MathError/Kind/value`` when `index` is out of range;
    ///   ``MathError/Kind/shape`` when `v.count` is not `columns`.
    public mutating func setRow(_ index: Int, _ v: Vector) throws {
        try checkRow(index)
        guard v.count == columns else {
            throw MathError(
                .shape,
                "cannot set a row of a \(shapeDescription) matrix to a vector of length \(v.count): the row needs \(columns) elements"
            )
        }
        let start = index * columns
        elements.replaceSubrange(start..<(start + columns), with: v.elements)
    }

    /// Column `index` as a vector (for a weight matrix: the weights out of node j).
    ///
    /// - Throws: ``MathError/Kind/value`` when `index` is out of range.
    public func column(_ index: Int) throws -> Vector {
        guard index >= 0, index < columns else {
            throw MathError(
                .value,
                "column \(index) is out of range for a \(shapeDescription) matrix: \(Matrix.validRange(columns, "column"))"
            )
        }
        var result: [Double] = []
        result.reserveCapacity(rows)
        for r in 0..<rows {
            result.append(elements[r * columns + index])
        }
        return Vector(result)
    }

    /// The rows as arrays, e.g. `[[1.0, 2.0], [3.0, 4.0]]`.
    public var rowArrays: [[Double]] {
        (0..<rows).map { r in
            let start = r * columns
            return Array(elements[start..<(start + columns)])
        }
    }

    /// The transpose: a `columns × rows` matrix with element (j, k) = self (k, j).
    public func transposed() -> Matrix {
        let m = rows
        let n = columns
        let result = elements.withUnsafeBufferPointer { source in
            [Double](unsafeUninitializedCapacity: source.count) { out, initialized in
                for r in 0..<m {
                    for c in 0..<n {
                        out[c * m + r] = source[r * n + c]
                    }
                }
                initialized = source.count
            }
        }
        return Matrix(unchecked: n, m, result)
    }

    /// Throws unless (row, column) is inside the matrix.
    private func checkIndex(_ row: Int, _ column: Int) throws {
        guard row >= 0, row < rows, column >= 0, column < columns else {
            let valid =
                rows == 0 || columns == 0
                ? "it has no elements"
                : "rows go from 0 to \(rows - 1) and columns from 0 to \(columns - 1)"
            throw MathError(
                .value, "index [\(row), \(column)] is out of range for a \(shapeDescription) matrix: \(valid)"
            )
        }
    }

    /// Throws unless `index` is a row of the matrix.
    private func checkRow(_ index: Int) throws {
        guard index >= 0, index < rows else {
            throw MathError(
                .value,
                "row \(index) is out of range for a \(shapeDescription) matrix: \(Matrix.validRange(rows, "row"))"
            )
        }
    }

    /// "rows go from 0 to 2", or "it has no rows" when `count` is 0.
    private static func validRange(_ count: Int, _ noun: String) -> String {
        count == 0 ? "it has no \(noun)s" : "\(noun)s go from 0 to \(count - 1)"
    }
}
