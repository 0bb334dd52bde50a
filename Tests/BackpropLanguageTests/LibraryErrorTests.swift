import Foundation
import Testing
@testable import BackpropLanguage

// Every argument error of the library (SPEC §4): its kind, its exact message and where the caret
// points, and that a call that fails changes nothing.

/// A session with a 2-3-1 sigmoid network `net` and a snapshot of its parameters.
private final class NetworkSession {
    let session = Session()

    init(_ definition: String = "let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }") throws {
        try session.run(definition)
    }

    /// Every weight and bias of `net`, printed in full precision.
    func parameters() throws -> String {
        try session.printed("net.weights[1], net.biases[1], net.weights[2], net.biases[2]")
    }

    /// Checks that a cell fails as expected and leaves the network as it was.
    func expectUnchanged(_ markedCode: String, _ kind: ErrorKind, _ message: MessageMatch,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try parameters()
        expectError(markedCode, kind, message, in: session, sourceLocation: sourceLocation)
        #expect(try parameters() == before, "the failed call changed the network", sourceLocation: sourceLocation)
    }
}

@Suite struct LibraryBuilderErrorTests {
    /// The caret goes under the statement that is not a layer (the whole block when it is one expression).
    @Test func nonLayerStatement() {
        expectError("let net = Network(inputs: 2) { Dense(3); ⟪5⟫ }", .typeError,
                    "statement 2 of the Network block gives a value of type 'Int', not a layer: each statement of the block must be a layer such as Dense(3)")
        expectError("let net = Network(inputs: 2) {\n    Dense(3)\n    ⟪\"relu\"⟫\n}", .typeError,
                    .contains("statement 2 of the Network block gives a value of type 'String', not a layer"))
        expectError("let net = Network(inputs: 2) ⟪{ Network(inputs: 2) { Dense(1) } }⟫", .typeError,
                    .contains("statement 1 of the Network block gives a value of type 'Network', not a layer"))
        expectError("let net = Network(inputs: 2) { for n in 1...2 { ⟪n⟫ } }", .typeError,
                    .contains("statement 1 of the Network block gives a value of type 'Int'"))
    }

    @Test func emptyAndMissingBlocks() {
        expectError("let net = ⟪Network(inputs: 2) { }⟫", .valueError,
                    "a network needs at least one layer: add Dense(…) layers in its block")
        expectError("let net = ⟪Network(inputs: 2) { let x = 1 }⟫", .valueError,
                    "a network needs at least one layer: add Dense(…) layers in its block")
        expectError("let net = ⟪Network(inputs: 2)⟫", .typeError,
                    "missing argument in call to Network; the signature is Network(inputs: Int, seed: Int = 0, initializer: Initializer = .xavier) { layers }")
        expectError("let net = Network(inputs: 2, ⟪3⟫)", .typeError,
                    "Network needs a block of layers: Network(inputs: 2) { Dense(3); Dense(1) }")
    }

    @Test func errorsInsideTheBlockPointIntoIt() {
        expectError("let net = Network(inputs: 2) {\n    Dense(3)\n    Dense(⟪1 / 0⟫)\n}", .runtimeError, .contains("division by zero"))
        expectError("let net = Network(inputs: 2) {\n    ⟪Dense(0)⟫\n}", .valueError, "a Dense layer needs between 1 and 1048576 units, got 0")
    }

    @Test func inputsAndLabels() {
        expectError("let net = Network(⟪2⟫) { Dense(2) }", .typeError,
                    .contains("wrong argument in call to Network: found an unlabelled argument, expected 'inputs:'"))
        expectError("let net = ⟪Network(inputs: 0) { Dense(1) }⟫", .valueError, "a network needs between 1 and 1048576 inputs, got 0")
        expectError("let net = ⟪Network(inputs: -3) { Dense(1) }⟫", .valueError, "a network needs between 1 and 1048576 inputs, got -3")
        expectError("let net = Network(inputs: ⟪2.5⟫) { Dense(1) }", .typeError,
                    "expected an Int for the number of inputs, found the Double 2.5; convert it with Int(x)")
        expectError("let net = Network(inputs: 2, seed: ⟪1.5⟫) { Dense(2) }", .typeError,
                    "expected an Int for the seed, found the Double 1.5; convert it with Int(x)")
        expectError("let net = Network(inputs: 2, sed: ⟪1⟫) { Dense(2) }", .typeError, .contains("found 'sed:'"))
    }

