#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Axes for SVG charts: nice tick values on linear and log10 scales, and the drawing of axis
/// lines, ticks, tick labels, grid lines and axis titles onto an ``SVGCanvas``.
enum SVGAxes {
    /// The rectangle data is drawn in, in pixels (y grows downwards).
    struct PlotArea {
        let left: Double
        let top: Double
        let width: Double
        let height: Double
        var right: Double { left + width }
        var bottom: Double { top + height }
    }

    /// A map from data values to pixels along one axis, linear or log10.
    struct Scale {
        /// The data values at the two ends (both positive for a log scale).
        let lower: Double
        let upper: Double
        /// The pixels of `lower` and `upper` (for a y axis, `start` is the bottom).
        let start: Double
        let end: Double
        let logarithmic: Bool

        /// The pixel of a value; values outside the domain map outside the range.
        func position(_ value: Double) -> Double {
            let (a, b, v) = logarithmic ? (log10(lower), log10(upper), log10(value)) : (lower, upper, value)
            guard b != a else { return (start + end) / 2 }
            return start + (v - a) / (b - a) * (end - start)
        }
    }

    /// Which side of the plot area an axis runs along.
    enum Side {
        case bottom, left, right
    }

    // MARK: - Ticks

    /// 10^exponent, exact for the exponents a Double holds exactly and correctly rounded otherwise.
    static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<Swift.min(Swift.abs(exponent), 400) { result *= 10 }
        return exponent >= 0 ? result : 1 / result
    }

    /// The exponent e with 10^e ≤ value < 10^(e+1), for a positive finite value.
    static func decade(of value: Double) -> Int {
        var e = Int(log10(value).rounded(.down))
        if powerOfTen(e) > value { e -= 1 }
        if powerOfTen(e + 1) <= value { e += 1 }
        return e
    }

    /// Round tick values (multiples of 1, 2 or 5 × 10^e) inside `lower…upper`, about `maxCount`
    /// of them at most: 0…0.73 gives 0, 0.2, 0.4, 0.6. With `integers`, the step is at least 1.
    static func linearTicks(_ lower: Double, _ upper: Double, maxCount: Int = 5, integers: Bool = false) -> [Double] {
        guard lower.isFinite, upper.isFinite, lower <= upper else { return [] }
        let range = upper - lower
        guard range > 0, range.isFinite else { return [lower] }
        let rough = range / Double(Swift.max(1, maxCount))
        var exponent = decade(of: rough)
        let residual = rough / powerOfTen(exponent)
        var mantissa = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
        if mantissa == 10 {
            mantissa = 1
            exponent += 1
        }
        if integers && exponent < 0 {
            mantissa = 1
            exponent = 0
        }
        func value(_ index: Int) -> Double {
            let multiple = Double(index * mantissa)
            return exponent >= 0 ? multiple * powerOfTen(exponent) : multiple / powerOfTen(-exponent)
        }
        let step = value(1)
        let first = (lower / step - 1e-9).rounded(.up), last = (upper / step + 1e-9).rounded(.down)
        guard first.magnitude < 1e15, last.magnitude < 1e15, last >= first, last - first <= 1000 else { return [] }
        return (Int(first)...Int(last)).map(value)
    }

    /// The enclosing whole decades of a positive range: 0.03…0.9 gives 0.01…1.
    static func decadeBounds(_ lower: Double, _ upper: Double) -> (lower: Double, upper: Double) {
        let low = decade(of: lower)
        var high = decade(of: upper)
        if powerOfTen(high) < upper { high += 1 }
        if high <= low { high = low + 1 }
        return (powerOfTen(low), powerOfTen(high))
    }

    /// The powers of ten inside a positive range, every second or third one when there are many.
    static func logTicks(_ lower: Double, _ upper: Double, maxCount: Int = 8) -> [Double] {
        guard lower > 0, upper >= lower, upper.isFinite else { return [] }
        var low = decade(of: lower)
        if powerOfTen(low) < lower { low += 1 }
        let high = decade(of: upper)
        guard high >= low else { return [] }
        let count = high - low + 1
        let every = (count + Swift.max(1, maxCount) - 1) / Swift.max(1, maxCount)
        return stride(from: low, through: high, by: every).map(powerOfTen)
    }

    /// The label of a tick value.
    static func label(_ value: Double) -> String {
        NumberFormat.short(value)
    }

    // MARK: - Drawing

    /// The colour of axis lines and labels, and of grid lines.
    static let axisColor = "#333333"
    static let gridColor = "#e6e6e6"

    /// Draws an axis along one side of `plot`: its line, tick marks and labels at `ticks`,
    /// grid lines across the plot for the left axis, and `title` centred along it.
    static func draw(
        _ canvas: inout SVGCanvas, side: Side, plot: PlotArea, scale: Scale, ticks: [Double],
        title: String, color: String = axisColor, grid: Bool = false
    ) {
        switch side {
        case .bottom:
            canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, stroke: color)
            for tick in ticks {
                let x = scale.position(tick)
                canvas.line(x, plot.bottom, x, plot.bottom + 5, stroke: color)
                canvas.text(x, plot.bottom + 18, label(tick), size: 11, anchor: .middle, fill: color)
            }
            canvas.text(plot.left + plot.width / 2, plot.bottom + 38, title, size: 12, anchor: .middle, fill: color)
        case .left, .right:
            let isLeft = side == .left
            let x = isLeft ? plot.left : plot.right
            let direction: Double = isLeft ? -1 : 1
            canvas.line(x, plot.top, x, plot.bottom, stroke: color)
            for tick in ticks {
                let y = scale.position(tick)
                if grid { canvas.line(plot.left, y, plot.right, y, stroke: gridColor) }
                canvas.line(x, y, x + 5 * direction, y, stroke: color)
                canvas.text(x + 8 * direction, y + 4, label(tick), size: 11, anchor: isLeft ? .end : .start, fill: color)
            }
            let titleX = x + 50 * direction, titleY = plot.top + plot.height / 2
            canvas.text(titleX, titleY, title, size: 12, anchor: .middle, fill: color, rotation: isLeft ? -90 : 90)
        }
    }
}
