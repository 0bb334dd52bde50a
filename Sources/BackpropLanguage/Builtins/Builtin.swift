/// A library function bound to a name: its signature and documentation (for users and, later,
/// completion and inspection) and its implementation.
final class Builtin: @unchecked Sendable {
    /// The name it is called by (`print`, `Matrix.identity`).
    let name: String
    /// The signature as users read it, Swift style.
    let signature: String
    /// One line on what it does.
    let doc: String
    /// The number of arguments, when fixed (for type checks of function values).
    let arity: Int?
    let body: (BuiltinCall) throws -> Value

    init(_ name: String, _ signature: String, _ doc: String, arity: Int? = nil, _ body: @escaping (BuiltinCall) throws -> Value) {
        self.name = name
        self.signature = signature
        self.doc = doc
        self.arity = arity
        self.body = body
    }
}

/// Evaluated arguments with the source range of each, for messages that point at one argument.
protocol ArgumentRanges {
    var ranges: [SourceRange] { get }
    var range: SourceRange { get }
}

extension ArgumentRanges {
    /// The range of argument `index`, or the call's.
    func range(of index: Int) -> SourceRange { index < ranges.count ? ranges[index] : range }
}

/// The evaluated arguments of a builtin call, with helpers that check labels and types.
struct BuiltinCall: ArgumentRanges {
    let builtin: Builtin
    let arguments: [Value]
    let labels: [String?]
    let ranges: [SourceRange]
    let range: SourceRange
    unowned(unsafe) let runtime: Runtime

    /// Matches the arguments to parameters given as labels (nil for unlabelled) and whether
    /// each is required, in order; returns each parameter's argument index, or nil when omitted.
    func bind(_ parameters: [(label: String?, required: Bool)]) throws -> [Int?] {
        var plan: [Int?] = []
        var next = 0
        for parameter in parameters {
            if next < labels.count, labels[next] == parameter.label {
                plan.append(next)
                next += 1
            } else if !parameter.required {
                plan.append(nil)
            } else {
                let wanted = parameter.label.map { "'\($0):'" } ?? "an unlabelled argument"
                if next < labels.count {
                    let found = labels[next].map { "'\($0):'" } ?? "an unlabelled argument"
                    throw Diagnostic(.typeError, "wrong argument in call to \(builtin.name): found \(found), expected \(wanted); the signature is \(builtin.signature)", at: range(of: next))
                }
                let missing = parameter.label.map { " '\($0):'" } ?? ""
                throw Diagnostic(.typeError, "missing argument\(missing) in call to \(builtin.name); the signature is \(builtin.signature)", at: range)
            }
        }
        if next < labels.count {
            throw Diagnostic(.typeError, "extra argument\(labels[next].map { " '\($0):'" } ?? "") in call to \(builtin.name); the signature is \(builtin.signature)", at: range(of: next))
        }
        return plan
    }

    /// Checks for exactly `count` unlabelled arguments and returns them.
    func positional(_ count: Int) throws -> [Value] {
        let plan = try bind(Array(repeating: (label: nil, required: true), count: count))
        return plan.map { arguments[$0 ?? 0] }
    }

    /// A Double argument.
    func double(_ index: Int, what: String) throws -> Double {
        try Coerce.double(arguments[index], at: range(of: index), what: what)
    }

    /// An Int argument.
    func int(_ index: Int, what: String) throws -> Int {
        try Coerce.int(arguments[index], at: range(of: index), what: what)
    }
}
