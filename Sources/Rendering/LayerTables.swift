import BackpropLanguage
import NeuralNet

/// The traces of backpropagation as layer-labelled tables (SPEC §5): forward passes (z^l and
/// a^l), gradients (δ^l, ∂C/∂W^l, ∂C/∂b^l), step reports (W before, ΔW, W after), gradient
/// checks, and per-layer lists such as `net.weights`.
///
/// Each output is `text/plain` (the language's own text form), `text/latex` (one `$$…$$` block
/// per layer, its tables side by side with `\quad`) and `text/html` (one XHTML fragment: a
/// heading and a row of shaded tables per layer, each table shaded by its own largest |value|,
/// full precision in every cell's `title`). Tables over 40 rows or columns show their corners,
/// as ``MatrixTable`` does, so a 784-128-10 network's displays stay far below 1 MiB.
public enum LayerTables {
    /// The most rows a gradient check's HTML and LaTeX tables list: beyond it, the parameters
    /// with the largest relative errors, largest first.
    public static let checkRows = MatrixTable.summaryThreshold

    /// `pass` layer by layer: the input a^0, then z^l beside a^l for l = 1…L. One sample
    /// (`single`) reads as column vectors indexed k; a batch as matrices with one row per
    /// sample s and one column per node k.
    public static func render(_ pass: ForwardPass, single: Bool) -> RenderedOutput {
        let one = single && pass.sampleCount == 1
        var sections = [Section(heading: "layer 0 (input)", tables: [trace(pass.input, one: one, symbol: "a^0")])]
        sections += layerSections(pass.layerCount) { l in
            guard let z = try? pass.z(l), let a = try? pass.a(l) else { return nil }
            let activation = l <= pass.activations.count ? pass.activations[l - 1].rawValue : "?"
            return Section(heading: "layer \(l) (\(activation))", tables: [
                trace(z, one: one, symbol: "z^\(l)"), trace(a, one: one, symbol: "a^\(l)"),
            ])
        }
        return output(.object(LibraryObject(.pass(pass, single: single))), header: nil, sections: sections)
    }

    /// `gradients` from the output layer down: the loss C, then for l = L…1 δ^l, ∂C/∂W^l
    /// (rows k, columns j) and ∂C/∂b^l side by side. δ^l is a vector for one sample, a
    /// sample × node matrix for a batch.
    public static func render(_ gradients: Gradients, single: Bool) -> RenderedOutput {
        let count = gradients.pass.sampleCount
        let one = single && count == 1
        let samples = count == 1 ? "1 sample" : "mean over \(count) samples"
        let header = Header(
            html: "loss <i>C</i> = <span title=\"" + Markup.escapeXML(NumberFormat.full(gradients.loss)) + "\">"
                + Markup.escapeXML(NumberFormat.short(gradients.loss)) + "</span> ("
                + Markup.escapeXML(gradients.lossFunction.rawValue + ", " + samples) + ")",
            latex: "C = " + LaTeXMatrix.number(gradients.loss) + " \\quad \\text{(" + Markup.latexText(gradients.lossFunction.rawValue + ", " + samples) + ")}")
        let sections = layerSections(gradients.layerCount).reversed().map { l -> Section? in
            guard let l else { return nil }
            guard let delta = try? gradients.delta(l), let dW = try? gradients.dW(l), let db = try? gradients.db(l) else { return Section(heading: "layer \(l)", tables: []) }
            return Section(heading: "layer \(l)", tables: [
                trace(delta, one: one, symbol: "δ^\(l)"),
                Table(MatrixTable.Grid(matrix: dW, rowLabel: "k", columnLabel: "j"), symbol: "∂C/∂W^\(l)"),
                Table(MatrixTable.Grid(vector: db, indexLabel: "k"), symbol: "∂C/∂b^\(l)"),
            ])
        }
        return output(.object(LibraryObject(.gradients(gradients, single: single))), header: header,
                      sections: sections.map { $0 ?? gap(gradients.layerCount) })
    }

