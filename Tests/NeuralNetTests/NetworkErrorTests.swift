import Testing

@testable import NeuralNet

// Every shape and argument error of the network API, with its exact message, and that a call
// that fails changes nothing.

/// Expects `body` to throw a ``MathError`` of `kind` with exactly `message`.
private func expectError(
    _ kind: MathError.Kind, _ message: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    let error = #expect(throws: MathError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return }
    #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
    #expect(error.message == message, sourceLocation: sourceLocation)
}

@Suite struct NetworkErrorTests {
    /// A 2-3-1 sigmoid network with nonzero biases.
    let net: Network
    /// One sample and its target.
    let x: Matrix, y: Matrix

    init() throws {
        var net = try Network(inputs: 2, layers: [Dense(3, activation: .sigmoid), Dense(1, activation: .sigmoid)], seed: 42)
        try net.setBiases(1, Vector([0.1, 0.2, 0.3]))
        try net.setBiases(2, Vector([-0.4]))
        self.net = net
        x = try Matrix(rowArrays: [[0.05, 0.10]])
        y = try Matrix(rowArrays: [[0.01]])
    }

    // MARK: - Inputs and targets

    @Test func wrongInputWidth() throws {
        let wide = try Matrix(rowArrays: [[1, 2, 3]])
        let message = "the input is 1×3 but the network takes 2 inputs: give a vector of 2 or a batch with 2 columns, one row per sample"
        expectError(.shape, message) { _ = try net.forward(wide) }
        expectError(.shape, message) { _ = try net.predict(wide) }
        expectError(.shape, message) { _ = try net.backward(wide, target: y, loss: .squaredError) }
        expectError(.shape, message) { _ = try net.loss(wide, target: y, loss: .squaredError) }
        expectError(.shape, message) { _ = try net.accuracy(wide, target: y) }
        expectError(.shape, message) { _ = try net.gradientCheck(wide, target: y, loss: .squaredError) }
        var copy = net
        expectError(.shape, message) { _ = try copy.step(wide, target: y, learningRate: 0.5, loss: .squaredError) }
        let batch = try Matrix(rows: 4, columns: 1, repeating: 0.5)
        expectError(
            .shape, "the input is 4×1 but the network takes 2 inputs: give a vector of 2 or a batch with 2 columns, one row per sample"
        ) { _ = try net.forward(batch) }
    }

    @Test func emptyBatch() throws {
        let message = "the input batch is empty: give at least one sample"
        let empty = try Matrix(rows: 0, columns: 2, repeating: 0)
        let nothing = try Matrix(rowArrays: [])
        for input in [empty, nothing] {
            expectError(.value, message) { _ = try net.forward(input) }
            expectError(.value, message) { _ = try net.backward(input, target: Matrix(rows: 0, columns: 1, repeating: 0), loss: .squaredError) }
            expectError(.value, message) { _ = try net.loss(input, target: Matrix(rows: 0, columns: 1, repeating: 0), loss: .squaredError) }
            var copy = net
            expectError(.value, message) {
                _ = try copy.step(input, target: Matrix(rows: 0, columns: 1, repeating: 0), learningRate: 0.5, loss: .squaredError)
            }
        }
    }

