/// A function value: a user function or closure with its captured variables, or a builtin.
public final class FunctionValue {
    /// The name it was declared with; nil for closures.
    public let name: String?
    let code: FunctionCode?
    @exclusivity(unchecked) private(set) var captures: [Box]
    let builtin: Builtin?

    init(code: FunctionCode, captures: [Box]) {
        self.name = code.name
        self.code = code
        self.captures = captures
        self.builtin = nil
    }

    init(builtin: Builtin) {
        self.name = builtin.name
        self.code = nil
        self.captures = []
        self.builtin = builtin
    }

    /// Frees chains of closures (each capturing the previous one) with a loop instead of
    /// recursion, so a chain of any length cannot overflow the stack of the thread that drops it.
    deinit {
        guard !captures.isEmpty else { return }
        var boxes = captures
        captures = []
        // Values taken out of dying boxes; arrays and options are opened so that closures
        // inside them are emptied here too, not by a recursive release.
        var values: [Value] = []
        while true {
            if var box = boxes.popLast() {
                // Only a box that dies with us needs emptying; a shared one lives on.
                guard isKnownUniquelyReferenced(&box) else { continue }
                var inner = Value.void
                swap(&inner, &box.value)
                values.append(inner)
            } else if var value = values.popLast() {
                // Take the closure out of the value, so the value holds no second reference to it.
                if var function = value.takeFunction() {
                    if isKnownUniquelyReferenced(&function) {
                        boxes.append(contentsOf: function.captures)
                        function.captures = []
                    }
                    continue
                }
                switch value {
                case .array(let elements):
                    for element in elements where FunctionValue.holdsReferences(element) { values.append(element) }
                case .option(let option):
                    for argument in option.arguments where FunctionValue.holdsReferences(argument.value) {
                        values.append(argument.value)
                    }
                case .box(let box):
                    boxes.append(box)
                default:
                    break
                }
            } else {
                return
            }
        }
    }

    /// Whether releasing the value could release a closure.
    private static func holdsReferences(_ value: Value) -> Bool {
        switch value {
        case .function, .array, .option, .box: return true
        default: return false
        }
    }

    /// The number of parameters, when it is fixed.
    var fixedArity: Int? {
        if let code { return code.parameters.count }
        return builtin?.arity
    }

    /// The fewest arguments a call may pass.
    var minimumArity: Int {
        if let code { return code.parameters.filter { $0.defaultValue == nil }.count }
        return builtin?.arity ?? 0
    }

    /// The type users see, as Swift writes function types.
    var typeName: String {
        guard let code else { return "(…) -> …" }
        let parameters = code.parameters.map { $0.type?.description ?? "Any" }.joined(separator: ", ")
        return "(\(parameters)) -> \(code.returnType?.description ?? (code.isClosure ? "Any" : "Void"))"
    }
}

/// The compiled form of a function or closure, shared by all its closures.
final class FunctionCode {
    /// One parameter: label, conversion, default and slot.
    struct Parameter {
        let label: String?
        let name: String
        let type: TypeSpec?
        let defaultValue: Node?
        let binding: LocalBinding
    }

    let name: String?
    let isClosure: Bool
    let source: Source
    let range: SourceRange
    let parameters: [Parameter]
    let returnType: TypeSpec?
    /// Where the enclosing frame provides each captured box.
    let captureSources: [CaptureSource]
    let body: Block
    let slotCount: Int
    /// Per parameter, flattened so a call copies no structs: its slot, annotation, and whether
    /// a closure captured it (then it lives in a box).
    let parameterSlots: [Int]
    let parameterTypes: [TypeSpec?]
    let parameterBoxed: [Bool]

    init(name: String?, isClosure: Bool, source: Source, range: SourceRange, parameters: [Parameter],
         returnType: TypeSpec?, captureSources: [CaptureSource], body: Block, slotCount: Int) {
        self.name = name
        self.isClosure = isClosure
        self.source = source
        self.range = range
        self.parameters = parameters
        self.returnType = returnType
        self.captureSources = captureSources
        self.body = body
        self.slotCount = slotCount
        self.parameterSlots = parameters.map(\.binding.slot)
        self.parameterTypes = parameters.map(\.type)
        self.parameterBoxed = parameters.map(\.binding.isCaptured)
    }

