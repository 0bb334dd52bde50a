/// A compiled statement.
class Statement {
    let range: SourceRange

    init(range: SourceRange) {
        self.range = range
    }

    /// Runs the statement.
    func exec(_ frame: Frame) throws -> Flow { .normal }
}

/// A `{ … }` body: its statements and the captured variables that get fresh boxes on each entry.
final class Block {
    let statements: [Statement]
    let boxedSlots: [Int]
    /// The same statements without reference counting: `statements` keeps them alive, and
    /// running a block is the hottest loop of the evaluator.
    private let unretained: [UnretainedStatement]

    private struct UnretainedStatement {
        unowned(unsafe) let statement: Statement
    }

    init(statements: [Statement], boxedSlots: [Int]) {
        self.statements = statements
        self.boxedSlots = boxedSlots
        self.unretained = statements.map { UnretainedStatement(statement: $0) }
    }

    /// Enters the block (fresh boxes, so each loop iteration's closures capture their own variables) and runs it.
    @inline(__always)
    func run(_ frame: Frame) throws -> Flow {
        enter(frame)
        return try runStatements(frame)
    }

    @inline(__always)
    func enter(_ frame: Frame) {
        for slot in boxedSlots { frame.slots[slot] = .box(Box(.uninitialized)) }
    }

    func runStatements(_ frame: Frame) throws -> Flow {
        let runtime = frame.runtime
        for entry in unretained {
            let statement = entry.statement
            try runtime.tick(statement.range)
            let flow = try statement.exec(frame)
            if flow != .normal { return flow }
        }
        return .normal
    }
}

/// An expression evaluated for its effect (or collected by a builder block).
final class ExpressionStatement: Statement {
    let expression: Node

    init(_ expression: Node, range: SourceRange) {
        self.expression = expression
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let value = try expression.eval(frame)
        if let collector = frame.collector {
            if case .void = value {} else { collector.values.append((value, range)) }
        }
        return .normal
    }
}

/// A top-level expression statement whose value is shown: every one under `run`, the last one in a cell.
final class EchoStatement: Statement {
    let expression: Node
    let isLast: Bool

    init(_ expression: Node, isLast: Bool, range: SourceRange) {
        self.expression = expression
        self.isLast = isLast
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let value = try expression.eval(frame)
        if case .void = value { return .normal }
        if isLast {
            frame.runtime.lastValue = value
        } else {
            frame.runtime.host.expressionValue(value)
        }
        return .normal
    }
}

/// `let`/`var` of a local: the value (converted to the annotation) goes into the slot or its box.
final class LocalDeclarationStatement: Statement {
    let slot: Int
    let type: TypeSpec?
    let value: Node

    init(slot: Int, type: TypeSpec?, value: Node, range: SourceRange) {
        self.slot = slot
        self.type = type
        self.value = value
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        var result = try value.eval(frame)
        if let type { result = try type.convert(result, at: value.range) }
        let pointer = frame.slots + slot
        if case .box(let box) = pointer.pointee {
            box.value = result
        } else {
            pointer.pointee = result
        }
        return .normal
    }
}

/// `let`/`var` at the top level: a global that later cells see.
final class GlobalDeclarationStatement: Statement {
    let index: Int
    let isLet: Bool
    let type: TypeSpec?
    let value: Node

    init(index: Int, isLet: Bool, type: TypeSpec?, value: Node, range: SourceRange) {
        self.index = index
        self.isLet = isLet
        self.type = type
        self.value = value
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        var result = try value.eval(frame)
        if let type { result = try type.convert(result, at: value.range) }
        let runtime = frame.runtime
        runtime.globals[index] = result
        runtime.globalIsLet[index] = isLet
        runtime.globalTypes[index] = type
        return .normal
    }
}

/// `target = value` and `target op= value`.
final class AssignmentStatement: Statement {
    let target: LValue
    let op: BinaryOperator?
    let value: Node
    /// The annotation of a local target, known when compiling.
    let localType: TypeSpec?
    /// The global index of a plain global target, whose annotation is checked at run time.
    let globalIndex: Int?
    let isWholeVariable: Bool

    init(target: LValue, op: BinaryOperator?, value: Node, localType: TypeSpec?, globalIndex: Int?,
         isWholeVariable: Bool, range: SourceRange) {
        self.target = target
        self.op = op
        self.value = value
        self.localType = localType
        self.globalIndex = globalIndex
        self.isWholeVariable = isWholeVariable
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let newValue = try value.eval(frame)
        // A stored array or option is the only way an element assignment can deepen nesting
        // (`a[0] = a`); checking it here keeps plain element stores O(1).
        if !isWholeVariable, ArrayDepth.isContainer(newValue) {
            try ArrayDepth.check(newValue, limit: frame.runtime.limits.maxArrayNesting - 1, at: range)
        }
        let runtime = frame.runtime
        var type = localType
        if let globalIndex { type = runtime.globalTypes[globalIndex] }
        let op = self.op
        let range = self.range
        try target.modify(frame, mutating: !isWholeVariable) { stored in
            var result: Value
            if let op {
                if case .int(let a) = stored, case .int(let b) = newValue, let fast = Operators.fastInt(op, a, b) {
                    result = fast
                } else {
                    result = try Operators.binary(op, stored, newValue, at: range, runtime: runtime)
                }
            } else {
                result = newValue
            }
            if let type { result = try type.convert(result, at: range) }
            stored = result
        }
        return .normal
    }
}