    @Test func wrongTargetShape() throws {
        expectError(.shape, "the target is 1×2 but the output is 1×1 (1 sample × 1 output): they must have the same shape") {
            _ = try net.backward(x, target: Matrix(rowArrays: [[0.1, 0.2]]), loss: .squaredError)
        }
        let batch = try Matrix(rows: 4, columns: 2, repeating: 0.5)
        let message = "the target is 3×1 but the output is 4×1 (4 samples × 1 output): they must have the same shape"
        let short = try Matrix(rows: 3, columns: 1, repeating: 0)
        expectError(.shape, message) { _ = try net.backward(batch, target: short, loss: .squaredError) }
        expectError(.shape, message) { _ = try net.loss(batch, target: short, loss: .squaredError) }
        expectError(.shape, message) { _ = try net.accuracy(batch, target: short) }
        expectError(.shape, message) { _ = try net.gradientCheck(batch, target: short, loss: .squaredError) }
        var copy = net
        expectError(.shape, message) { _ = try copy.step(batch, target: short, learningRate: 0.1, loss: .squaredError) }
        let three = try Network(inputs: 2, layers: [Dense(3, activation: .softmax)])
        expectError(.shape, "the target is 2×2 but the output is 2×3 (2 samples × 3 outputs): they must have the same shape") {
            _ = try three.backward(Matrix(rows: 2, columns: 2, repeating: 0), target: Matrix(rows: 2, columns: 2, repeating: 0), loss: .categoricalCrossEntropy)
        }
        // The loss function alone.
        expectError(.shape, "the output is 1×2 but the target is 1×3: they must have the same shape") {
            _ = try Loss.squaredError.value(output: Matrix(rowArrays: [[1, 2]]), target: Matrix(rowArrays: [[1, 2, 3]]))
        }
    }

    @Test func crossEntropyNeedsProbabilities() throws {
        let linear = try Network(inputs: 2, layers: [Dense(2, activation: .tanh), Dense(1, activation: .linear)])
        let message = ".crossEntropy takes logarithms of the outputs, which must lie in (0, 1): make the output layer .sigmoid or .softmax (it is .linear)"
        expectError(.value, message) { _ = try linear.backward(x, target: y, loss: .crossEntropy) }
        expectError(.value, message) { _ = try linear.loss(x, target: y, loss: .crossEntropy) }
        expectError(.value, message) { _ = try linear.gradientCheck(x, target: y, loss: .crossEntropy) }
        var copy = linear
        expectError(.value, message) { _ = try copy.step(x, target: y, learningRate: 0.1, loss: .crossEntropy) }
        expectError(.value, message) {
            _ = try copy.train(on: .xor, options: TrainingOptions(epochs: 1, learningRate: 0.1, loss: .crossEntropy))
        }
        #expect(try parameterBits(copy) == parameterBits(linear))
        let relu = try Network(inputs: 2, layers: [Dense(2, activation: .relu)])
        expectError(
            .value,
            ".categoricalCrossEntropy takes logarithms of the outputs, which must lie in (0, 1): make the output layer .sigmoid or .softmax (it is .relu)"
        ) { _ = try relu.backward(x, target: Matrix(rowArrays: [[0, 1]]), loss: .categoricalCrossEntropy) }
        // The squared errors take any output; accuracy takes any output.
        #expect(try linear.loss(x, target: y, loss: .squaredError) >= 0)
        #expect(try linear.accuracy(x, target: y) >= 0)
    }

    // MARK: - Parameters by layer number

    @Test func setWeightsWithTheWrongShapeNamesBothShapes() throws {
        var copy = net
        expectError(.shape, "weights[1] is 3×2 (n_1 × n_0: 3 receiving nodes k, 2 emitting nodes j), but the new value is 2×3") {
            try copy.setWeights(1, Matrix(rows: 2, columns: 3, repeating: 0))
        }
        expectError(.shape, "weights[1] is 3×2 (n_1 × n_0: 3 receiving nodes k, 2 emitting nodes j), but the new value is 0×0") {
            try copy.setWeights(1, Matrix(rowArrays: []))
        }
        #expect(try parameterBits(copy) == parameterBits(net))
    }

