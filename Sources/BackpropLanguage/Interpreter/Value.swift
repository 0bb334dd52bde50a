import NeuralNet

/// A value of the Backprop language.
///
/// Arrays, vectors and matrices have value semantics (Swift's copy-on-write); functions and
/// library objects are references.
public enum Value: @unchecked Sendable {
    /// The value of statements and functions that return nothing, `()`.
    case void
    /// A 64-bit integer.
    case int(Int)
    /// A double-precision number.
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// Text.
    case string(String)
    /// An array of any values, as written with `[…]`.
    case array([Value])
    /// A vector of Doubles, the result of vector arithmetic.
    case vector(Vector)
    /// A matrix of Doubles.
    case matrix(Matrix)
    /// `lower..<upper` or `lower...upper`.
    case range(Int, Int, closed: Bool)
    /// A function or closure.
    case function(FunctionValue)
    /// `.name` or `.name(arguments)`: an option such as `.sigmoid` or `.standardError`.
    case option(OptionValue)
    /// A network: a reference, shared by every name bound to it.
    case network(NetworkReference)
    /// Any other library value: a layer, dataset, pass, gradients, history, plot.
    case object(LibraryObject)
    /// A box holding a variable that a closure captured (internal to frames, never a user value).
    case box(Box)
    /// A slot whose declaration has not run yet (internal, never a user value).
    case uninitialized
}

/// A mutable cell holding a captured variable, shared by the frame and its closures.
public final class Box {
    /// The variable's current value.
    var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// The variable's value; a NameError if its declaration has not run yet (a function may
    /// capture a variable declared after it in the same block).
    @inline(__always)
    func read(_ name: String, at range: SourceRange) throws -> Value {
        let current = value
        if case .uninitialized = current { throw Names.usedBeforeDeclaration(name, at: range) }
        return current
    }
}

/// A `.name` or `.name(arguments)` value, interpreted by the function that receives it.
public final class OptionValue {
    /// The name after the dot.
    public let name: String
    /// The arguments, when written as a call: labels and values.
    public let arguments: [(label: String?, value: Value)]

    init(name: String, arguments: [(label: String?, value: Value)] = []) {
        self.name = name
        self.arguments = arguments
    }
}

extension Value {
    /// The type name users see in messages, as Swift would write it.
    public var typeName: String {
        switch self {
        case .void: return "Void"
        case .int: return "Int"
        case .double: return "Double"
        case .bool: return "Bool"
        case .string: return "String"
        case .array(let elements): return "[\(Value.elementTypeName(elements))]"
        case .vector: return "Vector"
        case .matrix: return "Matrix"
        case .range(_, _, let closed): return closed ? "ClosedRange<Int>" : "Range<Int>"
        case .function(let function): return function.typeName
        case .option(let option): return "option .\(option.name)"
        case .network: return "Network"
        case .object(let object): return object.typeName
        case .box(let box): return box.value.typeName
        case .uninitialized: return "uninitialized"
        }
    }

    static func elementTypeName(_ elements: [Value]) -> String {
        guard let first = elements.first else { return "Any" }
        var name = first.typeName
        for element in elements.dropFirst() {
            let other = element.typeName
            if other == name { continue }
            if (name == "Int" && other == "Double") || (name == "Double" && other == "Int") {
                name = "Double"
            } else {
                return "Any"
            }
        }
        return name
    }

    /// A small number naming the kind of a scalar (Int, Double, Bool, String), 0 for anything else.
    ///
    /// An annotated array always holds converted values, so an element replaced by one of the
    /// same scalar kind needs no new check.
    @inline(__always)
    var scalarKind: Int {
        switch self {
        case .int: return 1
        case .double: return 2
        case .bool: return 3
        case .string: return 4
        default: return 0
        }
    }

    /// The scalar kind of the last element of an array (0 if it is not an array of scalars).
    var lastElementKind: Int {
        guard case .array(let elements) = self else { return 0 }
        return elements.last?.scalarKind ?? 0
    }

    /// Whether this is an Int or a Double.
    var isNumber: Bool {
        switch self {
        case .int, .double: return true
        default: return false
        }
    }

    /// The number as a Double, for Int and Double values.
    var asDouble: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
}
