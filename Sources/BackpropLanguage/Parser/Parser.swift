/// A recursive-descent parser that recovers from errors and reports every one in a pass.
///
/// Swift's rules for line breaks apply: a statement ends at a newline or `;`; newlines are
/// ignored inside `()` and `[]`; a line that ends in a binary operator, or starts with
/// `.member` or with a binary operator followed by a space, continues the expression.
struct Parser {
    /// The most nested levels of expressions and blocks before a `ResourceError`.
    static let defaultMaxDepth = 256

    private let source: Source
    private var tokens: [Token]
    private var index = 0
    private(set) var diagnostics: [Diagnostic] = []
    private var depth = 0
    private let maxDepth: Int
    /// Whether newlines end statements at the current bracket level.
    private var newlinesMatter: [Bool] = [true]
    /// Trailing closures are not allowed in `if`/`while`/`for` heads (Swift's rule).
    private var allowTrailingClosure = true
    /// One entry per closure being parsed: the highest `$n` used plus one, or -1 when it has parameters.
    private var anonymousArity: [Int] = []

    /// Thrown to abandon the current statement after its error was recorded.
    private struct Recover: Error {}
    /// The most syntax errors one parse reports.
    static let maxDiagnostics = 50
    /// Thrown when `maxDiagnostics` errors were found; ends the parse.
    private struct TooManyErrors: Error {}
    /// Thrown when nesting passes the limit; ends the whole parse.
    private struct TooDeep: Error { let at: SourceRange }

    private init(source: Source, maxDepth: Int) {
        self.source = source
        var lexer = Lexer(source)
        self.tokens = lexer.tokenize()
        self.maxDepth = maxDepth
    }

    /// Parses a whole cell or script.
    ///
    /// - Returns: the statements, or a `LanguageError` with every syntax error (or the nesting limit).
    static func parse(_ source: Source, maxDepth: Int = defaultMaxDepth) -> Result<[Stmt], LanguageError> {
        var parser = Parser(source: source, maxDepth: maxDepth)
        do {
            let statements = try parser.parseStatements(until: .eof)
            if !parser.diagnostics.isEmpty { return .failure(LanguageError(parser.diagnostics)) }
            return .success(statements)
        } catch let error as TooDeep {
            return .failure(LanguageError(Diagnostic(
                .resourceError,
                "nesting limit reached: expressions and blocks may nest at most \(maxDepth) levels; split this into smaller pieces",
                at: error.at, in: source)))
        } catch {
            return .failure(LanguageError(parser.diagnostics))
        }
    }

    // MARK: - Helpers

