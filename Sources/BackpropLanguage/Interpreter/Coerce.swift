import NeuralNet

/// Conversions of values to what an operation expects: numbers, vectors, matrices, sequences.
///
/// Arrays of numbers are vectors and arrays of equal-length rows are matrices wherever one is expected.
enum Coerce {
    /// A number as a Double (Int promotes).
    static func double(_ value: Value, at range: SourceRange, what: String = "argument") throws -> Double {
        switch value {
        case .double(let number): return number
        case .int(let number): return Double(number)
        default: throw Diagnostic(.typeError, "expected a number for the \(what), found a value of type '\(value.typeName)'", at: range)
        }
    }

    /// An Int (Doubles are not silently truncated).
    static func int(_ value: Value, at range: SourceRange, what: String = "argument") throws -> Int {
        switch value {
        case .int(let number): return number
        case .double(let number):
            throw Diagnostic(.typeError, "expected an Int for the \(what), found the Double \(number); convert it with Int(x)", at: range)
        default: throw Diagnostic(.typeError, "expected an Int for the \(what), found a value of type '\(value.typeName)'", at: range)
        }
    }

    /// A Bool.
    static func bool(_ value: Value, at range: SourceRange, what: String = "condition") throws -> Bool {
        if case .bool(let flag) = value { return flag }
        throw Diagnostic(.typeError, "the \(what) must be a Bool, found a value of type '\(value.typeName)'; compare explicitly, e.g. x != 0", at: range)
    }

    /// Whether every element is an Int or a Double.
    static func isNumeric(_ elements: [Value]) -> Bool {
        for element in elements {
            switch element {
            case .int, .double: continue
            default: return false
            }
        }
        return true
    }

    /// Whether every element is an Int.
    static func isIntegral(_ elements: [Value]) -> Bool {
        for element in elements {
            if case .int = element { continue }
            return false
        }
        return true
    }

    /// The elements of an array literal with Swift's numeric literal typing: when the numbers in
    /// it (at any depth) mix Ints and Doubles, every Int becomes a Double, so `[1, 2.5]` and
    /// `[[1, 2], [3.5, 4]]` hold only Doubles. Arrays with anything but numbers are unchanged.
    static func unifyingNumbers(_ elements: [Value]) -> [Value] {
        var sawInt = false, sawDouble = false
        guard scanNumbers(elements, &sawInt, &sawDouble), sawInt, sawDouble else { return elements }
        return promotingInts(elements)
    }

    /// Whether a value is a Double, or holds Doubles where its first number is (a vector, a
    /// matrix, an array starting with a Double): storing an Int next to it makes the Int a Double.
    static func isDoubleLike(_ value: Value) -> Bool {
        switch value {
        case .double, .vector, .matrix: return true
        case .array(let elements): return elements.first.map(isDoubleLike) ?? false
        default: return false
        }
    }

    /// The value with its Ints made Doubles, when it is an Int or an array of numbers; else unchanged.
    /// Used where a value joins Doubles (`a.append(2)` or `a[0] = 1` on an array of Doubles), as in Swift.
    static func withIntsAsDoubles(_ value: Value) -> Value {
        switch value {
        case .int(let number): return .double(Double(number))
        case .array(let elements):
            var sawInt = false, sawDouble = false
            guard scanNumbers(elements, &sawInt, &sawDouble), sawInt else { return value }
            return .array(promotingInts(elements))
        default: return value
        }
    }

    /// Whether every leaf is a number (or vector, matrix); notes which kinds of numbers it saw.
    private static func scanNumbers(_ elements: [Value], _ sawInt: inout Bool, _ sawDouble: inout Bool) -> Bool {
        for element in elements {
            switch element {
            case .int: sawInt = true
            case .double, .vector, .matrix: sawDouble = true
            case .array(let inner): if !scanNumbers(inner, &sawInt, &sawDouble) { return false }
            default: return false
            }
        }
        return true
    }

    private static func promotingInts(_ elements: [Value]) -> [Value] {
        elements.map { element in
            switch element {
            case .int(let number): return .double(Double(number))
            case .array(let inner): return .array(promotingInts(inner))
            default: return element
            }
        }
    }

    /// Whether a value reads as a vector: a Vector or a non-nested array of numbers.
    static func isVectorLike(_ value: Value) -> Bool {
        switch value {
        case .vector: return true
        case .array(let elements): return isNumeric(elements)
        default: return false
        }
    }

    /// Whether a value reads as a matrix: a Matrix or a non-empty array whose elements are all vectors.
    static func isMatrixLike(_ value: Value) -> Bool {
        switch value {
        case .matrix: return true
        case .array(let rows):
            guard !rows.isEmpty else { return false }
            for row in rows where !isVectorLike(row) { return false }
            return true
        default: return false
        }
    }

