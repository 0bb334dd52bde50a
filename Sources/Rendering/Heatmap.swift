import NeuralNet

/// A matrix too large for a table drawn as a self-contained SVG heatmap: binned to at most
/// `maxCells` × `maxCells` cells (each the mean of its block), shaded by ColorScale, with axes
/// and a colour bar.
public enum Heatmap {
    /// Colour levels per sign: cells are drawn as one `<path>` per level, so the SVG stays small.
    public static let levels = 16

    /// The heatmap of `matrix` as an `image/svg+xml` document, rows `rowLabel` (k) down and
    /// columns `columnLabel` (j) across; an empty `columnLabel` drops that axis (a vector).
    public static func svg(_ matrix: Matrix, title: String?, maxCells: Int = 64,
                           rowLabel: String = "k", columnLabel: String = "j") -> String {
        let limit = Swift.max(1, maxCells)
        let isEmpty = matrix.rows == 0 || matrix.columns == 0
        let binRows = isEmpty ? 0 : Swift.min(matrix.rows, limit)
        let binColumns = isEmpty ? 0 : Swift.min(matrix.columns, limit)
        let means = binnedMeans(matrix, binRows: binRows, binColumns: binColumns)
        let scale = ColorScale.maxMagnitude(of: means)
        let cell = Swift.max(3, Swift.min(24, 384 / Swift.max(binRows, binColumns, 1)))
        // Room above the grid for the title, the size note and the column axis, one line each.
        let left = 56, top = 62, bottom = 36
        let gridWidth = binColumns * cell, gridHeight = binRows * cell
        let barX = left + gridWidth + 24, barWidth = 14
        let width = Swift.max(barX + barWidth + 64, 240)
        let height = top + Swift.max(gridHeight, 120) + bottom
        let heading = title ?? "Matrix"
        let sizeText = "\(matrix.rows) × \(matrix.columns)"

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        out += "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">\n"
        out += "<title>" + Markup.escapeXML("\(heading) (\(sizeText)) heatmap") + "</title>\n"
        out += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"4\" y=\"14\" font-size=\"13\" font-weight=\"bold\">" + Markup.svg(notation: heading) + "</text>\n"
        var note = sizeText
        if isEmpty {
            note += ", empty"
        } else if binRows < matrix.rows || binColumns < matrix.columns {
            note += ", binned to \(binRows) × \(binColumns) (block means)"
        }
        out += "<text x=\"4\" y=\"28\" fill=\"#555\">" + Markup.escapeXML(note) + "</text>\n"

        // The cells, in unit coordinates: one path per colour level, horizontal runs merged.
        out += "<g transform=\"translate(\(left),\(top)) scale(\(cell))\" shape-rendering=\"crispEdges\">\n"
        out += cellPaths(means, binRows: binRows, binColumns: binColumns, scale: scale)
        out += "</g>\n"
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(gridWidth)\" height=\"\(gridHeight)\" fill=\"none\" stroke=\"#999\" stroke-width=\"0.5\"/>\n"
        out += axes(matrix, left: left, top: top, cell: cell, binRows: binRows, binColumns: binColumns,
                    rowLabel: rowLabel, columnLabel: columnLabel)
        out += colourBar(x: barX, y: top, width: barWidth, height: Swift.max(gridHeight, 120), scale: scale,
                         matrix: matrix, minMaxX: left)
        return out + "</svg>"
    }

    /// Block means: bin (r, c) covers rows ⌊r·rows/binRows⌋ ..< ⌊(r+1)·rows/binRows⌋, likewise columns.
    static func binnedMeans(_ matrix: Matrix, binRows: Int, binColumns: Int) -> [Double] {
        guard matrix.rows > 0 && matrix.columns > 0 else { return [] }
        let elements = matrix.elements
        var means = [Double](repeating: 0, count: binRows * binColumns)
        for binRow in 0..<binRows {
            let rowStart = binRow * matrix.rows / binRows, rowEnd = (binRow + 1) * matrix.rows / binRows
            for binColumn in 0..<binColumns {
                let columnStart = binColumn * matrix.columns / binColumns
                let columnEnd = (binColumn + 1) * matrix.columns / binColumns
                var sum = 0.0
                for row in rowStart..<rowEnd {
                    for column in columnStart..<columnEnd { sum += elements[row * matrix.columns + column] }
                }
                means[binRow * binColumns + binColumn] = sum / Double((rowEnd - rowStart) * (columnEnd - columnStart))
            }
        }
        return means
    }

