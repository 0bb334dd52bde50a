import NeuralNet

/// The loss curve of a training run as a self-contained SVG line chart: loss per epoch on the
/// left axis (linear or log10), accuracy (0…1) on a right axis when there is any.
public enum LossChart {
    /// The picture's size and the plot area's margins, in pixels.
    static let width = 640.0
    static let height = 360.0
    static let marginLeft = 76.0
    static let marginTop = 72.0
    static let marginBottom = 50.0
    static let marginRightWithAccuracy = 70.0
    static let marginRight = 24.0

    /// The most points a polyline gets: longer series are reduced to each bucket's extremes.
    static let maximumPoints = 1000

    /// Series colours: the loss dark blue and solid, the accuracy green and dashed.
    static let lossColor = "#1f4e9c"
    static let accuracyColor = "#2e8b3a"
    static let noteColor = "#b2182b"

    /// The loss per epoch of a History as an SVG line chart: axes "epoch" and "loss", a title,
    /// log scale option, and accuracy (0…1) on a second y axis on the right when the history has
    /// accuracy values. The x axis runs to the epochs the run asked for.
    public static func svg(_ history: History, title: String = "Training loss", logScale: Bool = false) -> String {
        svg(losses: history.loss, accuracies: history.accuracy, plannedEpochs: history.options.epochs,
            title: title, logScale: logScale, interrupted: history.interrupted)
    }

    /// The loss chart from raw series, for live progress: the loss of each finished epoch, the
    /// accuracies (empty for none), and the epochs planned (the x axis extends to them).
    public static func svg(losses: [Double], accuracies: [Double], plannedEpochs: Int?, title: String, logScale: Bool) -> String {
        svg(losses: losses, accuracies: accuracies, plannedEpochs: plannedEpochs, title: title, logScale: logScale, interrupted: false)
    }

    // MARK: - Drawing

    /// The chart; `status` replaces the summary line under the title, and `progressBar` (0…1)
    /// draws a bar under it, for live progress.
    static func svg(
        losses: [Double], accuracies: [Double], plannedEpochs: Int?, title: String, logScale: Bool, interrupted: Bool,
        status: String? = nil, progressBar: Double? = nil
    ) -> String {
        let count = losses.count
        let showsAccuracy = !accuracies.isEmpty
        let plot = SVGAxes.PlotArea(
            left: marginLeft, top: marginTop,
            width: width - marginLeft - (showsAccuracy ? marginRightWithAccuracy : marginRight),
            height: height - marginTop - marginBottom)

        // What can be drawn: finite losses, and on a log scale only positive ones.
        let nonFinite = losses.filter { !$0.isFinite }.count
        let nonPositive = logScale ? losses.filter { $0.isFinite && $0 <= 0 }.count : 0
        let drawable: (Double) -> Bool = { $0.isFinite && (!logScale || $0 > 0) }
        let shown = losses.filter(drawable)

        // The x axis: epochs 1…N, N the epochs finished or planned, whichever is larger.
        let lastEpoch = Swift.max(count, plannedEpochs ?? 0, 1)
        let xScale = SVGAxes.Scale(lower: 1, upper: Double(Swift.max(lastEpoch, 2)), start: plot.left, end: plot.right, logarithmic: false)

        // The y axis: the losses' range exactly (linear) or their enclosing decades (log).
        let yScale: SVGAxes.Scale
        let yTicks: [Double]
        if logScale {
            let bounds = SVGAxes.decadeBounds(shown.min() ?? 0.01, shown.max() ?? 1)
            yScale = SVGAxes.Scale(lower: bounds.lower, upper: bounds.upper, start: plot.bottom, end: plot.top, logarithmic: true)
            yTicks = SVGAxes.logTicks(bounds.lower, bounds.upper)
        } else {
            var low = shown.min() ?? 0, high = shown.max() ?? 1
            if high - low <= 0 || !(high - low).isFinite {
                let spread = low == 0 || !low.isFinite ? 1 : Swift.abs(low) * 0.1
                low -= spread
                high += spread
            }
            yScale = SVGAxes.Scale(lower: low, upper: high, start: plot.bottom, end: plot.top, logarithmic: false)
            yTicks = SVGAxes.linearTicks(low, high)
        }

        let subtitle = status ?? summary(losses, accuracies, planned: plannedEpochs, interrupted: interrupted)
        var canvas = SVGCanvas(width: width, height: height, title: title + " (" + subtitle + ")")
        canvas.text(width / 2, 22, title, size: 15, anchor: .middle, bold: true)
        canvas.text(width / 2, 39, subtitle, size: 11, anchor: .middle, fill: "#555555")
        if let progressBar {
            let done = progressBar.isFinite ? Swift.min(1, Swift.max(0, progressBar)) : 0
            canvas.rect(plot.left, 46, plot.width, 6, fill: "#e3e3e3")
            if done > 0 { canvas.rect(plot.left, 46, plot.width * done, 6, fill: lossColor) }
        }

        SVGAxes.draw(&canvas, side: .left, plot: plot, scale: yScale, ticks: yTicks, title: logScale ? "loss (log scale)" : "loss", grid: true)
        SVGAxes.draw(&canvas, side: .bottom, plot: plot, scale: xScale, ticks: SVGAxes.linearTicks(1, Double(lastEpoch), maxCount: 6, integers: true), title: "epoch")
        if showsAccuracy {
            let accuracyScale = SVGAxes.Scale(lower: 0, upper: 1, start: plot.bottom, end: plot.top, logarithmic: false)
            SVGAxes.draw(&canvas, side: .right, plot: plot, scale: accuracyScale, ticks: SVGAxes.linearTicks(0, 1), title: "accuracy", color: accuracyColor)
            let points = reduced(accuracies) { $0.isFinite }.map { (x: xScale.position(Double($0.index + 1)), y: accuracyScale.position(Swift.min(1, Swift.max(0, $0.value)))) }
            if !points.isEmpty { canvas.polyline(points, stroke: accuracyColor, width: 1.5, dash: "5 3", kind: "accuracy") }
        }
        let points = reduced(losses, drawable).map { (x: xScale.position(Double($0.index + 1)), y: yScale.position($0.value)) }
        if !points.isEmpty { canvas.polyline(points, stroke: lossColor, width: 2, kind: "loss") }
        if points.count == 1, let point = points.first {
            canvas.circle(point.x, point.y, radius: 3, fill: lossColor, stroke: lossColor)
        }

        // Notes: an empty run, a diverged one, values a log scale cannot show.
        if count == 0 {
            canvas.text(plot.left + plot.width / 2, plot.top + plot.height / 2, "no epochs yet", size: 14, anchor: .middle, fill: "#777777")
        } else if shown.isEmpty {
            canvas.text(plot.left + plot.width / 2, plot.top + plot.height / 2, "no finite loss to plot", size: 14, anchor: .middle, fill: noteColor)
        }
        var notes: [String] = []
        if nonFinite > 0 {
            notes.append("diverged: \(nonFinite) non-finite loss\(nonFinite == 1 ? "" : "es") (nan/inf) not drawn")
        }
        if nonPositive > 0 {
            notes.append("log scale: \(nonPositive) loss\(nonPositive == 1 ? "" : "es") ≤ 0 not drawn")
        }
        if !notes.isEmpty {
            canvas.text(width / 2, progressBar == nil ? 55 : 64, notes.joined(separator: "; "), size: 11, anchor: .middle, fill: noteColor)
        }
        legend(&canvas, plot: plot, showsAccuracy: showsAccuracy)
        return canvas.render()
    }

