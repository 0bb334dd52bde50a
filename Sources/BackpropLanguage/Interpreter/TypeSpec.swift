import NeuralNet

/// A type annotation as the evaluator checks it: `let x: Double = 1` converts 1 to 1.0.
indirect enum TypeSpec: Sendable, CustomStringConvertible {
    case any, int, double, bool, string, void, vector, matrix, range
    case array(TypeSpec)
    case function([TypeSpec], TypeSpec)

    /// Resolves written syntax; unknown type names are a `NameError`.
    static func from(_ syntax: TypeSyntax) throws -> TypeSpec {
        switch syntax {
        case .named(let name, let range):
            switch name {
            case "Int": return .int
            case "Double", "Float": return .double
            case "Bool": return .bool
            case "String": return .string
            case "Void": return .void
            case "Vector": return .vector
            case "Matrix": return .matrix
            case "Any": return .any
            case "Range", "ClosedRange": return .range
            default:
                throw Diagnostic(.nameError, "unknown type '\(name)'; the types are Int, Double, Bool, String, Vector, Matrix, [T] and (T) -> U", at: range)
            }
        case .array(let element, _):
            return .array(try from(element))
        case .function(let parameters, let result, _):
            return .function(try parameters.map(from), try from(result))
        }
    }

    var description: String {
        switch self {
        case .any: return "Any"
        case .int: return "Int"
        case .double: return "Double"
        case .bool: return "Bool"
        case .string: return "String"
        case .void: return "Void"
        case .vector: return "Vector"
        case .matrix: return "Matrix"
        case .range: return "Range<Int>"
        case .array(let element): return "[\(element)]"
        case .function(let parameters, let result):
            return "(" + parameters.map(\.description).joined(separator: ", ") + ") -> \(result)"
        }
    }

    /// Checks `value` against this type, converting Int to Double (and arrays to vectors and
    /// matrices) where the annotation asks for it.
    @inline(__always)
    func convert(_ value: Value, at range: SourceRange, what: @autoclosure () -> String = "value") throws -> Value {
        switch (self, value) {
        case (.any, _), (.int, .int), (.double, .double): return value
        default: return try convertSlow(value, at: range, what: what())
        }
    }

    private func convertSlow(_ value: Value, at range: SourceRange, what: String) throws -> Value {
        switch (self, value) {
        case (.any, _): return value
        case (.int, .int), (.double, .double), (.bool, .bool), (.string, .string), (.void, .void),
             (.vector, .vector), (.matrix, .matrix), (.range, .range):
            return value
        case (.double, .int(let number)):
            return .double(Double(number))
        case (.vector, .array), (.vector, .range):
            return .vector(try Coerce.vector(value, at: range))
        case (.matrix, .array):
            return .matrix(try Coerce.matrix(value, at: range))
        case (.array(let element), .array(let elements)):
            if case .any = element { return value }
            var converted: [Value] = []
            converted.reserveCapacity(elements.count)
            for item in elements { converted.append(try element.convert(item, at: range, what: what)) }
            return .array(converted)
        case (.array(let element), .vector(let vector)):
            return try TypeSpec.array(element).convert(.array(vector.elements.map(Value.double)), at: range, what: what)
        case (.array(let element), .range):
            return try TypeSpec.array(element).convert(.array(try Coerce.elements(value, at: range)), at: range, what: what)
        case (.function(let parameters, _), .function(let function)):
            if let arity = function.fixedArity, arity != parameters.count,
               function.minimumArity > parameters.count || arity < parameters.count {
                throw Diagnostic(.typeError, "cannot use a function of \(arity) parameter\(arity == 1 ? "" : "s") as \(self)", at: range)
            }
            return value
        default:
            throw Diagnostic(.typeError, "cannot use a \(what) of type '\(value.typeName)' as '\(self)'\(hint(for: value))", at: range)
        }
    }

    private func hint(for value: Value) -> String {
        switch (self, value) {
        case (.int, .double): return "; convert it with Int(x), which truncates"
        case (.string, _): return "; convert it with String(x) or \"\\(x)\""
        default: return ""
        }
    }
}
