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

/// A training run as it stands after a step, for progress displays.
///
/// The trainer hands one to its `progress` callback before the first step and after every
/// step. Read it during the call and let it go: holding on to it makes the run copy its
/// history at the next epoch.
public struct TrainingProgress: Sendable {
    /// The run so far: its options, the loss and accuracy of every finished epoch, the steps
    /// taken.
    public let history: History

    /// Wraps a history, finished or not.
    public init(history: History) {
        self.history = history
    }

    /// Epochs finished so far.
    public var epoch: Int { history.completedEpochs }
    /// Epochs asked for.
    public var epochs: Int { history.options.epochs }
    /// Steps the whole run takes: epochs × steps per epoch.
    public var totalSteps: Int { epochs.multipliedReportingOverflow(by: history.stepsPerEpoch).partialValue }
    /// The share of the run's steps taken, 0…1 (1 for a run of no steps).
    public var fraction: Double {
        totalSteps <= 0 ? 1 : Swift.min(1, Double(history.steps) / Double(totalSteps))
    }
    /// The last finished epoch's loss, nil before the first epoch ends.
    public var loss: Double? { history.loss.last }
    /// The last finished epoch's accuracy, nil before the first epoch ends.
    public var accuracy: Double? { history.accuracy.last }
}
