import JSON
import Notebook

/// A notebook as one self-contained HTML page: Markdown cells rendered, code highlighted,
/// formulas as MathML, every output inline. No script, no stylesheet or font from elsewhere,
/// no outside URL: it opens the same in any browser, offline, years later.
public enum NotebookHTML {
    /// The page of `notebook` titled `title`; `markdown` renders Markdown (with its formulas)
    /// to HTML, as ``Markdown/html(_:math:)`` with ``MathML/render(_:display:)`` does.
    public static func page(_ notebook: NotebookDocument, title: String, markdown: (String) -> String) -> String {
        var body = ""
        for cell in notebook.cells {
            switch cell.cellType {
            case "markdown":
                body += "<section class=\"cell markdown\">\n" + markdown(cell.source) + "\n</section>\n"
            case "code":
                body += codeCell(cell, markdown: markdown)
            default:
                body += "<section class=\"cell raw\"><pre>" + HTMLText.escape(cell.source) + "</pre></section>\n"
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="backprop-kernel execute"/>
            <title>\(HTMLText.escape(title))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <main class="notebook">
            \(body)</main>
            </body>
            </html>

            """
    }

    // MARK: - Cells

    private static func codeCell(_ cell: NotebookCell, markdown: (String) -> String) -> String {
        let prompt = cell.executionCount.map { "[\($0)]" } ?? "[ ]"
        var out = "<section class=\"cell code\">\n<div class=\"input\"><div class=\"prompt\">In&#160;" + prompt + ":</div>"
        out += "<pre class=\"source\"><code>" + CodeHighlighter.html(cell.source) + "</code></pre></div>\n"
        for output in cell.outputs {
            let isResult = output["output_type"]?.string == "execute_result"
            out += "<div class=\"output\"><div class=\"prompt\">" + (isResult ? "Out&#160;" + prompt + ":" : "") + "</div>"
            out += "<div class=\"content\">" + self.output(output, markdown: markdown) + "</div></div>\n"
        }
        return out + "</section>\n"
    }

    /// One output: a stream or error as text, a display or result as its richest
    /// representation this page can show.
    static func output(_ output: JSONValue, markdown: (String) -> String) -> String {
        switch output["output_type"]?.string {
        case "stream":
            let name = output["name"]?.string == "stderr" ? "stderr" : "stdout"
            return "<pre class=\"stream " + name + "\">" + HTMLText.escape(text(output["text"])) + "</pre>"
        case "error":
            let traceback = (output["traceback"]?.array ?? []).compactMap(\.string).joined(separator: "\n")
            return "<pre class=\"error\">" + ANSIText.html(traceback) + "</pre>"
        case "display_data", "execute_result":
            return bundle(output["data"] ?? .object([]), markdown: markdown)
        default:
            return ""
        }
    }

    /// The richest representation of a MIME bundle: HTML (unless it holds a script), SVG,
    /// Markdown, LaTeX (as MathML), a PNG or JPEG, else the plain text.
    static func bundle(_ data: JSONValue, markdown: (String) -> String) -> String {
        if let html = text(data["text/html"]), !html.isEmpty, !html.lowercased().contains("<script") {
            return "<div class=\"html\">" + html + "</div>"
        }
        if let svg = text(data["image/svg+xml"]), svg.hasPrefix("<svg"), !svg.lowercased().contains("<script") {
            // Inline SVG needs no namespace in HTML, and the page then holds no URL at all.
            return "<div class=\"svg\">" + svg.replacingFirst(" xmlns=\"http://www.w3.org/2000/svg\"", with: "") + "</div>"
        }
        if let source = text(data["text/markdown"]), !source.isEmpty {
            return "<div class=\"markdown\">" + markdown(source) + "</div>"
        }
        if let latex = text(data["text/latex"]), !latex.isEmpty {
            return "<div class=\"latex\">" + markdown(latex) + "</div>"
        }
        for mime in ["image/png", "image/jpeg"] {
            if let base64 = text(data[mime]), base64.unicodeScalars.allSatisfy(isBase64) {
                return "<img alt=\"output\" src=\"data:" + mime + ";base64," + base64.filter { !$0.isWhitespace } + "\"/>"
            }
        }
        return "<pre class=\"plain\">" + HTMLText.escape(text(data["text/plain"]) ?? "") + "</pre>"
    }

    /// A string or nbformat's list of lines, joined; nil for anything else.
    private static func text(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let string = value.string { return string }
        return value.array?.compactMap(\.string).joined()
    }

    private static func text(_ value: JSONValue?) -> String {
        let joined: String? = text(value)
        return joined ?? ""
    }

    private static func isBase64(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "+" || scalar == "/" || scalar == "=" || scalar == "\n" || scalar == "\r"
    }

    // MARK: - Style

    /// The page's CSS: JupyterLab's light look, printable.
    static let style = """
        body { margin: 0; background: #ffffff; color: #1f2328; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 15px; line-height: 1.5; }
        main.notebook { max-width: 1100px; margin: 0 auto; padding: 24px 16px 64px; }
        .cell { margin: 0 0 14px; }
        .cell.markdown { padding: 0 0 0 92px; }
        .input, .output { display: flex; align-items: flex-start; gap: 8px; }
        .prompt { flex: 0 0 84px; text-align: right; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; color: #6e7781; padding-top: 6px; }
        .output .prompt { color: #b2182b; }
        .content { flex: 1 1 auto; min-width: 0; overflow-x: auto; padding: 4px 0; }
        pre { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; white-space: pre-wrap; word-break: break-word; }
        pre.source { flex: 1 1 auto; min-width: 0; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 6px 8px; }
        pre.stderr { background: #fff0f0; }
        pre.error { background: #fff0f0; padding: 4px 6px; }
        .k { color: #8250df; font-weight: bold; } .n { color: #0550ae; } .s { color: #0a3069; } .c { color: #6e7781; font-style: italic; } .t { color: #953800; } .x { color: #b2182b; text-decoration: underline wavy; }
        .markdown code, .cell.markdown code { background: #f6f8fa; padding: 0 3px; border-radius: 3px; font-size: 90%; }
        .cell.markdown pre { background: #f6f8fa; padding: 6px 8px; border-radius: 4px; }
        table { border-collapse: collapse; }
        .cell.markdown table td, .cell.markdown table th { border: 1px solid #d0d7de; padding: 2px 8px; }
        math[display="block"] { margin: 8px 0; }
        img, svg { max-width: 100%; height: auto; }
        @media print { .cell { break-inside: avoid; } main.notebook { max-width: none; } }
        """
}

extension String {
    /// The string with the first occurrence of `target` replaced.
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var result = self
        result.replaceSubrange(range, with: replacement)
        return result
    }
}
