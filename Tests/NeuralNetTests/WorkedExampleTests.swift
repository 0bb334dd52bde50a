import Testing

@testable import NeuralNet

// Worked examples checked digit by digit.
//
// 1. Matt Mazur, "A Step by Step Backpropagation Example" (2015): a 2-2-2 sigmoid network,
//    squared error, one step with η = 0.5 and the biases left alone. Every number the post
//    prints is checked to the number of decimals it prints.
// 2. The example of SPEC §4: Network(inputs: 2, seed: 42) { Dense(3); Dense(1) } with W^1 and b^1
//    set by hand and W^2 the Xavier draw of seed 42.
//
// The 17-digit reference numbers come from bench/reference/worked_example.py, which computes
// them with plain Python floats straight from the lecture's formulas (and re-derives the
// seed-42 Xavier draw from SplitMix64), independently of this library.

/// `x` rounded to `decimals` places, the way the post prints it (the result is the Double nearest
/// to the printed decimal, so it compares with `==` against the literal).
private func rounded(_ x: Double, _ decimals: Int) -> Double {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return (x * scale).rounded() / scale
}

/// Expects `actual` to equal `expected` within `tolerance` relative to |expected|.
private func expectClose(
    _ actual: Double, _ expected: Double, relative tolerance: Double = 1e-15,
    _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = abs(actual - expected) / max(abs(expected), Double.leastNormalMagnitude)
    #expect(error <= tolerance, "\(label): \(actual) vs \(expected) (relative error \(error))", sourceLocation: sourceLocation)
}

/// Expects two equally shaped matrices (given as rows) to agree entry by entry within `tolerance` relative.
private func expectClose(
    _ actual: Matrix, _ expected: [[Double]], relative tolerance: Double = 1e-15,
    _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.shape == [expected.count, expected.first?.count ?? 0], "\(label) shape", sourceLocation: sourceLocation)
    guard actual.shape == [expected.count, expected.first?.count ?? 0] else { return }
    for (k, row) in expected.enumerated() {
        for (j, value) in row.enumerated() {
            expectClose(actual.elements[k * actual.columns + j], value, relative: tolerance, "\(label)[\(k)][\(j)]", sourceLocation: sourceLocation)
        }
    }
}

@Suite struct WorkedExampleTests {
    // MARK: - Mazur's 2-2-2 network

    /// i1 = 0.05, i2 = 0.10.
    let x: Matrix
    /// target o1 = 0.01, o2 = 0.99.
    let y: Matrix
    /// The network of the post: W^1 = [[w1, w2], [w3, w4]], b1 = 0.35; W^2 = [[w5, w6], [w7, w8]], b2 = 0.60.
    let mazur: Network

    init() throws {
        x = try Matrix(rowArrays: [[0.05, 0.10]])
        y = try Matrix(rowArrays: [[0.01, 0.99]])
        var net = try Network(inputs: 2, layers: [Dense(2, activation: .sigmoid), Dense(2, activation: .sigmoid)])
        try net.setWeights(1, Matrix(rowArrays: [[0.15, 0.20], [0.25, 0.30]]))
        try net.setBiases(1, Vector([0.35, 0.35]))
        try net.setWeights(2, Matrix(rowArrays: [[0.40, 0.45], [0.50, 0.55]]))
        try net.setBiases(2, Vector([0.60, 0.60]))
        mazur = net
    }

    @Test func mazurForwardPassToThePostsDigits() throws {
        let pass = try mazur.forward(x)
        let z1 = try pass.z(1).elements, a1 = try pass.a(1).elements
        let z2 = try pass.z(2).elements, a2 = try pass.a(2).elements
        // "net_h1 = 0.15 * 0.05 + 0.2 * 0.1 + 0.35 * 1 = 0.3775"
        #expect(rounded(z1[0], 4) == 0.3775)
        // "out_h1 = 1 / (1 + e^-0.3775) = 0.593269992"
        #expect(rounded(a1[0], 9) == 0.593269992)
        // "out_h2 = 0.596884378"
        #expect(rounded(a1[1], 9) == 0.596884378)
        // "net_o1 = 0.4 * 0.593269992 + 0.45 * 0.596884378 + 0.6 * 1 = 1.105905967"
        #expect(rounded(z2[0], 9) == 1.105905967)
        // "out_o1 = 1 / (1 + e^-1.105905967) = 0.75136507"
        #expect(rounded(a2[0], 8) == 0.75136507)
        // "out_o2 = 0.772928465"
        #expect(rounded(a2[1], 9) == 0.772928465)
        // The pass keeps a^0 = x and the output a^L.
        #expect(try pass.a(0) == x)
        #expect(try pass.output == pass.a(2))
    }

