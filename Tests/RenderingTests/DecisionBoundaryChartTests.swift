import Foundation
import NeuralNet
import Testing

@testable import Rendering

@Suite struct DecisionBoundaryChartTests {
    /// A one-layer network with literal weights and biases.
    private func network(_ weights: [[Double]], _ biases: [Double], activation: Activation) throws -> Network {
        var net = try Network(inputs: weights.first?.count ?? 0, layers: [Dense(weights.count, activation: activation)])
        try net.setWeights(1, Matrix(rowArrays: weights))
        try net.setBiases(1, Vector(biases))
        return net
    }

    /// output = sigmoid(10·(x₀ − 0.5)): class 1 right of x₀ = 0.5.
    private func stepAtHalf() throws -> Network {
        try network([[10, 0]], [-5], activation: .sigmoid)
    }

    private typealias RGB = (red: Int, green: Int, blue: Int)

    private func rgb(_ hex: String?) -> RGB? {
        guard let hex, hex.hasPrefix("#"), hex.count == 7, let value = Int(hex.dropFirst(), radix: 16) else { return nil }
        return (value >> 16, (value >> 8) & 0xff, value & 0xff)
    }

    private let plotLeft = DecisionBoundaryChart.marginLeft, plotTop = DecisionBoundaryChart.marginTop
    private let plotSize = DecisionBoundaryChart.plotSize

    private func inPlot(_ x: Double, _ y: Double) -> Bool {
        x > plotLeft && x < plotLeft + plotSize && y > plotTop && y < plotTop + plotSize
    }

    /// The fill of the grid rectangle under a pixel (the last drawn one wins, as on screen).
    private func fill(at x: Double, _ y: Double, in parsed: ParsedSVG) -> String? {
        parsed.all("rect").last { rect in
            guard let rx = Double(rect.attributes["x"] ?? ""), let ry = Double(rect.attributes["y"] ?? ""),
                  let w = Double(rect.attributes["width"] ?? ""), let h = Double(rect.attributes["height"] ?? ""),
                  let fill = rect.attributes["fill"], fill != "none", w < DecisionBoundaryChart.width else { return false }
            return rx <= x && x < rx + w && ry <= y && y < ry + h
        }?.attributes["fill"]
    }

    /// The pixel of a plane point for XOR's bounds (−0.1…1.1 on both axes).
    private func pixel(_ x1: Double, _ x2: Double) -> (x: Double, y: Double) {
        (plotLeft + (x1 + 0.1) / 1.2 * plotSize, plotTop + (1.1 - x2) / 1.2 * plotSize)
    }

    /// The data points: circles inside the plot area (the legend's circles are right of it).
    private func samples(_ parsed: ParsedSVG) -> [ParsedSVG.Element] {
        parsed.all("circle").filter { inPlot(Double($0.attributes["cx"] ?? "") ?? -1, Double($0.attributes["cy"] ?? "") ?? -1) }
    }

    @Test func stepNetworkShadesBlueLeftAndRedRight() throws {
        let svg = DecisionBoundaryChart.svg(try stepAtHalf(), .xor)
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        for (x1, x2) in [(0.0, 0.0), (0.2, 0.9), (0.4, 0.5), (-0.05, 1.05)] {
            let (x, y) = pixel(x1, x2)
            let color = try #require(rgb(fill(at: x, y, in: parsed)))
            #expect(color.blue > color.red, "x₀ = \(x1) should be blue-ish")
        }
        for (x1, x2) in [(1.0, 0.0), (0.8, 0.9), (0.6, 0.5), (1.05, -0.05)] {
            let (x, y) = pixel(x1, x2)
            let color = try #require(rgb(fill(at: x, y, in: parsed)))
            #expect(color.red > color.blue, "x₀ = \(x1) should be red-ish")
        }
        // Deeper away from the boundary than next to it.
        let far = try #require(rgb(fill(at: pixel(-0.05, 0.5).x, pixel(-0.05, 0.5).y, in: parsed)))
        let near = try #require(rgb(fill(at: pixel(0.47, 0.5).x, pixel(0.47, 0.5).y, in: parsed)))
        #expect(far.red < near.red)
        // The boundary: one vertical line at x₀ = 0.5 down the whole plot.
        let boundary = parsed.all("line").filter { $0.attributes["stroke"] == DecisionBoundaryChart.outlineColor && $0.attributes["stroke-width"] == "1.5" }
        let inside = boundary.filter { inPlot(Double($0.attributes["x1"] ?? "") ?? -1, plotTop + 1) }
        #expect(inside.count == 1)
        #expect(inside.first?.attributes["x1"] == "286" && inside.first?.attributes["y1"] == "66" && inside.first?.attributes["y2"] == "486")
        // Every row is the same, so runs stack into one rectangle per shade.
        #expect(parsed.all("rect").count < 40)
    }

