import CZeroMQ
import JupyterKernel
import Synchronization

/// The kernel's five Jupyter channels over ZeroMQ, each socket on its own thread.
///
/// Shell, control and stdin are ROUTERs, iopub an XPUB (so subscriptions reach the kernel), and the
/// heartbeat a ROUTER echoing inside `zmq_proxy`. Each socket is used only by its channel's
/// thread; `send` from any other thread queues the message and wakes that thread through a pipe
/// it polls next to the socket, so nothing waits on a timeout.
public final class ZeroMQServer: MessageTransport, Sendable {
    /// The connection actually bound: the given one, with the ports the system chose for any 0.
    public let connection: ConnectionInfo

    /// Largest frame a client may send; libzmq drops the connection of a peer that sends more
    /// (`ZMQ_MAXMSGSIZE`), so a hostile frame cannot exhaust memory.
    public static let maximumFrameBytes = 64 << 20
    /// Most frames in one incoming message; a longer one is received and dropped, with a log line.
    public static let maximumFrameCount = 10_000
    /// Most bytes in one incoming message, all frames together; a larger one is dropped.
    public static let maximumMessageBytes = 128 << 20

    private let context: ZeroMQContext
    private let workers: [ChannelWorker]
    private let heartbeat: Heartbeat
    private let lingerMilliseconds: Int
    private let stopGraceMilliseconds: Int
    /// Rung by `stop` and by each channel thread as it ends; `run` waits on it.
    private let doorbell: WakeUpPipe
    private let state = Mutex(Lifecycle())

    private struct Lifecycle: Sendable {
        enum Phase: Sendable { case ready, running, finished }
        var phase = Phase.ready
        /// When `stop` was first called (monotonic milliseconds).
        var stopRequestedAt: Int?
        /// Channel threads started and not yet ended.
        var runningThreads = 0
        /// `run` gave up waiting for a thread stuck in a callback: the last thread to end
        /// terminates the context.
        var abandoned = false
    }

    /// Creates a context and binds the five sockets named by `connection`.
    ///
    /// A port of 0 (tcp) lets the system choose one; ``connection`` tells which.
    ///
    /// - Parameters:
    ///   - connection: The addresses to bind.
    ///   - lingerMilliseconds: How long, after `stop`, libzmq keeps trying to deliver what was queued.
    ///   - stopGraceMilliseconds: How long `run` waits, after `stop`, for a channel thread still
    ///     inside a receiver callback before it gives up on it and returns anyway.
    /// - Throws: ``KernelError`` naming the channel, the endpoint and libzmq's reason.
    public init(connection: ConnectionInfo, lingerMilliseconds: Int = 1000, stopGraceMilliseconds: Int = 2000)
        throws
    {
        self.lingerMilliseconds = lingerMilliseconds
        self.stopGraceMilliseconds = stopGraceMilliseconds
        let context = try ZeroMQContext()
        var sockets: [SocketHandle] = []
        do {
            var bound = connection
            func open(_ channel: Channel, type: Int32) throws -> SocketHandle {
                let socket = try SocketHandle(context: context.raw, type: type, name: "\(channel)")
                sockets.append(socket)
                try ZeroMQServer.configure(
                    socket, for: channel, connection: connection, linger: lingerMilliseconds)
                let endpoint = connection.endpoint(channel)
                do {
                    try socket.bind(endpoint)
                } catch let error as KernelError {
                    throw KernelError("cannot bind the \(channel) channel: \(error.message)")
                }
                if connection.transport == "tcp" && connection.port(channel) == 0 {
                    bound.setPort(ZeroMQServer.port(of: socket.lastEndpoint()) ?? 0, of: channel)
                }
                return socket
            }
            var workers: [ChannelWorker] = []
            for channel in [Channel.shell, .control, .stdin, .iopub] {
                let socket = try open(channel, type: channel == .iopub ? ZMQ_XPUB : ZMQ_ROUTER)
                workers.append(
                    try ChannelWorker(
                        channel: channel, socket: socket, maximumFrames: ZeroMQServer.maximumFrameCount,
                        maximumBytes: ZeroMQServer.maximumMessageBytes))
            }
            heartbeat = Heartbeat(socket: try open(.heartbeat, type: ZMQ_ROUTER))
            self.workers = workers
            doorbell = try WakeUpPipe()
            self.connection = bound
        } catch {
            // Closing first: terminating a context waits for its open sockets.
            for socket in sockets { socket.close() }
            context.terminate()
            throw error
        }
        self.context = context
    }

