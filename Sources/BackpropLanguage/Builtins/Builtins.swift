#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NeuralNet

/// The library's global functions and static members, by name.
enum Builtins {
    /// Global functions: `print`, `show`, `sigmoid`, `Matrix`, ….
    static let functions: [String: Builtin] = {
        var table: [String: Builtin] = [:]
        for builtin in core + conversions + mathFunctions + linearAlgebra + LibraryBuiltins.functions { table[builtin.name] = builtin }
        return table
    }()

    /// Static members by type name: `Matrix.identity`, `Matrix.random`, `Vector.zeros`.
    static let staticMembers: [String: [String: Builtin]] = coreStaticMembers.merging(LibraryBuiltins.staticMembers) { $0.merging($1) { first, _ in first } }

    private static let coreStaticMembers: [String: [String: Builtin]] = [
        "Matrix": [
            "identity": Builtin("Matrix.identity", "Matrix.identity(_ n: Int) -> Matrix", "The n×n identity matrix.", arity: 1) { call in
                _ = try call.positional(1)
                let n = try call.int(0, what: "size")
                if n >= 0 { try call.runtime.checkSize(n.multipliedReportingOverflow(by: n).overflow ? Int.max : n * n, call.range) }
                return .matrix(try Coerce.math(call.range) { try Matrix.identity(n) })
            },
            "random": Builtin("Matrix.random", "Matrix.random(rows: Int, columns: Int, seed: Int = 0) -> Matrix",
                              "A matrix of numbers drawn uniformly from [-1, 1) by a seeded generator (the same seed gives the same matrix everywhere).") { call in
                let plan = try call.bind([("rows", true), ("columns", true), ("seed", false)])
                let rows = try call.int(plan[0] ?? 0, what: "rows")
                let columns = try call.int(plan[1] ?? 0, what: "columns")
                let seed = try plan[2].map { try call.int($0, what: "seed") } ?? 0
                try checkShape(rows, columns, call)
                return .matrix(try Coerce.math(call.range) { try Matrix.random(rows: rows, columns: columns, seed: UInt64(bitPattern: Int64(seed))) })
            },
            "zeros": Builtin("Matrix.zeros", "Matrix.zeros(rows: Int, columns: Int) -> Matrix", "A matrix of zeros.") { call in
                let plan = try call.bind([("rows", true), ("columns", true)])
                let rows = try call.int(plan[0] ?? 0, what: "rows"), columns = try call.int(plan[1] ?? 0, what: "columns")
                try checkShape(rows, columns, call)
                return .matrix(try Coerce.math(call.range) { try Matrix(rows: rows, columns: columns, repeating: 0) })
            },
        ],
        "Vector": [
            "zeros": Builtin("Vector.zeros", "Vector.zeros(_ count: Int) -> Vector", "A vector of zeros.", arity: 1) { call in
                _ = try call.positional(1)
                let count = try call.int(0, what: "count")
                try checkCount(count, call, what: "Vector.zeros(_:)")
                return .vector(try Coerce.math(call.range) { try Vector(repeating: 0, count: count) })
            },
        ],
    ]

    /// Static constants by type name: `Int.max`, `Double.pi`.
    static let staticConstants: [String: [String: Value]] = coreStaticConstants.merging(LibraryBuiltins.staticConstants) { $0.merging($1) { first, _ in first } }

    private static let coreStaticConstants: [String: [String: Value]] = [
        "Int": ["max": .int(Int.max), "min": .int(Int.min)],
        "Double": [
            "pi": .double(Double.pi), "infinity": .double(Double.infinity), "nan": .double(Double.nan),
            "greatestFiniteMagnitude": .double(Double.greatestFiniteMagnitude), "ulpOfOne": .double(Double.ulpOfOne),
            "leastNonzeroMagnitude": .double(Double.leastNonzeroMagnitude),
        ],
    ]

