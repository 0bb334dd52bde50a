/// Escaping and small notation helpers shared by the HTML, SVG and LaTeX renderers.
public enum Markup {
    /// `text` safe inside XML/HTML text and quoted attributes: `& < > " '` become entities and
    /// characters XML forbids (most C0 controls) become U+FFFD.
    public static func escapeXML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A name in the lecture's notation as escaped HTML: `W^1` → `W<sup>1</sup>`,
    /// `W^1_kj` → `W<sup>1</sup><sub>kj</sub>`, `x^{(2)}` → `x<sup>(2)</sup>`.
    public static func html(notation: String) -> String {
        pieces(of: notation).map { piece in
            switch piece.kind {
            case .plain: return escapeXML(piece.text)
            case .superscript: return "<sup>" + escapeXML(piece.text) + "</sup>"
            case .subscript: return "<sub>" + escapeXML(piece.text) + "</sub>"
            }
        }.joined()
    }

    /// A name in the lecture's notation as SVG text content: superscripts and subscripts as
    /// shifted, smaller `<tspan>`s.
    public static func svg(notation: String) -> String {
        pieces(of: notation).map { piece in
            switch piece.kind {
            case .plain: return escapeXML(piece.text)
            case .superscript: return "<tspan baseline-shift=\"super\" font-size=\"75%\">" + escapeXML(piece.text) + "</tspan>"
            case .subscript: return "<tspan baseline-shift=\"sub\" font-size=\"75%\">" + escapeXML(piece.text) + "</tspan>"
            }
        }.joined()
    }

    /// A name in the lecture's notation as LaTeX math: `W^1_kj` → `W^{1}_{kj}`, `δ^2` →
    /// `\delta^{2}`, `ΔW^1` → `\Delta W^{1}`, `∂C/∂W^1` → `\frac{\partial C}{\partial W^{1}}`; a
    /// name with spaces becomes `\text{…}`. TeX's special characters are dropped, so the result
    /// is always well formed and uses no command beyond those.
    public static func latex(notation: String) -> String {
        if notation.contains(" ") {
            return "\\text{" + latexText(notation) + "}"
        }
        if notation.hasPrefix("∂C/∂") {
            return "\\frac{\\partial C}{\\partial " + latex(notation: String(notation.dropFirst(4))) + "}"
        }
        if notation.hasPrefix("Δ") { return "\\Delta " + latex(notation: String(notation.dropFirst())) }
        if notation.hasPrefix("δ") { return "\\delta" + latex(notation: String(notation.dropFirst())) }
        return pieces(of: notation).map { piece in
            let text = latexText(piece.text)
            switch piece.kind {
            case .plain: return text
            case .superscript: return "^{" + text + "}"
            case .subscript: return "_{" + text + "}"
            }
        }.joined()
    }

    /// `text` safe inside `\text{…}` or math: drops `\ { } $ % & # ~ ^ _` and control characters.
    public static func latexText(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "{", "}", "$", "%", "&", "#", "~", "^", "_": continue
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One run of a notation string: plain text, a superscript, or a subscript.
    struct Piece: Equatable {
        enum Kind: Equatable { case plain, superscript, `subscript` }
        var kind: Kind
        var text: String
    }

    /// Splits `W^1_kj` into `W`, superscript `1`, subscript `kj`. After `^` or `_` comes a
    /// `{…}` group, else a run of letters and digits, else one character.
    static func pieces(of notation: String) -> [Piece] {
        var result: [Piece] = []
        var plain = ""
        let characters = Array(notation)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard (character == "^" || character == "_"), index + 1 < characters.count else {
                plain.append(character)
                index += 1
                continue
            }
            if !plain.isEmpty {
                result.append(Piece(kind: .plain, text: plain))
                plain = ""
            }
            let kind: Piece.Kind = character == "^" ? .superscript : .subscript
            index += 1
            var group = ""
            if characters[index] == "{" {
                index += 1
                while index < characters.count, characters[index] != "}" {
                    group.append(characters[index])
                    index += 1
                }
                index += 1
            } else if characters[index].isLetter || characters[index].isNumber {
                while index < characters.count, characters[index].isLetter || characters[index].isNumber {
                    group.append(characters[index])
                    index += 1
                }
            } else {
                group.append(characters[index])
                index += 1
            }
            result.append(Piece(kind: kind, text: group))
        }
        if !plain.isEmpty { result.append(Piece(kind: .plain, text: plain)) }
        return result
    }
}
