import Testing
import NeuralNet
@testable import BackpropLanguage
@testable import Rendering

/// Whether `{}` nest properly, `\left(`/`\right)` pair up and `$$` fences come in pairs.
private func isBalanced(_ latex: String) -> Bool {
    var depth = 0
    var escaped = false
    for character in latex {
        if escaped { escaped = false; continue }
        if character == "\\" { escaped = true; continue }
        if character == "{" { depth += 1 }
        if character == "}" { depth -= 1; if depth < 0 { return false } }
    }
    let lefts = latex.split(separator: "\\left(", omittingEmptySubsequences: false).count
    let rights = latex.split(separator: "\\right)", omittingEmptySubsequences: false).count
    let fences = latex.split(separator: "$$", omittingEmptySubsequences: false).count - 1
    return depth == 0 && lefts == rights && fences % 2 == 0
}

@Suite struct ExplainFormulaTests {
    /// Matt Mazur's worked example: a 2-2-2 sigmoid network, input [0.05, 0.10], target
    /// [0.01, 0.99], E = ½ Σ (t − o)² (the library's squaredError).
    static func mazur() throws -> Gradients {
        var net = try Network(inputs: 2, layers: [Dense(2), Dense(2)])
        try net.setWeights(1, Matrix(rowArrays: [[0.15, 0.20], [0.25, 0.30]]))
        try net.setBiases(1, Vector([0.35, 0.35]))
        try net.setWeights(2, Matrix(rowArrays: [[0.40, 0.45], [0.50, 0.55]]))
        try net.setBiases(2, Vector([0.60, 0.60]))
        return try net.backward(Matrix(rowArrays: [[0.05, 0.10]]), target: Matrix(rowArrays: [[0.01, 0.99]]), loss: .squaredError)
    }

    /// Renders an explanation and checks what every explanation must satisfy.
    static func render(_ g: Gradients, layer: Int, k: Int, j: Int?) throws -> (latex: String, markdown: String, output: RenderedOutput) {
        let explanation = Explanation(gradients: g, single: g.pass.sampleCount == 1, layer: layer, k: k, j: j)
        let output = ExplainFormula.render(explanation)
        #expect(output.representations.map(\.mimeType) == ["text/plain", "text/latex", "text/markdown"])
        #expect(output["text/plain"] == LibraryFormatter.plainText(LibraryObject(.explanation(explanation))))
        let latex = try #require(output["text/latex"])
        let markdown = try #require(output["text/markdown"])
        for text in [latex, markdown] {
            #expect(latexCommands(text).isSubset(of: mathJaxWhitelist), "\(latexCommands(text).subtracting(mathJaxWhitelist))")
            #expect(isBalanced(text))
        }
        #expect(latexCommands(ExplainFormula.commands.joined()).isSubset(of: mathJaxWhitelist))
        #expect(latex.hasPrefix("$$\n") && latex.hasSuffix("\n$$"))
        // Every Markdown sentence closes its inline math.
        for sentence in markdown.split(separator: "\n\n") where !sentence.hasPrefix("$$") {
            #expect(sentence.filter { $0 == "$" }.count % 2 == 0, "\(sentence)")
        }
        // The final value is the library's, at full precision.
        let value = try j.map { try g.dW(layer).element(k, $0) } ?? g.db(layer).element(at: k)
        // The final value is the library's, at full precision: the last line for one sample,
        // the mean's result before the per-sample delta formula for a batch.
        let result = "&= \(NumberFormat.full(value))\n\\end{aligned}\n$$"
        #expect(g.pass.sampleCount == 1 ? latex.hasSuffix(result) && markdown.hasSuffix(result) : latex.contains(result) && markdown.contains(result))
        return (latex, markdown, output)
    }

