import Testing

@testable import NeuralNet

// Training: that it learns (XOR, moons), that it is reproducible bit for bit, that one epoch is
// exactly the steps it stands for, the update rules of the optimizers and of l2 by hand, and how
// a run stops when asked to.

/// Σ w² over every weight (not the biases).
private func sumOfSquaredWeights(_ net: Network) throws -> Double {
    var total = 0.0
    for l in 1...net.layerCount {
        for w in try net.weights(l).elements { total += w * w }
    }
    return total
}

private func xorNetwork(hidden: Int = 4, seed: UInt64 = 0) throws -> Network {
    try Network(inputs: 2, layers: [Dense(hidden, activation: .sigmoid), Dense(1, activation: .sigmoid)], seed: seed)
}

/// The samples at `rows` of a dataset, as (inputs, targets).
private func rows(_ data: Dataset, _ rows: [Int]) throws -> (Matrix, Matrix) {
    (try Matrix(rowArrays: rows.map { try data.inputs.row($0).elements }),
     try Matrix(rowArrays: rows.map { try data.targets.row($0).elements }))
}

/// An optimizer with a learning rate that suits it on XOR.
private struct OptimizerCase: Sendable, CustomTestStringConvertible {
    let optimizer: Optimizer
    let learningRate: Double
    var testDescription: String { ".\(optimizer.description), η = \(learningRate)" }
}

private let optimizerCases: [OptimizerCase] = [
    OptimizerCase(optimizer: .sgd, learningRate: 1.0),
    OptimizerCase(optimizer: .momentum(0.9), learningRate: 0.1),
    OptimizerCase(optimizer: .adam(beta1: 0.9, beta2: 0.999), learningRate: 0.05),
    OptimizerCase(optimizer: .rmsprop(decay: 0.9), learningRate: 0.01),
]

@Suite struct TrainingTests {
    let xor = Dataset.xor

    // MARK: - It learns

    @Test func xorWithSquaredErrorAndSgd() throws {
        var net = try xorNetwork(hidden: 3)
        let history = try net.train(
            on: xor, options: TrainingOptions(epochs: 5000, learningRate: 0.5, batchSize: 4, loss: .squaredError, shuffle: false))
        let last = try #require(history.loss.last)
        #expect(last < 0.01)
        #expect(history.loss.count == 5000)
        #expect(history.accuracy.last == 1)
        #expect(try net.accuracy(xor.inputs, target: xor.targets) == 1)
        #expect(try net.loss(xor.inputs, target: xor.targets, loss: .squaredError) < 0.01)
        // The loss went down on the whole (sgd on a fixed batch with a small step).
        #expect(last < history.loss[0] / 10)
    }

    @Test func xorWithCrossEntropyAndSgd() throws {
        var net = try xorNetwork(hidden: 4)
        let history = try net.train(
            on: xor, options: TrainingOptions(epochs: 2000, learningRate: 1.0, batchSize: 4, loss: .crossEntropy, shuffle: false))
        #expect(try #require(history.loss.last) < 0.01)
        #expect(history.accuracy.last == 1)
        let out = try net.predict(xor.inputs).elements
        #expect(out[0] < 0.05 && out[1] > 0.95 && out[2] > 0.95 && out[3] < 0.05, "\(out)")
        #expect(try net.accuracy(xor.inputs, target: xor.targets) == 1)
    }

    @Test func moonsWithAdamAndCrossEntropy() throws {
        let moons = try Dataset.moons(count: 200, noise: 0.1, seed: 1)
        var net = try Network(
            inputs: 2, layers: [Dense(16, activation: .tanh), Dense(16, activation: .tanh), Dense(1, activation: .sigmoid)], seed: 2)
        let history = try net.train(
            on: moons,
            options: TrainingOptions(
                epochs: 200, learningRate: 0.01, batchSize: 32, loss: .crossEntropy, optimizer: .adam(beta1: 0.9, beta2: 0.999), seed: 3))
        #expect(try net.accuracy(moons.inputs, target: moons.targets) >= 0.95)
        #expect(try #require(history.accuracy.last) >= 0.95)
        #expect(history.stepsPerEpoch == 7)
        #expect(history.steps == 200 * 7)
        #expect(history.sampleCount == 200)
        #expect(!history.interrupted)
    }

