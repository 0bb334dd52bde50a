import Foundation
@testable import BackpropLanguage
@testable import NeuralNet
import Testing
@testable import Rendering

@Suite struct LayerTablesTests {
    /// Mazur's 2-2-2 sigmoid network with the post's weights (as in NeuralNetTests).
    static func mazur() throws -> Network {
        var net = try Network(inputs: 2, layers: [Dense(2, activation: .sigmoid), Dense(2, activation: .sigmoid)])
        try net.setWeights(1, Matrix(rowArrays: [[0.15, 0.20], [0.25, 0.30]]))
        try net.setBiases(1, Vector([0.35, 0.35]))
        try net.setWeights(2, Matrix(rowArrays: [[0.40, 0.45], [0.50, 0.55]]))
        try net.setBiases(2, Vector([0.60, 0.60]))
        return net
    }

    /// i1 = 0.05, i2 = 0.10.
    static var x: Matrix { get throws { try Matrix(rowArrays: [[0.05, 0.10]]) } }
    /// Targets 0.01 and 0.99.
    static var y: Matrix { get throws { try Matrix(rowArrays: [[0.01, 0.99]]) } }

    /// Occurrences of `needle` in `text`.
    func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The structural checks every output must pass: XML, no URLs, MathJax commands, cap.
    func expectWellFormed(_ output: RenderedOutput, sourceLocation: SourceLocation = #_sourceLocation) {
        let html = output["text/html"] ?? ""
        let latex = output["text/latex"] ?? ""
        #expect(parsesAsXML(html, wrap: false), "HTML is one XML element", sourceLocation: sourceLocation)
        #expect(html.hasPrefix("<div>") && html.hasSuffix("</div>"), sourceLocation: sourceLocation)
        #expect(outsideURLs(html) == 0, sourceLocation: sourceLocation)
        #expect(!html.contains("<script") && !html.contains("<style"), sourceLocation: sourceLocation)
        #expect(latexCommands(latex).isSubset(of: mathJaxWhitelist),
                "unlisted: \(latexCommands(latex).subtracting(mathJaxWhitelist))", sourceLocation: sourceLocation)
        #expect(!latex.contains("aligned"), sourceLocation: sourceLocation)
        for line in latex.split(separator: "\n") {
            #expect(line.hasPrefix("$$") && line.hasSuffix("$$") && line.count > 4, "\(line)", sourceLocation: sourceLocation)
        }
        #expect(output.byteCount < 1 << 20, sourceLocation: sourceLocation)
        #expect(output.representations.map(\.mimeType) == ["text/plain", "text/latex", "text/html"], sourceLocation: sourceLocation)
    }

    // MARK: - Forward pass

    @Test func singleForwardPassShowsEveryLayerSideBySide() throws {
        let pass = try Self.mazur().forward(try Self.x)
        let output = LayerTables.render(pass, single: true)
        expectWellFormed(output)
        let html = output["text/html"] ?? ""
        for heading in ["layer 0 (input)", "layer 1 (sigmoid)", "layer 2 (sigmoid)",
                        "<b>a<sup>0</sup></b>", "<b>z<sup>1</sup></b>", "<b>a<sup>1</sup></b>", "<b>z<sup>2</sup></b>", "<b>a<sup>2</sup></b>"] {
            #expect(html.contains(heading), "\(heading)")
        }
        // out_h1 = 0.593269992… at full precision on hover; one sample reads as vectors (k only).
        let a1 = try pass.a(1).elements[0]
        #expect(html.contains("title=\"\(NumberFormat.full(a1))\""))
        #expect(html.contains("k = 1") && !html.contains("s = 0"))
        let latex = output["text/latex"] ?? ""
        #expect(count("\\begin{bmatrix}", in: latex) == 5)
        #expect(latex.split(separator: "\n").count == 3)
        #expect(latex.contains("z^{1} = \\begin{bmatrix} 0.3775 \\\\ 0.3925 \\end{bmatrix} \\quad a^{1} = "))
        #expect(output["text/plain"] == ValueFormatter.plainText(.object(LibraryObject(.pass(pass, single: true)))))
    }

    @Test func batchForwardPassHasOneRowPerSample() throws {
        let batch = try Matrix(rowArrays: [[0.05, 0.10], [1, -1], [0, 0.5]])
        let output = LayerTables.render(try Self.mazur().forward(batch), single: false)
        expectWellFormed(output)
        let html = output["text/html"] ?? ""
        #expect(html.contains("s = 2") && html.contains("k = 1") && html.contains("3 × 2"))
        #expect(output["text/plain"]?.contains("s = 2") == true)
    }

    // MARK: - Gradients

    @Test func gradientsShowTheLossAndEveryLayerFromTheOutputDown() throws {
        let g = try Self.mazur().backward(try Self.x, target: try Self.y, loss: .squaredError)
        let output = LayerTables.render(g, single: true)
        expectWellFormed(output)
        let html = output["text/html"] ?? ""
        for heading in ["δ<sup>2</sup>", "δ<sup>1</sup>", "∂C/∂W<sup>2</sup>", "∂C/∂W<sup>1</sup>", "∂C/∂b<sup>1</sup>"] {
            #expect(html.contains(heading), "\(heading)")
        }
        // Layer 2 before layer 1, as backpropagation goes.
        let second = try #require(html.range(of: "δ<sup>2</sup>")), first = try #require(html.range(of: "δ<sup>1</sup>"))
        #expect(second.lowerBound < first.lowerBound)
        // δ^2_0 = 0.138498562 (Mazur) at full precision on hover; the loss too.
        let delta = try g.delta(2).elements[0]
        #expect((delta * 1e9).rounded() == 138_498_562)
        #expect(html.contains("title=\"\(NumberFormat.full(delta))\""))
        #expect(html.contains("title=\"\(NumberFormat.full(g.loss))\""))
        // ∂C/∂W^2 reads rows k and columns j.
        #expect(html.contains("j = 1"))
        // Each table is shaded by its own largest |value|: δ^1 is far smaller than δ^2, yet
        // its largest entry still gets the darkest shade, as its legend's ends show.
        let d1 = ColorScale.maxMagnitude(of: try g.delta(1).elements)
        #expect(html.contains(">" + NumberFormat.short(d1) + "</span>"))
        let latex = output["text/latex"] ?? ""
        #expect(count("\\begin{bmatrix}", in: latex) == 6)
        #expect(latex.hasPrefix("$$C = 0.2984 \\quad \\text{(squaredError, 1 sample)}$$\n$$\\delta^{2} = \\begin{bmatrix} 0.1385 \\\\ "))
        #expect(latex.contains("\\quad \\frac{\\partial C}{\\partial W^{1}} = \\begin{bmatrix}"))
        #expect(latex.contains("\\frac{\\partial C}{\\partial b^{1}} = "))
        #expect(output["text/plain"]?.hasPrefix("loss C = ") == true)
    }

    @Test func largeNetworkBatchStaysUnderTheCap() throws {
        let net = try Network(inputs: 784, layers: [Dense(128, activation: .relu), Dense(10, activation: .softmax)], seed: 1)
        let x = try Matrix(rows: 64, columns: 784, elements: (0..<(64 * 784)).map { Double($0 % 255) / 255 })
        let y = try Matrix(rows: 64, columns: 10, elements: (0..<640).map { $0 % 10 == ($0 / 10) % 10 ? 1 : 0 })
        var copy = net
        let step = try copy.step(x, target: y, learningRate: 0.1, loss: .categoricalCrossEntropy)
        let outputs = [
            LayerTables.render(step.gradients, single: false),
            LayerTables.render(step.gradients.pass, single: false),
            LayerTables.render(step, single: false),
        ]
        for output in outputs {
            expectWellFormed(output)
            // Well under the 1 MiB cap (heatmaps included, about 110 KB for the pass and the
            // gradients, 185 KB for the step).
            #expect(output.byteCount < 256 * 1024, "\(output.representations.map { ($0.mimeType, $0.text.utf8.count) })")
        }
        let html = outputs[0]["text/html"] ?? ""
        #expect(html.contains("128 × 784, showing corners") && html.contains("64 × 128, showing corners"))
        // Every summarised table carries the heatmap of its whole value, binned to 32 a side:
        // δ^1 (64 × 128), ∂C/∂W^1 (128 × 784), ∂C/∂b^1 (128), δ^2 (64 × 10), ∂C/∂W^2 (10 × 128).
        let heatmaps = embeddedHeatmaps(html)
        #expect(heatmaps.count == 5)
        for title in ["δ^1 (64 × 128) heatmap", "∂C/∂W^1 (128 × 784) heatmap", "∂C/∂W^2 (10 × 128) heatmap"] {
            #expect(heatmaps.contains { $0.contains("<title>" + Markup.escapeXML(title) + "</title>") }, "\(title)")
        }
        #expect(heatmaps.contains { $0.contains("128 × 784, binned to 32 × 32 (block means)") })
        #expect(heatmaps.allSatisfy { parsesAsXML($0, wrap: false) })
    }

    // MARK: - Step

    @Test func stepShowsBeforeChangeAndAfter() throws {
        var net = try Self.mazur()
        let step = try net.step(try Self.x, target: try Self.y, learningRate: 0.5, loss: .squaredError)
        let output = LayerTables.render(step, single: true)
        expectWellFormed(output)
        let html = output["text/html"] ?? ""
        for heading in ["<b>W<sup>1</sup></b> before", "<b>ΔW<sup>1</sup></b> = −η ∂C/∂W<sup>1</sup>", "<b>W<sup>2</sup></b> after",
                        "<b>Δb<sup>2</sup></b> = −η ∂C/∂b<sup>2</sup>", "layer 2: biases"] {
            #expect(html.contains(heading), "\(heading)")
        }
        // Mazur: w5 becomes 0.35891648 after a step of η = 0.5.
        let w5 = try step.after(2).elements[0]
        #expect((w5 * 1e8).rounded() == 35_891_648)
        #expect(html.contains("title=\"\(NumberFormat.full(w5))\""))
        let latex = output["text/latex"] ?? ""
        #expect(count("\\begin{bmatrix}", in: latex) == 12)
        #expect(latex.contains("\\Delta W^{2} = -\\eta \\frac{\\partial C}{\\partial W^{2}} = \\begin{bmatrix}"))
        #expect(latex.contains("W^{2} + \\Delta W^{2} = \\begin{bmatrix} 0.3589 & "))
        #expect(latex.hasPrefix("$$\\eta = 0.5 \\quad C = 0.2984"))
    }

    @Test func stepWithoutBiasesSaysSo() throws {
        var net = try Self.mazur()
        let step = try net.step(try Self.x, target: try Self.y, learningRate: 0.5, loss: .squaredError, updateBiases: false)
        let output = LayerTables.render(step, single: true)
        expectWellFormed(output)
        #expect(output["text/html"]?.contains("biases not updated") == true)
        #expect(output["text/html"]?.contains("Δb") == false)
        #expect(count("\\begin{bmatrix}", in: output["text/latex"] ?? "") == 6)
    }

    // MARK: - Gradient check

    @Test func gradientCheckMarksEachParameter() throws {
        let check = try Self.mazur().gradientCheck(try Self.x, target: try Self.y, loss: .squaredError)
        #expect(check.passed && check.entries.count == 12)
        let output = LayerTables.render(check)
        expectWellFormed(output)
        let html = output["text/html"] ?? ""
        #expect(html.contains("12 parameters") && html.contains("passed"))
        #expect(count(">pass</td>", in: html) == 12 && !html.contains("FAIL"))
        #expect(html.contains("W<sup>2</sup><sub>01</sub>") && html.contains("b<sup>1</sup><sub>1</sub>"))
        let analytic = check.entries[0].analytic
        #expect(html.contains("title=\"\(NumberFormat.full(analytic))\""))
        let latex = output["text/latex"] ?? ""
        #expect(count("\\begin{bmatrix}", in: latex) == 1)
        #expect(count("\\text{pass}", in: latex) == 12)
        #expect(latex.contains("W^{1}_{00} & "))
    }

    @Test func failingParametersAreMarkedAndTheWorstListedFirst() throws {
        var entries = (0..<60).map { index in
            GradientCheck.Entry(layer: 1, isBias: false, k: index / 6, j: index % 6, analytic: 0.1, numeric: 0.1, relativeError: 1e-10)
        }
        entries[7] = GradientCheck.Entry(layer: 1, isBias: false, k: 1, j: 1, analytic: 0.1, numeric: 0.2, relativeError: 1.0 / 3)
        entries[50] = GradientCheck.Entry(layer: 2, isBias: true, k: 3, j: 0, analytic: 1, numeric: 1.001, relativeError: 5e-4)
        let check = GradientCheck(entries: entries, epsilon: 1e-5, threshold: 1e-6, interrupted: false)
        let output = LayerTables.render(check)
        expectWellFormed(output)
        let html = output["text/html"] ?? ""
        #expect(html.contains("FAILED"))
        #expect(html.contains("showing the 40 largest relative errors of 60, largest first"))
        #expect(count("<tr><th", in: html) == 41, "a header row and 40 parameters")
        #expect(count(">FAIL</td>", in: html) == 2 && count(">pass</td>", in: html) == 38)
        let worst = try #require(html.range(of: "W<sup>1</sup><sub>11</sub>")), next = try #require(html.range(of: "b<sup>2</sup><sub>3</sub>"))
        #expect(worst.lowerBound < next.lowerBound)
        #expect(count("\\text{FAIL}", in: output["text/latex"] ?? "") == 2)
    }

    // MARK: - Layer lists

    @Test func layerListsTitleEachEntry() throws {
        let net = try Self.mazur()
        let weights = LayerList(name: "weights", symbol: "W", first: 1, values: [.matrix(try net.weights(1)), .matrix(try net.weights(2))], setter: nil)
        let output = LayerTables.render(weights)
        expectWellFormed(output)
        let html = output["text/html"] ?? ""
        #expect(html.contains("<b>W<sup>1</sup></b>") && html.contains("<b>W<sup>2</sup></b>") && html.contains("j = 1"))
        #expect(output["text/latex"] == "$$W^{1} = \\begin{bmatrix} 0.15 & 0.2 \\\\ 0.25 & 0.3 \\end{bmatrix} \\quad W^{2} = \\begin{bmatrix} 0.4 & 0.45 \\\\ 0.5 & 0.55 \\end{bmatrix}$$")

        let g = try net.backward(try Self.x, target: try Self.y, loss: .squaredError)
        let deltas = LayerList(name: "delta", symbol: "δ", first: 1, values: [.vector(Vector(try g.delta(1).elements)), .vector(Vector(try g.delta(2).elements))], setter: nil)
        let deltaOutput = LayerTables.render(deltas)
        expectWellFormed(deltaOutput)
        #expect(deltaOutput["text/html"]?.contains("δ<sup>2</sup>") == true)
        #expect(deltaOutput["text/latex"]?.hasPrefix("$$\\delta^{1} = \\begin{bmatrix}") == true)

        let dW = LayerList(name: "dW", symbol: "∂C/∂W", first: 1, values: [.matrix(try g.dW(1))], setter: nil)
        #expect(LayerTables.render(dW)["text/latex"]?.hasPrefix("$$\\frac{\\partial C}{\\partial W^{1}} = ") == true)

        let batch = LayerList(name: "z", symbol: "z", first: 1, values: [.matrix(try Matrix(rowArrays: [[1, 2], [3, 4]]))], setter: nil)
        #expect(LayerTables.render(batch)["text/html"]?.contains("s = 1") == true)
    }

    @Test func longLayerListsAreSummarised() throws {
        let small = try Matrix(rowArrays: [[1]])
        let list = LayerList(name: "weights", symbol: "W", first: 1, values: Array(repeating: .matrix(small), count: 45), setter: nil)
        let output = LayerTables.render(list)
        expectWellFormed(output)
        let html = output["text/html"] ?? ""
        #expect(html.contains("⋮ layers 4…42 not shown"))
        #expect(count("<table", in: html) == 6)
        #expect(html.contains("W<sup>45</sup>") && !html.contains("W<sup>4</sup>"))
    }
}
