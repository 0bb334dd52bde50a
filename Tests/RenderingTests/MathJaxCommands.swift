/// The LaTeX commands the renderers may use. Every one is in MathJax's list of supported TeX
/// commands (https://docs.mathjax.org/en/latest/input/tex/macros/index.html), so formulas render
/// in JupyterLab, Notebook 7, VS Code and nbconvert's HTML alike.
let mathJaxWhitelist: Set<String> = [
    "\\begin", "\\end", "\\\\", "\\text", "\\mathrm", "\\times", "\\infty",
    "\\cdots", "\\vdots", "\\ddots", "\\frac", "\\partial", "\\delta", "\\Delta", "\\eta",
    "\\sigma", "\\sum", "\\cdot", "\\left", "\\right", "\\,", "\\quad",
]

/// The LaTeX commands (`\name`) a text uses.
func latexCommands(_ text: String) -> Set<String> {
    var commands: Set<String> = []
    var index = text.startIndex
    while index < text.endIndex {
        if text[index] == "\\" {
            var end = text.index(after: index)
            while end < text.endIndex, text[end].isLetter { end = text.index(after: end) }
            if end == text.index(after: index), end < text.endIndex { end = text.index(after: end) }
            commands.insert(String(text[index..<end]))
            index = end
        } else {
            index = text.index(after: index)
        }
    }
    return commands
}
