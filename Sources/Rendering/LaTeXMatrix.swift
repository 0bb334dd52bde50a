/// The `text/latex` of a vector or matrix: `$$W^{1} = \begin{bmatrix} … \end{bmatrix}$$`, using
/// only commands MathJax supports (`bmatrix`, `\cdots`, `\vdots`, `\ddots`, `\infty`, `\text`).
enum LaTeXMatrix {
    /// The display-math `bmatrix` of `grid`, named `symbol` when given, summarised with dots.
    static func latex(_ grid: MatrixTable.Grid, symbol: String?) -> String {
        let name = symbol.flatMap { $0.isEmpty ? nil : Markup.latex(notation: $0) }
        return "$$" + equation(grid, name: name) + "$$"
    }

    /// `name = \begin{bmatrix} … \end{bmatrix}` without the `$$`, for several in one display;
    /// `name` is already LaTeX (`\delta^{1}`), or nil for the bare matrix.
    static func equation(_ grid: MatrixTable.Grid, name: String?) -> String {
        var out = ""
        if let name { out += name + " = " }
        out += "\\begin{bmatrix}"
        var lines: [String] = []
        if grid.rows > 0 && grid.columns > 0 {
            for row in grid.shownRows {
                lines.append(grid.shownColumns.map { column in
                    guard let row else { return column == nil ? "\\ddots" : "\\vdots" }
                    guard let column else { return "\\cdots" }
                    return number(grid.value(row, column))
                }.joined(separator: " & "))
            }
        }
        out += lines.isEmpty ? " " : " " + lines.joined(separator: " \\\\ ") + " "
        out += "\\end{bmatrix}"
        if grid.isSummarised {
            out += " \\text{ (" + Markup.latexText(grid.summaryNote) + ")}"
        }
        return out
    }

    /// A number in LaTeX: the short form (`1.5 \times 10^{-7}` for scientific ones), `\text{nan}`, `\infty` or `-\infty`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "\\text{nan}" }
        if value.isInfinite { return value < 0 ? "-\\infty" : "\\infty" }
        let short = NumberFormat.short(value)
        guard let e = short.firstIndex(of: "e") else { return short }
        return String(short[..<e]) + " \\times 10^{" + String(short[short.index(after: e)...]) + "}"
    }
}
