/// Turns a parsed cell into evaluator nodes: resolves every name to a local slot, a captured
/// box, a global index or a builtin, and reports name and scope errors before anything runs.
final class Compiler {
    /// How top-level expression values are shown.
    enum EchoMode {
        /// Only the last top-level expression statement's value is kept, as a notebook cell's result.
        case lastExpression
        /// Every top-level expression statement's value goes to the host, as `run` prints them.
        case everyExpression
    }

    /// The compiled cell: its statements and how many local slots its frame needs.
    struct Cell {
        let statements: [Statement]
        let slotCount: Int
    }

    private final class BlockScope {
        var names: [String: LocalBinding] = [:]
        var declared: [LocalBinding] = []
    }

    private final class FunctionScope {
        let parent: FunctionScope?
        var blocks: [BlockScope] = []
        var slotCount = 0
        var captures: [CaptureSource] = []
        var captureIndex: [ObjectIdentifier: Int] = [:]
        var loopDepth = 0

        init(parent: FunctionScope?) {
            self.parent = parent
        }

        func capture(_ binding: LocalBinding, from source: CaptureSource) -> Int {
            if let index = captureIndex[ObjectIdentifier(binding)] { return index }
            captures.append(source)
            captureIndex[ObjectIdentifier(binding)] = captures.count - 1
            return captures.count - 1
        }
    }

    private enum Resolved {
        case local(LocalBinding)
        case capture(Int, LocalBinding)
        case global(Int)
        case builtin(Builtin)
    }

    private let source: Source
    private let runtime: Runtime
    private let cellScope = FunctionScope(parent: nil)
    private var scope: FunctionScope
    private var diagnostics: [Diagnostic] = []
    /// `let`-ness of globals declared so far in this cell (the runtime table has earlier cells').
    private var cellGlobalIsLet: [String: Bool] = [:]
    private var deferredFunctions: [(index: Int, syntax: FunctionSyntax)] = []
    /// Top-level `func`s of this cell by name (a later `let`/`var` of the name removes it).
    private var cellFunctions: [String: FunctionSyntax] = [:]
    /// Local `func`s by their binding, to read their parameter labels at call sites.
    private var localFunctions: [ObjectIdentifier: FunctionSyntax] = [:]

    private init(source: Source, runtime: Runtime) {
        self.source = source
        self.runtime = runtime
        self.scope = cellScope
    }

    /// Compiles a cell. On failure, globals the cell added are removed again.
    static func compile(_ statements: [Stmt], source: Source, runtime: Runtime, echo: EchoMode) -> Result<Cell, LanguageError> {
        let globalCount = runtime.globalNames.count
        let saved = (0..<globalCount).map { (index: $0, isLet: runtime.globalIsLet[$0], type: runtime.globalTypes[$0]) }
        let compiler = Compiler(source: source, runtime: runtime)
        let cell = compiler.compileCell(statements, echo: echo)
        if !compiler.diagnostics.isEmpty {
            runtime.truncateGlobals(to: globalCount, restoring: saved)
            return .failure(LanguageError(compiler.diagnostics))
        }
        return .success(cell)
    }

    private func report(_ diagnostic: Diagnostic) {
        var located = diagnostic
        located.source = source
        diagnostics.append(located)
    }

    private func attempt<T>(_ fallback: T, _ body: () throws -> T) -> T {
        do {
            return try body()
        } catch let diagnostic as Diagnostic {
            report(diagnostic)
        } catch {
            report(Diagnostic(.runtimeError, "\(error)"))
        }
        return fallback
    }

    // MARK: - Cell