    @Test func setBiasesWithTheWrongLength() throws {
        var copy = net
        expectError(.shape, "biases[1] has 3 entries (one per node of layer 1), but the new value has 2") {
            try copy.setBiases(1, Vector([1, 2]))
        }
        expectError(.shape, "biases[1] has 3 entries (one per node of layer 1), but the new value has 0") {
            try copy.setBiases(1, Vector([]))
        }
        var noBias = try Network(inputs: 2, layers: [Dense(2, useBias: false), Dense(1)])
        expectError(.value, "layer 1 was made with useBias: false, so its biases stay 0") {
            try noBias.setBiases(1, Vector([0, 0.5]))
        }
        // Zeros are what it has, so setting them is fine.
        try noBias.setBiases(1, Vector([0, 0]))
        #expect(try parameterBits(copy) == parameterBits(net))
    }

    /// A count of 1 takes the singular noun in every shape message.
    @Test func countsOfOneTakeTheSingular() throws {
        let single = try Network(inputs: 1, layers: [Dense(1)])
        expectError(.shape, "the input is 1×2 but the network takes 1 input: give a vector of 1 or a batch with 1 column, one row per sample") {
            _ = try single.forward(Matrix(rowArrays: [[1, 2]]))
        }
        var copy = net
        expectError(.shape, "weights[2] is 1×3 (n_2 × n_1: 1 receiving node k, 3 emitting nodes j), but the new value is 3×1") {
            try copy.setWeights(2, Matrix(rows: 3, columns: 1, repeating: 0))
        }
        expectError(.shape, "biases[2] has 1 entry (one per node of layer 2), but the new value has 3") {
            try copy.setBiases(2, Vector([1, 2, 3]))
        }
        #expect(try parameterBits(copy) == parameterBits(net))
    }

    @Test func layerNumbersOutOfRange() throws {
        var copy = net
        let pass = try net.forward(x)
        let g = try net.backward(x, target: y, loss: .squaredError)
        let report = try copy.step(x, target: y, learningRate: 0.1, loss: .squaredError)
        copy = net
        func zero(_ name: String) -> String {
            "\(name)[0] does not exist: layer 0 is the input layer, which has no \(name); the layers with weights are 1…2"
        }
        func beyond(_ name: String, _ l: Int) -> String { "\(name)[\(l)] does not exist: the layers are 1…2" }
        let accessors: [(String, (Int) throws -> Void)] = [
            ("weights", { _ = try net.weights($0) }),
            ("biases", { _ = try net.biases($0) }),
            ("weights", { try copy.setWeights($0, Matrix(rows: 3, columns: 2, repeating: 0)) }),
            ("biases", { try copy.setBiases($0, Vector([0, 0, 0])) }),
            ("z", { _ = try pass.z($0) }),
            ("delta", { _ = try g.delta($0) }),
            ("dW", { _ = try g.dW($0) }),
            ("db", { _ = try g.db($0) }),
            ("before", { _ = try report.before($0) }),
            ("change", { _ = try report.change($0) }),
            ("after", { _ = try report.after($0) }),
            ("biasBefore", { _ = try report.biasBefore($0) }),
            ("biasChange", { _ = try report.biasChange($0) }),
            ("biasAfter", { _ = try report.biasAfter($0) }),
        ]
        for (name, access) in accessors {
            expectError(.value, zero(name)) { try access(0) }
            expectError(.value, beyond(name, 3)) { try access(3) }
            expectError(.value, beyond(name, -1)) { try access(-1) }
            expectError(.value, beyond(name, Int.max)) { try access(Int.max) }
            expectError(.value, beyond(name, Int.min)) { try access(Int.min) }
        }
        // a^l includes the input layer: a^0 = x.
        #expect(try pass.a(0) == x)
        expectError(.value, "a[3] does not exist: the layers are 0…2") { _ = try pass.a(3) }
        expectError(.value, "a[-1] does not exist: the layers are 0…2") { _ = try pass.a(-1) }
        #expect(try parameterBits(copy) == parameterBits(net))
    }

    // MARK: - Building