    /// The line under the title: epochs done of planned, the final loss and accuracy.
    static func summary(_ losses: [Double], _ accuracies: [Double], planned: Int?, interrupted: Bool) -> String {
        let count = losses.count
        var text = "\(count)"
        if let planned, planned != count { text += " of \(planned)" }
        text += " epoch" + ((planned ?? count) == 1 ? "" : "s")
        if let last = losses.last { text += ", final loss " + NumberFormat.short(last) }
        if let accuracy = accuracies.last { text += ", accuracy " + NumberFormat.percent(accuracy) }
        if interrupted { text += " (interrupted)" }
        return text
    }

    /// A small key in the plot's top right corner.
    static func legend(_ canvas: inout SVGCanvas, plot: SVGAxes.PlotArea, showsAccuracy: Bool) {
        var x = plot.right - 8
        if showsAccuracy {
            canvas.text(x, plot.top - 6, "accuracy", size: 11, anchor: .end, fill: accuracyColor)
            x -= 58
            canvas.line(x - 22, plot.top - 10, x - 2, plot.top - 10, stroke: accuracyColor, width: 1.5, dash: "5 3")
            x -= 30
        }
        canvas.text(x, plot.top - 6, "loss", size: 11, anchor: .end, fill: lossColor)
        x -= 28
        canvas.line(x - 22, plot.top - 10, x - 2, plot.top - 10, stroke: lossColor, width: 2)
    }

    /// The points of a series to draw, skipping those `include` rejects; a long series is cut
    /// into buckets of consecutive epochs of which only the lowest and highest point are kept
    /// (in epoch order), so spikes survive and there are at most ``maximumPoints``.
    static func reduced(_ values: [Double], _ include: (Double) -> Bool) -> [(index: Int, value: Double)] {
        let kept = values.enumerated().filter { include($0.element) }.map { (index: $0.offset, value: $0.element) }
        guard kept.count > maximumPoints else { return kept }
        let buckets = (maximumPoints - 2) / 2
        var result: [(index: Int, value: Double)] = []
        result.reserveCapacity(maximumPoints)
        for bucket in 0..<buckets {
            let start = bucket * kept.count / buckets, end = (bucket + 1) * kept.count / buckets
            guard start < end else { continue }
            var low = start, high = start
            for position in start..<end {
                if kept[position].value < kept[low].value { low = position }
                if kept[position].value > kept[high].value { high = position }
            }
            for position in [Swift.min(low, high), Swift.max(low, high)] where result.last?.index != kept[position].index {
                result.append(kept[position])
            }
        }
        // The first and last epochs always stay, so the curve spans the whole run.
        if let first = kept.first, result.first?.index != first.index { result.insert(first, at: 0) }
        if let last = kept.last, result.last?.index != last.index { result.append(last) }
        return result
    }
}
