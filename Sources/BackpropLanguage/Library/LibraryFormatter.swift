#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NeuralNet

/// The text forms of library values: a one-line `print` form and the `text/plain` display.
///
/// Every function here is pure (value in, text out). Tables use ``ValueFormatter/cell(_:)``
/// for numbers and summarise beyond ``ValueFormatter/summaryThreshold`` rows, columns or
/// layers, so no table shows more than 40 of any.
enum LibraryFormatter {
    // MARK: - Entry points

    /// A character grid under a title, with a y axis labelled at its top and bottom rows and an
    /// x axis line below; returns the lines and the width of the y labels (to align x labels).
    private static func framed(_ title: String, _ grid: [[Character]], top: String, bottom: String, width: Int) -> ([String], Int) {
        let labelWidth = Swift.max(top.count, bottom.count)
        var lines = [title]
        for (r, row) in grid.enumerated() {
            let edge = r == 0 || r == grid.count - 1
            let label = r == 0 ? top : r == grid.count - 1 ? bottom : ""
            lines.append(padLeft(label, labelWidth) + " " + (edge ? "┤" : "│") + String(row))
        }
        lines.append(String(repeating: " ", count: labelWidth + 1) + "└" + String(repeating: "─", count: width))
        return (lines, labelWidth)
    }

    /// The `print` form of a network: its shape and size on one line.
    static func printed(_ network: Network) -> String {
        "Network(\(sizesText(network.sizes)), \(plural(network.parameterCount, "parameter")))"
    }

    /// The `print` form of a library object: one line saying what it is.
    static func printed(_ object: LibraryObject) -> String {
        switch object.kind {
        case .layer(let layer):
            return layerLine(layer)
        case .dataset(let data):
            return datasetLine(data)
        case .split(let train, let test):
            return "DatasetSplit(train: \(plural(train.count, "sample")), test: \(plural(test.count, "sample")))"
        case .pass(let pass, _):
            return "ForwardPass(\(plural(pass.sampleCount, "sample")), \(sizesText(sizes(of: pass))))"
        case .gradients(let gradients, _):
            return "Gradients(loss: \(gradients.loss), \(plural(gradients.pass.sampleCount, "sample")))"
        case .step(let report, _):
            return "StepReport(loss: \(report.loss), learningRate: \(report.learningRate))"
        case .history(let history):
            return historyLine(history)
        case .check(let check):
            var text = "GradientCheck(\(plural(check.entries.count, "parameter")), max relative error \(check.maxRelativeError), \(check.passed ? "passed" : "FAILED")"
            if check.interrupted { text += ", interrupted" }
            return text + ")"
        case .layers(let list):
            guard !list.values.isEmpty else { return "\(object.typeName)(\(list.name), no layers)" }
            return "\(object.typeName)(\(list.name), layers \(list.first)…\(list.last))"
        case .plot(let plot):
            return plotLine(plot)
        case .explanation(let explanation):
            let value = explanationValue(explanation).map { " = \($0)" } ?? ""
            return "Explanation(\(parameterName(explanation))\(value))"
        }
    }

    /// The `text/plain` display of a network: a header and a table of its layers.
    static func plainText(_ network: Network) -> String {
        var lines = ["Network: \(arrowSizes(network.sizes)), \(plural(network.parameterCount, "parameter"))"]
        var rows: [[String]] = [["layer", "nodes", "activation", "weights", "biases", "parameters"]]
        rows.append(["0", "\(network.inputCount)", "input"])
        for l in shownLayers(network.layerCount) {
            guard let l else {
                rows.append(["⋮", "⋮", "⋮", "⋮", "⋮", "⋮"])
                continue
            }
            let layer = network.layers[l - 1]
            let weightCount = layer.weights.rows * layer.weights.columns
            rows.append([
                "\(l)", "\(layer.units)", layer.activation.rawValue, "\(weightCount)",
                layer.useBias ? "\(layer.units)" : "none", "\(layer.parameterCount)",
            ])
        }
        lines += layout(rows, left: [2])
        return lines.joined(separator: "\n")
    }

    /// The `text/plain` display of a library object: its numbers as aligned tables, or a
    /// character picture for plots.
    static func plainText(_ object: LibraryObject) -> String {
        switch object.kind {
        case .layer(let layer): return layerText(layer)
        case .dataset(let data): return datasetText(data)
        case .split(let train, let test):
            return [printed(object), "train: " + datasetLine(train), "test: " + datasetLine(test)].joined(separator: "\n")
        case .pass(let pass, let single): return passText(pass, single: single)
        case .gradients(let gradients, let single): return gradientsText(gradients, single: single)
        case .step(let report, let single): return stepText(report, single: single)
        case .history(let history): return historyText(history)
        case .check(let check): return checkText(check)
        case .layers(let list): return layerListText(list, line: printed(object))
        case .plot(.history(let history, let logScale)): return lossChart(history, logScale: logScale)
        case .plot(.decisionBoundary(let network, let data)): return decisionBoundary(network, data)
        case .plot(.diagram(let network, let values)): return diagram(network, values: values)
        case .explanation(let explanation): return explanationText(explanation)
        }
    }

    // MARK: - Layers and datasets

    static func layerLine(_ layer: Dense) -> String {
        "Dense(\(layer.units), activation: .\(layer.activation.rawValue)\(layer.useBias ? "" : ", useBias: false"))"
    }

    /// A layer's one-liner, with its weights and biases when it belongs to a network.
    static func layerText(_ layer: Dense) -> String {
        guard layer.weights.rows > 0, layer.weights.columns > 0 else { return layerLine(layer) }
        var sections = [layerLine(layer), ValueFormatter.matrixTable(layer.weights, title: "W")]
        if layer.useBias { sections.append(ValueFormatter.vectorTable(layer.biases, title: "b")) }
        return sections.joined(separator: "\n\n")
    }

    static func datasetLine(_ data: Dataset) -> String {
        "Dataset(\(plural(data.count, "sample")), \(plural(data.inputs.columns, "input")), \(plural(data.targets.columns, "target")))"
    }