    /// `step` layer by layer: W^l before, ΔW^l = −η ∂C/∂W^l and W^l after (rows k, columns
    /// j), then the biases likewise when the step updated them. `single` only chooses the
    /// text form's wording: a step's tables are parameters, the same for one sample or many.
    public static func render(_ step: StepReport, single: Bool) -> RenderedOutput {
        var headerText = "η = " + NumberFormat.full(step.learningRate) + ", loss C = " + NumberFormat.full(step.loss) + " before the step"
        var headerLaTeX = "\\eta = " + LaTeXMatrix.number(step.learningRate) + " \\quad C = " + LaTeXMatrix.number(step.loss) + " \\text{ (before the step)}"
        if !step.updatedBiases {
            headerText += "; biases not updated"
            headerLaTeX += " \\quad \\text{biases not updated}"
        }
        let header = Header(html: Markup.escapeXML(headerText), latex: headerLaTeX)
        var sections: [Section] = []
        for l in layerSections(step.layerCount) {
            guard let l else {
                sections.append(gap(step.layerCount))
                continue
            }
            guard let before = try? step.before(l), let change = try? step.change(l), let after = try? step.after(l) else { continue }
            sections.append(Section(heading: "layer \(l): weights", tables: stepTables(
                before.grid, change.grid, after.grid, symbol: "W^\(l)", gradient: "∂C/∂W^\(l)")))
            guard step.updatedBiases, let bBefore = try? step.biasBefore(l), let bChange = try? step.biasChange(l),
                  let bAfter = try? step.biasAfter(l) else { continue }
            sections.append(Section(heading: "layer \(l): biases", tables: stepTables(
                bBefore.grid, bChange.grid, bAfter.grid, symbol: "b^\(l)", gradient: "∂C/∂b^\(l)")))
        }
        return output(.object(LibraryObject(.step(step, single: single))), header: header, sections: sections)
    }

    /// `check` as one table: each parameter (W^l_kj or b^l_k) with its analytic and numeric
    /// ∂C/∂w, their relative error and whether it is within ``GradientCheck/threshold``, under
    /// a summary line. Beyond ``checkRows`` parameters, the rows with the largest relative
    /// errors (largest first) and a note saying so.
    public static func render(_ check: GradientCheck) -> RenderedOutput {
        let summary = "gradient check: \(check.entries.count) parameter\(check.entries.count == 1 ? "" : "s"), max relative error "
            + NumberFormat.short(check.maxRelativeError) + ", threshold " + NumberFormat.short(check.threshold) + ", ε = "
            + NumberFormat.short(check.epsilon) + ": " + (check.passed ? "passed" : "FAILED")
            + (check.interrupted ? " (interrupted before every parameter was compared)" : "")
        let shown = checkEntries(check)
        let note = shown.count < check.entries.count
            ? "showing the \(shown.count) largest relative errors of \(check.entries.count), largest first" : nil
        var html = "<div>\n<div style=\"\(headingStyle)\">" + Markup.escapeXML(summary) + "</div>\n"
        if let note { html += "<div style=\"\(noteStyle)\">" + Markup.escapeXML(note) + "</div>\n" }
        var latex = "$$\\text{" + Markup.latexText(summary) + "}$$"
        if let note { latex += "\n$$\\text{" + Markup.latexText(note) + "}$$" }
        if !shown.isEmpty {
            html += checkTable(shown, threshold: check.threshold) + "\n"
            latex += "\n$$" + checkMatrix(shown, threshold: check.threshold) + "$$"
        }
        html += "</div>"
        return RenderedOutput([
            .init("text/plain", ValueFormatter.plainText(.object(LibraryObject(.check(check))))),
            .init("text/latex", latex),
            .init("text/html", html),
        ])
    }

    /// A per-layer list (`net.weights`, `g.delta`, `step.change`, …), each entry titled with
    /// the list's symbol and its layer (W^1, b^2, δ^1). Weight-like entries read rows k and
    /// columns j; trace matrices (z, a, δ of a batch) one row per sample s, columns k.
    public static func render(_ list: LayerList) -> RenderedOutput {
        let weightLike = list.symbol.contains("W")
        var tables: [Table] = []
        var texts: [(html: String, latex: String)] = []
        for index in MatrixTable.Grid.shown(list.values.count) {
            guard let index else {
                let edge = MatrixTable.summaryEdge
                let words = "⋮ layers \(list.first + edge)…\(list.last - edge) not shown"
                texts.append((Markup.escapeXML(words), "\\vdots \\quad \\text{" + Markup.latexText(words) + "}"))
                continue
            }
            let l = list.first + index
            let symbol = "\(list.symbol)^\(l)"
            switch list.values[index] {
            case .matrix(let matrix):
                let grid = weightLike ? matrix.grid : MatrixTable.Grid(matrix: matrix, rowLabel: "s", columnLabel: "k")
                tables.append(Table(grid, symbol: symbol))
            case .vector(let vector):
                tables.append(Table(vector.grid, symbol: symbol))
            case let value:
                let text = ValueFormatter.plainText(value)
                texts.append((Markup.html(notation: symbol) + " = " + Markup.escapeXML(text),
                              latexName(list.symbol, l) + " = \\text{" + Markup.latexText(text) + "}"))
            }
        }
        var sections = [Section(heading: list.name, tables: tables)]
        if !texts.isEmpty {
            sections.append(Section(heading: "", tables: [], extraHTML: texts.map(\.html), extraLaTeX: texts.map(\.latex)))
        }
        return output(.object(LibraryObject(.layers(list))), header: nil, sections: sections)
    }

    // MARK: - Building blocks

