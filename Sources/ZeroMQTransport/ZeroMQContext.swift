import CZeroMQ
import JupyterKernel

/// A libzmq context: its I/O thread and the sockets made in it.
///
/// libzmq contexts, unlike sockets, are thread-safe, hence `@unchecked Sendable`.
final class ZeroMQContext: @unchecked Sendable {
    /// The context.
    let raw: UnsafeMutableRawPointer

    /// The context client sockets share: created on first use and never terminated, so a test's
    /// sockets need no teardown order.
    static let clients: ZeroMQContext? = try? ZeroMQContext()

    /// Creates a context with one I/O thread (plenty for a kernel's five sockets).
    init() throws {
        guard let context = zmq_ctx_new() else { throw ZeroMQCall.failure("cannot create a ZeroMQ context") }
        raw = context
    }

    /// Makes every blocking call on the context's open sockets (and every later one but
    /// `zmq_close`) fail with ETERM; how a loop blocked in `zmq_proxy` is ended.
    func shutdown() {
        _ = zmq_ctx_shutdown(raw)
    }

    /// Waits until every socket is closed and its linger time spent, then frees the context.
    ///
    /// Call once, after every socket of the context is closed or about to be.
    func terminate() {
        _ = ZeroMQCall.retryingInterrupts { zmq_ctx_term(raw) }
    }
}