    @Test func layers() {
        expectError("let net = Network(inputs: 2) { ⟪Dense(0)⟫ }", .valueError, "a Dense layer needs between 1 and 1048576 units, got 0")
        expectError("let d = ⟪Dense(-2)⟫", .valueError, "a Dense layer needs between 1 and 1048576 units, got -2")
        expectError("let d = Dense(⟪2.0⟫)", .typeError, "expected an Int for the number of units, found the Double 2.0; convert it with Int(x)")
        expectError("let d = ⟪Dense()⟫", .typeError, .contains("missing argument in call to Dense"))
        expectError("let d = Dense(2, activation: ⟪.sigmod⟫)", .valueError,
                    "unknown activation '.sigmod'; use one of .sigmoid, .tanh, .relu, .leakyRelu, .linear, .softmax (did you mean '.sigmoid'?)")
        expectError("let d = Dense(2, activation: ⟪.swish⟫)", .valueError,
                    "unknown activation '.swish'; use one of .sigmoid, .tanh, .relu, .leakyRelu, .linear, .softmax")
        expectError("let d = Dense(2, activation: ⟪.relu(1)⟫)", .typeError, ".relu takes no arguments")
        expectError("let d = Dense(2, activation: ⟪3⟫)", .typeError,
                    "the activation must be one of .sigmoid, .tanh, .relu, .leakyRelu, .linear, .softmax, found a value of type 'Int'")
        expectError("let d = Dense(2, useBias: ⟪1⟫)", .typeError, .contains("useBias"))
    }

    @Test func softmaxOnlyAtTheOutput() {
        expectError("let net = ⟪Network(inputs: 2) { Dense(3, activation: .softmax); Dense(1) }⟫", .valueError,
                    "softmax is for the output layer only, but layer 1 of 2 uses it: use .sigmoid, .tanh or .relu there")
    }

    @Test func tooManyLayers() {
        expectError("let net = ⟪Network(inputs: 2) { for _ in 0..<1001 { Dense(1) } }⟫", .valueError,
                    "a network may have at most 1000 layers, got 1001")
    }

    @Test func hugeNetworksFailWithoutCrashing() throws {
        expectError("let net = ⟪Network(inputs: 100000) { Dense(100000) }⟫", .resourceError,
                    "allocation limit: a network may have at most 67108864 weights in all, this one needs 10000000000")
        expectError("let net = ⟪Network(inputs: 1048576) { Dense(1048576); Dense(1048576) }⟫", .resourceError,
                    .contains("allocation limit"))
        expectError("let net = ⟪Network(inputs: 1) { for _ in 0..<20 { Dense(3000) } }⟫", .resourceError,
                    "allocation limit: a network may have at most 67108864 weights in all, this one needs 171003000")
        // The session's limit is the one named.
        var limits = Limits()
        limits.maxElements = 1000
        expectError("let net = ⟪Network(inputs: 30) { Dense(30); Dense(30) }⟫", .resourceError,
                    "allocation limit: a network may have at most 1000 weights in all, this one needs 1800", in: Session(limits: limits))
        #expect(Session(limits: limits).error("let net = Network(inputs: 10) { Dense(50); Dense(10) }") == nil)
        // A failed definition leaves the name bound to the network it had.
        let session = Session()
        try session.run("var net = Network(inputs: 2) { Dense(1) }")
        expectError("net = ⟪Network(inputs: 100000) { Dense(100000) }⟫", .resourceError, .contains("allocation limit"), in: session)
        #expect(try session.printed("net.sizes") == "[2, 1]")
    }

    @Test func initializers() {
        expectError("let net = Network(inputs: 2, initializer: ⟪.foo⟫) { Dense(1) }", .valueError,
                    "unknown initializer '.foo'; use one of .xavier, .he, .normal, .uniform, .zeros")
        expectError("let net = Network(inputs: 2, initializer: ⟪.hee⟫) { Dense(1) }", .valueError,
                    "unknown initializer '.hee'; use one of .xavier, .he, .normal, .uniform, .zeros (did you mean '.he'?)")
        expectError("let net = Network(inputs: 2, initializer: ⟪.xavir⟫) { Dense(1) }", .valueError,
                    .contains("(did you mean '.xavier'?)"))
        expectError("let net = Network(inputs: 2, initializer: ⟪.uniform(1, -1)⟫) { Dense(2) }", .valueError,
                    "uniform(1.0, -1.0) needs finite bounds with low ≤ high")
        expectError("let net = Network(inputs: 2, initializer: ⟪.uniform(-1, 1, 2)⟫) { Dense(2) }", .typeError,
                    .contains(".uniform takes at most 2 arguments"))
        expectError("let net = Network(inputs: 2, initializer: ⟪.zeros(1)⟫) { Dense(2) }", .typeError, ".zeros takes no arguments")
        expectError("let net = Network(inputs: 2, initializer: ⟪3⟫) { Dense(2) }", .typeError,
                    "the initializer must be one of .xavier, .he, .normal, .uniform, .zeros, found a value of type 'Int'")
    }
}

