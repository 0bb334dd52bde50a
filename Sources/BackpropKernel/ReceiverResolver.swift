import BackpropLanguage

/// Finds, without running code, what a chain of names refers to: a global's value, a property
/// of it (`net.weights`), a static constant (`Dataset.xor`), and the signature of a callee.
///
/// Reads the interpreter's globals: only on the execution thread, between runs.
struct ReceiverResolver {
    let interpreter: Interpreter

    /// What a callee's labels come from.
    enum Signature {
        /// A signature as the library writes it.
        case text(String)
        /// The labels of a user function.
        case labels([String])
    }

    /// The value of `a`, `a.b`, `a.b.c` when `a` is a bound global (or a type with static
    /// constants) and each later name a property; nil otherwise.
    func value(of chain: [String]) -> Value? {
        guard let first = chain.first else { return nil }
        var value: Value
        var rest = chain.dropFirst()
        if let global = interpreter.value(of: first) {
            value = global
        } else if let name = rest.first, let constant = Catalog.staticConstant(name, of: first) {
            // `Dataset.xor.` reads the constant's members.
            value = constant
            rest = rest.dropFirst()
        } else {
            return nil
        }
        for name in rest {
            guard let next = interpreter.property(name, of: value) else { return nil }
            value = next
        }
        return value
    }

    /// The signature of a callee chain: `f` (a global function value or a builtin),
    /// `Type.member` (a static member) or `receiver.method` (a method of the receiver's value).
    func signature(of callee: [String]) -> Signature? {
        guard let name = callee.last else { return nil }
        if callee.count == 1 {
            if let value = interpreter.value(of: name) {
                if case .function(let function) = value {
                    let labels = function.parameterLabels.compactMap { $0 }
                    return labels.isEmpty && function.parameterLabels.isEmpty ? .text(function.signature) : .labels(labels)
                }
                return nil
            }
            return Catalog.global(name).map { .text($0.signature) }
        }
        let receiver = Array(callee.dropLast())
        if let value = value(of: receiver) {
            return Catalog.members(of: value).first { $0.name == name && $0.kind == .method }.map { .text($0.signature) }
        }
        if receiver.count == 1, let type = receiver.first {
            return Catalog.staticMembers(of: type).first { $0.name == name }.map { .text($0.signature) }
        }
        return nil
    }
}
