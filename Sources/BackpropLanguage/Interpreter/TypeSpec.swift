import NeuralNet

/// A type annotation as the evaluator checks it: `let x: Double = 1` converts 1 to 1.0.
indirect enum TypeSpec: Sendable, CustomStringConvertible {
    case any, int, double, bool, string, void, vector, matrix, range
    case array(TypeSpec)
    case function([TypeSpec], TypeSpec)
    /// A library type, `Network` or `Gradients`: values whose type name is this.
    case library(String)

    /// The library's types that annotations may name.
    static let libraryTypes: Set<String> = [
        "Network", "Dense", "Dataset", "DatasetSplit", "ForwardPass", "Gradients", "StepReport", "History",
        "GradientCheck", "Plot", "Explanation",
    ]

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
            case _ where libraryTypes.contains(name): return .library(name)
            default:
                throw Diagnostic(.nameError, "unknown type '\(name)'; the types are Int, Double, Bool, String, Vector, Matrix, [T], (T) -> U and the library's Network, Dataset, Gradients, …", at: range)
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
        case .library(let name): return name
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
        case (.library(let name), _) where value.typeName == name:
            return value
        case (.library("Dataset"), .option):
            // `let data: Dataset = .xor`, as the option names a dataset wherever one is expected.
            return .object(LibraryObject(.dataset(try LibraryOptions.dataset(value, at: range))))
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
        case (.function(let parameters, let result), .function(let function)):
            if let arity = function.fixedArity, arity != parameters.count,
               function.minimumArity > parameters.count || arity < parameters.count {
                throw Diagnostic(.typeError, "cannot use a function of \(arity) parameter\(arity == 1 ? "" : "s") as \(self)", at: range)
            }
            return .function(TypeSpec.typed(function, parameters, result))
        default:
            let article = what.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            throw Diagnostic(.typeError, "cannot use \(article) \(what) of type '\(value.typeName)' as '\(self)'\(hint(for: value))", at: range)
        }
    }

    /// A closure whose parameters and result have no annotations takes those of the function type
    /// it is stored as, so `let f: (Double) -> Double = { x in x * x }` makes `f(3)` 9.0, as in Swift.
    private static func typed(_ function: FunctionValue, _ parameters: [TypeSpec], _ result: TypeSpec) -> FunctionValue {
        guard let code = function.code, code.isClosure, code.parameters.count == parameters.count else { return function }
        let resultType: TypeSpec?
        switch result {
        case .any, .void: resultType = code.returnType
        default: resultType = code.returnType ?? result
        }
        var changed = resultType != nil && code.returnType == nil
        var typedParameters: [FunctionCode.Parameter] = []
        typedParameters.reserveCapacity(parameters.count)
        for (parameter, type) in zip(code.parameters, parameters) {
            var newType = parameter.type
            if newType == nil, !type.isAny {
                newType = type
                changed = true
            }
            typedParameters.append(FunctionCode.Parameter(label: parameter.label, name: parameter.name, type: newType,
                                                          defaultValue: parameter.defaultValue, binding: parameter.binding))
        }
        guard changed else { return function }
        let typedCode = FunctionCode(name: code.name, isClosure: true, source: code.source, range: code.range,
                                     parameters: typedParameters, returnType: resultType,
                                     captureSources: code.captureSources, body: code.body, slotCount: code.slotCount)
        return FunctionValue(code: typedCode, captures: function.captures)
    }

    /// Whether `value` already has this type, so converting it would change nothing (a quick check for hot paths).
    @inline(__always)
    func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (.any, _), (.int, .int), (.double, .double), (.bool, .bool), (.string, .string): return true
        default: return false
        }
    }

    private var isAny: Bool {
        if case .any = self { return true }
        return false
    }

    private func hint(for value: Value) -> String {
        switch (self, value) {
        case (.int, .double): return "; convert it with Int(x), which truncates"
        case (.string, _): return "; convert it with String(x) or \"\\(x)\""
        default: return ""
        }
    }
}
