import Testing

@testable import NeuralNet

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Backpropagation against independent computations: finite differences of the loss written
// here (not the library's gradientCheck), the lecture's formulas evaluated by hand from the
// traces, and per-sample against batch gradients.

/// An output layer's activation with a loss that makes sense for it.
private struct OutputCase: Sendable, CustomTestStringConvertible {
    let activation: Activation
    let loss: Loss
    var testDescription: String { ".\(activation.rawValue) + .\(loss.rawValue)" }
    /// Whether the targets are one-hot rows (categorical cross-entropy) rather than numbers in (0, 1).
    var oneHot: Bool { loss == .categoricalCrossEntropy }
}

private let hiddenActivations: [Activation] = [.sigmoid, .tanh, .relu, .leakyRelu, .linear]

/// Squared and mean squared error with every output activation; the cross-entropies with the
/// outputs that lie in (0, 1).
private let outputCases: [OutputCase] =
    Activation.allCases.map { OutputCase(activation: $0, loss: .squaredError) }
    + Activation.allCases.map { OutputCase(activation: $0, loss: .meanSquaredError) }
    + [
        OutputCase(activation: .sigmoid, loss: .crossEntropy), OutputCase(activation: .softmax, loss: .crossEntropy),
        OutputCase(activation: .softmax, loss: .categoricalCrossEntropy),
        OutputCase(activation: .sigmoid, loss: .categoricalCrossEntropy),
    ]

/// One sample of three inputs.
private let singleInput: [[Double]] = [[0.3, -0.7, 0.5]]
/// Five samples, one per row; the first is `singleInput`.
private let batchInputs: [[Double]] = [
    [0.3, -0.7, 0.5], [-0.4, 0.2, 0.9], [0.8, 0.1, -0.6], [-0.25, -0.5, -0.35], [0.6, 0.75, 0.15],
]
/// Targets in (0, 1) for three outputs.
private let softTargets: [[Double]] = [
    [0.2, 0.7, 0.1], [0.9, 0.05, 0.4], [0.3, 0.3, 0.6], [0.1, 0.8, 0.25], [0.55, 0.15, 0.95],
]
/// One-hot targets for three classes.
private let oneHotTargets: [[Double]] = [[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]]

/// A seeded 3-5-4-3 network with `hidden` in both hidden layers and nonzero biases.
private func makeNetwork(hidden: Activation, output: Activation, seed: UInt64 = 7) throws -> Network {
    var net = try Network(
        inputs: 3, layers: [Dense(5, activation: hidden), Dense(4, activation: hidden), Dense(3, activation: output)], seed: seed)
    try net.setBiases(1, Vector([0.1, -0.2, 0.05, 0.3, -0.15]))
    try net.setBiases(2, Vector([0.2, -0.1, 0.05, -0.3]))
    try net.setBiases(3, Vector([0.1, -0.05, 0.15]))
    return net
}

private func isKinked(_ a: Activation) -> Bool { a == .relu || a == .leakyRelu }

/// The relative error of the brief: |a − n| / max(|a| + |n|, 1e-8).
private func relativeError(_ a: Double, _ n: Double) -> Double {
    abs(a - n) / max(abs(a) + abs(n), 1e-8)
}

/// The largest |a − b| over two equally long arrays divided by the largest |b| (norm-wise relative error).
private func normwiseError(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    let scale = b.reduce(0) { max($0, abs($1)) }
    let difference = zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    return scale == 0 ? difference : difference / scale
}

/// dC/dθ by the five-point centred difference (8(C(θ+h) − C(θ−h)) − (C(θ+2h) − C(θ−2h))) / 12h,
/// whose truncation error is O(h⁴), so h can be large enough that rounding stays far below 1e-7.
private func centred(_ h: Double, _ c: (Double) throws -> Double) rethrows -> Double {
    let p2 = try c(2 * h), p1 = try c(h), m1 = try c(-h), m2 = try c(-2 * h)
    // Differences first: where C does not move, the result is exactly 0.
    return (8 * (p1 - m1) - (p2 - m2)) / (12 * h)
}

