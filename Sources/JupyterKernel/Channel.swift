/// The five sockets of a Jupyter kernel (messaging spec, "General Message Format" and "Heartbeat").
public enum Channel: String, Sendable, CaseIterable {
    /// Requests from frontends: execute, complete, inspect, history, kernel_info, comm_*.
    case shell
    /// Like shell, but never queued behind a running cell: interrupt, shutdown, kernel_info, debug.
    case control
    /// The kernel asks the frontend for input (`input_request`) and gets `input_reply`.
    case stdin
    /// Broadcast: status, streams, displays, results, errors.
    case iopub
    /// Echoes each message back, so frontends know the kernel is alive.
    case heartbeat
}