    @Test func mazurLossToThePostsDigits() throws {
        let g = try mazur.backward(x, target: y, loss: .squaredError)
        let a2 = try g.pass.a(2).elements
        // "E_o1 = ½ (0.01 − 0.75136507)² = 0.274811083", "E_o2 = 0.023560026"
        #expect(rounded(0.5 * (0.01 - a2[0]) * (0.01 - a2[0]), 9) == 0.274811083)
        #expect(rounded(0.5 * (0.99 - a2[1]) * (0.99 - a2[1]), 9) == 0.023560026)
        // "E_total = E_o1 + E_o2 = 0.274811083 + 0.023560026 = 0.298371109"
        #expect(rounded(g.loss, 9) == 0.298371109)
        #expect(rounded(try mazur.loss(x, target: y, loss: .squaredError), 9) == 0.298371109)
    }

    @Test func mazurOutputLayerGradientsToThePostsDigits() throws {
        let g = try mazur.backward(x, target: y, loss: .squaredError)
        let z2 = try g.pass.z(2).elements, a2 = try g.pass.a(2).elements
        // "∂E_total/∂out_o1 = −(target_o1 − out_o1) = −(0.01 − 0.75136507) = 0.74136507"
        #expect(rounded(a2[0] - 0.01, 8) == 0.74136507)
        // "∂out_o1/∂net_o1 = out_o1 (1 − out_o1) = 0.186815602"
        #expect(rounded(Activation.sigmoid.derivative(z2[0]), 9) == 0.186815602)
        // "∂net_o1/∂w5 = out_h1 = 0.593269992"
        #expect(rounded(try g.pass.a(1).elements[0], 9) == 0.593269992)
        // "δ_o1 = 0.74136507 * 0.186815602 = 0.138498562"
        #expect(rounded(try g.delta(2).elements[0], 9) == 0.138498562)
        // "∂E_total/∂w5 = 0.74136507 * 0.186815602 * 0.593269992 = 0.082167041"
        #expect(rounded(try g.dW(2).element(0, 0), 9) == 0.082167041)
    }

    @Test func mazurHiddenLayerGradientsToThePostsDigits() throws {
        let g = try mazur.backward(x, target: y, loss: .squaredError)
        let delta2 = try g.delta(2).elements
        // "∂E_o1/∂out_h1 = ∂E_o1/∂net_o1 * ∂net_o1/∂out_h1 = 0.138498562 * 0.40 = 0.055399425"
        #expect(rounded(delta2[0] * 0.40, 9) == 0.055399425)
        // "∂E_o2/∂out_h1 = −0.019049119". The exact value is −0.01904911826 (δ_o2 · w7 =
        // −0.0380982365 · 0.50), which rounds and truncates to −0.019049118; even the post's own
        // rounded factors (−0.217071535 · 0.175510053 · 0.50 = −0.0190491183) give …118. So the
        // post's last digit is one unit off, and the test asserts the true rounding and that the
        // post's figure is within one unit of the 9th decimal.
        #expect(rounded(delta2[1] * 0.50, 9) == -0.019049118)
        #expect(abs(delta2[1] * 0.50 - -0.019049119) < 1e-9)
        // "∂E_total/∂out_h1 = 0.055399425 + −0.019049119 = 0.036350306"
        #expect(rounded(delta2[0] * 0.40 + delta2[1] * 0.50, 9) == 0.036350306)
        // "∂out_h1/∂net_h1 = out_h1 (1 − out_h1) = 0.59326999 (1 − 0.59326999) = 0.241300709"
        #expect(rounded(Activation.sigmoid.derivative(try g.pass.z(1).elements[0]), 9) == 0.241300709)
        // "∂E_total/∂w1 = 0.036350306 * 0.241300709 * 0.05 = 0.000438568"
        #expect(rounded(try g.dW(1).element(0, 0), 9) == 0.000438568)
    }

