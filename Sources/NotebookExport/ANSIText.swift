/// Terminal text with ANSI colour codes (the kernel's tracebacks) as HTML, the colours as
/// spans and every other escape sequence dropped; or as plain text, all of them dropped.
public enum ANSIText {
    /// The eight standard colours, then their bright forms (SGR 30–37 and 90–97).
    private static let colours = ["#000000", "#b2182b", "#1a7f37", "#9a6700", "#2166ac", "#8250df", "#1b7c83", "#6e7781"]

    /// `text` without its escape sequences, for a terminal that is not one (a log file).
    public static func stripped(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            guard scalar == "\u{1B}" else {
                out.append(scalar)
                continue
            }
            _ = sequence(after: &scalars)
        }
        return String(out)
    }

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
            // Only SGR (`m`) sequences mean anything here.
            guard let (parameters, final) = sequence(after: &scalars), final == "m" else { continue }
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

    /// Reads a CSI sequence after its ESC (`[` parameters final-byte) from `scalars`; nil when
    /// the ESC starts no CSI sequence (the ESC alone is then dropped).
    private static func sequence(after scalars: inout ArraySlice<Unicode.Scalar>) -> (parameters: String, final: Unicode.Scalar?)? {
        guard scalars.first == "[" else { return nil }
        scalars = scalars.dropFirst()
        var parameters = ""
        while let next = scalars.first {
            scalars = scalars.dropFirst()
            if (0x40...0x7E).contains(next.value) { return (parameters, next) }
            parameters.unicodeScalars.append(next)
            if parameters.unicodeScalars.count > 32 { break }
        }
        return (parameters, nil)
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