/// `if … else if … else …`.
final class IfStatement: Statement {
    let branches: [(condition: Node, body: Block)]
    let elseBody: Block?

    private let firstCondition: Node?
    private let firstBody: Block?

    init(branches: [(condition: Node, body: Block)], elseBody: Block?, range: SourceRange) {
        self.branches = branches
        self.elseBody = elseBody
        self.firstCondition = branches.first?.condition
        self.firstBody = branches.first?.body
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        if branches.count == 1, let first = firstCondition, let body = firstBody {
            // The common `if c { … }` and `if c { … } else { … }`, without iterating branches.
            let value = try first.eval(frame)
            guard case .bool(let flag) = value else { throw IfStatement.notBool(value, at: first.range) }
            if flag { return try body.run(frame) }
            if let elseBody { return try elseBody.run(frame) }
            return .normal
        }
        return try execBranches(frame)
    }

    private static func notBool(_ value: Value, at range: SourceRange) -> Diagnostic {
        Diagnostic(.typeError, "an 'if' condition must be a Bool, found a value of type '\(value.typeName)'; compare explicitly, e.g. x != 0", at: range)
    }

    private func execBranches(_ frame: Frame) throws -> Flow {
        for branch in branches {
            let value = try branch.condition.eval(frame)
            guard case .bool(let flag) = value else { throw IfStatement.notBool(value, at: branch.condition.range) }
            if flag { return try branch.body.run(frame) }
        }
        if let elseBody { return try elseBody.run(frame) }
        return .normal
    }
}

/// `while condition { … }` and `repeat { … } while condition`.
final class WhileStatement: Statement {
    let condition: Node
    let body: Block
    let testFirst: Bool

    init(condition: Node, body: Block, testFirst: Bool, range: SourceRange) {
        self.condition = condition
        self.body = body
        self.testFirst = testFirst
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let runtime = frame.runtime
        var first = !testFirst
        while true {
            try runtime.tick(range)
            if !first {
                let value = try condition.eval(frame)
                guard case .bool(let flag) = value else {
                    throw Diagnostic(.typeError, "a 'while' condition must be a Bool, found a value of type '\(value.typeName)'", at: condition.range)
                }
                if !flag { break }
            }
            first = false
            let flow = try body.run(frame)
            if flow == .breakLoop { break }
            if flow == .returned { return flow }
        }
        return .normal
    }
}

/// `for name in sequence { … }`; ranges count without building an array.
final class ForStatement: Statement {
    let slot: Int?
    let sequence: Node
    let body: Block

    init(slot: Int?, sequence: Node, body: Block, range: SourceRange) {
        self.slot = slot
        self.sequence = sequence
        self.body = body
        super.init(range: range)
    }

    @inline(__always)
    private func bind(_ value: Value, _ frame: Frame) {
        guard let slot else { return }
        let pointer = frame.slots + slot
        if case .box(let box) = pointer.pointee { box.value = value } else { pointer.pointee = value }
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let runtime = frame.runtime
        let sequenceValue = try sequence.eval(frame)
        if case .range(let lower, let upper, let closed) = sequenceValue {
            let count = try Coerce.rangeCount(lower, upper, closed, at: sequence.range)
            var index = lower
            var remaining = count
            while remaining > 0 {
                try runtime.tick(range)
                body.enter(frame)
                bind(.int(index), frame)
                let flow = try body.runStatements(frame)
                if flow == .breakLoop { break }
                if flow == .returned { return flow }
                remaining -= 1
                index &+= 1
            }
            return .normal
        }
        let elements = try Coerce.elements(sequenceValue, at: sequence.range, limit: runtime.limits.maxElements)
        for element in elements {
            try runtime.tick(range)
            body.enter(frame)
            bind(element, frame)
            let flow = try body.runStatements(frame)
            if flow == .breakLoop { break }
            if flow == .returned { return flow }
        }
        return .normal
    }
}

/// `break`, `continue`.
final class JumpStatement: Statement {
    let flow: Flow

    init(_ flow: Flow, range: SourceRange) {
        self.flow = flow
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow { flow }
}

/// `return` and `return value`.
final class ReturnStatement: Statement {
    let value: Node?

    init(_ value: Node?, range: SourceRange) {
        self.value = value
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        frame.runtime.returnValue = try value?.eval(frame) ?? .void
        frame.runtime.returnRange = value?.range ?? range
        return .returned
    }
}

/// A local `func` declaration: makes the closure and stores it in its slot.
final class LocalFunctionStatement: Statement {
    let slot: Int
    let closure: ClosureNode

    init(slot: Int, closure: ClosureNode, range: SourceRange) {
        self.slot = slot
        self.closure = closure
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let function = Value.function(try closure.makeFunction(frame))
        let pointer = frame.slots + slot
        if case .box(let box) = pointer.pointee { box.value = function } else { pointer.pointee = function }
        return .normal
    }
}