    /// How many samples a dataset's display lists.
    static let datasetPreviewCount = 10

    /// The one-liner and the first samples: inputs x0 x1 … then targets y0 ….
    static func datasetText(_ data: Dataset) -> String {
        let inputColumns = ValueFormatter.shownIndices(data.inputs.columns)
        let targetColumns = ValueFormatter.shownIndices(data.targets.columns)
        var header = ["sample"]
        header += inputColumns.map { $0.map { "x\($0)" } ?? "…" }
        header.append("|")
        header += targetColumns.map { $0.map { "y\($0)" } ?? "…" }
        var rows = [header]
        let shown = Swift.min(data.count, datasetPreviewCount)
        let inputs = data.inputs.elements, targets = data.targets.elements
        for sample in 0..<shown {
            var row = ["\(sample)"]
            row += inputColumns.map { $0.map { ValueFormatter.cell(inputs[sample * data.inputs.columns + $0]) } ?? "…" }
            row.append("|")
            row += targetColumns.map { $0.map { ValueFormatter.cell(targets[sample * data.targets.columns + $0]) } ?? "…" }
            rows.append(row)
        }
        var lines = [datasetLine(data)] + layout(rows)
        if data.count > shown { lines.append("… \(data.count - shown) more") }
        return lines.joined(separator: "\n")
    }

    // MARK: - Forward pass

    /// [n_0, n_1, …, n_L] as the pass's matrices show them.
    static func sizes(of pass: ForwardPass) -> [Int] {
        var result = [pass.input.columns]
        for l in stride(from: 1, through: pass.layerCount, by: 1) {
            if let a = try? pass.a(l) { result.append(a.columns) }
        }
        return result
    }

    /// a^0 = x, then z^l and a^l for every layer: a column table per layer for one sample,
    /// sample × node matrices for a batch.
    static func passText(_ pass: ForwardPass, single: Bool) -> String {
        var sections = [printed(LibraryObject(.pass(pass, single: single)))]
        let one = single && pass.sampleCount == 1
        if one {
            sections.append("layer 0 (input)\n" + columns(["a^0_k"], [firstRow(pass.input)]))
        } else {
            sections.append("layer 0 (input)\n" + batchTable(pass.input, title: "a^0"))
        }
        for l in shownLayers(pass.layerCount) {
            guard let l else {
                sections.append(layerGap(pass.layerCount))
                continue
            }
            guard let z = try? pass.z(l), let a = try? pass.a(l) else { continue }
            let title = "layer \(l) (\(activationName(pass.activations, l)))"
            if one {
                sections.append(title + "\n" + columns(["z^\(l)_k", "a^\(l)_k"], [firstRow(z), firstRow(a)]))
            } else {
                sections.append(title + "\n" + batchTable(z, title: "z^\(l)"))
                sections.append(batchTable(a, title: "a^\(l)"))
            }
        }
        return sections.joined(separator: "\n\n")
    }

    // MARK: - Gradients

    /// The loss, then δ^l, ∂C/∂W^l and ∂C/∂b^l from the output layer L down to layer 1.
    static func gradientsText(_ gradients: Gradients, single: Bool) -> String {
        let count = gradients.pass.sampleCount
        let one = single && count == 1
        var sections = ["loss C = \(gradients.loss) (\(gradients.lossFunction.rawValue), \(count == 1 ? "1 sample" : "mean over \(count) samples"))"]
        for l in shownLayers(gradients.layerCount).reversed() {
            guard let l else {
                sections.append(layerGap(gradients.layerCount))
                continue
            }
            guard let delta = try? gradients.delta(l), let dW = try? gradients.dW(l), let db = try? gradients.db(l) else { continue }
            sections.append(one ? ValueFormatter.vectorTable(Vector(firstRow(delta)), title: "δ^\(l)") : batchTable(delta, title: "δ^\(l)"))
            sections.append(ValueFormatter.matrixTable(dW, title: "∂C/∂W^\(l)"))
            sections.append(ValueFormatter.vectorTable(db, title: "∂C/∂b^\(l)"))
        }
        return sections.joined(separator: "\n\n")
    }

    // MARK: - Step

    /// The loss before the step and η, then per layer W^l before, ΔW^l and W^l after
    /// (and the biases likewise when they were updated).
    static func stepText(_ report: StepReport, single: Bool) -> String {
        let count = report.gradients.pass.sampleCount
        var header = "StepReport: loss C = \(report.loss) before the step, η = \(report.learningRate) (\(report.gradients.lossFunction.rawValue), \(count == 1 ? "1 sample" : "mean over \(count) samples"))"
        if !report.updatedBiases { header += "\nbiases not updated (updateBiases: false)" }
        var sections = [header]
        for l in shownLayers(report.layerCount) {
            guard let l else {
                sections.append(layerGap(report.layerCount))
                continue
            }
            guard let before = try? report.before(l), let change = try? report.change(l), let after = try? report.after(l) else { continue }
            sections.append(remark(ValueFormatter.matrixTable(before, title: "W^\(l)"), "before the step"))
            sections.append(remark(ValueFormatter.matrixTable(change, title: "ΔW^\(l)"), "= −η ∂C/∂W^\(l)"))
            sections.append(remark(ValueFormatter.matrixTable(after, title: "W^\(l)"), "after the step"))
            guard report.updatedBiases, let bBefore = try? report.biasBefore(l), let bChange = try? report.biasChange(l), let bAfter = try? report.biasAfter(l) else { continue }
            sections.append(remark(ValueFormatter.vectorTable(bBefore, title: "b^\(l)"), "before the step"))
            sections.append(remark(ValueFormatter.vectorTable(bChange, title: "Δb^\(l)"), "= −η ∂C/∂b^\(l)"))
            sections.append(remark(ValueFormatter.vectorTable(bAfter, title: "b^\(l)"), "after the step"))
        }
        return sections.joined(separator: "\n\n")
    }

    // MARK: - History