    /// The level of a value: 0 for white, ±1…±levels by sign and size, nil for NaN.
    static func level(_ value: Double, scale: Double) -> Int? {
        if value.isNaN { return nil }
        let step = Int((ColorScale.intensity(of: value, maxMagnitude: scale) * Double(levels)).rounded())
        return value < 0 ? -step : step
    }

    /// The colour drawn for a level.
    static func color(level: Int?) -> String {
        guard let level else { return ColorScale.nanColor }
        return ColorScale.color(for: Double(level), maxMagnitude: Double(levels))
    }

    static func cellPaths(_ means: [Double], binRows: Int, binColumns: Int, scale: Double) -> String {
        var paths: [Int: String] = [:]
        var nanPath = ""
        for row in 0..<binRows {
            var column = 0
            while column < binColumns {
                let current = level(means[row * binColumns + column], scale: scale)
                var run = 1
                while column + run < binColumns, level(means[row * binColumns + column + run], scale: scale) == current {
                    run += 1
                }
                let piece = "M\(column) \(row)h\(run)v1h-\(run)z"
                if let current { paths[current, default: ""] += piece } else { nanPath += piece }
                column += run
            }
        }
        var out = ""
        for key in paths.keys.sorted() {
            out += "<path fill=\"\(color(level: key))\" d=\"\(paths[key] ?? "")\"/>\n"
        }
        if !nanPath.isEmpty { out += "<path fill=\"\(color(level: nil))\" d=\"\(nanPath)\"/>\n" }
        return out
    }

    static func axes(_ matrix: Matrix, left: Int, top: Int, cell: Int, binRows: Int, binColumns: Int,
                     rowLabel: String, columnLabel: String) -> String {
        var out = "<g fill=\"#333\">\n"
        let gridWidth = binColumns * cell, gridHeight = binRows * cell
        if !columnLabel.isEmpty {
            out += "<text x=\"\(left + gridWidth / 2)\" y=\"\(top - 16)\" text-anchor=\"middle\" font-style=\"italic\">"
                + Markup.escapeXML(columnLabel) + "</text>\n"
            out += "<text x=\"\(left)\" y=\"\(top - 4)\" text-anchor=\"start\">0</text>\n"
            if matrix.columns > 1 {
                out += "<text x=\"\(left + gridWidth)\" y=\"\(top - 4)\" text-anchor=\"end\">\(matrix.columns - 1)</text>\n"
            }
        }
        out += "<text x=\"\(left - 34)\" y=\"\(top + gridHeight / 2)\" text-anchor=\"middle\" font-style=\"italic\">"
            + Markup.escapeXML(rowLabel) + "</text>\n"
        out += "<text x=\"\(left - 4)\" y=\"\(top + 9)\" text-anchor=\"end\">0</text>\n"
        if matrix.rows > 1 {
            out += "<text x=\"\(left - 4)\" y=\"\(top + gridHeight)\" text-anchor=\"end\">\(matrix.rows - 1)</text>\n"
        }
        return out + "</g>\n"
    }

    static func colourBar(x: Int, y: Int, width: Int, height: Int, scale: Double, matrix: Matrix,
                          minMaxX: Int) -> String {
        var out = "<g>\n"
        let steps = 2 * levels + 1
        for index in 0..<steps {
            let level = levels - index
            let top = y + index * height / steps, bottom = y + (index + 1) * height / steps
            out += "<rect x=\"\(x)\" y=\"\(top)\" width=\"\(width)\" height=\"\(bottom - top)\" fill=\"\(color(level: level))\"/>\n"
        }
        out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(width)\" height=\"\(height)\" fill=\"none\" stroke=\"#999\" stroke-width=\"0.5\"/>\n"
        let labelX = x + width + 4
        out += "<text x=\"\(labelX)\" y=\"\(y + 9)\">" + Markup.escapeXML(NumberFormat.short(scale)) + "</text>\n"
        out += "<text x=\"\(labelX)\" y=\"\(y + height / 2 + 4)\">0</text>\n"
        out += "<text x=\"\(labelX)\" y=\"\(y + height)\">" + Markup.escapeXML(NumberFormat.short(-scale)) + "</text>\n"
        let elements = matrix.elements
        let finite = elements.filter(\.isFinite)
        if let low = finite.min(), let high = finite.max() {
            out += "<text x=\"\(minMaxX)\" y=\"\(y + height + 24)\" fill=\"#555\">"
                + Markup.escapeXML("min \(NumberFormat.short(low)), max \(NumberFormat.short(high))") + "</text>\n"
        }
        return out + "</g>\n"
    }
}