    private func compileCell(_ statements: [Stmt], echo: EchoMode) -> Cell {
        // Top-level functions are visible to the whole cell, as in a Swift script.
        for statement in statements {
            if case .function(let function) = statement.kind, let name = function.name {
                if cellFunctions[name] != nil {
                    report(Diagnostic(.nameError, "invalid redeclaration of function '\(name)' in this cell; give it another name (a later cell may redefine it)", at: function.nameRange))
                    continue
                }
                let index = runtime.addGlobalName(name)
                cellGlobalIsLet[name] = true
                cellFunctions[name] = function
                deferredFunctions.append((index, function))
            }
        }
        var compiled: [Statement] = []
        let lastExpression = statements.lastIndex { if case .function = $0.kind { return false }; return true }
        for (position, statement) in statements.enumerated() {
            if case .expression(let expression) = statement.kind {
                let node = compileExpression(expression)
                let shows = !statement.endsWithSemicolon
                    && (echo == .everyExpression || position == lastExpression)
                if shows {
                    compiled.append(EchoStatement(node, isLast: echo == .lastExpression, range: statement.range))
                } else {
                    compiled.append(ExpressionStatement(node, range: statement.range))
                }
            } else if let node = compileStatement(statement) {
                compiled.append(node)
            }
        }
        // Bodies of top-level functions see every global the cell declares.
        var hoisted: [Statement] = []
        for (index, syntax) in deferredFunctions {
            let code = compileFunction(syntax)
            hoisted.append(GlobalFunctionStatement(index: index, closure: ClosureNode(code, range: syntax.range), range: syntax.nameRange))
        }
        return Cell(statements: hoisted + compiled, slotCount: cellScope.slotCount)
    }

    private var atTopLevel: Bool { scope === cellScope && scope.blocks.isEmpty }

    // MARK: - Scopes

    private func declare(_ name: String, isLet: Bool, type: TypeSpec?, range: SourceRange) throws -> LocalBinding {
        let binding = LocalBinding(name: name, slot: scope.slotCount, isLet: isLet, type: type, range: range)
        scope.slotCount += 1
        guard let block = scope.blocks.last else { return binding }
        if name != "_" {
            if block.names[name] != nil {
                throw Diagnostic(.nameError, "invalid redeclaration of '\(name)' in the same scope; assign with '\(name) = …' or choose another name", at: range)
            }
            block.names[name] = binding
        }
        block.declared.append(binding)
        return binding
    }

    private func lookup(_ name: String, in scope: FunctionScope) -> Resolved? {
        for block in scope.blocks.reversed() {
            if let binding = block.names[name] { return .local(binding) }
        }
        if let parent = scope.parent {
            guard let outer = lookup(name, in: parent) else { return nil }
            switch outer {
            case .local(let binding):
                binding.isCaptured = true
                return .capture(scope.capture(binding, from: .slot(binding.slot)), binding)
            case .capture(let index, let binding):
                return .capture(scope.capture(binding, from: .capture(index)), binding)
            case .global, .builtin:
                return outer
            }
        }
        if let index = runtime.globalIndex[name] { return .global(index) }
        if let builtin = Builtins.functions[name] { return .builtin(builtin) }
        return nil
    }

    private func resolve(_ name: String, at range: SourceRange) throws -> Resolved {
        if let resolved = lookup(name, in: scope) { return resolved }
        if name.hasPrefix("$") {
            throw Diagnostic(.syntaxError, "'\(name)' is not an argument of this closure", at: range)
        }
        var message = "cannot find '\(name)' in scope"
        if let suggestion = suggestion(for: name) { message += "; did you mean '\(suggestion)'?" }
        else { message += "; declare it with 'let \(name) = …' first" }
        throw Diagnostic(.nameError, message, at: range)
    }

    private func visibleNames() -> [String] {
        var names = Set(Builtins.functions.keys).union(runtime.globalIndex.keys)
        var current: FunctionScope? = scope
        while let function = current {
            for block in function.blocks { names.formUnion(block.names.keys) }
            current = function.parent
        }
        return Array(names)
    }

    private func suggestion(for name: String) -> String? {
        EditDistance.closest(to: name, among: visibleNames().filter { !$0.hasPrefix("$") })
    }

    private func globalIsLet(_ name: String, _ index: Int) -> Bool {
        cellGlobalIsLet[name] ?? runtime.globalIsLet[index]
    }