    @Test func moonsGeneralizesToAHeldOutPart() throws {
        let (train, test) = try Dataset.moons(count: 200, noise: 0.1, seed: 4).split(0.8, seed: 5)
        var net = try Network(
            inputs: 2, layers: [Dense(16, activation: .tanh), Dense(16, activation: .tanh), Dense(1, activation: .sigmoid)], seed: 6)
        _ = try net.train(
            on: train,
            options: TrainingOptions(
                epochs: 200, learningRate: 0.01, batchSize: 32, loss: .crossEntropy, optimizer: .adam(beta1: 0.9, beta2: 0.999), seed: 7))
        #expect(try net.accuracy(test.inputs, target: test.targets) >= 0.95)
    }

    @Test(arguments: optimizerCases)
    fileprivate func everyOptimizerDecreasesTheLossOnXor(_ option: OptimizerCase) throws {
        var net = try xorNetwork(hidden: 4, seed: 1)
        let before = try net.loss(xor.inputs, target: xor.targets, loss: .crossEntropy)
        let history = try net.train(
            on: xor,
            options: TrainingOptions(
                epochs: 1000, learningRate: option.learningRate, batchSize: 4, loss: .crossEntropy, optimizer: option.optimizer,
                shuffle: false))
        let after = try net.loss(xor.inputs, target: xor.targets, loss: .crossEntropy)
        #expect(after < 0.9 * before, "\(before) → \(after)")
        #expect(try #require(history.loss.last) < history.loss[0])
        // The first epoch's loss is measured before its (only) step: the loss before training.
        #expect(abs(history.loss[0] - before) <= 1e-15 * before)
    }

    // MARK: - Reproducible

    @Test func sameSeedsGiveBitIdenticalRunsAndAnotherShuffleSeedDoesNot() throws {
        let moons = try Dataset.moons(count: 100, noise: 0.2, seed: 8)
        let start = try Network(inputs: 2, layers: [Dense(8, activation: .tanh), Dense(1, activation: .sigmoid)], seed: 9)
        func run(shuffleSeed: UInt64) throws -> (Network, History) {
            var net = start
            let history = try net.train(
                on: moons,
                options: TrainingOptions(
                    epochs: 20, learningRate: 0.02, batchSize: 16, loss: .crossEntropy, optimizer: .adam(beta1: 0.9, beta2: 0.999),
                    seed: shuffleSeed))
            return (net, history)
        }
        let (a, historyA) = try run(shuffleSeed: 10)
        let (b, historyB) = try run(shuffleSeed: 10)
        let (c, _) = try run(shuffleSeed: 11)
        #expect(try parameterBits(a) == parameterBits(b))
        #expect(historyA.loss.map(\.bitPattern) == historyB.loss.map(\.bitPattern))
        #expect(historyA.accuracy == historyB.accuracy)
        #expect(try parameterBits(a) != parameterBits(c))
        #expect(try parameterBits(a) != parameterBits(start))
        // Two networks built with the same seed start bit-identical; another seed differs.
        let again = try Network(inputs: 2, layers: [Dense(8, activation: .tanh), Dense(1, activation: .sigmoid)], seed: 9)
        let other = try Network(inputs: 2, layers: [Dense(8, activation: .tanh), Dense(1, activation: .sigmoid)], seed: 19)
        #expect(try parameterBits(again) == parameterBits(start))
        #expect(try parameterBits(other) != parameterBits(start))
    }

    // MARK: - An epoch is the steps it stands for

