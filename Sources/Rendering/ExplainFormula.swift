import BackpropLanguage
import NeuralNet

/// `g.explain(layer:k:j:)` as the lecture writes it: the chain rule for one weight or bias,
/// then where the delta of the receiving node comes from, with the numbers of the backward
/// pass substituted.
///
/// The numbers are the language's own (``Explanation/terms``, the same the `text/plain`
/// display shows): the result is `dW(l)[k, j]` (or `db(l)[k]`) at full precision, every other
/// number is short (``NumberFormat/short(_:)``). The LaTeX uses only commands MathJax supports
/// (``commands``).
public enum ExplainFormula {
    /// Every LaTeX command the formulas may use, all supported by MathJax.
    public static let commands: Set<String> = [
        "\\frac", "\\partial", "\\delta", "\\sigma", "\\sum", "\\cdot", "\\cdots", "\\left", "\\right",
        "\\,", "\\quad", "\\text", "\\mathrm", "\\begin", "\\end", "\\\\", "\\times",
    ]

    /// Next-layer terms beyond this many are elided: the first 3, `\cdots`, the last 2.
    static let maximumTerms = 6

    /// The chain rule for ∂C/∂W^l_kj (or ∂C/∂b^l_k) of one backward pass, as text/plain
    /// (LibraryFormatter's text), text/latex and text/markdown.
    ///
    /// The LaTeX is a sequence of `$$…$$` blocks; the Markdown puts one short sentence before
    /// each block. An explanation of a parameter that does not exist has only text/plain.
    public static func render(_ explanation: Explanation) -> RenderedOutput {
        let plain = ValueFormatter.plainText(.object(LibraryObject(.explanation(explanation))))
        guard let terms = explanation.terms else { return RenderedOutput([.init("text/plain", plain)]) }
        let steps = self.steps(explanation, terms)
        let latex = steps.map { "$$\n" + $0.math + "\n$$" }.joined(separator: "\n")
        let markdown = steps.map { $0.sentence + "\n\n$$\n" + $0.math + "\n$$" }.joined(separator: "\n\n")
        return RenderedOutput([
            .init("text/plain", plain),
            .init("text/latex", latex),
            .init("text/markdown", markdown),
        ])
    }

    // MARK: - Steps

    /// One step of the derivation: a sentence (Markdown, with inline `$…$`) and display math.
    struct Step {
        var sentence: String
        var math: String
    }

