import BackpropLanguage
import JSON
import JupyterKernel
import Rendering
import Testing

@testable import BackpropKernel

/// Values with more than text reach the protocol as rich bundles.
@Suite struct RichOutputTests {
    private func result(_ kernel: BackpropKernel, _ code: String, count: Int = 1) -> MimeBundle? {
        guard case .ok(let bundle) = kernel.run(cell: code, executionCount: count, sink: RecordingSink()) else {
            Issue.record("the cell failed: \(code)")
            return nil
        }
        return bundle
    }

    @Test func matricesAndVectorsAreShadedTablesWithLaTeX() throws {
        let kernel = BackpropKernel()
        let matrix = try #require(result(kernel, "Matrix([[0.15, -0.2], [0.25, 0.3]])"))
        #expect(matrix.data.map(\.0).contains("text/html") && matrix.data.map(\.0).contains("text/latex"))
        let html = try #require(matrix["text/html"]?.string)
        #expect(html.contains("<table") && html.contains("k = 1") && html.contains("j = 1") && html.contains("title=\"-0.2\""))
        #expect(matrix["text/latex"]?.string?.contains("\\begin{bmatrix}") == true)
        #expect(matrix["text/plain"]?.string?.contains("k = 0") == true)
        let vector = try #require(result(kernel, "Vector([1, 2, 3])", count: 2))
        #expect(vector["text/html"]?.string?.contains("k = 2") == true)
    }

    @Test func entriesOfLayerListsAreTitledInTheLecturesNotation() throws {
        let kernel = BackpropKernel()
        _ = result(kernel, "let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }\n0")
        let weights = try #require(result(kernel, "net.weights[1]", count: 2))
        let html = try #require(weights["text/html"]?.string)
        #expect(html.contains("W<sup>1</sup>") && html.contains("k = 2") && html.contains("j = 1"))
        #expect(weights["text/latex"]?.string?.contains("W^{1} = \\begin{bmatrix}") == true)
        #expect(weights["text/plain"]?.string?.hasPrefix("W^1 3×2\n") == true)
        let trace = try #require(result(kernel, "net.forward(Matrix([[1.0, 0.0], [0.0, 1.0]])).a[2]", count: 3))
        #expect(trace["text/html"]?.string?.contains("a<sup>2</sup>") == true)
        #expect(trace["text/html"]?.string?.contains("s = 1") == true)
        let plain = try #require(result(kernel, "net.weights[1] + 0", count: 4))
        #expect(plain["text/html"]?.string?.contains("<sup>") == false)
    }

    @Test func anOutputIsHeldToTheCapWithAllItsRepresentationsTogether() throws {
        let output = RenderedOutput([
            .init("text/plain", "a table"), .init("text/latex", String(repeating: "l", count: 400)),
            .init("text/html", String(repeating: "h", count: 700)), .init("image/svg+xml", String(repeating: "s", count: 300)),
        ])
        // 1,407 bytes against a cap of 1,000: the HTML, the largest, goes; the rest fits.
        let bundle = MimeRendering.bundle(output, maximumBytes: 1000)
        #expect(bundle.data.map(\.0) == ["text/plain", "text/latex", "image/svg+xml"])
        let tight = MimeRendering.bundle(output, maximumBytes: 100)
        #expect(tight.data.map(\.0) == ["text/plain"] && tight["text/plain"]?.string == "a table")
        let plainOnly = MimeRendering.bundle(RenderedOutput([.init("text/plain", String(repeating: "p", count: 500))]), maximumBytes: 200)
        let text = try #require(plainOnly["text/plain"]?.string)
        #expect(text.utf8.count <= 200 && text.hasSuffix("(output truncated: 500 bytes in all)"))
        // Real outputs are far below the cap: a summarised 784 × 128 matrix with its heatmap.
        let big = try #require(result(BackpropKernel(), "Matrix.random(rows: 784, columns: 128, seed: 1)"))
        let sizes = big.data.map { $0.1.string?.utf8.count ?? 0 }
        #expect(big.data.count == 3 && sizes.reduce(0, +) < 200_000, "\(sizes)")
    }

    @Test func networksAndHistoriesAreSVG() throws {
        let kernel = BackpropKernel()
        let network = try #require(result(kernel, "let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }\nnet"))
        let diagram = try #require(network["image/svg+xml"]?.string)
        #expect(diagram.hasPrefix("<svg") && diagram.split(separator: "<circle", omittingEmptySubsequences: false).count - 1 == 6)
        #expect(network["text/plain"]?.string?.contains("Network") == true)
        _ = result(kernel, "let h = net.train(on: .xor, epochs: 5, learningRate: 0.5, batchSize: 4);", count: 2)
        let history = try #require(result(kernel, "h", count: 2))
        #expect(history["image/svg+xml"]?.string?.contains("<polyline") == true)
        let plot = try #require(result(kernel, "plot(net.train(on: .xor, epochs: 3))", count: 3))
        #expect(plot["image/svg+xml"]?.string?.contains("epoch") == true)
        let deltas = try #require(result(kernel, "net.diagram(values: net.backward([1.0, 0.0], target: [1.0]).delta)", count: 4))
        let deltaSVG = try #require(deltas["image/svg+xml"]?.string)
        #expect(deltaSVG.contains("δ¹₀ = ") && deltaSVG.contains("δ²₀ = ") && !deltaSVG.contains("δ⁰₀"))
        #expect(deltas["text/plain"]?.string?.contains("node values δ^l:") == true)
        let boundary = try #require(result(kernel, "decisionBoundary(net, .xor)", count: 4))
        let svg = try #require(boundary["image/svg+xml"]?.string)
        // The 4 XOR samples, plus the legend's class markers.
        #expect(svg.split(separator: "<circle", omittingEmptySubsequences: false).count - 1 >= 4)
        #expect(svg.contains("Decision boundary"))
    }

    @Test func gradientsAndExplanationsAreLayerTablesAndFormulas() throws {
        let kernel = BackpropKernel()
        _ = result(kernel, "let net = Network(inputs: 2, seed: 4) { Dense(2); Dense(1) }\nlet g = net.backward([0.05, 0.10], target: [0.01], loss: .squaredError)\n0")
        let gradients = try #require(result(kernel, "g", count: 2))
        let html = try #require(gradients["text/html"]?.string)
        #expect(html.contains("δ<sup>1</sup>") && html.contains("δ<sup>2</sup>") && html.contains("∂C/∂W<sup>1</sup>"))
        #expect(gradients["text/latex"]?.string?.contains("\\frac{\\partial C}{\\partial W^{1}}") == true)
        let explanation = try #require(result(kernel, "g.explain(layer: 1, k: 0, j: 1)", count: 3))
        let latex = try #require(explanation["text/latex"]?.string)
        #expect(latex.contains("\\frac{\\partial C}{\\partial W^{1}_{01}}") && latex.contains("\\sum_{m}"))
        #expect(explanation["text/markdown"]?.string?.contains("$$") == true)
        let weights = try #require(result(kernel, "net.weights", count: 4))
        #expect(weights["text/html"]?.string?.contains("W<sup>2</sup>") == true)
    }

    @Test func otherValuesStayPlainText() throws {
        let kernel = BackpropKernel()
        let number = try #require(result(kernel, "1 + 1"))
        #expect(number.data.map(\.0) == ["text/plain"] && number["text/plain"] == .string("2"))
    }
}
