/// A fully connected network: layer 0 is the input, layers 1…L carry weights, L is the output.
///
/// A value type: the language wraps it in a reference so that `let net` can
/// train. Every method that changes it checks all its arguments first, so a
/// call that throws leaves the network as it was.
public struct Network: Sendable {
    /// n_0, the number of inputs.
    public let inputCount: Int
    /// Layers 1…L (stored from index 0 for layer 1).
    public internal(set) var layers: [Dense]

    /// The most layers a network may have.
    public static let maximumLayers = 1000

    /// Builds a network and draws its weights with `initializer` from a generator seeded with `seed`.
    ///
    /// - Throws: ``MathError/Kind/value`` when there are no layers or too many, `inputs` is
    ///   not positive, softmax is used before the output layer, the initializer's arguments
    ///   are bad, or the network would be too large.
    public init(inputs: Int, layers: [Dense], seed: UInt64 = 0, initializer: Initializer = .xavier) throws {
        guard inputs >= 1, inputs <= Dense.maximumUnits else {
            throw MathError(.value, "a network needs between 1 and \(Dense.maximumUnits) inputs, got \(inputs)")
        }
        guard !layers.isEmpty else {
            throw MathError(.value, "a network needs at least one layer: add Dense(…) layers in its block")
        }
        guard layers.count <= Network.maximumLayers else {
            throw MathError(.value, "a network may have at most \(Network.maximumLayers) layers, got \(layers.count)")
        }
        for (index, layer) in layers.enumerated() where layer.activation == .softmax && index != layers.count - 1 {
            throw MathError(.value, "softmax is for the output layer only, but layer \(index + 1) of \(layers.count) uses it: use .sigmoid, .tanh or .relu there")
        }
        try initializer.validate()
        var total = 0
        var fanIn = inputs
        for layer in layers {
            let (count, overflow) = layer.units.multipliedReportingOverflow(by: fanIn)
            total += overflow ? Matrix.maximumElementCount : count
            guard total <= Matrix.maximumElementCount else {
                throw MathError(.value, "the network would have more than \(Matrix.maximumElementCount) weights")
            }
            fanIn = layer.units
        }
        var generator = SeededGenerator(seed: seed)
        var built: [Dense] = []
        fanIn = inputs
        for var layer in layers {
            let count = layer.units * fanIn
            let fanOut = layer.units
            var weights = [Double](repeating: 0, count: count)
            for index in 0..<count {
                weights[index] = initializer.draw(&generator, fanIn: fanIn, fanOut: fanOut)
            }
            layer.weights = Matrix(unchecked: layer.units, fanIn, weights)
            layer.biases = Vector([Double](repeating: 0, count: layer.units))
            built.append(layer)
            fanIn = layer.units
        }
        self.inputCount = inputs
        self.layers = built
    }

    /// L, the number of layers with weights.
    public var layerCount: Int { layers.count }

    /// [n_0, n_1, …, n_L].
    public var sizes: [Int] { [inputCount] + layers.map(\.units) }

    /// The number of trainable numbers, weights and biases.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// n_L, the number of outputs.
    public var outputCount: Int { layers[layers.count - 1].units }

    /// The output layer's activation.
    public var outputActivation: Activation { layers[layers.count - 1].activation }

    // MARK: - Parameters by layer number

    /// Checks that `l` names a layer with weights (or the input, when allowed).
    static func checkLayer(_ l: Int, layerCount: Int, name: String, includesInput: Bool = false) throws {
        if l == 0, !includesInput {
            throw MathError(.value, "\(name)[0] does not exist: layer 0 is the input layer, which has no \(name); the layers with weights are 1…\(layerCount)")
        }
        guard l >= 0, l <= layerCount else {
            throw MathError(.value, "\(name)[\(l)] does not exist: the layers are \(includesInput ? 0 : 1)…\(layerCount)")
        }
    }

    /// W^l for l in 1…L: n_l × n_(l−1).
    public func weights(_ l: Int) throws -> Matrix {
        try Network.checkLayer(l, layerCount: layerCount, name: "weights")
        return layers[l - 1].weights
    }