    @Test func oneFullBatchEpochOfSgdIsOneStep() throws {
        let start = try xorNetwork(hidden: 3, seed: 2)
        for batchSize in [4, 1000] {
            var trained = start, stepped = start
            let history = try trained.train(
                on: xor, options: TrainingOptions(epochs: 1, learningRate: 0.7, batchSize: batchSize, loss: .squaredError, shuffle: false))
            let report = try stepped.step(xor.inputs, target: xor.targets, learningRate: 0.7, loss: .squaredError)
            #expect(try parameterBits(trained) == parameterBits(stepped), "batchSize \(batchSize)")
            #expect(history.stepsPerEpoch == 1)
            #expect(history.steps == 1)
            #expect(abs(history.loss[0] - report.loss) <= 1e-15 * report.loss)
            #expect(history.accuracy[0] == (try start.accuracy(xor.inputs, target: xor.targets)))
        }
    }

    @Test func miniBatchEpochsAreStepsOnConsecutiveBatches() throws {
        let start = try xorNetwork(hidden: 3, seed: 3)
        var trained = start, stepped = start
        let history = try trained.train(
            on: xor, options: TrainingOptions(epochs: 2, learningRate: 0.4, batchSize: 3, loss: .crossEntropy, shuffle: false))
        // Batches of 3: rows 0…2, then the short last batch row 3; twice.
        var losses: [Double] = []
        for _ in 0..<2 {
            for batch in [[0, 1, 2], [3]] {
                let (x, y) = try rows(xor, batch)
                losses.append(try stepped.step(x, target: y, learningRate: 0.4, loss: .crossEntropy).loss)
            }
        }
        #expect(try parameterBits(trained) == parameterBits(stepped))
        #expect(history.stepsPerEpoch == 2)
        #expect(history.steps == 4)
        // An epoch's loss is the sample-weighted mean of its batches' losses.
        for epoch in 0..<2 {
            let expected = (3 * losses[2 * epoch] + losses[2 * epoch + 1]) / 4
            #expect(abs(history.loss[epoch] - expected) <= 1e-15 * expected)
        }
    }

    // MARK: - Update rules by hand

    @Test func momentumSecondStepIsTheHandComputedUpdate() throws {
        var start = try Network(inputs: 2, layers: [Dense(2, activation: .tanh), Dense(1, activation: .sigmoid)], seed: 4)
        try start.setBiases(1, Vector([0.1, -0.2]))
        let (mu, eta) = (0.9, 0.3)
        var trained = start
        _ = try trained.train(
            on: xor, options: TrainingOptions(epochs: 2, learningRate: eta, batchSize: 4, loss: .squaredError, optimizer: .momentum(mu), shuffle: false))
        // v ← μ v − η g, w ← w + v, with v = 0 at first, for every weight and bias.
        var net = start
        var velocity: [[Double]] = []
        for stepIndex in 0..<2 {
            let g = try net.backward(xor.inputs, target: xor.targets, loss: .squaredError)
            var index = 0
            for l in 1...net.layerCount {
                for (isBias, gradient) in [(false, try g.dW(l).elements), (true, try g.db(l).elements)] {
                    if stepIndex == 0 { velocity.append([Double](repeating: 0, count: gradient.count)) }
                    velocity[index] = zip(velocity[index], gradient).map { mu * $0 - eta * $1 }
                    if isBias {
                        try net.setBiases(l, Vector(zip(net.biases(l).elements, velocity[index]).map { $0 + $1 }))
                    } else {
                        let w = try net.weights(l)
                        try net.setWeights(l, Matrix(rows: w.rows, columns: w.columns, elements: zip(w.elements, velocity[index]).map { $0 + $1 }))
                    }
                    index += 1
                }
            }
        }
        #expect(try parameterBits(trained) == parameterBits(net))
        // The second step is not plain sgd: it carries μ times the first.
        var sgd = start
        _ = try sgd.train(on: xor, options: TrainingOptions(epochs: 2, learningRate: eta, batchSize: 4, shuffle: false))
        #expect(try parameterBits(trained) != parameterBits(sgd))
    }

