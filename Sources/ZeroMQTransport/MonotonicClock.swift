import JupyterKernel

/// Milliseconds on a clock that wall-clock changes do not move, for timeouts.
enum MonotonicClock {
    /// Milliseconds since an arbitrary fixed point (the protocol core's monotonic clock).
    static func milliseconds() -> Int {
        Int(KernelThread.monotonicNanoseconds() / 1_000_000)
    }
}