    /// b^l for l in 1…L.
    public func biases(_ l: Int) throws -> Vector {
        try Network.checkLayer(l, layerCount: layerCount, name: "biases")
        return layers[l - 1].biases
    }

    /// Replaces W^l.
    ///
    /// - Throws: ``MathError/Kind/shape`` naming both shapes when the new matrix is not n_l × n_(l−1).
    public mutating func setWeights(_ l: Int, _ weights: Matrix) throws {
        try Network.checkLayer(l, layerCount: layerCount, name: "weights")
        let old = layers[l - 1].weights
        guard weights.rows == old.rows, weights.columns == old.columns else {
            throw MathError(.shape, "weights[\(l)] is \(old.shapeDescription) (n_\(l) × n_\(l - 1): \(Network.counted(old.rows, "receiving node")) k, \(Network.counted(old.columns, "emitting node")) j), but the new value is \(weights.shapeDescription)")
        }
        layers[l - 1].weights = weights
    }

    /// Replaces b^l.
    ///
    /// - Throws: ``MathError/Kind/shape`` naming both lengths when the new vector does not have
    ///   n_l entries; ``MathError/Kind/value`` for a layer without biases.
    public mutating func setBiases(_ l: Int, _ biases: Vector) throws {
        try Network.checkLayer(l, layerCount: layerCount, name: "biases")
        let layer = layers[l - 1]
        guard biases.count == layer.units else {
            throw MathError(.shape, "biases[\(l)] has \(Network.counted(layer.units, "entry", "entries")) (one per node of layer \(l)), but the new value has \(biases.count)")
        }
        guard layer.useBias || biases.elements.allSatisfy({ $0 == 0 }) else {
            throw MathError(.value, "layer \(l) was made with useBias: false, so its biases stay 0")
        }
        layers[l - 1].biases = biases
    }

    // MARK: - Checks

    /// Checks that `x` is a batch of inputs for this network.
    func checkInput(_ x: Matrix) throws {
        guard x.columns == inputCount, x.rows >= 1 else {
            if x.rows == 0 {
                throw MathError(.value, "the input batch is empty: give at least one sample")
            }
            throw MathError(.shape, "the input is \(x.shapeDescription) but the network takes \(inputCount) input\(inputCount == 1 ? "" : "s"): give a vector of \(inputCount) or a batch with \(Network.counted(inputCount, "column")), one row per sample")
        }
        try checkBatchSize(x.rows)
    }

    /// Checks that a batch of `rows` samples fits in memory at every layer: z^l, a^l and δ^l each
    /// hold rows × n_l numbers.
    func checkBatchSize(_ rows: Int) throws {
        let widest = layers.reduce(inputCount) { Swift.max($0, $1.units) }
        let (count, overflow) = rows.multipliedReportingOverflow(by: widest)
        guard !overflow, count <= Matrix.maximumElementCount else {
            throw MathError(.value, "a batch of \(rows) samples is too large for a layer of \(widest) nodes: it would hold more than \(Matrix.maximumElementCount) numbers; use fewer samples at a time")
        }
    }

    /// Checks that `target` matches the batch `x` and the output layer, and the loss fits the output.
    func checkTarget(_ target: Matrix, for x: Matrix, loss: Loss) throws {
        let outputs = outputCount
        guard target.rows == x.rows, target.columns == outputs else {
            throw MathError(.shape, "the target is \(target.shapeDescription) but the output is \(MathError.shapeText(x.rows, outputs)) (\(x.rows) sample\(x.rows == 1 ? "" : "s") × \(outputs) output\(outputs == 1 ? "" : "s")): they must have the same shape")
        }
        if loss.needsProbabilities, !outputActivation.outputsProbabilities {
            throw MathError(.value, ".\(loss.rawValue) takes logarithms of the outputs, which must lie in (0, 1): make the output layer .sigmoid or .softmax (it is .\(outputActivation.rawValue))")
        }
    }

    // MARK: - Forward