    static let headingStyle = "font-family:sans-serif;font-weight:bold;margin:8px 0 2px"
    static let noteStyle = "font-family:sans-serif;font-size:12px;color:#555;margin:2px 0"
    static let tableBoxStyle = "display:inline-block;vertical-align:top;margin:0 16px 8px 0"
    static let passStyle = "background:#d9f0d3;color:#000000"
    static let failStyle = "background:#f4c7c3;color:#000000"

    /// One table of a display: its grid and its name in the lecture's notation (`δ^1`), with
    /// an optional note after the name (`= −η ∂C/∂W^1`) and a LaTeX name when it is not
    /// simply the notation's (`\frac{\partial C}{\partial W^{1}}`).
    struct Table {
        let grid: MatrixTable.Grid
        let symbol: String
        let note: String?
        let latexName: String

        init(_ grid: MatrixTable.Grid, symbol: String, note: String? = nil, latexName: String? = nil) {
            self.grid = grid
            self.symbol = symbol
            self.note = note
            self.latexName = latexName ?? Markup.latex(notation: symbol)
        }

        /// The table, and under it the heatmap of a summarised value: binned coarser than a
        /// lone matrix's, since a display holds several.
        var html: String {
            MatrixTable.withHeatmap(HTMLTable.html(grid, title: nil, symbol: symbol, note: note), grid.heatmap(title: symbol, maxCells: 32), alt: symbol)
        }
        var latex: String { LaTeXMatrix.equation(grid, name: latexName) }
    }

    /// A heading and a row of tables: one layer, or the gap of a summarised network.
    struct Section {
        let heading: String
        let tables: [Table]
        var extraHTML: [String] = []
        var extraLaTeX: [String] = []
        /// Whether it stands for the layers a summary leaves out.
        var isGap = false
    }

    /// A line above the sections (the loss, η), as HTML and LaTeX.
    struct Header {
        let html: String
        let latex: String
    }

    /// The layers 1…count a display shows: all, or the first and last few with a gap (nil).
    static func layerSections(_ count: Int) -> [Int?] {
        MatrixTable.Grid.shown(count).map { $0.map { $0 + 1 } }
    }

    /// The sections of layers 1…count, the gap of a summary included.
    static func layerSections(_ count: Int, _ section: (Int) -> Section?) -> [Section] {
        layerSections(count).compactMap { l in l.map(section) ?? gap(count) }
    }

    /// The section standing for the layers a summarised display leaves out.
    static func gap(_ count: Int) -> Section {
        let edge = MatrixTable.summaryEdge
        return Section(heading: "⋮ layers \(edge + 1)…\(count - edge) not shown", tables: [], isGap: true)
    }

    /// A trace of one layer: a vector indexed k for one sample, else rows s and columns k.
    static func trace(_ matrix: Matrix, one: Bool, symbol: String) -> Table {
        if one { return Table(Vector(Array(matrix.elements.prefix(matrix.columns))).grid, symbol: symbol) }
        return Table(MatrixTable.Grid(matrix: matrix, rowLabel: "s", columnLabel: "k"), symbol: symbol)
    }

    /// Before, change and after of one parameter: `W^1`, `ΔW^1 = −η ∂C/∂W^1`, `W^1` after.
    static func stepTables(_ before: MatrixTable.Grid, _ change: MatrixTable.Grid, _ after: MatrixTable.Grid,
                           symbol: String, gradient: String) -> [Table] {
        [
            Table(before, symbol: symbol, note: "before"),
            Table(change, symbol: "Δ" + symbol, note: "= −η " + gradient,
                  latexName: Markup.latex(notation: "Δ" + symbol) + " = -\\eta " + Markup.latex(notation: gradient)),
            Table(after, symbol: symbol, note: "after",
                  latexName: Markup.latex(notation: symbol) + " + " + Markup.latex(notation: "Δ" + symbol)),
        ]
    }

    /// The LaTeX name of a list's symbol at layer l: `\delta^{1}`, `W^{2}`.
    static func latexName(_ symbol: String, _ l: Int) -> String {
        Markup.latex(notation: "\(symbol)^\(l)")
    }

    /// The whole output: the value's text form, then LaTeX blocks and the HTML fragment.
    static func output(_ value: Value, header: Header?, sections: [Section]) -> RenderedOutput {
        var html = "<div>\n"
        var latex: [String] = []
        if let header {
            html += "<div style=\"\(headingStyle)\">" + header.html + "</div>\n"
            latex.append("$$" + header.latex + "$$")
        }
        for section in sections {
            if !section.heading.isEmpty {
                html += "<div style=\"\(headingStyle)\">" + Markup.escapeXML(section.heading) + "</div>\n"
            }
            if section.isGap {
                latex.append("$$\\vdots \\quad \\text{" + Markup.latexText(section.heading) + "}$$")
            }
            if !section.tables.isEmpty {
                html += "<div>\n" + section.tables.map { "<div style=\"\(tableBoxStyle)\">\n" + $0.html + "\n</div>" }
                    .joined(separator: "\n") + "\n</div>\n"
                latex.append("$$" + section.tables.map(\.latex).joined(separator: " \\quad ") + "$$")
            }
            for extra in section.extraHTML { html += "<div style=\"\(noteStyle)\">" + extra + "</div>\n" }
            latex += section.extraLaTeX.map { "$$" + $0 + "$$" }
        }
        return RenderedOutput([
            .init("text/plain", ValueFormatter.plainText(value)),
            .init("text/latex", latex.joined(separator: "\n")),
            .init("text/html", html + "</div>"),
        ])
    }