    // MARK: - Statements

    private func compileBlock(_ statements: [Stmt], declaring prelude: (() throws -> Void)? = nil) -> Block {
        scope.blocks.append(BlockScope())
        if let prelude { attempt((), prelude) }
        hoistFunctions(statements)
        var compiled: [Statement] = []
        for statement in statements {
            if let node = compileStatement(statement) { compiled.append(node) }
        }
        let block = scope.blocks.removeLast()
        return Block(statements: compiled, boxedSlots: block.declared.filter(\.isCaptured).map(\.slot))
    }

    /// Local functions can call each other in any order within their block.
    private func hoistFunctions(_ statements: [Stmt]) {
        for statement in statements {
            if case .function(let function) = statement.kind, let name = function.name {
                attempt(()) {
                    let binding = try declare(name, isLet: true, type: nil, range: function.nameRange)
                    binding.isFunction = true
                    localFunctions[ObjectIdentifier(binding)] = function
                }
            }
        }
    }

    private func compileStatement(_ statement: Stmt) -> Statement? {
        attempt(nil) { try compileStatementThrowing(statement) }
    }

    private func compileStatementThrowing(_ statement: Stmt) throws -> Statement? {
        let range = statement.range
        switch statement.kind {
        case .expression(let expression):
            return ExpressionStatement(compileExpression(expression), range: range)
        case .declaration(let declaration):
            let value = compileExpression(declaration.value)
            // `var a = [Double]()` declares a [Double], as in Swift.
            let type = try declaration.type.map(TypeSpec.from) ?? arrayInitializerType(declaration.value)
            if atTopLevel {
                let index = runtime.addGlobalName(declaration.name)
                cellGlobalIsLet[declaration.name] = declaration.isLet
                cellFunctions[declaration.name] = nil
                return GlobalDeclarationStatement(index: index, isLet: declaration.isLet, type: type, value: value, range: range)
            }
            let binding = try declare(declaration.name, isLet: declaration.isLet, type: type, range: declaration.nameRange)
            return LocalDeclarationStatement(slot: binding.slot, type: type, value: value, range: range)
        case .assignment(let target, let op, let value, _):
            let valueNode = compileExpression(value)
            let lvalue = try compileLValue(target, assigning: true)
            var localType: TypeSpec?
            var globalIndex: Int?
            var whole = false
            if case .identifier = target.kind {
                whole = true
                if let local = lvalue as? LocalLValue { localType = local.binding.type }
                if let capture = lvalue as? CaptureLValue { localType = capture.binding.type }
                if let global = lvalue as? GlobalLValue { globalIndex = global.index }
            }
            return AssignmentStatement(target: lvalue, op: op.binary, value: valueNode, localType: localType,
                                       globalIndex: globalIndex, isWholeVariable: whole, range: range)
        case .function(let function):
            if atTopLevel { return nil }
            guard let name = function.name, let binding = scope.blocks.last?.names[name] else {
                throw Diagnostic(.nameError, "function '\(function.name ?? "")' could not be declared here", at: function.nameRange)
            }
            let code = compileFunction(function)
            return LocalFunctionStatement(slot: binding.slot, closure: ClosureNode(code, range: function.range), range: function.nameRange)
        case .ifElse(let branches, let elseBody):
            let compiled = branches.map { (condition: compileExpression($0.condition), body: compileBlock($0.body)) }
            return IfStatement(branches: compiled, elseBody: elseBody.map { compileBlock($0) }, range: range)
        case .whileLoop(let condition, let body):
            let conditionNode = compileExpression(condition)
            scope.loopDepth += 1
            defer { scope.loopDepth -= 1 }
            return WhileStatement(condition: conditionNode, body: compileBlock(body), testFirst: true, range: range)
        case .repeatWhile(let body, let condition):
            scope.loopDepth += 1
            let block = compileBlock(body)
            scope.loopDepth -= 1
            return WhileStatement(condition: compileExpression(condition), body: block, testFirst: false, range: range)
        case .forIn(let name, let nameRange, let sequence, let body):
            let sequenceNode = compileExpression(sequence)
            scope.loopDepth += 1
            defer { scope.loopDepth -= 1 }
            // The loop variable has a scope of its own around the body, so the body may shadow it
            // (`var x = x`), as in Swift.
            scope.blocks.append(BlockScope())
            var loopVariable: LocalBinding?
            if let name { loopVariable = try declare(name, isLet: true, type: nil, range: nameRange) }
            let body = compileBlock(body)
            scope.blocks.removeLast()
            // A captured loop variable needs a fresh box each iteration, like the body's own variables.
            let block = loopVariable.map { $0.isCaptured ? Block(statements: body.statements, boxedSlots: body.boxedSlots + [$0.slot]) : body } ?? body
            return ForStatement(slot: loopVariable?.slot, sequence: sequenceNode, body: block, range: range)
        case .breakLoop, .continueLoop:
            let isBreak: Bool
            if case .breakLoop = statement.kind { isBreak = true } else { isBreak = false }
            guard scope.loopDepth > 0 else {
                throw Diagnostic(.syntaxError, "'\(isBreak ? "break" : "continue")' is only allowed inside a loop", at: range)
            }
            return JumpStatement(isBreak ? .breakLoop : .continueLoop, range: range)
        case .returnValue(let value):
            guard scope !== cellScope else {
                throw Diagnostic(.syntaxError, "'return' is only allowed inside a function or closure", at: range)
            }
            return ReturnStatement(value.map { compileExpression($0) }, range: range)
        }
    }

