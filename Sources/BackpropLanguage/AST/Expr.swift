/// An expression as written, with the byte range it covers.
struct Expr: Sendable {
    /// What the expression is.
    var kind: ExprKind
    /// Where it is.
    var range: SourceRange

    init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// The kinds of expressions.
indirect enum ExprKind: Sendable {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string([StringSegment])
    case identifier(String)
    /// `$0`, `$1`, … inside a closure.
    case anonymousArgument(Int)
    case array([Expr])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr, opRange: SourceRange)
    case ternary(Expr, Expr, Expr)
    case call(Expr, [Argument])
    case subscriptAccess(Expr, [Argument])
    case member(Expr, String, nameRange: SourceRange)
    /// `.name`, as in `.sigmoid` or `.standardError`.
    case implicitMember(String)
    case closure(FunctionSyntax)
    /// An operator used as a function, as in `reduce(0, +)`.
    case operatorFunction(BinaryOperator)
}

/// A segment of a string literal: text, or an interpolated expression.
enum StringSegment: Sendable {
    case text(String)
    case expression(Expr)
}

/// One argument of a call or subscript: an optional label and a value.
struct Argument: Sendable {
    var label: String?
    var labelRange: SourceRange?
    var value: Expr
    /// A closure written after the call's parentheses, `f(x) { … }`; it takes the label of the
    /// parameter it fills, as in Swift.
    var isTrailingClosure = false
}

/// Prefix operators.
enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", not = "!"
}

/// Infix operators, with Swift's precedence.
enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "&&", or = "||"
    case halfOpenRange = "..<", closedRange = "..."

    /// Swift's precedence groups, higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return 3
        case .halfOpenRange, .closedRange: return 4
        case .add, .subtract: return 5
        case .multiply, .divide, .remainder: return 6
        }
    }

    /// Comparisons and ranges do not chain (`a < b < c` is an error in Swift).
    var isNonAssociative: Bool { precedence == 3 || precedence == 4 }

    init?(_ op: Operator) {
        switch op {
        case .plus: self = .add
        case .minus: self = .subtract
        case .star: self = .multiply
        case .slash: self = .divide
        case .percent: self = .remainder
        case .equal: self = .equal
        case .notEqual: self = .notEqual
        case .less: self = .less
        case .lessEqual: self = .lessEqual
        case .greater: self = .greater
        case .greaterEqual: self = .greaterEqual
        case .and: self = .and
        case .or: self = .or
        case .halfOpenRange: self = .halfOpenRange
        case .closedRange: self = .closedRange
        default: return nil
        }
    }
}