    @Test func badLayersAndNetworks() throws {
        expectError(.value, "a Dense layer needs between 1 and 1048576 units, got 0") { _ = try Dense(0) }
        expectError(.value, "a Dense layer needs between 1 and 1048576 units, got -3") { _ = try Dense(-3, activation: .relu) }
        expectError(.value, "a Dense layer needs between 1 and 1048576 units, got 1048577") { _ = try Dense(Dense.maximumUnits + 1) }
        #expect(try Dense(Dense.maximumUnits).units == 1 << 20)
        expectError(.value, "a network needs at least one layer: add Dense(…) layers in its block") {
            _ = try Network(inputs: 2, layers: [])
        }
        expectError(.value, "a network needs between 1 and 1048576 inputs, got 0") { _ = try Network(inputs: 0, layers: [Dense(1)]) }
        expectError(.value, "a network needs between 1 and 1048576 inputs, got -1") { _ = try Network(inputs: -1, layers: [Dense(1)]) }
        expectError(.value, "a network needs between 1 and 1048576 inputs, got 1048577") {
            _ = try Network(inputs: Dense.maximumUnits + 1, layers: [Dense(1)])
        }
        expectError(.value, "a network may have at most 1000 layers, got 1001") {
            _ = try Network(inputs: 1, layers: Array(repeating: try Dense(1), count: 1001))
        }
        expectError(.value, "the network would have more than 134217728 weights") {
            _ = try Network(inputs: 1 << 20, layers: [Dense(1 << 10), Dense(1)])
        }
        expectError(.value, "softmax is for the output layer only, but layer 1 of 2 uses it: use .sigmoid, .tanh or .relu there") {
            _ = try Network(inputs: 2, layers: [Dense(3, activation: .softmax), Dense(1)])
        }
        expectError(.value, "softmax is for the output layer only, but layer 2 of 3 uses it: use .sigmoid, .tanh or .relu there") {
            _ = try Network(inputs: 2, layers: [Dense(3, activation: .tanh), Dense(3, activation: .softmax), Dense(2, activation: .softmax)])
        }
        #expect(try Network(inputs: 2, layers: [Dense(3, activation: .tanh), Dense(2, activation: .softmax)]).sizes == [2, 3, 2])
    }

    @Test func badUniformBounds() throws {
        expectError(.value, "uniform(1.0, -1.0) needs finite bounds with low ≤ high") {
            _ = try Network(inputs: 2, layers: [Dense(1)], initializer: .uniform(1, -1))
        }
        expectError(.value, "uniform(0.0, inf) needs finite bounds with low ≤ high") {
            _ = try Network(inputs: 2, layers: [Dense(1)], initializer: .uniform(0, .infinity))
        }
        expectError(.value, "uniform(nan, 1.0) needs finite bounds with low ≤ high") {
            _ = try Network(inputs: 2, layers: [Dense(1)], initializer: .uniform(.nan, 1))
        }
        // Equal bounds are allowed: every weight is that number.
        let constant = try Network(inputs: 2, layers: [Dense(2)], initializer: .uniform(0.25, 0.25))
        #expect(try constant.weights(1).elements == [0.25, 0.25, 0.25, 0.25])
    }

    // MARK: - Steps, checks and training