    private var current: Token { tokens[index] }
    private func peekToken(_ offset: Int = 1) -> Token { tokens[Swift.min(index + offset, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private var previousEnd: Int { index > 0 ? tokens[index - 1].range.end : 0 }

    private func text(_ token: Token) -> String { source.slice(token.range) }

    private mutating func error(_ message: String, at range: SourceRange, kind: ErrorKind = .syntaxError) -> Recover {
        // One message per place is enough: recovery can stumble on the same token twice.
        if diagnostics.last?.range != range {
            diagnostics.append(Diagnostic(kind, message, at: range, in: source))
        }
        return Recover()
    }

    private mutating func expect(_ kind: TokenKind, _ what: String) throws -> Token {
        if current.kind == kind { return advance() }
        throw unexpected(expected: what)
    }

    private mutating func unexpected(expected what: String) -> Recover {
        let token = current
        if case .invalid = token.kind, case .error(let message) = token.payload {
            return error(message, at: token.range)
        }
        let found = token.kind == .eof ? "end of input" : "'\(text(token))'"
        return error("expected \(what), found \(found)", at: token.kind == .eof ? SourceRange(previousEnd, previousEnd) : token.range)
    }

    private mutating func enter(_ range: SourceRange) throws {
        depth += 1
        if depth > maxDepth { throw TooDeep(at: range) }
    }

    private mutating func leave() { depth -= 1 }

    /// Enters a bracket level: newlines end statements inside braces but not inside `()` and `[]`,
    /// and trailing closures are allowed again. Returns what `closeBracket` restores.
    private mutating func openBracket(newlinesMatter matter: Bool) -> Bool {
        newlinesMatter.append(matter)
        defer { allowTrailingClosure = true }
        return allowTrailingClosure
    }

    /// Leaves the bracket level `openBracket` entered.
    private mutating func closeBracket(restoring trailing: Bool) {
        newlinesMatter.removeLast()
        allowTrailingClosure = trailing
    }

    /// The current token starts a new line where that ends the expression.
    private var atLineBreak: Bool { current.newlineBefore && (newlinesMatter.last ?? true) }

    // MARK: - Statements

    private mutating func parseStatements(until end: TokenKind) throws -> [Stmt] {
        var statements: [Stmt] = []
        while current.kind != end && current.kind != .eof {
            if current.kind == .semicolon { _ = advance(); continue }
            if end == .eof, current.kind == .rightBrace {
                _ = error("unexpected '}' without a matching '{'", at: current.range)
                if diagnostics.count >= Parser.maxDiagnostics { throw TooManyErrors() }
                _ = advance()
                continue
            }
            let start = index
            do {
                var statement = try parseStatement()
                if current.kind == .semicolon {
                    statement.endsWithSemicolon = true
                    _ = advance()
                } else if current.kind == .invalid {
                    // A lexical error right after a statement explains itself better than "consecutive statements".
                    statements.append(statement)
                    throw unexpected(expected: "a new line or ';'")
                } else if current.kind != end && current.kind != .eof && current.kind != .rightBrace
                            && !current.newlineBefore {
                    statements.append(statement)
                    throw error("consecutive statements on a line must be separated by ';'",
                                at: SourceRange(previousEnd, previousEnd))
                }
                statements.append(statement)
            } catch is Recover {
                // After this many, more messages would only bury the first ones.
                if diagnostics.count >= Parser.maxDiagnostics { throw TooManyErrors() }
                synchronize(from: start)
            }
        }
        return statements
    }

    /// Skips to the start of the next statement: a new line, a `;`, or a `}` at this level.
    private mutating func synchronize(from start: Int) {
        if index == start { _ = advance() }
        var braces = 0
        while current.kind != .eof {
            if braces == 0 {
                if current.kind == .semicolon { _ = advance(); return }
                if current.kind == .rightBrace { return }
                if current.newlineBefore { return }
            }
            if current.kind == .leftBrace { braces += 1 }
            if current.kind == .rightBrace { braces -= 1 }
            _ = advance()
        }
    }

    private mutating func parseStatement() throws -> Stmt {
        let token = current
        let start = token.range.start
        switch token.kind {
        case .keyword(.let), .keyword(.var):
            return try parseDeclaration()
        case .keyword(.func):
            let function = try parseFunction()
            return Stmt(.function(function), function.range)
        case .keyword(.if):
            return try parseIf()
        case .keyword(.while):
            _ = advance()
            let condition = try parseCondition()
            let body = try parseBlock()
            return Stmt(.whileLoop(condition: condition, body: body), SourceRange(start, previousEnd))
        case .keyword(.repeat):
            _ = advance()
            let body = try parseBlock()
            guard current.kind == .keyword(.while) else { throw unexpected(expected: "'while' after a 'repeat' block") }
            _ = advance()
            let condition = try parseCondition()
            return Stmt(.repeatWhile(body: body, condition: condition), SourceRange(start, previousEnd))
        case .keyword(.for):
            return try parseFor()
        case .keyword(.break):
            _ = advance()
            return Stmt(.breakLoop, token.range)
        case .keyword(.continue):
            _ = advance()
            return Stmt(.continueLoop, token.range)
        case .keyword(.return):
            _ = advance()
            if current.newlineBefore || current.kind == .rightBrace || current.kind == .semicolon || current.kind == .eof {
                return Stmt(.returnValue(nil), token.range)
            }
            let value = try parseExpression()
            return Stmt(.returnValue(value), SourceRange(start, value.range.end))
        case .keyword(let keyword) where Parser.unsupported[keyword] != nil:
            throw error(Parser.unsupported[keyword] ?? "", at: token.range)
        case .leftBrace:
            throw error("a block needs a statement before it: write 'if true { … }' or a closure assigned to a name",
                        at: token.range)
        default:
            let expression = try parseExpression()
            if case .op(let op) = current.kind, let assignment = Parser.assignmentOperators[op] {
                let opToken = advance()
                try checkAssignable(expression)
                let value = try parseExpression()
                return Stmt(.assignment(target: expression, op: assignment, value: value, opRange: opToken.range),
                            SourceRange(start, value.range.end))
            }
            return Stmt(.expression(expression), expression.range)
        }
    }

    private static let assignmentOperators: [Operator: AssignmentOperator] = [
        .assign: .assign, .plusAssign: .add, .minusAssign: .subtract, .starAssign: .multiply,
        .slashAssign: .divide, .percentAssign: .remainder,
    ]

    private static let unsupported: [Keyword: String] = [
        .class: "'class' is not part of Backprop; use functions, arrays and the library's types",
        .struct: "'struct' is not part of Backprop; use functions and arrays",
        .enum: "'enum' is not part of Backprop; library options are written '.name', as in .sigmoid",
        .switch: "'switch' is not part of Backprop; use 'if … else if … else'",
        .guard: "'guard' is not part of Backprop; use 'if !condition { return … }'",
        .import: "'import' is not needed: the whole library is always available",
        .defer: "'defer' is not part of Backprop",
        .do: "'do' is not part of Backprop; errors stop the cell",
        .try: "'try' is not part of Backprop; errors stop the cell",
        .throw: "'throw' is not part of Backprop; errors stop the cell",
        .nil: "'nil' is not part of Backprop: there are no optionals",
        .protocol: "'protocol' is not part of Backprop",
        .extension: "'extension' is not part of Backprop; write a function instead",
        .case: "'case' is not part of Backprop; use 'if … else if … else'",
        .where: "'where' is not part of Backprop; use 'if' inside the loop",
        .inout: "'inout' is not part of Backprop; return the new value instead",
        .static: "'static' is not part of Backprop",
        .self: "'self' is not part of Backprop",
        .Self: "'Self' is not part of Backprop",
        .in: "unexpected 'in' outside a 'for' loop or a closure",
        .else: "'else' must follow the closing '}' of an 'if' block",
    ]

    private mutating func checkAssignable(_ expression: Expr) throws {
        switch expression.kind {
        case .identifier, .subscriptAccess, .member:
            return
        default:
            throw error("cannot assign to this expression; assign to a variable, an element 'a[i]' or a property", at: expression.range)
        }
    }

    private mutating func parseDeclaration() throws -> Stmt {
        let keyword = advance()
        let isLet = keyword.kind == .keyword(.let)
        guard current.kind == .identifier, case .name(let name) = current.payload else {
            throw unexpected(expected: "a name after '\(isLet ? "let" : "var")'")
        }
        let nameToken = advance()
        var type: TypeSyntax?
        if current.kind == .colon {
            _ = advance()
            type = try parseType()
        }
        guard current.kind == .op(.assign) else {
            if current.newlineBefore || current.kind == .eof || current.kind == .semicolon || current.kind == .rightBrace {
                throw error("'\(name)' needs an initial value, as in '\(isLet ? "let" : "var") \(name) = 0'",
                            at: nameToken.range)
            }
            throw unexpected(expected: "'=' and an initial value")
        }
        _ = advance()
        let value = try parseExpression()
        if current.kind == .comma {
            throw error("declare one name per '\(isLet ? "let" : "var")': put the next declaration on its own line", at: current.range)
        }
        let declaration = Declaration(isLet: isLet, name: name, nameRange: nameToken.range, type: type, value: value)
        return Stmt(.declaration(declaration), SourceRange(keyword.range.start, value.range.end))
    }

    private mutating func parseCondition() throws -> Expr {
        let saved = allowTrailingClosure
        allowTrailingClosure = false
        defer { allowTrailingClosure = saved }
        if current.kind == .leftBrace {
            throw error("expected a condition before '{'", at: current.range)
        }
        return try parseExpression()
    }

    private mutating func parseIf() throws -> Stmt {
        let start = advance().range.start
        var branches: [(condition: Expr, body: [Stmt])] = []
        var elseBody: [Stmt]?
        let condition = try parseCondition()
        branches.append((condition, try parseBlock()))
        while current.kind == .keyword(.else) {
            _ = advance()
            if current.kind == .keyword(.if) {
                _ = advance()
                let condition = try parseCondition()
                branches.append((condition, try parseBlock()))
            } else {
                elseBody = try parseBlock()
                break
            }
        }
        return Stmt(.ifElse(branches: branches, elseBody: elseBody), SourceRange(start, previousEnd))
    }

    private mutating func parseFor() throws -> Stmt {
        let start = advance().range.start
        var name: String?
        let nameToken = current
        if current.kind == .underscore {
            _ = advance()
        } else if current.kind == .identifier, case .name(let n) = current.payload {
            name = n
            _ = advance()
        } else {
            throw unexpected(expected: "a loop variable name after 'for'")
        }
        guard current.kind == .keyword(.in) else { throw unexpected(expected: "'in' after the loop variable") }
        _ = advance()
        let sequence = try parseCondition()
        if current.kind == .keyword(.where) {
            throw error(Parser.unsupported[.where] ?? "", at: current.range)
        }
        let body = try parseBlock()
        return Stmt(.forIn(name: name, nameRange: nameToken.range, sequence: sequence, body: body),
                    SourceRange(start, previousEnd))
    }

    private mutating func parseBlock() throws -> [Stmt] {
        guard current.kind == .leftBrace else { throw unexpected(expected: "'{'") }
        let open = advance()
        try enter(open.range)
        defer { leave() }
        let savedTrailing = openBracket(newlinesMatter: true)
        defer { closeBracket(restoring: savedTrailing) }
        let body = try parseStatements(until: .rightBrace)
        guard current.kind == .rightBrace else {
            throw error("expected '}' to close the block opened here", at: open.range)
        }
        _ = advance()
        return body
    }

    private mutating func parseFunction() throws -> FunctionSyntax {
        let start = advance().range.start
        guard current.kind == .identifier, case .name(let name) = current.payload else {
            throw unexpected(expected: "a function name after 'func'")
        }
        let nameToken = advance()
        guard current.kind == .leftParen else { throw unexpected(expected: "'(' and the parameter list") }
        let parameters = try parseParameters(closure: false)
        var returnType: TypeSyntax?
        if current.kind == .arrow {
            _ = advance()
            returnType = try parseType()
        }
        anonymousArity.append(-1)
        defer { anonymousArity.removeLast() }
        let body = try parseBlock()
        return FunctionSyntax(name: name, nameRange: nameToken.range, parameters: parameters,
                              returnType: returnType, body: body, anonymousArity: 0, isClosure: false,
                              range: SourceRange(start, previousEnd))
    }

    private mutating func parseParameters(closure: Bool) throws -> [ParameterSyntax] {
        _ = advance()
        newlinesMatter.append(false)
        defer { newlinesMatter.removeLast() }
        var parameters: [ParameterSyntax] = []
        var seen = Set<String>()
        while current.kind != .rightParen {
            let first = current
            var label: String?
            var name: String
            func nameOf(_ token: Token) -> String? {
                if token.kind == .underscore { return "_" }
                if token.kind == .identifier, case .name(let n) = token.payload { return n }
                return nil
            }
            guard let firstName = nameOf(first) else { throw unexpected(expected: "a parameter name") }
            _ = advance()
            if let secondName = nameOf(current), current.kind == .identifier {
                _ = advance()
                label = firstName == "_" ? nil : firstName
                name = secondName
            } else {
                label = (firstName == "_" || closure) ? nil : firstName
                name = firstName
            }
            let range = SourceRange(first.range.start, previousEnd)
            if name != "_", !seen.insert(name).inserted {
                throw error("duplicate parameter name '\(name)'", at: range)
            }
            var type: TypeSyntax?
            if current.kind == .colon {
                _ = advance()
                type = try parseType()
            }
            var defaultValue: Expr?
            if current.kind == .op(.assign) {
                _ = advance()
                defaultValue = try parseExpression()
            }
            parameters.append(ParameterSyntax(label: label, name: name, range: range, type: type, defaultValue: defaultValue))
            if current.kind == .comma { _ = advance(); continue }
            guard current.kind == .rightParen else { throw unexpected(expected: "',' or ')' in the parameter list") }
        }
        _ = advance()
        return parameters
    }

    private mutating func parseType() throws -> TypeSyntax {
        let start = current.range.start
        try enter(current.range)
        defer { leave() }
        switch current.kind {
        case .identifier:
            guard case .name(let name) = advance().payload else { throw unexpected(expected: "a type") }
            if current.kind == .question, !current.spaceBefore {
                throw error("optional types are not part of Backprop", at: current.range)
            }
            return .named(name, SourceRange(start, previousEnd))
        case .leftBracket:
            _ = advance()
            let element = try parseType()
            guard current.kind == .rightBracket else { throw unexpected(expected: "']' to close the array type") }
            _ = advance()
            return .array(element, SourceRange(start, previousEnd))
        case .leftParen:
            _ = advance()
            var parameters: [TypeSyntax] = []
            while current.kind != .rightParen {
                parameters.append(try parseType())
                if current.kind == .comma { _ = advance(); continue }
                guard current.kind == .rightParen else { throw unexpected(expected: "',' or ')' in the function type") }
            }
            _ = advance()
            guard current.kind == .arrow else {
                if parameters.count == 1, let only = parameters.first { return only }
                throw unexpected(expected: "'->' and a result type (tuples are not part of Backprop)")
            }
            _ = advance()
            let result = try parseType()
            return .function(parameters, result, SourceRange(start, previousEnd))
        default:
            throw unexpected(expected: "a type such as Int, Double, [Double] or (Double) -> Double")
        }
    }

    // MARK: - Expressions

    private mutating func parseExpression() throws -> Expr {
        let condition = try parseBinary(minimumPrecedence: 1)
        guard current.kind == .question, !atLineBreak || current.spaceAfter else { return condition }
        _ = advance()
        try enter(condition.range)
        defer { leave() }
        let then = try parseExpression()
        guard current.kind == .colon else { throw unexpected(expected: "':' in the ternary 'condition ? a : b'") }
        _ = advance()
        let otherwise = try parseExpression()
        return Expr(.ternary(condition, then, otherwise), condition.range.union(otherwise.range))
    }

    /// The binary operator at the current token, if it continues the expression here.
    private var binaryOperatorHere: BinaryOperator? {
        guard case .op(let op) = current.kind, let binary = BinaryOperator(op) else { return nil }
        // At the start of a line, only an operator followed by a space continues (Swift's rule).
        if atLineBreak && !current.spaceAfter { return nil }
        return binary
    }

    private mutating func parseBinary(minimumPrecedence: Int) throws -> Expr {
        var left = try parseUnary()
        var links = 0
        defer { depth -= links }
        while let op = binaryOperatorHere, op.precedence >= minimumPrecedence {
            let opToken = advance()
            links += 1
            try enter(opToken.range)
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = Expr(.binary(op, left, right, opRange: opToken.range), left.range.union(right.range))
            if op.isNonAssociative, let next = binaryOperatorHere, next.precedence == op.precedence {
                throw error("'\(next.rawValue)' cannot follow '\(op.rawValue)' without parentheses: comparisons and ranges do not chain",
                            at: current.range)
            }
        }
        return left
    }

    private mutating func parseUnary() throws -> Expr {
        try enter(current.range)
        defer { leave() }
        if case .op(let op) = current.kind {
            let unary: UnaryOperator?
            switch op {
            case .minus: unary = .negate
            case .plus: unary = .plus
            case .not: unary = .not
            default: unary = nil
            }
            if let unary {
                let token = advance()
                if current.newlineBefore {
                    throw unexpected(expected: "an expression after '\(op.rawValue)'")
                }
                let operand = try parseUnary()
                // A negated Double literal is a literal (the compiler folds negated Ints).
                if unary == .negate, case .double(let value) = operand.kind {
                    return Expr(.double(-value), SourceRange(token.range.start, operand.range.end))
                }
                return Expr(.unary(unary, operand), SourceRange(token.range.start, operand.range.end))
            }
        }
        let primary = try parsePrimary()
        return try parsePostfix(primary)
    }

    private mutating func parsePostfix(_ base: Expr) throws -> Expr {
        var expression = base
        var links = 0
        defer { depth -= links }
        while true {
            switch current.kind {
            case .op(.not) where !current.spaceBefore && !current.newlineBefore:
                throw error("'!' after a value force-unwraps an optional in Swift; Backprop has no optionals, so remove the '!'", at: current.range)
            case .leftParen where !atLineBreak:
                let arguments = try parseArguments(close: .rightParen)
                expression = Expr(.call(expression, arguments), SourceRange(expression.range.start, previousEnd))
            case .leftBracket where !atLineBreak:
                let open = current
                let arguments = try parseArguments(close: .rightBracket)
                if arguments.isEmpty { throw error("a subscript needs an index, as in a[0]", at: open.range) }
                expression = Expr(.subscriptAccess(expression, arguments), SourceRange(expression.range.start, previousEnd))
            case .dot:
                _ = advance()
                guard current.kind == .identifier, case .name(let name) = current.payload else {
                    if current.kind == .intLiteral {
                        throw error("tuples are not part of Backprop; index arrays with a[0]", at: current.range)
                    }
                    throw unexpected(expected: "a member name after '.'")
                }
                let nameToken = advance()
                expression = Expr(.member(expression, name, nameRange: nameToken.range),
                                  SourceRange(expression.range.start, nameToken.range.end))
            case .leftBrace where allowTrailingClosure && !current.newlineBefore:
                let closure = try parseClosure()
                let trailing = Argument(label: nil, labelRange: nil, value: closure, isTrailingClosure: true)
                if case .call(let callee, var arguments) = expression.kind {
                    arguments.append(trailing)
                    expression = Expr(.call(callee, arguments), SourceRange(expression.range.start, closure.range.end))
                } else {
                    expression = Expr(.call(expression, [trailing]), SourceRange(expression.range.start, closure.range.end))
                }
            default:
                return expression
            }
            links += 1
            try enter(expression.range)
        }
    }

    private mutating func parseArguments(close: TokenKind) throws -> [Argument] {
        let open = advance()
        let savedTrailing = openBracket(newlinesMatter: false)
        defer { closeBracket(restoring: savedTrailing) }
        var arguments: [Argument] = []
        while current.kind != close {
            var label: String?
            var labelRange: SourceRange?
            if peekToken().kind == .colon, current.kind == .identifier || isKeywordLabel(current),
               close == .rightParen || close == .rightBracket {
                label = text(current)
                labelRange = current.range
                _ = advance()
                _ = advance()
            }
            let value: Expr
            if case .op(let op) = current.kind, let binary = BinaryOperator(op),
               peekToken().kind == .comma || peekToken().kind == close {
                value = Expr(.operatorFunction(binary), advance().range)
            } else {
                value = try parseExpression()
            }
            arguments.append(Argument(label: label, labelRange: labelRange, value: value))
            if current.kind == .comma { _ = advance(); continue }
            guard current.kind == close else {
                if current.kind == .eof {
                    throw error("expected '\(close == .rightParen ? ")" : "]")' to match this '\(close == .rightParen ? "(" : "[")'",
                                at: open.range)
                }
                throw unexpected(expected: "',' or '\(close == .rightParen ? ")" : "]")'")
            }
        }
        _ = advance()
        return arguments
    }

    /// Swift allows most keywords as argument labels (`for:`, `in:`); so do we.
    private func isKeywordLabel(_ token: Token) -> Bool {
        if case .keyword = token.kind { return true }
        return false
    }

    private mutating func parsePrimary() throws -> Expr {
        let token = current
        switch token.kind {
        case .intLiteral:
            _ = advance()
            if case .int(let value) = token.payload { return Expr(.int(value), token.range) }
        case .doubleLiteral:
            _ = advance()
            if case .double(let value) = token.payload { return Expr(.double(value), token.range) }
        case .keyword(.true):
            _ = advance()
            return Expr(.bool(true), token.range)
        case .keyword(.false):
            _ = advance()
            return Expr(.bool(false), token.range)
        case .stringLiteral:
            _ = advance()
            guard case .string(let parts) = token.payload else { break }
            var segments: [StringSegment] = []
            for part in parts {
                switch part {
                case .text(let text): segments.append(.text(text))
                case .interpolation(let range): segments.append(.expression(try parseInterpolation(range)))
                }
            }
            return Expr(.string(segments), token.range)
        case .identifier:
            _ = advance()
            if case .name(let name) = token.payload { return Expr(.identifier(name), token.range) }
        case .dollarIdentifier:
            _ = advance()
            guard case .int(let number) = token.payload else { break }
            guard let arity = anonymousArity.last, arity >= 0 else {
                if anonymousArity.last == -1 {
                    throw error("'$\(number)' cannot be used here: this closure or function names its parameters", at: token.range)
                }
                throw error("'$\(number)' can only be used inside a closure, as in { $0 * 2 }", at: token.range)
            }
            anonymousArity[anonymousArity.count - 1] = Swift.max(arity, number + 1)
            return Expr(.anonymousArgument(number), token.range)
        case .leftParen:
            _ = advance()
            let savedTrailing = openBracket(newlinesMatter: false)
            defer { closeBracket(restoring: savedTrailing) }
            if current.kind == .rightParen {
                throw error("empty parentheses '()' are not a value here", at: SourceRange(token.range.start, current.range.end))
            }
            let inner = try parseExpression()
            if current.kind == .comma {
                throw error("tuples are not part of Backprop; use an array [a, b]", at: current.range)
            }
            guard current.kind == .rightParen else { throw unexpected(expected: "')'") }
            _ = advance()
            return Expr(inner.kind, SourceRange(token.range.start, previousEnd))
        case .leftBracket:
            let open = advance()
            let savedTrailing = openBracket(newlinesMatter: false)
            defer { closeBracket(restoring: savedTrailing) }
            var elements: [Expr] = []
            while current.kind != .rightBracket {
                if current.kind == .colon {
                    throw error("dictionaries are not part of Backprop; use arrays", at: current.range)
                }
                elements.append(try parseExpression())
                if current.kind == .colon {
                    throw error("dictionaries are not part of Backprop; use arrays", at: current.range)
                }
                if current.kind == .comma { _ = advance(); continue }
                guard current.kind == .rightBracket else {
                    if current.kind == .eof { throw error("expected ']' to match this '['", at: open.range) }
                    throw unexpected(expected: "',' or ']' in the array literal")
                }
            }
            _ = advance()
            return Expr(.array(elements), SourceRange(token.range.start, previousEnd))
        case .leftBrace:
            return try parseClosure()
        case .dot:
            _ = advance()
            guard current.kind == .identifier || isKeywordLabel(current), !current.spaceBefore else {
                throw unexpected(expected: "a name after '.', as in .sigmoid")
            }
            let name = advance()
            return Expr(.implicitMember(text(name)), SourceRange(token.range.start, name.range.end))
        case .keyword(let keyword) where Parser.unsupported[keyword] != nil:
            throw error(Parser.unsupported[keyword] ?? "", at: token.range)
        default:
            break
        }
        throw unexpected(expected: "an expression")
    }

    /// Parses the expression inside `\( … )` of a string, with the same depth and diagnostics.
    private mutating func parseInterpolation(_ range: SourceRange) throws -> Expr {
        var lexer = Lexer(source, range: range)
        let inner = lexer.tokenize()
        let savedTokens = tokens
        let savedIndex = index
        tokens = inner
        index = 0
        newlinesMatter.append(false)
        defer {
            tokens = savedTokens
            index = savedIndex
            newlinesMatter.removeLast()
        }
        if current.kind == .eof { throw error("an interpolation '\\()' needs an expression inside", at: range) }
        let expression = try parseExpression()
        guard current.kind == .eof else { throw unexpected(expected: "')' to end the interpolation") }
        return expression
    }

    /// Parses `{ params in body }`, `{ (x: Double) -> Double in body }` or `{ body using $0 }`.
    private mutating func parseClosure() throws -> Expr {
        let open = advance()
        try enter(open.range)
        defer { leave() }
        let savedTrailing = openBracket(newlinesMatter: true)
        defer { closeBracket(restoring: savedTrailing) }
        var parameters: [ParameterSyntax] = []
        var returnType: TypeSyntax?
        var hasSignature = false
        if let signature = try closureSignature() {
            parameters = signature.parameters
            returnType = signature.returnType
            hasSignature = true
        }
        anonymousArity.append(hasSignature ? -1 : 0)
        let body = try parseStatements(until: .rightBrace)
        let arity = Swift.max(0, anonymousArity.removeLast())
        guard current.kind == .rightBrace else {
            throw error("expected '}' to close the closure opened here", at: open.range)
        }
        _ = advance()
        let range = SourceRange(open.range.start, previousEnd)
        let function = FunctionSyntax(name: nil, nameRange: open.range, parameters: parameters, returnType: returnType,
                                      body: body, anonymousArity: arity, isClosure: true, range: range)
        return Expr(.closure(function), range)
    }

    /// Reads a closure's `… in` signature if there is one; otherwise leaves the position alone.
    private mutating func closureSignature() throws -> (parameters: [ParameterSyntax], returnType: TypeSyntax?)? {
        let start = index
        if current.kind == .leftParen {
            // `(x, y) in` or `(x: Double) -> Double in`: find the matching ')' and look for 'in'.
            var scan = index
            var level = 0
            repeat {
                if tokens[scan].kind == .leftParen { level += 1 }
                if tokens[scan].kind == .rightParen { level -= 1 }
                if tokens[scan].kind == .eof { return nil }
                scan += 1
            } while level > 0 && scan < tokens.count
            var after = scan
            if after < tokens.count, tokens[after].kind == .arrow {
                while after < tokens.count, tokens[after].kind != .keyword(.in), tokens[after].kind != .eof,
                      tokens[after].kind != .leftBrace, tokens[after].kind != .rightBrace {
                    after += 1
                }
            }
            guard after < tokens.count, tokens[after].kind == .keyword(.in) else { return nil }
            let parameters = try parseParameters(closure: true)
            var returnType: TypeSyntax?
            if current.kind == .arrow {
                _ = advance()
                returnType = try parseType()
            }
            guard current.kind == .keyword(.in) else { throw unexpected(expected: "'in' after the closure's parameters") }
            _ = advance()
            return (parameters, returnType)
        }
        var names: [ParameterSyntax] = []
        while current.kind == .identifier || current.kind == .underscore {
            let token = advance()
            let name: String
            if case .name(let n) = token.payload { name = n } else { name = "_" }
            names.append(ParameterSyntax(label: nil, name: name, range: token.range, type: nil, defaultValue: nil))
            if current.kind == .comma { _ = advance(); continue }
            break
        }
        var returnType: TypeSyntax?
        if !names.isEmpty, current.kind == .arrow {
            _ = advance()
            returnType = try? parseType()
        }
        if !names.isEmpty, current.kind == .keyword(.in) {
            _ = advance()
            return (names, returnType)
        }
        index = start
        return nil
    }
}