/// ∂C/∂W^l and ∂C/∂b^l for l = 1…L by centred differences of `net.loss`, perturbing one
/// parameter of a copy at a time through setWeights and setBiases.
private func numericGradients(
    _ net: Network, _ x: Matrix, _ y: Matrix, _ loss: Loss, h: Double
) throws -> (dW: [[Double]], db: [[Double]]) {
    var dWs: [[Double]] = [], dbs: [[Double]] = []
    for l in 1...net.layerCount {
        let w = try net.weights(l)
        var dW: [Double] = []
        for i in w.elements.indices {
            dW.append(
                try centred(h) { t in
                    var probe = net, moved = w
                    moved.elements[i] += t
                    try probe.setWeights(l, moved)
                    return try probe.loss(x, target: y, loss: loss)
                })
        }
        dWs.append(dW)
        let b = try net.biases(l)
        var db: [Double] = []
        for k in b.elements.indices {
            guard net.layers[l - 1].useBias else {
                db.append(0)
                continue
            }
            db.append(
                try centred(h) { t in
                    var probe = net, moved = b
                    moved.elements[k] += t
                    try probe.setBiases(l, moved)
                    return try probe.loss(x, target: y, loss: loss)
                })
        }
        dbs.append(db)
    }
    return (dWs, dbs)
}

/// The smallest |z^l_k| over the relu and leakyRelu layers of a pass (infinity when there are none).
private func smallestKinkDistance(_ net: Network, _ x: Matrix) throws -> Double {
    let pass = try net.forward(x)
    var smallest = Double.infinity
    for l in 1...net.layerCount where isKinked(net.layers[l - 1].activation) {
        for z in try pass.z(l).elements { smallest = min(smallest, abs(z)) }
    }
    return smallest
}

/// softmax of each row, computed here from the definition.
private func softmaxRows(_ z: [Double], columns: Int) -> [Double] {
    var out = z
    for r in 0..<(z.count / columns) {
        let row = Array(z[(r * columns)..<((r + 1) * columns)])
        let top = row.max() ?? 0
        let e = row.map { exp($0 - top) }
        let total = e.reduce(0, +)
        for c in 0..<columns { out[r * columns + c] = e[c] / total }
    }
    return out
}

/// ∇_a C for one batch, per sample (not divided by the batch size), from the loss's definition.
private func lossGradient(_ loss: Loss, a: [Double], y: [Double], columns: Int) -> [Double] {
    zip(a, y).map { a, y in
        switch loss {
        case .squaredError: return a - y
        case .meanSquaredError: return 2 * (a - y) / Double(columns)
        case .crossEntropy: return (a - y) / (a * (1 - a))
        case .categoricalCrossEntropy: return -y / a
        }
    }
}

@Suite struct NetworkGradientTests {
    // MARK: - Analytic gradients against finite differences