    @Test func xorSamplesAreCirclesColouredByTarget() throws {
        let parsed = ParsedSVG(DecisionBoundaryChart.svg(try stepAtHalf(), .xor))
        let points = samples(parsed)
        #expect(points.count == 4)
        let blue = DecisionBoundaryChart.palette[0].full, red = DecisionBoundaryChart.palette[1].full
        let expected: [(Double, Double, String)] = [(0, 0, blue), (0, 1, red), (1, 0, red), (1, 1, blue)]
        for (x1, x2, color) in expected {
            let (x, y) = pixel(x1, x2)
            let point = points.first {
                Swift.abs((Double($0.attributes["cx"] ?? "") ?? -1) - x) < 0.01 && Swift.abs((Double($0.attributes["cy"] ?? "") ?? -1) - y) < 0.01
            }
            #expect(point?.attributes["fill"] == color, "sample (\(x1), \(x2))")
            #expect(point?.attributes["stroke"] == DecisionBoundaryChart.outlineColor)
            #expect(point?.tooltip.contains("target class") == true)
        }
        for label in ["x₀", "x₁", "Decision boundary", "0", "0.5", "1"] { #expect(parsed.texts.contains(label)) }
        #expect(parsed.all("title").first?.text.hasPrefix("Decision boundary (network 2 → 1 on 4 samples") == true)
    }

    @Test func multiClassUsesOnePaletteColourPerClass() throws {
        // Softmax over (−5x₀, 5x₀, 5x₁ − 2.5): class 0 left, 1 right, 2 at the top.
        let net = try network([[-5, 0], [5, 0], [0, 8]], [0, 0, -4], activation: .softmax)
        let data = try Dataset(
            inputs: Matrix(rowArrays: [[-1, -1], [1, -1], [0, 1], [-0.5, -0.5], [0.5, -0.5], [0.1, 0.9]]),
            targets: Matrix(rowArrays: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        let parsed = ParsedSVG(DecisionBoundaryChart.svg(net, data))
        #expect(parsed.wellFormed)
        let light = DecisionBoundaryChart.palette.prefix(3).map(\.light)
        let gridFills = Set(parsed.all("rect").filter {
            inPlot((Double($0.attributes["x"] ?? "") ?? -1) + 0.5, (Double($0.attributes["y"] ?? "") ?? -1) + 0.5)
        }.compactMap { $0.attributes["fill"] }.filter { $0 != "none" })
        #expect(gridFills == Set(light))
        let pointFills = samples(parsed).compactMap { $0.attributes["fill"] }
        let full = DecisionBoundaryChart.palette.prefix(3).map(\.full)
        #expect(pointFills == full + full)
        for label in ["predicted class", "class 0", "class 1", "class 2"] { #expect(parsed.texts.contains(label)) }
    }

    @Test func wrongWidthsGiveAMessage() throws {
        let three = try network([[1, 1, 1]], [0], activation: .sigmoid)
        let parsed = ParsedSVG(DecisionBoundaryChart.svg(three, .xor))
        #expect(parsed.wellFormed)
        #expect(parsed.all("rect").count == 1 && parsed.all("circle").isEmpty)
        #expect(parsed.texts.contains("decisionBoundary draws the plane of 2 inputs, but the network takes 3 inputs"))
        let wide = try Dataset(inputs: Matrix(rowArrays: [[0, 0, 0]]), targets: Matrix(rowArrays: [[1]]))
        let text = ParsedSVG(DecisionBoundaryChart.svg(try stepAtHalf(), wide)).texts
        #expect(text.contains("decisionBoundary draws the plane of 2 inputs, but the data has 3 inputs"))
    }

    @Test func nonFinitePredictionsShadeGrey() throws {
        let broken = try network([[Double.nan, 0]], [0], activation: .sigmoid)
        let parsed = ParsedSVG(DecisionBoundaryChart.svg(broken, .xor))
        #expect(parsed.wellFormed)
        let (x, y) = pixel(0.5, 0.5)
        #expect(fill(at: x, y, in: parsed) == ColorScale.nanColor)
        #expect(parsed.texts.contains("output not finite"))
        #expect(samples(parsed).count == 4)
    }

    @Test func sizeStaysSmallAndOutputIsDeterministic() throws {
        // A wiggly trained-like network over a noisy dataset: still well under 100 KB at 60×60.
        var net = try Network(inputs: 2, layers: [Dense(16, activation: .tanh), Dense(1, activation: .sigmoid)], seed: 7)
        let w = try net.weights(1)
        try net.setWeights(1, Matrix(rows: w.rows, columns: w.columns, elements: w.elements.map { $0 * 6 }))
        let data = try Dataset.moons(count: 200, noise: 0.2, seed: 3)
        let svg = DecisionBoundaryChart.svg(net, data)
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(parsed.byteCount < 100_000)
        #expect(svg == DecisionBoundaryChart.svg(net, data))
        for forbidden in ["<script", "<style", "href", "url(", "@import"] { #expect(!svg.contains(forbidden)) }
        // A very irregular network at the largest grid gets coarser instead of growing.
        var busy = try Network(inputs: 2, layers: [Dense(64, activation: .tanh), Dense(3, activation: .softmax)], seed: 11)
        for l in 1...2 {
            let w = try busy.weights(l)
            try busy.setWeights(l, Matrix(rows: w.rows, columns: w.columns, elements: w.elements.map { $0 * 60 }))
        }
        let irregular = DecisionBoundaryChart.svg(busy, .xor, resolution: 200)
        #expect(ParsedSVG(irregular).wellFormed)
        #expect(irregular.utf8.count < 250_000)
    }

    @Test func titleIsEscapedAndResolutionClamped() throws {
        let svg = DecisionBoundaryChart.svg(try stepAtHalf(), .and, title: "A < B & C", resolution: -5)
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(parsed.texts.contains("A < B & C"))
    }
}