@Suite struct LibraryMethodErrorTests {
    @Test func wrongInputWidthNamesBothShapes() throws {
        let net = try NetworkSession()
        try net.expectUnchanged("let p = ⟪net.forward([1, 2, 3])⟫", .shapeError,
                                "the input is 1×3 but the network takes 2 inputs: give a vector of 2 or a batch with 2 columns, one row per sample")
        try net.expectUnchanged("let p = ⟪net.predict([[1, 2, 3], [4, 5, 6]])⟫", .shapeError,
                                "the input is 2×3 but the network takes 2 inputs: give a vector of 2 or a batch with 2 columns, one row per sample")
        try net.expectUnchanged("⟪net.step([1], target: [1], learningRate: 0.1)⟫", .shapeError,
                                .contains("the input is 1×1 but the network takes 2 inputs"))
        try net.expectUnchanged("let p = net.forward(⟪[[1, 2], [3]]⟫)", .shapeError,
                                "row 1 has 1 element but row 0 has 2: every row of a matrix must have the same length")
        try net.expectUnchanged("let p = ⟪net.forward(Matrix(rows: 0, columns: 2, repeating: 0))⟫", .valueError,
                                "the input batch is empty: give at least one sample")
        try net.expectUnchanged("let p = net.forward(⟪\"x\"⟫)", .typeError,
                                "the input must be a vector (one sample) or a matrix (one sample per row), found a value of type 'String'")
    }

    @Test func wrongTargetShape() throws {
        let net = try NetworkSession()
        try net.expectUnchanged("let g = ⟪net.backward([1, 2], target: [1, 2])⟫", .shapeError,
                                "the target is 1×2 but the output is 1×1 (1 sample × 1 output): they must have the same shape")
        try net.expectUnchanged("⟪net.step([[1, 2], [3, 4]], target: [[1], [0], [1]], learningRate: 0.5)⟫", .shapeError,
                                "the target is 3×1 but the output is 2×1 (2 samples × 1 output): they must have the same shape")
        try net.expectUnchanged("let c = ⟪net.loss([1, 2], target: [[1, 0]])⟫", .shapeError,
                                .contains("the target is 1×2 but the output is 1×1"))
        try net.expectUnchanged("let g = net.backward([1, 2], target: ⟪\"one\"⟫)", .typeError,
                                "the target must be a vector (one sample) or a matrix (one sample per row), found a value of type 'String'")
    }

    @Test func missingAndWrongLabels() throws {
        let net = try NetworkSession()
        try net.expectUnchanged("let g = ⟪net.backward([1, 2])⟫", .typeError,
                                "missing argument 'target:' in call to backward; the signature is net.backward(_ x: Vector | Matrix, target: Vector | Matrix, loss: Loss = .squaredError) -> Gradients")
        try net.expectUnchanged("let g = net.backward([1, 2], taget: ⟪[1]⟫)", .typeError,
                                .contains("wrong argument in call to backward: found 'taget:', expected 'target:'"))
        try net.expectUnchanged("⟪net.step([1, 2], target: [1])⟫", .typeError,
                                .contains("missing argument 'learningRate:' in call to step"))
        try net.expectUnchanged("net.step([1, 2], target: [1], rate: ⟪0.1⟫)", .typeError, .contains("found 'rate:'"))
        try net.expectUnchanged("let p = ⟪net.forward()⟫", .typeError,
                                "missing argument in call to forward; the signature is net.forward(_ x: Vector | Matrix) -> ForwardPass")
        try net.expectUnchanged("let c = net.copy(⟪1⟫)", .typeError, "extra argument in call to copy; the signature is net.copy() -> Network")
        expectError("let c = net.loss(on: .xor, target: ⟪[1]⟫)", .typeError, .contains("extra argument 'target:' in call to loss"), in: net.session)
        expectError("let a = net.accuracy(⟪.xor⟫)", .typeError, .contains("expected 'on:'"), in: net.session)
    }