    /// Runs x forward and keeps z^l and a^l of every layer.
    ///
    /// - Throws: ``MathError/Kind/shape`` when x does not have n_0 columns.
    public func forward(_ x: Matrix) throws -> ForwardPass {
        try checkInput(x)
        let m = x.rows
        var zs: [Matrix] = []
        var outputs = [x]
        zs.reserveCapacity(layers.count)
        outputs.reserveCapacity(layers.count + 1)
        for layer in layers {
            let previous = outputs[outputs.count - 1].elements
            let n = layer.units
            let z = [Double].filled(m * n) { z in previous.withBase { layer.affine($0, rows: m, into: z) } }
            let a = [Double].filled(m * n) { a in z.withBase { layer.activation.apply($0, a, rows: m, columns: n) } }
            zs.append(Matrix(unchecked: m, n, z))
            outputs.append(Matrix(unchecked: m, n, a))
        }
        return ForwardPass(weightedInputs: zs, layerOutputs: outputs, activations: layers.map(\.activation))
    }

    /// a^L for the inputs x, one row per sample.
    public func predict(_ x: Matrix) throws -> Matrix {
        try forward(x).output
    }

    /// C for inputs x against targets, averaged over the batch.
    public func loss(_ x: Matrix, target: Matrix, loss: Loss) throws -> Double {
        try checkInput(x)
        try checkTarget(target, for: x, loss: loss)
        return try loss.value(output: predict(x), target: target)
    }

    /// The fraction of samples classified right: output ≥ 0.5 against target ≥ 0.5 for one
    /// output, the largest output against the largest target for several.
    public func accuracy(_ x: Matrix, target: Matrix) throws -> Double {
        try checkInput(x)
        try checkTarget(target, for: x, loss: .squaredError)
        let output = try predict(x)
        return output.elements.withBase { a in
            target.elements.withBase { y in Network.correctCount(a, y, rows: x.rows, columns: target.columns) }
        } / Double(x.rows)
    }

    /// How many of `rows` samples are classified right (see ``accuracy(_:target:)``).
    static func correctCount(_ a: UnsafePointer<Double>, _ y: UnsafePointer<Double>, rows: Int, columns: Int) -> Double {
        var correct = 0
        for r in 0..<rows {
            let ar = a + r * columns, yr = y + r * columns
            if columns == 1 {
                if (ar[0] >= 0.5) == (yr[0] >= 0.5) { correct += 1 }
            } else {
                var best = 0, wanted = 0
                for c in 1..<columns {
                    if ar[c] > ar[best] { best = c }
                    if yr[c] > yr[wanted] { wanted = c }
                }
                if best == wanted { correct += 1 }
            }
        }
        return Double(correct)
    }

    // MARK: - Backward

