/// What a training run recorded: the loss and accuracy after every finished epoch.
public struct History: Sendable {
    /// The settings of the run.
    public let options: TrainingOptions
    /// The number of training samples n.
    public let sampleCount: Int
    /// Steps (mini-batches) per epoch.
    public let stepsPerEpoch: Int
    /// The mean loss over each finished epoch's samples, as measured during that epoch's
    /// forward passes (before each step's update), plus the L2 penalty at the epoch's end.
    public internal(set) var loss: [Double] = []
    /// The fraction of each finished epoch's samples classified right during the epoch.
    public internal(set) var accuracy: [Double] = []
    /// The number of steps taken, including those of an unfinished last epoch.
    public internal(set) var steps = 0
    /// Whether the run stopped early because it was interrupted.
    public internal(set) var interrupted = false

    /// The number of finished epochs.
    public var completedEpochs: Int { loss.count }

    /// A sentence saying how far an interrupted run got, for the user.
    public var progressDescription: String {
        let epochs = options.epochs
        let inEpoch = steps - completedEpochs * stepsPerEpoch
        var text = "finished \(completedEpochs) of \(epochs) epoch\(epochs == 1 ? "" : "s")"
        if inEpoch > 0 { text += " and \(inEpoch) of \(stepsPerEpoch) steps of epoch \(completedEpochs + 1)" }
        return text + " (\(steps) step\(steps == 1 ? "" : "s"))"
    }
}

/// The state of a training run after an epoch, for progress displays.
public struct TrainingProgress: Sendable {
    /// Epochs finished so far.
    public let epoch: Int
    /// Epochs asked for.
    public let epochs: Int
    /// The last epoch's loss.
    public let loss: Double
    /// The last epoch's accuracy.
    public let accuracy: Double
}