    @Test func unknownMethodsAndProperties() throws {
        let net = try NetworkSession()
        expectError("⟪net.foward([1, 2])⟫", .typeError, "a value of type 'Network' has no member 'foward'; did you mean 'forward'?",
                    in: net.session)
        expectError("let w = ⟪net.wieghts⟫", .typeError, "a value of type 'Network' has no member 'wieghts'; did you mean 'weights'?",
                    in: net.session)
        expectError("let p = ⟪net.forward⟫", .typeError, "'forward' is a method of Network; call it with parentheses: .forward(…)",
                    in: net.session)
        expectError("let g = net.backward([1, 2], target: [1])\nlet d = ⟪g.delat⟫", .typeError,
                    "a value of type 'Gradients' has no member 'delat'; did you mean 'delta'?", in: net.session)
    }

    @Test func learningRates() throws {
        let net = try NetworkSession()
        try net.expectUnchanged("⟪net.step([1, 2], target: [1], learningRate: -0.5)⟫", .valueError,
                                "the learning rate must be a finite number ≥ 0, got -0.5")
        try net.expectUnchanged("⟪net.step([1, 2], target: [1], learningRate: 1.0 / 0.0)⟫", .valueError,
                                "the learning rate must be a finite number ≥ 0, got inf")
        try net.expectUnchanged("net.step([1, 2], target: [1], learningRate: ⟪\"fast\"⟫)", .typeError, .contains("learning rate"))
    }

    @Test func lossesThatNeedProbabilities() throws {
        let net = try NetworkSession("let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1, activation: .linear) }")
        try net.expectUnchanged("let g = ⟪net.backward([1, 2], target: [1], loss: .crossEntropy)⟫", .valueError,
                                ".crossEntropy takes logarithms of the outputs, which must lie in (0, 1): make the output layer .sigmoid or .softmax (it is .linear)")
        try net.expectUnchanged("⟪net.step([1, 2], target: [1], learningRate: 0.1, loss: .categoricalCrossEntropy)⟫", .valueError,
                                .contains(".categoricalCrossEntropy takes logarithms", "(it is .linear)"))
        try net.expectUnchanged("⟪net.train(on: .xor, loss: .crossEntropy)⟫", .valueError, .contains(".crossEntropy takes logarithms"))
        expectError("let c = ⟪net.loss(on: .xor, loss: .crossEntropy)⟫", .valueError, .contains(".crossEntropy"), in: net.session)
    }

    @Test func unknownLoss() throws {
        let net = try NetworkSession()
        try net.expectUnchanged("net.step([1, 2], target: [1], learningRate: 0.1, loss: ⟪.nope⟫)", .valueError,
                                "unknown loss '.nope'; use one of .squaredError, .meanSquaredError, .crossEntropy, .categoricalCrossEntropy")
        try net.expectUnchanged("let g = net.backward([1, 2], target: [1], loss: ⟪.squaredEror⟫)", .valueError,
                                .contains("(did you mean '.squaredError'?)"))
        try net.expectUnchanged("let g = net.backward([1, 2], target: [1], loss: ⟪\"mse\"⟫)", .typeError,
                                .contains("the loss must be one of .squaredError"))
    }

    @Test func passListsStartAtTheirFirstLayer() throws {
        let net = try NetworkSession()
        try net.session.run("let pass = net.forward([1, 2])\nlet g = net.backward([1, 2], target: [1])\nlet s = net.copy().step([1, 2], target: [1], learningRate: 0.1)")
        expectError("let z = ⟪pass.z[0]⟫", .valueError,
                    "z[0] does not exist: layer 0 is the input layer, which has no z; use z[1] … z[2]", in: net.session)
        expectError("let a = ⟪pass.a[3]⟫", .valueError, "a[3] does not exist: the layers are 0…2", in: net.session)
        expectError("let d = ⟪g.delta[0]⟫", .valueError,
                    "delta[0] does not exist: layer 0 is the input layer, which has no delta; use delta[1] … delta[2]", in: net.session)
        expectError("let d = ⟪g.dW[3]⟫", .valueError, "dW[3] does not exist: the layers are 1…2", in: net.session)
        expectError("let d = ⟪s.after[0]⟫", .valueError, .contains("after[0] does not exist"), in: net.session)
        expectError("⟪pass⟫.z[1] = [1, 2, 3]", .typeError, "cannot assign to 'pass': it is a 'let' constant; declare it with 'var'",
                    in: net.session)
        expectError("var q = pass\n⟪q.z⟫[1] = [1, 2, 3]", .typeError,
                    "cannot assign to property 'z' of a value of type 'ForwardPass': it is read-only", in: net.session)
    }