    deinit {
        // A server that never ran still owns its sockets here; after `run` they are closed.
        let neverRan = state.withLock { $0.phase == .ready }
        guard neverRan else { return }
        for worker in workers { worker.closeUnstarted() }
        heartbeat.socket.close()
        context.terminate()
    }

    /// Serves: starts one thread per channel and returns once `stop` has ended them.
    ///
    /// Incoming messages go to `receiver` on their channel's thread; subscriptions to iopub go to
    /// `receiver.subscribed(to:)` on the iopub thread. A second call returns at once.
    public func run(receiver: any MessageReceiver) {
        let first = state.withLock { state in
            guard state.phase == .ready else { return false }
            state.phase = .running
            return true
        }
        guard first else { return }
        let heartbeatThread = NativeThread()
        if !heartbeatThread.start({ [heartbeat] in heartbeat.run() }) {
            ZeroMQCall.log("cannot start the heartbeat thread")
            heartbeat.socket.close()
            stop()
        }
        for worker in workers {
            state.withLock { $0.runningThreads += 1 }
            let thread = NativeThread()
            let started = thread.start {
                worker.run(receiver: receiver)
                self.channelThreadEnded()
            }
            if started {
                // Nothing joins a channel thread: `run` may have to leave one stuck in a callback.
                thread.detach()
            } else {
                ZeroMQCall.log("cannot start the \(worker.channel) thread")
                worker.closeUnstarted()
                stop()
                channelThreadEnded()
            }
        }
        waitForChannelThreads()
        // Everything the channels queued is with libzmq now; this ends the heartbeat's zmq_proxy.
        context.shutdown()
        heartbeatThread.join()
        let terminateHere = state.withLock { state in
            state.phase = .finished
            if state.runningThreads == 0 { return true }
            state.abandoned = true
            return false
        }
        if terminateHere {
            // Returns once libzmq has delivered what was queued, or after the linger time.
            context.terminate()
        } else {
            ZeroMQCall.log(
                "a channel thread is still in a callback \(stopGraceMilliseconds) ms after stop; leaving it")
            // Give libzmq's I/O thread the linger time to deliver what the other channels sent.
            let deadline = MonotonicClock.milliseconds() + lingerMilliseconds
            while state.withLock({ $0.runningThreads }) > 0 {
                let left = deadline - MonotonicClock.milliseconds()
                if left <= 0 { break }
                if doorbell.wait(milliseconds: left) { doorbell.drain() }
            }
        }
    }

    /// Stops serving; callable from any thread, a receiver callback included, and returns at once.
    ///
    /// Each channel thread sends what is already queued and closes its socket; libzmq keeps trying
    /// to deliver for the linger time; then the heartbeat stops, the context is terminated and
    /// `run` returns. Messages sent after this are dropped.
    public func stop() {
        let first = state.withLock { state in
            guard state.stopRequestedAt == nil else { return false }
            state.stopRequestedAt = MonotonicClock.milliseconds()
            return true
        }
        guard first else { return }
        for worker in workers { worker.requestStop() }
        doorbell.signal()
    }

