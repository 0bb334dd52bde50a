/// The `text/html` of a vector or matrix: a self-contained, well-formed XHTML table with inline
/// styles only (no scripts, no stylesheet, no URLs), cells shaded by ColorScale, full precision
/// in each cell's `title`, and a legend.
enum HTMLTable {
    static let tableStyle = "border-collapse:collapse;font-family:monospace;font-size:12px"
    // nowrap: a narrow table (a vector) would otherwise wrap its caption word by word.
    static let captionStyle = "caption-side:top;text-align:left;font-family:sans-serif;padding:2px 0;white-space:nowrap"
    static let headerStyle = "padding:2px 6px;text-align:right;font-weight:normal;color:#555;background:#f5f5f5;border:1px solid #ddd"
    static let cellStyle = "padding:2px 6px;text-align:right;border:1px solid #ddd"
    static let gapStyle = "padding:2px 6px;text-align:center;color:#777;border:1px solid #ddd"

    /// The table for `grid`, captioned with the title and symbol (`W<sup>1</sup>`), an optional
    /// note after the symbol (`= −η ∂C/∂W<sup>1</sup>`, in the lecture's notation) and its size.
    static func html(_ grid: MatrixTable.Grid, title: String?, symbol: String?, note: String? = nil) -> String {
        var out = "<div>\n<table style=\"\(tableStyle)\">\n"
        out += "<caption style=\"\(captionStyle)\">" + caption(grid, title: title, symbol: symbol, note: note) + "</caption>\n"
        if grid.rows == 0 || grid.columns == 0 {
            return out + "</table>\n</div>"
        }
        out += "<thead><tr><th style=\"\(headerStyle)\"></th>"
        for column in grid.shownColumns {
            if let column, let label = grid.columnLabel {
                out += "<th style=\"\(headerStyle)\">" + Markup.escapeXML("\(label) = \(column)") + "</th>"
            } else if grid.columnLabel == nil {
                out += "<th style=\"\(headerStyle)\">" + (symbol.map { Markup.html(notation: $0) } ?? "") + "</th>"
            } else {
                out += "<th style=\"\(headerStyle)\">…</th>"
            }
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in grid.shownRows {
            out += "<tr><th style=\"\(headerStyle)\">"
            out += row.map { Markup.escapeXML("\(grid.rowLabel) = \($0)") } ?? "⋮"
            out += "</th>"
            for column in grid.shownColumns {
                guard let row else {
                    out += "<td style=\"\(gapStyle)\">" + (column == nil ? "⋱" : "⋮") + "</td>"
                    continue
                }
                guard let column else {
                    out += "<td style=\"\(gapStyle)\">…</td>"
                    continue
                }
                out += cell(grid.value(row, column), maxMagnitude: grid.maxMagnitude)
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        out += legend(maxMagnitude: grid.maxMagnitude)
        return out + "\n</div>"
    }

    /// One shaded cell: the short number, full precision in `title`.
    static func cell(_ value: Double, maxMagnitude: Double) -> String {
        let background = ColorScale.color(for: value, maxMagnitude: maxMagnitude)
        let foreground = ColorScale.textColor(for: value, maxMagnitude: maxMagnitude)
        return "<td style=\"\(cellStyle);background:\(background);color:\(foreground)\" title=\""
            + Markup.escapeXML(NumberFormat.full(value)) + "\">" + Markup.escapeXML(NumberFormat.short(value)) + "</td>"
    }

    /// `Title · W<sup>1</sup> note · 2 × 2`, or the summary note for a large value.
    static func caption(_ grid: MatrixTable.Grid, title: String?, symbol: String?, note: String? = nil) -> String {
        var parts: [String] = []
        if let title { parts.append("<b>" + Markup.html(notation: title) + "</b>") }
        if let symbol {
            let remark = note.map { " " + Markup.html(notation: $0) } ?? ""
            parts.append("<b>" + Markup.html(notation: symbol) + "</b>" + remark)
        }
        let size = grid.isSummarised ? grid.summaryNote : grid.sizeText
        parts.append("<span style=\"color:#555\">" + Markup.escapeXML(size) + "</span>")
        return parts.joined(separator: " · ")
    }

    /// Five swatches from −max through 0 to +max, labelled with their values.
    static func legend(maxMagnitude: Double) -> String {
        var out = "<div style=\"font-family:sans-serif;font-size:11px;color:#555;margin-top:4px\">shading (blue −, red +): "
        guard maxMagnitude > 0 else { return out + "(all zero)</div>" }
        for fraction in [-1.0, -0.5, 0, 0.5, 1] {
            let value = fraction * maxMagnitude
            let background = ColorScale.color(for: value, maxMagnitude: maxMagnitude)
            let foreground = ColorScale.textColor(for: value, maxMagnitude: maxMagnitude)
            out += "<span style=\"display:inline-block;padding:0 4px;border:1px solid #ddd;background:\(background);color:\(foreground)\">"
                + Markup.escapeXML(NumberFormat.short(value)) + "</span>"
        }
        return out + "</div>"
    }
}