    @Test func weightsOfTheWrongType() throws {
        let net = try NetworkSession()
        try net.expectUnchanged("⟪net.weights[1]⟫ = \"x\"", .typeError,
                                "expected a matrix (an array of rows of numbers) for the weights[1], found a value of type 'String'")
        try net.expectUnchanged("⟪net.biases[1]⟫ = [[1, 2, 3]]", .typeError,
                                "expected a vector (an array of numbers) for the biases[1], but element 0 has type '[Double]'")
        try net.expectUnchanged("let w = ⟪net.weights[\"a\"]⟫", .typeError, "an index must be an Int, found a value of type 'String'")
        try net.expectUnchanged("⟪net.weights.append([[1]])⟫", .typeError, "a value of type 'LayerList<Matrix>' has no method 'append'")
    }
}

@Suite struct LibraryTrainingErrorTests {
    @Test func badOptimizers() throws {
        let net = try NetworkSession()
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.adam(beta1: 1.5)⟫)", .valueError,
                                "the beta1 coefficient of .adam(beta1: 1.5, beta2: 0.999) must lie in [0, 1), got 1.5")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.adam(beta2: -0.1)⟫)", .valueError,
                                "the beta2 coefficient of .adam(beta1: 0.9, beta2: -0.1) must lie in [0, 1), got -0.1")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.rmsprop(0.9)⟫)", .typeError,
                                "missing label 'decay:' in .rmsprop(decay: 0.9)")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.adam(0.9, 0.999)⟫)", .typeError,
                                "missing label 'beta1:' in .adam(beta1: 0.9, beta2: 0.999)")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.nope⟫)", .valueError,
                                "unknown optimizer '.nope'; use one of .sgd, .momentum, .adam, .rmsprop")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.adamm⟫)", .valueError,
                                "unknown optimizer '.adamm'; use one of .sgd, .momentum, .adam, .rmsprop (did you mean '.adam'?)")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.momentum(1.0)⟫)", .valueError,
                                "the momentum coefficient of .momentum(1.0) must lie in [0, 1), got 1.0")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.momentum(mu: 0.5)⟫)", .typeError,
                                ".momentum has no argument 'mu:'; it is written .momentum(0.9)")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.adam(beta3: 0.5)⟫)", .typeError,
                                ".adam has no argument 'beta3:'; it is written .adam(beta1: 0.9, beta2: 0.999)")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.sgd(0.1)⟫)", .typeError, ".sgd takes no arguments")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.rmsprop(decay: 0.9, 0.1)⟫)", .typeError,
                                ".rmsprop takes at most 1 argument: .rmsprop(decay: 0.9)")
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪.momentum(\"high\")⟫)", .typeError, .contains(".momentum"))
        try net.expectUnchanged("net.train(on: .xor, epochs: 5, optimizer: ⟪\"adam\"⟫)", .typeError,
                                "the optimizer must be one of .sgd, .momentum, .adam, .rmsprop, found a value of type 'String'")
    }

    @Test func badSettings() throws {
        let net = try NetworkSession()
        try net.expectUnchanged("⟪net.train(on: .xor, epochs: -1)⟫", .valueError, "epochs must be between 0 and 100000000, got -1")
        try net.expectUnchanged("⟪net.train(on: .xor, epochs: 100000001)⟫", .valueError,
                                "epochs must be between 0 and 100000000, got 100000001")
        try net.expectUnchanged("⟪net.train(on: .xor, batchSize: 0)⟫", .valueError, "batchSize must be at least 1, got 0")
        try net.expectUnchanged("⟪net.train(on: .xor, learningRate: -1)⟫", .valueError,
                                "the learning rate must be a finite number ≥ 0, got -1.0")
        try net.expectUnchanged("⟪net.train(on: .xor, l2: -0.5)⟫", .valueError, "l2 must be a finite number ≥ 0, got -0.5")
        try net.expectUnchanged("net.train(on: .xor, epochs: ⟪2.5⟫)", .typeError,
                                "expected an Int for the epochs, found the Double 2.5; convert it with Int(x)")
        try net.expectUnchanged("net.train(on: .xor, shuffle: ⟪1⟫)", .typeError, .contains("shuffle"))
        try net.expectUnchanged("net.train(on: .xor, seed: ⟪0.5⟫)", .typeError, .contains("seed"))
    }

    @Test func badDataAndLabels() throws {
        let net = try NetworkSession()
        try net.expectUnchanged("net.train(⟪.xor⟫)", .typeError,
                                .contains("wrong argument in call to train: found an unlabelled argument, expected 'on:'"))
        try net.expectUnchanged("net.train(epochs: ⟪3⟫)", .typeError, .contains("wrong argument in call to train: found 'epochs:', expected 'on:'"))
        try net.expectUnchanged("net.train(on: ⟪.nand⟫)", .valueError,
                                "unknown dataset '.nand'; use one of .xor, .and, .or (did you mean '.and'?)")
        try net.expectUnchanged("net.train(on: ⟪[[0, 1]]⟫)", .typeError,
                                "expected a Dataset (or .xor, .and, .or), found a value of type '[[Int]]'")
        try net.expectUnchanged("⟪net.train(on: Dataset.spiral(classes: 3, count: 5))⟫", .shapeError,
                                "the data has 2 inputs and 3 targets per sample, but the network takes 2 and gives 1")
        let three = try NetworkSession("let net = Network(inputs: 3, seed: 1) { Dense(3); Dense(1) }")
        try three.expectUnchanged("⟪net.train(on: .xor)⟫", .shapeError,
                                  "the data has 2 inputs and 1 target per sample, but the network takes 3 and gives 1")
        try three.expectUnchanged("let a = ⟪net.accuracy(on: .xor)⟫", .shapeError, .contains("the input is 4×2 but the network takes 3 inputs"))
        try three.expectUnchanged("let c = ⟪net.loss(on: .and)⟫", .shapeError, .contains("the input is 4×2 but the network takes 3 inputs"))
    }
}

