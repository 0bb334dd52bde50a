extension FunctionValue {
    /// The declaration as written, up to its body (`func f(_ x: Double, by k: Int = 2) -> Double`),
    /// or the builtin's signature; closures show their type. For inspection.
    public var signature: String {
        if let builtin { return builtin.signature }
        guard let code else { return typeName }
        if code.isClosure { return typeName }
        // The header is the text before the body's '{' (a default value cannot hold a brace
        // that is not inside parentheses, so the first '{' at depth 0 starts the body).
        let text = code.source.slice(code.range)
        var depth = 0
        var header = ""
        var inString = false
        for scalar in text.unicodeScalars {
            if inString {
                if scalar == "\"" { inString = false }
            } else if scalar == "\"" {
                inString = true
            } else if scalar == "(" || scalar == "[" {
                depth += 1
            } else if scalar == ")" || scalar == "]" {
                depth -= 1
            } else if scalar == "{", depth <= 0 {
                break
            }
            header.unicodeScalars.append(scalar)
        }
        return header.trimmingSpaces
    }

    /// The argument labels of a declared function, one per parameter (nil for `_`); empty for
    /// closures and builtins. For completing labelled arguments.
    public var parameterLabels: [String?] {
        guard let code, !code.isClosure else { return [] }
        return code.parameters.map(\.label)
    }
}
