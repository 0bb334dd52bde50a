/// An error from a math operation on bad input.
///
/// The math never traps on what its callers pass in: anything that can go
/// wrong with an input (mismatched shapes, negative sizes, an index out of
/// range, an empty reduction) is reported as a `MathError`. The language
/// maps ``Kind/shape`` to its `ShapeError` and ``Kind/value`` to its
/// `ValueError` (or `RuntimeError` for indices, as it sees fit).
public struct MathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in the categories the language reports.
    public enum Kind: Sendable, Equatable {
        /// The operands' shapes do not fit the operation; the message names both shapes.
        case shape
        /// An argument's value is unusable: a negative size, an index out of range, an empty input.
        case value
    }

    /// Which category of error this is.
    public let kind: Kind

    /// A one-line message that says what went wrong and what to do.
    public let message: String

    /// Creates an error of the given kind with a one-line message.
    ///
    /// - Parameters:
    ///   - kind: The category of the error.
    ///   - message: One line that says what went wrong and what to do;
    ///     shape errors name both shapes, e.g. "2×3" and "3×2".
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message, as it is shown to the user.
    public var description: String { message }
}

extension MathError {
    /// Text for a matrix shape, with the multiplication sign: "2×3".
    static func shapeText(_ rows: Int, _ columns: Int) -> String {
        "\(rows)×\(columns)"
    }

    /// The number of elements of a `rows × columns` matrix, or a `.value` error
    /// when a size is negative or the matrix would be larger than
    /// ``Matrix/maximumElementCount`` (which also keeps `rows * columns`
    /// from overflowing).
    static func elementCount(rows: Int, columns: Int) throws -> Int {
        let limit = Matrix.maximumElementCount
        guard rows >= 0 else {
            throw MathError(
                .value, "cannot make a matrix with \(rows) rows: the number of rows must be 0 or more")
        }
        guard columns >= 0 else {
            throw MathError(
                .value,
                "cannot make a matrix with \(columns) columns: the number of columns must be 0 or more")
        }
        guard rows <= limit, columns <= limit,
            case (let count, false) = rows.multipliedReportingOverflow(by: columns), count <= limit
        else {
            throw MathError(
                .value,
                "cannot make a \(shapeText(rows, columns)) matrix: it would have more than \(limit) elements, the most a matrix may hold; use smaller sizes"
            )
        }
        return count
    }
}