@Suite struct LibraryDatasetErrorTests {
    @Test func constructorErrors() {
        expectError("let d = ⟪Dataset(inputs: [[0, 0], [1, 1], [1, 0]], targets: [[0], [1]])⟫", .shapeError,
                    "inputs are 3×2 but targets are 2×1: they need one row per sample each")
        expectError("let d = ⟪Dataset(inputs: [], targets: [])⟫", .valueError, .contains("a dataset needs at least one"))
        expectError("let d = ⟪Dataset(inputs: [[1, 2]])⟫", .typeError, .contains("missing argument 'targets:' in call to Dataset"))
        expectError("let d = Dataset(inputs: ⟪\"x\"⟫, targets: [1])", .typeError,
                    "the inputs must be a vector (one sample) or a matrix (one sample per row), found a value of type 'String'")
    }

    @Test func generatorErrors() {
        expectError("let d = ⟪Dataset.moons(count: 0)⟫", .valueError, "moons needs a count of at least 2 (one point per class), but count is 0")
        expectError("let d = ⟪Dataset.moons(count: 10, noise: -1)⟫", .valueError,
                    "moons needs a noise (the standard deviation of the gaussian noise) that is a finite number, 0 or more, but noise is -1.0")
        expectError("let d = Dataset.moons(count: ⟪10.5⟫)", .typeError, .contains("count"))
        expectError("let d = Dataset.moons(⟪100⟫)", .typeError, .contains("moons"))
        expectError("let d = ⟪Dataset.spiral(classes: 1)⟫", .valueError, .contains("spiral"))
        expectError("let d = ⟪Dataset.blobs(centers: 3, count: 1000000)⟫", .valueError, .contains("blobs"))
        expectError("let d = ⟪Dataset.nope⟫", .nameError, .contains("'Dataset' has no member 'nope'"))
    }

    @Test func splitErrors() {
        expectError("let s = ⟪Dataset.xor.split(1.5)⟫", .valueError,
                    "split needs the fraction of samples for training strictly between 0 and 1 (e.g. 0.8 for 80%), but it is 1.5")
        expectError("let s = ⟪Dataset.xor.split(0.01)⟫", .valueError,
                    "split(0.01) of 4 samples leaves no sample for training: use a larger fraction or more samples")
        expectError("let s = ⟪Dataset.xor.split(0.99)⟫", .valueError,
                    "split(0.99) of 4 samples leaves no sample for testing: use a smaller fraction or more samples")
        expectError("let s = Dataset.xor.split(0.5, seed: ⟪\"a\"⟫)", .typeError, .contains("seed"))
        expectError("let s = ⟪Dataset.xor.split()⟫", .typeError, .contains("missing argument in call to split"))
    }
}