    static func historyLine(_ history: History) -> String {
        var text = "History(\(history.completedEpochs) of \(plural(history.options.epochs, "epoch"))"
        if let loss = history.loss.last { text += ", loss \(loss)" }
        if history.interrupted { text += ", interrupted" }
        return text + ")"
    }

    /// The most epochs a history's table lists.
    static let historyRows = 11

    /// The epochs a history's table lists (0-based): all, or the first and then every tenth
    /// of the run up to the last (for 2000 epochs: 1, 200, 400, …, 2000).
    static func sampledEpochs(_ count: Int) -> [Int] {
        guard count > historyRows else { return Array(0..<count) }
        var result = [0]
        for step in 1..<historyRows {
            let epoch = Int((Double(step) * Double(count) / Double(historyRows - 1)).rounded())
            let index = Swift.min(count, Swift.max(1, epoch)) - 1
            if let last = result.last, index > last { result.append(index) }
        }
        return result
    }

    /// A summary (epochs, final loss and accuracy, the settings), then loss and accuracy at
    /// up to 11 evenly spaced epochs.
    static func historyText(_ history: History) -> String {
        var summary = "History: \(history.completedEpochs) of \(plural(history.options.epochs, "epoch"))"
        if let loss = history.loss.last { summary += ", final loss \(loss)" }
        if let accuracy = history.accuracy.last { summary += ", accuracy \(percent(accuracy))" }
        if history.interrupted { summary += ", interrupted" }
        let options = history.options
        var lines = [summary]
        if history.interrupted { lines.append("interrupted: " + history.progressDescription) }
        lines.append(
            "η = \(options.learningRate), batch size \(options.batchSize), \(options.loss.rawValue), \(options.optimizer.description)"
                + (options.l2 > 0 ? ", l2 \(options.l2)" : "")
                + "; \(plural(history.sampleCount, "sample")), \(plural(history.stepsPerEpoch, "step")) per epoch")
        guard history.completedEpochs > 0 else {
            lines.append("no epoch finished")
            return lines.joined(separator: "\n")
        }
        var rows = [["epoch", "loss", "accuracy"]]
        for index in sampledEpochs(history.completedEpochs) {
            let accuracy = index < history.accuracy.count ? percent(history.accuracy[index]) : ""
            rows.append(["\(index + 1)", ValueFormatter.cell(history.loss[index]), accuracy])
        }
        lines += layout(rows)
        return lines.joined(separator: "\n")
    }

    // MARK: - Gradient check

    /// A summary, then one row per parameter: analytic and numeric ∂C/∂w, relative error, ok/FAIL.
    static func checkText(_ check: GradientCheck) -> String {
        var summary = "GradientCheck: \(plural(check.entries.count, "parameter")) compared, max relative error \(check.maxRelativeError), threshold \(check.threshold): \(check.passed ? "passed" : "FAILED")"
        if check.interrupted { summary += ", interrupted before every parameter was compared" }
        var lines = [summary, "ε = \(check.epsilon); W^l[k,j] is the weight into node k of layer l from node j of layer l−1"]
        guard !check.entries.isEmpty else { return lines.joined(separator: "\n") }
        var rows = [["parameter", "analytic", "numeric", "relative error", ""]]
        for index in ValueFormatter.shownIndices(check.entries.count) {
            guard let index else {
                rows.append(["⋮", "⋮", "⋮", "⋮", ""])
                continue
            }
            let entry = check.entries[index]
            let name = entry.isBias ? "b^\(entry.layer)[\(entry.k)]" : "W^\(entry.layer)[\(entry.k),\(entry.j)]"
            rows.append([
                name, ValueFormatter.cell(entry.analytic), ValueFormatter.cell(entry.numeric),
                ValueFormatter.cell(entry.relativeError), entry.relativeError <= check.threshold ? "ok" : "FAIL",
            ])
        }
        lines += layout(rows, left: [0, 4])
        return lines.joined(separator: "\n")
    }

    // MARK: - Layer lists

    /// Each entry as a table titled with the list's symbol and layer number: `W^1`, `δ^2`.
    static func layerListText(_ list: LayerList, line: String) -> String {
        var sections = [line]
        // Weight-like lists are n_l × n_(l−1) (rows k, columns j); traces such as z, a and δ are
        // one row per sample (rows s, columns k).
        let weightLike = list.symbol.contains("W")
        for index in ValueFormatter.shownIndices(list.values.count) {
            guard let index else {
                sections.append("⋮ layers \(list.first + ValueFormatter.summaryEdge)…\(list.last - ValueFormatter.summaryEdge) not shown")
                continue
            }
            let title = "\(list.symbol)^\(list.first + index)"
            switch list.values[index] {
            case .matrix(let matrix):
                sections.append(weightLike ? ValueFormatter.matrixTable(matrix, title: title) : batchTable(matrix, title: title))
            case .vector(let vector):
                sections.append(ValueFormatter.vectorTable(vector, title: title))
            case let value:
                sections.append(title + " = " + ValueFormatter.plainText(value))
            }
        }
        return sections.joined(separator: "\n\n")
    }

    // MARK: - Explanations

    /// `∂C/∂W^2_01` or `∂C/∂b^2_0` (indices joined by a comma when one has two digits).
    static func parameterName(_ e: Explanation) -> String {
        guard let j = e.j else { return "∂C/∂b^\(e.layer)_\(e.k)" }
        return "∂C/∂W^\(e.layer)_\(e.k < 10 && j < 10 ? "\(e.k)\(j)" : "\(e.k),\(j)")"
    }

    /// The gradient the explanation arrives at, from the backward pass.
    static func explanationValue(_ e: Explanation) -> Double? {
        if let j = e.j {
            guard let dW = try? e.gradients.dW(e.layer) else { return nil }
            return element(dW, e.k, j)
        }
        guard let db = try? e.gradients.db(e.layer), e.k >= 0, e.k < db.count else { return nil }
        return db.elements[e.k]
    }

    /// Element (row, column) of a matrix, or nil outside it.
    static func element(_ matrix: Matrix, _ row: Int, _ column: Int) -> Double? {
        guard row >= 0, row < matrix.rows, column >= 0, column < matrix.columns else { return nil }
        return matrix.elements[row * matrix.columns + column]
    }