    @Test func adamAndRmspropFirstStepsByHand() throws {
        let start = try xorNetwork(hidden: 2, seed: 5)
        let g = try start.backward(xor.inputs, target: xor.targets, loss: .crossEntropy)
        let eta = 0.01
        for optimizer in [Optimizer.adam(beta1: 0.9, beta2: 0.999), .rmsprop(decay: 0.9)] {
            var trained = start
            _ = try trained.train(
                on: xor, options: TrainingOptions(epochs: 1, learningRate: eta, batchSize: 4, loss: .crossEntropy, optimizer: optimizer, shuffle: false))
            for l in 1...2 {
                let pairs = [
                    (try start.weights(l).elements, try g.dW(l).elements, try trained.weights(l).elements),
                    (try start.biases(l).elements, try g.db(l).elements, try trained.biases(l).elements),
                ]
                for (before, gradient, after) in pairs {
                    for i in before.indices {
                        let grad = gradient[i]
                        let expected: Double
                        switch optimizer {
                        case .adam(let b1, let b2):
                            // m̂ = g and v̂ = g² after one step: Δw = −η g / (|g| + ε) ≈ −η sign(g).
                            let mHat = (1 - b1) * grad / (1 - b1), vHat = (1 - b2) * grad * grad / (1 - b2)
                            expected = before[i] - eta * mHat / (vHat.squareRoot() + 1e-8)
                            #expect(abs(abs(after[i] - before[i]) - eta) <= eta * 1e-4 || grad == 0)
                        case .rmsprop(let rho):
                            let s = (1 - rho) * grad * grad
                            expected = before[i] - eta * grad / (s.squareRoot() + 1e-8)
                        default:
                            expected = .nan
                        }
                        #expect(abs(after[i] - expected) <= 1e-15 * abs(expected), "\(optimizer) layer \(l) [\(i)]")
                    }
                }
            }
        }
    }

    @Test func l2ShrinksTheWeightsAndIsPartOfTheRecordedLoss() throws {
        let start = try xorNetwork(hidden: 4, seed: 6)
        var plain = start, decayed = start
        _ = try plain.train(on: xor, options: TrainingOptions(epochs: 1000, learningRate: 1.0, batchSize: 4, loss: .crossEntropy, shuffle: false))
        _ = try decayed.train(
            on: xor, options: TrainingOptions(epochs: 1000, learningRate: 1.0, batchSize: 4, loss: .crossEntropy, l2: 0.1, shuffle: false))
        #expect(try sumOfSquaredWeights(decayed) < sumOfSquaredWeights(plain))

        // One full-batch epoch by hand: W ← W − η (∂C/∂W + (λ/n) W), b ← b − η ∂C/∂b, and the
        // recorded loss is C before the step plus (λ / 2n) Σ w² of the weights after it.
        let (lambda, eta, n) = (0.8, 0.5, 4.0)
        var trained = start
        let history = try trained.train(
            on: xor, options: TrainingOptions(epochs: 1, learningRate: eta, batchSize: 4, loss: .crossEntropy, l2: lambda, shuffle: false))
        let g = try start.backward(xor.inputs, target: xor.targets, loss: .crossEntropy)
        var byHand = start
        for l in 1...2 {
            let w = try start.weights(l)
            var gradient = try g.dW(l).elements
            for i in gradient.indices { gradient[i] += lambda / n * w.elements[i] }
            try byHand.setWeights(l, Matrix(rows: w.rows, columns: w.columns, elements: zip(w.elements, gradient).map { $0 - eta * $1 }))
            try byHand.setBiases(l, Vector(zip(start.biases(l).elements, g.db(l).elements).map { $0 - eta * $1 }))
        }
        #expect(try parameterBits(trained) == parameterBits(byHand))
        let expected = g.loss + lambda / (2 * n) * (try sumOfSquaredWeights(byHand))
        #expect(abs(history.loss[0] - expected) <= 1e-15 * expected)
        #expect(history.loss[0] > g.loss)
        // Without l2 the recorded loss is the plain one.
        var unpenalized = start
        let plainHistory = try unpenalized.train(
            on: xor, options: TrainingOptions(epochs: 1, learningRate: eta, batchSize: 4, loss: .crossEntropy, shuffle: false))
        #expect(abs(plainHistory.loss[0] - g.loss) <= 1e-15 * g.loss)
    }

    // MARK: - Interruption and progress