    @Test func mazurUpdatedWeightsToThePostsDigits() throws {
        var net = mazur
        let report = try net.step(x, target: y, learningRate: 0.5, loss: .squaredError, updateBiases: false)
        let w2 = try net.weights(2), w1 = try net.weights(1)
        // The post's w5+ … w8+ use the original w5 … w8 when going back to layer 1, as step does.
        #expect(rounded(try w2.element(0, 0), 8) == 0.35891648)  // w5+
        #expect(rounded(try w2.element(0, 1), 9) == 0.408666186)  // w6+
        #expect(rounded(try w2.element(1, 0), 9) == 0.511301270)  // w7+
        #expect(rounded(try w2.element(1, 1), 9) == 0.561370121)  // w8+
        #expect(rounded(try w1.element(0, 0), 9) == 0.149780716)  // w1+
        #expect(rounded(try w1.element(0, 1), 8) == 0.19956143)  // w2+
        #expect(rounded(try w1.element(1, 0), 8) == 0.24975114)  // w3+
        // w4+ = 0.29950228726…: the post prints 0.29950229, rounded (not truncated) to 8 places.
        #expect(rounded(try w1.element(1, 1), 8) == 0.29950229)
        // The report agrees with the network, and the biases stayed where they were.
        #expect(try report.after(1) == w1)
        #expect(try report.after(2) == w2)
        #expect(try report.before(2) == Matrix(rowArrays: [[0.40, 0.45], [0.50, 0.55]]))
        #expect(try net.biases(1) == Vector([0.35, 0.35]))
        #expect(try net.biases(2) == Vector([0.60, 0.60]))
        #expect(try report.biasChange(1) == Vector([0, 0]))
        #expect(try report.biasChange(2) == Vector([0, 0]))
        #expect(try report.biasAfter(2) == Vector([0.60, 0.60]))
        #expect(report.updatedBiases == false)
        #expect(report.learningRate == 0.5)
        // "E_total = 0.298371109" is the loss before the step.
        #expect(rounded(report.loss, 9) == 0.298371109)
    }

    @Test func mazurAgainstPythonToSeventeenDigits() throws {
        var net = mazur
        let report = try net.step(x, target: y, learningRate: 0.5, loss: .squaredError, updateBiases: false)
        let g = report.gradients
        expectClose(try g.pass.z(1), [[0.3775, 0.39249999999999996]], "z1")
        expectClose(try g.pass.a(1), [[0.59326999210718723, 0.59688437825976703]], "a1")
        expectClose(try g.pass.z(2), [[1.10590596705977, 1.2249214040964653]], "z2")
        expectClose(try g.pass.a(2), [[0.75136506955231575, 0.77292846532146253]], "a2")
        expectClose(g.loss, 0.29837110876000272, "loss")
        expectClose(try g.delta(2), [[0.13849856162855695, -0.038098236516556236]], "δ2")
        expectClose(try g.delta(1), [[0.0087713546894869297, 0.0099542547052171963]], "δ1")
        expectClose(
            try g.dW(2), [[0.08216704056423077, 0.082667627847533245], [-0.022602540477475071, -0.022740242215978222]], "dW2")
        expectClose(
            try g.dW(1), [[0.00043856773447434653, 0.00087713546894869305], [0.00049771273526085988, 0.00099542547052171976]],
            "dW1")
        // ∂C/∂b^l = δ^l for one sample.
        #expect(try g.db(2).elements == g.delta(2).elements)
        #expect(try g.db(1).elements == g.delta(1).elements)
        expectClose(try net.weights(2), [[0.35891647971788465, 0.4086661860762334], [0.5113012702387375, 0.56137012110798912]], "W2+")
        expectClose(try net.weights(1), [[0.14978071613276281, 0.19956143226552567], [0.24975114363236958, 0.29950228726473915]], "W1+")
        // ΔW = −η ∂C/∂W exactly, and W after = W before + ΔW exactly.
        for l in 1...2 {
            let dW = try g.dW(l).elements, change = try report.change(l).elements
            #expect(change == dW.map { -0.5 * $0 })
            #expect(try report.after(l).elements == zip(report.before(l).elements, change).map { $0 + $1 })
        }
    }