    /// A number as a factor in a product: negative numbers in parentheses.
    static func factor(_ value: Double) -> String {
        value < 0 ? "(\(ValueFormatter.cell(value)))" : ValueFormatter.cell(value)
    }

    /// An equation over several lines: `lhs = first`, then `= next` aligned under the first `=`.
    static func equation(_ lhs: String, _ steps: [String]) -> [String] {
        let indent = String(repeating: " ", count: lhs.count)
        return steps.enumerated().map { index, step in (index == 0 ? lhs : indent) + " = " + step }
    }

    /// The chain rule for one weight or bias with the numbers of the pass: ∂C/∂W^l_kj =
    /// δ^l_k a^(l−1)_j (or ∂C/∂b^l_k = δ^l_k), then where δ^l_k comes from.
    static func explanationText(_ e: Explanation) -> String {
        let g = e.gradients, l = e.layer, k = e.k
        let name = parameterName(e)
        guard let value = explanationValue(e), let delta = try? g.delta(l) else {
            return "\(name): layer \(l) has no such parameter"
        }
        let m = g.pass.sampleCount
        var lines: [String] = []
        if let j = e.j {
            guard let previous = try? g.pass.a(l - 1) else { return "\(name): layer \(l) has no such parameter" }
            if m == 1 {
                let d = element(delta, 0, k) ?? .nan, a = element(previous, 0, j) ?? .nan
                lines += equation(name, ["δ^\(l)_\(k) · a^\(l - 1)_\(j)", "\(factor(d)) · \(factor(a))", ValueFormatter.cell(value)])
            } else {
                var steps = ["(1/\(m)) Σ_s δ^\(l)_s\(k) · a^\(l - 1)_s\(j)   (the mean over \(m) samples s)"]
                if m <= 8 {
                    let terms = (0..<m).map { s in "\(factor(element(delta, s, k) ?? .nan)) · \(factor(element(previous, s, j) ?? .nan))" }
                    steps.append("(1/\(m)) (" + terms.joined(separator: " + ") + ")")
                }
                steps.append(ValueFormatter.cell(value))
                lines += equation(name, steps)
            }
        } else if m == 1 {
            lines += equation(name, ["δ^\(l)_\(k)", ValueFormatter.cell(value)])
        } else {
            lines += equation(name, ["(1/\(m)) Σ_s δ^\(l)_s\(k)   (the mean over \(m) samples s)", ValueFormatter.cell(value)])
        }
        if m == 1 {
            lines.append("")
            lines += deltaExplanation(g, layer: l, k: k)
        } else {
            lines.append("δ^\(l) has one row per sample: see delta[\(l)]")
        }
        return lines.joined(separator: "\n")
    }

    /// Where δ^l_k of a single-sample pass comes from: the output rule for l = L, the
    /// backward recursion from layer l + 1 otherwise.
    static func deltaExplanation(_ g: Gradients, layer l: Int, k: Int) -> [String] {
        guard let terms = deltaTerms(g, layer: l, k: k) else { return [] }
        let activation = terms.activation, z = terms.z, a = terms.a, delta = terms.delta
        let lhs = "δ^\(l)_\(k)"
        let slope = "σ'(z^\(l)_\(k)) = \(activation.rawValue)'(\(ValueFormatter.cell(z))) = \(ValueFormatter.cell(terms.slope))"
        switch terms.rule {
        case .hidden(let next, let sum):
            let nodes = next.count
            let terms = next.map { "\(factor($0.weight)) · \(factor($0.delta))" }
            let sumText = nodes <= diagramNodes ? terms.joined(separator: " + ") : "Σ over \(nodes) nodes m = \(ValueFormatter.cell(sum))"
            return equation(lhs, [
                "(Σ_m W^\(l + 1)_m\(k) δ^\(l + 1)_m) · σ'(z^\(l)_\(k))   (from layer \(l + 1), where m runs over its nodes)",
                "(\(sumText)) · \(factor(activation.derivative(z)))",
                ValueFormatter.cell(delta),
            ]) + ["  " + slope]
        case .outputSimplified(let loss, let y):
            return equation(lhs, [
                "a^\(l)_\(k) − y_\(k)   (output layer: \(activation.rawValue) with \(loss.rawValue), σ' cancels)",
                "\(factor(a)) − \(factor(y))", ValueFormatter.cell(delta),
            ])
        case .outputSoftmax:
            return equation(lhs, [
                "Σ_i ∂C/∂a^\(l)_i · ∂a^\(l)_i/∂z^\(l)_\(k)   (output layer: softmax mixes the outputs)",
                ValueFormatter.cell(delta),
            ])
        case .output(let loss, let y, let n, let gradient):
            let text: (formula: String, numbers: String)
            switch loss {
            case .squaredError:
                text = ("a^\(l)_\(k) − y_\(k)", "\(factor(a)) − \(factor(y))")
            case .meanSquaredError:
                text = ("2 (a^\(l)_\(k) − y_\(k)) / n_\(l)", "2 · (\(factor(a)) − \(factor(y))) / \(n)")
            case .crossEntropy:
                text = ("−y_\(k) / a^\(l)_\(k) + (1 − y_\(k)) / (1 − a^\(l)_\(k))", "−\(factor(y)) / \(factor(a)) + (1 − \(factor(y))) / (1 − \(factor(a)))")
            case .categoricalCrossEntropy:
                text = ("−y_\(k) / a^\(l)_\(k)", "−\(factor(y)) / \(factor(a))")
            }
            return equation(lhs, [
                "∂C/∂a^\(l)_\(k) · σ'(z^\(l)_\(k))   (output layer, \(loss.rawValue))",
                "\(factor(gradient)) · \(factor(terms.slope))",
                ValueFormatter.cell(delta),
            ]) + [
                "  ∂C/∂a^\(l)_\(k) = \(text.formula) = \(text.numbers) = \(ValueFormatter.cell(gradient))",
                "  " + slope,
            ]
        }
    }

