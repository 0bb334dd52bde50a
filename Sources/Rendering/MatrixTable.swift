import BackpropLanguage
import NeuralNet

/// Vectors and matrices as tables: `text/plain`, a shaded `text/html` table (with an SVG heatmap
/// inside when they are too large to show whole, SPEC §5), and a `text/latex` `bmatrix`.
public enum MatrixTable {
    /// Rows or columns beyond which a table is summarised (its corners shown) with a heatmap.
    public static let summaryThreshold = 40
    /// How many rows or columns a summarised HTML or LaTeX table keeps at each end, like NumPy.
    public static let summaryEdge = 3

    /// A matrix as text/plain + text/latex + text/html (with a heatmap when over 40 rows or
    /// columns). Rows are labelled `rowLabel = 0…` (the receiving nodes k) and columns
    /// `columnLabel = 0…` (the emitting nodes j); `symbol` is its name in the lecture's notation
    /// (`W^1`), `title` a caption.
    public static func render(_ matrix: Matrix, title: String? = nil, symbol: String? = nil,
                              rowLabel: String = "k", columnLabel: String = "j") -> RenderedOutput {
        let grid = Grid(matrix: matrix, rowLabel: rowLabel, columnLabel: columnLabel)
        let heading = plainHeading(title: title, symbol: symbol)
        let heatmap = grid.heatmap(title: heading)
        return RenderedOutput([
            RenderedOutput.Representation("text/plain", ValueFormatter.matrixTable(
                matrix, title: plainHeading(title: title, symbol: symbol), rowName: rowLabel, columnName: columnLabel)),
            RenderedOutput.Representation("text/latex", LaTeXMatrix.latex(grid, symbol: symbol ?? title)),
            RenderedOutput.Representation("text/html", withHeatmap(HTMLTable.html(grid, title: title, symbol: symbol), heatmap, alt: heading)),
        ])
    }

    /// A vector as text/plain + text/latex + text/html (with a heatmap when over 40 elements):
    /// one column, rows labelled `indexLabel = 0…`.
    public static func render(_ vector: Vector, title: String? = nil, symbol: String? = nil,
                              indexLabel: String = "k") -> RenderedOutput {
        let grid = Grid(vector: vector, indexLabel: indexLabel)
        let heading = plainHeading(title: title, symbol: symbol)
        let heatmap = grid.heatmap(title: heading)
        return RenderedOutput([
            RenderedOutput.Representation("text/plain", ValueFormatter.vectorTable(
                vector, title: plainHeading(title: title, symbol: symbol), rowName: indexLabel)),
            RenderedOutput.Representation("text/latex", LaTeXMatrix.latex(grid, symbol: symbol ?? title)),
            RenderedOutput.Representation("text/html", withHeatmap(HTMLTable.html(grid, title: title, symbol: symbol), heatmap, alt: heading)),
        ])
    }

    /// The first line of the plain table: `title: symbol`, either alone, or nil for the default.
    static func plainHeading(title: String?, symbol: String?) -> String? {
        switch (title, symbol) {
        case let (title?, symbol?): return title + ": " + symbol
        case let (title?, nil): return title
        case let (nil, symbol?): return symbol
        case (nil, nil): return nil
        }
    }

    /// The table's HTML with the heatmap drawn inside it, below the legend.
    ///
    /// Inside, not as an `image/svg+xml` of its own: a frontend shows one representation of an
    /// output and prefers HTML, so a separate heatmap would never be seen. As an `<img>` with a
    /// `data:` URI rather than inline `<svg>`: JupyterLab's sanitizer (untrusted notebooks)
    /// removes inline SVG but keeps such images, and nbconvert copies them byte for byte.
    static func withHeatmap(_ html: String, _ heatmap: String?, alt: String?) -> String {
        guard let heatmap, html.hasSuffix("</div>") else { return html }
        let image = "<img alt=\"" + Markup.escapeXML((alt ?? "matrix") + " heatmap") + "\" src=\"data:image/svg+xml;base64,"
            + Base64.encode(heatmap.utf8) + "\"/>"
        return String(html.dropLast("</div>".count)) + "<div style=\"margin-top:6px\">" + image + "</div>\n</div>"
    }

    /// What a table shows of a vector or matrix: its size, its values, which rows and columns
    /// (nil marks the gap of a summary) and how they are labelled.
    struct Grid {
        /// Number of rows and columns of the value.
        let rows: Int, columns: Int
        /// The values, row-major.
        let elements: [Double]
        /// Row labels read `rowLabel = i`; column labels `columnLabel = j`, or none for a vector.
        let rowLabel: String, columnLabel: String?
        /// The rows and columns shown; nil is the `…` of a summary.
        let shownRows: [Int?], shownColumns: [Int?]
        /// Whether it is a vector (one unlabelled column).
        let isVector: Bool
        /// The largest finite |value|, which the shading scales to.
        let maxMagnitude: Double

        init(matrix: Matrix, rowLabel: String, columnLabel: String) {
            rows = matrix.rows
            columns = matrix.columns
            elements = matrix.elements
            self.rowLabel = rowLabel
            self.columnLabel = columnLabel
            shownRows = Grid.shown(rows)
            shownColumns = Grid.shown(columns)
            isVector = false
            maxMagnitude = ColorScale.maxMagnitude(of: elements)
        }

        init(vector: Vector, indexLabel: String) {
            rows = vector.count
            columns = 1
            elements = vector.elements
            rowLabel = indexLabel
            columnLabel = nil
            shownRows = Grid.shown(rows)
            shownColumns = [0]
            isVector = true
            maxMagnitude = ColorScale.maxMagnitude(of: elements)
        }

        /// Whether rows or columns were left out.
        var isSummarised: Bool { shownRows.contains(nil) || shownColumns.contains(nil) }

        /// The heatmap of the whole value that goes with a summarised table (nil when nothing
        /// was left out), binned to at most `maxCells` a side.
        func heatmap(title: String?, maxCells: Int = 64) -> String? {
            guard isSummarised, let matrix = try? Matrix(rows: rows, columns: columns, elements: elements) else { return nil }
            return Heatmap.svg(matrix, title: title, maxCells: maxCells, rowLabel: rowLabel, columnLabel: columnLabel ?? "")
        }

        /// The value at a row and column.
        func value(_ row: Int, _ column: Int) -> Double { elements[row * columns + column] }

        /// `784 × 128` for a matrix, `784 elements` for a vector.
        var sizeText: String {
            isVector ? "\(rows) element" + (rows == 1 ? "" : "s") : "\(rows) × \(columns)"
        }

        /// The note a summary adds: `784 × 128, showing corners`.
        var summaryNote: String {
            sizeText + (isVector ? ", showing first and last" : ", showing corners")
        }

        static func shown(_ count: Int) -> [Int?] {
            if count <= MatrixTable.summaryThreshold { return Array(0..<count) }
            let edge = MatrixTable.summaryEdge
            return Array(0..<edge) + [nil] + Array((count - edge)..<count)
        }
    }
}
