import NeuralNet

/// A compiled expression: names resolved to slots, ready to evaluate.
///
/// Subclasses override `eval`; the tree is built once per cell by the `Compiler`.
class Node {
    /// The source range errors point at.
    let range: SourceRange

    init(range: SourceRange) {
        self.range = range
    }

    /// Evaluates the expression in a frame.
    func eval(_ frame: Frame) throws -> Value {
        throw Diagnostic(.runtimeError, "this expression cannot be evaluated", at: range)
    }
}

/// A literal, or any value known when compiling.
final class ConstantNode: Node {
    let value: Value

    init(_ value: Value, range: SourceRange) {
        self.value = value
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value { value }
}

/// Reads a local variable (through its box when a closure captured it).
final class LocalGetNode: Node {
    let slot: Int
    let name: String

    init(_ binding: LocalBinding, range: SourceRange) {
        self.slot = binding.slot
        self.name = binding.name
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let value = frame.slots[slot]
        if case .box(let box) = value { return try box.read(name, at: range) }
        return value
    }
}

/// Reads a variable captured by the running closure.
final class CaptureGetNode: Node {
    let index: Int
    let name: String

    init(index: Int, name: String, range: SourceRange) {
        self.index = index
        self.name = name
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        guard let function = frame.function, index < function.captures.count else {
            throw Names.usedBeforeDeclaration(name, at: range)
        }
        return try function.captures[index].read(name, at: range)
    }
}

/// Reads a global (a top-level name of any cell).
final class GlobalGetNode: Node {
    let index: Int
    let name: String

    init(index: Int, name: String, range: SourceRange) {
        self.index = index
        self.name = name
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let value = frame.runtime.globals[index]
        if case .uninitialized = value { throw Names.neverInitialized(name, at: range) }
        return value
    }
}

/// Messages for names that exist but hold no value yet.
enum Names {
    static func usedBeforeDeclaration(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.nameError, "'\(name)' is used before its declaration has run; move the declaration above this use", at: range)
    }

    static func neverInitialized(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.nameError, "'\(name)' is declared but has no value: its declaration has not run (an earlier error stopped it?); run the cell that declares it", at: range)
    }
}

/// `[a, b, c]`.
final class ArrayLiteralNode: Node {
    let elements: [Node]

    init(_ elements: [Node], range: SourceRange) {
        self.elements = elements
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            let value = try element.eval(frame)
            if ArrayDepth.isContainer(value) { try ArrayDepth.check(value, limit: frame.runtime.limits.maxArrayNesting - 1, at: range) }
            values.append(value)
        }
        return .array(values)
    }
}

/// Guards the nesting depth of arrays, so printing and freeing them stays shallow.
enum ArrayDepth {
    /// Throws a ResourceError if `value` nests arrays (and options holding values) more than
    /// `limit` deep.
    static func check(_ value: Value, limit: Int, at range: SourceRange) throws {
        if exceeds(value, limit) {
            throw Diagnostic(.resourceError, "array nesting limit: arrays may nest at most \(limit + 1) levels deep", at: range)
        }
    }

    /// Whether the value holds other values that could nest further (arrays and options).
    @inline(__always)
    static func isContainer(_ value: Value) -> Bool {
        switch value {
        case .array, .option: return true
        default: return false
        }
    }

    private static func exceeds(_ value: Value, _ limit: Int) -> Bool {
        let children: [Value]
        switch value {
        case .array(let elements): children = elements
        case .option(let option): children = option.arguments.map(\.value)
        default: return false
        }
        if limit <= 0 { return true }
        for child in children where isContainer(child) {
            if exceeds(child, limit - 1) { return true }
        }
        return false
    }
}

/// `"text \(expression) text"`.
final class InterpolationNode: Node {
    enum Part {
        case text(String)
        case expression(Node)
    }

    let parts: [Part]

    init(_ parts: [Part], range: SourceRange) {
        self.parts = parts
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        var out = ""
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .expression(let node):
                let value = try node.eval(frame)
                try frame.runtime.checkPrintable([value], node.range)
                out += ValueFormatter.printed(value)
                try frame.runtime.checkString(out, range)
            }
        }
        return .string(out)
    }
}

/// `-x`, `+x`, `!x`.
final class UnaryNode: Node {
    let op: UnaryOperator
    let operand: Node

    init(_ op: UnaryOperator, _ operand: Node, range: SourceRange) {
        self.op = op
        self.operand = operand
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        try Operators.unary(op, try operand.eval(frame), at: range)
    }
}