    /// The numbers behind δ^l_k of the first sample of a pass, for ``deltaExplanation(_:layer:k:)``
    /// and ``Explanation/terms``: nil when the layer or node does not exist.
    static func deltaTerms(_ g: Gradients, layer l: Int, k: Int) -> Explanation.DeltaTerms? {
        let pass = g.pass, count = g.layerCount
        guard let deltas = try? g.delta(l), let zs = try? pass.z(l), let outputs = try? pass.a(l),
            let delta = element(deltas, 0, k), let z = element(zs, 0, k), let a = element(outputs, 0, k)
        else { return nil }
        let activation = l >= 1 && l <= pass.activations.count ? pass.activations[l - 1] : .linear
        let rule: Explanation.DeltaRule
        if l < count {
            guard l < g.weights.count, let nextDeltas = try? g.delta(l + 1) else { return nil }
            let weights = g.weights[l]
            var sum = 0.0
            var next: [Explanation.NextTerm] = []
            for i in 0..<nextDeltas.columns {
                let w = element(weights, i, k) ?? .nan, d = element(nextDeltas, 0, i) ?? .nan
                sum += w * d
                next.append(Explanation.NextTerm(weight: w, delta: d))
            }
            rule = .hidden(next: next, sum: sum)
        } else {
            let y = element(g.target, 0, k) ?? .nan
            let loss = g.lossFunction
            switch (activation, loss) {
            case (.sigmoid, .crossEntropy), (.softmax, .categoricalCrossEntropy):
                rule = .outputSimplified(loss: loss, y: y)
            case (.softmax, _):
                rule = .outputSoftmax(loss: loss)
            default:
                let n = outputs.columns
                let gradient: Double
                switch loss {
                case .squaredError: gradient = a - y
                case .meanSquaredError: gradient = 2 * (a - y) / Double(n)
                case .crossEntropy: gradient = -y / a + (1 - y) / (1 - a)
                case .categoricalCrossEntropy: gradient = -y / a
                }
                rule = .output(loss: loss, y: y, outputCount: n, lossGradient: gradient)
            }
        }
        return Explanation.DeltaTerms(delta: delta, activation: activation, z: z, a: a,
                                      slope: activation.derivative(z), rule: rule)
    }

    // MARK: - Plots

    static func plotLine(_ plot: Plot) -> String {
        switch plot {
        case .history(let history, let logScale):
            return "Plot(loss curve\(logScale ? " on a log scale" : ""), \(plural(history.completedEpochs, "epoch")))"
        case .decisionBoundary(let network, let data):
            return "Plot(decision boundary, \(sizesText(network.sizes)) on \(plural(data.count, "sample")))"
        case .diagram(let network, let values):
            return "Plot(diagram\(values.map { " with " + $0.symbol + " values" } ?? ""), \(sizesText(network.sizes)))"
        }
    }

    /// The loss chart's plotting area: columns and rows.
    static let chartWidth = 60
    static let chartHeight = 12

    /// An ASCII line chart of the loss per epoch, with the y axis from the smallest to the
    /// largest loss (their log10 with `logScale`, where losses ≤ 0 are left out) and the x axis
    /// from epoch 1 to the last.
    static func lossChart(_ history: History, logScale: Bool = false) -> String {
        let title = logScale ? "loss per epoch (log scale)" : "loss per epoch"
        let losses = logScale ? history.loss.map { $0 > 0 ? log10($0) : .nan } : history.loss
        let axisLabel: (Double) -> String = { ValueFormatter.significant(logScale ? pow(10, $0) : $0, digits: 4) }
        let finite = losses.filter(\.isFinite)
        guard let smallest = finite.min(), let largest = finite.max() else {
            return title + ": " + (losses.isEmpty ? "no finished epoch to plot" : "no finite loss to plot")
        }
        var low = smallest, high = largest
        if high - low <= 0 {
            let spread = low == 0 ? 1 : Swift.abs(low) * 0.1
            low -= spread
            high += spread
        }
        let width = chartWidth, height = chartHeight
        func row(_ value: Double) -> Int {
            cellIndex((high - value) / (high - low) * Double(height - 1), count: height, rounded: true)
        }
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        var previous: (top: Int, bottom: Int)?
        let count = losses.count
        for column in 0..<width {
            var values: [Double] = []
            if count <= width {
                // Fewer epochs than columns: interpolate between neighbouring epochs.
                let position = count == 1 ? 0 : Double(column) * Double(count - 1) / Double(width - 1)
                let lower = Int(position), upper = Swift.min(lower + 1, count - 1)
                let fraction = position - Double(lower)
                values = [losses[lower] + (losses[upper] - losses[lower]) * fraction]
            } else {
                // More epochs than columns: each column spans a bucket of epochs.
                let start = column * count / width, end = Swift.max(start + 1, (column + 1) * count / width)
                values = Array(losses[start..<end])
            }
            let rows = values.filter(\.isFinite).map(row)
            guard var top = rows.min(), var bottom = rows.max() else {
                previous = nil
                continue
            }
            if let previous {
                // Join to the previous column so the curve reads as a line.
                if top > previous.bottom + 1 { top = previous.bottom + 1 }
                if bottom < previous.top - 1 { bottom = previous.top - 1 }
            }
            for r in top...bottom { grid[r][column] = "*" }
            previous = (top, bottom)
        }
        var (lines, labelWidth) = framed(
            title, grid, top: axisLabel(high), bottom: axisLabel(low), width: width)
        let first = "1", last = "\(count)"
        var axisLabels = first
        if count > 1 {
            axisLabels += String(repeating: " ", count: Swift.max(1, width - first.count - last.count)) + last
        }
        lines.append(String(repeating: " ", count: labelWidth + 2) + axisLabels)
        lines.append(String(repeating: " ", count: labelWidth + 2 + (width - 5) / 2) + "epoch")
        var footer = "final loss \(ValueFormatter.cell(history.loss[count - 1]))"
        if let accuracy = history.accuracy.last { footer += ", accuracy \(percent(accuracy))" }
        footer += " after \(count) of \(plural(history.options.epochs, "epoch"))"
        if history.interrupted { footer += " (interrupted)" }
        lines.append(footer)
        return lines.map(trimmingTrailingSpaces).joined(separator: "\n")
    }

