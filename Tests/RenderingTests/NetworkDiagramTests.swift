import Foundation
import NeuralNet
import Testing

@testable import Rendering

@Suite struct NetworkDiagramTests {
    /// The 2-3-1 network of the lecture's worked example, with weights of both signs.
    private func small() throws -> Network {
        var net = try Network(inputs: 2, layers: [Dense(3), Dense(1)])
        try net.setWeights(1, Matrix(rowArrays: [[0.15, -0.2], [0.25, 0.3], [-0.1, 0]]))
        try net.setWeights(2, Matrix(rowArrays: [[0.4, -0.45, 0.5]]))
        return net
    }

    @Test func nodesAndEdgesOfASmallNetwork() throws {
        let net = try small()
        let svg = NetworkDiagram.svg(net)
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(parsed.all("circle").count == 6)
        let lines = parsed.all("line")
        #expect(lines.count == 2 * 3 + 3 * 1)
        // Edges in order l, k, j, each coloured by ColorScale against its layer's largest |w|.
        var expected: [String] = []
        for l in 1...2 {
            let weights = try net.weights(l).elements
            let largest = ColorScale.maxMagnitude(of: weights)
            expected += weights.map { ColorScale.color(for: $0, maxMagnitude: largest) }
        }
        #expect(lines.map { $0.attributes["stroke"] ?? "" } == expected)
        // Red for positive weights, blue for negative, white for zero; width ∝ |w|.
        #expect(lines[0].attributes["stroke"] == ColorScale.color(for: 1, maxMagnitude: 2))
        #expect(lines[1].attributes["stroke"] == ColorScale.color(for: -0.2, maxMagnitude: 0.3))
        #expect(lines[5].attributes["stroke"] == "#ffffff")
        #expect(lines[3].attributes["stroke-width"] == "4" && lines[6].attributes["stroke-width"] == "3.2")
        #expect(lines[0].tooltip == "W¹₀₀ = 0.15" && lines[1].tooltip == "W¹₀₁ = -0.2")
        // Labels a^l_k and layer captions.
        for label in ["a⁰₀", "a⁰₁", "a¹₂", "a²₀", "layer 0", "layer 2", "input", "sigmoid", "3 nodes", "1 node", "max |W¹| = 0.3", "max |W²| = 0.5"] {
            #expect(parsed.texts.contains(label))
        }
        #expect(parsed.all("title").first?.text == "Network 2-3-1")
        #expect(!svg.contains("<style") && !svg.contains("<script") && !svg.contains("href"))
    }

    @Test func nodeValuesAreShown() throws {
        let net = try small()
        let values: [[Double]] = [[0.05, 0.1], [0.0123456, -0.2, 0.3], [0.75]]
        let parsed = ParsedSVG(NetworkDiagram.svg(net, nodeValues: values, valueName: "δ", title: "Deltas & weights"))
        #expect(parsed.wellFormed)
        #expect(parsed.all("circle").count == 6)
        for text in ["0.05", "0.01235", "-0.2", "0.3", "0.75", "Deltas & weights", "node values: δ"] {
            #expect(parsed.texts.contains(text))
        }
        let tooltips = parsed.all("circle").map(\.tooltip)
        #expect(tooltips.contains("δ²₀ = 0.75") && tooltips.contains("δ¹₀ = 0.0123456"))
        let circles = parsed.all("circle")
        #expect(circles[3].attributes["fill"] == ColorScale.color(for: -0.2, maxMagnitude: 0.75))
        #expect(!parsed.texts.contains("a¹₀"))
    }

    @Test func missingNodeValuesFallBackToLabels() throws {
        let parsed = ParsedSVG(NetworkDiagram.svg(try small(), nodeValues: [[1, 2]], valueName: "a"))
        #expect(parsed.wellFormed)
        #expect(parsed.texts.contains("1") && parsed.texts.contains("a¹₀") && parsed.texts.contains("a²₀"))
    }

    @Test func largeLayersAreSummarised() throws {
        let net = try Network(inputs: 784, layers: [Dense(128, activation: .relu), Dense(10, activation: .softmax)])
        let svg = NetworkDiagram.svg(net)
        let parsed = ParsedSVG(svg)
        #expect(parsed.wellFormed)
        #expect(parsed.all("circle").count == 10 + 10 + 10)
        #expect(parsed.all("line").count == 10 * 10 + 10 * 10)
        #expect(parsed.texts.contains("+774 more") && parsed.texts.contains("+118 more"))
        #expect(parsed.texts.contains("784 nodes") && parsed.texts.contains("relu") && parsed.texts.contains("softmax"))
        #expect(parsed.texts.contains("a⁰₇₈₃") && parsed.texts.contains("a¹₁₂₇"))
        #expect(parsed.texts.filter { $0 == "⋮" }.count == 2)
        #expect(parsed.byteCount < 200_000)
        #expect(parsed.all("line").first?.tooltip.hasPrefix("W¹₀₀ = ") == true)
    }

    @Test func deepNetworksLeaveOutMiddleLayers() throws {
        let net = try Network(inputs: 3, layers: (0..<14).map { _ in try Dense(4, activation: .tanh) })
        let parsed = ParsedSVG(NetworkDiagram.svg(net))
        #expect(parsed.wellFormed)
        #expect(parsed.texts.contains("+6 layers"))
        #expect(parsed.texts.contains("layer 14") && !parsed.texts.contains("layer 7"))
        // Columns 0…4 and 11…14: 3 + 4·8 nodes; edges only between neighbouring layers.
        #expect(parsed.all("circle").count == 3 + 4 * 8)
        #expect(parsed.all("line").count == 3 * 4 + 3 * 16 + 3 * 16)
    }

    @Test func deterministic() throws {
        let net = try Network(inputs: 784, layers: [Dense(128), Dense(10)], seed: 7)
        #expect(NetworkDiagram.svg(net) == NetworkDiagram.svg(net))
        let values: [[Double]] = [[1, 2], [3, -4, .nan], [.infinity]]
        let small = try small()
        #expect(NetworkDiagram.svg(small, nodeValues: values, valueName: "a") == NetworkDiagram.svg(small, nodeValues: values, valueName: "a"))
        #expect(ParsedSVG(NetworkDiagram.svg(small, nodeValues: values, valueName: "a")).wellFormed)
    }
}
