import CZeroMQ
import JupyterKernel

/// A client-side ZeroMQ socket for tests and tools: talk to a kernel the way a frontend does.
///
/// Use it from one thread at a time (libzmq sockets are not thread-safe). All sockets share one
/// process-wide context that is never terminated, so closing is optional and never hangs.
public final class ZeroMQSocket {
    /// The libzmq socket types a client (or a test's fake peer) needs.
    public enum Kind: Sendable, CaseIterable {
        /// Asynchronous requests, as jupyter_client's shell, control and stdin sockets.
        case dealer
        /// Strict request/reply, as jupyter_client's heartbeat.
        case req
        /// Replies to a REQ.
        case rep
        /// Routes by peer identity, as a kernel's shell.
        case router
        /// Publishes to subscribers.
        case pub
        /// Receives what a PUB or XPUB publishes, as a frontend's iopub.
        case sub
        /// A PUB that also hands up subscriptions, as a kernel's iopub.
        case xpub
        /// One-to-one.
        case pair

        var zmqType: Int32 {
            switch self {
            case .dealer: ZMQ_DEALER
            case .req: ZMQ_REQ
            case .rep: ZMQ_REP
            case .router: ZMQ_ROUTER
            case .pub: ZMQ_PUB
            case .sub: ZMQ_SUB
            case .xpub: ZMQ_XPUB
            case .pair: ZMQ_PAIR
            }
        }
    }

    /// The socket's type.
    public let kind: Kind
    private let socket: SocketHandle

    /// Creates a socket; by default it keeps trying to deliver for 1 s after `close`.
    ///
    /// - Throws: ``KernelError`` if libzmq cannot create it.
    public init(kind: Kind, lingerMilliseconds: Int = 1000) throws {
        guard let context = ZeroMQContext.clients else { throw KernelError("cannot create a ZeroMQ context") }
        self.kind = kind
        socket = try SocketHandle(context: context.raw, type: kind.zmqType, name: "\(kind)")
        try socket.setOption(ZMQ_LINGER, Int32(clamping: lingerMilliseconds))
    }

    deinit { socket.close() }

    /// Connects to an endpoint such as `tcp://127.0.0.1:5555` (libzmq finishes in the background
    /// and reconnects by itself).
    public func connect(_ endpoint: String) throws {
        try socket.connect(endpoint)
    }

    /// Binds to an endpoint; `tcp://127.0.0.1:*` lets the system choose a port.
    ///
    /// - Returns: The endpoint actually bound, with the chosen port.
    @discardableResult
    public func bind(_ endpoint: String) throws -> String {
        try socket.bind(endpoint)
        return socket.lastEndpoint() ?? endpoint
    }

    /// The identity a ROUTER peer sees; set it before `connect`.
    public func setIdentity(_ identity: [UInt8]) throws {
        try socket.setOption(ZMQ_ROUTING_ID, bytes: identity)
    }

    /// Lets the socket use IPv6 addresses; set it before `connect` or `bind`.
    public func setIPv6(_ enabled: Bool) throws {
        try socket.setOption(ZMQ_IPV6, Int32(enabled ? 1 : 0))
    }

    /// Sets both high-water marks (messages queued per peer before dropping or blocking; 0: no limit).
    public func setHighWaterMark(_ messages: Int) throws {
        try socket.setOption(ZMQ_SNDHWM, Int32(clamping: messages))
        try socket.setOption(ZMQ_RCVHWM, Int32(clamping: messages))
    }

    /// Subscribes a SUB socket to messages whose first frame starts with `topic` (empty: all).
    public func subscribe(_ topic: [UInt8] = []) throws {
        try socket.setOption(ZMQ_SUBSCRIBE, bytes: topic)
    }

    /// Ends a subscription made with `subscribe`.
    public func unsubscribe(_ topic: [UInt8] = []) throws {
        try socket.setOption(ZMQ_UNSUBSCRIBE, bytes: topic)
    }

    /// Sends a multipart message, waiting if the socket cannot take it yet (a REQ before its reply,
    /// a DEALER with no peer).
    ///
    /// - Throws: ``KernelError`` with libzmq's reason.
    public func send(_ frames: [[UInt8]]) throws {
        let error = socket.send(frames, flags: 0)
        if error != 0 { throw ZeroMQCall.failure("cannot send on the \(kind) socket", code: error) }
    }

    /// Sends a multipart message of UTF-8 strings.
    public func send(strings: [String]) throws {
        try send(strings.map { Array($0.utf8) })
    }

    /// Receives one whole multipart message, waiting up to `timeoutMilliseconds` (-1: forever).
    ///
    /// - Returns: The frames, or nil if nothing arrived in time.
    /// - Throws: ``KernelError`` with libzmq's reason.
    public func receive(timeoutMilliseconds: Int) throws -> [[UInt8]]? {
        guard try socket.waitReadable(milliseconds: timeoutMilliseconds).get() else { return nil }
        switch socket.receive(flags: ZMQ_DONTWAIT) {
        case .message(let frames): return frames
        case .nothing: return nil
        case .dropped: return nil
        case .terminated: throw ZeroMQCall.failure("cannot receive on the \(kind) socket", code: ETERM)
        case .failed(let error): throw ZeroMQCall.failure("cannot receive on the \(kind) socket", code: error)
        }
    }

    /// Closes the socket now instead of when it is released (pending messages still get the linger time).
    public func close() {
        socket.close()
    }
}