    /// shouldStop is asked before every step; when it answers true on its k-th call, exactly k − 1
    /// steps have been taken and no further step (or question) follows.
    @Test func stoppingMidEpochKeepsTheStepsBeforeIt() throws {
        let start = try xorNetwork(hidden: 3, seed: 7)
        let (eta, shuffleSeed) = (0.5, UInt64(9))
        var trained = start
        var asked = 0
        var epochsReported: [Int] = []
        let history = try trained.train(
            on: xor, options: TrainingOptions(epochs: 10, learningRate: eta, batchSize: 1, seed: shuffleSeed),
            shouldStop: {
                asked += 1
                return asked == 7
            },
            progress: { epochsReported.append($0.epoch) })
        #expect(asked == 7)
        #expect(history.interrupted)
        #expect(history.steps == 6)
        #expect(history.completedEpochs == 1)
        #expect(history.loss.count == 1 && history.accuracy.count == 1)
        #expect(history.stepsPerEpoch == 4)
        #expect(history.progressDescription == "finished 1 of 10 epochs and 2 of 4 steps of epoch 2 (6 steps)")
        // The report before the first step, then one per finished step: 4 in epoch 1, 2 in epoch 2.
        #expect(epochsReported == [0, 0, 0, 0, 1, 1, 1])

        // The same six steps by hand: one generator for the run, one Fisher–Yates shuffle of the
        // (already shuffled) order per epoch, one sample per step.
        var generator = SeededGenerator(seed: shuffleSeed)
        var order = [0, 1, 2, 3]
        var net = start
        generator.shuffle(&order)
        for sample in order {
            let (x, y) = try rows(xor, [sample])
            _ = try net.step(x, target: y, learningRate: eta, loss: .squaredError)
        }
        generator.shuffle(&order)
        for sample in order.prefix(2) {
            let (x, y) = try rows(xor, [sample])
            _ = try net.step(x, target: y, learningRate: eta, loss: .squaredError)
        }
        #expect(try parameterBits(trained) == parameterBits(net))
    }

    @Test func stoppingAtAnEpochBoundaryEqualsTrainingFewerEpochs() throws {
        let start = try xorNetwork(hidden: 3, seed: 8)
        let options = TrainingOptions(epochs: 10, learningRate: 0.5, batchSize: 1, seed: 4)
        var stopped = start, shorter = start
        var asked = 0
        let history = try stopped.train(on: xor, options: options, shouldStop: {
            asked += 1
            return asked == 9
        })
        var fewer = options
        fewer.epochs = 2
        let shorterHistory = try shorter.train(on: xor, options: fewer)
        #expect(try parameterBits(stopped) == parameterBits(shorter))
        #expect(history.steps == 8)
        #expect(history.interrupted)
        #expect(!shorterHistory.interrupted)
        #expect(history.loss == shorterHistory.loss)
        #expect(history.progressDescription == "finished 2 of 10 epochs (8 steps)")
        #expect(shorterHistory.progressDescription == "finished 2 of 2 epochs (8 steps)")

        // Full batch: k − 1 steps are k − 1 epochs.
        var fullStopped = start, fullShorter = start
        asked = 0
        let full = try fullStopped.train(
            on: xor, options: TrainingOptions(epochs: 50, learningRate: 0.5, batchSize: 4, shuffle: false),
            shouldStop: {
                asked += 1
                return asked == 4
            })
        _ = try fullShorter.train(on: xor, options: TrainingOptions(epochs: 3, learningRate: 0.5, batchSize: 4, shuffle: false))
        #expect(try parameterBits(fullStopped) == parameterBits(fullShorter))
        #expect(full.progressDescription == "finished 3 of 50 epochs (3 steps)")
    }

