/// Reads the argument labels out of a signature as the library writes it, e.g.
/// `Dense(_ units: Int, activation: Activation = .sigmoid, useBias: Bool = true)` → activation, useBias.
enum SignatureLabels {
    /// The labels of every alternative (`A(…) or A(…)`), in order, without repeats or `_`.
    static func labels(in signature: String) -> [String] {
        var labels: [String] = []
        for parameter in parameters(in: signature) {
            guard let colon = parameter.firstIndex(of: ":") else { continue }
            let head = parameter[..<colon].split(separator: " ")
            guard let label = head.first.map(String.init), head.count <= 2, label != "_", !labels.contains(label),
                label.unicodeScalars.allSatisfy(isLabelScalar)
            else { continue }
            labels.append(label)
        }
        return labels
    }

    /// The text of each parameter inside the top-level parentheses of each alternative.
    private static func parameters(in signature: String) -> [String] {
        var result: [String] = []
        var depth = 0
        var inString = false
        var escaped = false
        var current = ""
        for character in signature {
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                if depth >= 1 { current.append(character) }
                continue
            }
            switch character {
            case "\"":
                inString = true
                if depth >= 1 { current.append(character) }
            case "(", "[":
                depth += 1
                if depth > 1 { current.append(character) }
            case ")", "]":
                depth -= 1
                if depth == 0 {
                    result.append(current.trimmingSpaces)
                    current = ""
                } else if depth > 0 {
                    current.append(character)
                }
            case "," where depth == 1:
                result.append(current.trimmingSpaces)
                current = ""
            default:
                if depth >= 1 { current.append(character) }
            }
        }
        return result
    }

    private static func isLabelScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || (scalar >= "0" && scalar <= "9")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and newlines.
    var trimmingSpaces: String {
        let scalars = Array(unicodeScalars)
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[first...last])
        return String(result)
    }
}
