// Training: mini-batch gradient descent over a dataset, in place, allocating nothing per step.

extension Network {
    /// Trains on `data` for `options.epochs` epochs of mini-batches and records the loss.
    ///
    /// Each epoch visits the samples in order, or in an order drawn from a
    /// ``SeededGenerator`` seeded with `options.seed` (one generator for the
    /// whole run, a Fisher–Yates shuffle per epoch), in batches of
    /// `options.batchSize`. Each batch runs the same forward and backward
    /// kernels as ``backward(_:target:loss:)``, adds the L2 term (λ/n) W to
    /// ∂C/∂W, and lets the optimizer update every weight and bias in place.
    ///
    /// - Parameters:
    ///   - shouldStop: Asked before every step; when it answers true the run
    ///     stops, keeping the weights of the last finished step, and the
    ///     history says so (``History/interrupted``).
    ///   - progress: Called once before the first step and again after every step (after
    ///     the epoch's loss is recorded when the step ends an epoch).
    /// - Throws: ``MathError`` when the data does not fit the network or an
    ///   option is bad; the network is unchanged then.
    public mutating func train(
        on data: Dataset, options: TrainingOptions, shouldStop: () -> Bool = { false },
        progress: (TrainingProgress) -> Void = { _ in }
    ) throws -> History {
        try options.validate()
        let outputs = outputCount
        guard data.inputs.columns == inputCount, data.targets.columns == outputs else {
            throw MathError(.shape, "the data has \(data.inputs.columns) input\(data.inputs.columns == 1 ? "" : "s") and \(data.targets.columns) target\(data.targets.columns == 1 ? "" : "s") per sample, but the network takes \(inputCount) and gives \(outputs)")
        }
        try checkTarget(data.targets, for: data.inputs, loss: options.loss)
        let n = data.count
        let batchSize = Swift.min(options.batchSize, n)
        try checkBatchSize(batchSize)
        let stepsPerEpoch = (n + batchSize - 1) / batchSize
        var history = History(options: options, sampleCount: n, stepsPerEpoch: stepsPerEpoch)
        let workspace = TrainingWorkspace(network: self, capacity: batchSize, optimizer: options.optimizer)
        var order = Array(0..<n)
        var generator = SeededGenerator(seed: options.seed)
        var powers = (1.0, 1.0)
        let nIn = inputCount
        let inputs = data.inputs.elements, targets = data.targets.elements
        progress(TrainingProgress(history: history))
        for _ in 0..<options.epochs {
            if options.shuffle { generator.shuffle(&order) }
            var lossSum = 0.0, correct = 0.0
            var start = 0
            while start < n {
                if shouldStop() {
                    history.interrupted = true
                    return history
                }
                let m = Swift.min(batchSize, n - start)
                inputs.withBase { x in
                    targets.withBase { y in
                        for r in 0..<m {
                            let sample = order[start + r]
                            (workspace.input + r * nIn).update(from: x + sample * nIn, count: nIn)
                            (workspace.target + r * outputs).update(from: y + sample * outputs, count: outputs)
                        }
                    }
                }
                let (batchLoss, batchCorrect) = trainingPass(workspace, rows: m, loss: options.loss)
                lossSum += batchLoss * Double(m)
                correct += batchCorrect
                if case .adam(let beta1, let beta2) = options.optimizer {
                    powers = (powers.0 * beta1, powers.1 * beta2)
                }
                update(workspace, options: options, sampleCount: n, corrections: (1 - powers.0, 1 - powers.1))
                history.steps += 1
                start += m
                if start >= n {
                    history.loss.append(lossSum / Double(n) + l2Penalty(options.l2, sampleCount: n))
                    history.accuracy.append(correct / Double(n))
                }
                progress(TrainingProgress(history: history))
            }
        }
        return history
    }

    /// (λ / 2n) Σ w² over every weight (not the biases).
    func l2Penalty(_ lambda: Double, sampleCount n: Int) -> Double {
        guard lambda > 0 else { return 0 }
        var total = 0.0
        for layer in layers {
            for w in layer.weights.elements { total += w * w }
        }
        return lambda / (2 * Double(n)) * total
    }

    /// Forward and backward over the batch in the workspace; returns its mean loss and how
    /// many of its samples were classified right. Leaves ∂C/∂W and ∂C/∂b in the workspace.
    private func trainingPass(_ w: TrainingWorkspace, rows m: Int, loss: Loss) -> (Double, Double) {
        let count = layers.count
        for index in 0..<count {
            let previous = index == 0 ? w.input : w.a[index - 1]
            layers[index].affine(previous, rows: m, into: w.z[index])
            layers[index].activation.apply(w.z[index], w.a[index], rows: m, columns: layers[index].units)
        }
        let outputs = layers[count - 1].units
        let last = count - 1
        let batchLoss = loss.value(w.a[last], w.target, rows: m, columns: outputs)
        let correct = Network.correctCount(w.a[last], w.target, rows: m, columns: outputs)
        loss.outputDelta(layers[last].activation, z: w.z[last], a: w.a[last], y: w.target, into: w.delta[last], rows: m, columns: outputs)
        let scale = 1 / Double(m)
        for index in stride(from: last, through: 0, by: -1) {
            let previous = index == 0 ? w.input : w.a[index - 1]
            layers[index].parameterGradients(
                delta: w.delta[index], input: previous, rows: m, scale: scale,
                weights: w.weightGradient[index], biases: w.biasGradient[index])
            guard index > 0 else { break }
            layers[index].inputGradient(delta: w.delta[index], rows: m, into: w.delta[index - 1])
            layers[index - 1].activation.multiplyByDerivative(
                w.delta[index - 1], z: w.z[index - 1], a: w.a[index - 1], rows: m, columns: layers[index - 1].units)
        }
        return (batchLoss, correct)
    }

    /// Adds the L2 term to ∂C/∂W and lets the optimizer move every weight and bias in place.
    private mutating func update(_ w: TrainingWorkspace, options: TrainingOptions, sampleCount n: Int, corrections: (Double, Double)) {
        let decay = options.l2 / Double(n)
        for index in layers.indices {
            let units = layers[index].units, weightCount = units * layers[index].inputs
            let gW = w.weightGradient[index]
            let useBias = layers[index].useBias
            layers[index].weights.elements.withMutableBase { weights in
                if decay > 0 {
                    for i in 0..<weightCount { gW[i] += decay * weights[i] }
                }
                options.optimizer.update(
                    weights, gW, count: weightCount, learningRate: options.learningRate,
                    first: w.weightState[index].0, second: w.weightState[index].1, corrections: corrections)
            }
            if useBias {
                layers[index].biases.elements.withMutableBase { biases in
                    options.optimizer.update(
                        biases, w.biasGradient[index], count: units, learningRate: options.learningRate,
                        first: w.biasState[index].0, second: w.biasState[index].1, corrections: corrections)
                }
            }
        }
    }
}
