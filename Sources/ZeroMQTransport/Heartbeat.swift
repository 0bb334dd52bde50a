import CZeroMQ
import JupyterKernel

/// The heartbeat channel: a ROUTER that echoes every message to its sender, as ipykernel does.
///
/// `zmq_proxy` with the socket as both ends reads `[identity, ping]` and writes it straight back,
/// so a REQ (jupyter_client's heartbeat) or DEALER gets its message back, all inside libzmq, on a
/// thread no cell or receiver callback can hold up.
final class Heartbeat: Sendable {
    /// Owned by the creating thread until `run` starts, then by the heartbeat thread.
    let socket: SocketHandle

    /// Wraps a bound heartbeat socket.
    init(socket: SocketHandle) {
        self.socket = socket
    }

    /// Echoes until the context is shut down, then closes the socket.
    func run() {
        defer { socket.close() }
        guard let raw = socket.raw else { return }
        while true {
            let status = zmq_proxy(raw, raw, nil)
            // zmq_proxy only returns on an error; ETERM is the shutdown we wait for.
            let error = status < 0 ? zmq_errno() : ETERM
            if error == EINTR { continue }
            if error != ETERM { ZeroMQCall.log("the heartbeat stopped: \(ZeroMQCall.describe(error))") }
            return
        }
    }
}
