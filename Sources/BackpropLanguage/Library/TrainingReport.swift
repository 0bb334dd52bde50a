import NeuralNet

/// How a `net.train` call is going: what a host shows as live progress.
///
/// A host gets one ``Phase/started`` report before the first step, ``Phase/running`` reports
/// at most every ``TrainingReporter/interval`` seconds while the run goes on, and one
/// ``Phase/finished`` or ``Phase/stopped`` report at the end.
public struct TrainingReport: Sendable {
    /// Where the run is.
    public enum Phase: Sendable, Equatable {
        /// No step taken yet.
        case started
        /// Steps taken, more to come.
        case running
        /// Every epoch done.
        case finished
        /// Interrupted (or out of step budget): the weights are those of the last finished step.
        case stopped
    }

    /// Where the run is.
    public let phase: Phase
    /// The run so far: its history, epochs and steps.
    public let progress: TrainingProgress
    /// Seconds since the call started.
    public let elapsed: Double

    /// A report; `elapsed` is in seconds.
    public init(phase: Phase, progress: TrainingProgress, elapsed: Double) {
        self.phase = phase
        self.progress = progress
        self.elapsed = elapsed
    }

    /// Seconds the rest of the run should take at the pace so far; nil once it ended, before
    /// its first step, and while the estimate would rest on less than 1% of the run.
    public var remaining: Double? {
        let fraction = progress.fraction
        guard phase == .running, fraction >= 0.01, fraction < 1 else { return nil }
        return elapsed * (1 - fraction) / fraction
    }
}