    /// Runs x forward, then the lecture's recursion backward: δ^L = ∇_a C ⊙ σ'(z^L),
    /// δ^l = ((W^(l+1))ᵀ δ^(l+1)) ⊙ σ'(z^l), ∂C/∂W^l = δ^l (a^(l−1))ᵀ, ∂C/∂b^l = δ^l,
    /// the parameter gradients averaged over the batch.
    ///
    /// - Throws: ``MathError/Kind/shape`` when x or the target has the wrong shape;
    ///   ``MathError/Kind/value`` when the loss needs probabilities the output layer cannot give.
    public func backward(_ x: Matrix, target: Matrix, loss: Loss) throws -> Gradients {
        try checkInput(x)
        try checkTarget(target, for: x, loss: loss)
        let pass = try forward(x)
        let m = x.rows
        let scale = 1 / Double(m)
        let count = layers.count
        var deltas = [Matrix](repeating: Matrix(unchecked: 0, 0, []), count: count)
        var weightGradients = deltas
        var biasGradients = [Vector](repeating: Vector([]), count: count)
        let output = pass.layerOutputs[count].elements, zL = pass.weightedInputs[count - 1].elements
        let outputLayer = layers[count - 1]
        var delta = [Double].filled(m * outputLayer.units) { d in
            output.withBase { a in
                zL.withBase { z in
                    target.elements.withBase { y in
                        loss.outputDelta(outputLayer.activation, z: z, a: a, y: y, into: d, rows: m, columns: outputLayer.units)
                    }
                }
            }
        }
        for index in stride(from: count - 1, through: 0, by: -1) {
            let layer = layers[index]
            let input = pass.layerOutputs[index].elements
            deltas[index] = Matrix(unchecked: m, layer.units, delta)
            var db = [Double](repeating: 0, count: layer.units)
            let dW = [Double].filled(layer.units * layer.inputs) { dW in
                delta.withBase { d in
                    input.withBase { a in
                        db.withMutableBase { layer.parameterGradients(delta: d, input: a, rows: m, scale: scale, weights: dW, biases: $0) }
                    }
                }
            }
            weightGradients[index] = Matrix(unchecked: layer.units, layer.inputs, dW)
            biasGradients[index] = Vector(db)
            guard index > 0 else { break }
            let below = layers[index - 1]
            let z = pass.weightedInputs[index - 1].elements
            let current = delta
            delta = [Double].filled(m * layer.inputs) { g in
                current.withBase { layer.inputGradient(delta: $0, rows: m, into: g) }
                z.withBase { z in input.withBase { a in below.activation.multiplyByDerivative(g, z: z, a: a, rows: m, columns: below.units) } }
            }
        }
        return Gradients(
            pass: pass, target: target, lossFunction: loss,
            loss: try loss.value(output: pass.output, target: target), weights: layers.map(\.weights),
            deltas: deltas, weightGradients: weightGradients, biasGradients: biasGradients)
    }

    // MARK: - Step

    /// One step of gradient descent on x: W^l ← W^l − η ∂C/∂W^l (and b^l likewise).
    ///
    /// - Throws: the errors of ``backward(_:target:loss:)``, or ``MathError/Kind/value`` for a
    ///   learning rate that is negative or not finite; the network is unchanged then.
    public mutating func step(_ x: Matrix, target: Matrix, learningRate: Double, loss: Loss, updateBiases: Bool = true) throws -> StepReport {
        try Network.checkLearningRate(learningRate)
        let gradients = try backward(x, target: target, loss: loss)
        var changes: [Matrix] = [], after: [Matrix] = [], biasChanges: [Vector] = [], biasesAfter: [Vector] = []
        let before = layers.map(\.weights), biasesBefore = layers.map(\.biases)
        for index in layers.indices {
            let dW = gradients.weightGradients[index]
            let change = dW.elements.withBase { g in [Double].filled(dW.elements.count) { out in for i in 0..<dW.elements.count { out[i] = -learningRate * g[i] } } }
            let updated = Elementwise.combine(before[index].elements, change, +)
            changes.append(Matrix(unchecked: dW.rows, dW.columns, change))
            after.append(Matrix(unchecked: dW.rows, dW.columns, updated))
            let db = gradients.biasGradients[index].elements
            let moveBiases = updateBiases && layers[index].useBias
            let biasChange = moveBiases ? db.map { -learningRate * $0 } : [Double](repeating: 0, count: db.count)
            biasChanges.append(Vector(biasChange))
            biasesAfter.append(moveBiases ? Vector(Elementwise.combine(biasesBefore[index].elements, biasChange, +)) : biasesBefore[index])
        }
        for index in layers.indices {
            layers[index].weights = after[index]
            layers[index].biases = biasesAfter[index]
        }
        return StepReport(
            gradients: gradients, learningRate: learningRate, updatedBiases: updateBiases,
            weightsBefore: before, weightChanges: changes, weightsAfter: after,
            biasesBefore: biasesBefore, biasChanges: biasChanges, biasesAfter: biasesAfter)
    }

    /// "1 column", "2 columns": a count with its noun in the right number.
    static func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }

    /// Checks that a learning rate is finite and not negative.
    static func checkLearningRate(_ rate: Double) throws {
        guard rate.isFinite, rate >= 0 else {
            throw MathError(.value, "the learning rate must be a finite number ≥ 0, got \(rate)")
        }
    }
}