    /// Queues a multipart message for a channel's socket; never blocks on the network.
    ///
    /// On shell, control and stdin the first frame is the peer's identity (ROUTER routing), on
    /// iopub the topic. Messages for the heartbeat are ignored: it only echoes.
    public func send(_ frames: [[UInt8]], on channel: Channel) {
        let index: Int
        switch channel {
        case .shell: index = 0
        case .control: index = 1
        case .stdin: index = 2
        case .iopub: index = 3
        case .heartbeat: return
        }
        workers[index].post(frames)
    }

    /// Waits until every channel thread has ended, or for the grace time after `stop`.
    ///
    /// - Returns: whether all ended.
    @discardableResult
    private func waitForChannelThreads() -> Bool {
        while true {
            let (running, stopRequestedAt) = state.withLock { ($0.runningThreads, $0.stopRequestedAt) }
            if running == 0 { return true }
            var timeout = -1
            if let stopRequestedAt {
                timeout = stopRequestedAt + stopGraceMilliseconds - MonotonicClock.milliseconds()
                if timeout <= 0 { return false }
            } else if running < workers.count {
                // A channel ended without `stop` (its socket failed): a kernel missing a channel
                // would look alive to the heartbeat, so end them all and let the caller exit.
                stop()
                continue
            }
            if doorbell.wait(milliseconds: timeout) { doorbell.drain() }
        }
    }

    private func channelThreadEnded() {
        let terminateHere = state.withLock { state in
            state.runningThreads -= 1
            return state.runningThreads == 0 && state.abandoned
        }
        doorbell.signal()
        if terminateHere { context.terminate() }
    }

    /// Sets the options a channel's socket needs before it binds.
    private static func configure(
        _ socket: SocketHandle, for channel: Channel, connection: ConnectionInfo, linger: Int
    ) throws {
        if connection.isIPv6 { try socket.setOption(ZMQ_IPV6, Int32(1)) }
        if channel == .heartbeat {
            // Nothing worth delivering after a stop; a ping is a few bytes.
            try socket.setOption(ZMQ_LINGER, Int32(0))
            try socket.setOption(ZMQ_MAXMSGSIZE, Int64(1 << 20))
            return
        }
        try socket.setOption(ZMQ_LINGER, Int32(clamping: linger))
        // No high-water mark: thousands of pipelined requests, each with several iopub messages,
        // must be queued, not dropped.
        try socket.setOption(ZMQ_SNDHWM, Int32(0))
        try socket.setOption(ZMQ_RCVHWM, Int32(0))
        try socket.setOption(ZMQ_MAXMSGSIZE, Int64(maximumFrameBytes))
        if channel == .iopub {
            // Report every subscription, repeated ones too, so each (re)connecting frontend gets
            // its iopub_welcome.
            try socket.setOption(ZMQ_XPUB_VERBOSE, Int32(1))
            // Subscriptions are applied by the iopub thread (see ChannelWorker.deliver).
            try socket.setOption(ZMQ_XPUB_MANUAL, Int32(1))
        } else {
            // jupyter_client connects shell and stdin with its session id as identity; a frontend
            // that reconnects before the old connection times out takes the identity over instead
            // of being ignored.
            try socket.setOption(ZMQ_ROUTER_HANDOVER, Int32(1))
            if channel == .stdin {
                // An input_request to a frontend whose stdin is still connecting fails instead of
                // vanishing, and ChannelWorker retries it until the frontend is there.
                try socket.setOption(ZMQ_ROUTER_MANDATORY, Int32(1))
            }
        }
    }

    /// The port at the end of a `tcp://host:port` endpoint.
    private static func port(of endpoint: String?) -> Int? {
        guard let endpoint, let colon = endpoint.lastIndex(of: ":") else { return nil }
        return Int(endpoint[endpoint.index(after: colon)...])
    }
}

extension ConnectionInfo {
    fileprivate mutating func setPort(_ port: Int, of channel: Channel) {
        switch channel {
        case .shell: shellPort = port
        case .control: controlPort = port
        case .stdin: stdinPort = port
        case .iopub: iopubPort = port
        case .heartbeat: heartbeatPort = port
        }
    }
}