    /// The steps: the chain rule, δ, σ' or ∂C/∂a, the emitting activation, the result.
    static func steps(_ e: Explanation, _ terms: Explanation.Terms) -> [Step] {
        let l = e.layer, k = e.k, n = terms.sampleCount
        let name = parameter(e)
        let chain = e.j.map { "\\delta^{\(l)}_{\(k)}\\, a^{\(l - 1)}_{\($0)}" } ?? "\\delta^{\(l)}_{\(k)}"
        let output = l == terms.layerCount
        let activation = e.gradients.pass.activations.indices.contains(l - 1) ? e.gradients.pass.activations[l - 1] : .linear
        var steps: [Step] = []

        guard n == 1, let delta = terms.delta else {
            // The mean over the batch: the formula and the result, the per-sample terms left out.
            let sampleChain = e.j.map { "\\delta^{\(l)}_{s,\(k)}\\, a^{\(l - 1)}_{s,\($0)}" } ?? "\\delta^{\(l)}_{s,\(k)}"
            let what = e.j == nil ? "bias" : "weight"
            steps.append(Step(
                sentence: "The pass had $n = \(n)$ samples $s$, so the gradient of the \(what) is the mean of the \(n) per-sample gradients (each sample's deltas are a row of `delta[\(l)]`):",
                math: aligned([
                    name + " &= \\frac{1}{\(n)}\\sum_{s} " + sampleChain,
                    "&= " + full(terms.value),
                ])))
            steps.append(Step(
                sentence: output
                    ? "Each sample's delta at the output layer $L = \(l)$:"
                    : "Each sample's delta comes back from layer \(l + 1) by the recursion:",
                math: sampleDeltaFormula(layer: l, k: k, output: output, activation: activation, loss: e.gradients.lossFunction)))
            return steps
        }

        // 1. The chain rule.
        steps.append(Step(
            sentence: e.j.map { j in
                "By the chain rule, the gradient with respect to the weight from node $j = \(j)$ of layer \(l - 1) to node $k = \(k)$ of layer \(l) is the delta of the receiving node times the activation of the emitting node:"
            } ?? "The bias $b^{\(l)}_{\(k)}$ enters $z^{\(l)}_{\(k)}$ with factor 1, so its gradient is the delta of node $k = \(k)$ of layer \(l):",
            math: name + " = " + chain))

        // 2. δ^l_k and where it comes from.
        steps += deltaSteps(layer: l, k: k, delta)

        // 3. The emitting activation.
        if let j = e.j, let emitting = terms.emitting {
            steps.append(Step(
                sentence: l == 1
                    ? "The emitting activation is input $j = \(j)$ (layer 0 is the input, $a^{0} = x$):"
                    : "The emitting activation, node $j = \(j)$ of layer \(l - 1):",
                math: "a^{\(l - 1)}_{\(j)} = " + short(emitting)))
        }

        // 4. The result.
        var lines = [name + " &= " + chain]
        if let emitting = terms.emitting {
            lines.append("&= " + factor(delta.delta) + " \\cdot " + factor(emitting))
        }
        lines.append("&= " + full(terms.value))
        steps.append(Step(sentence: "So, with the numbers of this pass:", math: aligned(lines)))
        return steps
    }

