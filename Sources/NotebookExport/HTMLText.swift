/// Escaping for HTML text and attribute values.
enum HTMLText {
    /// `text` with `&`, `<`, `>` and `"` escaped, safe in element content and quoted attributes.
    ///
    /// By Unicode scalars, not characters: a `<` followed by a combining mark is one Character
    /// that is not `<`, but a browser still reads the `<`.
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