    @Test(arguments: hiddenActivations, outputCases)
    fileprivate func gradientsMatchFiniteDifferences(hidden: Activation, output: OutputCase) throws {
        let net = try makeNetwork(hidden: hidden, output: output.activation)
        let kinked = isKinked(hidden) || isKinked(output.activation)
        let bound = kinked ? 1e-4 : 1e-7
        // Smooth: a large step is exact enough with the five-point rule. Kinked: a small step
        // that stays on one side of every kink (checked below).
        let h = kinked ? 1e-6 : 1e-3
        let targets = output.oneHot ? oneHotTargets : softTargets
        for (inputs, count) in [(singleInput, 1), (batchInputs, 5)] {
            let x = try Matrix(rowArrays: inputs)
            let y = try Matrix(rowArrays: Array(targets.prefix(count)))
            if kinked {
                // A relu z within reach of the perturbations would make the numbers straddle the kink.
                let margin = try smallestKinkDistance(net, x)
                try #require(margin > 1e-3, "a relu z is \(margin) from its kink: pick other inputs")
            }
            let g = try net.backward(x, target: y, loss: output.loss)
            let numeric = try numericGradients(net, x, y, output.loss, h: h)
            var worst = 0.0
            for l in 1...net.layerCount {
                let dW = try g.dW(l).elements, db = try g.db(l).elements
                #expect(dW.count == numeric.dW[l - 1].count)
                #expect(db.count == numeric.db[l - 1].count)
                for (a, n) in zip(dW, numeric.dW[l - 1]) { worst = max(worst, relativeError(a, n)) }
                for (a, n) in zip(db, numeric.db[l - 1]) { worst = max(worst, relativeError(a, n)) }
            }
            #expect(worst < bound, "\(count) sample(s): largest relative error \(worst)")

            // The library's own check agrees, under the same bound, with the same labels.
            let check = try net.gradientCheck(x, target: y, loss: output.loss)
            // The check's own pass mark is 10× looser for smooth networks: with ε = 1e-5 the
            // two-point rule's rounding error, about ε_mach·C/ε ≈ 1e-11, is already 2e-7 of a
            // gradient of 5e-5 (tanh hidden layers, .sigmoid + .categoricalCrossEntropy, W^1_00).
            #expect(check.threshold == (kinked ? 1e-4 : 1e-6))
            #expect(check.maxRelativeError < check.threshold, "\(count) sample(s): gradientCheck \(check.maxRelativeError)")
            #expect(check.passed)
            #expect(!check.interrupted)
            #expect(check.epsilon == 1e-5)
            #expect(check.entries.count == net.parameterCount)
            var index = 0
            for l in 1...net.layerCount {
                let dW = try g.dW(l), db = try g.db(l)
                for k in 0..<dW.rows {
                    for j in 0..<dW.columns {
                        let entry = check.entries[index]
                        #expect(entry.layer == l && !entry.isBias && entry.k == k && entry.j == j)
                        #expect(entry.analytic == (try dW.element(k, j)))
                        // The check's two-point numbers against the five-point ones: equal to what
                        // two-point differences with ε = 1e-5 can give (see above).
                        #expect(relativeError(entry.numeric, numeric.dW[l - 1][k * dW.columns + j]) < 10 * bound)
                        index += 1
                    }
                }
                for k in 0..<db.count {
                    let entry = check.entries[index]
                    #expect(entry.layer == l && entry.isBias && entry.k == k && entry.j == 0)
                    #expect(entry.analytic == db.elements[k])
                    #expect(entry.relativeError == GradientCheck.relativeError(entry.analytic, entry.numeric))
                    #expect(relativeError(entry.numeric, numeric.db[l - 1][k]) < 10 * bound)
                    index += 1
                }
            }
        }
    }