    /// How δ^l_k comes about for a single sample: the backward sum (l < L) or the output rule,
    /// then σ'(z) (and ∂C/∂a at the output).
    static func deltaSteps(layer l: Int, k: Int, _ d: Explanation.DeltaTerms) -> [Step] {
        let delta = "\\delta^{\(l)}_{\(k)}"
        let slopeName = "\\sigma'(z^{\(l)}_{\(k)})"
        let slopeStep = Step(
            sentence: "The slope of the activation (\(Markup.latexText(d.activation.rawValue))) at $z^{\(l)}_{\(k)}$:",
            math: aligned([
                "\\sigma'(z) &= " + derivativeFormula(d.activation),
                slopeName + " &= \\sigma'(" + short(d.z) + ") = " + short(d.slope),
            ]))
        switch d.rule {
        case .hidden(let next, let sum):
            let products = next.map { factor($0.weight) + " \\cdot " + factor($0.delta) }
            let shown: [String] = products.count > maximumTerms
                ? Array(products.prefix(3)) + ["\\cdots"] + Array(products.suffix(2))
                : products
            return [
                Step(
                    sentence: "Node $k = \(k)$ feeds every node $m$ of layer \(l + 1), so its delta sums their deltas back through the weights $W^{\(l + 1)}_{\(pair("m", k))}$ (\(next.count) \(next.count == 1 ? "term" : "terms")):",
                    math: aligned([
                        delta + " &= " + slopeName + " \\sum_{m} W^{\(l + 1)}_{\(pair("m", k))}\\, \\delta^{\(l + 1)}_{m}",
                        "&= " + factor(d.slope) + " \\cdot \\left(" + shown.joined(separator: " + ") + "\\right)",
                        "&= " + factor(d.slope) + " \\cdot " + factor(sum),
                        "&= " + short(d.delta),
                    ])),
                slopeStep,
            ]
        case .outputSimplified(let loss, let y):
            return [Step(
                sentence: "At the output layer, with \(Markup.latexText(d.activation.rawValue)) and \(Markup.latexText(loss.rawValue)) the slope $\\sigma'$ cancels against $\\partial C / \\partial a$:",
                math: aligned([
                    delta + " &= a^{\(l)}_{\(k)} - y_{\(k)}",
                    "&= " + short(d.a) + " - " + factor(y),
                    "&= " + short(d.delta),
                ]))]
        case .outputSoftmax(let loss):
            return [Step(
                sentence: "At the output layer softmax mixes the outputs, so every output contributes (\(Markup.latexText(loss.rawValue))):",
                math: aligned([
                    delta + " &= \\sum_{i} \\frac{\\partial C}{\\partial a^{\(l)}_{i}} \\frac{\\partial a^{\(l)}_{i}}{\\partial z^{\(l)}_{\(k)}}",
                    "&= " + short(d.delta),
                ]))]
        case .output(let loss, let y, let count, let gradient):
            let costSlope = "\\frac{\\partial C}{\\partial a^{\(l)}_{\(k)}}"
            let a = short(d.a), target = factor(y)
            let formula: (symbols: String, numbers: String)
            switch loss {
            case .squaredError:
                formula = ("a^{\(l)}_{\(k)} - y_{\(k)}", a + " - " + target)
            case .meanSquaredError:
                formula = ("\\frac{2\\,(a^{\(l)}_{\(k)} - y_{\(k)})}{n_{\(l)}}", "\\frac{2\\,(" + a + " - " + target + ")}{\(count)}")
            case .crossEntropy:
                formula = ("-\\frac{y_{\(k)}}{a^{\(l)}_{\(k)}} + \\frac{1 - y_{\(k)}}{1 - a^{\(l)}_{\(k)}}",
                           "-\\frac{" + short(y) + "}{" + a + "} + \\frac{1 - " + target + "}{1 - " + a + "}")
            case .categoricalCrossEntropy:
                formula = ("-\\frac{y_{\(k)}}{a^{\(l)}_{\(k)}}", "-\\frac{" + short(y) + "}{" + a + "}")
            }
            return [
                Step(
                    sentence: "At the output layer $L = \(l)$ the delta is the slope of the cost times the slope of the activation:",
                    math: aligned([
                        delta + " &= " + costSlope + "\\, " + slopeName,
                        "&= " + factor(gradient) + " \\cdot " + factor(d.slope),
                        "&= " + short(d.delta),
                    ])),
                Step(
                    sentence: "The slope of the cost (\(Markup.latexText(loss.rawValue)), $" + costFormula(loss, layer: l) + "$) for output $k = \(k)$ with target $y_{\(k)}$:",
                    math: costSlope + " = " + formula.symbols + " = " + formula.numbers + " = " + short(gradient)),
                slopeStep,
            ]
        }
    }

    /// The symbolic delta of one sample s of a batch.
    static func sampleDeltaFormula(layer l: Int, k: Int, output: Bool, activation: Activation, loss: Loss) -> String {
        let delta = "\\delta^{\(l)}_{s,\(k)}"
        guard output else {
            return delta + " = \\sigma'(z^{\(l)}_{s,\(k)}) \\sum_{m} W^{\(l + 1)}_{\(pair("m", k))}\\, \\delta^{\(l + 1)}_{s,m}"
        }
        switch (activation, loss) {
        case (.sigmoid, .crossEntropy), (.softmax, .categoricalCrossEntropy):
            return delta + " = a^{\(l)}_{s,\(k)} - y_{s,\(k)}"
        case (.softmax, _):
            return delta + " = \\sum_{i} \\frac{\\partial C}{\\partial a^{\(l)}_{s,i}} \\frac{\\partial a^{\(l)}_{s,i}}{\\partial z^{\(l)}_{s,\(k)}}"
        default:
            return delta + " = \\frac{\\partial C}{\\partial a^{\(l)}_{s,\(k)}}\\, \\sigma'(z^{\(l)}_{s,\(k)})"
        }
    }

    // MARK: - Notation

    /// `\frac{\partial C}{\partial W^{l}_{kj}}` or `\frac{\partial C}{\partial b^{l}_{k}}`.
    static func parameter(_ e: Explanation) -> String {
        guard let j = e.j else { return "\\frac{\\partial C}{\\partial b^{\(e.layer)}_{\(e.k)}}" }
        return "\\frac{\\partial C}{\\partial W^{\(e.layer)}_{\(pair(String(e.k), j))}}"
    }