    @Test func hiddenWeightMazurW1() throws {
        let g = try Self.mazur()
        let (latex, markdown, _) = try Self.render(g, layer: 1, k: 0, j: 0)
        let value = try g.dW(1).element(0, 0)
        #expect((value * 1e9).rounded() == 438_568)  // Mazur: ∂E/∂w1 = 0.000438568
        #expect(latex.contains("$$\n\\frac{\\partial C}{\\partial W^{1}_{00}} = \\delta^{1}_{0}\\, a^{0}_{0}\n$$"))
        #expect(latex.contains("\\delta^{1}_{0} &= \\sigma'(z^{1}_{0}) \\sum_{m} W^{2}_{m0}\\, \\delta^{2}_{m} \\\\\n"))
        #expect(latex.contains("&= 0.2413 \\cdot \\left(0.4 \\cdot 0.1385 + 0.5 \\cdot (-0.0381)\\right) \\\\\n"))
        #expect(latex.contains("\\sigma'(z) &= \\sigma(z)(1-\\sigma(z))"))
        #expect(latex.contains("\\sigma'(z^{1}_{0}) &= \\sigma'(0.3775) = 0.2413"))
        #expect(latex.contains("a^{0}_{0} = 0.05"))
        #expect(latex.contains("&= 0.008771 \\cdot 0.05 \\\\\n&= 0.0004385677"))
        #expect(markdown.contains("chain rule"))
        #expect(markdown.contains("$$\n\\frac{\\partial C}{\\partial W^{1}_{00}} = \\delta^{1}_{0}\\, a^{0}_{0}\n$$"))
        // The numbers are the library's own.
        #expect(latex.contains(NumberFormat.short(try g.delta(2).element(0, 0))))
        #expect(latex.contains(NumberFormat.short(try g.delta(1).element(0, 0))))
    }

    @Test func outputWeightMazurW5() throws {
        let g = try Self.mazur()
        let (latex, _, _) = try Self.render(g, layer: 2, k: 0, j: 0)
        let value = try g.dW(2).element(0, 0)
        #expect((value * 1e9).rounded() == 82_167_041)  // Mazur: ∂E/∂w5 = 0.082167041
        #expect(latex.contains("\\delta^{2}_{0} &= \\frac{\\partial C}{\\partial a^{2}_{0}}\\, \\sigma'(z^{2}_{0}) \\\\\n&= 0.7414 \\cdot 0.1868 \\\\\n&= 0.1385"))
        #expect(latex.contains("\\frac{\\partial C}{\\partial a^{2}_{0}} = a^{2}_{0} - y_{0} = 0.7514 - 0.01 = 0.7414"))
        #expect(latex.contains("\\sigma'(z^{2}_{0}) &= \\sigma'(1.106) = 0.1868"))
        #expect(latex.contains("a^{1}_{0} = 0.5933"))
        #expect(!latex.contains("\\sum_{m}"))
    }

    @Test func biasShortForm() throws {
        let g = try Self.mazur()
        let (latex, markdown, _) = try Self.render(g, layer: 1, k: 0, j: nil)
        #expect(latex.hasPrefix("$$\n\\frac{\\partial C}{\\partial b^{1}_{0}} = \\delta^{1}_{0}\n$$"))
        #expect(latex.contains("\\sum_{m} W^{2}_{m0}"))
        #expect(!latex.contains("a^{0}_{0}"))
        #expect(markdown.contains("bias"))
        #expect(try g.db(1).element(at: 0) == g.delta(1).element(0, 0))
    }

    @Test func batchIsTheMean() throws {
        let net = try Network(inputs: 2, layers: [Dense(3), Dense(2)], seed: 3)
        let targets = try Matrix(rowArrays: [[0, 1], [1, 0], [1, 0], [0, 1]])
        let g = try net.backward(Dataset.xor.inputs, target: targets, loss: .squaredError)
        let (latex, markdown, _) = try Self.render(g, layer: 2, k: 0, j: 1)
        #expect(latex.contains("\\frac{\\partial C}{\\partial W^{2}_{01}} &= \\frac{1}{4}\\sum_{s} \\delta^{2}_{s,0}\\, a^{1}_{s,1} \\\\\n"))
        #expect(latex.contains("\\delta^{2}_{s,0} = \\frac{\\partial C}{\\partial a^{2}_{s,0}}\\, \\sigma'(z^{2}_{s,0})"))
        #expect(!latex.contains(" \\cdot "))  // the per-sample terms are not written out
        #expect(markdown.contains("mean"))
        let hidden = try Self.render(g, layer: 1, k: 2, j: nil)
        #expect(hidden.latex.contains("\\frac{\\partial C}{\\partial b^{1}_{2}} &= \\frac{1}{4}\\sum_{s} \\delta^{1}_{s,2}"))
        #expect(hidden.latex.contains("\\delta^{1}_{s,2} = \\sigma'(z^{1}_{s,2}) \\sum_{m} W^{2}_{m2}\\, \\delta^{2}_{s,m}"))
    }