    @Test func stoppingBeforeTheFirstStepChangesNothing() throws {
        let start = try xorNetwork(hidden: 3, seed: 9)
        var net = start
        var asked = 0
        var progressCalls = 0
        let history = try net.train(
            on: xor, options: TrainingOptions(epochs: 1, learningRate: 0.5, batchSize: 1),
            shouldStop: {
                asked += 1
                return true
            },
            progress: { _ in progressCalls += 1 })
        #expect(asked == 1)
        // Only the report before the first step.
        #expect(progressCalls == 1)
        #expect(history.interrupted)
        #expect(history.steps == 0)
        #expect(history.loss.isEmpty)
        #expect(history.progressDescription == "finished 0 of 1 epoch (0 steps)")
        #expect(try parameterBits(net) == parameterBits(start))
        // One step, then stop: the singulars.
        asked = 0
        let one = try net.train(
            on: xor, options: TrainingOptions(epochs: 1, learningRate: 0.5, batchSize: 1),
            shouldStop: {
                asked += 1
                return asked == 2
            })
        #expect(one.progressDescription == "finished 0 of 1 epoch and 1 of 4 steps of epoch 1 (1 step)")
    }

    @Test func progressIsCalledBeforeTheFirstStepAndAfterEveryStep() throws {
        var net = try xorNetwork(hidden: 3, seed: 10)
        var reports: [TrainingProgress] = []
        var asked = 0
        let history = try net.train(
            on: xor, options: TrainingOptions(epochs: 5, learningRate: 0.5, batchSize: 2, loss: .crossEntropy, seed: 1),
            shouldStop: {
                asked += 1
                return false
            },
            progress: { reports.append($0) })
        // One report before any step, then one per step: 5 epochs × 2 steps.
        #expect(reports.map(\.history.steps) == Array(0...10))
        #expect(reports.map(\.epoch) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5])
        #expect(reports.allSatisfy { $0.epochs == 5 && $0.totalSteps == 10 })
        #expect(reports.map(\.fraction) == (0...10).map { Double($0) / 10 })
        #expect(reports.first?.loss == nil)
        // The loss appears with the step that ends its epoch, and the series grows one by one.
        let ends = reports.filter { $0.history.steps % 2 == 0 && $0.history.steps > 0 }
        #expect(ends.map { $0.loss ?? .nan } == history.loss)
        #expect(ends.map { $0.accuracy ?? .nan } == history.accuracy)
        #expect(ends.map(\.history.loss) == (1...5).map { Array(history.loss.prefix($0)) })
        #expect(asked == 10)
        #expect(history.steps == 10)
        #expect(!history.interrupted)
        #expect(history.completedEpochs == 5)
        #expect(history.progressDescription == "finished 5 of 5 epochs (10 steps)")
        #expect(history.options.loss == .crossEntropy)
        #expect(history.options.batchSize == 2)
    }

    @Test func progressOfAnInterruptedRunEndsWithItsLastFinishedStep() throws {
        var net = try xorNetwork(hidden: 3, seed: 10)
        var reports: [TrainingProgress] = []
        var asked = 0
        let history = try net.train(
            on: xor, options: TrainingOptions(epochs: 3, learningRate: 0.5, batchSize: 1),
            shouldStop: {
                asked += 1
                return asked == 6
            },
            progress: { reports.append($0) })
        #expect(history.interrupted)
        #expect(reports.map(\.history.steps) == Array(0...5))
        #expect(reports.last?.epoch == 1)
        #expect(reports.last?.fraction == 5.0 / 12.0)
        #expect(TrainingProgress(history: history).history.steps == 5)
    }

    @Test func zeroEpochsChangeNothing() throws {
        let start = try xorNetwork(hidden: 3, seed: 11)
        var net = start
        var asked = 0
        let history = try net.train(
            on: xor, options: TrainingOptions(epochs: 0, learningRate: 0.5),
            shouldStop: {
                asked += 1
                return false
            })
        #expect(asked == 0)
        #expect(history.loss.isEmpty && history.steps == 0 && !history.interrupted)
        #expect(history.progressDescription == "finished 0 of 0 epochs (0 steps)")
        #expect(try parameterBits(net) == parameterBits(start))
    }

    @Test func defaultOptionsAreTheLanguagesDefaults() {
        let options = TrainingOptions(epochs: 3, learningRate: 0.1)
        #expect(options.batchSize == 32)
        #expect(options.loss == .squaredError)
        #expect(options.optimizer == .sgd)
        #expect(options.l2 == 0)
        #expect(options.shuffle)
        #expect(options.seed == 0)
    }
}