/// `a op b` for arithmetic and comparisons, with fast paths for Int and Double.
final class BinaryNode: Node {
    let op: BinaryOperator
    let left: Node
    let right: Node

    init(_ op: BinaryOperator, _ left: Node, _ right: Node, range: SourceRange) {
        self.op = op
        self.left = left
        self.right = right
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let a = try left.eval(frame)
        let b = try right.eval(frame)
        if case .int(let x) = a, case .int(let y) = b, let result = Operators.fastInt(op, x, y) {
            return result
        }
        if case .double(let x) = a, case .double(let y) = b {
            switch op {
            case .add: return .double(x + y)
            case .subtract: return .double(x - y)
            case .multiply: return .double(x * y)
            case .divide: return .double(x / y)
            case .less: return .bool(x < y)
            case .greater: return .bool(x > y)
            default: break
            }
        }
        return try Operators.binary(op, a, b, at: range, runtime: frame.runtime)
    }
}

/// `a op k` with an Int literal `k` on the right (`n - 1`, `i % 7`, `n < 2`): the commonest
/// arithmetic in loops and recursion, without evaluating a node for the constant.
final class BinaryIntConstantNode: Node {
    let op: BinaryOperator
    let left: Node
    let constant: Int

    init(_ op: BinaryOperator, _ left: Node, _ constant: Int, range: SourceRange) {
        self.op = op
        self.left = left
        self.constant = constant
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let a = try left.eval(frame)
        if case .int(let x) = a, let result = Operators.fastInt(op, x, constant) { return result }
        return try Operators.binary(op, a, .int(constant), at: range, runtime: frame.runtime)
    }
}

/// `a && b`, `a || b`: the right side runs only when needed.
final class LogicalNode: Node {
    let isAnd: Bool
    let left: Node
    let right: Node

    init(isAnd: Bool, _ left: Node, _ right: Node, range: SourceRange) {
        self.isAnd = isAnd
        self.left = left
        self.right = right
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let op = isAnd ? "&&" : "||"
        let a = try Coerce.bool(try left.eval(frame), at: left.range, what: "left side of '\(op)'")
        if a != isAnd { return .bool(a) }
        return .bool(try Coerce.bool(try right.eval(frame), at: right.range, what: "right side of '\(op)'"))
    }
}

/// `condition ? a : b`.
final class TernaryNode: Node {
    let condition: Node
    let then: Node
    let otherwise: Node

    init(_ condition: Node, _ then: Node, _ otherwise: Node, range: SourceRange) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        let flag = try Coerce.bool(try condition.eval(frame), at: condition.range, what: "condition of '?:'")
        return try flag ? then.eval(frame) : otherwise.eval(frame)
    }
}

/// `{ params in body }`: makes a closure that captures the boxes it needs.
final class ClosureNode: Node {
    let code: FunctionCode

    init(_ code: FunctionCode, range: SourceRange) {
        self.code = code
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        .function(try makeFunction(frame))
    }

    func makeFunction(_ frame: Frame) throws -> FunctionValue {
        var captures: [Box] = []
        captures.reserveCapacity(code.captureSources.count)
        for source in code.captureSources {
            switch source {
            case .slot(let slot):
                if case .box(let box) = frame.slots[slot] {
                    captures.append(box)
                } else {
                    // A slot captured after it was filled: move its value into a box now.
                    let box = Box(frame.slots[slot])
                    frame.slots[slot] = .box(box)
                    captures.append(box)
                }
            case .capture(let index):
                guard let function = frame.function, index < function.captures.count else {
                    throw Diagnostic(.runtimeError, "a captured variable is missing", at: range)
                }
                captures.append(function.captures[index])
            }
        }
        return FunctionValue(code: code, captures: captures)
    }
}

/// `.name`: an option such as `.sigmoid`, interpreted by the function that receives it.
final class OptionNode: Node {
    let name: String
    let arguments: [Node]
    let labels: [String?]

    init(name: String, arguments: [Node], labels: [String?], range: SourceRange) {
        self.name = name
        self.arguments = arguments
        self.labels = labels
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        var values: [(label: String?, value: Value)] = []
        for (label, argument) in zip(labels, arguments) {
            let value = try argument.eval(frame)
            if ArrayDepth.isContainer(value) { try ArrayDepth.check(value, limit: frame.runtime.limits.maxArrayNesting - 1, at: range) }
            values.append((label, value))
        }
        return .option(OptionValue(name: name, arguments: values))
    }
}