    // MARK: - Functions

    private func compileFunction(_ syntax: FunctionSyntax) -> FunctionCode {
        let function = FunctionScope(parent: scope)
        let saved = scope
        scope = function
        defer { scope = saved }
        scope.blocks.append(BlockScope())
        var parameters: [FunctionCode.Parameter] = []
        // Defaults are compiled before any parameter is declared: they cannot see the parameters.
        let defaults = syntax.parameters.map { parameter in parameter.defaultValue.map { compileExpression($0) } }
        for (parameter, defaultValue) in zip(syntax.parameters, defaults) {
            let type = attempt(nil) { try parameter.type.map(TypeSpec.from) }
            let binding = attempt(LocalBinding(name: parameter.name, slot: 0, isLet: true, type: type, range: parameter.range)) {
                try declare(parameter.name, isLet: true, type: type, range: parameter.range)
            }
            parameters.append(.init(label: parameter.label, name: parameter.name, type: type, defaultValue: defaultValue, binding: binding))
        }
        if syntax.isClosure, syntax.parameters.isEmpty {
            for number in 0..<syntax.anonymousArity {
                let binding = attempt(LocalBinding(name: "$\(number)", slot: 0, isLet: true, type: nil, range: syntax.range)) {
                    try declare("$\(number)", isLet: true, type: nil, range: syntax.range)
                }
                parameters.append(.init(label: nil, name: "$\(number)", type: nil, defaultValue: nil, binding: binding))
            }
        }
        let returnType = attempt(nil) { try syntax.returnType.map(TypeSpec.from) }
        let body: Block
        if syntax.body.count == 1, let only = syntax.body.first, case .expression(let expression) = only.kind {
            // A single-expression body returns its value, as in Swift.
            body = Block(statements: [ReturnStatement(compileExpression(expression), range: only.range)], boxedSlots: [])
        } else {
            body = compileBlock(syntax.body)
        }
        scope.blocks.removeLast()
        return FunctionCode(name: syntax.name, isClosure: syntax.isClosure, source: source, range: syntax.range,
                            parameters: parameters, returnType: returnType, captureSources: function.captures,
                            body: body, slotCount: function.slotCount)
    }

    // MARK: - Expressions

    private func compileExpression(_ expression: Expr) -> Node {
        attempt(ConstantNode(.void, range: expression.range)) { try compileExpressionThrowing(expression) }
    }