    /// The decision grid's columns and rows.
    static let boundaryWidth = 48
    static let boundaryHeight = 20

    /// The class a row of outputs or targets stands for: ≥ 0.5 for one column, else the
    /// largest column; nil when a value is NaN.
    static func classIndex(_ values: ArraySlice<Double>) -> Int? {
        guard let first = values.first, !values.contains(where: \.isNaN) else { return nil }
        if values.count == 1 { return first >= 0.5 ? 1 : 0 }
        var best = values.startIndex
        for index in values.indices where values[index] > values[best] { best = index }
        return best - values.startIndex
    }

    /// The network's predicted class over the plane of the data's two inputs, with the
    /// samples drawn on top.
    static func decisionBoundary(_ network: Network, _ data: Dataset) -> String {
        guard network.inputCount == 2 else {
            return "decisionBoundary draws the plane of 2 inputs, but the network takes \(plural(network.inputCount, "input"))"
        }
        guard data.inputs.columns == 2 else {
            return "decisionBoundary draws the plane of 2 inputs, but the data has \(plural(data.inputs.columns, "input"))"
        }
        let inputs = data.inputs.elements
        var low = (Double.infinity, Double.infinity), high = (-Double.infinity, -Double.infinity)
        for sample in 0..<data.count {
            let x0 = inputs[2 * sample], x1 = inputs[2 * sample + 1]
            guard x0.isFinite, x1.isFinite else { continue }
            low = (Swift.min(low.0, x0), Swift.min(low.1, x1))
            high = (Swift.max(high.0, x0), Swift.max(high.1, x1))
        }
        guard low.0 <= high.0, low.1 <= high.1 else {
            return "decisionBoundary needs samples with finite inputs to draw"
        }
        func padded(_ low: Double, _ high: Double) -> (Double, Double) {
            let span = high - low
            let pad = span > 0 ? span * 0.1 : Swift.max(Swift.abs(low) * 0.1, 0.5)
            return (low - pad, high + pad)
        }
        let (x0Low, x0High) = padded(low.0, high.0)
        let (x1Low, x1High) = padded(low.1, high.1)
        let width = boundaryWidth, height = boundaryHeight
        let dx = (x0High - x0Low) / Double(width), dy = (x1High - x1Low) / Double(height)
        guard dx.isFinite, dx > 0, dy.isFinite, dy > 0 else {
            return "decisionBoundary cannot draw inputs that span more than the range of Double"
        }
        var points = [Double](repeating: 0, count: 2 * width * height)
        for r in 0..<height {
            for c in 0..<width {
                points[2 * (r * width + c)] = x0Low + (Double(c) + 0.5) * dx
                points[2 * (r * width + c) + 1] = x1High - (Double(r) + 0.5) * dy
            }
        }
        let output: Matrix
        do {
            output = try network.predict(Matrix(rows: width * height, columns: 2, elements: points))
        } catch {
            return "decisionBoundary could not run the network over the plane: \(error)"
        }
        let outputs = output.columns
        let classCount = Swift.max(2, outputs, data.targets.columns)
        let binary = classCount <= 2
        func regionMark(_ index: Int?) -> Character {
            guard let index else { return "?" }
            if binary { return index == 0 ? "." : "#" }
            return index < 10 ? Character(String(index)) : "+"
        }
        func sampleMark(_ index: Int?) -> Character {
            guard let index else { return "?" }
            if binary { return index == 0 ? "o" : "x" }
            let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            return index < letters.count ? letters[index] : "*"
        }
        let predicted = output.elements
        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        for r in 0..<height {
            for c in 0..<width {
                let start = (r * width + c) * outputs
                grid[r][c] = regionMark(classIndex(predicted[start..<(start + outputs)]))
            }
        }
        let targets = data.targets.elements, targetColumns = data.targets.columns
        for sample in 0..<data.count {
            let x0 = inputs[2 * sample], x1 = inputs[2 * sample + 1]
            guard x0.isFinite, x1.isFinite else { continue }
            let c = cellIndex((x0 - x0Low) / dx, count: width, rounded: false)
            let r = cellIndex((x1High - x1) / dy, count: height, rounded: false)
            let start = sample * targetColumns
            grid[r][c] = sampleMark(classIndex(targets[start..<(start + targetColumns)]))
        }
        var header = "decision boundary of \(sizesText(network.sizes)) on \(plural(data.count, "sample")) (x0 across, x1 up)"
        if let accuracy = try? network.accuracy(data.inputs, target: data.targets) {
            header += ", accuracy \(percent(accuracy))"
        }
        var (lines, labelWidth) = framed(
            header, grid, top: ValueFormatter.significant(x1High, digits: 3), bottom: ValueFormatter.significant(x1Low, digits: 3), width: width)
        let left = ValueFormatter.significant(x0Low, digits: 3), right = ValueFormatter.significant(x0High, digits: 3)
        lines.append(
            String(repeating: " ", count: labelWidth + 2) + left
                + String(repeating: " ", count: Swift.max(1, width - left.count - right.count)) + right)
        lines.append(String(repeating: " ", count: labelWidth + 2 + (width - 2) / 2) + "x0")
        if binary {
            lines.append("legend: . predicted 0   # predicted 1   o sample with target 0   x sample with target 1")
        } else {
            let lastClass = classCount - 1
            lines.append("legend: 0…\(Swift.min(lastClass, 9)) predicted class\(lastClass >= 10 ? " (+ class 10 or more)" : "")   A…\(sampleMark(lastClass)) samples of class 0…\(lastClass)")
        }
        return lines.map(trimmingTrailingSpaces).joined(separator: "\n")
    }

    /// The most nodes a diagram draws in one layer, and lists the weights of.
    static let diagramNodes = 8