    /// A vector from a Vector, an array of numbers or a range.
    static func vector(_ value: Value, at range: SourceRange, what: String = "argument") throws -> Vector {
        switch value {
        case .vector(let vector): return vector
        case .array(let elements):
            var doubles: [Double] = []
            doubles.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                switch element {
                case .double(let number): doubles.append(number)
                case .int(let number): doubles.append(Double(number))
                default:
                    throw Diagnostic(.typeError, "expected a vector (an array of numbers) for the \(what), but element \(index) has type '\(element.typeName)'", at: range)
                }
            }
            return Vector(doubles)
        case .range:
            return Vector(try elements(value, at: range).compactMap(\.asDouble))
        default:
            throw Diagnostic(.typeError, "expected a vector (an array of numbers) for the \(what), found a value of type '\(value.typeName)'", at: range)
        }
    }

    /// A matrix from a Matrix or an array of equal-length rows of numbers.
    static func matrix(_ value: Value, at range: SourceRange, what: String = "argument") throws -> Matrix {
        switch value {
        case .matrix(let matrix): return matrix
        case .array(let rows):
            // Rows of plain numbers go straight into one row-major buffer: no array per row.
            if case .array(let first) = rows.first, let elements = flatRows(rows, columns: first.count) {
                return try math(range) { try Matrix(rows: rows.count, columns: first.count, elements: elements) }
            }
            var arrays: [[Double]] = []
            arrays.reserveCapacity(rows.count)
            for row in rows {
                switch row {
                case .array, .vector: arrays.append(try vector(row, at: range, what: what).elements)
                default:
                    throw Diagnostic(.typeError, "expected a matrix (an array of rows of numbers) for the \(what), found a row of type '\(row.typeName)'", at: range)
                }
            }
            return try math(range) { try Matrix(rowArrays: arrays) }
        default:
            throw Diagnostic(.typeError, "expected a matrix (an array of rows of numbers) for the \(what), found a value of type '\(value.typeName)'", at: range)
        }
    }

    /// The elements of rows that are all arrays of `columns` Ints or Doubles, row after row;
    /// nil for anything else (the general path then reports what is wrong).
    private static func flatRows(_ rows: [Value], columns: Int) -> [Double]? {
        let (count, overflow) = rows.count.multipliedReportingOverflow(by: columns)
        guard !overflow, count <= Matrix.maximumElementCount else { return nil }
        var elements: [Double] = []
        elements.reserveCapacity(count)
        for row in rows {
            guard case .array(let items) = row, items.count == columns else { return nil }
            for item in items {
                switch item {
                case .double(let number): elements.append(number)
                case .int(let number): elements.append(Double(number))
                default: return nil
                }
            }
        }
        return elements
    }

    /// The elements a `for` loop or a sequence method visits.
    static func elements(_ value: Value, at range: SourceRange, limit: Int = 1 << 26) throws -> [Value] {
        switch value {
        case .array(let elements): return elements
        case .vector(let vector): return vector.elements.map(Value.double)
        case .matrix(let matrix):
            var rows: [Value] = []
            rows.reserveCapacity(matrix.rows)
            for row in 0..<matrix.rows {
                let start = row * matrix.columns
                rows.append(.vector(Vector(Array(matrix.elements[start..<(start + matrix.columns)]))))
            }
            return rows
        case .range(let lower, let upper, let closed):
            let count = try rangeCount(lower, upper, closed, at: range)
            if count > limit {
                throw Diagnostic(.resourceError, "allocation limit: one array may hold at most \(limit) elements, this range has \(count)", at: range)
            }
            var out: [Value] = []
            out.reserveCapacity(count)
            var index = lower
            for _ in 0..<count {
                out.append(.int(index))
                index &+= 1
            }
            return out
        case .string(let text): return text.map { .string(String($0)) }
        default:
            throw Diagnostic(.typeError, "a value of type '\(value.typeName)' is not a sequence; loop over an array, a range, a vector, a matrix or a string", at: range)
        }
    }

    /// The number of integers in a range, or a RuntimeError if it does not fit in an Int.
    static func rangeCount(_ lower: Int, _ upper: Int, _ closed: Bool, at range: SourceRange) throws -> Int {
        let (difference, overflow) = upper.subtractingReportingOverflow(lower)
        if overflow { throw Diagnostic(.runtimeError, "the range \(lower)\(closed ? "..." : "..<")\(upper) has more elements than an Int can count", at: range) }
        if closed {
            let (count, overflow2) = difference.addingReportingOverflow(1)
            if overflow2 { throw Diagnostic(.runtimeError, "the range \(lower)...\(upper) has more elements than an Int can count", at: range) }
            return count
        }
        return difference
    }

    /// Runs a NeuralNet operation, turning its errors into located diagnostics.
    static func math<T>(_ range: SourceRange, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as MathError {
            throw Diagnostic(error.kind == .shape ? .shapeError : .valueError, error.message, at: range)
        }
    }
}
