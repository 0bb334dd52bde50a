import NeuralNet

/// Properties and methods of values: `a.count`, `a.append(x)`, `m.transposed()`, `a.map { … }`.
enum Methods {
    /// Methods a nested array of numbers answers as a matrix.
    static let matrixMethods: Set<String> = ["transposed", "row", "sum", "mean", "max", "min"]

    /// Methods that change their receiver, which must then be a variable (or an element of one).
    static let mutatingNames: Set<String> = [
        "append", "insert", "remove", "removeLast", "removeFirst", "removeAll", "sort", "reverse",
    ]

    // MARK: - Properties

    /// `value.name` for a property.
    static func property(_ value: Value, _ name: String, at range: SourceRange, runtime: Runtime) throws -> Value {
        if let result = try LibraryMethods.property(value, name, at: range) { return result }
        switch (value, name) {
        case (.array(let elements), "count"): return .int(elements.count)
        case (.array(let elements), "isEmpty"): return .bool(elements.isEmpty)
        case (.array(let elements), "first"):
            guard let first = elements.first else { throw empty("first", at: range) }
            return first
        case (.array(let elements), "last"):
            guard let last = elements.last else { throw empty("last", at: range) }
            return last
        case (.array(let elements), "indices"): return .range(0, elements.count, closed: false)
        case (.vector(let vector), "count"): return .int(vector.count)
        case (.vector(let vector), "isEmpty"): return .bool(vector.count == 0)
        case (.vector(let vector), "first"):
            guard let first = vector.elements.first else { throw empty("first", at: range) }
            return .double(first)
        case (.vector(let vector), "last"):
            guard let last = vector.elements.last else { throw empty("last", at: range) }
            return .double(last)
        case (.vector(let vector), "indices"): return .range(0, vector.count, closed: false)
        case (.matrix(let matrix), "rows"), (.matrix(let matrix), "count"): return .int(matrix.rows)
        case (.matrix(let matrix), "columns"): return .int(matrix.columns)
        case (.matrix(let matrix), "shape"): return .array([.int(matrix.rows), .int(matrix.columns)])
        case (.matrix(let matrix), "isEmpty"): return .bool(matrix.rows == 0)
        case (.matrix(let matrix), "indices"): return .range(0, matrix.rows, closed: false)
        case (.string(let text), "count"): return .int(text.count)
        case (.string(let text), "isEmpty"): return .bool(text.isEmpty)
        case (.range(let lower, let upper, let closed), "count"): return .int(try Coerce.rangeCount(lower, upper, closed, at: range))
        case (.range(let lower, let upper, let closed), "isEmpty"): return .bool(try Coerce.rangeCount(lower, upper, closed, at: range) == 0)
        case (.range(let lower, _, _), "lowerBound"): return .int(lower)
        case (.range(_, let upper, _), "upperBound"): return .int(upper)
        case (.array, "rows"), (.array, "columns"), (.array, "shape"):
            // A nested array read as a matrix.
            if Coerce.isMatrixLike(value) { return try property(.matrix(try Coerce.matrix(value, at: range)), name, at: range, runtime: runtime) }
        case (.option(let option), _):
            if let argument = option.arguments.first(where: { $0.label == name }) { return argument.value }
        default:
            break
        }
        if methodNames(for: value).contains(name) {
            throw Diagnostic(.typeError, "'\(name)' is a method of \(value.typeName); call it with parentheses: .\(name)(…)", at: range)
        }
        throw unknownMember(value, name, at: range)
    }

    /// Assigning through `value.name` (library objects have settable properties; plain values do not).
    static func modifyProperty(_ value: inout Value, _ name: String, at range: SourceRange, _ body: (inout Value) throws -> Void) throws {
        if try LibraryMethods.modifyProperty(&value, name, at: range, body) { return }
        throw Diagnostic(.typeError, "cannot assign to property '\(name)' of a value of type '\(value.typeName)': it is read-only", at: range)
    }

    /// `max`/`min` of nothing: a bad argument, with the same message as for an empty vector.
    private static func emptyReduction(_ name: String, at range: SourceRange) -> Diagnostic {
        let noun = name == "max" ? "maximum" : name == "min" ? "minimum" : name
        return Diagnostic(.valueError, "cannot take the \(noun) of an empty array: it needs at least one element", at: range)
    }