    /// Two subscripts side by side (`kj`, `01`), with a comma when one has more than one character.
    static func pair(_ first: String, _ second: Int) -> String {
        first.count == 1 && second >= 0 && second < 10 ? "\(first)\(second)" : "\(first),\(second)"
    }

    /// Lines joined in an `aligned` environment (a single line is returned as it is, without `&`).
    static func aligned(_ lines: [String]) -> String {
        guard lines.count > 1 else { return lines.first.map { $0.replacingAmpersands() } ?? "" }
        return "\\begin{aligned}\n" + lines.joined(separator: " \\\\\n") + "\n\\end{aligned}"
    }

    /// σ'(z) of an activation, named.
    static func derivativeFormula(_ activation: Activation) -> String {
        switch activation {
        case .sigmoid: return "\\sigma(z)(1-\\sigma(z)) \\quad \\text{(sigmoid)}"
        case .tanh: return "1-\\mathrm{tanh}(z)^{2} \\quad \\text{(tanh)}"
        case .relu: return "1 \\text{ for } z > 0 \\text{, else } 0 \\quad \\text{(relu)}"
        case .leakyRelu: return "1 \\text{ for } z > 0 \\text{, else } " + short(Activation.leakySlope) + " \\quad \\text{(leakyRelu)}"
        case .linear: return "1 \\quad \\text{(linear)}"
        case .softmax: return "0 \\quad \\text{(softmax belongs to the output layer)}"
        }
    }

    /// The cost C of one sample, for the sentence naming the loss.
    static func costFormula(_ loss: Loss, layer l: Int) -> String {
        switch loss {
        case .squaredError: return "C = \\frac{1}{2}\\sum_{k} (a^{\(l)}_{k} - y_{k})^{2}"
        case .meanSquaredError: return "C = \\frac{1}{n_{\(l)}}\\sum_{k} (a^{\(l)}_{k} - y_{k})^{2}"
        case .crossEntropy: return "C = -\\sum_{k} \\left(y_{k} \\mathrm{ln}\\, a^{\(l)}_{k} + (1 - y_{k}) \\mathrm{ln}(1 - a^{\(l)}_{k})\\right)"
        case .categoricalCrossEntropy: return "C = -\\sum_{k} y_{k} \\mathrm{ln}\\, a^{\(l)}_{k}"
        }
    }

    // MARK: - Numbers

    /// A number to 4 significant digits as LaTeX: `0.1385`, `1.5 \times 10^{-7}`.
    static func short(_ x: Double) -> String { latexNumber(NumberFormat.short(x)) }

    /// A number at full precision as LaTeX: `0.0004385677344743537`, `4.2 \times 10^{-5}`.
    static func full(_ x: Double) -> String { latexNumber(NumberFormat.full(x)) }

    /// A short number as a factor of a product: negative numbers in parentheses.
    static func factor(_ x: Double) -> String { x < 0 ? "(" + short(x) + ")" : short(x) }

    /// `1.5e-7` → `1.5 \times 10^{-7}`; `nan`, `inf` as text; other numbers unchanged.
    static func latexNumber(_ text: String) -> String {
        let lower = text.lowercased()
        if lower.contains("nan") || lower.contains("inf") { return "\\text{" + Markup.latexText(text) + "}" }
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let mantissa = String(text[..<e])
        var exponent = String(text[text.index(after: e)...])
        if exponent.hasPrefix("+") { exponent.removeFirst() }
        let negative = exponent.hasPrefix("-")
        if negative { exponent.removeFirst() }
        while exponent.count > 1 && exponent.hasPrefix("0") { exponent.removeFirst() }
        return mantissa + " \\times 10^{" + (negative ? "-" : "") + exponent + "}"
    }
}

extension String {
    /// The text with alignment `&`s removed (for a line shown outside `aligned`).
    fileprivate func replacingAmpersands() -> String {
        String(filter { $0 != "&" })
    }
}
