/// `callee(arguments)`: calls a user function, a closure or a builtin.
final class CallNode: Node {
    let callee: Node
    let arguments: [Node]
    let labels: [String?]
    /// The callee is a function value (a variable or parameter), whose arguments go in order.
    let argumentsInOrder: Bool
    // The label plan of the last user function called here; most call sites call one function.
    @exclusivity(unchecked) private var cachedCode: FunctionCode?
    @exclusivity(unchecked) private var cachedPlan: [Int] = []

    init(callee: Node, arguments: [Node], labels: [String?], argumentsInOrder: Bool = false, range: SourceRange) {
        self.callee = callee
        self.arguments = arguments
        self.labels = labels
        self.argumentsInOrder = argumentsInOrder
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let calleeValue = try callee.eval(frame)
        guard case .function(let function) = calleeValue else {
            throw Diagnostic(.typeError, "cannot call a value of type '\(calleeValue.typeName)'; only functions and closures can be called", at: callee.range)
        }
        guard let code = function.code else {
            var values: [Value] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try argument.eval(frame)) }
            return try frame.runtime.callBuiltin(function, values, labels: labels, ranges: arguments.map(\.range), at: range)
        }
        let plan: [Int]
        if cachedCode === code {
            plan = cachedPlan
        } else {
            plan = argumentsInOrder && code.hasLabels
                ? try code.matchInOrder(count: arguments.count, at: range) : try code.match(labels: labels, at: range)
            cachedCode = code
            cachedPlan = plan
        }
        let runtime = frame.runtime
        let slots = try runtime.pushFrame(code.slotCount, at: range)
        defer { runtime.popFrame(slots, code.slotCount) }
        let types = code.parameterTypes
        for index in 0..<plan.count {
            let argumentIndex = plan[index]
            var value: Value
            if argumentIndex >= 0 {
                let argument = arguments[argumentIndex]
                value = try argument.eval(frame)
                if let type = types[index] {
                    value = try type.convert(value, at: argument.range, what: "argument for '\(code.parameters[index].name)'")
                }
            } else {
                value = try code.defaultArgument(index, Frame(slots: slots, function: function, runtime: runtime, collector: nil))
            }
            code.bind(value, parameter: index, in: slots)
        }
        return try runtime.invoke(code, function, slots, at: range)
    }
}

extension Runtime {
    /// Reserves and initializes a frame's slots on the arena.
    @inline(__always)
    func pushFrame(_ count: Int, at range: SourceRange) throws -> UnsafeMutablePointer<Value> {
        let base = arenaTop
        guard count <= arenaCapacity - base else {
            throw Diagnostic(.resourceError, "frame limit: the active calls need more than \(arenaCapacity) variable slots; reduce the recursion depth", at: range)
        }
        let slots = arena + base
        slots.initialize(repeating: .void, count: count)
        arenaTop = base + count
        return slots
    }

    /// Releases a frame's slots.
    @inline(__always)
    func popFrame(_ slots: UnsafeMutablePointer<Value>, _ count: Int) {
        slots.deinitialize(count: count)
        arenaTop = slots - arena
    }

    /// Runs a user function whose parameters are bound, checking depth, stack and the result type.
    func invoke(_ code: FunctionCode, _ function: FunctionValue, _ slots: UnsafeMutablePointer<Value>,
                at range: SourceRange, collector: BuilderCollector? = nil) throws -> Value {
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > limits.maxCallDepth {
            throw Diagnostic(.resourceError, "recursion limit: at most \(limits.maxCallDepth) calls may be active at once; check that the recursion reaches its base case", at: range)
        }
        if LargeStackThread.currentAddress() < stackLimit {
            throw Diagnostic(.resourceError, "stack limit: the calls nest too deeply for the evaluation stack; check that the recursion reaches its base case", at: range)
        }
        let frame = Frame(slots: slots, function: function, runtime: self, collector: collector)
        do {
            let flow = try code.body.run(frame)
            var result = Value.void
            var resultRange = code.range
            if flow == .returned {
                result = returnValue
                returnValue = .void
                resultRange = returnRange
            } else if let type = code.returnType, !code.isClosure {
                if case .void = type {} else {
                    throw Diagnostic(.runtimeError, "function \(code.displayName) reached its end without returning a value of type '\(type)'; add a 'return'", at: code.range)
                }
            }
            if let type = code.returnType {
                result = try type.convert(result, at: resultRange, what: "return value")
            }
            return result
        } catch var diagnostic as Diagnostic {
            if diagnostic.source == nil, diagnostic.range != nil { diagnostic.source = code.source }
            throw diagnostic
        }
    }

    /// Calls any function value with positional arguments (used by builtins such as `map`).
    func call(_ function: FunctionValue, _ arguments: [Value], at range: SourceRange, collector: BuilderCollector? = nil) throws -> Value {
        guard let code = function.code else {
            return try callBuiltin(function, arguments, labels: arguments.map { _ in nil }, ranges: arguments.map { _ in range }, at: range)
        }
        let plan = try code.matchInOrder(count: arguments.count, at: range)
        let slots = try pushFrame(code.slotCount, at: range)
        defer { popFrame(slots, code.slotCount) }
        for index in 0..<plan.count {
            var value: Value
            if plan[index] >= 0 {
                value = arguments[index]
                if let type = code.parameterTypes[index] {
                    value = try type.convert(value, at: range, what: "argument for '\(code.parameters[index].name)'")
                }
            } else {
                value = try code.defaultArgument(index, Frame(slots: slots, function: function, runtime: self, collector: nil))
            }
            code.bind(value, parameter: index, in: slots)
        }
        return try invoke(code, function, slots, at: range, collector: collector)
    }

    /// Runs a builder closure (as in `Network { … }`) and returns the value of each expression
    /// statement with the statement's range (in the closure's source).
    func callBuilder(_ function: FunctionValue, at range: SourceRange) throws -> [(value: Value, range: SourceRange)] {
        let collector = BuilderCollector()
        let result = try call(function, [], at: range, collector: collector)
        // A one-expression block compiles to an implicit return; its value is the one element.
        if collector.values.isEmpty, case .void = result { return [] }
        if collector.values.isEmpty { return [(result, function.code?.range ?? range)] }
        return collector.values
    }

    /// Calls a builtin with evaluated arguments.
    func callBuiltin(_ function: FunctionValue, _ arguments: [Value], labels: [String?], ranges: [SourceRange],
                     at range: SourceRange) throws -> Value {
        guard let builtin = function.builtin else {
            throw Diagnostic(.typeError, "this value cannot be called", at: range)
        }
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > limits.maxCallDepth {
            throw Diagnostic(.resourceError, "recursion limit: at most \(limits.maxCallDepth) calls may be active at once", at: range)
        }
        return try builtin.body(BuiltinCall(builtin: builtin, arguments: arguments, labels: labels, ranges: ranges, range: range, runtime: self))
    }
}
