/// `base[index]`.
final class SubscriptNode: Node {
    let base: Node
    let index: Node

    init(base: Node, index: Node, range: SourceRange) {
        self.base = base
        self.index = index
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        try Subscripts.get(try base.eval(frame), try index.eval(frame), at: range)
    }
}

/// `base.name`: a property such as `count` or `shape`.
final class MemberNode: Node {
    let base: Node
    let name: String

    init(base: Node, name: String, range: SourceRange) {
        self.base = base
        self.name = name
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        try Methods.property(try base.eval(frame), name, at: range, runtime: frame.runtime)
    }
}

/// `base.name(arguments)` for methods that do not change the base.
final class MethodCallNode: Node {
    let base: Node
    let name: String
    let arguments: [Node]
    let labels: [String?]

    init(base: Node, name: String, arguments: [Node], labels: [String?], range: SourceRange) {
        self.base = base
        self.name = name
        self.arguments = arguments
        self.labels = labels
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let receiver = try base.eval(frame)
        var values: [Value] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(try argument.eval(frame)) }
        let call = MethodCall(name: name, arguments: values, labels: labels, ranges: arguments.map(\.range), range: range, runtime: frame.runtime)
        return try Methods.call(receiver, call)
    }
}

/// `target.name(arguments)` for methods that change the target in place, such as `append`.
final class MutatingMethodNode: Node {
    let target: LValue
    let name: String
    let arguments: [Node]
    let labels: [String?]

    /// Whether the method adds an element (`append`, `insert`), which an annotation converts.
    private let addsElements: Bool
    /// The target when it is an element, `a[i].append(x)`, changed in place.
    private let elementTarget: SubscriptLValue?
    private let argumentRanges: [SourceRange]

    init(target: LValue, name: String, arguments: [Node], labels: [String?], range: SourceRange) {
        self.target = target
        self.name = name
        self.arguments = arguments
        self.labels = labels
        self.addsElements = (name == "append" || name == "insert") && !arguments.isEmpty
        self.elementTarget = target as? SubscriptLValue
        self.argumentRanges = arguments.map(\.range)
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(try argument.eval(frame)) }
        var result = Value.void
        if let element = elementTarget {
            try element.modifyInPlace(frame) { stored in
                result = try mutate(&stored, values, frame)
            }
        } else {
            try target.modify(frame, mutating: true) { stored in
                result = try mutate(&stored, values, frame)
            }
        }
        return result
    }

    private func mutate(_ stored: inout Value, _ evaluated: [Value], _ frame: Frame) throws -> Value {
        var values = evaluated
        // An annotated array holds converted values, so an element of the kind of the last one needs no check.
        if addsElements, (labels.first ?? nil) != nil || values[0].scalarKind == 0 || values[0].scalarKind != stored.lastElementKind,
           let type = target.declaredType(frame) {
            try convertElements(&values, to: type)
        }
        let call = MethodCall(name: name, arguments: values, labels: labels, ranges: argumentRanges, range: range, runtime: frame.runtime)
        return try Methods.mutate(&stored, call)
    }

    /// Gives new elements the element type of an annotated array: `b.append(3)` on a `[Double]` appends 3.0.
    private func convertElements(_ values: inout [Value], to type: TypeSpec) throws {
        guard case .array(let element) = type, !values.isEmpty else { return }
        if element.accepts(values[0]) { return }
        switch (name, labels.first ?? nil) {
        case ("append", nil), ("insert", nil):
            values[0] = try element.convert(values[0], at: arguments[0].range, what: "element")
        case ("append", "contentsOf"):
            values[0] = try type.convert(values[0], at: arguments[0].range, what: "element")
        default:
            break
        }
    }
}

/// A method call's evaluated arguments and context.
struct MethodCall: ArgumentRanges {
    let name: String
    let arguments: [Value]
    let labels: [String?]
    let ranges: [SourceRange]
    let range: SourceRange
    unowned(unsafe) let runtime: Runtime
}