    /// The layers left to right with their nodes, then each small layer's incoming weights,
    /// then the node values if any (`δ^1 = [0.0088, 0.00995]`).
    static func diagram(_ network: Network, values: NodeValues?) -> String {
        let picture = diagram(network)
        guard let values else { return picture }
        var lines = [picture, "", "node values \(values.symbol)^l:"]
        for (l, layer) in values.layers.enumerated() where !layer.isEmpty {
            let shown = layer.count > diagramNodes ? Array(layer.prefix(diagramNodes)) : layer
            lines.append("  \(values.symbol)^\(l) = [" + shown.map(ValueFormatter.cell).joined(separator: ", ")
                + (layer.count > diagramNodes ? ", … (\(layer.count) in all)" : "") + "]")
        }
        return lines.joined(separator: "\n")
    }

    /// The layers left to right with their nodes, then each small layer's incoming weights.
    static func diagram(_ network: Network) -> String {
        var lines = ["Network: \(arrowSizes(network.sizes)), \(plural(network.parameterCount, "parameter"))"]
        // Columns: the input, then the layers (the middle left out when there are many).
        var columns: [(title: String, kind: String, nodes: Int)?] = [("layer 0", "input", network.inputCount)]
        let count = network.layerCount
        let shown: [Int?] = count > 10
            ? (1...4).map { Optional($0) } + [nil] + ((count - 3)...count).map { Optional($0) }
            : stride(from: 1, through: count, by: 1).map { Optional($0) }
        for l in shown {
            guard let l else {
                columns.append(nil)
                continue
            }
            let layer = network.layers[l - 1]
            columns.append(("layer \(l)", layer.activation.rawValue, layer.units))
        }
        let headers = columns.map { column -> [String] in
            guard let column else { return ["…", "", ""] }
            return [column.title, column.kind, plural(column.nodes, "node")]
        }
        let nodes = columns.map { column -> [String] in
            guard let column else { return [] }
            if column.nodes <= diagramNodes { return Array(repeating: "o", count: column.nodes) }
            return ["o", "o", "o", "⋮", "o", "(\(column.nodes))"]
        }
        let tallest = nodes.map(\.count).max() ?? 0
        let widths = zip(headers, nodes).map { ($0.map(\.count).max() ?? 0, $1.map(\.count).max() ?? 0) }.map { Swift.max($0, $1) + 2 }
        func line(_ cell: (Int) -> String, arrows: Bool) -> String {
            var text = ""
            for index in columns.indices {
                if index > 0 { text += arrows ? "→ " : "  " }
                text += centred(cell(index), widths[index])
            }
            return trimmingTrailingSpaces(text)
        }
        for r in 0..<3 { lines.append(line({ headers[$0][r] }, arrows: r == 0)) }
        lines.append("")
        for r in 0..<tallest {
            lines.append(line({ index in
                // Each layer's nodes are centred vertically against the tallest layer.
                let row = r - (tallest - nodes[index].count) / 2
                return row >= 0 && row < nodes[index].count ? nodes[index][row] : ""
            }, arrows: false))
        }
        for l in shownLayers(network.layerCount) {
            guard let l else {
                lines.append("")
                lines.append(layerGap(network.layerCount))
                continue
            }
            let layer = network.layers[l - 1]
            lines.append("")
            let formula = "z^\(l)_k = Σ_j W^\(l)_kj a^\(l - 1)_j" + (layer.useBias ? " + b^\(l)_k" : "")
            lines.append("layer \(l) (\(layer.activation.rawValue)): \(formula)")
            guard layer.units <= diagramNodes, layer.inputs <= diagramNodes else {
                lines.append("  W^\(l) is \(layer.weights.rows)×\(layer.weights.columns): too many nodes to list (see weights[\(l)])")
                continue
            }
            var rows: [[String]] = []
            let weights = layer.weights.elements, biases = layer.biases.elements
            for k in 0..<layer.units {
                var row = ["  k = \(k):"]
                for j in 0..<layer.inputs {
                    row.append("W^\(l)_\(k)\(j) = \(ValueFormatter.cell(weights[k * layer.inputs + j]))")
                }
                if layer.useBias, k < biases.count { row.append("b^\(l)_\(k) = \(ValueFormatter.cell(biases[k]))") }
                rows.append(row)
            }
            lines += layout(rows, left: Set(0..<(layer.inputs + 2)))
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Helpers

    /// A position along a grid axis as a cell index in 0..<count, rounded or truncated;
    /// positions outside the axis (or NaN) land on its nearest end.
    static func cellIndex(_ position: Double, count: Int, rounded: Bool) -> Int {
        let value = rounded ? position.rounded() : position.rounded(.down)
        guard value >= 0 else { return 0 }
        guard value < Double(count - 1) else { return count - 1 }
        return Int(value)
    }

    /// "1 sample", "4 samples".
    static func plural(_ count: Int, _ word: String) -> String {
        "\(count) \(word)\(count == 1 ? "" : "s")"
    }

    /// `2-3-1`.
    static func sizesText(_ sizes: [Int]) -> String {
        sizes.map(String.init).joined(separator: "-")
    }

    /// `2 inputs → 3 → 1`, the middle left out for very deep networks.
    static func arrowSizes(_ sizes: [Int]) -> String {
        guard let inputs = sizes.first else { return "" }
        let layers = Array(sizes.dropFirst())
        var parts = [plural(inputs, "input")]
        for index in ValueFormatter.shownIndices(layers.count) {
            parts.append(index.map { "\(layers[$0])" } ?? "…")
        }
        return parts.joined(separator: " → ")
    }

    /// A fraction as a percentage with up to 4 significant digits: `75%`, `66.67%`.
    static func percent(_ fraction: Double) -> String {
        ValueFormatter.significant(fraction * 100, digits: 4) + "%"
    }

    /// The layer numbers 1…count a display shows: all, or the first and last few with a gap (nil).
    static func shownLayers(_ count: Int) -> [Int?] {
        ValueFormatter.shownIndices(count).map { $0.map { $0 + 1 } }
    }

    /// The line standing for the layers a summarised display leaves out.
    static func layerGap(_ count: Int) -> String {
        "⋮ layers \(ValueFormatter.summaryEdge + 1)…\(count - ValueFormatter.summaryEdge) not shown"
    }

    static func activationName(_ activations: [Activation], _ l: Int) -> String {
        l >= 1 && l <= activations.count ? activations[l - 1].rawValue : "?"
    }

    /// The first row of a batch: the single sample's values.
    static func firstRow(_ matrix: Matrix) -> [Double] {
        Array(matrix.elements.prefix(matrix.columns))
    }

    /// A batch matrix: one row per sample s, one column per node k.
    static func batchTable(_ matrix: Matrix, title: String) -> String {
        ValueFormatter.matrixTable(matrix, title: title, rowName: "s", columnName: "k")
    }

    /// Vectors of equal length side by side, one row per node k, under the given headers.
    static func columns(_ headers: [String], _ values: [[Double]]) -> String {
        let count = values.map(\.count).min() ?? 0
        var rows = [[""] + headers]
        for index in ValueFormatter.shownIndices(count) {
            guard let index else {
                rows.append(["⋮"] + headers.map { _ in "⋮" })
                continue
            }
            rows.append(["k = \(index)"] + values.map { ValueFormatter.cell($0[index]) })
        }
        return layout(rows, left: [0]).joined(separator: "\n")
    }

    /// A table with words added to its title line.
    static func remark(_ table: String, _ words: String) -> String {
        guard let end = table.firstIndex(of: "\n") else { return table + " " + words }
        return String(table[..<end]) + " " + words + String(table[end...])
    }

    /// Rows of cells in aligned columns two spaces apart: right-aligned, except the columns in
    /// `left`; no line ends in spaces.
    static func layout(_ rows: [[String]], left: Set<Int> = []) -> [String] {
        var widths: [Int] = []
        for row in rows {
            for (index, text) in row.enumerated() {
                if index == widths.count { widths.append(0) }
                widths[index] = Swift.max(widths[index], text.count)
            }
        }
        return rows.map { row in
            var line = ""
            for (index, text) in row.enumerated() {
                if index > 0 { line += "  " }
                line += left.contains(index) ? padRight(text, widths[index]) : padLeft(text, widths[index])
            }
            return trimmingTrailingSpaces(line)
        }
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: Swift.max(0, width - text.count))
    }

    static func centred(_ text: String, _ width: Int) -> String {
        let space = Swift.max(0, width - text.count)
        return String(repeating: " ", count: space / 2) + text + String(repeating: " ", count: space - space / 2)
    }

    static func trimmingTrailingSpaces(_ line: String) -> String {
        var result = Substring(line)
        while result.last == " " { result = result.dropLast() }
        return String(result)
    }
}

// MARK: - The numbers of an explanation

extension Explanation {
    /// The numbers of this explanation's chain rule, exactly as the `text/plain` display
    /// computes them (for the Rendering module's LaTeX), or nil when the layer or node does
    /// not exist.
    public var terms: Terms? {
        guard let value = LibraryFormatter.explanationValue(self) else { return nil }
        let m = gradients.pass.sampleCount
        var emitting: Double?
        if let j {
            guard let previous = try? gradients.pass.a(layer - 1) else { return nil }
            emitting = LibraryFormatter.element(previous, 0, j)
        }
        return Terms(value: value, sampleCount: m, layerCount: gradients.layerCount, emitting: emitting,
                     delta: m == 1 ? LibraryFormatter.deltaTerms(gradients, layer: layer, k: k) : nil)
    }

