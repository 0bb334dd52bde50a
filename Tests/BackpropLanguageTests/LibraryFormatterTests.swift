import Testing
import NeuralNet
@testable import BackpropLanguage

/// The `print` one-liners and `text/plain` displays of networks and library objects.
@Suite struct LibraryFormatterTests {
    // MARK: - Fixtures

    /// Matt Mazur's worked example: a 2-2-2 sigmoid network with known weights.
    static func mazur() throws -> Network {
        var net = try Network(inputs: 2, layers: [Dense(2), Dense(2)])
        try net.setWeights(1, Matrix(rowArrays: [[0.15, 0.20], [0.25, 0.30]]))
        try net.setBiases(1, Vector([0.35, 0.35]))
        try net.setWeights(2, Matrix(rowArrays: [[0.40, 0.45], [0.50, 0.55]]))
        try net.setBiases(2, Vector([0.60, 0.60]))
        return net
    }

    /// Mazur's input and target.
    static var x: Matrix { get throws { try Matrix(rowArrays: [[0.05, 0.10]]) } }
    static var y: Matrix { get throws { try Matrix(rowArrays: [[0.01, 0.99]]) } }

    static func text(_ kind: LibraryObject.Kind) -> String {
        LibraryFormatter.plainText(LibraryObject(kind))
    }

    static func line(_ kind: LibraryObject.Kind) -> String {
        LibraryFormatter.printed(LibraryObject(kind))
    }

    /// A network that answers 1 exactly when x0 ≥ 0.5: a^1 = σ(100 (x0 − 0.5)).
    static func splitter() throws -> Network {
        var net = try Network(inputs: 2, layers: [Dense(1)])
        try net.setWeights(1, Matrix(rowArrays: [[100, 0]]))
        try net.setBiases(1, Vector([-50]))
        return net
    }

    /// The sections of a display (separated by blank lines).
    static func sections(_ text: String) -> [[Substring]] {
        text.split(separator: "\n\n", omittingEmptySubsequences: false).map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
    }

    // MARK: - Networks

    @Test func networkOneLiner() throws {
        #expect(LibraryFormatter.printed(try Self.mazur()) == "Network(2-2-2, 12 parameters)")
        let net = try Network(inputs: 2, layers: [Dense(3), Dense(1)])
        #expect(LibraryFormatter.printed(net) == "Network(2-3-1, 13 parameters)")
    }