    @Test func badLearningRates() throws {
        var copy = net
        for (rate, text) in [(-0.5, "-0.5"), (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf")] {
            let message = "the learning rate must be a finite number ≥ 0, got \(text)"
            expectError(.value, message) { _ = try copy.step(x, target: y, learningRate: rate, loss: .squaredError) }
            expectError(.value, message) { _ = try copy.train(on: .xor, options: TrainingOptions(epochs: 1, learningRate: rate)) }
        }
        #expect(try parameterBits(copy) == parameterBits(net))
        // 0 is allowed and changes nothing.
        _ = try copy.step(x, target: y, learningRate: 0, loss: .squaredError)
        #expect(try parameterBits(copy) == parameterBits(net))
    }

    @Test func badOptimizerCoefficients() throws {
        let cases: [(Optimizer, String)] = [
            (.momentum(1), "the momentum coefficient of .momentum(1.0) must lie in [0, 1), got 1.0"),
            (.momentum(-0.1), "the momentum coefficient of .momentum(-0.1) must lie in [0, 1), got -0.1"),
            (.adam(beta1: 1.5, beta2: 0.999), "the beta1 coefficient of .adam(beta1: 1.5, beta2: 0.999) must lie in [0, 1), got 1.5"),
            (.adam(beta1: 0.9, beta2: -0.1), "the beta2 coefficient of .adam(beta1: 0.9, beta2: -0.1) must lie in [0, 1), got -0.1"),
            (.rmsprop(decay: .nan), "the decay coefficient of .rmsprop(decay: nan) must lie in [0, 1), got nan"),
            (.rmsprop(decay: 1), "the decay coefficient of .rmsprop(decay: 1.0) must lie in [0, 1), got 1.0"),
        ]
        var copy = net
        for (optimizer, message) in cases {
            expectError(.value, message) { try optimizer.validate() }
            expectError(.value, message) {
                _ = try copy.train(on: .xor, options: TrainingOptions(epochs: 1, learningRate: 0.1, optimizer: optimizer))
            }
        }
        #expect(try parameterBits(copy) == parameterBits(net))
        try Optimizer.momentum(0).validate()
        try Optimizer.adam(beta1: 0, beta2: 0.999999).validate()
    }

    @Test func badEpsilon() throws {
        for (epsilon, text) in [(0.0, "0.0"), (-1e-5, "-1e-05"), (Double.nan, "nan"), (Double.infinity, "inf")] {
            expectError(.value, "epsilon must be a positive finite number, got \(text)") {
                _ = try net.gradientCheck(x, target: y, loss: .squaredError, epsilon: epsilon)
            }
        }
    }

    @Test func badTrainingOptions() throws {
        var copy = net
        let cases: [(TrainingOptions, String)] = [
            (TrainingOptions(epochs: -1, learningRate: 0.1), "epochs must be between 0 and 100000000, got -1"),
            (TrainingOptions(epochs: 100_000_001, learningRate: 0.1), "epochs must be between 0 and 100000000, got 100000001"),
            (TrainingOptions(epochs: 1, learningRate: 0.1, batchSize: 0), "batchSize must be at least 1, got 0"),
            (TrainingOptions(epochs: 1, learningRate: 0.1, batchSize: -4), "batchSize must be at least 1, got -4"),
            (TrainingOptions(epochs: 1, learningRate: 0.1, l2: -0.1), "l2 must be a finite number ≥ 0, got -0.1"),
            (TrainingOptions(epochs: 1, learningRate: 0.1, l2: .infinity), "l2 must be a finite number ≥ 0, got inf"),
            (TrainingOptions(epochs: 1, learningRate: 0.1, l2: .nan), "l2 must be a finite number ≥ 0, got nan"),
        ]
        for (options, message) in cases {
            expectError(.value, message) { try options.validate() }
            expectError(.value, message) { _ = try copy.train(on: .xor, options: options) }
        }
        #expect(try parameterBits(copy) == parameterBits(net))
    }

    @Test func dataThatDoesNotFitTheNetwork() throws {
        var three = try Network(inputs: 3, layers: [Dense(2), Dense(1)])
        let before = try parameterBits(three)
        expectError(.shape, "the data has 2 inputs and 1 target per sample, but the network takes 3 and gives 1") {
            _ = try three.train(on: .xor, options: TrainingOptions(epochs: 1, learningRate: 0.1))
        }
        var twoOut = try Network(inputs: 2, layers: [Dense(2), Dense(2)])
        expectError(.shape, "the data has 2 inputs and 1 target per sample, but the network takes 2 and gives 2") {
            _ = try twoOut.train(on: .xor, options: TrainingOptions(epochs: 1, learningRate: 0.1))
        }
        let oneColumn = try Dataset(inputs: Matrix(rowArrays: [[1], [2]]), targets: Matrix(rowArrays: [[0, 1], [1, 0]]))
        expectError(.shape, "the data has 1 input and 2 targets per sample, but the network takes 3 and gives 1") {
            _ = try three.train(on: oneColumn, options: TrainingOptions(epochs: 1, learningRate: 0.1))
        }
        #expect(try parameterBits(three) == before)
    }

    // MARK: - A failing call changes nothing

    @Test func failingCallsLeaveEveryWeightUnchanged() throws {
        var copy = net
        let original = try parameterBits(net)
        let wide = try Matrix(rowArrays: [[1, 2, 3]])
        // Steps: bad rate, bad input, bad target, bad loss for the output.
        _ = try? copy.step(x, target: y, learningRate: -1, loss: .squaredError)
        _ = try? copy.step(wide, target: y, learningRate: 0.5, loss: .squaredError)
        _ = try? copy.step(x, target: Matrix(rowArrays: [[1, 2]]), learningRate: 0.5, loss: .squaredError)
        _ = try? copy.step(x, target: y, learningRate: .nan, loss: .crossEntropy)
        #expect(try parameterBits(copy) == original)
        // Training: every bad option, and data that does not fit.
        _ = try? copy.train(on: .xor, options: TrainingOptions(epochs: 5, learningRate: 0.5, batchSize: 0))
        _ = try? copy.train(on: .xor, options: TrainingOptions(epochs: 5, learningRate: 0.5, optimizer: .momentum(2)))
        _ = try? copy.train(on: .xor, options: TrainingOptions(epochs: 5, learningRate: 0.5, l2: -1))
        _ = try? copy.train(on: .and, options: TrainingOptions(epochs: -5, learningRate: 0.5))
        _ = try? copy.train(on: Dataset.moons(count: 10, noise: 0, seed: 1).samples([0, 1]), options: TrainingOptions(epochs: 5, learningRate: .infinity))
        #expect(try parameterBits(copy) == original)
        // Setting: wrong shapes, wrong layers.
        try? copy.setWeights(1, Matrix(rows: 2, columns: 3, repeating: 9))
        try? copy.setWeights(3, Matrix(rows: 1, columns: 3, repeating: 9))
        try? copy.setWeights(0, Matrix(rows: 3, columns: 2, repeating: 9))
        try? copy.setBiases(1, Vector([9, 9]))
        try? copy.setBiases(0, Vector([9, 9, 9]))
        #expect(try parameterBits(copy) == original)
        // The same calls with good arguments do change the network (so the checks above mean something).
        _ = try copy.step(x, target: y, learningRate: 0.5, loss: .squaredError)
        #expect(try parameterBits(copy) != original)
    }
}

/// Batches whose traces would not fit in memory are refused before anything is allocated.
@Suite struct BatchSizeLimitTests {
    @Test func aBatchTooLargeForTheWidestLayerIsRefused() throws {
        var net = try Network(inputs: 1, layers: [Dense(1 << 18, activation: .linear), Dense(1)], initializer: .zeros)
        let x = try Matrix(rows: 1000, columns: 1, repeating: 0.5)
        let message = "a batch of 1000 samples is too large for a layer of 262144 nodes: it would hold more than 134217728 numbers; use fewer samples at a time"
        expectError(.value, message) { _ = try net.forward(x) }
        expectError(.value, message) { _ = try net.backward(x, target: Matrix(rows: 1000, columns: 1, repeating: 0), loss: .squaredError) }
        let data = try Dataset(inputs: x, targets: Matrix(rows: 1000, columns: 1, repeating: 0))
        expectError(.value, message) { _ = try net.train(on: data, options: TrainingOptions(epochs: 1, learningRate: 0.1, batchSize: 1000)) }
        #expect(try net.forward(Matrix(rows: 2, columns: 1, repeating: 0.5)).output.rows == 2)
    }
}
