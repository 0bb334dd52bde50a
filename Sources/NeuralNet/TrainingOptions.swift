/// The settings of a training run, with the language's defaults.
public struct TrainingOptions: Sendable, Equatable {
    /// How many passes over the data.
    public var epochs: Int
    /// η.
    public var learningRate: Double
    /// Samples per step; the last batch of an epoch may be smaller, and a batch size above the
    /// data's count means full-batch steps.
    public var batchSize: Int
    /// The cost function.
    public var loss: Loss
    /// The update rule.
    public var optimizer: Optimizer
    /// λ of the L2 penalty (λ / 2n) Σ w² over the weights (not the biases), n the data's count.
    public var l2: Double
    /// Whether to visit the samples in a new random order every epoch.
    public var shuffle: Bool
    /// The seed of the shuffling order.
    public var seed: UInt64

    /// The most epochs a run may ask for.
    public static let maximumEpochs = 100_000_000

    /// Settings with the language's defaults for everything but epochs and the learning rate.
    public init(
        epochs: Int, learningRate: Double, batchSize: Int = 32, loss: Loss = .squaredError,
        optimizer: Optimizer = .sgd, l2: Double = 0, shuffle: Bool = true, seed: UInt64 = 0
    ) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.loss = loss
        self.optimizer = optimizer
        self.l2 = l2
        self.shuffle = shuffle
        self.seed = seed
    }

    /// Checks every setting; the message names the bad one and what it may be.
    public func validate() throws {
        guard epochs >= 0, epochs <= TrainingOptions.maximumEpochs else {
            throw MathError(.value, "epochs must be between 0 and \(TrainingOptions.maximumEpochs), got \(epochs)")
        }
        try Network.checkLearningRate(learningRate)
        guard batchSize >= 1 else {
            throw MathError(.value, "batchSize must be at least 1, got \(batchSize)")
        }
        guard l2.isFinite, l2 >= 0 else {
            throw MathError(.value, "l2 must be a finite number ≥ 0, got \(l2)")
        }
        try optimizer.validate()
    }
}