    /// Checks the element count of a new vector or array: a ValueError when negative, a ResourceError when too large.
    static func checkCount(_ count: Int, _ call: BuiltinCall, what: String) throws {
        guard count >= 0 else {
            throw Diagnostic(.valueError, "\(what) needs a count of 0 or more, got \(count)", at: call.range)
        }
        try call.runtime.checkSize(count, call.range)
    }

    static func checkShape(_ rows: Int, _ columns: Int, _ call: BuiltinCall) throws {
        guard rows >= 0, columns >= 0 else {
            throw Diagnostic(.valueError, "a matrix needs non-negative rows and columns, got \(rows)×\(columns)", at: call.range)
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        try call.runtime.checkSize(overflow ? Int.max : count, call.range)
    }

    /// An operator as a two-argument function, as in `reduce(0, +)`.
    static func operatorFunction(_ op: BinaryOperator) -> Builtin {
        Builtin(op.rawValue, "(_ a, _ b) -> Value", "The '\(op.rawValue)' operator as a function.", arity: 2) { call in
            let values = try call.positional(2)
            return try Operators.binary(op, values[0], values[1], at: call.range, runtime: call.runtime)
        }
    }

    // MARK: - Output and input

    static let core: [Builtin] = [
        Builtin("print", "print(_ items: Any..., separator: String = \" \", terminator: String = \"\\n\", to: .standardOutput)",
                "Writes the items, separated by spaces and ending with a newline, to standard output (or `to: .standardError`).") { call in
            var items: [Value] = []
            var separator = " ", terminator = "\n"
            var stream = OutputStreamKind.standardOutput
            for (index, (label, value)) in zip(call.labels, call.arguments).enumerated() {
                switch label {
                case nil: items.append(value)
                case "separator": separator = try string(value, call, index)
                case "terminator": terminator = try string(value, call, index)
                case "to":
                    guard case .option(let option) = value, option.name == "standardError" || option.name == "standardOutput" else {
                        throw Diagnostic(.valueError, "print(…, to:) takes .standardOutput or .standardError", at: call.range(of: index))
                    }
                    stream = option.name == "standardError" ? .standardError : .standardOutput
                default:
                    throw Diagnostic(.typeError, "print has no argument '\(label ?? "")'; the signature is \(call.builtin.signature)", at: call.range(of: index))
                }
            }
            try call.runtime.checkPrintable(items, call.range)
            var text = items.map(ValueFormatter.printed).joined(separator: separator) + terminator
            if text.utf8.count > call.runtime.limits.maxStringLength { text = String(text.prefix(call.runtime.limits.maxStringLength)) }
            call.runtime.host.write(text, to: stream)
            return .void
        },
        Builtin("show", "show(_ value: Any)", "Displays a value now, as a table for vectors and matrices.", arity: 1) { call in
            let values = try call.positional(1)
            call.runtime.host.display(values[0])
            return .void
        },
        Builtin("clearOutput", "clearOutput(wait: Bool = false)", "Clears the cell's output; with wait: true, when the next output arrives.") { call in
            let plan = try call.bind([("wait", false)])
            var wait = false
            if let index = plan[0] { wait = try Coerce.bool(call.arguments[index], at: call.range(of: index), what: "wait argument") }
            call.runtime.host.clearOutput(wait: wait)
            return .void
        },
        Builtin("input", "input(_ prompt: String = \"\") -> String", "Asks for a line of text and returns it.") { call in
            let plan = try call.bind([(nil, false)])
            let prompt = try plan[0].map { try string(call.arguments[$0], call, $0) } ?? ""
            guard let line = call.runtime.host.readInput(prompt: prompt) else {
                throw Diagnostic(.runtimeError, "input() got no line: standard input is closed or not available here (under 'run -' the script itself is standard input; in a notebook the front end must allow input)", at: call.range)
            }
            // An interrupt while waiting ends the wait (the kernel answers with an empty line); stop here.
            if call.runtime.interrupt.isSet {
                throw Diagnostic(.interrupted, "interrupted by the user while waiting for input; every binding made before this statement is kept", at: call.range)
            }
            return .string(line)
        },
    ]

    static func string(_ value: Value, _ call: BuiltinCall, _ index: Int) throws -> String {
        if case .string(let text) = value { return text }
        throw Diagnostic(.typeError, "expected a String, found a value of type '\(value.typeName)'", at: call.range(of: index))
    }

    // MARK: - Conversions

    static let conversions: [Builtin] = [
        Builtin("Int", "Int(_ value: Double | String) -> Int", "Converts to Int; a Double is truncated toward zero.", arity: 1) { call in
            let value = try call.positional(1)[0]
            switch value {
            case .int: return value
            case .double(let number):
                guard number.isFinite, number > -9.223372036854775808e18, number < 9.223372036854775808e18 else {
                    throw Diagnostic(.runtimeError, "cannot convert \(number) to Int: it is not finite or out of Int's range", at: call.range)
                }
                return .int(Int(number))
            case .bool(let flag): return .int(flag ? 1 : 0)
            case .string(let text):
                guard let number = Int(text.trimmingSpaces) else {
                    throw Diagnostic(.valueError, "cannot convert \(ValueFormatter.quote(text)) to Int", at: call.range)
                }
                return .int(number)
            default:
                throw Diagnostic(.typeError, "cannot convert a value of type '\(value.typeName)' to Int", at: call.range)
            }
        },
        Builtin("Double", "Double(_ value: Int | String) -> Double", "Converts to Double.", arity: 1) { call in
            let value = try call.positional(1)[0]
            switch value {
            case .double: return value
            case .int(let number): return .double(Double(number))
            case .string(let text):
                guard let number = Double(text.trimmingSpaces) else {
                    throw Diagnostic(.valueError, "cannot convert \(ValueFormatter.quote(text)) to Double", at: call.range)
                }
                return .double(number)
            default:
                throw Diagnostic(.typeError, "cannot convert a value of type '\(value.typeName)' to Double", at: call.range)
            }
        },
        Builtin("String", "String(_ value: Any) -> String", "The text `print` would write for the value.", arity: 1) { call in
            let value = try call.positional(1)[0]
            try call.runtime.checkPrintable([value], call.range)
            let text = ValueFormatter.printed(value)
            try call.runtime.checkString(text, call.range)
            return .string(text)
        },
        Builtin("Array", "Array(_ sequence: Range | Vector | String | [T]) -> [T] or Array(repeating: T, count: Int)",
                "The elements of a sequence as an array, or `count` copies of a value.") { call in
            if call.labels.first == "repeating" {
                let plan = try call.bind([("repeating", true), ("count", true)])
                let value = call.arguments[plan[0] ?? 0]
                let count = try call.int(plan[1] ?? 1, what: "count")
                try checkCount(count, call, what: "Array(repeating:count:)")
                if case .array = value { try ArrayDepth.check(value, limit: call.runtime.limits.maxArrayNesting - 1, at: call.range) }
                return .array(Array(repeating: value, count: count))
            }
            let value = try call.positional(1)[0]
            return .array(try Coerce.elements(value, at: call.range, limit: call.runtime.limits.maxElements))
        },
        Builtin("Vector", "Vector(_ elements: [Double]) or Vector(repeating: Double, count: Int)", "A vector of Doubles.") { call in
            if call.labels.first == "repeating" {
                let plan = try call.bind([("repeating", true), ("count", true)])
                let value = try call.double(plan[0] ?? 0, what: "repeated value")
                let count = try call.int(plan[1] ?? 1, what: "count")
                try checkCount(count, call, what: "Vector(repeating:count:)")
                return .vector(try Coerce.math(call.range) { try Vector(repeating: value, count: count) })
            }
            let value = try call.positional(1)[0]
            return .vector(try Coerce.vector(value, at: call.range(of: 0)))
        },
        Builtin("Matrix", "Matrix(rows: Int, columns: Int, repeating: Double) or Matrix(_ rows: [[Double]])", "A matrix of Doubles, rows k and columns j.") { call in
            if call.labels.first == "rows" {
                let plan = try call.bind([("rows", true), ("columns", true), ("repeating", false)])
                let rows = try call.int(plan[0] ?? 0, what: "rows")
                let columns = try call.int(plan[1] ?? 1, what: "columns")
                let value = try plan[2].map { try call.double($0, what: "repeated value") } ?? 0
                try checkShape(rows, columns, call)
                return .matrix(try Coerce.math(call.range) { try Matrix(rows: rows, columns: columns, repeating: value) })
            }
            let value = try call.positional(1)[0]
            return .matrix(try Coerce.matrix(value, at: call.range(of: 0)))
        },
    ]

    // MARK: - Math

    /// An elementwise function of numbers, vectors and matrices.
    static func elementwise(_ name: String, _ doc: String, keepsInt: ((Int) -> Int?)? = nil, _ f: @escaping @Sendable (Double) -> Double) -> Builtin {
        Builtin(name, "\(name)(_ x: Double | Vector | Matrix)", doc, arity: 1) { call in
            let value = try call.positional(1)[0]
            switch value {
            case .int(let number):
                if let keepsInt {
                    guard let result = keepsInt(number) else {
                        throw Diagnostic(.runtimeError, "integer overflow in \(name)(\(number))", at: call.range)
                    }
                    return .int(result)
                }
                return .double(f(Double(number)))
            case .double(let number): return .double(f(number))
            case .matrix(let matrix): return .matrix(matrix.map(f))
            default:
                if Coerce.isVectorLike(value) { return .vector(try Coerce.vector(value, at: call.range).map(f)) }
                if Coerce.isMatrixLike(value) { return .matrix(try Coerce.matrix(value, at: call.range).map(f)) }
                throw Diagnostic(.typeError, "\(name) needs a number, vector or matrix, found a value of type '\(value.typeName)'", at: call.range(of: 0))
            }
        }
    }

    static func sigmoid(_ x: Double) -> Double {
        // Written so that neither branch overflows exp for large |x|.
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    static let mathFunctions: [Builtin] = [
        elementwise("abs", "The absolute value, elementwise.", keepsInt: { $0 == Int.min ? nil : Swift.abs($0) }) { Swift.abs($0) },
        elementwise("exp", "e to the power x, elementwise.") { exp($0) },
        elementwise("log", "The natural logarithm, elementwise.") { log($0) },
        elementwise("sqrt", "The square root, elementwise.") { $0.squareRoot() },
        elementwise("sigmoid", "σ(x) = 1 / (1 + e^(−x)), elementwise.") { sigmoid($0) },
        elementwise("sigmoidPrime", "σ'(x) = σ(x)(1 − σ(x)), elementwise.") { let s = sigmoid($0); return s * (1 - s) },
        elementwise("tanh", "The hyperbolic tangent, elementwise.") { tanh($0) },
        elementwise("relu", "max(0, x), elementwise.") { $0 > 0 ? $0 : 0 },
        elementwise("floor", "Rounds down, elementwise.") { $0.rounded(.down) },
        elementwise("ceil", "Rounds up, elementwise.") { $0.rounded(.up) },
        elementwise("round", "Rounds to the nearest whole number (halves away from zero), elementwise.") { $0.rounded() },
        elementwise("sin", "The sine, elementwise.") { sin($0) },
        elementwise("cos", "The cosine, elementwise.") { cos($0) },
        Builtin("pow", "pow(_ base: Double | Vector | Matrix, _ exponent: Double)", "base raised to exponent, elementwise on vectors and matrices.", arity: 2) { call in
            let values = try call.positional(2)
            let exponent = try Coerce.double(values[1], at: call.range(of: 1), what: "exponent")
            switch values[0] {
            case .int(let base): return .double(Foundation_pow(Double(base), exponent))
            case .double(let base): return .double(Foundation_pow(base, exponent))
            case .matrix(let matrix): return .matrix(matrix.map { Foundation_pow($0, exponent) })
            default:
                if Coerce.isVectorLike(values[0]) { return .vector(try Coerce.vector(values[0], at: call.range(of: 0)).map { Foundation_pow($0, exponent) }) }
                if Coerce.isMatrixLike(values[0]) { return .matrix(try Coerce.matrix(values[0], at: call.range(of: 0)).map { Foundation_pow($0, exponent) }) }
                throw Diagnostic(.typeError, "pow needs a number, vector or matrix as its base, found a value of type '\(values[0].typeName)'", at: call.range(of: 0))
            }
        },
    ]

    // MARK: - Linear algebra and reductions

    static let linearAlgebra: [Builtin] = [
        Builtin("dot", "dot(_ a: Vector, _ b: Vector) -> Double", "The dot product Σ_k a_k b_k.", arity: 2) { call in
            let values = try call.positional(2)
            let a = try Coerce.vector(values[0], at: call.range(of: 0)), b = try Coerce.vector(values[1], at: call.range(of: 1))
            return .double(try Coerce.math(call.range) { try a.dot(b) })
        },
        Builtin("outer", "outer(_ a: Vector, _ b: Vector) -> Matrix", "The outer product: element k, j is a_k b_j (as in ∂C/∂W = δ aᵀ).", arity: 2) { call in
            let values = try call.positional(2)
            let a = try Coerce.vector(values[0], at: call.range(of: 0)), b = try Coerce.vector(values[1], at: call.range(of: 1))
            let (count, overflow) = a.count.multipliedReportingOverflow(by: b.count)
            try call.runtime.checkSize(overflow ? Int.max : count, call.range)
            return .matrix(a.outer(b))
        },
        Builtin("sum", "sum(_ x: [Double] | Vector | Matrix) -> Double", "The sum of all elements.", arity: 1) { call in
            try reduce(call, name: "sum")
        },
        Builtin("mean", "mean(_ x: [Double] | Vector | Matrix) -> Double", "The mean of all elements.", arity: 1) { call in
            try reduce(call, name: "mean")
        },
        Builtin("max", "max(_ x: [Double] | Vector | Matrix) or max(_ a: Double, _ b: Double, …)", "The largest element, or the largest argument.") { call in
            try reduce(call, name: "max")
        },
        Builtin("min", "min(_ x: [Double] | Vector | Matrix) or min(_ a: Double, _ b: Double, …)", "The smallest element, or the smallest argument.") { call in
            try reduce(call, name: "min")
        },
    ]

    /// `sum`, `mean`, `max`, `min` over one collection, or `max`/`min` over several numbers.
    static func reduce(_ call: BuiltinCall, name: String) throws -> Value {
        if call.arguments.count >= 2, name == "max" || name == "min" {
            _ = try call.bind(call.arguments.map { _ in (label: nil, required: true) })
            var best = call.arguments[0]
            for (index, value) in call.arguments.enumerated().dropFirst() {
                guard value.isNumber, best.isNumber else {
                    throw Diagnostic(.typeError, "\(name) compares numbers, found a value of type '\(value.isNumber ? best.typeName : value.typeName)'", at: call.range(of: index))
                }
                let better = try Operators.compare(name == "max" ? .greater : .less, value, best, at: call.range)
                if better { best = value }
            }
            if call.arguments.contains(where: { if case .double = $0 { return true }; return false }), let number = best.asDouble {
                return .double(number)
            }
            return best
        }
        let value = try call.positional(1)[0]
        return try Methods.reduction(value, name, at: call.range)
    }
}

@inline(__always)
private func Foundation_pow(_ a: Double, _ b: Double) -> Double { pow(a, b) }

extension String {
    /// The text without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
