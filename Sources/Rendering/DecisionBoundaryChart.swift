import NeuralNet

/// The decision boundary of a network with two inputs as a self-contained SVG: the plane of the
/// data's inputs (their bounding box plus a 10% margin) shaded by the predicted class, the
/// boundary between classes, and the samples on top coloured by their target class.
///
/// The rules match the text drawing: one output is class 1 when the output is ≥ 0.5 (shaded by
/// how far the output is from 0.5, blue below and red above); several outputs pick the largest
/// (one light colour per class). Non-finite predictions are grey.
public enum DecisionBoundaryChart {
    /// The picture's size, the plot area's margins and side, in pixels.
    static let width = 700.0
    static let height = 540.0
    static let marginLeft = 76.0
    static let marginTop = 66.0
    static let plotSize = 420.0
    /// Where the legend starts, left of the picture's right edge.
    static let legendLeft = marginLeft + plotSize + 28

    /// Shades per side of 0.5 for one output (fewer when the picture would grow too large).
    static let probabilityLevels = 6
    /// The most rectangles and boundary segments a picture draws before it gets coarser.
    static let maximumShapes = 2500
    /// The most samples drawn (evenly spaced through the data), and the most given a tooltip.
    static let maximumPoints = 2000
    static let maximumTooltips = 200
    /// The grid's side is clamped to this range.
    static let resolutionRange = 2...200

    /// Class colours: the samples' full colour and the regions' lighter one. Classes 0 and 1 are
    /// the diverging scale's blue and red, so binary pictures read the same either way.
    static let palette: [(full: String, light: String)] = [
        ("#2166ac", "#a6c2de"), ("#b2182b", "#e0a3aa"), ("#1b9e77", "#a4d8c9"), ("#d95f02", "#f0bf9a"),
        ("#7570b3", "#c8c6e1"), ("#e7298a", "#f5a9d0"), ("#66a61e", "#c2dba5"), ("#e6ab02", "#f5dd9a"),
        ("#a6761d", "#dbc8a5"), ("#666666", "#c2c2c2"),
    ]
    /// The outline of samples and the colour of the boundary line.
    static let outlineColor = "#222222"
    static let noteColor = "#b2182b"

    /// The decision boundary of `network` over the plane of `data`'s two inputs: a
    /// `resolution`×`resolution` grid (clamped to 2…200) predicted in one batch, shaded by class,
    /// with the class boundary, the samples, axes x₀ and x₁, a legend and a `<title>`. A network
    /// or data without exactly 2 inputs, or data without finite samples, gives a picture
    /// explaining why instead.
    public static func svg(_ network: Network, _ data: Dataset, title: String = "Decision boundary", resolution: Int = 60) -> String {
        guard network.inputCount == 2 else {
            return message(title, "decisionBoundary draws the plane of 2 inputs, but the network takes \(counted(network.inputCount, "input"))")
        }
        guard data.inputs.columns == 2 else {
            return message(title, "decisionBoundary draws the plane of 2 inputs, but the data has \(counted(data.inputs.columns, "input"))")
        }
        guard let bounds = Bounds(data) else {
            return message(title, "decisionBoundary needs samples with finite inputs to draw")
        }
        var side = Swift.min(Swift.max(resolution, resolutionRange.lowerBound), resolutionRange.upperBound)
        var levels = probabilityLevels
        while true {
            let predicted: Matrix
            do {
                predicted = try network.predict(bounds.grid(side))
            } catch {
                return message(title, "decisionBoundary could not run the network over the plane: \(error)")
            }
            let cells = Cells(predicted, side: side, levels: levels)
            // Too many shapes (a very irregular network): fewer shades, then a coarser grid.
            if cells.shapeCount > maximumShapes && side > resolutionRange.lowerBound {
                if levels > 1 { levels = 1 } else { side = Swift.max(resolutionRange.lowerBound, side / 2) }
                continue
            }
            return draw(network, data, bounds: bounds, cells: cells, title: title)
        }
    }

    // MARK: - The plane

    /// The part of the plane drawn: the finite samples' bounding box with a 10% margin on each side
    /// (half a unit, or 10% of the value, when all samples share a coordinate).
    struct Bounds {
        let x0Low: Double, x0High: Double, x1Low: Double, x1High: Double

        init?(_ data: Dataset) {
            let inputs = data.inputs.elements
            let finite = (0..<data.count).filter { inputs[2 * $0].isFinite && inputs[2 * $0 + 1].isFinite }
            let first = finite.map { inputs[2 * $0] }, second = finite.map { inputs[2 * $0 + 1] }
            guard let firstRange = Bounds.padded(first), let secondRange = Bounds.padded(second) else { return nil }
            (x0Low, x0High) = firstRange
            (x1Low, x1High) = secondRange
        }