    private func compileExpressionThrowing(_ expression: Expr) throws -> Node {
        let range = expression.range
        switch expression.kind {
        case .int(let value): return ConstantNode(.int(value), range: range)
        case .double(let value): return ConstantNode(.double(value), range: range)
        case .bool(let value): return ConstantNode(.bool(value), range: range)
        case .string(let segments):
            var parts: [InterpolationNode.Part] = []
            for segment in segments {
                switch segment {
                case .text(let text): parts.append(.text(text))
                case .expression(let inner): parts.append(.expression(compileExpression(inner)))
                }
            }
            if parts.count == 1, case .text(let text) = parts[0] { return ConstantNode(.string(text), range: range) }
            if parts.isEmpty { return ConstantNode(.string(""), range: range) }
            return InterpolationNode(parts, range: range)
        case .identifier(let name):
            return try reference(name, at: range)
        case .anonymousArgument(let number):
            return try reference("$\(number)", at: range)
        case .array(let elements):
            let nodes = elements.map { compileExpression($0) }
            if nodes.allSatisfy({ $0 is ConstantNode }), nodes.allSatisfy({ node in
                if let constant = node as? ConstantNode, case .array = constant.value { return false }
                return true
            }) {
                // As in Swift, a literal mixing Ints and Doubles is an array of Doubles.
                let values = Coerce.unifyingNumbers(nodes.compactMap { ($0 as? ConstantNode)?.value })
                return ConstantNode(.array(values), range: range)
            }
            return NumericArrayLiteralNode(ArrayLiteralNode(nodes, range: range))
        case .unary(let op, let operand):
            if op == .negate, case .int(let value) = operand.kind, value != Int.min {
                return ConstantNode(.int(-value), range: range)
            }
            return UnaryNode(op, compileExpression(operand), range: range)
        case .binary(let op, let left, let right, _):
            let l = compileExpression(left), r = compileExpression(right)
            if op == .and || op == .or { return LogicalNode(isAnd: op == .and, l, r, range: range) }
            if let constant = r as? ConstantNode, case .int(let k) = constant.value {
                return BinaryIntConstantNode(op, l, k, range: range)
            }
            return BinaryNode(op, l, r, range: range)
        case .ternary(let condition, let then, let otherwise):
            return TernaryNode(compileExpression(condition), compileExpression(then), compileExpression(otherwise), range: range)
        case .call(let callee, let arguments):
            return try compileCall(callee, arguments, range: range)
        case .subscriptAccess(let base, let arguments):
            var node = compileExpression(base)
            for argument in arguments {
                if let label = argument.label {
                    throw Diagnostic(.syntaxError, "subscripts take no labels; write a[i] instead of a[\(label): i]", at: argument.labelRange ?? range)
                }
                node = SubscriptNode(base: node, index: compileExpression(argument.value), range: range)
            }
            return node
        case .member(let base, let name, _):
            if let builtin = staticMember(base, name) { return ConstantNode(.function(FunctionValue(builtin: builtin)), range: range) }
            if case .identifier(let typeName) = base.kind, let constants = Builtins.staticConstants[typeName],
               lookup(typeName, in: scope).map({ if case .builtin = $0 { return true }; return false }) ?? true {
                guard let constant = constants[name] else {
                    throw Diagnostic(.nameError, "'\(typeName)' has no member '\(name)'; it has " + constants.keys.sorted().joined(separator: ", "), at: range)
                }
                return ConstantNode(constant, range: range)
            }
            return MemberNode(base: compileExpression(base), name: name, range: range)
        case .implicitMember(let name):
            return OptionNode(name: name, arguments: [], labels: [], range: range)
        case .closure(let function):
            return ClosureNode(compileFunction(function), range: range)
        case .operatorFunction(let op):
            return ConstantNode(.function(FunctionValue(builtin: Builtins.operatorFunction(op))), range: range)
        }
    }