    // MARK: - Gradient check

    /// All entries, or the ``checkRows`` with the largest relative errors (NaN counts as largest).
    static func checkEntries(_ check: GradientCheck) -> [GradientCheck.Entry] {
        guard check.entries.count > checkRows else { return check.entries }
        func key(_ entry: GradientCheck.Entry) -> Double { entry.relativeError.isNaN ? .infinity : entry.relativeError }
        return Array(check.entries.enumerated().sorted { key($0.element) != key($1.element) ? key($0.element) > key($1.element) : $0.offset < $1.offset }
            .prefix(checkRows).map(\.element))
    }

    /// `W^1_01`, `b^2_0`; indices joined by a comma when one has two digits (`W^1_{12,3}`).
    static func parameterNotation(_ entry: GradientCheck.Entry) -> String {
        if entry.isBias { return "b^\(entry.layer)_{\(entry.k)}" }
        let indices = entry.k < 10 && entry.j < 10 ? "\(entry.k)\(entry.j)" : "\(entry.k),\(entry.j)"
        return "W^\(entry.layer)_{\(indices)}"
    }

    /// Whether an entry is within the threshold (NaN is not).
    static func passes(_ entry: GradientCheck.Entry, _ threshold: Double) -> Bool {
        entry.relativeError <= threshold
    }

    /// The HTML table of a check: analytic and numeric shaded together by their largest |value|.
    static func checkTable(_ entries: [GradientCheck.Entry], threshold: Double) -> String {
        let header = HTMLTable.headerStyle, cell = HTMLTable.cellStyle
        let maxMagnitude = ColorScale.maxMagnitude(of: entries.flatMap { [$0.analytic, $0.numeric] })
        var out = "<table style=\"\(HTMLTable.tableStyle)\">\n<thead><tr>"
        for title in ["parameter", "analytic", "numeric", "relative error", "within threshold"] {
            out += "<th style=\"\(header)\">" + title + "</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for entry in entries {
            let ok = passes(entry, threshold)
            out += "<tr><th style=\"\(header)\">" + Markup.html(notation: parameterNotation(entry)) + "</th>"
            out += HTMLTable.cell(entry.analytic, maxMagnitude: maxMagnitude) + HTMLTable.cell(entry.numeric, maxMagnitude: maxMagnitude)
            out += "<td style=\"\(cell)\" title=\"" + Markup.escapeXML(NumberFormat.full(entry.relativeError)) + "\">"
                + Markup.escapeXML(NumberFormat.short(entry.relativeError)) + "</td>"
            out += "<td style=\"\(cell);\(ok ? passStyle : failStyle)\">" + (ok ? "pass" : "FAIL") + "</td></tr>\n"
        }
        out += "</tbody>\n</table>\n" + HTMLTable.legend(maxMagnitude: maxMagnitude)
        return out
    }

    /// The LaTeX of a check: a `bmatrix` with a header row of `\text` cells.
    static func checkMatrix(_ entries: [GradientCheck.Entry], threshold: Double) -> String {
        var rows = ["\\text{parameter} & \\text{analytic} & \\text{numeric} & \\text{relative error} & \\text{within threshold}"]
        for entry in entries {
            rows.append([
                Markup.latex(notation: parameterNotation(entry)), LaTeXMatrix.number(entry.analytic),
                LaTeXMatrix.number(entry.numeric), LaTeXMatrix.number(entry.relativeError),
                passes(entry, threshold) ? "\\text{pass}" : "\\text{FAIL}",
            ].joined(separator: " & "))
        }
        return "\\begin{bmatrix} " + rows.joined(separator: " \\\\ ") + " \\end{bmatrix}"
    }
}

extension Matrix {
    /// The table grid of a parameter matrix: rows k (receiving nodes), columns j (emitting nodes).
    var grid: MatrixTable.Grid { MatrixTable.Grid(matrix: self, rowLabel: "k", columnLabel: "j") }
}

extension Vector {
    /// The table grid of a vector: one column, rows k.
    var grid: MatrixTable.Grid { MatrixTable.Grid(vector: self, indexLabel: "k") }
}