    private static func empty(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.runtimeError, "'\(name)' of an empty collection: there is no element; check 'isEmpty' first", at: range)
    }

    /// The member names a value has, for messages (and later, completion).
    static func methodNames(for value: Value) -> [String] {
        switch value {
        case .array, .vector, .range:
            return ["map", "filter", "reduce", "forEach", "sum", "max", "min", "sorted", "reversed", "contains", "firstIndex",
                    "joined", "transposed", "append", "insert", "remove", "removeLast", "removeFirst", "removeAll", "sort", "reverse"]
        case .matrix:
            return ["transposed", "sum", "mean", "max", "min", "map", "row"]
        case .string:
            return ["uppercased", "lowercased", "contains", "hasPrefix", "hasSuffix", "split"]
        default:
            return LibraryMethods.methodNames(for: value)
        }
    }

    /// Property names a value has, for messages (and later, completion).
    static func propertyNames(for value: Value) -> [String] {
        switch value {
        case .array, .vector: return ["count", "isEmpty", "first", "last", "indices"]
        case .matrix: return ["rows", "columns", "shape", "count", "isEmpty", "indices"]
        case .string: return ["count", "isEmpty"]
        case .range: return ["count", "isEmpty", "lowerBound", "upperBound"]
        default: return LibraryMethods.propertyNames(for: value)
        }
    }

    private static func unknownMember(_ value: Value, _ name: String, at range: SourceRange) -> Diagnostic {
        let names = propertyNames(for: value) + methodNames(for: value)
        var message = "a value of type '\(value.typeName)' has no member '\(name)'"
        if let best = EditDistance.closest(to: name, among: names) {
            message += "; did you mean '\(best)'?"
        } else if !names.isEmpty {
            message += "; it has " + names.prefix(8).joined(separator: ", ")
        }
        return Diagnostic(.typeError, message, at: range)
    }

    // MARK: - Methods

    /// `value.name(arguments)` for methods that do not change the value.
    static func call(_ value: Value, _ call: MethodCall) throws -> Value {
        let range = call.range
        if let result = try LibraryMethods.call(value, call) { return result }
        // An array of rows is a matrix for matrix methods, as wherever a matrix is expected.
        if case .array = value, matrixMethods.contains(call.name), Coerce.isMatrixLike(value), !Coerce.isVectorLike(value) {
            return try Methods.call(.matrix(try Coerce.matrix(value, at: range)), call)
        }
        switch (value, call.name) {
        case (.matrix(let matrix), "transposed"):
            try expectArguments(call, [])
            return .matrix(matrix.transposed())
        case (.array, "transposed") where Coerce.isMatrixLike(value):
            try expectArguments(call, [])
            return .matrix(try Coerce.matrix(value, at: range).transposed())
        case (.matrix(let matrix), "row"):
            try expectArguments(call, [nil])
            let index = try Coerce.int(call.arguments[0], at: call.range(of: 0), what: "row index")
            return .vector(try Coerce.math(range) { try matrix.row(index) })
        case (.matrix, "sum"), (.matrix, "mean"), (.matrix, "max"), (.matrix, "min"),
             (.vector, "sum"), (.vector, "mean"), (.vector, "max"), (.vector, "min"):
            try expectArguments(call, [])
            return try reduction(value, call.name, at: range)
        case (.array(let elements), "sum"), (.array(let elements), "mean"):
            try expectArguments(call, [])
            if call.name == "sum", Coerce.isIntegral(elements) {
                var total = 0
                for element in elements {
                    if case .int(let number) = element {
                        let (next, overflow) = total.addingReportingOverflow(number)
                        if overflow { throw Diagnostic(.runtimeError, "integer overflow: the sum does not fit in an Int; convert to Double first", at: range) }
                        total = next
                    }
                }
                return .int(total)
            }
            return try reduction(value, call.name, at: range)
        case (.string(let text), "uppercased"):
            try expectArguments(call, [])
            return .string(text.uppercased())
        case (.string(let text), "lowercased"):
            try expectArguments(call, [])
            return .string(text.lowercased())
        case (.string(let text), "contains"), (.string(let text), "hasPrefix"), (.string(let text), "hasSuffix"):
            try expectArguments(call, [nil])
            guard case .string(let other) = call.arguments[0] else {
                throw Diagnostic(.typeError, "\(call.name)(_:) takes a String, found a value of type '\(call.arguments[0].typeName)'", at: call.range(of: 0))
            }
            switch call.name {
            case "contains": return .bool(other.isEmpty || text.contains(other))
            case "hasPrefix": return .bool(text.hasPrefix(other))
            default: return .bool(text.hasSuffix(other))
            }
        case (.string(let text), "split"):
            try expectArguments(call, ["separator"])
            guard case .string(let separator) = call.arguments[0], separator.count == 1, let character = separator.first else {
                throw Diagnostic(.typeError, "split(separator:) takes a one-character String", at: call.range(of: 0))
            }
            return .array(text.split(separator: character).map { .string(String($0)) })
        default:
            break
        }
        if propertyNames(for: value).contains(call.name) {
            throw Diagnostic(.typeError, "'\(call.name)' is a property of \(value.typeName), not a method; remove the parentheses: .\(call.name)", at: range)
        }
        if isSequence(value) {
            return try sequenceMethod(value, call)
        }
        if Methods.mutatingNames.contains(call.name) {
            throw Diagnostic(.typeError, "'\(call.name)' changes its receiver, so call it on a variable declared with 'var'", at: range)
        }
        throw unknownMember(value, call.name, at: range)
    }

    private static func isSequence(_ value: Value) -> Bool {
        switch value {
        case .array, .vector, .range, .matrix: return true
        default: return false
        }
    }

    /// Checks the labels of a method call (nil for unlabelled).
    private static func expectArguments(_ call: MethodCall, _ labels: [String?]) throws {
        if call.labels == labels { return }
        let wanted = labels.map { ($0 ?? "_") + ":" }.joined()
        throw Diagnostic(.typeError, "wrong arguments for '\(call.name)': it is called as \(call.name)(\(wanted))", at: call.range)
    }

    private static func function(_ value: Value, _ call: MethodCall, _ index: Int) throws -> FunctionValue {
        guard case .function(let function) = value else {
            throw Diagnostic(.typeError, "'\(call.name)' needs a closure, as in .\(call.name) { $0 * 2 }; found a value of type '\(value.typeName)'", at: call.range(of: index))
        }
        return function
    }

    private static func sequenceMethod(_ value: Value, _ call: MethodCall) throws -> Value {
        let range = call.range
        let runtime = call.runtime
        let elements = try Coerce.elements(value, at: range, limit: runtime.limits.maxElements)
        switch call.name {
        case "map":
            try expectArguments(call, [nil])
            let transform = try function(call.arguments[0], call, 0)
            var out: [Value] = []
            out.reserveCapacity(elements.count)
            for element in elements {
                try runtime.tick(range)
                out.append(try runtime.call(transform, [element], at: range))
            }
            let mapped = Value.array(out)
            try ArrayDepth.check(mapped, limit: runtime.limits.maxArrayNesting - 1, at: range)
            return mapped
        case "filter":
            try expectArguments(call, [nil])
            let predicate = try function(call.arguments[0], call, 0)
            var out: [Value] = []
            for element in elements {
                try runtime.tick(range)
                if try Coerce.bool(try runtime.call(predicate, [element], at: range), at: range, what: "filter closure's result") {
                    out.append(element)
                }
            }
            if case .vector = value { return .vector(try Coerce.vector(.array(out), at: range)) }
            return .array(out)
        case "forEach":
            try expectArguments(call, [nil])
            let body = try function(call.arguments[0], call, 0)
            for element in elements {
                try runtime.tick(range)
                _ = try runtime.call(body, [element], at: range)
            }
            return .void
        case "reduce":
            try expectArguments(call, [nil, nil])
            let combine = try function(call.arguments[1], call, 1)
            var accumulator = call.arguments[0]
            for element in elements {
                try runtime.tick(range)
                accumulator = try runtime.call(combine, [accumulator, element], at: range)
                if ArrayDepth.isContainer(accumulator) {
                    try ArrayDepth.check(accumulator, limit: runtime.limits.maxArrayNesting - 1, at: range)
                }
            }
            return accumulator
        case "sum", "mean":
            try expectArguments(call, [])
            return try reduction(.array(elements), call.name, at: range)
        case "max", "min":
            try expectArguments(call, [])
            guard var best = elements.first else { throw emptyReduction(call.name, at: range) }
            for element in elements.dropFirst() where try Operators.compare(call.name == "max" ? .greater : .less, element, best, at: range) {
                best = element
            }
            return best
        case "sorted":
            try expectArguments(call, [])
            return .array(try sortedValues(elements, at: range, runtime: runtime))
        case "reversed":
            try expectArguments(call, [])
            return .array(elements.reversed())
        case "contains":
            try expectArguments(call, [nil])
            for element in elements {
                try runtime.tick(range)
                if try Operators.equal(element, call.arguments[0], at: range) { return .bool(true) }
            }
            return .bool(false)
        case "firstIndex":
            try expectArguments(call, ["of"])
            for (index, element) in elements.enumerated() {
                try runtime.tick(range)
                if try Operators.equal(element, call.arguments[0], at: range) { return .int(index) }
            }
            return .int(-1)
        case "joined":
            try expectArguments(call, call.labels.isEmpty ? [] : ["separator"])
            var separator = ""
            if let first = call.arguments.first {
                guard case .string(let text) = first else { throw Diagnostic(.typeError, "joined(separator:) takes a String", at: call.range(of: 0)) }
                separator = text
            }
            try runtime.checkPrintable(elements, range)
            let joined = elements.map(ValueFormatter.printed).joined(separator: separator)
            try runtime.checkString(joined, range)
            return .string(joined)
        default:
            if Methods.mutatingNames.contains(call.name) {
                throw Diagnostic(.typeError, "'\(call.name)' changes its receiver, so call it on a variable declared with 'var'", at: range)
            }
            throw unknownMember(value, call.name, at: range)
        }
    }

    private static func sortedValues(_ elements: [Value], at range: SourceRange, runtime: Runtime) throws -> [Value] {
        var failure: Diagnostic?
        let sorted = elements.sorted { a, b in
            // Once something failed (or the user interrupted), finish the sort cheaply.
            if failure != nil { return false }
            do {
                try runtime.tick(range)
                return try Operators.compare(.less, a, b, at: range)
            } catch let error as Diagnostic {
                failure = failure ?? error
                return false
            } catch {
                return false
            }
        }
        if let failure { throw failure }
        return sorted
    }

    /// `sum`, `mean`, `max`, `min` of all elements of a vector-like or matrix-like value.
    static func reduction(_ value: Value, _ name: String, at range: SourceRange) throws -> Value {
        if case .range = value {
            // A range of Ints reduces like the array of its Ints (sum(1...3) is 6, as (1...3).sum()).
            return try reduction(.array(try Coerce.elements(value, at: range)), name, at: range)
        }
        if case .array(let elements) = value, Coerce.isIntegral(elements), name != "mean" {
            guard !elements.isEmpty || name == "sum" else { throw emptyReduction(name, at: range) }
            var result = name == "sum" ? 0 : (name == "max" ? Int.min : Int.max)
            for case .int(let number) in elements {
                switch name {
                case "sum":
                    let (next, overflow) = result.addingReportingOverflow(number)
                    if overflow { throw Diagnostic(.runtimeError, "integer overflow: the sum does not fit in an Int; convert to Double first", at: range) }
                    result = next
                case "max": result = Swift.max(result, number)
                default: result = Swift.min(result, number)
                }
            }
            return .int(result)
        }
        let doubles: [Double]
        if case .matrix(let matrix) = value {
            doubles = matrix.elements
        } else if Coerce.isVectorLike(value) {
            doubles = try Coerce.vector(value, at: range).elements
        } else if Coerce.isMatrixLike(value) {
            doubles = try Coerce.matrix(value, at: range).elements
        } else if case .range = value {
            doubles = try Coerce.vector(value, at: range).elements
        } else {
            throw Diagnostic(.typeError, "\(name) needs numbers (an array, vector or matrix), found a value of type '\(value.typeName)'", at: range)
        }
        let vector = Vector(doubles)
        switch name {
        case "sum": return .double(vector.sum())
        case "mean": return .double(try Coerce.math(range) { try vector.mean() })
        case "max": return .double(try Coerce.math(range) { try vector.max() })
        default: return .double(try Coerce.math(range) { try vector.min() })
        }
    }

    // MARK: - Mutating methods

    /// `value.name(arguments)` for methods that change the value in place.
    static func mutate(_ value: inout Value, _ call: MethodCall) throws -> Value {
        let range = call.range
        let runtime = call.runtime
        // Move the value out first: a copy left behind would make the array shared, and every
        // append would copy it.
        if var elements = value.takeArray() {
            defer { value = .array(elements) }
            return try mutateArray(&elements, call, runtime: runtime)
        }
        switch value {
        case .vector(let vector):
            value = .vector(vector)
            var elements = vector.elements.map(Value.double)
            let result = try mutateArray(&elements, call, runtime: runtime)
            guard Coerce.isNumeric(elements) else {
                throw Diagnostic(.typeError, "a Vector holds only numbers; convert it with Array(v) to store other values", at: range)
            }
            value = .vector(Vector(elements.compactMap(\.asDouble)))
            return result
        case let other:
            if mutatingNames.contains(call.name) {
                throw Diagnostic(.typeError, "a value of type '\(other.typeName)' has no method '\(call.name)'", at: range)
            }
            return try Methods.call(other, call)
        }
    }

    private static func mutateArray(_ elements: inout [Value], _ call: MethodCall, runtime: Runtime) throws -> Value {
        let range = call.range
        switch call.name {
        case "append":
            // Ints joining Doubles become Doubles, as in a Swift [Double].
            let joinsDoubles = elements.last.map(Coerce.isDoubleLike) ?? false
            if call.labels == ["contentsOf"] {
                var more = try Coerce.elements(call.arguments[0], at: call.range(of: 0), limit: runtime.limits.maxElements)
                try runtime.checkSize(elements.count &+ more.count, range)
                if joinsDoubles { more = more.map(Coerce.withIntsAsDoubles) }
                elements.append(contentsOf: more)
                return .void
            }
            try expectArguments(call, [nil])
            let element = joinsDoubles ? Coerce.withIntsAsDoubles(call.arguments[0]) : call.arguments[0]
            try runtime.checkSize(elements.count + 1, range)
            if case .array = element { try ArrayDepth.check(element, limit: runtime.limits.maxArrayNesting - 1, at: range) }
            elements.append(element)
            return .void
        case "insert":
            try expectArguments(call, [nil, "at"])
            let index = try Coerce.int(call.arguments[1], at: call.range(of: 1), what: "index")
            guard index >= 0, index <= elements.count else {
                throw Diagnostic(.runtimeError, "insert index \(index) is out of range for an array of \(elements.count) element\(elements.count == 1 ? "" : "s") (valid: 0...\(elements.count))", at: range)
            }
            try runtime.checkSize(elements.count + 1, range)
            if case .array = call.arguments[0] { try ArrayDepth.check(call.arguments[0], limit: runtime.limits.maxArrayNesting - 1, at: range) }
            let joinsDoubles = elements.first.map(Coerce.isDoubleLike) ?? false
            elements.insert(joinsDoubles ? Coerce.withIntsAsDoubles(call.arguments[0]) : call.arguments[0], at: index)
            return .void
        case "remove":
            try expectArguments(call, ["at"])
            let index = try Coerce.int(call.arguments[0], at: call.range(of: 0), what: "index")
            return elements.remove(at: try Subscripts.checked(index, count: elements.count, what: "an array", at: range))
        case "removeLast", "removeFirst":
            try expectArguments(call, [])
            guard !elements.isEmpty else { throw empty(call.name, at: range) }
            return call.name == "removeLast" ? elements.removeLast() : elements.removeFirst()
        case "removeAll":
            try expectArguments(call, [])
            elements.removeAll()
            return .void
        case "sort":
            try expectArguments(call, [])
            elements = try sortedValues(elements, at: range, runtime: runtime)
            return .void
        case "reverse":
            try expectArguments(call, [])
            elements.reverse()
            return .void
        default:
            return try Methods.call(.array(elements), call)
        }
    }
}

extension Value {
    /// Takes an array out of the value, leaving `.void`, so the array is uniquely referenced
    /// and can change in place; nil (and the value untouched) if it is not an array.
    @inline(__always)
    mutating func takeArray() -> [Value]? {
        guard case .array(let elements) = self else { return nil }
        self = .void
        return elements
    }

    /// Takes a function out of the value, leaving `.void`, so the caller holds the only
    /// reference the value had; nil (and the value untouched) if it is not a function.
    @inline(__always)
    mutating func takeFunction() -> FunctionValue? {
        guard case .function(let function) = self else { return nil }
        self = .void
        return function
    }

    /// Whether the value is a reference (a network), which a `let` may still mutate.
    var isReference: Bool {
        if case .network = self { return true }
        return false
    }
}