    private func reference(_ name: String, at range: SourceRange) throws -> Node {
        switch try resolve(name, at: range) {
        case .local(let binding): return LocalGetNode(binding, range: range)
        case .capture(let index, let binding): return CaptureGetNode(index: index, name: binding.name, range: range)
        case .global(let index): return GlobalGetNode(index: index, name: name, range: range)
        case .builtin(let builtin): return ConstantNode(.function(FunctionValue(builtin: builtin)), range: range)
        }
    }

    /// `Matrix.identity` and the like, when `Matrix` is not shadowed by a user name.
    private func staticMember(_ base: Expr, _ name: String) -> Builtin? {
        guard case .identifier(let typeName) = base.kind, let members = Builtins.staticMembers[typeName] else { return nil }
        if case .builtin = lookup(typeName, in: scope) { return members[name] }
        return nil
    }

    private func compileCall(_ callee: Expr, _ arguments: [Argument], range: SourceRange) throws -> Node {
        let labels = arguments.map(\.label)
        let nodes = arguments.map { compileExpression($0.value) }
        switch callee.kind {
        case .member(let base, let name, _):
            if let builtin = staticMember(base, name) {
                return CallNode(callee: ConstantNode(.function(FunctionValue(builtin: builtin)), range: callee.range),
                                arguments: nodes, labels: labels, range: range)
            }
            if Methods.mutatingNames.contains(name), isPlace(base) {
                let target = try compileLValue(base, assigning: false)
                return MutatingMethodNode(target: target, name: name, arguments: nodes, labels: labels, range: range)
            }
            return MethodCallNode(base: compileExpression(base), name: name, arguments: nodes, labels: labels, range: range)
        case .implicitMember(let name):
            return OptionNode(name: name, arguments: nodes, labels: labels, range: range)
        case .array(let items) where items.count == 1 && typeSpec(of: items[0]) != nil:
            // `[Double]()` and `[Int](repeating: 0, count: 3)`, as in Swift.
            let type = TypeSpec.array(typeSpec(of: items[0]) ?? .any)
            if arguments.isEmpty { return ConstantNode(.array([]), range: range) }
            guard let array = Builtins.functions["Array"] else { break }
            let call = CallNode(callee: ConstantNode(.function(FunctionValue(builtin: array)), range: callee.range),
                                arguments: nodes, labels: labels, range: range)
            return ConversionNode(call, to: type, range: range)
        case .identifier(let name):
            var labels = labels
            if let last = arguments.last, last.isTrailingClosure, let parameters = knownFunction(name) {
                labels[labels.count - 1] = Compiler.trailingClosureLabel(parameters, explicit: Array(labels.dropLast()))
            }
            // As in Swift, a function value's type has no argument labels: a labelled `func`
            // called through a variable or parameter takes its arguments in order.
            let inOrder = knownFunction(name) == nil && labels.allSatisfy { $0 == nil } && isVariable(name)
            return CallNode(callee: compileExpression(callee), arguments: nodes, labels: labels,
                            argumentsInOrder: inOrder, range: range)
        default:
            break
        }
        return CallNode(callee: compileExpression(callee), arguments: nodes, labels: labels, range: range)
    }

    /// A parameter as a call site sees it: its label, whether it has a default, and whether it takes a function.
    private struct ParameterShape {
        let label: String?
        let hasDefault: Bool
        /// false only when the annotation says it is not a function.
        let mayBeFunction: Bool
    }

