/// Terminal text with ANSI colour codes (the kernel's tracebacks) as HTML: the colours as
/// spans, every other escape sequence dropped.
enum ANSIText {
    /// The eight standard colours, then their bright forms (SGR 30–37 and 90–97).
    private static let colours = ["#000000", "#b2182b", "#1a7f37", "#9a6700", "#2166ac", "#8250df", "#1b7c83", "#6e7781"]

    /// `text` escaped, with SGR colours and bold as `<span style>`.
    static func html(_ text: String) -> String {
        var out = ""
        var open = false
        var scalars = Array(text.unicodeScalars)[...]
        var plain = String.UnicodeScalarView()
        func flush() {
            out += HTMLText.escape(String(plain))
            plain = String.UnicodeScalarView()
        }
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            guard scalar == "\u{1B}" else {
                plain.append(scalar)
                continue
            }
            // CSI: ESC [ parameters final-byte; only `m` (SGR) means anything here.
            guard scalars.first == "[" else { continue }
            scalars = scalars.dropFirst()
            var parameters = ""
            var final: Unicode.Scalar?
            while let next = scalars.first {
                scalars = scalars.dropFirst()
                if (0x40...0x7E).contains(next.value) {
                    final = next
                    break
                }
                parameters.unicodeScalars.append(next)
                if parameters.unicodeScalars.count > 32 { break }
            }
            guard final == "m" else { continue }
            flush()
            if open {
                out += "</span>"
                open = false
            }
            let style = self.style(parameters)
            if !style.isEmpty {
                out += "<span style=\"" + style + "\">"
                open = true
            }
        }
        flush()
        if open { out += "</span>" }
        return out
    }

    /// The CSS of an SGR parameter list: colour and bold; empty for a reset.
    private static func style(_ parameters: String) -> String {
        var colour: String?
        var bold = false
        for part in parameters.split(separator: ";") {
            guard let code = Int(part) else { continue }
            switch code {
            case 0: colour = nil; bold = false
            case 1: bold = true
            case 30...37: colour = colours[code - 30]
            case 90...97: colour = colours[code - 90]
            default: break
            }
        }
        var css: [String] = []
        if let colour { css.append("color:" + colour) }
        if bold { css.append("font-weight:bold") }
        return css.joined(separator: ";")
    }
}