    /// The numbers of ∂C/∂W^l_kj = δ^l_k a^(l−1)_j (or ∂C/∂b^l_k = δ^l_k).
    public struct Terms: Sendable, Equatable {
        /// The gradient itself, from the backward pass: `dW(l)[k, j]`, or `db(l)[k]` for a bias.
        public let value: Double
        /// The samples n of the pass; with n > 1 the gradient is the mean over them.
        public let sampleCount: Int
        /// The number of layers L.
        public let layerCount: Int
        /// The emitting activation a^(l−1)_j of the first sample; nil for a bias.
        public let emitting: Double?
        /// Where δ^l_k comes from, for a single-sample pass (nil when n > 1).
        public let delta: DeltaTerms?
    }

    /// δ^l_k of a single-sample pass and the numbers it is made of.
    public struct DeltaTerms: Sendable, Equatable {
        /// δ^l_k, from the backward pass.
        public let delta: Double
        /// σ of layer l.
        public let activation: Activation
        /// z^l_k.
        public let z: Double
        /// a^l_k.
        public let a: Double
        /// σ'(z^l_k).
        public let slope: Double
        /// The rule δ^l_k follows.
        public let rule: DeltaRule
    }

    /// How δ^l_k is computed.
    public enum DeltaRule: Sendable, Equatable {
        /// l < L: δ^l_k = σ'(z^l_k) Σ_m W^(l+1)_mk δ^(l+1)_m, one term per node m of layer
        /// l + 1, and their sum.
        case hidden(next: [NextTerm], sum: Double)
        /// Output layer where σ' cancels (sigmoid with crossEntropy, softmax with
        /// categoricalCrossEntropy): δ^L_k = a^L_k − y_k.
        case outputSimplified(loss: Loss, y: Double)
        /// Softmax output with another loss: δ^L_k = Σ_i ∂C/∂a^L_i ∂a^L_i/∂z^L_k.
        case outputSoftmax(loss: Loss)
        /// Output layer: δ^L_k = ∂C/∂a^L_k σ'(z^L_k), with the target y_k, the number of
        /// outputs n_L and ∂C/∂a^L_k.
        case output(loss: Loss, y: Double, outputCount: Int, lossGradient: Double)
    }

    /// One term W^(l+1)_mk δ^(l+1)_m of the backward sum.
    public struct NextTerm: Sendable, Equatable {
        /// W^(l+1)_mk.
        public let weight: Double
        /// δ^(l+1)_m.
        public let delta: Double
    }
}
