import NeuralNet

/// The arithmetic, comparison and vector/matrix operators on values.
///
/// Int arithmetic is checked (overflow is an error, never a crash); Int mixes with Double by
/// promotion; between numeric arrays `+ - * /` are elementwise and `Matrix * Vector` and
/// `Matrix * Matrix` are products; a scalar broadcasts.
enum Operators {
    /// Applies a binary operator (not `&&`/`||`, which short-circuit, nor ranges).
    static func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange, runtime: Runtime) throws -> Value {
        switch op {
        case .add, .subtract, .multiply, .divide, .remainder:
            return try arithmetic(op, left, right, at: range, runtime: runtime)
        case .equal: return .bool(try equal(left, right, at: range))
        case .notEqual: return .bool(!(try equal(left, right, at: range)))
        case .less, .lessEqual, .greater, .greaterEqual:
            return .bool(try compare(op, left, right, at: range))
        case .and, .or:
            return .bool(try Coerce.bool(left, at: range, what: "left side of '\(op.rawValue)'")
                && Coerce.bool(right, at: range, what: "right side of '\(op.rawValue)'"))
        case .halfOpenRange, .closedRange:
            return try makeRange(left, right, closed: op == .closedRange, at: range)
        }
    }

    /// `lower..<upper` or `lower...upper` from Ints.
    static func makeRange(_ left: Value, _ right: Value, closed: Bool, at range: SourceRange) throws -> Value {
        let lower = try Coerce.int(left, at: range, what: "range's lower bound")
        let upper = try Coerce.int(right, at: range, what: "range's upper bound")
        if lower > upper {
            throw Diagnostic(.runtimeError, "a range's lower bound (\(lower)) must not exceed its upper bound (\(upper))", at: range)
        }
        if closed, upper == Int.max {
            throw Diagnostic(.runtimeError, "the closed range \(lower)...\(upper) ends past the largest Int; use ..< instead", at: range)
        }
        return .range(lower, upper, closed: closed)
    }

    // MARK: - Arithmetic

    @inline(__always)
    static func intArithmetic(_ op: BinaryOperator, _ a: Int, _ b: Int, at range: SourceRange) throws -> Int {
        let result: (partialValue: Int, overflow: Bool)
        switch op {
        case .add: result = a.addingReportingOverflow(b)
        case .subtract: result = a.subtractingReportingOverflow(b)
        case .multiply: result = a.multipliedReportingOverflow(by: b)
        case .divide:
            if b == 0 { throw Diagnostic(.runtimeError, "division by zero in Int division; check the divisor, or divide Doubles (which give inf)", at: range) }
            result = a.dividedReportingOverflow(by: b)
        case .remainder:
            if b == 0 { throw Diagnostic(.runtimeError, "division by zero in '%'; check the divisor", at: range) }
            result = a.remainderReportingOverflow(dividingBy: b)
        default:
            result = (0, true)
        }
        if result.overflow { throw overflow(op, a, b, at: range) }
        return result.partialValue
    }

    /// `x op y` for Ints when it cannot fail (no overflow, no division by zero); nil otherwise,
    /// and for ranges, so the caller takes the checked path that reports the error.
    @inline(__always)
    static func fastInt(_ op: BinaryOperator, _ x: Int, _ y: Int) -> Value? {
        switch op {
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            return o ? nil : .int(r)
        case .subtract:
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? nil : .int(r)
        case .multiply:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? nil : .int(r)
        case .divide, .remainder:
            if y == 0 || (x == Int.min && y == -1) { return nil }
            return .int(op == .divide ? x / y : x % y)
        case .less: return .bool(x < y)
        case .lessEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterEqual: return .bool(x >= y)
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        default: return nil
        }
    }

    @inline(never)
    static func overflow(_ op: BinaryOperator, _ a: Int, _ b: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(.runtimeError, "integer overflow: \(a) \(op.rawValue) \(b) does not fit in an Int; use Doubles for numbers this large", at: range)
    }

    @inline(__always)
    static func doubleArithmetic(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        default: return a.truncatingRemainder(dividingBy: b)
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange, runtime: Runtime) throws -> Value {
        switch (left, right) {
        case (.int(let a), .int(let b)): return .int(try intArithmetic(op, a, b, at: range))
        case (.double(let a), .double(let b)): return .double(doubleArithmetic(op, a, b))
        case (.int(let a), .double(let b)): return .double(doubleArithmetic(op, Double(a), b))
        case (.double(let a), .int(let b)): return .double(doubleArithmetic(op, a, Double(b)))
        case (.string(let a), .string(let b)) where op == .add:
            let joined = a + b
            try runtime.checkString(joined, range)
            return .string(joined)
        default:
            return try collectionArithmetic(op, left, right, at: range, runtime: runtime)
        }
    }

    private static func collectionArithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange, runtime: Runtime) throws -> Value {
        if op == .remainder {
            throw Diagnostic(.typeError, "'%' works on numbers, not on values of type '\(left.typeName)' and '\(right.typeName)'", at: range)
        }
        // Int arrays keep Int elements for + - * (checked), as Swift's element type would.
        if case .array(let a) = left, case .array(let b) = right, op != .divide,
           Coerce.isIntegral(a), Coerce.isIntegral(b), !a.isEmpty || !b.isEmpty {
            guard a.count == b.count else { throw lengthMismatch(op, a.count, b.count, at: range) }
            var out: [Value] = []
            out.reserveCapacity(a.count)
            for (x, y) in zip(a, b) {
                if case .int(let p) = x, case .int(let q) = y { out.append(.int(try intArithmetic(op, p, q, at: range))) }
            }
            return .array(out)
        }
        if case .int(let scalar) = left, case .array(let b) = right, op != .divide, Coerce.isIntegral(b) {
            return .array(try b.map { if case .int(let q) = $0 { return .int(try intArithmetic(op, scalar, q, at: range)) }; return $0 })
        }
        if case .array(let a) = left, case .int(let scalar) = right, op != .divide, Coerce.isIntegral(a) {
            return .array(try a.map { if case .int(let p) = $0 { return .int(try intArithmetic(op, p, scalar, at: range)) }; return $0 })
        }
        if let scalar = left.asDouble {
            if Coerce.isMatrixLike(right), !Coerce.isVectorLike(right) || isMatrixValue(right) {
                let m = try Coerce.matrix(right, at: range)
                return .matrix(m.map { doubleArithmetic(op, scalar, $0) })
            }
            if Coerce.isVectorLike(right) {
                let v = try Coerce.vector(right, at: range)
                return .vector(v.map { doubleArithmetic(op, scalar, $0) })
            }
        }
        if let scalar = right.asDouble {
            if Coerce.isMatrixLike(left), !Coerce.isVectorLike(left) || isMatrixValue(left) {
                let m = try Coerce.matrix(left, at: range)
                return .matrix(m.map { doubleArithmetic(op, $0, scalar) })
            }
            if Coerce.isVectorLike(left) {
                let v = try Coerce.vector(left, at: range)
                return .vector(v.map { doubleArithmetic(op, $0, scalar) })
            }
        }
        let leftMatrix = isMatrixShaped(left)
        let rightMatrix = isMatrixShaped(right)
        if leftMatrix || rightMatrix {
            guard Coerce.isMatrixLike(left) || Coerce.isVectorLike(left),
                  Coerce.isMatrixLike(right) || Coerce.isVectorLike(right) else {
                throw mismatch(op, left, right, at: range)
            }
            if op == .multiply {
                if leftMatrix && rightMatrix {
                    let a = try Coerce.matrix(left, at: range), b = try Coerce.matrix(right, at: range)
                    try runtime.checkSize(a.rows.multipliedReportingOverflow(by: b.columns).overflow ? -1 : a.rows * b.columns, range)
                    return .matrix(try product(a, b, at: range, runtime: runtime))
                }
                if leftMatrix {
                    let a = try Coerce.matrix(left, at: range), v = try Coerce.vector(right, at: range)
                    return .vector(try Coerce.math(range) { try a * v })
                }
                throw Diagnostic(.shapeError, "cannot multiply \(try shapeText(left, at: range)) by \(try shapeText(right, at: range)): Backprop's vectors are columns; write m.transposed() * v, or use outer(a, b)", at: range)
            }
            guard leftMatrix && rightMatrix else {
                throw Diagnostic(.shapeError, "cannot apply '\(op.rawValue)' to \(try shapeText(left, at: range)) and \(try shapeText(right, at: range)); elementwise operations need the same shape (a scalar broadcasts)", at: range)
            }
            let a = try Coerce.matrix(left, at: range), b = try Coerce.matrix(right, at: range)
            return .matrix(try Coerce.math(range) {
                switch op {
                case .add: return try a + b
                case .subtract: return try a - b
                case .multiply: return try a.hadamard(b)
                default: return try a / b
                }
            })
        }
        if Coerce.isVectorLike(left), Coerce.isVectorLike(right) {
            let a = try Coerce.vector(left, at: range), b = try Coerce.vector(right, at: range)
            return .vector(try Coerce.math(range) {
                switch op {
                case .add: return try a + b
                case .subtract: return try a - b
                case .multiply: return try a * b
                default: return try a / b
                }
            })
        }
        throw mismatch(op, left, right, at: range)
    }

    /// "a 2×3 matrix" or "a vector of length 3", for shape errors that name both shapes.
    private static func shapeText(_ value: Value, at range: SourceRange) throws -> String {
        if isMatrixShaped(value) { return "a \(try Coerce.matrix(value, at: range).shapeDescription) matrix" }
        return "a vector of length \(try Coerce.vector(value, at: range).count)"
    }

    /// Multiply-adds one uninterruptible piece of a matrix product may do (about 50 ms here).
    static let productChunk = 1 << 26

    /// `a * b`, computed in blocks of rows when it is large, so an interrupt stops it between blocks.
    static func product(_ a: Matrix, _ b: Matrix, at range: SourceRange, runtime: Runtime) throws -> Matrix {
        let perRow = a.columns.multipliedReportingOverflow(by: b.columns)
        let work = a.rows.multipliedReportingOverflow(by: perRow.partialValue)
        if !perRow.overflow, !work.overflow, work.partialValue <= productChunk || a.rows < 2 || a.columns != b.rows {
            return try Coerce.math(range) { try a * b }
        }
        let rowsPerBlock = Swift.max(1, productChunk / Swift.max(1, perRow.overflow ? Int.max : perRow.partialValue))
        var elements: [Double] = []
        elements.reserveCapacity(a.rows * b.columns)
        var row = 0
        while row < a.rows {
            if runtime.interrupt.isSet {
                throw Diagnostic(.interrupted, "interrupted by the user during a matrix product; every binding made before this statement is kept", at: range)
            }
            let end = Swift.min(a.rows, row + rowsPerBlock)
            let block = try Coerce.math(range) {
                try Matrix(rows: end - row, columns: a.columns, elements: Array(a.elements[(row * a.columns)..<(end * a.columns)]))
            }
            elements.append(contentsOf: try Coerce.math(range) { try block * b }.elements)
            row = end
        }
        return try Coerce.math(range) { try Matrix(rows: a.rows, columns: b.columns, elements: elements) }
    }

    private static func isMatrixValue(_ value: Value) -> Bool {
        if case .matrix = value { return true }
        return false
    }

    /// A Matrix, or an array whose elements are all vectors (and which is not itself a vector).
    private static func isMatrixShaped(_ value: Value) -> Bool {
        isMatrixValue(value) || (Coerce.isMatrixLike(value) && !Coerce.isVectorLike(value))
    }

    private static func lengthMismatch(_ op: BinaryOperator, _ a: Int, _ b: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(.shapeError, "cannot apply '\(op.rawValue)' elementwise to vectors of lengths \(a) and \(b); the lengths must match", at: range)
    }

    private static func mismatch(_ op: BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange) -> Diagnostic {
        var message = "cannot apply '\(op.rawValue)' to values of type '\(left.typeName)' and '\(right.typeName)'"
        if case .string = left { message += "; convert numbers with String(x) or use interpolation \"\\(x)\"" }
        else if case .string = right { message += "; convert numbers with String(x) or use interpolation \"\\(x)\"" }
        else if case .array = left, case .array = right, op == .add {
            message += "; '+' on arrays is elementwise on numbers; to join arrays use a.append(contentsOf: b)"
        }
        return Diagnostic(.typeError, message, at: range)
    }

    // MARK: - Unary

    /// `-x`, `+x`, `!x`.
    static func unary(_ op: UnaryOperator, _ value: Value, at range: SourceRange) throws -> Value {
        switch (op, value) {
        case (.not, .bool(let flag)): return .bool(!flag)
        case (.not, _):
            throw Diagnostic(.typeError, "'!' needs a Bool, found a value of type '\(value.typeName)'", at: range)
        case (.plus, .int), (.plus, .double): return value
        case (.negate, .int(let number)):
            let (result, overflow) = Int(0).subtractingReportingOverflow(number)
            if overflow { throw Diagnostic(.runtimeError, "integer overflow: -(\(number)) does not fit in an Int", at: range) }
            return .int(result)
        case (.negate, .double(let number)): return .double(-number)
        case (.negate, .array(let elements)) where Coerce.isIntegral(elements):
            return .array(try elements.map { try unary(.negate, $0, at: range) })
        default:
            if Coerce.isVectorLike(value) {
                let vector = try Coerce.vector(value, at: range)
                return op == .negate ? .vector(-vector) : .vector(vector)
            }
            if Coerce.isMatrixLike(value) {
                let matrix = try Coerce.matrix(value, at: range)
                return op == .negate ? .matrix(-matrix) : .matrix(matrix)
            }
            throw Diagnostic(.typeError, "'\(op.rawValue)' needs a number, vector or matrix, found a value of type '\(value.typeName)'", at: range)
        }
    }

    // MARK: - Comparison

    /// `==` on values: numbers compare numerically (Int with Double), arrays and vectors elementwise.
    static func equal(_ left: Value, _ right: Value, at range: SourceRange) throws -> Bool {
        switch (left, right) {
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return a == Double(b)
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.void, .void): return true
        case (.range(let a, let b, let c), .range(let d, let e, let f)): return a == d && b == e && c == f
        case (.option(let a), .option(let b)):
            guard a.name == b.name, a.arguments.count == b.arguments.count else { return false }
            for (x, y) in zip(a.arguments, b.arguments) {
                if x.label != y.label { return false }
                if !(try equal(x.value, y.value, at: range)) { return false }
            }
            return true
        case (.function(let a), .function(let b)): return a === b
        case (.matrix(let a), .matrix(let b)): return a == b
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !(try equal(x, y, at: range)) { return false }
            return true
        default:
            if Coerce.isVectorLike(left), Coerce.isVectorLike(right) {
                return try Coerce.vector(left, at: range) == Coerce.vector(right, at: range)
            }
            if Coerce.isMatrixLike(left), Coerce.isMatrixLike(right) {
                return try Coerce.matrix(left, at: range) == Coerce.matrix(right, at: range)
            }
            if left.typeName != right.typeName, !(left.isNumber && right.isNumber) {
                throw Diagnostic(.typeError, "cannot compare a value of type '\(left.typeName)' with one of type '\(right.typeName)'", at: range)
            }
            return false
        }
    }

    /// `<`, `<=`, `>`, `>=` on numbers and strings.
    static func compare(_ op: BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange) throws -> Bool {
        switch (left, right) {
        case (.int(let a), .int(let b)): return ordered(op, a, b)
        case (.string(let a), .string(let b)): return ordered(op, a, b)
        default:
            guard let a = left.asDouble, let b = right.asDouble else {
                throw Diagnostic(.typeError, "'\(op.rawValue)' compares numbers or strings, not values of type '\(left.typeName)' and '\(right.typeName)'", at: range)
            }
            return ordered(op, a, b)
        }
    }

    @inline(__always)
    static func ordered<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Bool {
        switch op {
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        default: return a >= b
        }
    }
}