    /// The parameters of the `func` that `name` names here, if it names one (not a variable holding a function).
    private func knownFunction(_ name: String) -> [ParameterShape]? {
        func shapes(_ syntax: FunctionSyntax) -> [ParameterShape] {
            syntax.parameters.map { parameter in
                var mayBeFunction = true
                if let type = parameter.type, case .named = type { mayBeFunction = false }
                if let type = parameter.type, case .array = type { mayBeFunction = false }
                return ParameterShape(label: parameter.label, hasDefault: parameter.defaultValue != nil, mayBeFunction: mayBeFunction)
            }
        }
        switch lookup(name, in: scope) {
        case .local(let binding), .capture(_, let binding):
            guard binding.isFunction, let syntax = localFunctions[ObjectIdentifier(binding)] else { return nil }
            return shapes(syntax)
        case .global(let index):
            if let syntax = cellFunctions[name] { return shapes(syntax) }
            guard cellGlobalIsLet[name] == nil, index < runtime.globalNames.count, runtime.globalIsLet[index],
                  case .function(let function) = runtime.globals[index], let code = function.code,
                  !code.isClosure, code.name == name else { return nil }
            return code.parameters.map { parameter in
                var mayBeFunction = true
                if let type = parameter.type {
                    if case .function = type {} else if case .any = type {} else { mayBeFunction = false }
                }
                return ParameterShape(label: parameter.label, hasDefault: parameter.defaultValue != nil, mayBeFunction: mayBeFunction)
            }
        default:
            return nil
        }
    }

    /// Whether `name` is a variable or parameter (whose value may be any function), not a `func` or a library name.
    private func isVariable(_ name: String) -> Bool {
        switch lookup(name, in: scope) {
        case .local(let binding), .capture(_, let binding): return !binding.isFunction
        case .global: return true
        default: return false
        }
    }

    /// The label a trailing closure takes: that of the first parameter the other arguments leave
    /// unfilled which can take a function (Swift's forward scan); nil when none fits.
    private static func trailingClosureLabel(_ parameters: [ParameterShape], explicit: [String?]) -> String? {
        var next = 0
        for parameter in parameters {
            if next < explicit.count {
                if explicit[next] == parameter.label { next += 1; continue }
                if parameter.hasDefault { continue }
                return nil
            }
            if parameter.hasDefault && !parameter.mayBeFunction { continue }
            return parameter.label
        }
        return nil
    }

    /// The type written as an expression, as in `[Double]()`: a type name not shadowed by a variable, or `[T]`.
    private func typeSpec(of expression: Expr) -> TypeSpec? {
        switch expression.kind {
        case .identifier(let name):
            switch lookup(name, in: scope) {
            case .none, .builtin: break
            default: return nil
            }
            return try? TypeSpec.from(.named(name, expression.range))
        case .array(let items):
            guard items.count == 1, let element = typeSpec(of: items[0]) else { return nil }
            return .array(element)
        default:
            return nil
        }
    }

    /// The type of `[T]()` or `[T](repeating:count:)`, which a declaration without an annotation takes.
    private func arrayInitializerType(_ expression: Expr) -> TypeSpec? {
        guard case .call(let callee, _) = expression.kind, case .array(let items) = callee.kind, items.count == 1,
              let element = typeSpec(of: items[0]) else { return nil }
        return .array(element)
    }

    private func isPlace(_ expression: Expr) -> Bool {
        switch expression.kind {
        case .identifier(let name):
            if case .builtin = lookup(name, in: scope) { return false }
            return lookup(name, in: scope) != nil
        case .subscriptAccess(let base, _), .member(let base, _, _): return isPlace(base)
        default: return false
        }
    }

    // MARK: - Places

    private func compileLValue(_ expression: Expr, assigning: Bool) throws -> LValue {
        let range = expression.range
        switch expression.kind {
        case .identifier(let name):
            switch try resolve(name, at: range) {
            case .local(let binding):
                if assigning, binding.isLet { throw letError(binding, at: range) }
                return LocalLValue(binding, range: range)
            case .capture(let index, let binding):
                if assigning, binding.isLet { throw letError(binding, at: range) }
                return CaptureLValue(index: index, binding: binding, range: range)
            case .global(let index):
                if assigning, globalIsLet(name, index) {
                    if knownFunction(name) != nil {
                        throw Diagnostic(.typeError, "cannot assign to '\(name)': it is a function", at: range)
                    }
                    throw LValue.letError(name, at: range)
                }
                return GlobalLValue(index: index, name: name, range: range)
            case .builtin:
                throw Diagnostic(.typeError, "cannot assign to '\(name)': it is a library function; choose another name with 'var'", at: range)
            }
        case .subscriptAccess(let base, let arguments):
            var place = try compileLValue(base, assigning: false)
            for argument in arguments {
                place = SubscriptLValue(base: place, index: compileExpression(argument.value), range: range)
            }
            return place
        case .member(let base, let name, _):
            return MemberLValue(base: try compileLValue(base, assigning: false), name: name, range: range)
        default:
            throw Diagnostic(.syntaxError, "cannot assign to this expression; assign to a variable, an element 'a[i]' or a property", at: range)
        }
    }