    @Test func layerWithoutBiasesHasZeroBiasGradientsAndNoBiasEntries() throws {
        var net = try Network(
            inputs: 3, layers: [Dense(4, activation: .tanh, useBias: false), Dense(2, activation: .sigmoid)], seed: 3)
        try net.setBiases(2, Vector([0.3, -0.2]))
        let x = try Matrix(rowArrays: batchInputs), y = try Matrix(rowArrays: softTargets.map { Array($0.prefix(2)) })
        let g = try net.backward(x, target: y, loss: .crossEntropy)
        #expect(try g.db(1) == Vector([0, 0, 0, 0]))
        let numeric = try numericGradients(net, x, y, .crossEntropy, h: 1e-3)
        for l in 1...2 {
            for (a, n) in zip(try g.dW(l).elements, numeric.dW[l - 1]) { #expect(relativeError(a, n) < 1e-7) }
        }
        for (a, n) in zip(try g.db(2).elements, numeric.db[1]) { #expect(relativeError(a, n) < 1e-7) }
        let check = try net.gradientCheck(x, target: y, loss: .crossEntropy)
        #expect(net.parameterCount == 12 + 8 + 2)
        #expect(check.entries.count == net.parameterCount)
        #expect(!check.entries.contains { $0.layer == 1 && $0.isBias })
        #expect(check.passed)
        // A step never moves the biases of a layer without them.
        var stepped = net
        _ = try stepped.step(x, target: y, learningRate: 0.5, loss: .crossEntropy)
        #expect(try stepped.biases(1) == Vector([0, 0, 0, 0]))
        #expect(try stepped.biases(2) != net.biases(2))
    }

    // MARK: - The check notices wrong gradients

    /// Where the loss is clamped flat (a sigmoid output saturated at exactly 1 against a target
    /// of 0, so ln(1 − a) is taken at the floor 1e-15), the centred differences see no slope,
    /// but backpropagation's δ^L = a − y = 1 does: the check must report a large error.
    @Test func gradientCheckReportsALargeErrorWhereTheLossIsClampedFlat() throws {
        var net = try Network(inputs: 2, layers: [Dense(2, activation: .tanh), Dense(1, activation: .sigmoid)], seed: 1)
        try net.setWeights(1, Matrix(rowArrays: [[0.5, -0.3], [0.2, 0.4]]))
        try net.setWeights(2, Matrix(rowArrays: [[30, 30]]))
        try net.setBiases(2, Vector([60]))
        let x = try Matrix(rowArrays: [[0.4, 0.6]]), y = try Matrix(rowArrays: [[0]])
        let pass = try net.forward(x)
        try #require(pass.output.elements == [1.0], "the output must be saturated at exactly 1")
        let check = try net.gradientCheck(x, target: y, loss: .crossEntropy)
        #expect(check.maxRelativeError > 1e-2)
        #expect(!check.passed)
        // The output bias: analytic 1, numeric 0.
        let bias = try #require(check.entries.first { $0.layer == 2 && $0.isBias })
        #expect(bias.analytic == 1)
        #expect(bias.numeric == 0)
        #expect(bias.relativeError == 1)
    }

    /// A relu unit with z exactly 0 for every sample: relu'(0) = 0 gives an analytic 0, while the
    /// centred differences straddle the kink and see half the slope.
    @Test func gradientCheckReportsALargeErrorAtAReluKink() throws {
        var net = try Network(inputs: 2, layers: [Dense(2, activation: .relu), Dense(1, activation: .sigmoid)], seed: 5)
        try net.setWeights(1, Matrix(rowArrays: [[0, 0], [0.7, -0.4]]))
        try net.setWeights(2, Matrix(rowArrays: [[0.9, -0.6]]))
        let x = try Matrix(rowArrays: [[0.5, 0.25]]), y = try Matrix(rowArrays: [[1]])
        #expect(try net.forward(x).z(1).elements[0] == 0)
        let check = try net.gradientCheck(x, target: y, loss: .squaredError)
        #expect(check.threshold == 1e-4)
        #expect(check.maxRelativeError > 1e-2)
        #expect(!check.passed)
        let w00 = try #require(check.entries.first { $0.layer == 1 && !$0.isBias && $0.k == 0 && $0.j == 0 })
        #expect(w00.analytic == 0)
        #expect(w00.numeric != 0)
        #expect(w00.relativeError == 1)
    }

    @Test func gradientCheckUsesTheGivenEpsilonAndCanBeInterrupted() throws {
        let net = try makeNetwork(hidden: .tanh, output: .sigmoid)
        let x = try Matrix(rowArrays: singleInput), y = try Matrix(rowArrays: [softTargets[0]])
        let coarse = try net.gradientCheck(x, target: y, loss: .squaredError, epsilon: 1e-3)
        #expect(coarse.epsilon == 1e-3)
        #expect(coarse.maxRelativeError < 1e-5)
        var asked = 0
        let stopped = try net.gradientCheck(x, target: y, loss: .squaredError) {
            asked += 1
            return asked == 4
        }
        #expect(stopped.interrupted)
        #expect(stopped.entries.count == 3)
        #expect(GradientCheck.relativeError(0, 0) == 0)
        #expect(GradientCheck.relativeError(1e-9, 0) == 1e-9 / 1e-8)
        #expect(GradientCheck.relativeError(2, 1) == 1.0 / 3.0)
    }

    // MARK: - Batches are means of samples

    @Test(arguments: hiddenActivations, outputCases)
    fileprivate func batchGradientsAreMeansOfSampleGradients(hidden: Activation, output: OutputCase) throws {
        let net = try makeNetwork(hidden: hidden, output: output.activation)
        let targets = output.oneHot ? oneHotTargets : softTargets
        let x = try Matrix(rowArrays: batchInputs), y = try Matrix(rowArrays: targets)
        let batch = try net.backward(x, target: y, loss: output.loss)
        let singles = try (0..<5).map { r in
            try net.backward(Matrix(rowArrays: [batchInputs[r]]), target: Matrix(rowArrays: [targets[r]]), loss: output.loss)
        }
        // The loss is the mean of the sample losses.
        let meanLoss = singles.reduce(0) { $0 + $1.loss } / 5
        #expect(abs(batch.loss - meanLoss) <= 1e-12 * abs(meanLoss))
        for l in 1...net.layerCount {
            var meanW = [Double](repeating: 0, count: try batch.dW(l).elements.count)
            var meanB = [Double](repeating: 0, count: try batch.db(l).count)
            for s in singles {
                for (i, v) in try s.dW(l).elements.enumerated() { meanW[i] += v / 5 }
                for (i, v) in try s.db(l).elements.enumerated() { meanB[i] += v / 5 }
            }
            #expect(normwiseError(try batch.dW(l).elements, meanW) <= 1e-12, "dW\(l)")
            #expect(normwiseError(try batch.db(l).elements, meanB) <= 1e-12, "db\(l)")
            // δ^l keeps one row per sample, equal to that sample's own δ^l.
            let delta = try batch.delta(l)
            #expect(delta.shape == [5, net.sizes[l]])
            for r in 0..<5 {
                #expect(normwiseError(try delta.row(r).elements, try singles[r].delta(l).elements) <= 1e-13, "δ\(l) row \(r)")
            }
        }
    }

    // MARK: - The lecture's formulas by hand, from the traces

    @Test(arguments: hiddenActivations, outputCases)
    fileprivate func tracesFollowTheLecturesFormulas(hidden: Activation, output: OutputCase) throws {
        let net = try makeNetwork(hidden: hidden, output: output.activation)
        let targets = output.oneHot ? oneHotTargets : softTargets
        let x = try Matrix(rowArrays: batchInputs), y = try Matrix(rowArrays: targets)
        let g = try net.backward(x, target: y, loss: output.loss)
        let pass = g.pass
        let count = net.layerCount, m = 5
        #expect(pass.layerCount == count)
        #expect(pass.sampleCount == m)
        #expect(pass.activations == [hidden, hidden, output.activation])
        #expect(g.layerCount == count)
        #expect(g.lossFunction == output.loss)
        #expect(g.target == y)
        #expect(try g.weights == (1...count).map { try net.weights($0) })
        #expect(try pass.a(0) == x)

        // Forward: z^l_k = Σ_j W^l_kj a^(l−1)_j + b^l_k, a^l = σ(z^l).
        for l in 1...count {
            let w = try net.weights(l), b = try net.biases(l).elements
            let previous = try pass.a(l - 1)
            var z = [Double](repeating: 0, count: m * w.rows)
            for r in 0..<m {
                for k in 0..<w.rows {
                    var total = b[k]
                    for j in 0..<w.columns { total += try w.element(k, j) * previous.element(r, j) }
                    z[r * w.rows + k] = total
                }
            }
            #expect(normwiseError(try pass.z(l).elements, z) <= 1e-14, "z\(l)")
            let activation = net.layers[l - 1].activation
            let zl = try pass.z(l).elements
            let a = activation == .softmax ? softmaxRows(zl, columns: w.rows) : zl.map { activation.value($0) }
            #expect(normwiseError(try pass.a(l).elements, a) <= 1e-15, "a\(l)")
        }
        #expect(try pass.output == pass.a(count))
        // The loss, from its definition, averaged over the samples.
        let outputs = pass.output.elements, target = y.elements
        var total = 0.0
        for r in 0..<m {
            for k in 0..<3 {
                let a = outputs[r * 3 + k], t = target[r * 3 + k]
                switch g.lossFunction {
                case .squaredError: total += 0.5 * (t - a) * (t - a)
                case .meanSquaredError: total += (t - a) * (t - a) / 3
                case .crossEntropy: total -= t * log(a) + (1 - t) * log(1 - a)
                case .categoricalCrossEntropy: total -= t * log(a)
                }
            }
        }
        #expect(abs(g.loss - total / Double(m)) <= 1e-13 * abs(total / Double(m)))

        // δ^L = ∇_a C ⊙ σ'(z^L); for softmax σ' is the Jacobian: δ_k = s_k (g_k − Σ_j g_j s_j).
        let zL = try pass.z(count).elements
        let grad = lossGradient(output.loss, a: outputs, y: target, columns: 3)
        var deltaL = [Double](repeating: 0, count: m * 3)
        for r in 0..<m {
            if output.activation == .softmax {
                var dot = 0.0
                for k in 0..<3 { dot += grad[r * 3 + k] * outputs[r * 3 + k] }
                for k in 0..<3 { deltaL[r * 3 + k] = outputs[r * 3 + k] * (grad[r * 3 + k] - dot) }
            } else {
                for k in 0..<3 { deltaL[r * 3 + k] = grad[r * 3 + k] * output.activation.derivative(zL[r * 3 + k]) }
            }
        }
        #expect(normwiseError(try g.delta(count).elements, deltaL) <= 1e-12, "δ^L")

        // δ^l = ((W^(l+1))ᵀ δ^(l+1)) ⊙ σ'(z^l), from the library's δ^(l+1) and z^l.
        for l in stride(from: count - 1, through: 1, by: -1) {
            let wNext = try net.weights(l + 1), deltaNext = try g.delta(l + 1), z = try pass.z(l)
            var expected = [Double](repeating: 0, count: m * wNext.columns)
            for r in 0..<m {
                for j in 0..<wNext.columns {
                    var sum = 0.0
                    for k in 0..<wNext.rows { sum += try wNext.element(k, j) * deltaNext.element(r, k) }
                    expected[r * wNext.columns + j] = sum * hidden.derivative(try z.element(r, j))
                }
            }
            #expect(normwiseError(try g.delta(l).elements, expected) <= 1e-14, "δ\(l)")
        }

        // ∂C/∂W^l_kj = mean over samples of δ^l_k a^(l−1)_j; ∂C/∂b^l_k = mean of δ^l_k.
        for l in 1...count {
            let delta = try g.delta(l), previous = try pass.a(l - 1)
            var dW = [Double](repeating: 0, count: delta.columns * previous.columns)
            var db = [Double](repeating: 0, count: delta.columns)
            for r in 0..<m {
                for k in 0..<delta.columns {
                    db[k] += try delta.element(r, k) / Double(m)
                    for j in 0..<previous.columns {
                        dW[k * previous.columns + j] += try delta.element(r, k) * previous.element(r, j) / Double(m)
                    }
                }
            }
            #expect(normwiseError(try g.dW(l).elements, dW) <= 1e-14, "dW\(l)")
            #expect(normwiseError(try g.db(l).elements, db) <= 1e-14, "db\(l)")
            #expect(try g.dW(l).shape == net.weights(l).shape)
        }
    }

    @Test func softmaxRowsSumToOne() throws {
        for hidden in hiddenActivations {
            var net = try makeNetwork(hidden: hidden, output: .softmax, seed: 11)
            // Large weights push some outputs towards 0 and 1: the rows must still sum to 1.
            try net.setWeights(3, net.weights(3) * 40)
            let out = try net.forward(Matrix(rowArrays: batchInputs)).output
            for r in 0..<out.rows {
                let row = try out.row(r).elements
                #expect(abs(row.reduce(0, +) - 1) <= 4 * Double.ulpOfOne, "\(hidden) row \(r): \(row)")
                #expect(row.allSatisfy { $0 >= 0 && $0 <= 1 })
            }
        }
        // Huge z neither overflows nor gives NaN.
        var huge = try Network(inputs: 1, layers: [Dense(3, activation: .softmax)])
        try huge.setWeights(1, Matrix(rowArrays: [[1000], [999], [-1000]]))
        let out = try huge.forward(Matrix(rowArrays: [[1]])).output.elements
        #expect(abs(out[0] - 1 / (1 + exp(-1.0))) <= 1e-15)
        #expect(abs(out[1] - exp(-1.0) / (1 + exp(-1.0))) <= 1e-15)
        #expect(out[2] == 0)
    }

    // MARK: - Each activation's derivative against its value

    @Test(arguments: Activation.allCases)
    func derivativeMatchesCentredDifferencesOfValue(activation: Activation) {
        let h = 1e-5
        for z in [-6.0, -2.5, -1.0, -0.3, -1e-3, 2e-3, 0.4, 1.1, 3.0, 7.5] {
            let numeric = (activation.value(z + h) - activation.value(z - h)) / (2 * h)
            let analytic = activation.derivative(z)
            #expect(abs(analytic - numeric) <= 1e-9 * max(1, abs(analytic)), "\(activation) at \(z): \(analytic) vs \(numeric)")
        }
    }

    @Test func derivativeAndValueTable() {
        // The lecture's table, at 0 and at a few exact points.
        #expect(Activation.sigmoid.value(0) == 0.5)
        #expect(Activation.sigmoid.derivative(0) == 0.25)
        #expect(Activation.sigmoid.value(-800) == 0)
        #expect(Activation.sigmoid.value(800) == 1)
        #expect(Activation.sigmoid.derivative(-800) == 0)
        #expect(abs(Activation.sigmoid.value(-2) - 1 / (1 + exp(2.0))) <= 1e-16)
        #expect(Activation.tanh.value(0) == 0)
        #expect(Activation.tanh.derivative(0) == 1)
        #expect(Activation.relu.value(-2) == 0)
        #expect(Activation.relu.value(2.5) == 2.5)
        #expect(Activation.relu.derivative(0) == 0)
        #expect(Activation.relu.derivative(1e-300) == 1)
        #expect(Activation.relu.derivative(-1e-300) == 0)
        #expect(Activation.leakyRelu.value(-2) == -0.02)
        #expect(Activation.leakyRelu.value(3) == 3)
        #expect(Activation.leakyRelu.derivative(0) == 0.01)
        #expect(Activation.leakyRelu.derivative(-5) == 0.01)
        #expect(Activation.leakyRelu.derivative(5) == 1)
        #expect(Activation.leakySlope == 0.01)
        #expect(Activation.linear.value(-3.25) == -3.25)
        #expect(Activation.linear.derivative(-3.25) == 1)
        #expect(Activation.softmax.value(5) == 1)
        #expect(Activation.softmax.derivative(5) == 0)
        #expect(Activation.softmax.value(.nan).isNaN)
    }

    /// The batch kernels (apply, multiplyByDerivative) agree with the per-node value and derivative.
    @Test(arguments: [Activation.sigmoid, .tanh, .relu, .leakyRelu, .linear])
    func batchKernelsAgreeWithValueAndDerivative(activation: Activation) {
        let z: [Double] = [-4, -1.5, -0.2, 0, 0.3, 1.7, 5]
        var a = [Double](repeating: .nan, count: z.count)
        z.withBase { zp in a.withMutableBase { ap in activation.apply(zp, ap, rows: 1, columns: z.count) } }
        #expect(a == z.map { activation.value($0) })
        var g: [Double] = [0.5, -1, 2, 3, -0.25, 1, 4]
        let expected = zip(g, z).map { $0 * activation.derivative($1) }
        z.withBase { zp in
            a.withBase { ap in
                g.withMutableBase { gp in activation.multiplyByDerivative(gp, z: zp, a: ap, rows: 1, columns: z.count) }
            }
        }
        // sigmoid and tanh use a = σ(z) for σ'(z), the same numbers derivative(z) computes.
        #expect(normwiseError(g, expected) <= 1e-16)
    }
}
