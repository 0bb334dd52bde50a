/// A statement as written, with its range and whether a `;` ended it.
struct Stmt: Sendable {
    var kind: StmtKind
    var range: SourceRange
    /// A `;` directly follows the statement, which suppresses its displayed value.
    var endsWithSemicolon = false

    init(_ kind: StmtKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// The kinds of statements.
indirect enum StmtKind: Sendable {
    case expression(Expr)
    case declaration(Declaration)
    case assignment(target: Expr, op: AssignmentOperator, value: Expr, opRange: SourceRange)
    case function(FunctionSyntax)
    case ifElse(branches: [(condition: Expr, body: [Stmt])], elseBody: [Stmt]?)
    case whileLoop(condition: Expr, body: [Stmt])
    case repeatWhile(body: [Stmt], condition: Expr)
    case forIn(name: String?, nameRange: SourceRange, sequence: Expr, body: [Stmt])
    case breakLoop
    case continueLoop
    case returnValue(Expr?)
}

/// `let` or `var`, a name, an optional annotation and an initial value.
struct Declaration: Sendable {
    var isLet: Bool
    var name: String
    var nameRange: SourceRange
    var type: TypeSyntax?
    var value: Expr
}

/// `=`, `+=`, `-=`, `*=`, `/=`, `%=`.
enum AssignmentOperator: String, Sendable {
    case assign = "=", add = "+=", subtract = "-=", multiply = "*=", divide = "/=", remainder = "%="

    /// The arithmetic a compound assignment does.
    var binary: BinaryOperator? {
        switch self {
        case .assign: return nil
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .remainder: return .remainder
        }
    }
}

/// A `func` declaration or a closure: parameters, return type, body.
final class FunctionSyntax: Sendable {
    /// The function's name; nil for closures.
    let name: String?
    let nameRange: SourceRange
    let parameters: [ParameterSyntax]
    let returnType: TypeSyntax?
    let body: [Stmt]
    /// For closures: the number of `$n` arguments it uses when it declares none.
    let anonymousArity: Int
    /// A closure, whose parameters have no labels.
    let isClosure: Bool
    let range: SourceRange

    init(name: String?, nameRange: SourceRange, parameters: [ParameterSyntax], returnType: TypeSyntax?,
         body: [Stmt], anonymousArity: Int, isClosure: Bool, range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.parameters = parameters
        self.returnType = returnType
        self.body = body
        self.anonymousArity = anonymousArity
        self.isClosure = isClosure
        self.range = range
    }
}

/// One parameter: its call-site label (nil for `_`), its name, annotation and default.
struct ParameterSyntax: Sendable {
    var label: String?
    var name: String
    var range: SourceRange
    var type: TypeSyntax?
    var defaultValue: Expr?
}

/// A type annotation as written.
indirect enum TypeSyntax: Sendable, CustomStringConvertible {
    case named(String, SourceRange)
    case array(TypeSyntax, SourceRange)
    case function([TypeSyntax], TypeSyntax, SourceRange)

    var range: SourceRange {
        switch self {
        case .named(_, let r), .array(_, let r), .function(_, _, let r): return r
        }
    }

    var description: String {
        switch self {
        case .named(let name, _): return name
        case .array(let element, _): return "[\(element)]"
        case .function(let parameters, let result, _):
            return "(" + parameters.map(\.description).joined(separator: ", ") + ") -> \(result)"
        }
    }
}