        /// The range of some finite values widened by 10% of their span on each side, or by
        /// max(10% of the value, 0.5) when they are all equal; nil for none or an infinite span.
        static func padded(_ values: [Double]) -> (Double, Double)? {
            guard let low = values.min(), let high = values.max() else { return nil }
            let margin = high > low ? (high - low) / 10 : Swift.max(Swift.abs(low) / 10, 0.5)
            let range = (low - margin, high + margin)
            return (range.1 - range.0).isFinite ? range : nil
        }

        /// The centres of a side×side grid, one row per cell, rows from the top (x₁ high) down.
        func grid(_ side: Int) throws -> Matrix {
            let stepX = (x0High - x0Low) / Double(side), stepY = (x1High - x1Low) / Double(side)
            let centres = (0..<(side * side)).flatMap { cell -> [Double] in
                let (row, column) = cell.quotientAndRemainder(dividingBy: side)
                return [x0Low + (Double(column) + 0.5) * stepX, x1High - (Double(row) + 0.5) * stepY]
            }
            return try Matrix(rows: side * side, columns: 2, elements: centres)
        }
    }

    /// The class a row of outputs or targets stands for: ≥ 0.5 for one column, else the largest
    /// column; nil when a value is not finite or there is none.
    static func classIndex(_ values: ArraySlice<Double>) -> Int? {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return nil }
        guard values.count > 1 else { return values[values.startIndex] >= 0.5 ? 1 : 0 }
        var best = values.startIndex
        for index in values.indices where values[index] > values[best] { best = index }
        return best - values.startIndex
    }

    /// The shaded grid: every cell's class and colour, merged into rectangles (horizontal runs of
    /// one colour, stacked when the row below repeats the run), and the class boundary as cell edges.
    struct Cells {
        /// A rectangle of cells: first column and row, extent in cells, colour.
        struct Block {
            let column: Int, row: Int, columns: Int
            var rows: Int
            let fill: String
        }

        let side: Int
        let levels: Int
        /// One output (shaded by probability) or several (shaded by argmax class).
        let outputs: Int
        private(set) var blocks: [Block] = []
        /// Edges between cells of different classes, in cell units: vertical ones at a column
        /// boundary x from row y for a length, horizontal ones at a row boundary y from column x.
        private(set) var verticalEdges: [(x: Int, y: Int, length: Int)] = []
        private(set) var horizontalEdges: [(x: Int, y: Int, length: Int)] = []

        var shapeCount: Int { blocks.count + verticalEdges.count + horizontalEdges.count }

        init(_ predicted: Matrix, side: Int, levels: Int) {
            self.side = side
            self.levels = levels
            outputs = predicted.columns
            let values = predicted.elements
            var classes = [Int?](repeating: nil, count: side * side)
            var fills = [String](repeating: ColorScale.nanColor, count: side * side)
            for cell in 0..<(side * side) {
                let start = cell * outputs
                let row = values[start..<(start + outputs)]
                classes[cell] = DecisionBoundaryChart.classIndex(row)
                guard let index = classes[cell] else { continue }
                fills[cell] = outputs == 1
                    ? DecisionBoundaryChart.probabilityColor(row[start], levels: levels)
                    : DecisionBoundaryChart.classColor(index).light
            }
            mergeBlocks(fills)
            traceEdges(classes)
        }

        private mutating func mergeBlocks(_ fills: [String]) {
            // Open blocks by first column: the block index, its last column and colour.
            var open: [Int: Int] = [:]
            for r in 0..<side {
                var next: [Int: Int] = [:]
                var c = 0
                while c < side {
                    let fill = fills[r * side + c]
                    var end = c + 1
                    while end < side && fills[r * side + end] == fill { end += 1 }
                    if let index = open[c], blocks[index].columns == end - c, blocks[index].fill == fill {
                        blocks[index].rows += 1
                        next[c] = index
                    } else {
                        next[c] = blocks.count
                        blocks.append(Block(column: c, row: r, columns: end - c, rows: 1, fill: fill))
                    }
                    c = end
                }
                open = next
            }
        }

        private mutating func traceEdges(_ classes: [Int?]) {
            func differ(_ a: Int?, _ b: Int?) -> Bool {
                guard let a, let b else { return false }
                return a != b
            }
            // Vertical edges at column boundary x (between columns x − 1 and x), merged down rows.
            for x in 1..<side {
                var start: Int?
                for y in 0...side {
                    let edge = y < side && differ(classes[y * side + x - 1], classes[y * side + x])
                    if edge, start == nil { start = y }
                    if !edge, let first = start {
                        verticalEdges.append((x, first, y - first))
                        start = nil
                    }
                }
            }
            // Horizontal edges at row boundary y (between rows y − 1 and y), merged across columns.
            for y in 1..<side {
                var start: Int?
                for x in 0...side {
                    let edge = x < side && differ(classes[(y - 1) * side + x], classes[y * side + x])
                    if edge, start == nil { start = x }
                    if !edge, let first = start {
                        horizontalEdges.append((first, y, x - first))
                        start = nil
                    }
                }
            }
        }
    }

    /// The shade of one output p: blue below 0.5, red from 0.5 on, deeper with |p − 0.5| in
    /// `levels` steps, never full strength so the samples stay visible.
    static func probabilityColor(_ p: Double, levels: Int) -> String {
        let distance = Swift.min(1, Swift.abs(p - 0.5) * 2)
        let level = Swift.min(levels, Int(distance * Double(levels)) + 1)
        return levelColor(level, levels: levels, positive: p >= 0.5)
    }

    /// The colour of shade `level` (1…levels) on the blue or red side.
    static func levelColor(_ level: Int, levels: Int, positive: Bool) -> String {
        let strength = levels <= 1 ? 0.35 : 0.1 + 0.6 * Double(level - 1) / Double(levels - 1)
        return ColorScale.color(for: positive ? strength : -strength, maxMagnitude: 1)
    }

    /// The colours of a class, cycling through the palette.
    static func classColor(_ index: Int) -> (full: String, light: String) {
        palette[index % palette.count]
    }

    // MARK: - Drawing

    static func draw(_ network: Network, _ data: Dataset, bounds: Bounds, cells: Cells, title: String) -> String {
        let plot = SVGAxes.PlotArea(left: marginLeft, top: marginTop, width: plotSize, height: plotSize)
        let xScale = SVGAxes.Scale(lower: bounds.x0Low, upper: bounds.x0High, start: plot.left, end: plot.right, logarithmic: false)
        let yScale = SVGAxes.Scale(lower: bounds.x1Low, upper: bounds.x1High, start: plot.bottom, end: plot.top, logarithmic: false)
        let subtitle = summary(network, data)
        var canvas = SVGCanvas(width: width, height: height, title: title + " (" + subtitle + ")")
        canvas.text(width / 2, 22, title, size: 15, anchor: .middle, bold: true)
        canvas.text(width / 2, 39, subtitle, size: 11, anchor: .middle, fill: "#555555")

        // The shaded grid; each block's far edge is placed from the grid so no seams open up.
        let cell = plotSize / Double(cells.side)
        func px(_ column: Int) -> Double { plot.left + Double(column) * cell }
        func py(_ row: Int) -> Double { plot.top + Double(row) * cell }
        for block in cells.blocks {
            let x = px(block.column), y = py(block.row)
            canvas.rect(x, y, px(block.column + block.columns) - x, py(block.row + block.rows) - y, fill: block.fill)
        }
        for edge in cells.verticalEdges {
            canvas.line(px(edge.x), py(edge.y), px(edge.x), py(edge.y + edge.length), stroke: outlineColor, width: 1.5)
        }
        for edge in cells.horizontalEdges {
            canvas.line(px(edge.x), py(edge.y), px(edge.x + edge.length), py(edge.y), stroke: outlineColor, width: 1.5)
        }
        canvas.rect(plot.left, plot.top, plot.width, plot.height, stroke: SVGAxes.axisColor)

        SVGAxes.draw(&canvas, side: .left, plot: plot, scale: yScale, ticks: SVGAxes.linearTicks(bounds.x1Low, bounds.x1High), title: "x₁")
        SVGAxes.draw(&canvas, side: .bottom, plot: plot, scale: xScale, ticks: SVGAxes.linearTicks(bounds.x0Low, bounds.x0High), title: "x₀")

        // The samples on top, coloured by their target class.
        let inputs = data.inputs.elements, targets = data.targets.elements, targetColumns = data.targets.columns
        let stride = Swift.max(1, (data.count + maximumPoints - 1) / maximumPoints)
        let tooltips = data.count <= maximumTooltips
        let radius = data.count > 500 ? 3.0 : data.count > 100 ? 4.0 : 6.0
        var drawn = 0
        for sample in Swift.stride(from: 0, to: data.count, by: stride) {
            let a = inputs[2 * sample], b = inputs[2 * sample + 1]
            guard a.isFinite, b.isFinite else { continue }
            let start = sample * targetColumns
            let target = classIndex(targets[start..<(start + targetColumns)])
            let fill = target.map { classColor($0).full } ?? ColorScale.nanColor
            let tooltip = tooltips
                ? "sample \(sample): x₀ = \(NumberFormat.short(a)), x₁ = \(NumberFormat.short(b)), target class \(target.map(String.init) ?? "?")"
                : nil
            canvas.circle(xScale.position(a), yScale.position(b), radius: radius, fill: fill, stroke: outlineColor, tooltip: tooltip)
            drawn += 1
        }
        if stride > 1 {
            canvas.text(width / 2, 55, "showing \(drawn) of \(data.count) samples", size: 11, anchor: .middle, fill: noteColor)
        }
        legend(&canvas, cells: cells, classCount: Swift.max(2, cells.outputs, targetColumns))
        return canvas.render()
    }

    /// The line under the title: the network's sizes, the samples, the accuracy.
    static func summary(_ network: Network, _ data: Dataset) -> String {
        var text = "network " + network.sizes.map(String.init).joined(separator: " → ") + " on " + counted(data.count, "sample")
        if let accuracy = try? network.accuracy(data.inputs, target: data.targets), accuracy.isFinite {
            text += ", accuracy " + NumberFormat.percent(accuracy)
        }
        return text
    }

    /// The key right of the plot: the shades (a bar of the output for one output, a swatch per
    /// class otherwise), the samples' colours and the boundary line.
    static func legend(_ canvas: inout SVGCanvas, cells: Cells, classCount: Int) {
        let x = legendLeft
        var y = marginTop + 4
        if cells.outputs == 1 {
            canvas.text(x, y + 8, "network output a", size: 12, fill: SVGAxes.axisColor)
            y += 20
            let shades = 2 * cells.levels, swatch = Swift.max(6, 120 / Double(shades))
            for index in 0..<shades {
                // From the top: the deepest red (p near 1) down to the deepest blue (p near 0).
                let positive = index < cells.levels
                let level = positive ? cells.levels - index : index - cells.levels + 1
                canvas.rect(x, y + Double(index) * swatch, 18, swatch, fill: levelColor(level, levels: cells.levels, positive: positive))
            }
            let barHeight = swatch * Double(shades)
            canvas.rect(x, y, 18, barHeight, stroke: SVGAxes.axisColor)
            canvas.text(x + 24, y + 4, "1 (class 1)", size: 11, fill: SVGAxes.axisColor)
            canvas.text(x + 24, y + barHeight / 2 + 4, "0.5", size: 11, fill: SVGAxes.axisColor)
            canvas.text(x + 24, y + barHeight + 4, "0 (class 0)", size: 11, fill: SVGAxes.axisColor)
            y += barHeight + 24
        } else {
            canvas.text(x, y + 8, "predicted class", size: 12, fill: SVGAxes.axisColor)
            y += 18
            for index in 0..<Swift.min(classCount, palette.count) {
                canvas.rect(x, y, 18, 14, fill: classColor(index).light, stroke: SVGAxes.axisColor)
                canvas.text(x + 24, y + 11, "class \(index)", size: 11, fill: SVGAxes.axisColor)
                y += 18
            }
            y += 10
        }
        canvas.text(x, y, "samples (target)", size: 12, fill: SVGAxes.axisColor)
        y += 16
        for index in 0..<Swift.min(classCount, palette.count) {
            canvas.circle(x + 9, y - 4, radius: 5, fill: classColor(index).full, stroke: outlineColor)
            canvas.text(x + 24, y, "class \(index)", size: 11, fill: SVGAxes.axisColor)
            y += 18
        }
        if classCount > palette.count {
            canvas.text(x, y, "colours repeat after \(palette.count) classes", size: 10, fill: "#555555")
            y += 16
        }
        y += 8
        canvas.line(x, y - 4, x + 18, y - 4, stroke: outlineColor, width: 1.5)
        canvas.text(x + 24, y, cells.outputs == 1 ? "boundary (a = 0.5)" : "boundary", size: 11, fill: SVGAxes.axisColor)
        if cells.blocks.contains(where: { $0.fill == ColorScale.nanColor }) {
            y += 20
            canvas.rect(x, y - 11, 18, 14, fill: ColorScale.nanColor, stroke: SVGAxes.axisColor)
            canvas.text(x + 24, y, "output not finite", size: 11, fill: SVGAxes.axisColor)
        }
    }

    /// A small picture with the title and why nothing could be drawn.
    static func message(_ title: String, _ text: String) -> String {
        var canvas = SVGCanvas(width: width, height: 120, title: title + ": " + text)
        canvas.text(width / 2, 40, title, size: 15, anchor: .middle, bold: true)
        canvas.text(width / 2, 76, text, size: 13, anchor: .middle, fill: noteColor)
        return canvas.render()
    }

    /// "1 input", "3 inputs".
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