    // MARK: - The SPEC §4 example

    /// Network(inputs: 2, seed: 42) { Dense(3, .sigmoid); Dense(1, .sigmoid) }, W^1 and b^1 as in SPEC §4.
    private func specNetwork() throws -> Network {
        var net = try Network(inputs: 2, layers: [Dense(3, activation: .sigmoid), Dense(1, activation: .sigmoid)], seed: 42)
        try net.setWeights(1, Matrix(rowArrays: [[0.15, 0.20], [0.25, 0.30], [0.1, 0.1]]))
        try net.setBiases(1, Vector([0.35, 0.35, 0.35]))
        return net
    }

    @Test func specSeed42DrawsTheSameXavierWeightsAsPython() throws {
        let drawn = try Network(inputs: 2, layers: [Dense(3, activation: .sigmoid), Dense(1, activation: .sigmoid)], seed: 42)
        // SplitMix64 and U(−r, r) use exactly rounded operations only: the bits must match.
        #expect(
            try drawn.weights(1).rowArrays == [
                [0.5292421328173138, -0.74509899757752185], [-0.48506062066163436, -0.34136103691488262],
                [-1.0121251903094675, 0.80674729532509892],
            ])
        #expect(try drawn.weights(2).rowArrays == [[-0.68976358962302031, 0.73639469836338334, -0.39208727831071777]])
        #expect(try drawn.biases(1) == Vector([0, 0, 0]))
        #expect(try drawn.biases(2) == Vector([0]))
        // Setting W^1 afterwards leaves the drawn W^2 alone.
        #expect(try specNetwork().weights(2) == drawn.weights(2))
    }

    @Test func specExampleForwardBackwardAndStepAgainstPython() throws {
        var net = try specNetwork()
        let input = try Matrix(rowArrays: [[0.05, 0.10]]), target = try Matrix(rowArrays: [[0.01]])
        let pass = try net.forward(input)
        expectClose(try pass.z(1), [[0.3775, 0.39249999999999996, 0.36499999999999999]], "z1")
        expectClose(try pass.a(1), [[0.59326999210718723, 0.59688437825976703, 0.59025025193018343]], "a1")
        expectClose(try pass.z(2), [[-0.20110316248657875]], "z2")
        expectClose(pass.output, [[0.44989296672754042]], "a2")
        let g = try net.backward(input, target: target, loss: .squaredError)
        expectClose(g.loss, 0.096752911088178489, "loss")
        expectClose(try g.delta(2), [[0.10886879590722293]], "δ2")
        expectClose(try g.delta(1), [[-0.018120170611338186, 0.019290074898354232, -0.010323834821919828]], "δ1")
        expectClose(try g.dW(2), [[0.064588589688597126, 0.064982083556972228, 0.064259834211574052]], "dW2")
        expectClose(
            try g.dW(1),
            [
                [-0.00090600853056690934, -0.0018120170611338187], [0.00096450374491771163, 0.0019290074898354233],
                [-0.00051619174109599137, -0.0010323834821919827],
            ], "dW1")
        let report = try net.step(input, target: target, learningRate: 0.5, loss: .squaredError)
        #expect(report.updatedBiases)
        expectClose(try net.weights(2), [[-0.72205788446731889, 0.70390365658489717, -0.42421719541650482]], "W2+")
        expectClose(
            try net.weights(1),
            [[0.15045300426528344, 0.20090600853056692], [0.24951774812754116, 0.2990354962550823], [0.100258095870548, 0.10051619174109599]],
            "W1+")
        expectClose(Matrix(unchecked: 1, 1, try net.biases(2).elements), [[-0.054434397953611463]], "b2+")
        expectClose(Matrix(unchecked: 1, 3, try net.biases(1).elements), [[0.35906008530566907, 0.34035496255082287, 0.35516191741095987]], "b1+")
        #expect(try report.biasAfter(1) == net.biases(1))
        #expect(try report.biasBefore(1) == Vector([0.35, 0.35, 0.35]))
        #expect(try report.biasChange(2).elements == g.db(2).elements.map { -0.5 * $0 })
    }
}