    @Test func tenNodeLayerElidesTheSum() throws {
        let net = try Network(inputs: 2, layers: [Dense(3), Dense(10)], seed: 1)
        let target = try Matrix(rowArrays: [[0, 0, 1, 0, 0, 0, 0, 0, 0, 0]])
        let g = try net.backward(Matrix(rowArrays: [[0.5, -0.25]]), target: target, loss: .squaredError)
        let (latex, _, _) = try Self.render(g, layer: 1, k: 1, j: 0)
        let w = g.weights[1], d = try g.delta(2)
        func term(_ m: Int) throws -> String {
            ExplainFormula.factor(try w.element(m, 1)) + " \\cdot " + ExplainFormula.factor(try d.element(0, m))
        }
        let shown = try [term(0), term(1), term(2), "\\cdots", term(8), term(9)].joined(separator: " + ")
        #expect(latex.contains("\\left(" + shown + "\\right)"), "\(latex)")
        #expect(!latex.contains(try term(5)))
        let sum = try (0..<10).reduce(0.0) { $0 + (try w.element($1, 1)) * (try d.element(0, $1)) }
        #expect(latex.contains(" \\cdot " + ExplainFormula.factor(sum) + " \\\\\n"))
        // Six terms are all written out.
        let six = try Network(inputs: 2, layers: [Dense(3), Dense(6)], seed: 1)
            .backward(Matrix(rowArrays: [[0.5, -0.25]]), target: Matrix(rowArrays: [[0, 0, 1, 0, 0, 0]]), loss: .squaredError)
        let (sixLatex, _, _) = try Self.render(six, layer: 1, k: 0, j: 1)
        #expect(!sixLatex.contains("\\cdots"))
    }

    @Test func fusedOutputRules() throws {
        let sigmoid = try Network(inputs: 2, layers: [Dense(2), Dense(1)], seed: 2)
            .backward(Matrix(rowArrays: [[1, 0]]), target: Matrix(rowArrays: [[1]]), loss: .crossEntropy)
        let (latex, markdown, _) = try Self.render(sigmoid, layer: 2, k: 0, j: 1)
        let a = try sigmoid.pass.a(2).element(0, 0)
        #expect(latex.contains("\\delta^{2}_{0} &= a^{2}_{0} - y_{0} \\\\\n&= \(ExplainFormula.short(a)) - 1 \\\\\n"))
        #expect(!latex.contains("\\frac{\\partial C}{\\partial a"))
        #expect(markdown.contains("cancels"))
        let softmax = try Network(inputs: 2, layers: [Dense(2), Dense(3, activation: .softmax)], seed: 2)
            .backward(Matrix(rowArrays: [[1, 0]]), target: Matrix(rowArrays: [[0, 1, 0]]), loss: .categoricalCrossEntropy)
        let (softmaxLatex, _, _) = try Self.render(softmax, layer: 2, k: 1, j: 0)
        #expect(softmaxLatex.contains("\\delta^{2}_{1} &= a^{2}_{1} - y_{1}"))
        // Another loss at the output: ∂C/∂a with its formula; tanh's slope named.
        let mse = try Network(inputs: 2, layers: [Dense(2, activation: .tanh), Dense(2, activation: .linear)], seed: 4)
            .backward(Matrix(rowArrays: [[1, 0]]), target: Matrix(rowArrays: [[0.2, 0.7]]), loss: .meanSquaredError)
        let (output, _, _) = try Self.render(mse, layer: 2, k: 1, j: 0)
        #expect(output.contains("\\frac{\\partial C}{\\partial a^{2}_{1}} = \\frac{2\\,(a^{2}_{1} - y_{1})}{n_{2}} = \\frac{2\\,("))
        #expect(output.contains("\\sigma'(z) &= 1 \\quad \\text{(linear)}"))
        let (hidden, _, _) = try Self.render(mse, layer: 1, k: 0, j: 0)
        #expect(hidden.contains("\\sigma'(z) &= 1-\\mathrm{tanh}(z)^{2}"))
    }

    @Test func smallAndOddNumbers() {
        #expect(ExplainFormula.latexNumber("1.5e-7") == "1.5 \\times 10^{-7}")
        #expect(ExplainFormula.latexNumber("4.2e-05") == "4.2 \\times 10^{-5}")
        #expect(ExplainFormula.latexNumber("2.5e9") == "2.5 \\times 10^{9}")
        #expect(ExplainFormula.latexNumber("nan") == "\\text{nan}")
        #expect(ExplainFormula.latexNumber("-0.0381") == "-0.0381")
        #expect(ExplainFormula.factor(-0.0381) == "(-0.0381)")
    }
}
