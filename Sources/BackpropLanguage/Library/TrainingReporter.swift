import NeuralNet

/// Turns the trainer's per-step callbacks into the host's progress reports, at most one
/// ``TrainingReport/Phase/running`` report per ``interval``, so a fast run is not slowed down
/// and a frontend gets no more than about eight updates a second.
final class TrainingReporter {
    /// The least time between two reports while the run goes on, in seconds.
    static let interval = 0.125
    /// After a report, the run goes on for at least this many times as long as showing it
    /// took: drawing the chart of a long run (many epochs) must not starve the training.
    static let trainingShare = 4.0

    private let host: InterpreterHost
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    /// When the last report was done, and how long to train before the next.
    private var lastReport: ContinuousClock.Instant
    private var pause = TrainingReporter.interval

    init(host: InterpreterHost) {
        self.host = host
        start = clock.now
        lastReport = start
    }

    /// The trainer's callback: the first report (no step yet) at once, later ones when the
    /// pause since the last is over.
    func step(_ progress: TrainingProgress) {
        if progress.history.steps == 0 {
            report(.started, progress, at: start)
            return
        }
        let now = clock.now
        guard Self.seconds(lastReport.duration(to: now)) >= pause else { return }
        report(.running, progress, at: now)
    }

    private func report(_ phase: TrainingReport.Phase, _ progress: TrainingProgress, at now: ContinuousClock.Instant) {
        host.trainingProgress(TrainingReport(phase: phase, progress: progress, elapsed: Self.seconds(start.duration(to: now))))
        lastReport = clock.now
        pause = Swift.max(Self.interval, Self.trainingShare * Self.seconds(now.duration(to: lastReport)))
    }

    /// The last report, with the run's final history.
    func end(_ history: History) {
        let elapsed = Self.seconds(start.duration(to: clock.now))
        host.trainingProgress(TrainingReport(phase: history.interrupted ? .stopped : .finished, progress: TrainingProgress(history: history), elapsed: elapsed))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