    private func letError(_ binding: LocalBinding, at range: SourceRange) -> Diagnostic {
        if binding.isFunction {
            return Diagnostic(.typeError, "cannot assign to '\(binding.name)': it is a function", at: range)
        }
        return LValue.letError(binding.name, at: range)
    }
}

/// Stores a top-level function in its global before the cell's statements run.
final class GlobalFunctionStatement: Statement {
    let index: Int
    let closure: ClosureNode

    init(index: Int, closure: ClosureNode, range: SourceRange) {
        self.index = index
        self.closure = closure
        super.init(range: range)
    }

    override func exec(_ frame: Frame) throws -> Flow {
        let runtime = frame.runtime
        runtime.globals[index] = .function(try closure.makeFunction(frame))
        runtime.globalIsLet[index] = true
        runtime.globalTypes[index] = nil
        return .normal
    }
}

/// An array literal whose Ints become Doubles when it also holds Doubles (`[x, 2.5]` is a `[Double]`).
final class NumericArrayLiteralNode: Node {
    let literal: ArrayLiteralNode

    init(_ literal: ArrayLiteralNode) {
        self.literal = literal
        super.init(range: literal.range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        guard case .array(let elements) = try literal.eval(frame) else { return .array([]) }
        return .array(Coerce.unifyingNumbers(elements))
    }
}

/// Converts a value to a type, as an annotation would (`[Double](repeating: 1, count: 2)`).
final class ConversionNode: Node {
    let inner: Node
    let type: TypeSpec

    init(_ inner: Node, to type: TypeSpec, range: SourceRange) {
        self.inner = inner
        self.type = type
        super.init(range: range)
    }

    override func eval(_ frame: Frame) throws -> Value {
        try type.convert(try inner.eval(frame), at: range)
    }
}

/// `base.name` as a place, for library objects with settable properties.
final class MemberLValue: LValue {
    let base: LValue
    let name: String

    init(base: LValue, name: String, range: SourceRange) {
        self.base = base
        self.name = name
        super.init(range: range)
    }

    override func modify(_ frame: Frame, mutating: Bool, _ body: (inout Value) throws -> Void) throws {
        let name = self.name
        let range = self.range
        try base.modify(frame, mutating: true) { stored in
            try Methods.modifyProperty(&stored, name, at: range, body)
        }
    }
}

/// Edit distance for "did you mean" suggestions: insertions, deletions, substitutions and swaps
/// of two neighbouring characters each count 1 (the optimal string alignment distance), so
/// `cuont` is one edit from `count`.
enum EditDistance {
    /// Names longer than this get no suggestion: the distance costs the product of the lengths.
    static let longestSuggestedName = 64

    /// The candidate closest to `name` (ignoring case) within a few edits, ties broken
    /// alphabetically; nil if none is close.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let length = name.unicodeScalars.count
        guard length <= longestSuggestedName else { return nil }
        let allowed = Swift.max(1, Swift.min(3, length / 3))
        let lowered = name.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            // The distance is at least the difference in length: skip far candidates cheaply.
            if Swift.abs(candidate.unicodeScalars.count - length) > allowed { continue }
            let distance = between(lowered, candidate.lowercased())
            guard distance <= allowed else { continue }
            if let current = best, distance > current.distance || (distance == current.distance && candidate >= current.name) {
                continue
            }
            best = (candidate, distance)
        }
        return best?.name
    }

    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                var distance = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    distance = Swift.min(distance, twoBack[j - 2] + 1)
                }
                current[j] = distance
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
