import BackpropLanguage

/// Backprop code as HTML with its tokens in coloured spans, read by the language's own lexer so
/// the page colours code exactly as the language reads it.
enum CodeHighlighter {
    /// The code as escaped HTML: keywords, numbers, strings, comments, type names and what the
    /// lexer could not read each in a `<span class>`; everything else as plain text.
    static func html(_ code: String) -> String {
        let scalars = Array(code.unicodeScalars)
        var out = ""
        var position = 0
        func text(_ start: Int, _ end: Int) -> String {
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[Swift.max(0, start)..<Swift.min(end, scalars.count)])
            return String(piece)
        }
        for token in CodeToken.tokenize(code) {
            guard token.start >= position, token.end <= scalars.count, token.start <= token.end else { continue }
            out += gap(text(position, token.start))
            let content = HTMLText.escape(text(token.start, token.end))
            switch token.kind {
            case .keyword: out += "<span class=\"k\">" + content + "</span>"
            case .number: out += "<span class=\"n\">" + content + "</span>"
            case .string: out += "<span class=\"s\">" + content + "</span>"
            case .invalid: out += "<span class=\"x\">" + content + "</span>"
            case .identifier where token.name?.first?.isUppercase == true: out += "<span class=\"t\">" + content + "</span>"
            default: out += content
            }
            position = token.end
        }
        out += gap(text(position, scalars.count))
        return out
    }

    /// What lies between tokens: whitespace and comments, the comments in their own spans.
    private static func gap(_ text: String) -> String {
        guard text.contains(where: { !$0.isWhitespace }) else { return HTMLText.escape(text) }
        // Split around each comment (`//` to the end of the line, `/* … */`): the lexer
        // already skipped them, so whatever is not whitespace here is a comment.
        var out = ""
        var pending = ""
        var inComment = false
        for character in text {
            if !inComment && !character.isWhitespace {
                out += HTMLText.escape(pending)
                pending = ""
                inComment = true
            }
            pending.append(character)
            if inComment && character == "\n" && !pending.hasPrefix("/*") {
                out += "<span class=\"c\">" + HTMLText.escape(String(pending.dropLast())) + "</span>\n"
                pending = ""
                inComment = false
            } else if inComment && pending.hasPrefix("/*") && pending.count >= 4 && pending.hasSuffix("*/") {
                out += "<span class=\"c\">" + HTMLText.escape(pending) + "</span>"
                pending = ""
                inComment = false
            }
        }
        out += inComment ? "<span class=\"c\">" + HTMLText.escape(pending) + "</span>" : HTMLText.escape(pending)
        return out
    }
}