    /// How a call site's labels line up with the parameters: an argument index or a default, per parameter.
    func match(labels: [String?], at range: SourceRange) throws -> [Int] {
        var plan: [Int] = []
        plan.reserveCapacity(parameters.count)
        var next = 0
        for parameter in parameters {
            if next < labels.count, labels[next] == parameter.label || (isClosure && labels[next] == nil) {
                plan.append(next)
                next += 1
            } else if parameter.defaultValue != nil {
                plan.append(-1)
            } else {
                throw Diagnostic(.typeError, missingMessage(parameter, labels: labels, next: next), at: range)
            }
        }
        if next < labels.count {
            if let label = labels[next] {
                if parameters.contains(where: { $0.label == label }) {
                    throw Diagnostic(.typeError, "argument '\(label):' is out of order" + hintSuffix, at: range)
                }
                // A label that fits no parameter where a defaulted one was skipped is a misspelling of it.
                if let skipped = plan.firstIndex(of: -1) {
                    let wanted = parameters[skipped].label.map { "'\($0):'" } ?? "no label"
                    throw Diagnostic(.typeError, "wrong argument label in call to \(displayName): found '\(label):', expected \(wanted)" + hintSuffix, at: range)
                }
            }
            throw Diagnostic(.typeError, "extra argument\(labels[next].map { " '\($0):'" } ?? "") in call to \(displayName): it takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s")" + hintSuffix, at: range)
        }
        return plan
    }

    /// A `func` with at least one labelled parameter: called through a value, it takes its
    /// arguments in order (closures and unlabelled functions match as written).
    var hasLabels: Bool { !isClosure && parameters.contains { $0.label != nil } }

    /// Evaluates a parameter's default value in the callee's frame (it sees globals and captures only).
    @inline(never)
    func defaultArgument(_ index: Int, _ calleeFrame: Frame) throws -> Value {
        guard let defaultValue = parameters[index].defaultValue else { return .void }
        var value = try defaultValue.eval(calleeFrame)
        if let type = parameterTypes[index] {
            value = try type.convert(value, at: defaultValue.range, what: "default value of '\(parameters[index].name)'")
        }
        return value
    }

    /// Stores a parameter's value in its slot, in a box when a closure captured it.
    @inline(__always)
    func bind(_ value: Value, parameter index: Int, in slots: UnsafeMutablePointer<Value>) {
        slots[parameterSlots[index]] = parameterBoxed[index] ? .box(Box(value)) : value
    }

    /// The plan for arguments passed in order, with no labels (a call through a function value).
    func matchInOrder(count: Int, at range: SourceRange) throws -> [Int] {
        let required = parameters.filter { $0.defaultValue == nil }.count
        guard count >= required, count <= parameters.count else {
            throw Diagnostic(.typeError, "\(displayName) takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s") but is called here with \(count)", at: range)
        }
        return parameters.indices.map { $0 < count ? $0 : -1 }
    }

    /// `; the signature is name(_:label:)` for functions; closures have no labels to show.
    private var hintSuffix: String { isClosure ? "" : "; " + signatureHint }

    private func missingMessage(_ parameter: Parameter, labels: [String?], next: Int) -> String {
        if next < labels.count {
            let given = labels[next].map { "'\($0):'" } ?? "no label"
            let wanted = parameter.label.map { "'\($0):'" } ?? "no label"
            return "wrong argument label in call to \(displayName): found \(given), expected \(wanted)" + hintSuffix
        }
        return "missing argument \(parameter.label.map { "'\($0):'" } ?? "for parameter '\(parameter.name)'") in call to \(displayName)" + hintSuffix
    }

    var displayName: String { name.map { "'\($0)'" } ?? "closure" }

    /// `call it as name(_:label:)`.
    var signatureHint: String {
        if isClosure { return "the closure takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s")" }
        let labels = parameters.map { ($0.label ?? "_") + ":" }.joined()
        return "the signature is \(name ?? "")(\(labels))"
    }
}

/// Where a closure's captured box comes from when the closure is created.
enum CaptureSource {
    /// A boxed slot of the enclosing frame.
    case slot(Int)
    /// A capture of the enclosing closure.
    case capture(Int)
}

/// A local variable known to the compiler: its slot, and whether a closure captures it (then it lives in a box).
final class LocalBinding {
    let name: String
    let slot: Int
    let isLet: Bool
    let type: TypeSpec?
    let range: SourceRange
    var isCaptured = false
    var isFunction = false

    init(name: String, slot: Int, isLet: Bool, type: TypeSpec?, range: SourceRange) {
        self.name = name
        self.slot = slot
        self.isLet = isLet
        self.type = type
        self.range = range
    }
}