    @Test func networkTable() throws {
        let net = try Network(inputs: 2, layers: [Dense(3, activation: .relu), Dense(4, activation: .tanh, useBias: false), Dense(1)])
        #expect(LibraryFormatter.plainText(net) == """
            Network: 2 inputs → 3 → 4 → 1, 26 parameters
            layer  nodes  activation  weights  biases  parameters
                0      2  input
                1      3  relu              6       3           9
                2      4  tanh             12    none          12
                3      1  sigmoid           4       1           5
            """)
    }

    @Test func deepNetworkTableIsSummarised() throws {
        let net = try Network(inputs: 1, layers: (0..<60).map { _ in try Dense(2) })
        let lines = LibraryFormatter.plainText(net).split(separator: "\n")
        #expect(lines[0] == "Network: 1 input → 2 → 2 → 2 → 2 → 2 → … → 2 → 2 → 2 → 2 → 2, 358 parameters")
        #expect(lines.count == 2 + 1 + 11)
        #expect(lines.contains { $0.hasPrefix("    ⋮") })
        #expect(lines.last == "   60      2  sigmoid           4       2           6")
    }

    // MARK: - One-liners

    @Test func layerDatasetAndSplitOneLiners() throws {
        #expect(Self.line(.layer(try Dense(3))) == "Dense(3, activation: .sigmoid)")
        #expect(Self.line(.layer(try Dense(2, activation: .relu, useBias: false))) == "Dense(2, activation: .relu, useBias: false)")
        #expect(Self.text(.layer(try Dense(1, activation: .softmax))) == "Dense(1, activation: .softmax)")
        #expect(Self.line(.dataset(.xor)) == "Dataset(4 samples, 2 inputs, 1 target)")
        let moons = try Dataset.moons(count: 200)
        let (train, test) = try moons.split(0.8)
        #expect(Self.line(.split(train: train, test: test)) == "DatasetSplit(train: 160 samples, test: 40 samples)")
        #expect(Self.text(.split(train: train, test: test)) == """
            DatasetSplit(train: 160 samples, test: 40 samples)
            train: Dataset(160 samples, 2 inputs, 1 target)
            test: Dataset(40 samples, 2 inputs, 1 target)
            """)
    }

    @Test func traceOneLiners() throws {
        var net = try Self.mazur()
        #expect(Self.line(.pass(try net.forward(try Self.x), single: true)) == "ForwardPass(1 sample, 2-2-2)")
        #expect(Self.line(.pass(try net.forward(Dataset.xor.inputs), single: false)) == "ForwardPass(4 samples, 2-2-2)")
        let g = try net.backward(try Self.x, target: try Self.y, loss: .squaredError)
        #expect(Self.line(.gradients(g, single: true)) == "Gradients(loss: 0.2983711087600027, 1 sample)")
        #expect(Self.line(.explanation(Explanation(gradients: g, single: true, layer: 2, k: 0, j: 1))) == "Explanation(∂C/∂W^2_01 = \(try g.dW(2).element(0, 1)))")
        #expect(Self.line(.explanation(Explanation(gradients: g, single: true, layer: 1, k: 1, j: nil))) == "Explanation(∂C/∂b^1_1 = \(try g.db(1).element(at: 1)))")
        let step = try net.step(try Self.x, target: try Self.y, learningRate: 0.5, loss: .squaredError)
        #expect(Self.line(.step(step, single: true)) == "StepReport(loss: 0.2983711087600027, learningRate: 0.5)")
    }

    @Test func historyCheckListAndPlotOneLiners() throws {
        var net = try Network(inputs: 2, layers: [Dense(3), Dense(1)], seed: 1)
        let history = try net.train(on: .xor, options: TrainingOptions(epochs: 20, learningRate: 0.5, batchSize: 4))
        let loss = try #require(history.loss.last)
        #expect(Self.line(.history(history)) == "History(20 of 20 epochs, loss \(loss))")
        var stops = 0
        let stopped = try net.train(on: .xor, options: TrainingOptions(epochs: 10, learningRate: 0.5, batchSize: 2), shouldStop: {
            stops += 1
            return stops > 5
        })
        #expect(Self.line(.history(stopped)) == "History(2 of 10 epochs, loss \(try #require(stopped.loss.last)), interrupted)")
        let check = try net.gradientCheck(try Self.x, target: try Matrix(rowArrays: [[1]]), loss: .squaredError)
        #expect(Self.line(.check(check)) == "GradientCheck(13 parameters, max relative error \(check.maxRelativeError), passed)")
        let list = LayerList(name: "weights", symbol: "W", first: 1, values: [.matrix(try net.weights(1)), .matrix(try net.weights(2))], setter: nil)
        #expect(Self.line(.layers(list)) == "LayerList<Matrix>(weights, layers 1…2)")
        #expect(Self.line(.plot(.history(history, logScale: false))) == "Plot(loss curve, 20 epochs)")
        #expect(Self.line(.plot(.decisionBoundary(net, .xor))) == "Plot(decision boundary, 2-3-1 on 4 samples)")
        #expect(Self.line(.plot(.diagram(net, values: nil))) == "Plot(diagram, 2-3-1)")
    }

    @Test func valueFormatterRoutesLibraryValues() throws {
        let net = try Self.mazur()
        #expect(ValueFormatter.printed(.network(NetworkReference(net))) == "Network(2-2-2, 12 parameters)")
        #expect(ValueFormatter.printed(.array([.object(LibraryObject(.dataset(.and)))])) == "[Dataset(4 samples, 2 inputs, 1 target)]")
        #expect(ValueFormatter.plainText(.network(NetworkReference(net))) == LibraryFormatter.plainText(net))
    }

    // MARK: - Datasets

    @Test func datasetShowsItsSamples() {
        #expect(Self.text(.dataset(.xor)) == """
            Dataset(4 samples, 2 inputs, 1 target)
            sample   x0   x1  |   y0
                 0  0.0  0.0  |  0.0
                 1  0.0  1.0  |  1.0
                 2  1.0  0.0  |  1.0
                 3  1.0  1.0  |  0.0
            """)
    }

    @Test func largeDatasetShowsTenSamplesAndSummarisesColumns() throws {
        let inputs = try Matrix(rows: 30, columns: 50, repeating: 0.5)
        let data = try Dataset(inputs: inputs, targets: try Matrix(rows: 30, columns: 3, repeating: 1))
        let lines = Self.text(.dataset(data)).split(separator: "\n")
        #expect(lines.count == 1 + 1 + 10 + 1)
        #expect(lines[0] == "Dataset(30 samples, 50 inputs, 3 targets)")
        #expect(lines[1] == "sample   x0   x1   x2   x3   x4  …  x45  x46  x47  x48  x49  |   y0   y1   y2")
        #expect(lines.last == "… 20 more")
        #expect(Set(lines[1...11].map(\.count)).count == 1)
    }

    // MARK: - Forward pass

    @Test func singleSampleForwardPass() throws {
        let pass = try Self.mazur().forward(try Self.x)
        #expect(Self.text(.pass(pass, single: true)) == """
            ForwardPass(1 sample, 2-2-2)

            layer 0 (input)
                   a^0_k
            k = 0   0.05
            k = 1    0.1

            layer 1 (sigmoid)
                    z^1_k     a^1_k
            k = 0  0.3775   0.59327
            k = 1  0.3925  0.596884

            layer 2 (sigmoid)
                     z^2_k     a^2_k
            k = 0  1.10591  0.751365
            k = 1  1.22492  0.772928
            """)
    }

    @Test func batchForwardPassShowsSampleByNodeMatrices() throws {
        let pass = try Self.mazur().forward(Dataset.xor.inputs)
        let text = Self.text(.pass(pass, single: false))
        let sections = Self.sections(text)
        #expect(sections.count == 1 + 1 + 2 * 2)
        #expect(sections[1].prefix(3).joined(separator: "\n") == "layer 0 (input)\na^0 4×2\n       k = 0  k = 1")
        #expect(sections[2][0] == "layer 1 (sigmoid)")
        #expect(sections[2][1] == "z^1 4×2")
        #expect(sections[3][0] == "a^1 4×2")
        #expect(sections[5].joined(separator: "\n") == """
            a^2 4×2
                      k = 0     k = 1
            s = 0  0.750002   0.77135
            s = 1  0.759385  0.782181
            s = 2  0.757593  0.780116
            s = 3   0.76624  0.790032
            """)
    }

    @Test func largeBatchAndWideLayersAreSummarised() throws {
        let net = try Network(inputs: 3, layers: [Dense(100), Dense(2)])
        let batch = try Matrix.random(rows: 50, columns: 3, seed: 7)
        let text = Self.text(.pass(try net.forward(batch), single: false))
        for section in Self.sections(text).dropFirst() {
            let table = section.drop { !$0.hasPrefix("     ") && !$0.hasPrefix("       ") }
            #expect(table.count <= 1 + 11)
        }
        #expect(text.contains("⋮"))
        #expect(text.contains("…"))
        #expect(text.contains("⋱"))
        let single = Self.text(.pass(try net.forward(try Matrix.random(rows: 1, columns: 3, seed: 1)), single: true))
        let layer1 = try #require(Self.sections(single).first { $0.first == "layer 1 (sigmoid)" })
        #expect(layer1.count == 1 + 1 + 11)
        #expect(layer1[7].hasPrefix("⋮"))
        #expect(layer1.last?.hasPrefix("k = 99") == true)
        #expect(Set(layer1.dropFirst().map(\.count)).count == 1)
    }

    // MARK: - Gradients

    @Test func singleSampleGradients() throws {
        let g = try Self.mazur().backward(try Self.x, target: try Self.y, loss: .squaredError)
        #expect(Self.text(.gradients(g, single: true)) == """
            loss C = 0.2983711087600027 (squaredError, 1 sample)

            δ^2 (2)
            k = 0    0.138499
            k = 1  -0.0380982

            ∂C/∂W^2 2×2
                        j = 0       j = 1
            k = 0    0.082167   0.0826676
            k = 1  -0.0226025  -0.0227402

            ∂C/∂b^2 (2)
            k = 0    0.138499
            k = 1  -0.0380982

            δ^1 (2)
            k = 0  0.00877135
            k = 1  0.00995425

            ∂C/∂W^1 2×2
                         j = 0        j = 1
            k = 0  0.000438568  0.000877135
            k = 1  0.000497713  0.000995425

            ∂C/∂b^1 (2)
            k = 0  0.00877135
            k = 1  0.00995425
            """)
    }

    @Test func batchGradientsShowDeltasPerSample() throws {
        let targets = try Matrix(rowArrays: [[0, 1], [1, 0], [1, 0], [0, 1]])
        let g = try Self.mazur().backward(Dataset.xor.inputs, target: targets, loss: .squaredError)
        let sections = Self.sections(Self.text(.gradients(g, single: false)))
        #expect(sections[0] == ["loss C = 0.32288004360640576 (squaredError, mean over 4 samples)"])
        #expect(sections.map { $0[0] } == ["loss C = 0.32288004360640576 (squaredError, mean over 4 samples)", "δ^2 4×2", "∂C/∂W^2 2×2", "∂C/∂b^2 (2)", "δ^1 4×2", "∂C/∂W^1 2×2", "∂C/∂b^1 (2)"])
        #expect(sections[1][1] == "            k = 0       k = 1")
        #expect(sections[1][2].hasPrefix("s = 0"))
    }

    @Test func explanationWithTheNumbers() throws {
        let g = try Self.mazur().backward(try Self.x, target: try Self.y, loss: .squaredError)
        #expect(Self.text(.explanation(Explanation(gradients: g, single: true, layer: 2, k: 0, j: 1))) == """
            ∂C/∂W^2_01 = δ^2_0 · a^1_1
                       = 0.138499 · 0.596884
                       = 0.0826676

            δ^2_0 = ∂C/∂a^2_0 · σ'(z^2_0)   (output layer, squaredError)
                  = 0.741365 · 0.186816
                  = 0.138499
              ∂C/∂a^2_0 = a^2_0 − y_0 = 0.751365 − 0.01 = 0.741365
              σ'(z^2_0) = sigmoid'(1.10591) = 0.186816
            """)
        #expect(Self.text(.explanation(Explanation(gradients: g, single: true, layer: 1, k: 0, j: nil))) == """
            ∂C/∂b^1_0 = δ^1_0
                      = 0.00877135

            δ^1_0 = (Σ_m W^2_m0 δ^2_m) · σ'(z^1_0)   (from layer 2, where m runs over its nodes)
                  = (0.4 · 0.138499 + 0.5 · (-0.0380982)) · 0.241301
                  = 0.00877135
              σ'(z^1_0) = sigmoid'(0.3775) = 0.241301
            """)
    }

    // MARK: - Step

    @Test func stepShowsBeforeChangeAndAfter() throws {
        var net = try Self.mazur()
        let step = try net.step(try Self.x, target: try Self.y, learningRate: 0.5, loss: .squaredError)
        let text = Self.text(.step(step, single: true))
        let sections = Self.sections(text)
        #expect(sections.count == 1 + 2 * 6)
        #expect(sections.prefix(7).map { $0.joined(separator: "\n") }.joined(separator: "\n\n") == """
            StepReport: loss C = 0.2983711087600027 before the step, η = 0.5 (squaredError, 1 sample)

            W^1 2×2 before the step
                   j = 0  j = 1
            k = 0   0.15    0.2
            k = 1   0.25    0.3

            ΔW^1 2×2 = −η ∂C/∂W^1
                          j = 0         j = 1
            k = 0  -0.000219284  -0.000438568
            k = 1  -0.000248856  -0.000497713

            W^1 2×2 after the step
                      j = 0     j = 1
            k = 0  0.149781  0.199561
            k = 1  0.249751  0.299502

            b^1 (2) before the step
            k = 0  0.35
            k = 1  0.35

            Δb^1 (2) = −η ∂C/∂b^1
            k = 0  -0.00438568
            k = 1  -0.00497713

            b^1 (2) after the step
            k = 0  0.345614
            k = 1  0.345023
            """)
        #expect(sections[7...].map { $0[0] } == [
            "W^2 2×2 before the step", "ΔW^2 2×2 = −η ∂C/∂W^2", "W^2 2×2 after the step",
            "b^2 (2) before the step", "Δb^2 (2) = −η ∂C/∂b^2", "b^2 (2) after the step",
        ])
        #expect(sections[9].joined(separator: "\n") == """
            W^2 2×2 after the step
                      j = 0     j = 1
            k = 0  0.358916  0.408666
            k = 1  0.511301   0.56137
            """)
    }

    @Test func stepWithoutBiasesSaysSo() throws {
        var net = try Self.mazur()
        let step = try net.step(try Self.x, target: try Self.y, learningRate: 0.5, loss: .squaredError, updateBiases: false)
        let sections = Self.sections(Self.text(.step(step, single: true)))
        #expect(sections[0].last == "biases not updated (updateBiases: false)")
        #expect(sections.count == 1 + 2 * 3)
    }

    // MARK: - Layer lists

    @Test func layerListTitlesEntriesWithTheSymbol() throws {
        let net = try Self.mazur()
        let weights = LayerList(name: "weights", symbol: "W", first: 1, values: [.matrix(try net.weights(1)), .matrix(try net.weights(2))], setter: nil)
        #expect(Self.text(.layers(weights)) == """
            LayerList<Matrix>(weights, layers 1…2)

            W^1 2×2
                   j = 0  j = 1
            k = 0   0.15    0.2
            k = 1   0.25    0.3

            W^2 2×2
                   j = 0  j = 1
            k = 0    0.4   0.45
            k = 1    0.5   0.55
            """)
        let biases = LayerList(name: "biases", symbol: "b", first: 1, values: [.vector(try net.biases(1))], setter: nil)
        #expect(Self.text(.layers(biases)) == """
            LayerList<Vector>(biases, layers 1…1)

            b^1 (2)
            k = 0  0.35
            k = 1  0.35
            """)
        let pass = try net.forward(Dataset.xor.inputs)
        let z = LayerList(name: "z", symbol: "z", first: 1, values: [.matrix(try pass.z(1))], setter: nil)
        #expect(Self.sections(Self.text(.layers(z)))[1].prefix(3) == ["z^1 4×2", "       k = 0  k = 1", "s = 0   0.35   0.35"])
    }

    @Test func largeLayerListIsSummarised() throws {
        let big = try Matrix.random(rows: 50, columns: 60, seed: 3)
        let list = LayerList(name: "weights", symbol: "W", first: 1, values: Array(repeating: .matrix(big), count: 45), setter: nil)
        let sections = Self.sections(Self.text(.layers(list)))
        #expect(sections.count == 1 + 11)
        #expect(sections[6] == ["⋮ layers 6…40 not shown"])
        #expect(sections[11][0] == "W^45 50×60")
        #expect(sections[1].count == 1 + 1 + 11)
        #expect(sections[1][1].split(separator: " ").filter { $0 != "=" && $0 != "j" } == ["0", "1", "2", "3", "4", "…", "55", "56", "57", "58", "59"])
        #expect(sections[1].contains { $0.hasPrefix("⋮") && $0.contains("⋱") })
    }

    // MARK: - History

    @Test func historySummaryAndEvenlySpacedTable() throws {
        var net = try Network(inputs: 2, layers: [Dense(3), Dense(1)], seed: 1)
        let history = try net.train(on: .xor, options: TrainingOptions(epochs: 2000, learningRate: 2, batchSize: 4))
        let lines = Self.text(.history(history)).split(separator: "\n")
        #expect(lines[0] == "History: 2000 of 2000 epochs, final loss \(try #require(history.loss.last)), accuracy 100%")
        #expect(lines[1] == "η = 2.0, batch size 4, squaredError, sgd; 4 samples, 1 step per epoch")
        #expect(lines[2] == "epoch        loss  accuracy")
        #expect(lines.count == 3 + 11)
        #expect(lines[3...].map { $0.split(separator: " ")[0] } == ["1", "200", "400", "600", "800", "1000", "1200", "1400", "1600", "1800", "2000"])
        #expect(Set(lines[2...].map(\.count)).count == 1)
        #expect(lines[3] == "    1    0.127363       50%")
    }

    @Test func shortAndInterruptedHistories() throws {
        var net = try Network(inputs: 2, layers: [Dense(2), Dense(1)])
        let short = try net.train(on: .and, options: TrainingOptions(epochs: 3, learningRate: 0.5, batchSize: 4, optimizer: .momentum(0.9)))
        let lines = Self.text(.history(short)).split(separator: "\n")
        #expect(lines.count == 3 + 3)
        #expect(lines[1] == "η = 0.5, batch size 4, squaredError, momentum(0.9); 4 samples, 1 step per epoch")
        var stops = 0
        let stopped = try net.train(on: .and, options: TrainingOptions(epochs: 10, learningRate: 0.5, batchSize: 1), shouldStop: {
            stops += 1
            return stops > 6
        })
        let text = Self.text(.history(stopped)).split(separator: "\n")
        #expect(text[0].hasPrefix("History: 1 of 10 epochs, final loss "))
        #expect(text[0].hasSuffix(", interrupted"))
        #expect(text[1] == "interrupted: finished 1 of 10 epochs and 2 of 4 steps of epoch 2 (6 steps)")
        let none = try net.train(on: .and, options: TrainingOptions(epochs: 0, learningRate: 0.5))
        #expect(Self.line(.history(none)) == "History(0 of 0 epochs)")
        #expect(Self.text(.history(none)).split(separator: "\n").last == "no epoch finished")
    }

    // MARK: - Gradient check

    @Test func gradientCheckTable() throws {
        let net = try Self.mazur()
        let check = try net.gradientCheck(try Self.x, target: try Self.y, loss: .squaredError)
        let lines = Self.text(.check(check)).split(separator: "\n")
        #expect(lines[0] == "GradientCheck: 12 parameters compared, max relative error \(check.maxRelativeError), threshold \(check.threshold): passed")
        #expect(lines[1] == "ε = 1e-05; W^l[k,j] is the weight into node k of layer l from node j of layer l−1")
        #expect(lines[2].hasPrefix("parameter"))
        #expect(lines.count == 3 + 12)
        #expect(lines[3].hasPrefix("W^1[0,0]  "))
        #expect(lines[4].hasPrefix("W^1[0,1]  "))
        #expect(lines[7].hasPrefix("b^1[0]    "))
        #expect(lines.last?.hasPrefix("b^2[1]    ") == true)
        #expect(lines[3...].allSatisfy { $0.hasSuffix("  ok") })
        #expect(lines[3].contains("0.000438568"))
        #expect(Set(lines[3...].map(\.count)).count == 1)
    }

    @Test func failingLargeAndInterruptedGradientChecks() throws {
        // A relu node sitting exactly at its kink: backprop says 0, finite differences 0.5.
        var kinked = try Network(inputs: 1, layers: [Dense(1, activation: .relu), Dense(1, activation: .linear)])
        try kinked.setWeights(1, Matrix(rowArrays: [[1]]))
        try kinked.setWeights(2, Matrix(rowArrays: [[1]]))
        let failed = try kinked.gradientCheck(try Matrix(rowArrays: [[0]]), target: try Matrix(rowArrays: [[1]]), loss: .squaredError)
        let failedLines = Self.text(.check(failed)).split(separator: "\n")
        #expect(failedLines[0].hasSuffix("threshold 0.0001: FAILED"))
        #expect(failedLines.contains { $0.hasPrefix("b^1[0]") && $0.hasSuffix("  FAIL") })
        #expect(Self.line(.check(failed)) == "GradientCheck(4 parameters, max relative error 1.0, FAILED)")

        let large = try Network(inputs: 4, layers: [Dense(8), Dense(8), Dense(2)])
        let x = try Matrix(rowArrays: [[0.1, 0.2, 0.3, 0.4]]), y = try Matrix(rowArrays: [[0, 1]])
        let check = try large.gradientCheck(x, target: y, loss: .squaredError)
        let lines = Self.text(.check(check)).split(separator: "\n")
        #expect(lines.count == 3 + 11)
        #expect(lines[8].hasPrefix("⋮"))
        #expect(lines.last?.hasPrefix("b^3[1]") == true)

        var asked = 0
        let stopped = try large.gradientCheck(x, target: y, loss: .squaredError, shouldStop: {
            asked += 1
            return asked > 3
        })
        #expect(Self.line(.check(stopped)).hasSuffix(", interrupted)"))
        #expect(Self.text(.check(stopped)).split(separator: "\n")[0].hasSuffix("passed, interrupted before every parameter was compared"))
    }

    // MARK: - Plots

    @Test func lossChart() throws {
        var net = try Network(inputs: 2, layers: [Dense(3), Dense(1)], seed: 1)
        let history = try net.train(on: .xor, options: TrainingOptions(epochs: 2000, learningRate: 2, batchSize: 4))
        let lines = Self.text(.plot(.history(history, logScale: false))).split(separator: "\n")
        #expect(lines[0] == "loss per epoch")
        #expect(lines.count == 1 + 12 + 4)
        let chart = lines[1...12]
        #expect(chart.first?.hasPrefix("  0.1274 ┤*") == true)
        #expect(chart.last?.hasPrefix("0.001672 ┤") == true)
        #expect(chart.last?.hasSuffix("*") == true)
        #expect(chart.dropFirst().dropLast().allSatisfy { $0.hasPrefix("         │") })
        #expect(chart.allSatisfy { $0.count <= 10 + 60 })
        #expect(lines[13] == "         └" + String(repeating: "─", count: 60))
        #expect(lines[14].hasPrefix("          1 ") && lines[14].hasSuffix(" 2000"))
        #expect(lines[14].count == 10 + 60)
        #expect(lines[15].drop { $0 == " " } == "epoch")
        #expect(lines[16] == "final loss 0.00167159, accuracy 100% after 2000 of 2000 epochs")
        // Every column has a point: the curve is connected.
        for column in 10..<70 {
            #expect(chart.contains { Array($0).count > column && Array($0)[column] == "*" })
        }
    }

    @Test func lossChartOnALogScale() throws {
        var net = try Network(inputs: 2, layers: [Dense(3), Dense(1)], seed: 1)
        let history = try net.train(on: .xor, options: TrainingOptions(epochs: 2000, learningRate: 2, batchSize: 4))
        #expect(Self.line(.plot(.history(history, logScale: true))) == "Plot(loss curve on a log scale, 2000 epochs)")
        let lines = Self.text(.plot(.history(history, logScale: true))).split(separator: "\n")
        #expect(lines[0] == "loss per epoch (log scale)")
        // The footer names the loss itself, not its logarithm.
        #expect(lines.last == "final loss 0.00167159, accuracy 100% after 2000 of 2000 epochs")
        // The same extremes label the axis; in between, the curve sits higher than on a linear
        // axis (log spreads the small losses out).
        let chart = lines[1...12]
        #expect(chart.first?.hasPrefix("  0.1274 ┤*") == true)
        #expect(chart.last?.hasPrefix("0.001672 ┤") == true)
        let linear = Self.text(.plot(.history(history, logScale: false))).split(separator: "\n")[1...12]
        func rowOfColumn(_ rows: ArraySlice<Substring>, _ column: Int) -> Int? {
            rows.firstIndex { Array($0).count > column && Array($0)[column] == "*" }
        }
        let middle = 40
        #expect((rowOfColumn(chart, middle) ?? 99) < (rowOfColumn(linear, middle) ?? 0))
    }

    @Test func lossChartOfAFewEpochsAndOfNone() throws {
        var net = try Network(inputs: 2, layers: [Dense(2), Dense(1)])
        let few = try net.train(on: .or, options: TrainingOptions(epochs: 3, learningRate: 1, batchSize: 4))
        let lines = Self.text(.plot(.history(few, logScale: false))).split(separator: "\n")
        #expect(lines.count == 17)
        #expect(lines[14].hasSuffix(" 3"))
        let none = try net.train(on: .or, options: TrainingOptions(epochs: 0, learningRate: 1))
        #expect(Self.text(.plot(.history(none, logScale: false))) == "loss per epoch: no finished epoch to plot")
    }

    @Test func decisionBoundarySplitsAtHalf() throws {
        let data = try Dataset(
            inputs: try Matrix(rowArrays: [[0, 0], [1, 1], [0.2, 0.8], [0.9, 0.1]]),
            targets: try Matrix(rowArrays: [[0], [1], [0], [1]]))
        let lines = Self.text(.plot(.decisionBoundary(try Self.splitter(), data))).split(separator: "\n")
        #expect(lines[0] == "decision boundary of 2-1 on 4 samples (x0 across, x1 up), accuracy 100%")
        #expect(lines.count == 1 + 20 + 4)
        let grid = lines[1...20].map { line in Array(line.split(separator: "┤", maxSplits: 1).last.map { $0.split(separator: "│").last ?? $0 } ?? line) }
        #expect(grid.allSatisfy { $0.count == 48 })
        #expect(grid.allSatisfy { row in row[..<24].allSatisfy { $0 == "." || $0 == "o" } })
        #expect(grid.allSatisfy { row in row[24...].allSatisfy { $0 == "#" || $0 == "x" } })
        #expect(grid.joined().filter { $0 == "o" }.count == 2)
        #expect(grid.joined().filter { $0 == "x" }.count == 2)
        #expect(lines[1].hasPrefix(" 1.1 ┤"))
        #expect(lines[20].hasPrefix("-0.1 ┤"))
        #expect(lines[22] == "      -0.1" + String(repeating: " ", count: 48 - 4 - 3) + "1.1")
        #expect(lines[24] == "legend: . predicted 0   # predicted 1   o sample with target 0   x sample with target 1")
    }

    @Test func decisionBoundaryForClassesAndItsLimits() throws {
        var net = try Network(inputs: 2, layers: [Dense(8, activation: .tanh), Dense(3, activation: .softmax)])
        let data = try Dataset.blobs(centers: 3, count: 60)
        _ = try net.train(on: data, options: TrainingOptions(epochs: 50, learningRate: 0.05, loss: .categoricalCrossEntropy, optimizer: .adam(beta1: 0.9, beta2: 0.999)))
        let text = Self.text(.plot(.decisionBoundary(net, data)))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 25)
        #expect(lines.last == "legend: 0…2 predicted class   A…C samples of class 0…2")
        #expect(lines[1...20].joined().contains { "ABC".contains($0) })
        #expect(lines[1...20].joined().contains { "012".contains($0) })
        let wide = try Network(inputs: 3, layers: [Dense(1)])
        #expect(Self.text(.plot(.decisionBoundary(wide, data))) == "decisionBoundary draws the plane of 2 inputs, but the network takes 3 inputs")
    }

    @Test func diagramOfASmallNetwork() throws {
        #expect(Self.text(.plot(.diagram(try Self.mazur(), values: nil))) == """
            Network: 2 inputs → 2 → 2, 12 parameters
             layer 0 →  layer 1 →  layer 2
              input     sigmoid    sigmoid
             2 nodes    2 nodes    2 nodes

                o          o          o
                o          o          o

            layer 1 (sigmoid): z^1_k = Σ_j W^1_kj a^0_j + b^1_k
              k = 0:  W^1_00 = 0.15  W^1_01 = 0.2  b^1_0 = 0.35
              k = 1:  W^1_10 = 0.25  W^1_11 = 0.3  b^1_1 = 0.35

            layer 2 (sigmoid): z^2_k = Σ_j W^2_kj a^1_j + b^2_k
              k = 0:  W^2_00 = 0.4  W^2_01 = 0.45  b^2_0 = 0.6
              k = 1:  W^2_10 = 0.5  W^2_11 = 0.55  b^2_1 = 0.6
            """)
    }

    @Test func diagramOfALargeNetwork() throws {
        let net = try Network(inputs: 2, layers: [Dense(16, activation: .relu), Dense(3, useBias: false)] + (0..<12).map { _ in try Dense(2) })
        let text = Self.text(.plot(.diagram(net, values: nil)))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1].contains("layer 0 →"))
        #expect(lines[1].contains("… →"))
        #expect(lines[1].hasSuffix("layer 14"))
        #expect(lines.contains { $0.contains("(16)") })
        #expect(text.contains("  W^1 is 16×2: too many nodes to list (see weights[1])"))
        #expect(text.contains("layer 2 (sigmoid): z^2_k = Σ_j W^2_kj a^1_j\n  W^2 is 3×16"))
        #expect(text.contains("layer 3 (sigmoid): z^3_k = Σ_j W^3_kj a^2_j + b^3_k\n  k = 0:  W^3_00 = "))
    }
}
